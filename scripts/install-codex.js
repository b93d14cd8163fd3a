#!/usr/bin/env node
// Installs the pinned Codex CLI used by the end-to-end tests and `verify` into .cache/codex.
// Kept out of package.json dependencies: it is 400 MB and only the e2e suite needs it.
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const CODEX_VERSION = '0.169.0'
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const prefix = join(root, '.cache', 'codex')
const bin = join(prefix, 'node_modules', '.bin', 'codex')

function installedVersion() {
  try {
    return execFileSync(bin, ['--version'], {encoding: 'utf8'}).trim()
  } catch {
    return undefined
  }
}

if (installedVersion() === `codex-cli ${CODEX_VERSION}`) {
  console.log(`codex ${CODEX_VERSION} already installed at ${bin}`)
} else {
  mkdirSync(prefix, {recursive: true})
  if (!existsSync(join(prefix, 'package.json'))) writeFileSync(join(prefix, 'package.json'), '{"private":true}\n')
  console.log(`installing @openai/codex@${CODEX_VERSION} into ${prefix} (about 400 MB)…`)
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `@openai/codex@${CODEX_VERSION}`], {cwd: prefix, stdio: 'inherit'})
  const got = installedVersion()
  if (got !== `codex-cli ${CODEX_VERSION}`) {
    console.error(`codex install failed: ${bin} --version gave ${got ?? 'nothing'}`)
    process.exit(1)
  }
  console.log(`installed ${got}`)
}
