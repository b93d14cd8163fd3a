// Suppressions, one module for scan, precommit and validate; never silent (callers report what
// was suppressed and why):
// - inline: `codex-guard:ignore RULE-ID[, RULE-ID…] [-- reason]` on the finding's line, or alone
//   on a comment line right above it. A RULE-ID is a rule id (CG-PI-001), a family (CG-PI-*) or
//   a secretlint rule or message id the finding names. The old scanner form
//   `codex-guard:ignore *` (every rule) still works, with a deprecation note.
// - policy: a [[suppress]] entry (rule id or family glob, optional path glob, reason) in
//   .codex/codex-guard.toml.
import {minimatch} from 'minimatch'
import type {Suppression} from '../policy/project-policy.js'

export const IGNORE_MARKER = 'codex-guard:ignore'
const ID = /^(?:[A-Za-z@][A-Za-z0-9@/._*-]*|\*)$/
const COMMENT_ONLY = /^\W*codex-guard:ignore\b/

/** The syntax named in deprecation notes. */
export const IGNORE_SYNTAX = `${IGNORE_MARKER} RULE-ID (for example "${IGNORE_MARKER} CG-PI-001", or a family "${IGNORE_MARKER} CG-PI-*")`

/** Rule ids named by a `codex-guard:ignore` comment in a line (none: the marker alone ignores nothing); undefined: no marker. */
export function ignoredRules(line: string): string[] | undefined {
  const at = line.indexOf(IGNORE_MARKER)
  if (at < 0) return undefined
  const ids: string[] = []
  for (const token of line.slice(at + IGNORE_MARKER.length).split(/[\s,]+/)) {
    if (token === '') continue
    if (!ID.test(token)) break
    ids.push(token)
  }
  return ids
}

/** A rule id or family glob (CG-COV-*) against a rule id. */
function ruleMatches(pattern: string, ruleId: string): boolean {
  return pattern === ruleId || (pattern.includes('*') && minimatch(ruleId, pattern))
}

export interface InlineIgnore {
  /** line of the comment that suppresses */
  line: number
  /** set when the comment uses a deprecated form (it still applies) */
  deprecated?: string
}

/**
 * The inline ignore covering a finding: a comment on its line, or alone on the line above,
 * naming one of `names` (the rule id and its aliases).
 */
export function inlineIgnore(lineText: (line: number) => string | undefined, line: number, names: readonly string[]): InlineIgnore | undefined {
  const covers = (at: number): InlineIgnore | undefined => {
    const ids = ignoredRules(lineText(at) ?? '')
    if (!ids) return undefined
    if (ids.some((id) => id !== '*' && names.some((name) => ruleMatches(id, name)))) return {line: at}
    if (ids.includes('*')) return {line: at, deprecated: `"${IGNORE_MARKER} *" (every rule) is deprecated; name the rules: ${IGNORE_SYNTAX}`}
    return undefined
  }
  const own = covers(line)
  if (own) return own
  const above = lineText(line - 1)
  // the line above counts only when it holds nothing but a comment with the marker
  return above !== undefined && COMMENT_ONLY.test(above.trim()) ? covers(line - 1) : undefined
}

/** inlineIgnore() over the added lines of a staged file (line → text). */
export function inlineIgnored(lines: ReadonlyMap<number, string> | undefined, line: number | undefined, names: readonly string[]): InlineIgnore | undefined {
  return lines && line !== undefined ? inlineIgnore((at) => lines.get(at), line, names) : undefined
}

/** A [[suppress]] entry for the finding: same rule (or a family glob such as CG-COV-*) and, if given, a matching path glob. */
export function policySuppression(suppressions: readonly Suppression[], finding: {ruleId: string; file?: string}): Suppression | undefined {
  return suppressions.find((entry) => ruleMatches(entry.rule, finding.ruleId) && (!entry.path || (finding.file !== undefined && minimatch(finding.file, entry.path, {dot: true}))))
}
