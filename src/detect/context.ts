// Where a finding sits changes how much it matters: agent instruction files are read by every
// session; comments and hidden markup are skimmed or never rendered; test fixtures and security
// write-ups quote attacks on purpose.
import {AGENT_FILE_GLOBS} from '../policy/catalogue.js'
import {SEVERITIES, type Severity} from '../report/finding.js'
import {globsMatcher} from '../util/glob.js'
import type {Region} from './types.js'

/** Files agents load as instructions: the policy catalogue's AGENT_FILES (Codex loads AGENTS.md even in untrusted repositories). */
const isAgentFile = globsMatcher(AGENT_FILE_GLOBS)

export function isAgentInstructionFile(path: string | undefined): boolean {
  // Codex execpolicy rules (.codex/rules/*.rules) are read by Codex's rule engine, not by the model
  return path !== undefined && isAgentFile(path.replace(/^\.\//, '')) && !path.endsWith('.rules')
}

const FIXTURE_DIR = /(?:^|\/)(?:tests?|__tests__|specs?|__specs__|fixtures?|__fixtures__|testdata|test-?data|test-?fixtures|__mocks__|mocks?|__snapshots__|snapshots|e2e|corpus|samples)\//i
const FIXTURE_FILE = /(?:^|[./_-])(?:test|spec|tests|fixture|fixtures|mock|snap)\.[a-z0-9]+$|(?:^|\/)test_[^/]+\.py$|_test\.(?:go|py|rb|exs?)$|\.snap$/i
const SECURITY_DOC_NAME = /security|trojan|prompt[-_ ]?injection|injection|homoglyph|confusable|smuggl|jailbreak|threat[-_ ]?model|attack|vulnerab|advisor/i
const DOC_EXTENSION = /\.(?:md|markdown|mdx|rst|txt|adoc|html?)$/i

/** Test fixtures and security write-ups: attacks are quoted on purpose, severity drops one level. */
export function quotesAttacksOnPurpose(path: string | undefined): 'test fixture' | 'security documentation' | 'policy rules file' | undefined {
  if (!path || isAgentInstructionFile(path)) return undefined
  const clean = path.replace(/^\.\//, '')
  // execpolicy rules list the commands they forbid, with match = […] examples
  if (clean.endsWith('.rules')) return 'policy rules file'
  if (FIXTURE_DIR.test(clean) || FIXTURE_FILE.test(clean)) return 'test fixture'
  const base = clean.slice(clean.lastIndexOf('/') + 1)
  if (DOC_EXTENSION.test(base) && (SECURITY_DOC_NAME.test(base) || /(?:^|\/)(?:docs?|documentation)\/(?:[^/]+\/)*[^/]*(?:security|threat|attack)/i.test(clean))) return 'security documentation'
  return undefined
}

export function shift(severity: Severity, delta: number, cap: Severity = 'critical'): Severity {
  const current = SEVERITIES.indexOf(severity)
  const index = delta > 0 ? Math.max(current, Math.min(SEVERITIES.indexOf(cap), current + delta)) : Math.max(Math.min(current, 1), current + delta)
  return SEVERITIES[index]!
}

/** Prompt-injection phrasing: raised where no reviewer sees it, lowered in shown code samples. */
export function regionAdjusted(severity: Severity, region: Region): {severity: Severity; why?: string} {
  switch (region) {
    case 'hidden':
      return {severity: shift(severity, 2), why: 'in hidden markup'}
    case 'comment':
      return {severity: shift(severity, 1, 'high'), why: 'in a code comment'}
    case 'codeblock':
      return {severity: shift(severity, -1), why: 'in a code sample'}
    default:
      return {severity}
  }
}
