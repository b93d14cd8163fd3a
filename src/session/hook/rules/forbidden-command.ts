import {matchesCommandRule} from '../../../analysis/command.js'
import {type HookRule, hookMeta} from './types.js'

export const ENVIRONMENT_DUMP_MESSAGES = {
  env: 'env without a command dumps the environment, which can hold credentials; read the specific non-secret variable you need (env.printenv)',
  'proc-environ': 'it reads a process environment (/proc/…/environ), which can hold credentials (env.printenv)',
} as const

export const forbiddenCommand: HookRule = {
  meta: hookMeta(
    'CG-HOOK-FORBIDDEN-COMMAND',
    'Forbidden command in any form',
    'A command the policy forbids (publishing, credential commands, destructive pushes…) written so that a prefix rule misses it: a path-qualified program, a wrapper (env, sudo, xargs…), a nested shell or options after arguments. Environment dumps (printenv, env without a command, /proc/*/environ) too.',
    'ask the user to run it',
    '/usr/bin/gh auth token',
    'gh pr view 1',
  ),
  check(facts, context) {
    const reasons: string[] = []
    const rule = context.forbiddenRules.find((candidate) => matchesCommandRule(facts.normalized, candidate))
    if (rule) reasons.push(`${rule.justification.replace(/^codex-guard: /, '')} (${rule.id})`)
    if (facts.environmentDump) reasons.push(ENVIRONMENT_DUMP_MESSAGES[facts.environmentDump])
    return reasons
  },
}
