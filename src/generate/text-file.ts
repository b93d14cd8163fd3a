// Reading the user files init edits without changing a byte it does not own: the byte-order
// mark, the line endings and the encoding of everything outside codex-guard's region survive.
import {readFileSync} from 'node:fs'
import {ConfigError} from '../util/errors.js'

export type TextEncoding = 'utf8' | 'latin1'

export interface DecodedText {
  /** the whole file as a string, a UTF-8 byte-order mark included as U+FEFF */
  text: string
  /** how `text` maps back to bytes: Buffer.from(text, encoding) gives the file back unchanged */
  encoding: TextEncoding
}

export const BOM = '\uFEFF'

export interface DecodeOptions {
  /**
   * Accept a file that is not valid UTF-8 as Latin-1 (one byte, one character): editing the
   * latin1 string and writing it back as latin1 keeps every byte outside codex-guard's ASCII
   * region. Only for files read as plain bytes (.gitignore: git matches bytes; AGENTS.md: prose
   * whose bytes Codex passes on as they are). TOML and JSON must be UTF-8 (Codex rejects
   * anything else), so those files are refused instead.
   */
  latin1: boolean
  /** what to suggest when the file is refused (e.g. "or rerun with --no-agents-md") */
  alternative?: string
}

/**
 * Decodes a user file. UTF-16 (recognised by its byte-order mark) is refused rather than
 * converted: Codex and git read these files as UTF-8 bytes, so a section written into a UTF-16
 * file would never reach them, and rewriting the file as UTF-8 would change every user byte.
 * Invalid UTF-8 is never decoded with U+FFFD replacements (which would destroy the user's bytes
 * on write): it is either kept as Latin-1 (see DecodeOptions.latin1) or refused.
 */
export function decodeUserFile(bytes: Buffer, file: string, options: DecodeOptions): DecodedText {
  const fix = (what: string) => `Fix: ${what}, then rerun codex-guard init${options.alternative ? ` (${options.alternative})` : ''}.`
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const order = bytes[0] === 0xff ? 'little-endian' : 'big-endian'
    throw new ConfigError(
      `is UTF-16 (${order} byte-order mark); codex-guard edits UTF-8 files only and will not rewrite it (Codex and git read it as UTF-8 bytes). ${fix(`convert it to UTF-8 (e.g. \`iconv -f UTF-16 -t UTF-8\`)`)}`,
      file,
    )
  }
  try {
    // ignoreBOM: keep a UTF-8 byte-order mark in the text, so it is written back first.
    return {text: new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes), encoding: 'utf8'}
  } catch {
    if (options.latin1) return {text: bytes.toString('latin1'), encoding: 'latin1'}
    const line = firstInvalidLine(bytes)
    throw new ConfigError(`is not valid UTF-8 (first invalid byte on line ${line}); codex-guard will not rewrite it. ${fix('save it as UTF-8')}`, file, line)
  }
}

export function readUserFile(path: string, options: DecodeOptions): DecodedText {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    throw new ConfigError(`cannot read: ${(error as Error).message}`, path)
  }
  return decodeUserFile(bytes, path, options)
}

function firstInvalidLine(bytes: Buffer): number {
  let line = 1
  let start = 0
  const decoder = new TextDecoder('utf-8', {fatal: true})
  for (let index = 0; index <= bytes.length; index++) {
    if (index === bytes.length || bytes[index] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, index))
      } catch {
        return line
      }
      line++
      start = index + 1
    }
  }
  return 1
}

/** The line ending most lines of `text` use ("\r\n" only when CRLF lines outnumber LF-only ones). */
export function dominantEol(text: string): '\n' | '\r\n' {
  const crlf = text.split('\r\n').length - 1
  const lf = text.split('\n').length - 1 - crlf
  return crlf > lf ? '\r\n' : '\n'
}

/** Runs `edit` on the text after a UTF-8 byte-order mark and puts the mark back first. */
export function keepingBom(text: string, edit: (body: string) => string): string {
  return text.startsWith(BOM) ? BOM + edit(text.slice(BOM.length)) : edit(text)
}

/**
 * The managed section must survive the file's encoding: in a Latin-1 file only ASCII is written
 * (a non-ASCII path from the project policy would be neither the user's Latin-1 nor the UTF-8
 * name on disk), so such a section is refused rather than written wrong.
 */
export function assertSectionFits(section: string, decoded: DecodedText | undefined, file: string): void {
  if (decoded?.encoding !== 'latin1') return
  const match = /[^\x00-\x7f]/.exec(section)
  if (match) {
    throw new ConfigError(
      `is not UTF-8 (read as Latin-1 and edited as bytes), but codex-guard's section for it holds the non-ASCII character ${JSON.stringify(match[0])}, which has no single right encoding there. Fix: save the file as UTF-8, then rerun codex-guard init`,
      file,
    )
  }
}
