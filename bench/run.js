#!/usr/bin/env node
// Benchmarks, each against a baseline measured in the same run, printed as a ratio table.
// Run after `npm run build`. Wall-clock medians over interleaved runs (the machine may be shared).
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 21)
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

function time(command, args, options = {}) {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, {stdio: ['pipe', 'ignore', 'ignore'], ...options})
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}

function interleaved(cases) {
  const samples = cases.map(() => [])
  for (let round = 0; round < runs; round++) {
    for (const [index, entry] of cases.entries()) samples[index].push(entry.run())
  }
  return cases.map((entry, index) => ({name: entry.name, ms: median(samples[index])}))
}

function table(title, results, targets = {}) {
  const base = results[0].ms
  console.log(`\n## ${title} (median of ${runs})`)
  console.log('| case | median ms | × baseline | target |')
  console.log('|---|---:|---:|---|')
  for (const result of results) {
    const ratio = result.ms / base
    const target = targets[result.name]
    const verdict = target === undefined ? '' : `≤ ${target}× ${ratio <= target ? 'OK' : 'MISSED'}`
    console.log(`| ${result.name} | ${result.ms.toFixed(1)} | ${ratio.toFixed(2)} | ${verdict} |`)
  }
}

// 1. The PreToolUse hook as a whole process vs Node's own start-up.
const scratch = mkdtempSync(join(tmpdir(), 'cg-bench-'))
const project = join(scratch, 'project')
mkdirSync(join(project, '.git'), {recursive: true})
writeFileSync(join(project, '.env'), 'SECRET=1\n')
const env = {...process.env, XDG_STATE_HOME: join(scratch, 'state'), HOME: join(scratch, 'home')}
const payload = (command) => JSON.stringify({session_id: 'bench', cwd: project, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {command}})
const bin = join(root, 'bin', 'run.js')
table(
  'PreToolUse hook decision, whole process',
  interleaved([
    {name: 'node -e 0', run: () => time(process.execPath, ['-e', '0'])},
    {name: 'hook: allow `git status`', run: () => time(process.execPath, [bin, 'hook', 'pre-tool-use'], {input: payload('git status'), env})},
    {name: 'hook: deny `sh -c "cat ./.env"`', run: () => time(process.execPath, [bin, 'hook', 'pre-tool-use'], {input: payload('sh -c "cat ./.env"'), env})},
    {name: 'hook: complex pipeline', run: () => time(process.execPath, [bin, 'hook', 'pre-tool-use'], {input: payload('find src -name "*.ts" -print0 | xargs -0 grep -l TODO | sort | uniq -c > /tmp/x && echo $(wc -l < /tmp/x)'), env})},
    {name: 'codex-guard --version (oclif)', run: () => time(process.execPath, [bin, '--version'])},
  ]),
  {'hook: allow `git status`': 2, 'hook: deny `sh -c "cat ./.env"`': 2, 'hook: complex pipeline': 2},
)
rmSync(scratch, {recursive: true, force: true})

