// scanRefName / scanFileName: the name rules over one branch/tag/ref name or one path.
import {type FindingInput, type Severity, severityRank} from '../report/finding.js'
import {redactText} from '../report/redact.js'
import {quotesAttacksOnPurpose, shift} from './context.js'
import {createHomoglyphRule} from './refs/homoglyph.js'
import {meta as lengthMeta} from './refs/length-punctuation.js'
import {meta as quotingMeta} from './refs/quoting.js'
import {FILE_NAME_RULES, REF_RULES} from './registry.js'
import {escapeVisible, safeLocation} from './text/chars.js'
import type {NameRule} from './types.js'

export interface RefNameOptions {
  /** where the name came from, reported as the finding's file (e.g. "refs/heads/x", "stdin:3") */
  location?: string
  /** extra protected names (the repository's default branch) for CG-REF-009 */
  protectedBranches?: string[]
}

/** Rules that only add noise once a stronger rule fired on the same name. */
const FOLDED = new Set([quotingMeta.id, lengthMeta.id])

function run(rules: NameRule[], name: string, file: string | undefined, kind: string): FindingInput[] {
  const out: FindingInput[] = []
  const shown = redactText(escapeVisible(name, {asciiOnly: true, max: 200}))
  for (const rule of rules) {
    for (const hit of rule.check(name)) {
      out.push({
        ruleId: rule.meta.id,
        severity: hit.severity ?? rule.meta.severity,
        message: `${kind} ${hit.message}`,
        file: file === undefined ? undefined : safeLocation(file),
        remediation: rule.meta.remediation,
        evidence: shown,
        fingerprintSeed: `${name}\0${hit.seed ?? ''}`,
      })
    }
  }
  return out
}

function fold(findings: FindingInput[]): FindingInput[] {
  const strongest = findings.filter((finding) => !FOLDED.has(finding.ruleId)).reduce((max, finding) => Math.max(max, severityRank(finding.severity)), -1)
  if (strongest < severityRank('medium')) return findings
  return findings.filter((finding) => !FOLDED.has(finding.ruleId))
}

/** Findings for one branch / tag / ref name (CG-REF-*). */
export function scanRefName(name: string, options: RefNameOptions = {}): FindingInput[] {
  const rules = options.protectedBranches?.length ? REF_RULES.map((rule) => (rule.meta.id === 'CG-REF-009' ? createHomoglyphRule(options.protectedBranches) : rule)) : REF_RULES
  return fold(run(rules, name, options.location ?? name, 'ref name:'))
}

/** A path no file-name rule can flag: printable ASCII without shell syntax or a leading dash. */
const PLAIN_PATH = /^(?!-)(?:[\x20-\x7e](?!\/-))*$/
const SHELLY = /[$`|;<>&{]/

/** Findings for one file path (CG-FN-*), lowered one level in test fixtures. */
export function scanFileName(path: string): FindingInput[] {
  if (PLAIN_PATH.test(path) && !SHELLY.test(path)) return []
  const findings = run(FILE_NAME_RULES, path, path, 'file name:')
  const purpose = quotesAttacksOnPurpose(path)
  if (!purpose) return findings
  return findings.map((finding) => {
    const severity: Severity = shift(finding.severity, -1)
    return severity === finding.severity ? finding : {...finding, severity, message: `${finding.message} [lowered: ${purpose}]`}
  })
}
