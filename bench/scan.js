#!/usr/bin/env node
// Benchmark: `codex-guard scan files` over a ~20k-file real tree, side by side in the same run
// with ripgrep running the scanner's own prefilter (every anchor literal of the phrase rules plus
// the hidden-Unicode classes — the practical floor for a text scan) and with secretlint, the
// JavaScript peer (@secretlint/core with its recommended preset, walking and linting the same
// tree's text files in its own process; BENCH_SECRETLINT_RUNS runs, default 1: it is the slowest).
//
// Run after `npm run build`. Tree: BENCH_SCAN_ROOTS (":"-separated), default the project's
// node_modules plus /usr/lib/node_modules, /usr/lib/python3 and /usr/share/doc where present.
// BENCH_RUNS (default 5) interleaved runs, medians; the machine may be shared.
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {startupNeutral} from './lib.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 5)
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const roots = (process.env.BENCH_SCAN_ROOTS?.split(':') ?? [join(root, 'node_modules'), '/usr/lib/node_modules', '/usr/lib/python3', '/usr/share/doc']).filter((dir) => existsSync(dir))

function findRipgrep() {
  const onPath = spawnSync('sh', ['-c', 'command -v rg'], {encoding: 'utf8'}).stdout.trim()
  if (onPath) return onPath
  const vendor = join(root, '.cache', 'codex', 'node_modules', '@openai')
  const stack = existsSync(vendor) ? [vendor] : []
  while (stack.length > 0) {
    const dir = stack.pop()
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) stack.push(path)
      else if (entry.name === 'rg') return path
    }
  }
  throw new Error('ripgrep not found: apt-get install -y ripgrep, or run `npm run codex:install` (Codex ships rg)')
}

/** Regular files under the roots (no symlinks, no .git), with sizes. */
function treeFiles() {
  const files = []
  const stack = [...roots]
  while (stack.length > 0) {
    const dir = stack.pop()
    let entries
    try {
      entries = readdirSync(dir, {withFileTypes: true})
    } catch {
      continue
    }
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== '.git') stack.push(path)
      } else if (entry.isFile()) files.push(path)
    }
  }
  return files
}

