// Shared body of the phrase-based prompt-injection rules (CG-PI-001/002/003/009).
import {SEVERITIES, type Severity} from '../../report/finding.js'
import {shift} from '../context.js'
import type {Hit, Region, TextView} from '../types.js'
import {evidence, judgePhrase} from './judge.js'
import {findPhrases, type Phrase} from './phrases.js'

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
  const matches = view.windows().flatMap((window) => findPhrases(folded.text.slice(window.start, window.end), list).map((found) => ({...found, index: found.index + window.start})))
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
    const cap = options.capFor?.(found.label)
    if (cap && !disguised && judged.region !== 'hidden' && !view.agentFile && SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(cap)) severity = cap
    hits.push({
      index,
      severity,
      message: `${options.describe(found.label)}${judged.note}${disguised ? ' — disguised with look-alike or invisible characters' : ''}: "${evidence(folded.text.slice(found.index, found.index + found.length), 100)}"`,
      evidence: evidence(original, 160),
      seed: `${found.label}:${folded.text.slice(found.index, found.index + found.length).toLowerCase()}`,
    })
  }
  return hits
}
