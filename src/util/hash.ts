// Hashing and random names for the hook's hot path. node:crypto drags about twenty internal
// modules (ciphers, keygen, x509, streams) into every hook process, a measurable share of its
// start-up; SHA-256 and HMAC come from @noble/hashes (audited, pure JS) instead. Key material
// still comes from the platform's CSPRNG (Web Crypto), loaded only when a key is created.
import {hmac} from '@noble/hashes/hmac.js'
import {sha256} from '@noble/hashes/sha2.js'
import {bytesToHex, utf8ToBytes} from '@noble/hashes/utils.js'

export const sha256Hex = (data: string | Uint8Array): string => bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data))

export const hmacSha256Hex = (key: Uint8Array, text: string): string => bytesToHex(hmac(sha256, key, utf8ToBytes(text)))

/** Cryptographically random bytes as hex: keys and ids others must not guess. */
export const randomHex = (bytes: number): string => bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(bytes)))

let counter = 0
/**
 * Lowercase hex, unique within this host (pid, monotonic time, a counter, a little randomness):
 * temp-file names and lock tokens, never secrets.
 */
export const uniqueHex = (): string =>
  `${process.pid.toString(16)}${process.hrtime.bigint().toString(16)}${(counter++).toString(16)}${Math.floor(Math.random() * 0xffffff)
    .toString(16)
    .padStart(6, '0')}`
