// SARIF 2.1.0 in the shape GitHub code scanning accepts (anchors.md §F).

import {projectUrl} from '../util/paths.js'
import {type Finding, type Severity, severityRank} from './finding.js'
import type {RuleMeta} from './rule-meta.js'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
}
const SECURITY_SEVERITY: Record<Severity, string> = {critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0'}

export interface SarifOptions {
  version: string
  category: string
  rules: RuleMeta[]
}

export function formatSarif(findings: Finding[], options: SarifOptions): string {
  const known = new Map(options.rules.map((rule) => [rule.id, rule]))
  // Rules without metadata (should not happen) still get a descriptor so ruleIndex is valid.
  for (const finding of findings) {
    if (!known.has(finding.ruleId)) {
      known.set(finding.ruleId, {
        id: finding.ruleId,
        title: finding.ruleId,
        severity: finding.severity,
        description: finding.message,
        remediation: finding.remediation ?? '',
        example: {bad: '', good: ''},
      })
    }
  }
  const rules = [...known.values()]
  const index = new Map(rules.map((rule, position) => [rule.id, position]))
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'codex-guard',
            semanticVersion: options.version,
            informationUri: projectUrl(),
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/[^A-Za-z0-9]+/g, ''),
              shortDescription: {text: rule.title},
              fullDescription: {text: rule.description},
              help: {text: `${rule.description}\nFix: ${rule.remediation}`, markdown: `${rule.description}\n\n**Fix:** ${rule.remediation}`},
              defaultConfiguration: {level: LEVEL[rule.severity]},
              properties: {tags: ['security', 'codex'], 'security-severity': SECURITY_SEVERITY[rule.severity], precision: 'high'},
            })),
          },
        },
        automationDetails: {id: `codex-guard/${options.category}/`},
        results: findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: index.get(finding.ruleId),
          level: LEVEL[finding.severity],
          message: {text: finding.remediation ? `${finding.message} Fix: ${finding.remediation}` : finding.message},
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(finding.file ?? '.codex/config.toml'),
                region: {startLine: Math.max(1, finding.line ?? 1), startColumn: Math.max(1, finding.column ?? 1)},
              },
            },
          ],
          partialFingerprints: {primaryLocationLineHash: finding.fingerprint},
          properties: {severity: finding.severity, 'security-severity': SECURITY_SEVERITY[finding.severity], rank: severityRank(finding.severity)},
        })),
      },
    ],
  }
  return `${JSON.stringify(sarif, null, 2)}\n`
}

/** Repo-relative paths resolve against %SRCROOT%; absolute paths (user config) become file URIs. */
function artifactLocation(file: string): {uri: string; uriBaseId?: string} {
  if (file.startsWith('/')) return {uri: `file://${encodeURI(file)}`}
  return {uri: encodeURI(file.split('\\').join('/')), uriBaseId: '%SRCROOT%'}
}
