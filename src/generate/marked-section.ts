// A delimited section inside a user file (AGENTS.md, .gitignore): re-running replaces only
// the text between the markers; everything else stays byte for byte (a UTF-8 byte-order mark
// stays first, and the section is written with the file's dominant line ending).
//
// Markers are whole lines. A damaged pair (a start without its end, an end without its start,
// duplicated markers, a line that merely starts like a marker) is an error naming the file and
// line: guessing where the section ends is how user text gets deleted.
import {ConfigError} from '../util/errors.js'
import {dominantEol, keepingBom} from './text-file.js'

export interface Markers {
  start: string
  end: string
  /** a line starting with one of these that is not exactly a marker is reported as damaged */
  lookalikes: string[]
}

interface Found {
  /** offset of the start marker line */
  from: number
  /** offset just past the end marker line (its line ending included) */
  to: number
}

export function upsertSection(existing: string | undefined, body: string, markers: Markers, file: string): string {
  return keepingBom(existing ?? '', (text) => {
    const eol = dominantEol(text)
    const section = [markers.start, ...body.replace(/\n+$/, '').split('\n'), markers.end].join(eol) + eol
    if (text === '') return section
    const found = findSection(text, markers, file)
    if (found) return text.slice(0, found.from) + section + text.slice(found.to)
    const separator = text.endsWith(`${eol}${eol}`) || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? eol : eol + eol
    return text + separator + section
  })
}

/** Where the section is, undefined when the file has none; throws on damaged markers. */
export function findSection(text: string, markers: Markers, file: string): Found | undefined {
  const starts: {line: number; from: number}[] = []
  const ends: {line: number; to: number}[] = []
  const damaged = (line: number, message: string, fix: string) => new ConfigError(`${message}. codex-guard stopped without writing anything. Fix: ${fix}, then rerun codex-guard init.`, file, line)
  let offset = 0
  const rows = text.split('\n')
  for (const [index, row] of rows.entries()) {
    const next = offset + row.length + (index < rows.length - 1 ? 1 : 0)
    const line = row.replace(/\r$/, '').trimEnd()
    if (line === markers.start) starts.push({line: index + 1, from: offset})
    else if (line === markers.end) ends.push({line: index + 1, to: next})
    else if (markers.lookalikes.some((prefix) => line.trimStart().startsWith(prefix))) {
      throw damaged(
        index + 1,
        `line ${index + 1} starts like a codex-guard marker but is not one (${JSON.stringify(line.slice(0, 60))})`,
        `reword that line so it does not start with "${markers.lookalikes.find((prefix) => line.trimStart().startsWith(prefix))}", or restore the exact marker line "${line.includes('>>>') || line.includes(':start') ? markers.start : markers.end}"`,
      )
    }
    offset = next
  }
  if (starts.length > 1 || ends.length > 1) {
    const [what, list] = starts.length > 1 ? ['start', starts] : ['end', ends]
    throw damaged(
      list[1]!.line,
      `the codex-guard ${what} marker appears ${list.length} times (lines ${list.map((entry) => entry.line).join(', ')})`,
      'keep one start/end marker pair and delete the other marker lines (the text between the kept pair is regenerated)',
    )
  }
  const start = starts[0]
  const end = ends[0]
  if (start && !end) {
    throw damaged(
      start.line,
      `the codex-guard start marker on line ${start.line} has no end marker ("${markers.end}"), so codex-guard cannot tell where its section ends`,
      `put the line "${markers.end}" back after the last line of the codex-guard section, or delete the section including its start marker`,
    )
  }
  if (end && !start) {
    throw damaged(
      end.line,
      `the codex-guard end marker on line ${end.line} has no start marker ("${markers.start}") before it`,
      `put the line "${markers.start}" back before the first line of the codex-guard section, or delete the section including its end marker`,
    )
  }
  if (!start || !end) return undefined
  if (end.to <= start.from) {
    throw damaged(
      end.line,
      `the codex-guard end marker on line ${end.line} comes before the start marker on line ${start.line}`,
      'move the end marker after the section, or delete both markers and the section between them',
    )
  }
  return {from: start.from, to: end.to}
}
