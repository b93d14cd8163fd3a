#!/usr/bin/env node
// Benchmark of `codex-guard precommit run`, each case against a baseline measured in the same run,
// printed as markdown ratio tables. Run after `npm run build`:  node bench/precommit.js
// (BENCH_RUNS=N for more rounds). Wall-clock medians over interleaved runs (the machine may be
// shared). Needs git; ripgrep (`rg`) for the 2,000-file comparison.
//
// 1. a 20-file commit: the whole hook process vs `node -e 0` (target ≤ 2×);
// 2. a 2,000-file commit: the whole hook process vs ripgrep running the secretlint preset's
//    patterns (translated to Rust regex) over the same staged files (target ≤ 2×), with two
//    reference rows: rg with only the keyword prefilter, and rg reading the staged diff;
// 3. secretlint on the same files as a reference (throughput), and proof that the keyword
//    prefilter loses nothing: identical findings with and without it on a seeded corpus.
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {interleaved as interleavedRuns, table as ratioTable, time} from './lib.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = join(root, 'bin', 'run.js')
const runs = Number(process.env.BENCH_RUNS ?? 11)
const timeRun = (command, args, options) => time(spawnSync, command, args, options)
const interleaved = (cases) => interleavedRuns(cases, runs)
const table = (title, results, targets = {}) => ratioTable(title, results, targets, runs)
const {seedCorpus} = await import(join(root, 'dist', 'precommit', 'corpus.js'))
const {scanAddedSecrets, WINDOW_KEYWORDS} = await import(join(root, 'dist', 'precommit', 'secrets.js'))
const {scanSecrets} = await import(join(root, 'dist', 'detect', 'secrets', 'scan.js'))
const {SECRET_RULES} = await import(join(root, 'dist', 'policy', 'secret-formats.js'))

/** Ordinary JavaScript from the installed dependencies, deterministic order. */
function ordinaryJs(limit) {
  const out = []
  const walk = (dir) => {
    let entries
    try {
      entries = readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))
    } catch {
      return
    }
    for (const entry of entries) {
      if (out.length >= limit) return
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.js') && !entry.name.endsWith('.min.js')) {
        const size = statSync(path).size
        if (size >= 500 && size <= 20_000) out.push({path: `src/${out.length % 50}/${entry.name.replace(/\.js$/, '')}-${out.length}.js`, text: readFileSync(path, 'utf8')})
      }
    }
  }
  walk(join(root, 'node_modules'))
  if (out.length < limit) throw new Error(`only ${out.length} JavaScript files found in node_modules (need ${limit})`)
  return out
}

const gitEnv = (home) => ({
  ...process.env,
  HOME: home,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'b@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'b@example.invalid',
})
function stagedRepo(dir, files, env) {
  mkdirSync(dir, {recursive: true})
  execFileSync('git', ['init', '-q', '-b', 'main'], {cwd: dir, env})
  for (const file of files) {
    mkdirSync(join(dir, dirname(file.path)), {recursive: true})
    writeFileSync(join(dir, file.path), file.lines ? `${file.lines.join('\n')}\n` : file.text)
  }
  execFileSync('git', ['add', '-A'], {cwd: dir, env})
}

