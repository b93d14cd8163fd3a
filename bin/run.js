#!/usr/bin/env node
// `codex-guard hook <event>` runs on every Codex tool call, `codex-guard precommit run` on every
// commit and `codex-guard run -- …` in front of every session, so they are dispatched before
// oclif loads (oclif alone costs about one extra Node start-up), each from a single bundled file
// (dist/hook.js, dist/precommit.js, dist/run-session.js, built by `npm run build`) because
// resolving many small ESM modules is slow.
const [, , command, event, ...rest] = process.argv
const wantsHelp = rest.includes('--help') || rest.includes('-h')

async function fastPath() {
  if (command === 'hook' && event && !event.startsWith('-') && !rest.includes('--help')) {
    const {main} = await import('../dist/hook.js')
    await main(event)
    return true
  }
  if (command === 'precommit' && event === 'run' && !wantsHelp) {
    const {main} = await import('../dist/precommit.js')
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
