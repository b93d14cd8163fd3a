// The three ways to accept a pre-commit finding, none of them silent:
// - `codex-guard:ignore RULE-ID` on the line (or alone on the line above it);
// - a [[suppress]] entry (rule, optional path glob, reason) in .codex/codex-guard.toml;
// - the baseline file: sha256-derived fingerprints of known findings, never the secret itself
//   (the idea of detect-secrets' .secrets.baseline).
import {minimatch} from 'minimatch'
import type {Suppression} from '../policy/project-policy.js'
import type {Finding} from '../report/finding.js'
import {ConfigError} from '../util/errors.js'
import {COMMIT_AGENT_FILE, COMMIT_CODEX_INVALID, COMMIT_UNSCANNED} from './rules.js'

export const BASELINE_FILE = '.codex-guard-baseline.json'
export const IGNORE_MARKER = 'codex-guard:ignore'
const BASELINE_VERSION = 1

/** Rule ids named by `codex-guard:ignore` comments in a line (none: the marker alone ignores nothing). */
export function ignoredRules(line: string): string[] | undefined {
  const at = line.indexOf(IGNORE_MARKER)
  if (at < 0) return undefined
  const rest = line.slice(at + IGNORE_MARKER.length)
  const ids: string[] = []
  for (const token of rest.split(/[\s,]+/)) {
    if (token === '') continue
    if (!/^[A-Za-z@][A-Za-z0-9@/._-]*$/.test(token)) break
    ids.push(token)
  }
  return ids
}

/** Whether an inline comment on the finding's line, or alone on the line above, names the rule. */
export function inlineIgnored(lines: ReadonlyMap<number, string> | undefined, line: number | undefined, names: string[]): boolean {
  if (!lines || line === undefined) return false
  const matches = (text: string | undefined) => {
    const ids = text === undefined ? undefined : ignoredRules(text)
    return ids?.some((id) => names.includes(id)) === true
  }
  if (matches(lines.get(line))) return true
  const above = lines.get(line - 1)
  // the line above counts only when it holds nothing but a comment with the marker
  return above !== undefined && /^\W*codex-guard:ignore\b/.test(above.trim()) && matches(above)
}

/** A [[suppress]] entry for the finding: same rule (or a `CG-UNI-*` style prefix) and, if given, a matching path glob. */
export function policySuppression(suppressions: Suppression[], finding: Finding): Suppression | undefined {
  const ruleMatches = (rule: string) => (rule.endsWith('*') ? finding.ruleId.startsWith(rule.slice(0, -1)) : rule === finding.ruleId)
  return suppressions.find((entry) => ruleMatches(entry.rule) && (!entry.path || (finding.file !== undefined && minimatch(finding.file, entry.path, {dot: true}))))
}

/** Findings that describe content (a line, a file): review notices and load errors are not. */
export function baselineable(finding: Finding): boolean {
  return finding.file !== undefined && ![COMMIT_AGENT_FILE.id, COMMIT_CODEX_INVALID.id, COMMIT_UNSCANNED.id].includes(finding.ruleId)
}

export interface BaselineEntry {
  fingerprint: string
  ruleId: string
  file: string
  /** where it was when recorded (informational: matching uses the fingerprint only) */
  line?: number
}

export function parseBaseline(text: string, file: string): Set<string> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(`invalid JSON (${(error as Error).message}); regenerate it with \`codex-guard precommit baseline\``, file)
  }
  const findings = (data as {findings?: unknown})?.findings
  if (typeof data !== 'object' || data === null || !Array.isArray(findings)) {
    throw new ConfigError('expected {"version": 1, "findings": [...]}; regenerate it with `codex-guard precommit baseline`', file)
  }
  const fingerprints = new Set<string>()
  for (const entry of findings as unknown[]) {
    const fingerprint = (entry as {fingerprint?: unknown})?.fingerprint
    if (typeof fingerprint !== 'string' || !/^[0-9a-f]{16,64}$/.test(fingerprint)) throw new ConfigError('every entry needs a hex "fingerprint"', file)
    fingerprints.add(fingerprint)
  }
  return fingerprints
}

export function renderBaseline(findings: Finding[]): string {
  const entries: BaselineEntry[] = findings
    .filter(baselineable)
    .map((finding) => ({fingerprint: finding.fingerprint, ruleId: finding.ruleId, file: finding.file!, ...(finding.line === undefined ? {} : {line: finding.line})}))
    .sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint))
  const unique = entries.filter((entry, index) => entries.findIndex((other) => other.fingerprint === entry.fingerprint) === index)
  const document = {
    version: BASELINE_VERSION,
    tool: 'codex-guard',
    description: 'Known findings accepted by `codex-guard precommit baseline`. Fingerprints are sha256-derived (rule, file and a hash of the secret or line); no secret is stored. Regenerate with `codex-guard precommit baseline`.',
    findings: unique,
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
