// CG-REF-005: quoting and expansion characters ' " $ { } ( ) ! ` \ in a ref name.
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, NameRule} from '../types.js'

export const meta: RuleMeta = {
  id: 'CG-REF-005',
  title: 'Quoting or expansion characters in a ref name',
  severity: 'medium',
  description:
    'Quotes, $, braces, parentheses, ! and backslashes break out of quoted strings or trigger expansions when a name is pasted into shell or YAML. Reported on its own only: when a stronger ref rule fires on the same name this one is folded into it.',
  remediation: 'rename the branch to letters, digits and - _ . / #',
  example: {bad: 'fix\'"$x', good: 'user/fix#42'},
  examples: {
    flagged: [`fix'"$x`, 'release/v1.2!'],
    clean: ['user/fix#42', 'docs/dont-panic'],
  },
}

const CHARS = /['"$!(){}`\\]/g

export const rule: NameRule = {
  meta,
  check(name: string): Hit[] {
    const found = [...new Set(name.match(CHARS) ?? [])]
    return found.length > 0 ? [{message: `quoting/expansion character(s) ${found.map((char) => `"${char}"`).join(' ')} in the name`}] : []
  },
}
