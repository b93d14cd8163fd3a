// The detector's side of the provider formats (src/policy/secret-formats.ts): prefilter
// keywords, secretlint pattern-rule options and labels, derived from the one table.
import {EXTRA_SECRET_PATTERNS} from '../../policy/secret-formats.js'

export {EXTRA_SECRET_PATTERNS, type SecretPattern} from '../../policy/secret-formats.js'

/** Prefilter alternatives: any text holding one of these patterns contains its keyword. */
export const EXTRA_SECRET_KEYWORDS = EXTRA_SECRET_PATTERNS.map((entry) => entry.keyword).join('|')

/** Options for @secretlint/secretlint-rule-pattern: the id travels as the pattern name. */
export function patternRuleOptions(): {patterns: {name: string; patterns: string[]}[]} {
  return {patterns: EXTRA_SECRET_PATTERNS.map((entry) => ({name: entry.id, patterns: [`/${entry.pattern}/`]}))}
}

export const EXTRA_SECRET_LABELS: Record<string, string> = Object.fromEntries(EXTRA_SECRET_PATTERNS.map((entry) => [entry.id, entry.label]))
