#!/usr/bin/env node
// `codex-guard hook <event>` runs on every Codex tool call, `codex-guard precommit run` on every
// commit and `codex-guard run -- …` in front of every session, so they are dispatched before
// oclif loads (oclif alone costs about one extra Node start-up), each from a single bundled file
// (dist/hook.js, dist/precommit.cjs, dist/run-session.js, built by `npm run build`) because
// resolving many small ESM modules is slow. This file is CommonJS (bin/package.json) so that the
// pre-commit check, which also loads through V8's code cache (dist/code-cache.cjs, cache in
// $XDG_CACHE_HOME/codex-guard), never starts Node's ESM loader.
'use strict'
const {readdirSync, statSync, unlinkSync} = require('node:fs')
const {join} = require('node:path')

const [, , command, event, ...rest] = process.argv
const wantsHelp = rest.includes('--help') || rest.includes('-h')

/** The pre-commit bundle's exports, compiled with a code cache named by bundle identity. */
function loadPrecommit() {
  const bundle = require.resolve('../dist/precommit.cjs')
  const {loadBundle} = require('../dist/code-cache.cjs')
  const home = process.env.HOME || require('node:os').homedir()
  const base = process.env.XDG_CACHE_HOME || (home ? join(home, '.cache') : undefined)
  if (!base) return loadBundle(bundle, undefined)
  // one cache per installation (FNV-1a of its path), replaced when the bundle or Node changes
  let installation = 0x811c9dc5
  for (let index = 0; index < bundle.length; index++) installation = Math.imul(installation ^ bundle.charCodeAt(index), 0x01000193) >>> 0
  const {size, mtimeMs} = statSync(bundle)
  const dir = join(base, 'codex-guard', 'code-cache')
  const prefix = `precommit-${installation.toString(16)}-`
  const stem = `${prefix}${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}`
  const exports = loadBundle(bundle, join(dir, `${stem}.bin`), () => {
    for (const stale of readdirSync(dir, {withFileTypes: true}))
      if (stale.isFile() && stale.name.startsWith(prefix) && !stale.name.startsWith(`${stem}.`)) unlinkSync(join(dir, stale.name))
  })
  // the injection scanner's anchor automaton, kept beside the code cache (same identity)
  exports.keepAnchorsIn?.(join(dir, `${stem}.anchors`))
  return exports
}

async function fastPath() {
  if (command === 'hook' && event && !event.startsWith('-') && !rest.includes('--help')) {
    const {main} = await import('../dist/hook.js')
    await main(event)
    return true
  }
  if (command === 'precommit' && event === 'run' && !wantsHelp) {
    await loadPrecommit().main(rest)
    return true
  }
  if (command === 'run' && process.argv.includes('--')) {
    // Plain `run [flags] -- <command…>` only: main() declines anything oclif should parse.
    const {main} = await import('../dist/run-session.js')
    return main(process.argv.slice(3))
  }
  return false
}

fastPath().then(async (done) => {
  if (done) return
  const {execute} = await import('@oclif/core')
  // the package root's manifest (oclif looks for package.json upwards from here; bin/ has its own)
  await execute({dir: join(__dirname, '..', 'package.json')})
})
