// Secrets in the environment that reach the agent's commands.
import {applyShellEnvironmentPolicy, leakedSecretNames, readShellEnvironmentPolicy} from '../../codex/env-policy.js'
import {credentialInValue} from '../../detect/credential-files.js'
import {type Check, finding} from '../check.js'

/** Names every developer machine tends to have; checked even when absent from this environment. */
const PROBE_NAMES = [
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'NPM_TOKEN',
  'DATABASE_URL',
  'DB_PASSWORD',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'SSH_AUTH_SOCK',
]

export const envPassesSecrets: Check = {
  meta: {
    id: 'CG-ENV-SECRETS-PASS',
    title: 'Secret environment variables reach the agent’s commands',
    severity: 'high',
    description:
      'Codex 0.169 passes *KEY*, *SECRET* and *TOKEN* variables to every command unless `ignore_default_excludes = false`; GITHUB_TOKEN or AWS keys in your shell are one `printenv` away. Variables whose values look like credentials (a URL with a password, a token format, a private key) are listed whatever their names (`codex-guard run` removes them).',
    remediation: 'in [shell_environment_policy] set ignore_default_excludes = false and exclude the secret patterns (codex-guard init writes both)',
    example: {bad: '[shell_environment_policy]\ninherit = "all"', good: '[shell_environment_policy]\nignore_default_excludes = false\nexclude = ["AWS_*", "*TOKEN*"]'},
    examples: {
      flagged: ['[shell_environment_policy]\ninherit = "all"\n', '[shell_environment_policy]\nignore_default_excludes = true\n'],
      clean: ['[shell_environment_policy]\nignore_default_excludes = false\nexclude = ["AWS_*", "*TOKEN*", "*PASSWORD*", "*CREDENTIALS*", "DATABASE_URL", "SSH_AUTH_SOCK"]\n'],
    },
  },
  run(context) {
    const policy = readShellEnvironmentPolicy(context.layers.effective['shell_environment_policy'])
    const names = [...new Set([...PROBE_NAMES, ...Object.keys(context.env)])]
    // By name (the policy's patterns) and by value: a credential-shaped value under any name that still passes.
    const passed = applyShellEnvironmentPolicy(context.env, policy)
    const byValue = Object.entries(passed).flatMap(([name, value]) => (value !== undefined && credentialInValue(value) ? [name] : []))
    const leaked = [...new Set([...leakedSecretNames(names, policy, context.policy.envExclude, context.policy.safeEnvNames), ...byValue])]
    if (leaked.length === 0) return []
    const present = leaked.filter((name) => context.env[name] !== undefined)
    return [
      finding(this.meta, {
        message: `the effective shell_environment_policy passes ${leaked.length} secret-looking variable name(s) to commands: ${leaked.slice(0, 12).join(', ')}${leaked.length > 12 ? ', …' : ''}${present.length ? ` (set in this shell: ${present.join(', ')})` : ''}`,
        severity: present.length > 0 ? 'high' : 'medium',
        fingerprintSeed: leaked.sort().join(','),
      }),
    ]
  },
}

export const ENV_CHECKS = [envPassesSecrets]
