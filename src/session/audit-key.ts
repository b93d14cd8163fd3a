// The per-user key of the audit chain (HMAC-SHA256). It lives next to the sessions directory
// ($XDG_STATE_HOME/codex-guard/audit.key, mode 0600), outside every workspace, and the generated
// permission profile denies it to the Codex sandbox (init's exact entry for the whole state directory, detect/coverage.ts).
// Threat model: a process of the same user outside the sandbox CAN read it and forge a log; the
// key stops the sandboxed agent, and anyone who can write the log but not read the key.
import {linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {ConfigError} from '../util/errors.js'
import {readTextIfExists} from '../util/files.js'
import {hmacSha256Hex, randomHex, uniqueHex} from '../util/hash.js'

export interface AuditKey {
  key: Buffer
  /** ISO time the key was made: unkeyed events dated later are a downgrade */
  created: string
  file: string
}

export const keyFileFor = (sessionsDirectory: string) => join(dirname(sessionsDirectory), 'audit.key')

function parseKey(file: string, text: string): AuditKey {
  const match = /^codex-guard-audit-key v1 (\S+) ([0-9a-f]{64})\n?$/.exec(text)
  if (!match) throw new ConfigError('not a codex-guard audit key (damaged?); move it aside to start a new key (logs keyed with the old one then cannot be checked)', file, 1)
  return {key: Buffer.from(match[2]!, 'hex'), created: match[1]!, file}
}

/** The key, or undefined when there is none yet. A damaged key file throws. */
export function readKey(file: string): AuditKey | undefined {
  const text = readTextIfExists(file)
  return text === undefined ? undefined : parseKey(file, text)
}

/** Reads the key, creating it atomically (complete temp file linked into place) when absent. */
export function loadOrCreateKey(file: string): AuditKey {
  const existing = readKey(file)
  if (existing) return existing
  mkdirSync(dirname(file), {recursive: true, mode: 0o700})
  const temp = `${file}.new-${process.pid}-${uniqueHex()}`
  writeFileSync(temp, `codex-guard-audit-key v1 ${new Date().toISOString()} ${randomHex(32)}\n`, {mode: 0o600, flush: true})
  try {
    linkSync(temp, file)
  } catch (error) {
    // another process made it first: use theirs
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    unlinkSync(temp)
  }
  return parseKey(file, readFileSync(file, 'utf8'))
}

export const hmac = (key: Uint8Array, text: string): string => hmacSha256Hex(key, text)
