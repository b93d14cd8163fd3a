#!/usr/bin/env node
// Benchmarks, each against a baseline measured in the same run, printed as a ratio table.
// Run after `npm run build`. Wall-clock medians over interleaved runs (the machine may be shared).
import {spawn, spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {interleaved as interleavedRuns, median, table as ratioTable, startupNeutral, time} from './lib.js'

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
// What hooks.json runs: the installed runtime (dist/hook-runtime, as `init` copies it). One call
// first writes its code cache, as the first hook call of a real session does.
const runtime = join(root, 'dist', 'hook-runtime', 'hook.cjs')
const hook = (command) => () => timeRun(process.execPath, [runtime, 'pre-tool-use'], {input: payload(command), env})
hook('true')()
table(
  'PreToolUse hook decision, whole process (the installed runtime, hook.cjs)',
  interleaved([
    {name: 'node -e 0', run: () => timeRun(process.execPath, ['-e', '0'])},
    {name: 'hook: allow `git status`', run: hook('git status')},
    {name: 'hook: deny `sh -c "cat ./.env"`', run: hook('sh -c "cat ./.env"')},
    {name: 'hook: complex pipeline', run: hook('find src -name "*.ts" -print0 | xargs -0 grep -l TODO | sort | uniq -c > /tmp/x && echo $(wc -l < /tmp/x)')},
    {name: '`codex-guard hook pre-tool-use` (checkout entry, ESM)', run: () => timeRun(process.execPath, [bin, 'hook', 'pre-tool-use'], {input: payload('git status'), env})},
    {name: 'codex-guard --version (oclif)', run: () => timeRun(process.execPath, [bin, '--version'])},
    // Hostile input: the decision stays within its budget (denied past it), whatever the size.
    {name: 'hook worst case: self-concatenation, 270 KB (denied at the budget)', run: hook(`${'a=$a$a$a;'.repeat(30_000)} cat $a`)},
    {name: 'hook: 900 KB heredoc (allowed)', run: hook(`cat > big.py <<'EOF'\n${'print("hello")\n'.repeat(60_000)}EOF`)},
  ]),
  {'hook: allow `git status`': 1.3, 'hook: deny `sh -c "cat ./.env"`': 1.3, 'hook: complex pipeline': 1.3},
)

// `node bench/run.js hook`: the hook table alone (a quick check while working on the hook).
if (process.argv[2] === 'hook') {
  rmSync(scratch, {recursive: true, force: true})
  process.exit(0)
}

// 2. `codex-guard run` wrapper overhead on file-heavy workloads in a 20k-file tree.
const tree = join(scratch, 'tree')
const FILES = Number(process.env.BENCH_TREE_FILES ?? 20_000)
for (let index = 0; index < FILES; index++) {
  const dir = join(tree, 'src', `d${Math.floor(index / 50)}`)
  if (index % 50 === 0) mkdirSync(dir, {recursive: true})
  writeFileSync(join(dir, `f${index}.ts`), `export const v${index} = ${index}\n`)
}
mkdirSync(join(tree, '.git'), {recursive: true})
const script = (name, text) => {
  const path = join(scratch, name)
  writeFileSync(path, text)
  return path
}
const SOURCES = `const sources = []
for (const dir of readdirSync(join(root, 'src'))) for (const file of readdirSync(join(root, 'src', dir))) sources.push(join(root, 'src', dir, file))`
// The target workload: an agent task in a large repository, done with the real tools an agent
// runs. Each round: git status, a ripgrep search, a bundle of the whole tree with esbuild (reads
// and parses all 20k files, writes dist/), 100 test fixtures created and removed in the
// workspace, 10 files edited, git add + commit. Build output and .git internals are ignored by
// default, as in a real session; fixtures, edits and everything under src/ are watched.
const agentTree = join(scratch, 'agent-tree')
mkdirSync(agentTree)
spawnSync('cp', ['-r', join(tree, 'src'), agentTree])
writeFileSync(join(agentTree, 'src', 'index.ts'), Array.from({length: FILES}, (_, index) => `export * from './d${Math.floor(index / 50)}/f${index}'\n`).join(''))
const git = (...args) => {
  const result = spawnSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], {cwd: agentTree, stdio: 'ignore'})
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${agentTree}`)
}
git('init', '-q')
git('add', '-A')
git('commit', '-qm', 'initial')
for (const tool of ['rg', 'git']) {
  if (spawnSync(tool, ['--version'], {stdio: 'ignore'}).status !== 0) throw new Error(`the agent-task benchmark needs ${tool} (apt-get install ripgrep git)`)
}
const ROUNDS = Number(process.env.BENCH_AGENT_ROUNDS ?? 3)
const agent = script(
  'agent.sh',
  `set -e
cd "$1"
for round in $(seq 1 ${ROUNDS}); do
  git status --porcelain >/dev/null
  rg -l 'export const' src >/dev/null
  ${JSON.stringify(join(root, 'node_modules', '.bin', 'esbuild'))} src/index.ts --bundle --outfile=dist/bundle.js --log-level=error
  mkdir -p tmp-test && for k in $(seq 1 100); do echo "{\\"k\\":$k}" > tmp-test/f$k.json; done && rm -rf tmp-test
  for k in $(seq 1 10); do echo "// edit $round" >> src/d$((round * 10 + k))/f$(((round * 10 + k) * 50)).ts; done
  git add -A src && git -c user.email=bench@example.com -c user.name=bench commit -qm "round $round"
