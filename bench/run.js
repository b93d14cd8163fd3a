#!/usr/bin/env node
// Benchmarks, each against a baseline measured in the same run, printed as a ratio table.
// Run after `npm run build`. Wall-clock medians over interleaved runs (the machine may be shared).
import {spawn, spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {interleaved as interleavedRuns, median, table as ratioTable, time} from './lib.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 21)
const timeRun = (command, args, options) => time(spawnSync, command, args, options)
const interleaved = (cases) => interleavedRuns(cases, runs)
const table = (title, results, targets = {}) => ratioTable(title, results, targets, runs)




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
    {name: 'node -e 0', run: () => timeRun(process.execPath, ['-e', '0'])},
    {name: 'hook: allow `git status`', run: () => timeRun(process.execPath, [bin, 'hook', 'pre-tool-use'], {input: payload('git status'), env})},
    {name: 'hook: deny `sh -c "cat ./.env"`', run: () => timeRun(process.execPath, [bin, 'hook', 'pre-tool-use'], {input: payload('sh -c "cat ./.env"'), env})},
    {name: 'hook: complex pipeline', run: () => timeRun(process.execPath, [bin, 'hook', 'pre-tool-use'], {input: payload('find src -name "*.ts" -print0 | xargs -0 grep -l TODO | sort | uniq -c > /tmp/x && echo $(wc -l < /tmp/x)'), env})},
    {name: 'codex-guard --version (oclif)', run: () => timeRun(process.execPath, [bin, '--version'])},
  ]),
  {'hook: allow `git status`': 2, 'hook: deny `sh -c "cat ./.env"`': 2, 'hook: complex pipeline': 2},
)

// 2. `codex-guard run` wrapper overhead on a file-heavy workload in a 20k-file tree.
const tree = join(scratch, 'tree')
const FILES = Number(process.env.BENCH_TREE_FILES ?? 20_000)
for (let index = 0; index < FILES; index++) {
  const dir = join(tree, 'src', `d${Math.floor(index / 50)}`)
  if (index % 50 === 0) mkdirSync(dir, {recursive: true})
  writeFileSync(join(dir, `f${index}.ts`), `export const v${index} = ${index}\n`)
}
mkdirSync(join(tree, '.git'), {recursive: true})
const workload = join(scratch, 'workload.mjs')
// Several build-like passes: each reads every file, rewrites a tenth of them and regenerates
// 500 output files (about 5 s in all here, like a short agent task running builds and tests).
const PASSES = Number(process.env.BENCH_WORKLOAD_PASSES ?? 8)
writeFileSync(
  workload,
  `import {readdirSync, readFileSync, writeFileSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'
const root = process.argv[2]
for (let pass = 0; pass < ${PASSES}; pass++) {
  let n = 0
  for (const dir of readdirSync(join(root, 'src'))) for (const file of readdirSync(join(root, 'src', dir))) {
    const path = join(root, 'src', dir, file); readFileSync(path)
    if (n++ % 10 === pass % 10) writeFileSync(path, readFileSync(path, 'utf8') + '// touched\\n')
  }
  mkdirSync(join(root, 'out'), {recursive: true})
  for (let i = 0; i < 500; i++) writeFileSync(join(root, 'out', 'gen' + i + '.js'), 'x'.repeat(1000) + pass)
}
`,
)

/** Wall time of a process and the peak RSS of that process alone (sampled from /proc). */
function timeWithRss(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const child = spawn(command, args, {stdio: 'ignore', ...options})
    let peak = 0
    const sample = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0))
      } catch {}
    }
    const timer = setInterval(sample, 20)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearInterval(timer)
      if (code !== 0) reject(new Error(`${command} exited ${code}`))
      else resolve({ms: Number(process.hrtime.bigint() - start) / 1e6, rssMb: peak / 1024})
    })
  })
}

const wrapperRuns = Number(process.env.BENCH_RUN_ROUNDS ?? 5)
const runEnv = {...env, CODEX_HOME: join(scratch, 'codex-home')}
const plain = []
const wrapped = []
const fixed = []
let peakRss = 0
for (let round = 0; round < wrapperRuns; round++) {
  plain.push((await timeWithRss(process.execPath, [workload, tree])).ms)
  // --no-checklist: this measures monitoring; the rotation hand-off is a separate, interactive step.
  const result = await timeWithRss(process.execPath, [bin, 'run', '--no-checklist', '--', process.execPath, workload, tree], {cwd: tree, env: runEnv})
  wrapped.push(result.ms)
  peakRss = Math.max(peakRss, result.rssMb)
  fixed.push((await timeWithRss(process.execPath, [bin, 'run', '--no-checklist', '--', 'true'], {cwd: tree, env: runEnv})).ms)
}
console.log(`\n## codex-guard run overhead: ${FILES} files, ${PASSES} passes each reading all, rewriting ${Math.ceil(FILES / 10)}, regenerating 500 (median of ${wrapperRuns})`)
console.log('| case | median ms | × baseline | target |')
console.log('|---|---:|---:|---|')
const plainMs = median(plain)
const wrappedMs = median(wrapped)
const overhead = wrappedMs / plainMs - 1
console.log(`| workload alone | ${plainMs.toFixed(0)} | 1.00 |  |`)
console.log(`| codex-guard run -- workload | ${wrappedMs.toFixed(0)} | ${(wrappedMs / plainMs).toFixed(2)} | ≤ 1.05× ${overhead <= 0.05 ? 'OK' : 'MISSED'} |`)
console.log(`| wrapper peak RSS | ${peakRss.toFixed(0)} MB |  | ≤ 150 MB ${peakRss <= 150 ? 'OK' : 'MISSED'} |`)
console.log(`| fixed start/stop cost (\`run -- true\`) | ${median(fixed).toFixed(0)} |  | paid once per session |`)

rmSync(scratch, {recursive: true, force: true})

