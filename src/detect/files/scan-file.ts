// scanFile: one file from disk through the text rules (and its name through the name rules).
// Binary files are skipped (NUL in the first 8000 bytes, like git), UTF-16 with a BOM is decoded,
// invalid UTF-8 is decoded with U+FFFD and noted, files over 16 MiB are scanned in 8 MiB chunks
// (bounded memory; comment context is approximate at chunk edges), files over maxBytes are
// skipped with an info finding. Never throws for a bad file: the reason is reported instead.
import {isAscii, isUtf8} from 'node:buffer'
import {closeSync, fstatSync, openSync, readSync} from 'node:fs'
import type {FindingInput} from '../../report/finding.js'
import {scanFileName} from '../names.js'
import {SCAN_NOTE_META} from '../registry.js'
import {analyzeText, anchorsOfBytes, anyRuleMayMatch} from '../text/scan.js'

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024
export const CHUNKED_ABOVE = 16 * 1024 * 1024
const CHUNK = 8 * 1024 * 1024
const OVERLAP = 64 * 1024
const HEAD = 64 * 1024

export interface FileScanOptions {
  /** path shown in findings (default: the path as given) */
  display?: string
  maxBytes?: number
  /** also run the file-name rules (default true) */
  name?: boolean
}

export interface FileScanResult {
  findings: FindingInput[]
  suppressed: FindingInput[]
  /** why the file was not (fully) scanned, or how it was decoded */
  notes: string[]
  bytes: number
  skipped?: 'binary' | 'too-large' | 'unreadable' | 'not-a-file'
}

let scratch = Buffer.allocUnsafe(HEAD)

/** The scratch buffer, at least `size` bytes; the first `keep` bytes survive a resize. */
function ensure(size: number, keep = 0): Buffer {
  if (scratch.length < size) {
    const bigger = Buffer.allocUnsafe(Math.max(size, scratch.length * 2))
    if (keep > 0) scratch.copy(bigger, 0, 0, keep)
    scratch = bigger
  }
  return scratch
}

function readInto(fd: number, buffer: Buffer, offset: number, length: number, position: number): number {
  let done = 0
  while (done < length) {
    const read = readSync(fd, buffer, offset + done, length - done, position + done)
    if (read <= 0) break
    done += read
  }
  return done
}

/** Decodes a buffer as text: ASCII fast path, UTF-8, UTF-16 with BOM; notes invalid UTF-8. */
export function decodeText(buffer: Buffer, notes: string[], display: string): string {
  if (buffer.length >= 2 && ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))) {
    notes.push(`${display}: UTF-16 text, decoded`)
    if (buffer[0] === 0xff) return buffer.subarray(2).toString('utf16le')
    const swapped = Buffer.from(buffer.subarray(2))
    swapped.swap16()
    return swapped.toString('utf16le')
  }
  if (isAscii(buffer)) return buffer.toString('latin1')
  if (!isUtf8(buffer)) notes.push(`${display}: not valid UTF-8; decoded with U+FFFD replacement characters`)
  return buffer.toString('utf8')
}

export const looksBinary = (head: Buffer) => {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return false
  return head.subarray(0, 8000).includes(0)
}

const skippedFinding = (display: string, message: string): FindingInput => ({
  ruleId: SCAN_NOTE_META.id,
  severity: 'info',
  message,
  file: display,
  remediation: SCAN_NOTE_META.remediation,
  fingerprintSeed: message,
})

