// The package as users get it: this checkout's sources copied into a fresh git repository (what
// the pre-commit framework clones), or packed with `npm pack` (what the registry serves). npm runs
// against the machine's npm cache with --prefer-offline, so no network is needed when the cache
// holds the dependencies (it does after `npm ci`), and CI with network works the same way.
import {execFileSync} from 'node:child_process'
import {copyFileSync, lstatSync, mkdirSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {git, REPO_ROOT} from './cli.js'

/** The npm cache of the user running the tests (the scratch HOME of a test has none). */
export function npmCache(): string {
  return execFileSync('npm', ['config', 'get', 'cache'], {encoding: 'utf8'}).trim()
}

/** npm settings for installs inside scratch environments: the real cache, preferring it to the network. */
export function npmEnv(): Record<string, string> {
  // the machine's network set-up (a proxy, its CA) is not user state: a dependency missing from the cache must still be fetchable
  const network = Object.fromEntries(
    ['NODE_EXTRA_CA_CERTS', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy'].flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])),
  )
  return {...network, npm_config_cache: npmCache(), npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false'}
}

/** Copies this checkout's tracked and new (not ignored) files into dest and commits them; returns the commit. */
export function sourceRepository(dest: string): string {
  const listing = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {cwd: REPO_ROOT, encoding: 'utf8'})
  mkdirSync(dest, {recursive: true})
  git(dest, ['init', '-q', '-b', 'main'])
  for (const path of listing.split('\0').filter(Boolean)) {
    const from = join(REPO_ROOT, path)
    let isFile = false
    try {
      isFile = lstatSync(from).isFile()
    } catch {
      continue // deleted in the working tree
    }
    if (!isFile) continue
    mkdirSync(dirname(join(dest, path)), {recursive: true})
    copyFileSync(from, join(dest, path))
  }
  git(dest, ['add', '-A'])
  git(dest, ['commit', '-q', '-m', 'codex-guard sources'])
  return git(dest, ['rev-parse', 'HEAD']).trim()
}
