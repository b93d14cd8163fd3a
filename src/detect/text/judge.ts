// Helpers shared by the text rules: severity by region and file, sentence windows, evidence.
import type {Severity} from '../../report/finding.js'
import {redactText} from '../../report/redact.js'
import {regionAdjusted, shift} from '../context.js'
import type {Region, TextView} from '../types.js'
import {escapeVisible} from './chars.js'

export interface Judgement {
  severity: Severity
  /** " (in a code comment)" etc., appended to the message */
  note: string
  region: Region
}

/**
 * Severity of agent-directed phrasing at an offset: raised in hidden markup and comments,
 * lowered in shown code samples and in code itself, raised in agent instruction files (which
 * every session loads). Returns undefined where the rule does not apply (`skip` regions).
 */
export function judgePhrase(view: TextView, index: number, base: Severity, skip: Region[] = []): Judgement | undefined {
  const region = view.regionAt(index)
  if (skip.includes(region)) return undefined
  const notes: string[] = []
  let severity = base
  if (region === 'code') {
    severity = shift(severity, -1)
    notes.push('in code')
  } else {
    const adjusted = regionAdjusted(severity, region)
    severity = adjusted.severity
    if (adjusted.why) notes.push(adjusted.why)
  }
  if (view.agentFile && region !== 'codeblock') {
    severity = shift(severity, 1)
    notes.push('in an agent instruction file')
  }
  return {severity, note: notes.length > 0 ? ` (${notes.join(', ')})` : '', region}
}

const SENTENCE_END = /[.!?](?=\s|$)|\n\s*\n|\n[-*#>|]/g

/** The sentence (or line group) around an offset, bounded to `max` characters each side. */
export function sentenceAround(text: string, index: number, max = 300): {start: number; text: string} {
  const from = Math.max(0, index - max)
  let start = from
  SENTENCE_END.lastIndex = from
  for (let match = SENTENCE_END.exec(text); match && match.index < index; match = SENTENCE_END.exec(text)) start = match.index + match[0].length
  SENTENCE_END.lastIndex = index
  const next = SENTENCE_END.exec(text)
  const end = Math.min(text.length, next ? next.index + 1 : text.length, index + max)
  return {start, text: text.slice(start, end)}
}

/** The text of the line holding an offset. */
export function lineAround(text: string, index: number, max = 400): {start: number; text: string} {
  const start = Math.max(text.lastIndexOf('\n', index - 1) + 1, index - max)
  const eol = text.indexOf('\n', index)
  const end = Math.min(eol < 0 ? text.length : eol, index + max)
  return {start, text: text.slice(start, end)}
}

/** Printable, redacted, bounded evidence. */
export function evidence(text: string, max = 160): string {
  return redactText(escapeVisible(text.replace(/[ \t\r\n]+/g, ' ').trim(), {max}))
}

export const isWordCodePoint = (cp: number | undefined) =>
  cp !== undefined && ((cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 95 || cp === 36 || (cp > 127 && /[\p{L}\p{N}\p{M}]/u.test(String.fromCodePoint(cp))))

/** The code points right before and after [index, index + length). */
export function neighbours(text: string, index: number, length: number): {before?: number; after?: number} {
  let before: number | undefined
  if (index > 0) {
    const low = text.charCodeAt(index - 1)
    before = low >= 0xdc00 && low <= 0xdfff && index > 1 ? text.codePointAt(index - 2) : low
  }
  const after = index + length < text.length ? text.codePointAt(index + length) : undefined
  return {before, after}
}

/**
 * Character data rather than text: a line (or string) holding 16+ distinct non-ASCII characters
 * is a code page, a whitespace table or test data (iconv tables, regex classes in bundles).
 */
export function looksLikeCharacterTable(text: string): boolean {
  const distinct = new Set<string>()
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue
    distinct.add(char)
    if (distinct.size >= 16) return true
  }
  return false
}

/** The span text of the string literal at an offset is a single token (no whitespace): an identifier-like value. */
export function stringIsToken(view: TextView, index: number): boolean {
  const span = view.spanAt(index)
  if (span.region !== 'string' || span.end - span.start > 200) return false
  return !/\s/.test(view.text.slice(span.start + 1, span.end - 1))
}