// The secretlint recommended preset's patterns in Rust regex syntax (rg): the "equivalent pattern
// set" (private keys by their header; rg has no multi-line PEM body check without -U).
const SECRETLINT_PATTERNS = [
  String.raw`(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["']?\s*(?::|=>|=)\s*["']?[A-Za-z0-9/+=]{40}["']?\b`,
  String.raw`\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b`,
  '-----BEGIN ?(?:(?:RSA|DSA|EC|OPENSSH|PGP) )?PRIVATE KEY(?: BLOCK)?-----',
  'npm_[A-Za-z0-9_]{36}',
  '_authToken=[^$].*',
  String.raw`https?://.{1,256}:x-oauth-basic@github\.com/`,
  String.raw`\b(?:xoxb|xoxp|xapp|xoxa|xoxo|xoxr)-(?:\d-)?(?:[a-zA-Z0-9]{1,40}-)+[a-zA-Z0-9]{1,40}\b`,
  String.raw`(?i)https://hooks\.slack\.com/services/T[a-zA-Z0-9]{1,40}/B[a-zA-Z0-9]{1,40}/[a-zA-Z0-9]{1,40}`,
  String.raw`(?:https?|ftp|ftps)://[-a-zA-Z0-9_]{1,256}:[-a-zA-Z0-9_]{1,256}@[-a-zA-Z0-9%._+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}\b`,
  String.raw`sk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})\b|sk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}`,
  String.raw`sk-ant-api0\d-[A-Za-z0-9_-]{90,128}AA`,
  'lin_api_[a-zA-Z0-9_]{32,128}',
  String.raw`SG\.\w{1,128}\.\w{1,128}[-_]?\w{1,128}`,
  '(?:shppa|shpca|shpat|shpss)_[a-zA-Z0-9]{32,64}',
  '(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}',
  'github_pat_[A-Za-z0-9_]{82}',
  'ops_ey[A-Za-z0-9+/=]{100,1280}fQ={0,2}',
  String.raw`(?i)mongodb(?:\+srv)?://[^:/\s]{1,100}:[^@/\s]{1,200}@[^/\s?]{1,100}`,
  String.raw`(?i)(?:jdbc:)?mysqlx?://[^:/\s]{1,100}:[^@/\s]{1,200}@[^/\s?]{1,100}`,
  String.raw`(?i)postgres(?:ql)?://[^:/\s]{1,100}:[^@/\s]{1,200}@[^/\s?]{1,100}`,
  // codex-guard's engine rules (single-line regex ones), lookarounds dropped: ripgrep's engine has none
  ...SECRET_RULES.filter((rule) => rule.pattern !== undefined && !/\\[rn]/.test(rule.pattern)).map(
    (rule) => `${rule.ignoreCase ? '(?i)' : ''}${rule.pattern.replace(/\(\?<?[=!](?:[^()\\]|\\.)*\)/g, '')}`,
  ),
]

const scratch = mkdtempSync(join(tmpdir(), 'cg-bench-precommit-'))
const home = join(scratch, 'home')
mkdirSync(home)
const env = gitEnv(home)
const hookEnv = {...env, NO_COLOR: '1'}
const base = ordinaryJs(2000)

