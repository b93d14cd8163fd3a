// Shared body of the phrase-based prompt-injection rules (CG-PI-001/002/003/009).
import {SEVERITIES, type Severity} from '../../report/finding.js'
import {shift} from '../context.js'
import type {Hit, Region, TextView} from '../types.js'
import {evidence, judgePhrase} from './judge.js'
import {findPhrases, type Phrase, phraseMayMatch} from './phrases.js'

export interface PhraseRuleOptions {
  base: Severity
  /** regions where the phrase is not judged at all */
  skip?: Region[]
  /** per-label base severity (e.g. weaker secrecy wording) */
  baseFor?: (label: string) => Severity
  /** per-label highest severity outside hidden markup and agent instruction files */
  capFor?: (label: string) => Severity | undefined
  /** only judge at all in these circumstances */
  applies?: (view: TextView, index: number) => boolean
  describe: (label: string) => string
}

export function checkPhrases(view: TextView, list: Phrase[], options: PhraseRuleOptions): Hit[] {
  const folded = view.folded
  const hits: Hit[] = []
  // only the phrases whose own anchors occur (the rule ran because one of them did)
  const anchorText = view.anchorText()
  const runnable = anchorText === undefined ? list : list.filter((phrase) => phraseMayMatch(phrase, anchorText))
  if (runnable.length === 0) return hits
  const matches = view.windows().flatMap((window) => findPhrases(folded.text.slice(window.start, window.end), runnable).map((found) => ({...found, index: found.index + window.start})))
  const seen = new Set<number>()
  for (const found of matches) {
    if (seen.has(found.index)) continue
    seen.add(found.index)
    const index = folded.toOriginal(found.index)
    const end = folded.toOriginal(found.index + found.length)
    if (options.applies && !options.applies(view, index)) continue
    const base = options.baseFor?.(found.label) ?? options.base
    const judged = judgePhrase(view, index, base, options.skip)
    if (!judged) continue
    const original = view.text.slice(index, end)
    const disguised = folded.changed && original !== folded.text.slice(found.index, found.index + found.length)
    let severity = disguised ? shift(judged.severity, 1) : judged.severity
    // "ignore previous instructions" in quotes, as an example in a warning, is a mention, not a use
    // (in prose and comments only: around a string literal the quotes are syntax)
    const mention = disguised || (judged.region !== 'prose' && judged.region !== 'comment') ? undefined : quotedMention(folded.text, found.index, found.index + found.length)
    if (mention) severity = shift(severity, mention === 'example' ? -2 : -1)
    const cap = options.capFor?.(found.label)
    if (cap && !disguised && judged.region !== 'hidden' && !view.agentFile && SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(cap)) severity = cap
    hits.push({
      index,
      severity,
      message: `${options.describe(found.label)}${judged.note}${disguised ? ' — disguised with look-alike or invisible characters' : ''}${mention === 'example' ? ' (quoted as an example)' : mention ? ' (quoted)' : ''}: "${evidence(folded.text.slice(found.index, found.index + found.length), 100)}"`,
      evidence: evidence(original, 160),
      seed: `${found.label}:${folded.text.slice(found.index, found.index + found.length).toLowerCase()}`,
    })
  }
  return hits
}

const OPEN_QUOTES = '"\'`\u201C\u2018\u00AB'
const CLOSE_FOR: Record<string, string> = {'"': '"', "'": "'", '`': '`', '\u201C': '\u201D', '\u2018': '\u2019', '\u00AB': '\u00BB'}
const EXAMPLE_MARKER = /\b(?:for\s+example|for\s+instance|e\.g\.|such\s+as|like|says?|saying|phrases?|text\s+that|called|known\s+as|attacks?|injections?|patterns?|strings?\s+such)\b/i

/**
 * Whether the phrase at [start, end) is quoted: an opening quote right before it (the phrase may
 * start a longer quotation) and the matching closing quote later on the same line. "example"
 * when the sentence introduces it as one ("for example", "such as", "phrases like").
 */
export function quotedMention(text: string, start: number, end: number): 'quoted' | 'example' | undefined {
  let open = start - 1
  while (open >= 0 && text[open] === ' ') open--
  const quote = text[open]
  if (quote === undefined || !OPEN_QUOTES.includes(quote)) return undefined
  const eol = text.indexOf('\n', end)
  const close = text.indexOf(CLOSE_FOR[quote]!, end)
  if (close < 0 || (eol >= 0 && close > eol && text.slice(eol, close).includes('\n\n')) || close - end > 200) return undefined
  const before = text.slice(Math.max(0, open - 120), open)
  return EXAMPLE_MARKER.test(before.slice(Math.max(before.lastIndexOf('.'), before.lastIndexOf('\n\n')) + 1)) ? 'example' : 'quoted'
}
