#!/usr/bin/env node
// `codex-guard hook <event>` runs on every Codex tool call, so it is dispatched before oclif
// loads (oclif alone costs about one extra Node start-up), from a single bundled file
// (dist/hook.js, built by `npm run build`) because resolving many small ESM modules is slow.
const [, , command, event, ...rest] = process.argv
if (command === 'hook' && event && !event.startsWith('-') && !rest.includes('--help')) {
  const {main} = await import('../dist/hook.js')
  await main(event)
} else {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