function time(command, args, options = {}) {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, {stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30, ...options, env: startupNeutral(options.env)})
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  // scan exits 1 when it finds something, rg exits 1 when it finds nothing
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} ${args.slice(0, 4).join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 400)}`)
  return ms
}

/** Escapes the metacharacters of Rust's regex syntax (rg rejects escapes of other characters). */
const escapeRegex = (literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

async function main() {
  if (!existsSync(join(root, 'dist', 'detect', 'registry.js'))) throw new Error('run `npm run build` first')
  const rg = findRipgrep()
  const files = treeFiles()
  let bytes = 0
  for (const file of files) bytes += statSync(file).size
  console.log(`\n# scan files benchmark\n\ntree: ${roots.join(', ')} — ${files.length} files, ${(bytes / 1e6).toFixed(0)} MB (binary files included in the count; every tool skips them)`)
  console.log(`ripgrep: ${execFileSync(rg, ['--version'], {encoding: 'utf8'}).split('\n')[0]}; cores: ${(await import('node:os')).availableParallelism()}`)

  // ripgrep gets the scanner's prefilter as one pattern file: anchors (a space = any whitespace) + Unicode classes
  const {TEXT_RULES} = await import(join(root, 'dist', 'detect', 'registry.js'))
  const literals = new Set()
  for (const rule of TEXT_RULES) {
    const anchors = rule.anchors ?? []
    for (const literal of Array.isArray(anchors) ? anchors : Object.values(anchors).flat()) literals.add(literal)
  }
  const scratch = mkdtempSync(join(tmpdir(), 'cg-bench-scan-'))
  const patterns = join(scratch, 'patterns.txt')
  const unicode =
    '[\\x{00AD}\\x{034F}\\x{061C}\\x{115F}\\x{1160}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2069}\\x{3000}\\x{3164}\\x{FE00}-\\x{FE0F}\\x{FEFF}\\x{FFA0}\\x{E0000}-\\x{E01EF}]'
  writeFileSync(patterns, `${[...literals].map((literal) => escapeRegex(literal).replace(/ /g, '\\s+')).join('\n')}\n${unicode}\n[A-Za-z][\\x{0400}-\\x{04FF}]|[\\x{0400}-\\x{04FF}][A-Za-z]\n`)
  const minimal = `ignore (all )?previous instructions|if you are an? (ai|llm|assistant)|webhook\\.site|${unicode}`
  console.log(`ripgrep pattern set: ${literals.size} anchor literals + hidden-Unicode and mixed-script classes, case-insensitive`)

  const bin = join(root, 'bin', 'run.js')
  const env = {...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true', NO_COLOR: '1'}
  const cases = [
    {name: 'ripgrep (prefilter patterns, all cores)', run: () => time(rg, ['-uu', '--no-messages', '-c', '-i', '-f', patterns, ...roots])},
    {name: 'ripgrep, one thread', run: () => time(rg, ['-uu', '--no-messages', '-j1', '-c', '-i', '-f', patterns, ...roots])},
    {name: 'ripgrep, minimal pattern (hidden-Unicode class + 3 phrases; not equivalent, for scale)', run: () => time(rg, ['-uu', '--no-messages', '-c', '-i', '-e', minimal, ...roots])},
    {name: 'codex-guard scan files (bin/run.js, oclif)', run: () => time(process.execPath, [bin, 'scan', 'files', ...roots, '--format', 'json'], {env, cwd: scratch})},
    {name: 'codex-guard scan files --jobs 0 (one thread)', run: () => time(process.execPath, [bin, 'scan', 'files', ...roots, '--format', 'json', '--jobs', '0'], {env, cwd: scratch})},
  ]
  const samples = cases.map(() => [])
  for (let round = 0; round < runs; round++) {
    for (const [index, entry] of cases.entries()) samples[index].push(entry.run())
  }
  const results = cases.map((entry, index) => ({name: entry.name, ms: median(samples[index])}))

  // secretlint, the JavaScript peer: @secretlint/core with the recommended preset over the same
  // tree's text files in its own process (walk, binary skip, lint every file), fewer runs: it is slow
  const secretlintScript = join(scratch, 'secretlint-tree.mjs')
  writeFileSync(
    secretlintScript,
    `import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
const {lintSource} = await import(${JSON.stringify(join(root, 'node_modules', '@secretlint', 'core', 'module', 'index.js'))})
const {creator} = await import(${JSON.stringify(join(root, 'node_modules', '@secretlint', 'secretlint-rule-preset-recommend', 'module', 'index.js'))})
const config = {rules: [{id: '@secretlint/secretlint-rule-preset-recommend', rule: creator}]}
const stack = process.argv.slice(2)
let files = 0, bytes = 0
while (stack.length) {
  const dir = stack.pop()
  let entries
  try { entries = readdirSync(dir, {withFileTypes: true}) } catch { continue }
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) { if (entry.name !== '.git') stack.push(path); continue }
    if (!entry.isFile()) continue
    const buffer = readFileSync(path)
    if (buffer.subarray(0, 8000).includes(0)) continue
    const ext = /\\.[A-Za-z0-9]+$/.exec(path)?.[0] ?? '.txt'
    await lintSource({source: {content: buffer.toString('utf8'), filePath: path, ext, contentType: 'text'}, options: {config, maskSecrets: false}})
    files++; bytes += buffer.length
  }
}
console.error(JSON.stringify({files, bytes}))
// secretlint leaves work on the event loop that keeps the process busy; a CLI would exit here
process.exit(0)
`,
  )
  const secretlintRuns = Number(process.env.BENCH_SECRETLINT_RUNS ?? 1)
  const secretlintSamples = []
  let secretlintStats = {}
  for (let round = 0; round < secretlintRuns; round++) {
    const start = process.hrtime.bigint()
    const result = spawnSync(process.execPath, [secretlintScript, ...roots], {stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26, env: startupNeutral()})
    secretlintSamples.push(Number(process.hrtime.bigint() - start) / 1e6)
    if (result.status !== 0) throw new Error(`secretlint run failed: ${result.stderr.slice(0, 400)}`)
    secretlintStats = JSON.parse(result.stderr.trim().split('\n').at(-1))
  }
  const secretlintMs = median(secretlintSamples)

  const base = results[0].ms
  console.log(`\n## scan files over the tree (median of ${runs}, wall time)`)
  console.log('| case | median ms | × ripgrep | target |')
  console.log('|---|---:|---:|---|')
  for (const result of results) {
    const ratio = result.ms / base
    const target = result.name.startsWith('codex-guard') ? `≤ 3× ${ratio <= 3 ? 'OK' : 'MISSED'}` : ''
    console.log(`| ${result.name} | ${result.ms.toFixed(0)} | ${ratio.toFixed(2)} | ${target} |`)
  }
  console.log(
    `| secretlint (@secretlint/core, recommended preset; ${secretlintStats.files} text files, median of ${secretlintRuns}) | ${secretlintMs.toFixed(0)} | ${(secretlintMs / base).toFixed(2)} | |`,
  )
  console.log(`\nsecretlint throughput on the tree: ${(secretlintStats.bytes / 1024 / (secretlintMs / 1000)).toFixed(0)} KB/s of text (one thread).`)
  rmSync(scratch, {recursive: true, force: true})
}

await main()
