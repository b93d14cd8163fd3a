// The finding model shared by validate, verify, scanners and hooks.
import {sha256Hex} from '../util/hash.js'

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export interface Finding {
  ruleId: string
  severity: Severity
  message: string
  file?: string
  line?: number
  column?: number
  remediation?: string
  /** Already redacted: never a full secret. */
  evidence?: string
  fingerprint: string
}

export type FindingInput = Omit<Finding, 'fingerprint'> & {fingerprintSeed?: string}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value)
}

/** Stable across runs and line moves: rule + file + the seed (or message). */
export function makeFinding(input: FindingInput): Finding {
  const {fingerprintSeed, ...finding} = input
  const seed = [finding.ruleId, finding.file ?? '', fingerprintSeed ?? finding.message].join('\0')
  return {...finding, fingerprint: sha256Hex(seed).slice(0, 16)}
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.ruleId.localeCompare(b.ruleId),
  )
}

export function atOrAbove(findings: Finding[], threshold: Severity): Finding[] {
  return findings.filter((finding) => severityRank(finding.severity) >= severityRank(threshold))
}
