// CG-REF-010: agent-directed phrases written with - _ / . as spaces.
import type {RuleMeta} from '../../report/rule-meta.js'
import {asAnchorText} from '../text/anchors.js'
import {AGENT_ADDRESS_PHRASES, findPhrases, OVERRIDE_PHRASES, phraseMayMatch, SECRECY_PHRASES} from '../text/phrases.js'
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

export const rule: NameRule = {
  meta,
  check(name: string): Hit[] {
    const spaced = name.replace(/[-_/.+]+/g, ' ')
    // only the phrases whose own anchors the name holds (every match holds one, tested in
    // anchors.test.ts): a phrase regex's first compilation costs more than an ordinary commit check
    const anchorText = asAnchorText(spaced)
    for (const list of [OVERRIDE_PHRASES, AGENT_ADDRESS_PHRASES, SECRECY_PHRASES]) {
      const runnable = list.filter((phrase) => phraseMayMatch(phrase, anchorText))
      if (runnable.length === 0) continue
      const found = findPhrases(spaced, runnable)[0]
      if (found) return [{message: `the name spells "${spaced.slice(found.index, found.index + found.length)}" (${found.label})`}]
    }
    return []
  },
}
