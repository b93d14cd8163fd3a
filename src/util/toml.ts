// TOML loading, format-neutral (Codex config, codex-guard.toml, any other TOML): smol-toml parses;
// this module adds file:line errors and a locator that maps dotted key paths back to source lines.
import {readFileSync} from 'node:fs'
import {parse, TomlError} from 'smol-toml'
import {ConfigError} from './errors.js'

export type TomlTable = Record<string, unknown>

export interface LoadedToml {
  file: string
  text: string
  data: TomlTable
  /** dotted key path (segments joined with "\u0000") → 1-based line */
  lines: Map<string, number>
}

export function parseTomlText(text: string, file: string): LoadedToml {
  let data: TomlTable
  try {
    data = parse(text) as TomlTable
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0] ?? error.message
      const opened = openedAt(text, error.line)
      throw new ConfigError(`invalid TOML: ${reason}`, file, opened ?? error.line, opened ? undefined : error.column)
    }
    throw error
  }
  return {file, text, data, lines: locateKeys(text)}
}

/**
 * smol-toml reports an unterminated array, inline table or multi-line string where the file
 * ends; point at the line where it was opened instead.
 */
function openedAt(text: string, errorLine: number): number | undefined {
  const rows = text.split('\n')
  const lastContent = rows.reduce((last, row, index) => (row.trim() ? index + 1 : last), 0)
  if (errorLine <= lastContent) return undefined
  let depth = 0
  let opened: number | undefined
  let inMultiline: string | undefined
  for (const [index, row] of rows.entries()) {
    if (inMultiline) {
      if (row.includes(inMultiline)) inMultiline = undefined
      continue
    }
    const triple = /"""|'''/.exec(row)
    if (triple && row.split(triple[0]).length === 2) {
      inMultiline = triple[0]
      opened = index + 1
      continue
    }
    for (const char of stripStrings(row)) {
      if (char === '[' || char === '{') {
        if (depth === 0) opened = index + 1
        depth++
      } else if (char === ']' || char === '}') depth = Math.max(0, depth - 1)
    }
  }
  return depth > 0 || inMultiline ? opened : undefined
}

export function readToml(file: string): LoadedToml {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ConfigError(`cannot read: ${(error as Error).message}`, file)
  }
  return parseTomlText(text, file)
}

const keyPath = (...segments: string[]): string => segments.join('\u0000')

/** Line of a key (or table header) path, falling back to the closest enclosing table. */
export function lineOf(doc: LoadedToml, ...segments: string[]): number | undefined {
  for (let length = segments.length; length > 0; length--) {
    const line = doc.lines.get(keyPath(...segments.slice(0, length)))
    if (line !== undefined) return line
  }
  return undefined
}

/** Splits a TOML key such as `permissions."codex-guard".filesystem` into its segments. */
function splitDottedKey(raw: string): string[] {
  const segments: string[] = []
  let index = 0
  const text = raw.trim()
  while (index < text.length) {
    while (text[index] === ' ' || text[index] === '\t') index++
    const quote = text[index]
    if (quote === '"' || quote === "'") {
      let value = ''
      index++
      while (index < text.length && text[index] !== quote) {
        if (quote === '"' && text[index] === '\\' && index + 1 < text.length) {
          const next = text[index + 1]!
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next
          index += 2
          continue
        }
        value += text[index]
        index++
      }
      index++
      segments.push(value)
    } else {
      let value = ''
      while (index < text.length && text[index] !== '.' && text[index] !== ' ' && text[index] !== '\t') {
        value += text[index]
        index++
      }
      segments.push(value)
    }
    while (text[index] === ' ' || text[index] === '\t') index++
    if (text[index] === '.') index++
  }
  return segments
}

const HEADER = /^\s*(\[\[?)\s*((?:[^\]"']|"(?:[^"\\]|\\.)*"|'[^']*')+?)\s*\]\]?\s*(?:#.*)?$/
const ASSIGNMENT = /^\s*((?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'))*)\s*=/

/**
 * Maps key paths to lines. A line scanner is enough here: it follows table headers and
 * key assignments, and skips the insides of multi-line strings and arrays.
 */
export interface TableHeader {
  /** 0-based line index */
  index: number
  segments: string[]
  array: boolean
}

/** Table headers, skipping lines inside multi-line strings and arrays (which may start with "["). */
export function tableHeaders(text: string): TableHeader[] {
  const headers: TableHeader[] = []
  locateKeys(text, headers)
  return headers
}

function locateKeys(text: string, headers?: TableHeader[]): Map<string, number> {
  const lines = new Map<string, number>()
  let table: string[] = []
  const arrayCounts = new Map<string, number>()
  let inMultiline: string | undefined
  let bracketDepth = 0
  const rows = text.split('\n')
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!
    if (inMultiline) {
      if (row.includes(inMultiline)) inMultiline = undefined
      continue
    }
    if (bracketDepth > 0) {
      bracketDepth += countBrackets(row)
      continue
    }
    const header = HEADER.exec(row)
    if (header && !ASSIGNMENT.test(row)) {
      table = splitDottedKey(header[2]!)
      headers?.push({index, segments: table, array: header[1] === '[['})
      for (let length = 1; length < table.length; length++) {
        const parent = keyPath(...table.slice(0, length))
        if (!lines.has(parent)) lines.set(parent, index + 1)
      }
      const key = keyPath(...table)
      if (header[1] === '[[') {
        const count = arrayCounts.get(key) ?? 0
        arrayCounts.set(key, count + 1)
        table = [...table, String(count)]
      }
      if (!lines.has(keyPath(...table))) lines.set(keyPath(...table), index + 1)
      continue
    }
    const assignment = ASSIGNMENT.exec(row)
    if (!assignment) continue
    const segments = [...table, ...splitDottedKey(assignment[1]!)]
    for (let length = table.length + 1; length <= segments.length; length++) {
      const key = keyPath(...segments.slice(0, length))
      if (!lines.has(key)) lines.set(key, index + 1)
    }
    const value = row.slice(assignment[0].length)
    const triple = /"""|'''/.exec(value)
    if (triple && value.split(triple[0]).length === 2) inMultiline = triple[0]
    else bracketDepth = Math.max(0, countBrackets(stripStrings(value)))
  }
  return lines
}

function stripStrings(value: string): string {
  return value.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""').replace(/#.*$/, '')
}

function countBrackets(row: string): number {
  const clean = stripStrings(row)
  let depth = 0
  for (const char of clean) {
    if (char === '[' || char === '{') depth++
    else if (char === ']' || char === '}') depth--
  }
  return depth
}

export function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/** TOML key in canonical form: bare when possible, else a basic string. */
export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key)
}

export function tomlString(value: string): string {
  return JSON.stringify(value)
}
