#!/usr/bin/env node
// Installs the Codex CLI the end-to-end tests and `verify` run: the pinned version into
// .cache/codex (default), or with --latest the newest published version the CI matrix also tests
// into .cache/codex-latest. The tests take another binary from CODEX_GUARD_TEST_CODEX=<path>.
// Kept out of package.json dependencies: it is 400 MB and only the e2e suite needs it.
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** The version codex-guard's Codex facts were verified on (docs: codex-reference). */
export const CODEX_VERSION = '0.169.0'
/** The newest published version, tested by the CI matrix (.ci/run) with the end-to-end suite. */
export const CODEX_LATEST_VERSION = '0.171.0'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Where a variant lives and which binary the tests run. */
export function codexInstall(latest = false) {
  const prefix = join(root, '.cache', latest ? 'codex-latest' : 'codex')
  return {version: latest ? CODEX_LATEST_VERSION : CODEX_VERSION, prefix, bin: join(prefix, 'node_modules', '.bin', 'codex')}
}

function installedVersion(bin) {
  try {
    return execFileSync(bin, ['--version'], {encoding: 'utf8'}).trim()
  } catch {
    return undefined
  }
}

function install({version, prefix, bin}) {
  if (installedVersion(bin) === `codex-cli ${version}`) {
    console.log(`codex ${version} already installed at ${bin}`)
    return
  }
  mkdirSync(prefix, {recursive: true})
  if (!existsSync(join(prefix, 'package.json'))) writeFileSync(join(prefix, 'package.json'), '{"private":true}\n')
  console.log(`installing @openai/codex@${version} into ${prefix} (about 400 MB)…`)
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `@openai/codex@${version}`], {cwd: prefix, stdio: 'inherit'})
  const got = installedVersion(bin)
  if (got !== `codex-cli ${version}`) {
    console.error(`codex install failed: ${bin} --version gave ${got ?? 'nothing'}`)
    process.exit(1)
  }
  console.log(`installed ${got}`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const unknown = args.filter((arg) => arg !== '--latest')
  if (unknown.length > 0) {
    console.error(`usage: node scripts/install-codex.js [--latest]  (unknown: ${unknown.join(' ')})`)
    process.exit(2)
  }
  install(codexInstall(args.includes('--latest')))
}
