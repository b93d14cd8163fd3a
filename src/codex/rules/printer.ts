// Printer for generated rules: canonical Starlark that Codex reads back unchanged.
import {DECISION_RANK} from './exec-policy.js'
import {SHELL_SAFE} from './shlex.js'
import type {PatternToken, PrefixRule} from './types.js'

/** Characters written as escapes so that invisible or control characters stay visible in review. */
const ESCAPE_IN_STRING = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u
const NAMED_STRING_ESCAPES: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\'}

/** A double-quoted Starlark string literal that Codex reads back as exactly `s`. */
export function quoteStarlark(s: string): string {
  let out = '"'
  for (const char of s) {
    const code = char.codePointAt(0)!
    if (code >= 0xd800 && code <= 0xdfff) throw new Error(`cannot write a lone surrogate (U+${code.toString(16)}) into a rules file`)
    const named = NAMED_STRING_ESCAPES[char]
    if (named) out += named
    else if (!ESCAPE_IN_STRING.test(char)) out += char
    else if (code < 0x80) out += '\\x' + code.toString(16).padStart(2, '0')
    else if (code <= 0xffff) out += '\\u' + code.toString(16).padStart(4, '0')
    else out += '\\U' + code.toString(16).padStart(8, '0')
  }
  return out + '"'
}

function renderPatternToken(token: PatternToken): string {
  return typeof token === 'string' ? quoteStarlark(token) : `[${token.map(quoteStarlark).join(', ')}]`
}

/** A shell-style string when that is unambiguous and readable, else the token list. */
function renderExample(example: string[]): string {
  if (example.length > 0 && example.every((token) => SHELL_SAFE.test(token))) return quoteStarlark(example.join(' '))
  return `[${example.map(quoteStarlark).join(', ')}]`
}

const MAX_LINE = 100

/**
 * Canonical Starlark for one prefix rule: keyword arguments on their own lines, examples one per
 * line. Throws for input Codex would refuse to load (empty pattern, empty justification, ...).
 */
export function renderPrefixRule(rule: Omit<PrefixRule, 'file' | 'line' | 'column' | 'decisionExplicit'>): string {
  if (rule.pattern.length === 0) throw new Error('prefix rule pattern cannot be empty')
  for (const token of rule.pattern) {
    if (typeof token !== 'string' && token.length === 0) throw new Error('prefix rule pattern alternatives cannot be empty')
  }
  if (!Object.hasOwn(DECISION_RANK, rule.decision)) throw new Error(`invalid decision: ${rule.decision}`)
  if (rule.justification !== undefined && rule.justification.trim() === '') throw new Error('justification cannot be empty')
  for (const example of [...rule.match, ...rule.notMatch]) {
    if (example.length === 0) throw new Error('prefix rule examples cannot be empty')
  }
  const indent = '    '
  const lines = ['prefix_rule(']
  const tokens = rule.pattern.map(renderPatternToken)
  const oneLine = `${indent}pattern = [${tokens.join(', ')}],`
  if (oneLine.length <= MAX_LINE) lines.push(oneLine)
  else lines.push(`${indent}pattern = [`, ...tokens.map((token) => `${indent}${indent}${token},`), `${indent}],`)
  lines.push(`${indent}decision = ${quoteStarlark(rule.decision)},`)
  if (rule.justification !== undefined) lines.push(`${indent}justification = ${quoteStarlark(rule.justification)},`)
  const examples = (keyword: string, list: string[][]): void => {
    if (list.length === 0) return
    lines.push(`${indent}${keyword} = [`, ...list.map((example) => `${indent}${indent}${renderExample(example)},`), `${indent}],`)
  }
  examples('match', rule.match)
  examples('not_match', rule.notMatch)
  if (rule.canonicalMatching) lines.push(`${indent}canonical_matching = True,`)
  lines.push(')')
  return lines.join('\n')
}