done
`,
)
// The stress case: a write storm rewriting 2,000 watched sources every pass (16,000 rewrites in a
// few seconds). Every write then costs the kernel an inotify event, so the reference row is the
// cheapest possible watcher (plain fs.watch on the same directories, doing nothing).
const PASSES = Number(process.env.BENCH_WORKLOAD_PASSES ?? 8)
const storm = script(
  'storm.mjs',
  `import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
const root = process.argv[2]
${SOURCES}
for (let pass = 0; pass < ${PASSES}; pass++) {
  sources.forEach((path, n) => { readFileSync(path); if (n % 10 === pass % 10) writeFileSync(path, readFileSync(path, 'utf8') + '// touched\\n') })
  mkdirSync(join(root, 'out'), {recursive: true})
  for (let i = 0; i < 500; i++) writeFileSync(join(root, 'out', 'gen' + i + '.js'), 'x'.repeat(1000) + pass)
}
`,
)
// Reference: fs.watch on every directory the file monitor watches, callbacks doing nothing.
const bareWatcher = script(
  'bare-watch.mjs',
  `import {readdirSync, watch} from 'node:fs'
import {join} from 'node:path'
import {spawn} from 'node:child_process'
const [root, ...command] = process.argv.slice(2)
const skip = new Set(['node_modules', 'dist', 'build', 'out', '.next', 'target', 'coverage', '.git'])
const queue = [root]
while (queue.length > 0) {
  const dir = queue.shift()
  watch(dir, {persistent: false}, () => {})
  for (const entry of readdirSync(dir, {withFileTypes: true})) if (entry.isDirectory() && !skip.has(entry.name)) queue.push(join(dir, entry.name))
}
spawn(command[0], command.slice(1), {stdio: 'inherit'}).on('exit', (code) => process.exit(code ?? 1))
`,
)

/** Wall time of a process and the peak RSS of that process alone (sampled from /proc). */
function timeWithRss(command, args, options = {}) {
  // Every case starts with the page cache written back, so one run's dirty pages do not slow the next.
  spawnSync('sync')
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const child = spawn(command, args, {stdio: 'ignore', ...options, env: startupNeutral(options.env)})
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

const wrapperRuns = Number(process.env.BENCH_RUN_ROUNDS ?? 7)
const runEnv = {...env, CODEX_HOME: join(scratch, 'codex-home')}
// --no-checklist: this measures monitoring; the rotation hand-off is a separate, interactive step.
const wrap = (...command) => [bin, 'run', '--no-checklist', '--', ...command]
const workloads = [
  {name: 'agent task (git, rg, esbuild)', command: ['bash', agent, agentTree], cwd: agentTree, target: 1.05},
  {name: 'write storm (stress)', command: [process.execPath, storm, tree], cwd: tree},
]
const samples = new Map()
const record = (key, result) => samples.set(key, [...(samples.get(key) ?? []), result])
for (let round = 0; round < wrapperRuns; round++) {
  for (const workload of workloads) {
    const {command, cwd} = workload
    record(`${workload.name}|alone`, await timeWithRss(command[0], command.slice(1), {cwd}))
    record(`${workload.name}|bare`, await timeWithRss(process.execPath, [bareWatcher, cwd, ...command], {cwd}))
    record(`${workload.name}|run`, await timeWithRss(process.execPath, wrap(...command), {cwd, env: runEnv}))
  }
  record('fixed|node', await timeWithRss(process.execPath, ['-e', '0']))
  record('fixed|run', await timeWithRss(process.execPath, wrap('true'), {cwd: tree, env: runEnv}))
}
const medianMs = (key) => median(samples.get(key).map((sample) => sample.ms))
const peakRss = Math.max(...[...samples.entries()].filter(([key]) => key.endsWith('|run')).flatMap(([, list]) => list.map((sample) => sample.rssMb)))
console.log(`\n## codex-guard run overhead in a ${FILES}-file tree (median of ${wrapperRuns}, interleaved)`)
console.log('| case | median ms | × alone | target |')
console.log('|---|---:|---:|---|')
for (const workload of workloads) {
  const alone = medianMs(`${workload.name}|alone`)
  const ratio = (key) => medianMs(`${workload.name}|${key}`) / alone
  const verdict = workload.target === undefined ? 'reported' : `≤ ${workload.target}× ${ratio('run') <= workload.target ? 'OK' : 'MISSED'}`
  console.log(`| ${workload.name}: alone | ${alone.toFixed(0)} | 1.00 |  |`)
  console.log(`| ${workload.name}: bare fs.watch, no work (reference) | ${medianMs(`${workload.name}|bare`).toFixed(0)} | ${ratio('bare').toFixed(2)} |  |`)
  console.log(`| ${workload.name}: codex-guard run | ${medianMs(`${workload.name}|run`).toFixed(0)} | ${ratio('run').toFixed(2)} | ${verdict} |`)
}
console.log(`| wrapper peak RSS | ${peakRss.toFixed(0)} MB |  | ≤ 150 MB ${peakRss <= 150 ? 'OK' : 'MISSED'} |`)
console.log(`| fixed start/stop cost: \`run -- true\` (\`node -e 0\`: ${medianMs('fixed|node').toFixed(0)} ms) | ${medianMs('fixed|run').toFixed(0)} |  | paid once per session |`)

rmSync(scratch, {recursive: true, force: true})
