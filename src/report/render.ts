// Picks a reporter for --format and decides the exit code from --fail-on. Free of oclif, so the
// fast entries (scan, pre-commit) share it with the commands.
import {packageVersion} from '../util/paths.js'
import {atOrAbove, type Finding, type Severity} from './finding.js'
import {formatJson} from './json.js'
import type {RuleMeta} from './rule-meta.js'
import {formatSarif} from './sarif.js'
import {formatText} from './text.js'

export const FORMATS = ['text', 'json', 'sarif'] as const
export type Format = (typeof FORMATS)[number]

export function render(findings: Finding[], format: Format, rules: RuleMeta[], category: string, extra: Record<string, unknown> = {}): string {
  switch (format) {
    case 'json':
      return formatJson(findings, {version: packageVersion(), category, ...extra})
    case 'sarif':
      return formatSarif(findings, {version: packageVersion(), category, rules})
    default:
      return formatText(findings, {color: process.stdout.isTTY === true && !process.env['NO_COLOR']})
  }
}

export function exitCodeFor(findings: Finding[], failOn: Severity): 0 | 1 {
  return atOrAbove(findings, failOn).length > 0 ? 1 : 0
}
