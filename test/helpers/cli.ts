// Spawns the real built CLI (bin/run.js → dist/) inside real temporary git repositories.
// Every repository gets its own scratch CODEX_HOME, HOME and XDG dirs, so a test never reads
// or writes the developer's ~/.codex, and the child sees a minimal, controlled environment
// (no inherited GITHUB_TOKEN / AWS_* variables that would change validate's findings).
import {execFileSync} from 'node:child_process'
import {chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve, sep} from 'node:path'
import {execa} from 'execa'

export const REPO_ROOT = join(import.meta.dirname, '..', '..')
/**
 * The CLI under test: this checkout's bin/run.js (which loads dist/, so build first).
 * CODEX_GUARD_CLI_ROOT points at another built copy of the package instead, e.g. a snapshot
 * taken so a concurrent `npm run build` (which empties dist/) cannot break a test run.
 */
export const CLI_ROOT = process.env['CODEX_GUARD_CLI_ROOT'] ? resolve(process.env['CODEX_GUARD_CLI_ROOT']) : REPO_ROOT
export const BIN = join(CLI_ROOT, 'bin', 'run.js')

export interface Scratch {
  /** the mkdtemp directory holding everything below */
  base: string
  /** the repository (or plain directory) the test works in */
  repo: string
  codexHome: string
  home: string
  cache: string
  state: string
  config: string
}

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  cwd: string
  /** merged over the scratch environment; an undefined value removes the variable */
  env?: Record<string, string | undefined>
  /** run the CLI as this uid/gid (via setpriv; only possible as root) */
  uid?: number
}

export interface MakeRepoOptions {
  /** false: a plain directory without `git init` */
  git?: boolean
  /** directory name of the repository inside the scratch dir (spaces and unicode welcome) */
  name?: string
}

const scratches: Scratch[] = []

/** Environment for git commands run by the tests themselves (no user/system config). */
function gitEnv(scratch?: Scratch): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: scratch?.home ?? tmpdir(),
    LANG: 'C.UTF-8',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'codex-guard test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'codex-guard test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
  }
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path)
    mkdirSync(dirname(target), {recursive: true})
    writeFileSync(target, content)
  }
}

/** Creates a scratch dir with a fresh git repository (unless git: false) holding `files`; returns the repository path. */
export function makeRepo(files: Record<string, string> = {}, options: MakeRepoOptions = {}): string {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'codex-guard-cli-')))
  const scratch: Scratch = {
    base,
    repo: join(base, options.name ?? 'repo'),
    codexHome: join(base, 'codex-home'),
    home: join(base, 'home'),
    cache: join(base, 'xdg-cache'),
    state: join(base, 'xdg-state'),
    config: join(base, 'xdg-config'),
  }
  for (const dir of [scratch.repo, scratch.codexHome, scratch.home, scratch.cache, scratch.state, scratch.config]) mkdirSync(dir, {recursive: true})
  scratches.push(scratch)
  if (options.git !== false) git(scratch.repo, ['init', '-q', '-b', 'main'])
  writeFiles(scratch.repo, files)
  return scratch.repo
}

/** The scratch directories belonging to a repository (or any path inside one) made by makeRepo. */
export function scratchOf(dir: string): Scratch {
  const full = resolve(dir)
  const found = scratches.find((scratch) => full === scratch.base || full.startsWith(scratch.base + sep))
  if (!found) throw new Error(`${dir} was not created by makeRepo`)
  return found
}

export const codexHomeOf = (dir: string) => scratchOf(dir).codexHome
export const userConfigOf = (dir: string) => join(scratchOf(dir).codexHome, 'config.toml')

export function git(cwd: string, args: string[]): string {
  let scratch: Scratch | undefined
  try {
    scratch = scratchOf(cwd)
  } catch {
    scratch = undefined
  }
  return execFileSync('git', args, {cwd, env: gitEnv(scratch), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
}

/** The controlled environment the CLI runs with for a directory made by makeRepo. */
export function cliEnv(cwd: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const scratch = scratchOf(cwd)
  const env: Record<string, string | undefined> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: scratch.home,
    CODEX_HOME: scratch.codexHome,
    XDG_CACHE_HOME: scratch.cache,
    XDG_STATE_HOME: scratch.state,
    XDG_CONFIG_HOME: scratch.config,
    GIT_CONFIG_NOSYSTEM: '1',
    NO_COLOR: '1',
    OCLIF_SKIP_NEW_VERSION_CHECK: 'true',
    ...extra,
  }
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined))
}

export const canSwitchUser = () => process.getuid?.() === 0 && existsSync('/usr/bin/setpriv')

/** Runs `node bin/run.js …args` and never throws on a non-zero exit. */
export async function runCli(args: string[], options: RunOptions): Promise<CliResult> {
  const env = cliEnv(options.cwd, options.env)
  let file = process.execPath
  let argv = [BIN, ...args]
  if (options.uid !== undefined) {
    if (!canSwitchUser()) throw new Error('runCli({uid}) needs root and setpriv')
    argv = [`--reuid=${options.uid}`, `--regid=${options.uid}`, '--clear-groups', file, ...argv]
    file = '/usr/bin/setpriv'
  }
  const result = await execa(file, argv, {cwd: options.cwd, env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 60_000})
  if (result.timedOut) throw new Error(`codex-guard ${args.join(' ')} timed out`)
  return {code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)}
}

/** Every regular file and symlink under dir (except .git) → content (symlinks: "-> target"). */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), {withFileTypes: true})) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.name === '.git' && relative === '') continue
      if (entry.isSymbolicLink()) out.set(path, `-> ${execFileSync('readlink', [join(dir, path)], {encoding: 'utf8'}).trim()}`)
      else if (entry.isDirectory()) walk(path)
      else out.set(path, readFileSync(join(dir, path), 'utf8'))
    }
  }
  if (existsSync(dir)) walk('')
  return out
}

export const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8')

/** Parses `validate --format json` output. */
export interface JsonFinding {
  ruleId: string
  severity: string
  message: string
  file?: string
  line?: number
  column?: number
  remediation?: string
  fingerprint: string
}

export function parseFindings(stdout: string): JsonFinding[] {
  const parsed = JSON.parse(stdout) as {findings: JsonFinding[]}
  if (!Array.isArray(parsed.findings)) throw new Error(`no findings array in ${stdout}`)
  return parsed.findings
}

/** Removes every scratch dir made since the last cleanup (restoring permissions first). */
export function cleanup(): void {
  for (const scratch of scratches.splice(0)) {
    const restore = (dir: string) => {
      try {
        chmodSync(dir, 0o700)
        for (const entry of readdirSync(dir, {withFileTypes: true})) if (entry.isDirectory() && !lstatSync(join(dir, entry.name)).isSymbolicLink()) restore(join(dir, entry.name))
      } catch {
        // best effort: rmSync below reports what really cannot be removed
      }
    }
    restore(scratch.base)
    rmSync(scratch.base, {recursive: true, force: true})
  }
}
