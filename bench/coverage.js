#!/usr/bin/env node
// Benchmark: the content-aware coverage walk (detect/coverage.ts) and what its exact entries cost
// at sandbox start.
// 1. Workspace walk on a synthetic 100k-file tree (BENCH_COVERAGE_FILES), against a bare readdir
//    walk of the same tree (util/walk.ts, the floor for visiting every file).
// 2. The $HOME walk on a home with many projects (BENCH_HOME_PROJECTS × 50 files).
// 3. `codex sandbox -P codex-guard -- true` with the catalogue profile alone, and with 50
//    (HOME_SCAN.maxEntries), 100 and 500 extra exact home entries: each entry is one bind mount.
// Run after `npm run build`. BENCH_RUNS (default 3) interleaved runs, medians; the machine may be shared.
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {interleaved, median, table, time} from './lib.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 3)
const fileCount = Number(process.env.BENCH_COVERAGE_FILES ?? 100_000)
const projects = Number(process.env.BENCH_HOME_PROJECTS ?? 300)
const {discoverEntries} = await import(join(root, 'dist', 'detect', 'coverage.js'))
const {walkRepository} = await import(join(root, 'dist', 'util', 'walk.js'))
const {buildPolicy} = await import(join(root, 'dist', 'policy', 'effective.js'))
const {planInit} = await import(join(root, 'dist', 'generate', 'init.js'))
const {applyEdits} = await import(join(root, 'dist', 'generate', 'plan.js'))

// Outside /tmp: the sandbox mounts a fresh /tmp (test/helpers/codex.ts).
const base = join(homedir(), '.cache', 'codex-guard-bench')
mkdirSync(base, {recursive: true})
const scratch = mkdtempSync(join(base, 'coverage-'))
const put = (path, text) => {
  mkdirSync(dirname(path), {recursive: true})
  writeFileSync(path, text)
}

try {
  // 1. A workspace: source-like files of a few hundred bytes, 1 in 5000 a secret under an odd name.
  const workspace = join(scratch, 'ws')
  spawnSync('git', ['init', '-q', workspace])
  const source = `export function handler(request) {\n  const token = request.headers.authorization\n  return validate(token)\n}\n${'// padding line of ordinary code\n'.repeat(8)}`
  for (let index = 0; index < fileCount; index++) {
    const dir = join(workspace, `pkg${index % 200}`, `mod${Math.floor(index / 200) % 50}`)
    if (index % 5000 === 0)
      put(join(dir, `deploy_${index}_key`), `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----\n${'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'}AAAAAAAAAA\n-----END OPENSSH PRIVATE KEY-----\n`)
    else put(join(dir, `file${index}.ts`), source)
  }
  const policy = buildPolicy('standard')
  const env = {HOME: join(scratch, 'home'), CODEX_HOME: join(scratch, 'codex-home'), XDG_STATE_HOME: join(scratch, 'state')}
  const samples = {walk: [], discover: []}
  for (let round = 0; round < runs; round++) {
    let start = performance.now()
    walkRepository(workspace)
    samples.walk.push(performance.now() - start)
    start = performance.now()
    const found = await discoverEntries(workspace, policy, {env, home: false})
    samples.discover.push(performance.now() - start)
    if (found.denied.length !== Math.ceil(fileCount / 5000)) throw new Error(`expected ${Math.ceil(fileCount / 5000)} keys, found ${found.denied.length}`)
  }
  table(
    `coverage walk, ${fileCount} files`,
    [
      {name: 'readdir walk (floor)', ms: median(samples.walk)},
      {name: 'discoverEntries (names + content)', ms: median(samples.discover)},
    ],
    {'discoverEntries (names + content)': 15},
    runs,
  )

  // 2. A home with many projects, each with a .env and 49 ordinary files.
  const home = env.HOME
  for (let project = 0; project < projects; project++) {
    const dir = join(home, 'src', `project${project}`)
    put(join(dir, '.env'), `API_TOKEN=abcdef${project}123456\n`)
    for (let index = 0; index < 49; index++) put(join(dir, 'src', `f${index}.js`), source)
  }
  mkdirSync(env.CODEX_HOME, {recursive: true})
  const homeSamples = []
  let homeEntries = 0
  for (let round = 0; round < runs; round++) {
    const start = performance.now()
    const found = await discoverEntries(join(scratch, 'empty-ws'), policy, {env})
    homeSamples.push(performance.now() - start)
    homeEntries = found.home.length
  }
  console.log(`\n## $HOME walk, ${projects} projects × 50 files (median of ${runs})`)
  console.log(`| case | median ms | entries |\n|---|---:|---:|\n| discoverEntries with $HOME | ${median(homeSamples).toFixed(1)} | ${homeEntries} |`)

  // 3. Sandbox start with extra exact home entries.
  const codex = join(root, '.cache', 'codex', 'node_modules', '.bin', 'codex')
  const sandboxEnv = {PATH: process.env.PATH, HOME: home, CODEX_HOME: env.CODEX_HOME, TMPDIR: join(scratch, 'tmp'), LANG: 'C.UTF-8'}
  mkdirSync(sandboxEnv.TMPDIR, {recursive: true})
  const repoWith = (count) => {
    const repo = join(scratch, `sandbox-${count}`)
    spawnSync('git', ['init', '-q', repo])
    const paths = Array.from({length: count}, (_, index) => `src/project${index % projects}/.env${index >= projects ? `.${index}` : ''}`)
    for (const path of paths) put(join(home, path), 'API_TOKEN=abcdef123456\n')
    const discovered = {deny: [], readOnly: [], home: paths.map((path) => `~/${path}`)}
    applyEdits(planInit({root: repo, force: false, trust: true, agentsMd: false, gitignore: false, hooks: false, env: sandboxEnv, discovered}).edits)
    return repo
  }
  const cases = [0, 50, 100, 500].map((count) => {
    const repo = repoWith(count)
    return {
      name: count === 0 ? 'catalogue profile' : `+${count} exact home entries`,
      run: () => time(spawnSync, codex, ['sandbox', '-P', 'codex-guard', '-C', repo, '--', 'true'], {env: sandboxEnv, cwd: repo}),
    }
  })
  table('codex sandbox start (-- true)', interleaved(cases, runs), {'+50 exact home entries': 1.25}, runs)
} finally {
  rmSync(scratch, {recursive: true, force: true})
}
