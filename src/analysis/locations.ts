// Sensitive locations for absolute paths seen by the monitors and the transcript classifier.
import {homedir} from 'node:os'
import {isAbsolute, join, normalize, relative, resolve, sep} from 'node:path'
import {expandHome} from '../codex/permissions.js'
import type {EffectivePolicy} from '../policy/effective.js'
import {overlaps, type SensitiveMatch, SensitivePathMatcher} from '../policy/sensitive.js'
import type {CredentialKind, Scope} from '../policy/types.js'

export interface SensitiveHit {
  /** The absolute path that matched. */
  path: string
  entryId: string
  scope: Scope
  credential: CredentialKind
  /** For home entries: the expanded catalogue location; for project entries: the glob. */
  pattern: string
  /** Only a detect pattern matched: the Codex profile has no deny entry for it. */
  detectOnly: boolean
}

export interface HomeLocation {
  path: string
  entryId: string
  credential: CredentialKind
}

export interface SensitiveLocationOptions {
  /** The workspace root project globs are relative to. */
  root: string
  home?: string
  /** $CODEX_HOME when it is not ~/.codex: the ~/.codex entries then also apply there. */
  codexHome?: string
}

const SYSTEM_TREES = [
  '/usr/',
  '/lib/',
  '/lib32/',
  '/lib64/',
  '/proc/',
  '/sys/',
  '/dev/',
  '/run/',
  '/snap/',
  '/nix/store/',
  '/etc/ssl/',
  '/etc/pki/',
  '/etc/ca-certificates/',
  '/System/',
  '/Library/',
  '/opt/homebrew/',
]

/**
 * The policy's SensitivePathMatcher (src/policy/sensitive.ts) for absolute paths seen by the
 * monitors, plus what they need on top: the list of home locations to watch, $CODEX_HOME when
 * it is not ~/.codex, the detect-only flag, and no matches in system trees (CA bundles are
 * *.pem, distribution keys *.key: traced programs open them constantly, and they are nobody's
 * credential).
 */
export class SensitiveLocations {
  private readonly matcher: SensitivePathMatcher
  private readonly codexAlias: {from: string; to: string} | undefined
  private readonly codexAliasOverlapsRoot: boolean
  readonly root: string
  readonly home: string
  readonly homeLocations: HomeLocation[] = []

  constructor(policy: EffectivePolicy, options: SensitiveLocationOptions) {
    this.root = resolve(options.root)
    this.home = options.home ?? homedir()
    this.matcher = new SensitivePathMatcher(policy, this.root, this.home)
    const defaultCodexHome = join(this.home, '.codex')
    const codexHome = options.codexHome ? resolve(options.codexHome) : defaultCodexHome
    this.codexAlias = codexHome !== defaultCodexHome ? {from: codexHome, to: defaultCodexHome} : undefined
    this.codexAliasOverlapsRoot = this.codexAlias !== undefined && overlaps(this.codexAlias.from, this.root)
    for (const entry of policy.sensitivePaths) {
      if (entry.scope !== 'home' || !entry.actions.includes('deny-read')) continue
      for (const pattern of entry.patterns) {
        const path = normalize(expandHome(pattern, this.home))
        this.homeLocations.push({path, entryId: entry.id, credential: entry.credential})
        const aliased = this.codexAlias && rebase(path, defaultCodexHome, codexHome)
        if (aliased) this.homeLocations.push({path: aliased, entryId: entry.id, credential: entry.credential})
      }
    }
  }

  match(absolutePath: string): SensitiveHit | undefined {
    const path = normalize(absolutePath)
    const probe = (this.codexAlias && rebase(path, this.codexAlias.from, this.codexAlias.to)) || path
    const rel = relative(this.root, probe)
    if (rel.startsWith('..') || isAbsolute(rel)) {
      if (SYSTEM_TREES.some((prefix) => probe.startsWith(prefix))) return undefined
    }
    const found = this.matcher.match(probe, this.root)
    if (!found) return undefined
    const pattern = probe === path ? found.pattern : (rebase(found.pattern, this.codexAlias!.to, this.codexAlias!.from) ?? found.pattern)
    return hitOf(found, path, pattern)
  }

  /** match() for a normalised absolute path inside the root, with its root-relative form (the file monitor's hot path). */
  matchInWorkspace(absolutePath: string, rel: string): SensitiveHit | undefined {
    // $CODEX_HOME inside the workspace (or the workspace inside it) needs the alias rewrite.
    if (this.codexAliasOverlapsRoot) return this.match(absolutePath)
    const found = this.matcher.matchInProject(absolutePath, rel)
    return found ? hitOf(found, absolutePath, found.pattern) : undefined
  }
}

/** `path` moved from under `from` to the same place under `to`, or undefined when it is not under `from`. */
export function rebase(path: string, from: string, to: string): string | undefined {
  return path === from || path.startsWith(from + sep) ? join(to, relative(from, path)) : undefined
}

function hitOf(found: SensitiveMatch, path: string, pattern: string): SensitiveHit {
  const scope = found.entry.scope
  const detectOnly = scope === 'project' && (found.entry.detectPatterns ?? []).includes(found.pattern)
  return {path, entryId: found.entry.id, scope, credential: found.entry.credential, pattern, detectOnly}
}
