// Codex's managed requirements (`/etc/codex/requirements.toml`, deployed by MDM): a layer users
// cannot loosen. Format facts, verified with Codex 0.169 in a private mount namespace
// (test/e2e/managed.test.ts) and read from codex-rs/config/src/config_requirements.rs:
// - `allowed_sandbox_modes` / `allowed_approval_policies`: lists; a session asking for anything
//   else refuses to start.
// - `default_permissions` + `[allowed_permission_profiles]` (a TABLE name → true; a list is a
//   parse error) + `[permissions.<name>]` profile tables, same shape as config.toml's.
// - `[permissions.filesystem] deny_read`: absolute or `~/` paths and globs; a relative glob is
//   resolved against /etc/codex, so project paths belong in a managed profile's ":workspace_roots".
// - `[rules] prefix_rules = [{pattern = [{token} | {any_of}], decision, justification}]`:
//   "allow" is refused (Codex would not start); "prompt" and "forbidden" only.
// - `[hooks]`: `managed_dir` plus the config.toml hook tables; managed hooks need no trust.
// - `allow_managed_hooks_only = true`: user and project hooks are ignored.
// A file that does not parse stops every Codex session ("failed to parse requirements layer").
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {ConfigError} from '../util/errors.js'
import {isTable, type LoadedToml, lineOf, readToml, type TomlTable} from '../util/toml.js'

export const REQUIREMENTS_FILE = 'requirements.toml'
/** Test and audit override of the managed requirements path (Codex itself only reads the system path). */
export const MANAGED_REQUIREMENTS_ENV = 'CODEX_GUARD_MANAGED_REQUIREMENTS'

export const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const
export const APPROVAL_POLICIES = ['untrusted', 'on-failure', 'on-request', 'never'] as const

/** The path Codex reads managed requirements from (or the override for tests and audits). */
export function managedRequirementsPath(systemDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[MANAGED_REQUIREMENTS_ENV] || join(systemDir, REQUIREMENTS_FILE)
}

/** What a managed requirements file enforces, in the terms validate and verify report. */
export interface ManagedRequirements {
  file: string
  doc: LoadedToml
  allowedSandboxModes?: string[]
  allowedApprovalPolicies?: string[]
  defaultPermissions?: string
  /** profile names the file allows (value true) */
  allowedPermissionProfiles?: string[]
  /** profiles the file defines under [permissions.<name>] */
  definedProfiles: string[]
  denyRead: string[]
  prefixRules: {pattern: string[][]; decision: string; justification?: string}[]
  /** commands of managed hooks, by event */
  hooks: {event: string; command: string}[]
  managedHookDir?: string
  allowManagedHooksOnly: boolean
  features: Record<string, boolean>
}

export interface ManagedLayer {
  file: string
  requirements?: ManagedRequirements
  /** parse or shape error: Codex refuses to start with this file in place */
  error?: ConfigError
}

export function loadManagedLayer(systemDir: string, env: NodeJS.ProcessEnv = process.env): ManagedLayer | undefined {
  const file = managedRequirementsPath(systemDir, env)
  if (!existsSync(file)) return undefined
  try {
    return {file, requirements: parseRequirements(readToml(file))}
  } catch (error) {
    if (error instanceof ConfigError) return {file, error}
    throw error
  }
}

