#!/usr/bin/env node
// `codex-guard hook <event>` runs on every Codex tool call and `codex-guard precommit run` on every
// commit, so both are dispatched before oclif loads (oclif alone costs about one extra Node
// start-up), each from a single bundled file (dist/hook.js, dist/precommit.js, built by
// `npm run build`) because resolving many small ESM modules is slow.
const [, , command, event, ...rest] = process.argv
const wantsHelp = rest.includes('--help') || rest.includes('-h')
if (command === 'hook' && event && !event.startsWith('-') && !rest.includes('--help')) {
  const {main} = await import('../dist/hook.js')
  await main(event)
} else if (command === 'precommit' && event === 'run' && !wantsHelp) {
  const {main} = await import('../dist/precommit.js')
  await main(rest)
} else {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
