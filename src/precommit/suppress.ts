// The pre-commit baseline, the third way to accept a pre-commit finding after the inline
// comment and the [[suppress]] entry (both in src/report/suppress.ts):
// - the baseline file: sha256-derived fingerprints of known findings, never the secret itself
//   (the idea of detect-secrets' .secrets.baseline).
import type {Finding} from '../report/finding.js'
import {ConfigError} from '../util/errors.js'
import {COMMIT_AGENT_FILE, COMMIT_CODEX_INVALID, COMMIT_UNSCANNED} from './rules.js'

export const BASELINE_FILE = '.codex-guard-baseline.json'
const BASELINE_VERSION = 1

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
    description:
      'Known findings accepted by `codex-guard precommit baseline`. Fingerprints are sha256-derived (rule, file and a hash of the secret or line); no secret is stored. Regenerate with `codex-guard precommit baseline`.',
    findings: unique,
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