try {
  // 1. 20 ordinary files
  const small = join(scratch, 'commit-20')
  stagedRepo(small, base.slice(0, 20), env)
  table(
    'pre-commit hook, 20-file commit, whole process',
    interleaved([
      {name: 'node -e 0', run: () => timeRun(process.execPath, ['-e', '0'])},
      {name: 'codex-guard precommit run (20 files)', run: () => timeRun(process.execPath, [bin, 'precommit', 'run'], {cwd: small, env: hookEnv, okCodes: [0, 1]})},
    ]),
    {'codex-guard precommit run (20 files)': 2},
  )

  // 2. 2,000 files with planted secrets (one file in 20)
  const corpus = seedCorpus(base, {seed: 2000, every: 20})
  const large = join(scratch, 'commit-2000')
  stagedRepo(large, corpus, env)
  const bytes = corpus.reduce((sum, file) => sum + file.lines.join('\n').length + 1, 0)
  const patterns = join(scratch, 'secretlint-patterns.txt')
  writeFileSync(patterns, `${SECRETLINT_PATTERNS.join('\n')}\n`)
  const keywords = join(scratch, 'keywords.txt')
  writeFileSync(keywords, `${WINDOW_KEYWORDS.source.replaceAll('\\/', '/')}\n`)
  const paths = corpus.map((file) => file.path)
  const hasRg = spawnSync('rg', ['--version']).status === 0
  if (!hasRg) console.log('\n(ripgrep not installed: `apt-get install -y ripgrep` for the 2,000-file comparison)')
  else {
    table(
      `pre-commit hook, ${corpus.length}-file commit (${(bytes / 1024 / 1024).toFixed(1)} MiB staged), whole process`,
      interleaved([
        {name: 'rg, secretlint pattern set, same files', run: () => timeRun('rg', ['--no-messages', '-c', '-f', patterns, '--', ...paths], {cwd: large, okCodes: [0, 1]})},
        {name: 'rg, keyword prefilter only, same files', run: () => timeRun('rg', ['--no-messages', '-c', '-f', keywords, '--', ...paths], {cwd: large, okCodes: [0, 1]})},
        {name: 'git diff --cached -U0 | rg secretlint set', run: () => timeRun('sh', ['-c', `git diff --cached -U0 --no-color | rg -c -f '${patterns}'`], {cwd: large, env, okCodes: [0, 1]})},
        {name: 'codex-guard precommit run (2,000 files)', run: () => timeRun(process.execPath, [bin, 'precommit', 'run'], {cwd: large, env: hookEnv, okCodes: [0, 1]})},
      ]),
      {'codex-guard precommit run (2,000 files)': 2},
    )
  }

  // 3. secretlint reference and the prefilter's equivalence, in process
  const inputs = corpus.map((file) => ({path: file.path, added: file.lines.map((text, index) => ({line: index + 1, text}))}))
  await scanSecrets('warm up', 'a.txt', {prefilter: false})
  const measure = async (fn) => {
    const start = process.hrtime.bigint()
    const value = await fn()
    return {value, ms: Number(process.hrtime.bigint() - start) / 1e6}
  }
  const full = await measure(() => scanAddedSecrets(inputs, {prefilter: false}))
  const stats = {files: 0, windowLines: 0, wholeFiles: 0, secretlintCalls: 0}
  const windowed = await measure(() => scanAddedSecrets(inputs, {stats}))
  const whole = await measure(async () => {
    let count = 0
    for (const file of corpus) count += (await scanSecrets(file.lines.join('\n'), file.path, {prefilter: false})).length
    return count
  })
  const key = (hit) => `${hit.path}:${hit.line}:${hit.column}:${hit.rule}:${hit.messageId}:${hit.secretHash}`
  const a = full.value.map(key)
  const b = windowed.value.map(key)
  const same = a.length === b.length && a.every((entry, index) => entry === b[index])
  const kb = bytes / 1024
  console.log(`\n## secretlint on the same ${corpus.length} files (${kb.toFixed(0)} KiB), in process, one run`)
  console.log('| case | ms | KiB/s | findings |')
  console.log('|---|---:|---:|---:|')
  console.log(`| secretlint preset, one call per file (reference) | ${whole.ms.toFixed(1)} | ${(kb / (whole.ms / 1000)).toFixed(0)} | ${whole.value} |`)
  console.log(`| scanAddedSecrets without prefilter (secretlint over every added line) | ${full.ms.toFixed(1)} | ${(kb / (full.ms / 1000)).toFixed(0)} | ${a.length} |`)
  console.log(
    `| scanAddedSecrets with the keyword prefilter (${stats.windowLines} window lines, ${stats.secretlintCalls} secretlint call(s)) | ${windowed.ms.toFixed(1)} | ${(kb / (windowed.ms / 1000)).toFixed(0)} | ${b.length} |`,
  )
  console.log(
    `\nPrefilter loses nothing: ${same ? 'YES' : 'NO'} — ${b.length} findings with the prefilter, ${a.length} without, ${same ? 'identical (file, line, column, rule, secret hash)' : 'DIFFERENT'}.`,
  )
  if (!same) {
    for (const entry of a.filter((item) => !b.includes(item))) console.log(`  only without prefilter: ${entry}`)
    for (const entry of b.filter((item) => !a.includes(item))) console.log(`  only with prefilter: ${entry}`)
    process.exitCode = 1
  }
} finally {
  rmSync(scratch, {recursive: true, force: true})
}
