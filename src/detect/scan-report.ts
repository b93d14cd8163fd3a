import {renameSync, writeFileSync} from 'node:fs'
import {loadProjectPolicy, type Suppression} from '../policy/project-policy.js'
import {type Finding, makeFinding, type Severity, sortFindings} from '../report/finding.js'
import {exitCodeFor, type Format, render} from '../report/render.js'
import {policySuppression} from '../report/suppress.js'
import {SCAN_RULES} from './registry.js'
import type {ScanOutcome} from './scan-runner.js'
import {safeLocation} from './text/chars.js'

export interface ScanReport {
  findings: Finding[]
  suppressed: {finding: Finding; reason: string}[]
}

function applyAllowlist(outcome: ScanOutcome, suppressions: Suppression[]): ScanReport {
  const findings: Finding[] = []
  const suppressed: ScanReport['suppressed'] = []
  const seen = new Set<string>()
  for (const raw of outcome.findings) {
    // never print a bidi override, tag or control character from a path or ref name
    const input = raw.file === undefined ? raw : {...raw, file: safeLocation(raw.file)}
    const finding = makeFinding(input)
    const key = `${finding.fingerprint}\0${finding.line ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    const entry = policySuppression(suppressions, input)
    if (entry) suppressed.push({finding, reason: entry.reason})
    else findings.push(finding)
  }
  for (const input of outcome.inlineSuppressed) suppressed.push({finding: makeFinding(input), reason: 'inline codex-guard:ignore'})
  return {findings: sortFindings(findings), suppressed}
}

/** Writes the report (and, with sarifFile, a SARIF copy for code-scanning upload); returns the exit code (0 clean, 1 findings at or above failOn). */
export function report(outcome: ScanOutcome, options: {format: Format; failOn: Severity; category: string; sarifFile?: string}): 0 | 1 {
  const policy = loadProjectPolicy(outcome.root)
  const result = applyAllowlist(outcome, policy?.suppressions ?? [])
  const extra: Record<string, unknown> = {
    stats: outcome.stats,
    notes: outcome.notes,
    suppressed: result.suppressed.map(({finding, reason}) => ({ruleId: finding.ruleId, file: finding.file, line: finding.line, fingerprint: finding.fingerprint, reason})),
  }
  if (options.sarifFile) {
    const temporary = `${options.sarifFile}.codex-guard-tmp-${process.pid}`
    writeFileSync(temporary, render(result.findings, 'sarif', SCAN_RULES, options.category))
    renameSync(temporary, options.sarifFile)
  }
  process.stdout.write(render(result.findings, options.format, SCAN_RULES, options.category, options.format === 'github' ? {root: outcome.root} : extra))
  if (options.format !== 'json') for (const note of outcome.notes) process.stderr.write(`note: ${note}\n`)
  if (result.suppressed.length > 0) {
    const inline = result.suppressed.filter((entry) => entry.reason === 'inline codex-guard:ignore').length
    process.stderr.write(`${result.suppressed.length} finding(s) suppressed (${inline} inline codex-guard:ignore, ${result.suppressed.length - inline} by .codex/codex-guard.toml [[suppress]]):\n`)
    for (const {finding, reason} of result.suppressed.slice(0, 50)) {
      process.stderr.write(`  ${finding.ruleId} ${finding.file ?? ''}${finding.line ? `:${finding.line}` : ''} (${reason})\n`)
    }
  }
  return exitCodeFor(result.findings, options.failOn)
}
