// Codex's shell_environment_policy, computed the way Codex does (codex-reference.md §1.6):
// inherit → default excludes (only when ignore_default_excludes = false) → exclude → set →
// include_only (or the newer `filters` table) → CODEX_THREAD_ID.
import {minimatch} from 'minimatch'
import {isTable} from '../util/toml.js'

const CORE_VARS = ['PATH', 'SHELL', 'TMPDIR', 'TEMP', 'TMP', 'HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'LOGNAME', 'USER']
export const CODEX_DEFAULT_EXCLUDES = ['*KEY*', '*SECRET*', '*TOKEN*']

export interface ShellEnvironmentPolicy {
  inherit: 'all' | 'core' | 'none'
  ignoreDefaultExcludes: boolean
  exclude: string[]
  set: Record<string, string>
  includeOnly: string[]
  filters?: Record<string, 'include' | 'exclude'>
}

export function readShellEnvironmentPolicy(value: unknown): ShellEnvironmentPolicy {
  const table = isTable(value) ? value : {}
  const strings = (entry: unknown) => (Array.isArray(entry) ? entry.filter((item): item is string => typeof item === 'string') : [])
  const inherit = table['inherit']
  return {
    inherit: inherit === 'core' || inherit === 'none' ? inherit : 'all',
    // Codex 0.169 defaults this to true: secrets pass unless the key is written as false.
    ignoreDefaultExcludes: table['ignore_default_excludes'] !== false,
    exclude: strings(table['exclude']),
    set: isTable(table['set']) ? (Object.fromEntries(Object.entries(table['set']).map(([key, val]) => [key, String(val)])) as Record<string, string>) : {},
    includeOnly: strings(table['include_only']),
    filters: isTable(table['filters']) ? (table['filters'] as Record<string, 'include' | 'exclude'>) : undefined,
  }
}

const matches = (name: string, pattern: string) => minimatch(name, pattern, {nocase: true, dot: true})

/** The environment Codex hands to the agent's commands. */
export function applyShellEnvironmentPolicy(env: Record<string, string | undefined>, policy: ShellEnvironmentPolicy): Record<string, string> {
  let result: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue
    if (policy.inherit === 'none') continue
    if (policy.inherit === 'core' && !CORE_VARS.includes(name)) continue
    result[name] = value
  }
  const drop = (patterns: string[]) => {
    for (const name of Object.keys(result)) if (patterns.some((pattern) => matches(name, pattern))) delete result[name]
  }
  if (!policy.ignoreDefaultExcludes) drop(CODEX_DEFAULT_EXCLUDES)
  drop(policy.exclude)
  if (policy.filters) {
    const entries = Object.entries(policy.filters)
    drop(entries.filter(([, action]) => action === 'exclude').map(([pattern]) => pattern))
    const includes = entries.filter(([, action]) => action === 'include').map(([pattern]) => pattern)
    if (includes.length > 0) result = Object.fromEntries(Object.entries(result).filter(([name]) => includes.some((pattern) => matches(name, pattern))))
  }
  Object.assign(result, policy.set)
  if (policy.includeOnly.length > 0) {
    result = Object.fromEntries(Object.entries(result).filter(([name]) => policy.includeOnly.some((pattern) => matches(name, pattern))))
  }
  return result
}

/** Secret-looking names (by codex-guard's catalogue patterns) that still reach commands. */
export function leakedSecretNames(names: string[], policy: ShellEnvironmentPolicy, secretPatterns: string[], safeNames: string[] = []): string[] {
  const env = Object.fromEntries(names.map((name) => [name, 'x']))
  const passed = applyShellEnvironmentPolicy(env, policy)
  return Object.keys(passed).filter((name) => !safeNames.includes(name) && secretPatterns.some((pattern) => matches(name, pattern)))
}
