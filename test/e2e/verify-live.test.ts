// `verify` live mode with the real codex: one `codex exec` session in the guarded repository
// itself, against the built-in mock model. A fresh `init --trust` repository holding a real
// secret passes with every probe stopped; the same repository with the profile's .env deny
// entries and the hooks removed fails, naming the leaking probe without printing the secret.
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {codexBin, REPO_ROOT, sandboxScratch} from '../helpers/codex.js'

const codex = codexBin()
const SECRET = `sk_live_${'9f3a'.repeat(6)}codexguardlive`
let scratch: string
let repo: string
let env: NodeJS.ProcessEnv

interface LiveProbe {
  id: string
  kind: string
  target: string
  layer: string
  verdict: string
  fingerprint?: string
}
interface Output {
  passed: boolean
  live: {ran: boolean; reason?: string; durationMs: number; probes: LiveProbe[]}
}

async function verify(args: string[]) {
  const result = await execa(process.execPath, [join(REPO_ROOT, 'bin', 'run.js'), 'verify', '--codex', codex, ...args], {
    cwd: repo,
    env,
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: 240_000,
  })
  return {code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr)}
}

/** Every file under CODEX_HOME with a hash of its content: the real one must never be written. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (entry.isFile())
      out[join(entry.parentPath, entry.name)] = createHash('sha256')
        .update(readFileSync(join(entry.parentPath, entry.name)))
        .digest('hex')
  }
  return out
}

beforeAll(() => {
  scratch = sandboxScratch('e2e-verify-live-')
  repo = join(scratch, 'repo')
  for (const dir of ['home', 'codex-home', 'state', 'xdg-cache']) mkdirSync(join(scratch, dir), {recursive: true})
  env = {
    PATH: process.env['PATH'],
    HOME: join(scratch, 'home'),
    CODEX_HOME: join(scratch, 'codex-home'),
    XDG_STATE_HOME: join(scratch, 'state'),
    XDG_CACHE_HOME: join(scratch, 'xdg-cache'),
    LANG: 'C.UTF-8',
  }
  execFileSync('git', ['init', '-q', repo])
  writeFileSync(join(repo, '.env'), `STRIPE_KEY=${SECRET}\n`)
  writeFileSync(join(repo, 'notes.txt'), 'ordinary notes\n')
  execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'run.js'), 'init', '--trust', '--no-precommit', '--codex', codex], {cwd: repo, env, stdio: 'pipe'})
}, 300_000)

afterAll(() => rmSync(scratch, {recursive: true, force: true}))

describe('verify live mode in the real repository', () => {
  it('passes on a fresh init --trust: every probe is stopped, the ordinary command runs', async () => {
    const codexHomeBefore = snapshot(env['CODEX_HOME']!)
    const agentsBefore = readFileSync(join(repo, 'AGENTS.md'))
    const started = Date.now()
    const result = await verify(['--format', 'json'])
    const seconds = (Date.now() - started) / 1000
    expect(result.code, result.stdout + result.stderr).toBe(0)
    const output = JSON.parse(result.stdout) as Output
    expect(output.passed).toBe(true)
    expect(output.live.ran).toBe(true)
    const probes = output.live.probes
    expect(probes.filter((probe) => probe.verdict !== 'PASS')).toEqual([])
    expect(new Set(probes.map((probe) => probe.kind))).toEqual(new Set(['read', 'evasion', 'canary', 'env', 'write', 'interactive', 'allowed']))
    // The real .env is found and stopped before the read runs (the hook), plain and through sh -c.
    const envRead = probes.find((probe) => probe.id === 'read:.env')
    expect(envRead).toMatchObject({layer: 'hook', verdict: 'PASS'})
    expect(envRead?.fingerprint).toMatch(/^[0-9a-f]{8}$/)
    expect(probes.find((probe) => probe.id === 'evasion:.env')?.layer).toBe('hook')
    for (const probe of probes.filter((candidate) => candidate.kind !== 'allowed')) expect(probe.layer, probe.id).not.toBe('none')
    expect(probes.find((probe) => probe.kind === 'allowed')).toMatchObject({verdict: 'PASS', layer: 'none'})
    expect(result.stderr).toMatch(/live: session finished in/)
    expect(result.stdout + result.stderr).not.toContain(SECRET)
    // Nothing left behind: the real CODEX_HOME untouched, AGENTS.md as it was, no canary file.
    expect(snapshot(env['CODEX_HOME']!)).toEqual(codexHomeBefore)
    expect(readFileSync(join(repo, 'AGENTS.md')).equals(agentsBefore)).toBe(true)
    expect(existsSync(join(repo, '.env.codex-guard-canary'))).toBe(false)
    console.log(`verify (sandbox probes + live) took ${seconds.toFixed(1)} s; live ${(output.live.durationMs / 1000).toFixed(1)} s`)

    const text = await verify([])
    expect(text.code, text.stdout + text.stderr).toBe(0)
    expect(text.stdout).toMatch(/stopped by/)
    expect(text.stdout).toMatch(/read\s+\.env \(sha256 [0-9a-f]{8}…, \d+ B\)\s+cat \.env\s+hook\s+PASS/)
    expect(text.stdout).toMatch(/PASS: all \d+ live probes were stopped/)
  }, 240_000)

  it('fails when the profile’s .env entries and the hooks are gone: the real .env reaches the model', async () => {
    const configPath = join(repo, '.codex', 'config.toml')
    const hooksPath = join(repo, '.codex', 'hooks.json')
    const config = readFileSync(configPath, 'utf8')
    const hooks = readFileSync(hooksPath, 'utf8')
    const agentsBefore = readFileSync(join(repo, 'AGENTS.md'))
    const entriesBefore = readdirSync(repo).sort()
    try {
      // Both deny globs that cover .env (`**/*.env` matches it too); `sandbox_mode =
      // "danger-full-access"` in the project config would not do: Codex 0.169 still denied the read.
      writeFileSync(configPath, config.replace('"**/.env" = "none"\n', '').replace('"**/*.env" = "none"\n', ''))
      rmSync(hooksPath)
      const result = await verify(['--format', 'json'])
      expect(result.code).toBe(1)
      expect(result.stdout + result.stderr).not.toContain(SECRET)
      const output = JSON.parse(result.stdout) as Output
      expect(output.passed).toBe(false)
      expect(output.live.ran).toBe(true)
      const leaked = output.live.probes.filter((probe) => probe.verdict === 'LEAK').map((probe) => probe.id)
      expect(leaked).toEqual(expect.arrayContaining(['read:.env', 'evasion:.env', 'canary', 'interactive:bash']))
      // AGENTS.md is read-only in the profile itself (kernel layer): without hooks the writes still fail.
      expect(leaked).not.toContain('write:shell')
      expect(leaked).not.toContain('write:apply_patch')
      // AGENTS.md is byte for byte what it was; no canary left.
      expect(readFileSync(join(repo, 'AGENTS.md')).equals(agentsBefore)).toBe(true)
      expect(existsSync(join(repo, '.env.codex-guard-canary'))).toBe(false)
      // Commands ran in Codex's sandbox, which leaves empty mount points (.agents, .aws): removed.
      expect(readdirSync(repo).sort()).toEqual(entriesBefore)

      const text = await verify([])
      expect(text.code).toBe(1)
      expect(text.stdout).toMatch(/LEAK read:\.env: \.env \(sha256 [0-9a-f]{8}…, \d+ bytes\) reached the model/)
      expect(text.stdout).toMatch(/LEAK: \d+ of \d+ live probes got through/)
      expect(text.stdout + text.stderr).not.toContain(SECRET)
    } finally {
      writeFileSync(configPath, config)
      writeFileSync(hooksPath, hooks)
    }
  }, 240_000)

  it('fails when the hook runtime was removed: the fail-closed hook blocks the ordinary command too', async () => {
    const runtimes = join(env['HOME']!, '.local', 'share', 'codex-guard', 'runtime')
    const runtime = join(runtimes, readdirSync(runtimes).find((name) => !name.startsWith('.'))!)
    execFileSync('mv', [runtime, `${runtime}.moved`])
    try {
      const result = await verify(['--format', 'json'])
      expect(result.code).toBe(1)
      const probes = (JSON.parse(result.stdout) as Output).live.probes
      expect(probes.find((probe) => probe.kind === 'allowed')).toMatchObject({verdict: 'LEAK', layer: 'hook'})
      expect(probes.filter((probe) => probe.kind !== 'allowed').every((probe) => probe.verdict === 'PASS' && probe.layer === 'hook')).toBe(true)
    } finally {
      execFileSync('mv', [`${runtime}.moved`, runtime])
    }
  }, 240_000)

  it('fails, saying why, when the live session cannot run (a rules file Codex refuses)', async () => {
    const rulesPath = join(repo, '.codex', 'rules', 'broken.rules')
    try {
      writeFileSync(rulesPath, '\nprefix_rule(pattern = ["rm"], decision = "deny")\n')
      const result = await verify([])
      expect(result.code).toBe(1)
      expect(result.stdout).toMatch(/FAIL: the live session could not run: .+/)
      expect(result.stderr).toMatch(/live: the session could not run/)
      expect(existsSync(join(repo, '.env.codex-guard-canary'))).toBe(false)
    } finally {
      rmSync(rulesPath)
    }
  }, 240_000)
})
