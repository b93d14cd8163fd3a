// `codex-guard init && validate && verify` on a fresh repository, and verify failing when weakened
// (sandbox probes only: the live mode has its own test, verify-live.test.ts).
import {execFileSync} from 'node:child_process'
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {codexBin, REPO_ROOT, sandboxScratch} from '../helpers/codex.js'

const codex = codexBin()
let scratch: string
let repo: string
let env: NodeJS.ProcessEnv

function cli(args: string[]): {code: number; stdout: string; stderr: string} {
  try {
    const stdout = execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'run.js'), ...args], {cwd: repo, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
    return {code: 0, stdout, stderr: ''}
  } catch (error) {
    const failure = error as {status: number; stdout: string; stderr: string}
    return {code: failure.status, stdout: failure.stdout, stderr: failure.stderr}
  }
}

interface Probe {
  id: string
  kind: string
  category: string
  target: string
  pass: boolean
  observed: string
}

const probes = (stdout: string) => (JSON.parse(stdout) as {passed: boolean; probes: Probe[]}).probes

beforeAll(() => {
  scratch = sandboxScratch('e2e-verify-')
  repo = join(scratch, 'my repo')
  for (const dir of ['home', 'codex-home', 'xdg-cache', repo]) mkdirSync(join(dir.startsWith('/') ? dir : join(scratch, dir)), {recursive: true})
  env = {
    // The binary under test (pinned, or CODEX_GUARD_TEST_CODEX's) first on PATH: verify finds codex there.
    PATH: `${dirname(codex)}:${process.env['PATH']}`,
    HOME: join(scratch, 'home'),
    CODEX_HOME: join(scratch, 'codex-home'),
    XDG_CACHE_HOME: join(scratch, 'xdg-cache'),
    LANG: 'C.UTF-8',
  }
  execFileSync('git', ['init', '-q', repo])
  writeFileSync(join(repo, '.env'), 'API_KEY=not-a-real-key\n')
  writeFileSync(join(repo, '.env.example'), 'API_KEY=\n')
})
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

// Each verify runs every canary through `codex sandbox` one after another: over a minute when the
// machine is shared (CI runs this file on two Codex versions).
describe('init → validate → verify with the real codex', {timeout: 240_000}, () => {
  it('passes on a fresh init', () => {
    expect(cli(['init', '--trust']).code).toBe(0)
    const validate = cli(['validate', '--format', 'json'])
    expect(validate.code, validate.stdout + validate.stderr).toBe(0)
    const verify = cli(['verify', '--no-live', '--codex', codex, '--format', 'json'])
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    const results = probes(verify.stdout)
    expect(results.filter((probe) => !probe.pass)).toEqual([])
    const blockedReadCategories = new Set(results.filter((probe) => probe.kind === 'read' && probe.observed === 'blocked').map((probe) => probe.category))
    expect(blockedReadCategories.size).toBe(11)
    expect(results.some((probe) => probe.kind === 'network' && probe.pass)).toBe(true)
    expect(results.some((probe) => probe.id === 'write.outside-workspace' && probe.pass)).toBe(true)
    expect(results.some((probe) => probe.id === 'rules.load' && probe.pass)).toBe(true)
    // Templates the catalogue allows are readable through the real sandbox (the profile's
    // **/*.env leaves their stems out); their passing probes observed "allowed".
    const readableTemplates = results.filter((probe) => probe.id === 'allowed.readable' && probe.observed === 'allowed').map((probe) => probe.target)
    expect(readableTemplates).toEqual(expect.arrayContaining(['.env.example', 'example.env', 'sample.env', 'template.env']))
    const text = cli(['verify', '--no-live', '--codex', codex])
    expect(text.stdout).toMatch(/PASS: all \d+ probes/)
  })

  it('fails when the profile is weakened', () => {
    const configPath = join(repo, '.codex', 'config.toml')
    const original = readFileSync(configPath, 'utf8')
    try {
      writeFileSync(
        configPath,
        original
          .replace('"**/.env" = "none"\n', '')
          .replace('"**/*.env" = "none"\n', '')
          .replace(/(\[permissions\.codex-guard\.network\]\n)enabled = false/, '$1enabled = true'),
      )
      const verify = cli(['verify', '--no-live', '--codex', codex, '--format', 'json'])
      expect(verify.code).toBe(1)
      const failed = probes(verify.stdout).filter((probe) => !probe.pass)
      expect(failed.map((probe) => probe.target)).toEqual(expect.arrayContaining(['.env', 'nested/deeper/.env']))
      expect(failed.some((probe) => probe.kind === 'network')).toBe(true)
      expect(cli(['verify', '--no-live', '--codex', codex]).stdout).toMatch(/FAIL: \d+ of \d+ probes/)
    } finally {
      writeFileSync(configPath, original)
    }
  })

  it('fails when sandbox_mode would disable the profile in real sessions', () => {
    const configPath = join(repo, '.codex', 'config.toml')
    const original = readFileSync(configPath, 'utf8')
    try {
      writeFileSync(configPath, `sandbox_mode = "workspace-write"\n${original}`)
      const verify = cli(['verify', '--no-live', '--codex', codex, '--format', 'json'])
      expect(verify.code).toBe(1)
      expect(probes(verify.stdout).find((probe) => probe.id === 'profile.in-effect')?.pass).toBe(false)
    } finally {
      writeFileSync(configPath, original)
    }
  })

  it('fails when the rules file is broken, naming file and line', () => {
    const rulesPath = join(repo, '.codex', 'rules', 'broken.rules')
    try {
      writeFileSync(rulesPath, '\nprefix_rule(pattern = ["rm"], decision = "deny")\n')
      const verify = cli(['verify', '--no-live', '--codex', codex])
      expect(verify.code).toBe(1)
      expect(verify.stdout).toMatch(/broken\.rules:2/)
    } finally {
      rmSync(rulesPath)
    }
  })

  it('validate reports hooks Codex would not run: a stale hash after the definition changed', () => {
    const clean = cli(['validate', '--format', 'json', '--fail-on', 'info'])
    const ids = (stdout: string) => (JSON.parse(stdout) as {findings: {ruleId: string}[]}).findings.map((finding) => finding.ruleId)
    expect(ids(clean.stdout)).not.toContain('CG-HOOKS-UNTRUSTED')
    expect(ids(clean.stdout)).not.toContain('CG-HOOKS-UNVERIFIED')
    const hooksPath = join(repo, '.codex', 'hooks.json')
    const original = readFileSync(hooksPath, 'utf8')
    try {
      writeFileSync(hooksPath, original.replace('"timeout": 30', '"timeout": 31'))
      const stale = cli(['validate', '--format', 'json'])
      expect(stale.code).toBe(1)
      expect(ids(stale.stdout)).toContain('CG-HOOKS-UNTRUSTED')
    } finally {
      writeFileSync(hooksPath, original)
    }
  })

  it('exits 2 with a clear message when codex is missing', () => {
    const result = cli(['verify', '--codex', join(scratch, 'no-such-codex')])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/codex binary not found/)
  })
})
