// CG-FN-003: a path component starting with "-" (argument injection).
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, NameRule} from '../types.js'

export const meta: RuleMeta = {
  id: 'CG-FN-003',
  title: 'File name that starts with a dash',
  severity: 'high',
  description:
    'A file or directory named like an option (-rf, --checkpoint-action=exec=sh x.sh, --upload-pack=…) becomes an argument when a glob or file list is passed to a command without "--" (tar, rsync, git, rm). The same applies to ref names, which git already forbids to start with "-".',
  remediation: 'rename the file; in scripts put -- before file arguments and prefix globs with ./',
  example: {bad: 'uploads/--checkpoint-action=exec=sh x.sh', good: 'uploads/checkpoint-notes.txt'},
  examples: {
    flagged: ['uploads/--checkpoint-action=exec=sh x.sh', 'data/-rf'],
    clean: ['uploads/checkpoint-notes.txt', 'src/foo-bar.ts'],
  },
}

export const rule: NameRule = {
  meta,
  check(path: string): Hit[] {
    const component = path.split('/').find((part) => part.startsWith('-'))
    return component === undefined ? [] : [{message: `"${component.slice(0, 60)}" reads as an option when passed to a command`}]
  },
}