/** Scans one file's contents (and, unless name: false, its name). */
export function scanFile(path: string, options: FileScanOptions = {}): FileScanResult {
  const display = options.display ?? path
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const result: FileScanResult = {findings: options.name === false ? [] : scanFileName(display), suppressed: [], notes: [], bytes: 0}
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    result.skipped = 'unreadable'
    result.findings.push(skippedFinding(display, `could not be read (${reason})`))
    return result
  }
  try {
    // one read into the scratch buffer covers most files; stat only when it comes back full
    let buffer = ensure(HEAD)
    // a regular file returns everything asked for unless it ends first
    let total = readSync(fd, buffer, 0, buffer.length, 0)
    let size = total
    if (total === buffer.length) {
      const stat = fstatSync(fd)
      if (!stat.isFile()) {
        result.skipped = 'not-a-file'
        return result
      }
      size = stat.size
    }
    result.bytes = size
    if (size > maxBytes) {
      result.skipped = 'too-large'
      result.findings.push(skippedFinding(display, `not scanned: ${size} bytes is over the --max-size limit of ${maxBytes}`))
      return result
    }
    if (looksBinary(buffer.subarray(0, Math.min(total, 8000)))) {
      result.skipped = 'binary'
      return result
    }
    if (size <= CHUNKED_ABOVE) {
      if (size > total) {
        buffer = ensure(size, total)
        total += readInto(fd, buffer, total, size - total, total)
      }
      const bytes = buffer.subarray(0, total)
      // fast path: no anchor of any phrase rule and nothing but ASCII: nothing can match, skip decoding
      const utf16 = total >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
      const anchors = utf16 ? undefined : anchorsOfBytes(bytes, {path: display})
      if (anchors) anchors.ascii = isAscii(bytes)
      if (anchors !== undefined && !anyRuleMayMatch(anchors, {path: display}, anchors.ascii === true, '')) return result
      const text = decodeText(bytes, result.notes, display)
      const scanned = analyzeText(text, {path: display}, anchors)
      result.findings.push(...scanned.findings)
      result.suppressed.push(...scanned.suppressed)
      if (scanned.notes) result.notes.push(...scanned.notes)
      return result
    }
    scanChunked(fd, size, display, result)
    return result
  } catch (error) {
    result.skipped = 'unreadable'
    result.findings.push(skippedFinding(display, `could not be scanned (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`))
    return result
  } finally {
    closeSync(fd)
  }
}

function scanChunked(fd: number, size: number, display: string, result: FileScanResult): void {
  result.notes.push(`${display}: ${size} bytes, scanned in ${Math.ceil(size / CHUNK)} chunks of ${CHUNK} bytes (comment context approximate at chunk edges)`)
  const buffer = ensure(CHUNK + 4)
  let position = 0
  let tail = ''
  let linesBefore = 0
  let invalid = false
  while (position < size) {
    let length = readInto(fd, buffer, 0, Math.min(CHUNK, size - position), position)
    if (length <= 0) break
    // end on a UTF-8 character boundary so no character is split across chunks
    if (position + length < size) length = utf8Boundary(buffer, length)
    const bytes = buffer.subarray(0, length)
    const notes: string[] = []
    const current = decodeText(bytes, notes, display)
    if (notes.some((note) => note.includes('UTF-8'))) invalid = true
    const text = tail + current
    const scanned = analyzeText(text, {path: display, lineOffset: linesBefore, window: {from: tail.length, to: text.length}})
    result.findings.push(...scanned.findings)
    result.suppressed.push(...scanned.suppressed)
    if (scanned.notes) result.notes.push(...scanned.notes)
    const nextTail = text.length > OVERLAP ? text.slice(-OVERLAP) : text
    const consumed = text.slice(0, text.length - nextTail.length)
    for (let i = consumed.indexOf('\n'); i >= 0; i = consumed.indexOf('\n', i + 1)) linesBefore++
    tail = nextTail
    position += length
  }
  if (invalid) result.notes.push(`${display}: not valid UTF-8; decoded with U+FFFD replacement characters`)
}

/** The largest length ≤ `length` that does not cut a UTF-8 sequence in two. */
export function utf8Boundary(buffer: Buffer, length: number): number {
  let lead = length - 1
  while (lead > length - 4 && lead > 0 && (buffer[lead]! & 0xc0) === 0x80) lead--
  const byte = buffer[lead]!
  const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
  return lead + needed > length ? lead : length
}
