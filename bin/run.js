#!/usr/bin/env node
// `codex-guard hook <event>` runs on every Codex tool call, `codex-guard precommit run` on every
// commit and `codex-guard run -- …` in front of every session, so they are dispatched before
// oclif loads (oclif alone costs about one extra Node start-up), each from a single bundled file
// (dist/hook.js, dist/precommit.cjs, dist/run-session.js, built by `npm run build`) because
// resolving many small ESM modules is slow. The pre-commit check, run on every commit, also
// loads through V8's code cache (dist/code-cache.cjs), kept in $XDG_CACHE_HOME/codex-guard.
const [, , command, event, ...rest] = process.argv
const wantsHelp = rest.includes('--help') || rest.includes('-h')

/** The pre-commit bundle's exports, compiled with a code cache named by bundle identity. */
async function loadPrecommit() {
  // require, not import(): the ESM facade of node:fs reads fs.promises, which loads readline and more
  const {createRequire} = await import('node:module')
  const require = createRequire(import.meta.url)
  const {readdirSync, statSync, unlinkSync} = require('node:fs')
  const {join} = require('node:path')
  const {homedir} = require('node:os')
  const bundle = require.resolve('../dist/precommit.cjs')
  const {loadBundle} = require('../dist/code-cache.cjs')
  const home = process.env.HOME || homedir()
  const base = process.env.XDG_CACHE_HOME || (home ? join(home, '.cache') : undefined)
  if (!base) return loadBundle(bundle, undefined)
  // one cache per installation (FNV-1a of its path), replaced when the bundle or Node changes
  let installation = 0x811c9dc5
  for (let index = 0; index < bundle.length; index++) installation = Math.imul(installation ^ bundle.charCodeAt(index), 0x01000193) >>> 0
  const {size, mtimeMs} = statSync(bundle)
  const dir = join(base, 'codex-guard', 'code-cache')
  const prefix = `precommit-${installation.toString(16)}-`
  const name = `${prefix}${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}.bin`
  return loadBundle(bundle, join(dir, name), () => {
    for (const stale of readdirSync(dir, {withFileTypes: true}))
      if (stale.isFile() && stale.name.startsWith(prefix) && stale.name !== name) unlinkSync(join(dir, stale.name))
  })
}

async function fastPath() {
  if (command === 'hook' && event && !event.startsWith('-') && !rest.includes('--help')) {
    const {main} = await import('../dist/hook.js')
    await main(event)
    return true
  }
  if (command === 'precommit' && event === 'run' && !wantsHelp) {
    const {main} = await loadPrecommit()
    await main(rest)
    return true
  }
  if (command === 'run' && process.argv.includes('--')) {
    // Plain `run [flags] -- <command…>` only: main() declines anything oclif should parse.
    const {main} = await import('../dist/run-session.js')
    return main(process.argv.slice(3))
  }
  return false
}

if (!(await fastPath())) {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
