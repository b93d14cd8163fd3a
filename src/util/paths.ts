import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** The package root (works from src/ under tsx and from dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('codex-guard package root not found')
    dir = parent
  }
  return dir
}

export function templatePath(name: string): string {
  return join(packageRoot(), 'templates', name)
}

interface PackageJson {
  version: string
  repository: {url: string}
}

const packageJson = (): PackageJson => JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as PackageJson

/** This package's version (package.json), without importing oclif: the fast entries need it too. */
export function packageVersion(): string {
  return packageJson().version
}

/** The project's web address, from package.json "repository" (its one home): git+https://…/x.git → https://…/x. */
export function projectUrl(): string {
  return packageJson()
    .repository.url.replace(/^git\+/, '')
    .replace(/\.git$/, '')
}

/** codex-guard's own state (sessions, audit logs, rotations): $XDG_STATE_HOME/codex-guard, outside every workspace. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_STATE_HOME'] || join(env['HOME'] || homedir(), '.local', 'state')
  return join(base, 'codex-guard')
}
