// What the catalogue's globs miss, found by walking the disk: credential files under names the
// catalogue does not know or deeper than glob_scan_max_depth reaches, agent-steering files below
// the root, other projects' secret files under $HOME, the real $CODEX_HOME and codex-guard's
// state. init turns them into exact profile entries; validate checks the profile against them.
import {existsSync} from 'node:fs'
import {homedir} from 'node:os'
import {isAbsolute, join, relative} from 'node:path'
import {ProfileMatcher} from '../codex/permissions.js'
import {type DiscoveredEntries, generatedProfile} from '../codex/profile.js'
import {codexHome} from '../codex/trust.js'
import {AGENT_FILE_GLOBS, CODEX_HOME_SECRETS, HOME_SCAN} from '../policy/catalogue.js'
import type {EffectivePolicy} from '../policy/effective.js'
import {stateDir} from '../util/paths.js'
import {type CredentialFile, findCredentialFiles} from './credential-files.js'

export interface HomeEntry {
  /** `~/…` when under $HOME, else absolute. */
  path: string
  reason: string
}

export interface Discovery {
  entries: DiscoveredEntries
  /** Workspace files that hold credentials (all of them, covered by a glob or not). */
  credentials: CredentialFile[]
  /** Workspace credential files only an exact entry covers, with why. */
  denied: CredentialFile[]
  home: HomeEntry[]
  /** The $HOME walk stopped at its time budget or entry cap. */
  homeComplete: boolean
  scanned: {workspace: number; home: number; ms: number}
}

/** Agent instruction files by exact name (AGENTS.md, AGENTS.override.md, CLAUDE.md, .mcp.json…): read-only at any depth. */
const AGENT_FILE_BASENAMES = new Set(AGENT_FILE_GLOBS.filter((glob) => /^\*\*\/[^/*]+$/.test(glob)).map((glob) => glob.slice(3)))

export function isAgentFileByName(relativePath: string): boolean {
  return AGENT_FILE_BASENAMES.has(relativePath.split('/').at(-1)!)
}

const tilde = (path: string, home: string) => {
  const rel = relative(home, path)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? `~/${rel}` : path
}
const inside = (parent: string, path: string) => {
  const rel = relative(parent, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** Walks the workspace (and, unless `home: false`, $HOME) and returns the exact entries the profile needs. */
export async function discoverEntries(root: string, policy: EffectivePolicy, options: {env?: NodeJS.ProcessEnv; home?: boolean} = {}): Promise<Discovery> {
  const started = Date.now()
  const env = options.env ?? process.env
  const homeDir = env['HOME'] || homedir()
  const workspace = await findCredentialFiles(root, policy, {collect: isAgentFileByName})
  const catalogueOnly = new ProfileMatcher(generatedProfile(policy), root, homeDir)
  const denied = workspace.files.filter((file) => !catalogueOnly.denyingEntry(file.path))

  const home: HomeEntry[] = []
  const realCodexHome = codexHome(env)
  if (realCodexHome !== join(homeDir, '.codex')) {
    for (const name of CODEX_HOME_SECRETS) home.push({path: tilde(join(realCodexHome, name), homeDir), reason: `Codex credentials or transcripts ($CODEX_HOME/${name})`})
  }
  home.push({path: tilde(stateDir(env), homeDir), reason: 'codex-guard session records and audit logs'})
  let homeComplete = true
  let homeScanned = 0
  if (options.home !== false && existsSync(homeDir) && !inside(root, homeDir)) {
    const skipAbsolute = [root, realCodexHome, stateDir(env)]
    const walk = await findCredentialFiles(homeDir, policy, {
      maxDepth: HOME_SCAN.maxDepth,
      budgetMs: HOME_SCAN.budgetMs,
      // Hidden folders directly in $HOME are tool state and the catalogued credential stores (their own entries).
      skip: (dir, name) => (!dir.includes('/') && name.startsWith('.')) || skipAbsolute.some((path) => inside(path, join(homeDir, dir))),
    })
    homeScanned = walk.scanned
    homeComplete = walk.complete && walk.files.length <= HOME_SCAN.maxEntries
    const homeMatcher = new ProfileMatcher(generatedProfile(policy), root, homeDir)
    for (const file of walk.files.slice(0, HOME_SCAN.maxEntries)) {
      if (homeMatcher.deniesAbsolute(join(homeDir, file.path))) continue
      home.push({path: `~/${file.path}`, reason: file.reason})
    }
  }
  const readOnly = workspace.collected
  return {
    entries: {deny: denied.map((file) => file.path), readOnly, home: home.map((entry) => entry.path)},
    credentials: workspace.files,
    denied,
    home,
    homeComplete,
    scanned: {workspace: workspace.scanned, home: homeScanned, ms: Date.now() - started},
  }
}
