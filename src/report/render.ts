// Picks a reporter for --format and decides the exit code from --fail-on. Free of oclif, so the
// fast entries (scan, pre-commit) share it with the commands.
import {existsSync} from 'node:fs'
import {isAbsolute, join} from 'node:path'
import {packageVersion} from '../util/paths.js'
import {atOrAbove, type Finding, type Severity} from './finding.js'
import {formatGithub} from './github.js'
import {formatJson} from './json.js'
import type {RuleMeta} from './rule-meta.js'
import {formatSarif} from './sarif.js'
import {formatText} from './text.js'

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const
export type Format = (typeof FORMATS)[number]

export function render(findings: Finding[], format: Format, rules: RuleMeta[], category: string, extra: Record<string, unknown> = {}): string {
  switch (format) {
    case 'json':
      return formatJson(findings, {version: packageVersion(), category, ...extra})
    case 'sarif':
      return formatSarif(findings, {version: packageVersion(), category, rules})
    case 'github': {
      // annotations attach to files of the checkout; other locations (PR text, commits) go in the message
      const root = typeof extra['root'] === 'string' ? extra['root'] : process.cwd()
      return formatGithub(findings, (file) => !isAbsolute(file) && existsSync(join(root, file)))
    }
    default:
      return formatText(findings, {color: process.stdout.isTTY === true && !process.env['NO_COLOR']})
  }
}

export function exitCodeFor(findings: Finding[], failOn: Severity): 0 | 1 {
  return atOrAbove(findings, failOn).length > 0 ? 1 : 0
}
