// Reads the effective permission profile from merged Codex config and answers "is this path
// denied?" the way the Linux sandbox applies it (deny globs pre-expanded up to glob_scan_max_depth).
import {homedir} from 'node:os'
import {isAbsolute, join, relative} from 'node:path'
import {Minimatch} from 'minimatch'
import {isTable, type TomlTable} from '../util/toml.js'

export const BUILTIN_PROFILES = [':read-only', ':workspace', ':danger-full-access']
const WORKSPACE_KEYS = [':workspace_roots', ':project_roots']
const DENY = new Set(['none', 'deny'])

export interface EffectiveProfile {
  name: string
  /** Defined under [permissions.<name>] (or a builtin). */
  defined: boolean
  /** sandbox_mode in any enabled layer makes Codex ignore the profile. */
  overriddenBySandboxMode: boolean
  homeDenies: string[]
  workspaceDenies: string[]
  workspaceReadOnly: string[]
  networkEnabled: boolean
  globScanMaxDepth?: number
}

export function effectiveProfile(effective: TomlTable): EffectiveProfile | undefined {
  const name = effective['default_permissions']
  if (typeof name !== 'string') return undefined
  const permissions = isTable(effective['permissions']) ? effective['permissions'] : {}
  const overriddenBySandboxMode = effective['sandbox_mode'] !== undefined
  const profile: EffectiveProfile = {
    name,
    defined: BUILTIN_PROFILES.includes(name) || isTable(permissions[name]),
    overriddenBySandboxMode,
    homeDenies: [],
    workspaceDenies: [],
    workspaceReadOnly: [],
    networkEnabled: name === ':danger-full-access',
    globScanMaxDepth: undefined,
  }
  // Follow `extends` through user-defined profiles (builtins end the chain).
  const seen = new Set<string>()
  let current: string | undefined = name
  while (current && !seen.has(current) && isTable(permissions[current])) {
    seen.add(current)
    const table = permissions[current] as TomlTable
    const filesystem = isTable(table['filesystem']) ? table['filesystem'] : {}
    for (const [key, value] of Object.entries(filesystem)) {
      if (key === 'glob_scan_max_depth' && typeof value === 'number') profile.globScanMaxDepth ??= value
      else if (WORKSPACE_KEYS.includes(key) && isTable(value)) {
        for (const [pattern, access] of Object.entries(value)) {
          if (typeof access !== 'string') continue
          if (DENY.has(access)) profile.workspaceDenies.push(pattern)
          else if (access === 'read' && pattern !== '.') profile.workspaceReadOnly.push(pattern)
        }
      } else if (typeof value === 'string' && DENY.has(value) && !key.startsWith(':')) profile.homeDenies.push(key)
    }
    const network = isTable(table['network']) ? table['network'] : undefined
    if (network && typeof network['enabled'] === 'boolean' && seen.size === 1) profile.networkEnabled = network['enabled']
    const parent: unknown = table['extends']
    if (typeof parent === 'string' && parent === ':danger-full-access' && !network) profile.networkEnabled = true
    current = typeof parent === 'string' ? parent : undefined
  }
  return profile
}

export function expandHome(path: string, home = homedir()): string {
  if (path === '~') return home
  if (path.startsWith('~/')) return join(home, path.slice(2))
  return path
}

/** Decides coverage for files of one repository under a profile. */
export class ProfileMatcher {
  private readonly workspace: {pattern: string; matcher: Minimatch; glob: boolean}[]
  private readonly home: string[]

  constructor(
    private readonly profile: EffectiveProfile | undefined,
    private readonly root: string,
    homeDir = homedir(),
  ) {
    this.workspace = (profile?.workspaceDenies ?? []).map((pattern) => ({
      pattern,
      matcher: new Minimatch(pattern, {dot: true}),
      glob: /[*?[{]/.test(pattern),
    }))
    this.home = (profile?.homeDenies ?? []).map((path) => expandHome(path, homeDir))
  }

  get active(): boolean {
    return this.profile?.defined === true && !this.profile.overriddenBySandboxMode
  }

  /** The deny entry covering a repo-relative file, or undefined when the file is readable. */
  denyingEntry(relativePath: string): string | undefined {
    if (!this.active) return undefined
    // With glob_scan_max_depth = N, Codex's ** globs cover files up to N − 1 directories deep
    // (codex-reference §9); deeper files stay readable.
    const depth = relativePath.split('/').length - 1
    const maxDepth = this.profile?.globScanMaxDepth
    for (const entry of this.workspace) {
      if (entry.glob && entry.pattern.includes('**') && maxDepth !== undefined && depth >= maxDepth) continue
      if (entry.matcher.match(relativePath) || relativePath.startsWith(`${entry.pattern.replace(/\/$/, '')}/`)) return entry.pattern
    }
    const absolute = join(this.root, relativePath)
    for (const path of this.home) {
      if (!isAbsolute(path)) continue
      const rel = relative(path, absolute)
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return path
    }
    return undefined
  }

  /** Whether an absolute path outside the repository (a home-scope credential) is denied. */
  deniesAbsolute(absolutePath: string): string | undefined {
    if (!this.active) return undefined
    for (const path of this.home) {
      const rel = relative(path, absolutePath)
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return path
    }
    return undefined
  }
}
