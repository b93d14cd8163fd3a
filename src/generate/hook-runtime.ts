// The hook runtime `init` installs outside every repository: one self-contained bundle
// (dist/hook-runtime, no node_modules, no checkout, no npx cache) copied to
// $CODEX_GUARD_RUNTIME_HOME, $XDG_DATA_HOME/codex-guard/runtime or ~/.local/share/codex-guard/runtime,
// in a folder named by version and content hash, so projects on different versions each keep
// theirs. The copy is atomic (a temporary folder renamed into place) and never overwritten.
import {createHash} from 'node:crypto'
import {cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import {RUNTIME_ENTRY} from '../codex/hooks.js'
import {packageRoot, packageVersion} from '../util/paths.js'

export {RUNTIME_ENTRY} from '../codex/hooks.js'

/** Where runtimes live; the hooks.json wrapper resolves the same place at run time. */
export function runtimeHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env['CODEX_GUARD_RUNTIME_HOME']) return env['CODEX_GUARD_RUNTIME_HOME']
  return join(env['XDG_DATA_HOME'] || join(env['HOME'] || homedir(), '.local', 'share'), 'codex-guard', 'runtime')
}

/** The built runtime of this installation (npm run build). */
export function runtimeSource(): string {
  return join(packageRoot(), 'dist', 'hook-runtime')
}

function contentHash(dir: string): string {
  const hash = createHash('sha256')
  for (const name of readdirSync(dir).sort())
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(join(dir, name)))
      .update('\0')
  return hash.digest('hex').slice(0, 12)
}

/** This installation's runtime id: `<version>-<hash of the bundle>`. */
export function runtimeId(source = runtimeSource()): string {
  if (!existsSync(join(source, RUNTIME_ENTRY))) throw new Error(`the hook runtime is not built (${join(source, RUNTIME_ENTRY)} is missing); run npm run build`)
  return `${packageVersion()}-${contentHash(source)}`
}

export interface InstalledRuntime {
  id: string
  dir: string
  /** false when this version was already in place, intact. */
  installed: boolean
}

/** Installs this installation's runtime (or checks the one in place) and returns where it is. */
export function installRuntime(env: NodeJS.ProcessEnv = process.env, source = runtimeSource(), id = runtimeId(source)): InstalledRuntime {
  const home = runtimeHome(env)
  const dir = join(home, id)
  const hash = id.slice(id.lastIndexOf('-') + 1)
  if (existsSync(join(dir, RUNTIME_ENTRY)) && contentHash(dir) === hash) return {id, dir, installed: false}
  mkdirSync(home, {recursive: true})
  const staging = join(home, `.${id}.${process.pid}.tmp`)
  rmSync(staging, {recursive: true, force: true})
  cpSync(source, staging, {recursive: true})
  // A damaged copy of the same version is moved aside, never merged into.
  if (existsSync(dir)) renameSync(dir, join(home, `.${id}.damaged.${Date.now()}`))
  renameSync(staging, dir)
  return {id, dir, installed: true}
}
