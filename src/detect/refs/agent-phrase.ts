// CG-REF-010: agent-directed phrases written with - _ / . as spaces.
import type {RuleMeta} from '../../report/rule-meta.js'
import {ADDRESS_ANCHORS, OVERRIDE_ANCHORS, SECRECY_ANCHORS} from '../text/anchor-words.js'
import {AGENT_ADDRESS_PHRASES, findPhrases, OVERRIDE_PHRASES, SECRECY_PHRASES} from '../text/phrases.js'
import type {Hit, NameRule} from '../types.js'

export const meta: RuleMeta = {
  id: 'CG-REF-010',
  title: 'Agent-directed phrase in a ref name',
  severity: 'medium',
  description:
    'A branch or tag name that spells a prompt-injection phrase with -, _, / or . for spaces (feature/ignore-previous-instructions). Agents read branch names from git output, PR metadata and CI logs.',
  remediation: 'rename the branch; review the pull request it came with as untrusted',
  example: {bad: 'feature/ignore-previous-instructions', good: 'feature/ignore-whitespace-in-diff'},
  examples: {
    flagged: ['feature/ignore-previous-instructions', 'fix/disregard-all-prior-instructions'],
    clean: ['feature/ignore-whitespace-in-diff', 'docs/agents-md'],
  },
}

// Every match of these phrase lists contains one of their text rules' anchors (tested in
// anchors.test.ts): a name without one skips the phrase regexes, whose first compilation costs
// more than a whole ordinary pre-commit check.
const ANCHORS = [...OVERRIDE_ANCHORS, ...ADDRESS_ANCHORS, ...SECRECY_ANCHORS].map((anchor) => anchor.toLowerCase())

export const rule: NameRule = {
  meta,
  check(name: string): Hit[] {
    const spaced = name.replace(/[-_/.+]+/g, ' ')
    const lower = spaced.toLowerCase().replace(/\s+/g, ' ')
    if (!ANCHORS.some((anchor) => lower.includes(anchor))) return []
    for (const list of [OVERRIDE_PHRASES, AGENT_ADDRESS_PHRASES, SECRECY_PHRASES]) {
      const found = findPhrases(spaced, list)[0]
      if (found) return [{message: `the name spells "${spaced.slice(found.index, found.index + found.length)}" (${found.label})`}]
    }
    return []
  },
}