/** Reads a parsed requirements.toml, refusing the shapes Codex refuses (so the error names the line). */
export function parseRequirements(doc: LoadedToml): ManagedRequirements {
  const data = doc.data
  const fail = (message: string, ...path: string[]): never => {
    throw new ConfigError(message, doc.file, lineOf(doc, ...path))
  }
  const stringList = (key: string, allowed?: readonly string[]): string[] | undefined => {
    const value = data[key]
    if (value === undefined) return undefined
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return fail(`${key} must be a list of strings`, key)
    const unknown = allowed ? (value as string[]).filter((item) => !allowed.includes(item)) : []
    if (unknown.length > 0) fail(`${key}: unknown value ${JSON.stringify(unknown[0])} (one of ${allowed?.join(', ')})`, key)
    return value as string[]
  }
  const table = (value: unknown, path: string[]): TomlTable | undefined => {
    if (value === undefined) return undefined
    if (!isTable(value)) return fail(`${path.join('.')} must be a table`, ...path)
    return value
  }

  const profilesTable = table(data['allowed_permission_profiles'], ['allowed_permission_profiles'])
  const permissions = table(data['permissions'], ['permissions']) ?? {}
  const filesystem = table(permissions['filesystem'], ['permissions', 'filesystem'])
  const denyRead = filesystem?.['deny_read'] ?? []
  if (!Array.isArray(denyRead) || denyRead.some((item) => typeof item !== 'string')) fail('permissions.filesystem.deny_read must be a list of paths', 'permissions', 'filesystem', 'deny_read')

  const rules = table(data['rules'], ['rules'])
  const prefixRules: ManagedRequirements['prefixRules'] = []
  if (rules) {
    const list = rules['prefix_rules']
    if (!Array.isArray(list) || list.length === 0) fail('rules.prefix_rules must be a non-empty list (Codex refuses an empty one)', 'rules', 'prefix_rules')
    for (const [index, rule] of (list as unknown[]).entries()) {
      if (!isTable(rule) || !Array.isArray(rule['pattern']) || rule['pattern'].length === 0) fail(`rules.prefix_rules[${index}] needs a non-empty pattern`, 'rules', 'prefix_rules')
      const rawRule = rule as TomlTable
      const decision = rawRule['decision']
      if (decision === 'allow') fail(`rules.prefix_rules[${index}]: decision "allow" is refused in requirements.toml (Codex does not start); use "prompt" or "forbidden"`, 'rules', 'prefix_rules')
      if (decision !== 'prompt' && decision !== 'forbidden' && decision !== 'prompt-user') fail(`rules.prefix_rules[${index}]: decision must be "prompt" or "forbidden"`, 'rules', 'prefix_rules')
      const pattern = (rawRule['pattern'] as unknown[]).map((token, position) => {
        if (isTable(token) && typeof token['token'] === 'string' && token['any_of'] === undefined) return [token['token']]
        if (isTable(token) && Array.isArray(token['any_of']) && token['any_of'].length > 0 && token['token'] === undefined) return token['any_of'].map(String)
        return fail(`rules.prefix_rules[${index}].pattern[${position}] must be {token = "…"} or {any_of = ["…"]}`, 'rules', 'prefix_rules')
      })
      const justification = rawRule['justification']
      prefixRules.push({pattern, decision: decision as string, justification: typeof justification === 'string' ? justification : undefined})
    }
  }

  const hooksTable = table(data['hooks'], ['hooks'])
  const hooks: ManagedRequirements['hooks'] = []
  for (const [event, groups] of Object.entries(hooksTable ?? {})) {
    if (event === 'managed_dir' || event === 'windows_managed_dir') continue
    if (!Array.isArray(groups)) fail(`hooks.${event} must be a list of hook groups`, 'hooks', event)
    for (const group of groups as unknown[]) {
      const handlers = isTable(group) && Array.isArray(group['hooks']) ? group['hooks'] : fail(`hooks.${event}: each group needs a hooks list`, 'hooks', event)
      for (const handler of handlers as unknown[]) if (isTable(handler) && typeof handler['command'] === 'string') hooks.push({event, command: handler['command']})
    }
  }
  const managedHookDir = hooksTable?.['managed_dir']
  const features = table(data['features'], ['features']) ?? {}
  const allowManagedHooksOnly = data['allow_managed_hooks_only']
  if (allowManagedHooksOnly !== undefined && typeof allowManagedHooksOnly !== 'boolean') fail('allow_managed_hooks_only must be true or false', 'allow_managed_hooks_only')
  const defaultPermissions = data['default_permissions']
  if (defaultPermissions !== undefined && typeof defaultPermissions !== 'string') fail('default_permissions must be a profile name', 'default_permissions')
  // Codex's own start-up checks of the pair (strings in the 0.169 binary).
  const allowedProfiles = profilesTable ? Object.keys(profilesTable).filter((name) => profilesTable[name] === true) : undefined
  if (allowedProfiles && defaultPermissions === undefined && !(allowedProfiles.includes(':workspace') && allowedProfiles.includes(':read-only')))
    fail('default_permissions must be set unless allowed_permission_profiles allows both ":workspace" and ":read-only" (Codex does not start)', 'allowed_permission_profiles')
  if (allowedProfiles && typeof defaultPermissions === 'string' && !allowedProfiles.includes(defaultPermissions))
    fail(`default_permissions "${defaultPermissions}" must be allowed by allowed_permission_profiles (Codex does not start)`, 'default_permissions')
  if (defaultPermissions !== undefined && !profilesTable) fail('default_permissions requires [allowed_permission_profiles] (Codex does not start)', 'default_permissions')

  return {
    file: doc.file,
    doc,
    allowedSandboxModes: stringList('allowed_sandbox_modes', SANDBOX_MODES),
    allowedApprovalPolicies: stringList('allowed_approval_policies', APPROVAL_POLICIES),
    defaultPermissions: defaultPermissions as string | undefined,
    allowedPermissionProfiles: allowedProfiles,
    definedProfiles: Object.keys(permissions).filter((name) => name !== 'filesystem' && isTable(permissions[name])),
    denyRead: denyRead as string[],
    prefixRules,
    hooks,
    managedHookDir: typeof managedHookDir === 'string' ? managedHookDir : undefined,
    allowManagedHooksOnly: allowManagedHooksOnly === true,
    features: Object.fromEntries(Object.entries(features).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean')),
  }
}

/** One line per thing the file enforces, for validate's info finding and verify's header. */
export function describeRequirements(requirements: ManagedRequirements): string[] {
  const lines: string[] = []
  if (requirements.allowedSandboxModes) lines.push(`sandbox modes limited to ${requirements.allowedSandboxModes.join(', ')}`)
  if (requirements.allowedApprovalPolicies) lines.push(`approval policies limited to ${requirements.allowedApprovalPolicies.join(', ')}`)
  if (requirements.defaultPermissions) lines.push(`default permission profile ${requirements.defaultPermissions}`)
  if (requirements.allowedPermissionProfiles) lines.push(`permission profiles limited to ${requirements.allowedPermissionProfiles.join(', ') || '(none)'}`)
  if (requirements.denyRead.length > 0) lines.push(`${requirements.denyRead.length} deny-read path(s)`)
  if (requirements.prefixRules.length > 0) lines.push(`${requirements.prefixRules.length} prefix rule(s)`)
  if (requirements.hooks.length > 0) lines.push(`${requirements.hooks.length} managed hook(s) (${[...new Set(requirements.hooks.map((hook) => hook.event))].join(', ')})`)
  if (requirements.allowManagedHooksOnly) lines.push('only managed hooks run (user and project hooks are ignored)')
  return lines
}

// ---- writing -------------------------------------------------------------------------------

export interface RequirementsSpec {
  header: string[]
  allowedSandboxModes: string[]
  allowedApprovalPolicies: string[]
  /** the managed profile: its name and its rendered `[permissions.<name>…]` tables */
  profile: {name: string; tables: string}
  denyRead: string[]
  prefixRules: {pattern: (string | string[])[]; decision: 'prompt' | 'forbidden'; justification?: string; comment?: string}[]
  hooks?: {managedDir: string; groups: Record<string, {matcher?: string; hooks: {command: string; timeout?: number; statusMessage?: string}[]}[]>}
  allowManagedHooksOnly: boolean
}

const stringArray = (values: string[]) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`

export function renderRequirements(spec: RequirementsSpec): string {
  const out = [...spec.header.map((line) => `# ${line}`.trimEnd()), '']
  out.push(`allowed_sandbox_modes = ${stringArray(spec.allowedSandboxModes)}`)
  out.push(`allowed_approval_policies = ${stringArray(spec.allowedApprovalPolicies)}`)
  out.push(`default_permissions = ${JSON.stringify(spec.profile.name)}`)
  out.push(`allow_managed_hooks_only = ${spec.allowManagedHooksOnly}`)
  out.push('', '[allowed_permission_profiles]', `${JSON.stringify(spec.profile.name)} = true`)
  out.push('', '[permissions.filesystem]', 'deny_read = [', ...spec.denyRead.map((path) => `  ${JSON.stringify(path)},`), ']')
  out.push('', spec.profile.tables)
  if (spec.prefixRules.length > 0) {
    out.push('', '[rules]', 'prefix_rules = [')
    for (const rule of spec.prefixRules) {
      if (rule.comment) out.push(`  # ${rule.comment}`)
      const tokens = rule.pattern.map((token) => (Array.isArray(token) ? `{ any_of = ${stringArray(token)} }` : `{ token = ${JSON.stringify(token)} }`))
      const justification = rule.justification ? `, justification = ${JSON.stringify(rule.justification)}` : ''
      out.push(`  { pattern = [${tokens.join(', ')}], decision = ${JSON.stringify(rule.decision)}${justification} },`)
    }
    out.push(']')
  }
  if (spec.hooks) {
    out.push('', '[hooks]', `managed_dir = ${JSON.stringify(spec.hooks.managedDir)}`)
    for (const [event, groups] of Object.entries(spec.hooks.groups)) {
      for (const group of groups) {
        out.push('', `[[hooks.${event}]]`)
        if (group.matcher !== undefined) out.push(`matcher = ${JSON.stringify(group.matcher)}`)
        for (const handler of group.hooks) {
          out.push('', `[[hooks.${event}.hooks]]`, 'type = "command"', `command = ${JSON.stringify(handler.command)}`)
          if (handler.timeout !== undefined) out.push(`timeout = ${handler.timeout}`)
          if (handler.statusMessage !== undefined) out.push(`statusMessage = ${JSON.stringify(handler.statusMessage)}`)
        }
      }
    }
  }
  return `${out.join('\n')}\n`
}
