import {matchesCommandRule, printedSecret} from '../../../analysis/command.js'
import {type HookRule, hookMeta} from './types.js'

export const ENVIRONMENT_DUMP_MESSAGES = {
  env: 'env without a command dumps the environment, which can hold credentials; read the specific non-secret variable you need (env.printenv)',
  printenv: 'printenv without a name dumps the environment, which can hold credentials; name the non-secret variable you need, e.g. printenv PATH (env.printenv)',
  'proc-environ': 'it reads a process environment (/proc/…/environ), which can hold credentials (env.printenv)',
  'shell-variables': 'it prints every shell variable, the environment included, which can hold credentials; print the specific non-secret variable you need (env.printenv)',
  code: 'the code prints the whole environment, which can hold credentials; read the specific non-secret variable you need (env.printenv)',
} as const

export const GIT_CONFIG_MESSAGES = {
  'credential-key': 'git credential settings (credential.*, url.*.insteadOf, http.*.extraHeader) can hold or route tokens (cred.git-config)',
  'global-change': 'listing or changing global/system git configuration is not allowed in agent sessions; reading one ordinary key is (cred.git-config-global)',
} as const

export const forbiddenCommand: HookRule = {
  meta: hookMeta(
    'CG-HOOK-FORBIDDEN-COMMAND',
    'Forbidden command in any form',
    'A command the policy forbids (publishing, credential commands, destructive pushes…) written so that a prefix rule misses it: a path-qualified program, a wrapper (env, sudo, xargs…), a nested shell or options after arguments. Environment dumps (printenv or env with nothing named, /proc/*/environ, set / export -p / declare -x, interpreter code printing os.environ or process.env whole), printenv of a secret-named variable, and git config that reads credential keys or lists or changes global configuration, too.',
    'ask the user to run it',
    [
      '/usr/bin/gh auth token',
      'git -C . push --force origin main',
      'sudo npm publish',
      'git -C sub credential fill',
      'env',
      'printenv',
      'printenv HOME AWS_SECRET_ACCESS_KEY',
      'cat /proc/self/environ',
      'cat /proc/$$/environ',
      'set',
      'export -p',
      'declare -x',
      `python3 -c "import os; print(os.environ)"`,
      'git config --global user.name Mallory',
      'git config --get-all credential.helper',
    ],
    [
      'gh pr view 1',
      'env NODE_ENV=test npm test',
      'cat /proc/cpuinfo',
      'git push origin feature',
      'printenv PATH',
      'git config --global --get user.name',
      'git config user.email a@b',
      'set -euo pipefail',
      'export PATH=$PATH:/opt/bin',
      'declare -a list',
      `python3 -c "import os; print(os.environ['HOME'])"`,
      `node -e "console.log(process.env.PATH)"`,
    ],
  ),
  check(facts, context) {
    const reasons: string[] = []
    const rule = context.forbiddenRules.find((candidate) => matchesCommandRule(facts.normalized, candidate))
    if (rule) reasons.push(`${rule.justification.replace(/^codex-guard: /, '')} (${rule.id})`)
    if (facts.environmentDump) reasons.push(ENVIRONMENT_DUMP_MESSAGES[facts.environmentDump])
    const secret = printedSecret(facts, context.secretVariable)
    if (secret) reasons.push(`it prints $${secret}, a secret variable by the policy's names (env.printenv)`)
    if (facts.gitConfig && !rule?.id.startsWith('cred.git-config')) reasons.push(GIT_CONFIG_MESSAGES[facts.gitConfig])
    return reasons
  },
}
