// CG-REF-012: a ref name that reads as a command-line option (argument injection).
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, NameRule} from '../types.js'

export const meta: RuleMeta = {
  id: 'CG-REF-012',
  title: 'Ref name that reads as an option',
  severity: 'high',
  description:
    'A ref name starting with "-" (--upload-pack=…, -oProxyCommand=…, --exec=…) becomes an option when a script passes it to git, ssh or another tool without "--" before it. git refuses to create such branch names itself, but pull-request head names, tags from other forges and names given to tools as text do not go through that check.',
  remediation: 'reject the name; in scripts put -- before ref arguments (git fetch origin -- "$ref")',
  example: {bad: '--upload-pack=touch /tmp/pwned', good: 'feature/upload-pack'},
  examples: {
    flagged: ['--upload-pack=touch /tmp/pwned', '-rf'],
    clean: ['feature/upload-pack', 'fix-1-2'],
  },
}

const PREFIX = /^(?:refs\/(?:heads|tags|remotes\/[^/]+|pull\/\d+)\/|origin\/)/

export const rule: NameRule = {
  meta,
  check(name: string): Hit[] {
    const short = name.replace(PREFIX, '')
    if (!name.startsWith('-') && !short.startsWith('-')) return []
    return [{message: `"${short.slice(0, 60)}" reads as an option when passed to git or another command without "--"`}]
  },
}
