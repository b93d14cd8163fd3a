// Codex permission-profile and environment-filter TOML, rendered from the effective policy.
// Format facts (Codex 0.169, verified): globs only accept "none"; "read" needs an exact path
// or a trailing "/**"; `**/x` also matches x at the root; `~/` paths are expanded by Codex.
import {GLOB_SCAN_MAX_DEPTH, PERMISSION_PROFILE_NAME, profileGlobs} from '../policy/catalogue.js'
import type {EffectivePolicy} from '../policy/effective.js'
import {tomlKey, tomlString} from '../util/toml.js'
import type {EffectiveProfile} from './permissions.js'

export const WORKSPACE_ROOTS_KEY = ':workspace_roots'

/** Exact entries found by walking the workspace and $HOME (detect/coverage.ts), beyond the catalogue's globs. */
export interface DiscoveredEntries {
  /** Workspace-relative files that hold credentials and no catalogue glob reaches. */
  deny: string[]
  /** Workspace-relative agent-steering files below the root (exact read-only entries). */
  /** Workspace-relative agent instruction files found by name at any depth (exact read-only entries). */
  readOnly: string[]
  /** `~/…` or absolute paths outside the workspace: other projects' secrets, the real $CODEX_HOME, codex-guard's state. */
  home: string[]
}

export interface ProfileEntries {
  home: string[]
  /** key → access ("none" | "read") under ":workspace_roots" */
  workspace: [string, 'none' | 'read'][]
}

/**
 * `protectedExists` decides which read-only entries to write: Codex 0.169 masks a missing
 * "read" path with an empty file, so `.github/workflows/**` in a repo without `.github/` would
 * turn `.github` into a file inside the sandbox (no mkdir, and session start fails walking it).
 */
function profileEntries(policy: EffectivePolicy, protectedExists: (path: string) => boolean = () => false, discovered?: DiscoveredEntries): ProfileEntries {
  const home = new Set<string>()
  const workspace = new Map<string, 'none' | 'read'>()
  for (const entry of policy.sensitivePaths) {
    if (!entry.actions.includes('deny-read')) continue
    for (const pattern of entry.patterns) {
      if (entry.scope === 'home') home.add(pattern)
      else for (const glob of profileGlobs(pattern)) workspace.set(glob, 'none')
    }
  }
  for (const entry of policy.protectedPaths) {
    const target = entry.path.endsWith('/**') ? entry.path.slice(0, -3) : entry.path
    if (!workspace.has(entry.path) && protectedExists(target)) workspace.set(entry.path, 'read')
  }
  for (const path of discovered?.home ?? []) home.add(path)
  for (const path of discovered?.deny ?? []) workspace.set(path, 'none')
  for (const path of discovered?.readOnly ?? []) if (!workspace.has(path)) workspace.set(path, 'read')
  return {home: [...home], workspace: [...workspace]}
}

/** The profile init writes for a policy, as validate reads it: what the catalogue alone covers. */
export function generatedProfile(policy: EffectivePolicy, discovered?: DiscoveredEntries): EffectiveProfile {
  const {home, workspace} = profileEntries(policy, () => true, discovered)
  return {
    name: PERMISSION_PROFILE_NAME,
    defined: true,
    overriddenBySandboxMode: false,
    homeDenies: home,
    workspaceDenies: workspace.filter(([, access]) => access === 'none').map(([path]) => path),
    workspaceReadOnly: workspace.filter(([, access]) => access === 'read').map(([path]) => path),
    networkEnabled: false,
    globScanMaxDepth: GLOB_SCAN_MAX_DEPTH,
  }
}

/** The `[permissions.codex-guard…]` tables. */
export function renderPermissionProfile(policy: EffectivePolicy, protectedExists?: (path: string) => boolean, name = PERMISSION_PROFILE_NAME, discovered?: DiscoveredEntries): string {
  const base = `permissions.${tomlKey(name)}`
  const {home, workspace} = profileEntries(policy, protectedExists, discovered)
  const lines = [
    `[${base}]`,
    'extends = ":workspace"',
    '',
    `[${base}.filesystem]`,
    '# Linux pre-expands ** globs to this depth when the sandbox starts.',
    `glob_scan_max_depth = ${GLOB_SCAN_MAX_DEPTH}`,
    ...home.map((path) => `${tomlString(path)} = "none"`),
    '',
    `[${base}.filesystem.${tomlString(WORKSPACE_ROOTS_KEY)}]`,
    '"." = "write"',
    ...workspace.map(([path, access]) => `${tomlString(path)} = ${tomlString(access)}`),
    '',
    `[${base}.network]`,
    'enabled = false',
  ]
  return lines.join('\n')
}

/** Keys codex-guard owns inside `[shell_environment_policy]`. */
export function shellEnvironmentKeys(policy: EffectivePolicy): [string, string][] {
  return [
    ['ignore_default_excludes', 'false'],
    ['exclude', renderStringArray(policy.envExclude)],
  ]
}

export function renderStringArray(values: string[]): string {
  if (values.length === 0) return '[]'
  return `[\n${values.map((value) => `  ${tomlString(value)},`).join('\n')}\n]`
}
