// CG-REF-011: abnormal length or punctuation density.
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, NameRule} from '../types.js'

export const meta: RuleMeta = {
  id: 'CG-REF-011',
  title: 'Abnormal ref name length or punctuation',
  severity: 'low',
  description:
    'Names longer than 100 characters, or where more than 30 % of the characters are punctuation other than / - _ ., are what obfuscated payloads look like. Folded into stronger ref findings on the same name.',
  remediation: 'use a short descriptive name',
  example: {bad: 'a=%!@+#=%!@+#=%!@+#', good: 'release/v1.2.3'},
  examples: {
    flagged: ['a=%!@+#=%!@+#=%!@+#', `feature/${'x'.repeat(120)}`],
    clean: ['release/v1.2.3', 'feature/JIRA-123_add-oauth2-login'],
  },
}

const NON_ASCII = /[^\x00-\x7f]/

export const rule: NameRule = {
  meta,
  check(name: string): Hit[] {
    const length = [...name].length
    if (length > 100) return [{message: `the name is ${length} characters long`}]
    // ASCII names (most): letters and digits are [A-Za-z0-9], no Unicode class to build
    const punctuationChar = NON_ASCII.test(name) ? /[^\p{L}\p{N}/._-]/u : /[^A-Za-z0-9/._-]/
    const punctuation = [...name].filter((char) => punctuationChar.test(char)).length
    if (length >= 8 && punctuation / length > 0.3) return [{message: `${punctuation} of ${length} characters are punctuation`}]
    return []
  },
}
