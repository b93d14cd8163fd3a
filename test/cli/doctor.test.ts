// `codex-guard doctor`: the status view over a bare repository, a guarded one, and guarded ones
// that were quietly broken (hook runtime damaged, sandbox_mode overriding the profile), with the
// real pinned codex binary selected through $CODEX_GUARD_CODEX.
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {cleanup, makeRepo, runCli, scratchOf} from '../helpers/cli.js'
import {codexBin} from '../helpers/codex.js'

afterEach(cleanup)

interface DoctorJson {
  codex: {path?: string; source?: string; version?: string; tested?: string; error?: string}
  trust: {state: string}
  profile: {name?: string; setIn?: string; overriddenBySandboxMode: boolean}
  rules: {file: string; enabled: boolean}[]
  hooks: {wired: boolean; healthy: boolean; problems: string[]}
  envPolicy: {passesSecrets: boolean}
  managed: {file: string; present: boolean}[]
  precommit: {installed: boolean}
  secretFiles: {path: string; verdict: string}[]
  problems: {ruleId: string}[]
  healthy: boolean
}

const env = () => ({CODEX_GUARD_CODEX: codexBin()})

async function doctor(repo: string): Promise<{code: number; report: DoctorJson; text: string}> {
  const json = await runCli(['doctor', '--json'], {cwd: repo, env: env()})
  const text = await runCli(['doctor'], {cwd: repo, env: env()})
  expect(json.code, json.stderr).toBe(text.code)
  return {code: json.code, report: JSON.parse(json.stdout) as DoctorJson, text: text.stdout}
}

const SECRETS = {'.env': 'DATABASE_URL=postgres://app:pw@db.internal/app\n', 'config/master.key': '8c2f0e5b7a1d4c3e9f6b2a0d5e8c1f47\n', '.env.example': 'DATABASE_URL=\n'}

describe('codex-guard doctor', () => {
  it('reports a bare repository as unprotected: untrusted, no profile, no hooks, secret files readable', async () => {
    const repo = makeRepo(SECRETS)
    const {code, report, text} = await doctor(repo)
    expect(code).toBe(1)
    expect(report.healthy).toBe(false)
    expect(report.codex).toMatchObject({path: codexBin(), source: 'CODEX_GUARD_CODEX', tested: 'tested'})
    expect(report.codex.version).toMatch(/^codex-cli 0\.\d+\.\d+/)
    expect(report.trust.state).toBe('unlisted')
    expect(report.profile.name).toBeUndefined()
    expect(report.hooks.wired).toBe(false)
    expect(report.precommit.installed).toBe(false)
    expect(report.secretFiles).toEqual(
      expect.arrayContaining([expect.objectContaining({path: '.env', verdict: 'readable'}), expect.objectContaining({path: 'config/master.key', verdict: 'readable'})]),
    )
    // a template is not a secret file
    expect(report.secretFiles.map((file) => file.path)).not.toContain('.env.example')
    expect(report.problems.map((problem) => problem.ruleId)).toContain('CG-COV-UNDENIED')
    expect(text).toMatch(/READABLE \.env /)
    expect(text).toMatch(/UNPROTECTED: \d+ problem/)
  })

  it('reports a guarded repository as healthy, with where each layer comes from', async () => {
    const repo = makeRepo(SECRETS)
    const init = await runCli(['init', '--trust'], {cwd: repo, env: env()})
    expect(init.code, init.stderr).toBe(0)
    const {code, report, text} = await doctor(repo)
    expect(code, text).toBe(0)
    expect(report.healthy).toBe(true)
    expect(report.trust.state).toBe('trusted')
    expect(report.profile).toMatchObject({name: 'codex-guard', overriddenBySandboxMode: false})
    expect(report.profile.setIn).toMatch(/\.codex\/config\.toml$/)
    expect(report.rules.some((rules) => rules.file.endsWith('codex-guard.rules') && rules.enabled)).toBe(true)
    expect(report.hooks).toEqual({wired: true, healthy: true, problems: []})
    expect(report.envPolicy.passesSecrets).toBe(false)
    expect(report.precommit.installed).toBe(true)
    expect(report.managed.map((entry) => entry.file)).toContain('/etc/codex/requirements.toml')
    for (const path of ['.env', 'config/master.key']) expect(report.secretFiles).toContainEqual(expect.objectContaining({path, verdict: 'denied'}))
    expect(text).toMatch(/profile {4}codex-guard from \.codex\/config\.toml/)
    expect(text).toMatch(/Healthy/)
  })

  it('sees a damaged hook runtime through the hook probe', async () => {
    const repo = makeRepo(SECRETS)
    expect((await runCli(['init', '--trust'], {cwd: repo, env: env()})).code).toBe(0)
    const runtimes = join(scratchOf(repo).home, '.local', 'share', 'codex-guard', 'runtime')
    const id = readdirSync(runtimes)[0]!
    writeFileSync(join(runtimes, id, 'hook.cjs'), 'process.exit(3)\n')
    const {code, report} = await doctor(repo)
    expect(code).toBe(1)
    expect(report.hooks.healthy).toBe(false)
    expect(report.hooks.problems.join('\n')).toMatch(/should allow/)
  })

  it('sees sandbox_mode silently overriding the profile: the secret files turn readable', async () => {
    const repo = makeRepo(SECRETS)
    expect((await runCli(['init', '--trust'], {cwd: repo, env: env()})).code).toBe(0)
    const config = join(repo, '.codex', 'config.toml')
    writeFileSync(config, `sandbox_mode = "workspace-write"\n${readFileSync(config, 'utf8')}`)
    const {code, report, text} = await doctor(repo)
    expect(code).toBe(1)
    expect(report.profile.overriddenBySandboxMode).toBe(true)
    expect(report.secretFiles).toContainEqual(expect.objectContaining({path: '.env', verdict: 'readable'}))
    expect(text).toMatch(/IGNORED: sandbox_mode is set/)
  })

  it('refuses a --codex that does not exist (exit 2)', async () => {
    const repo = makeRepo({'a.txt': 'a\n'})
    const missing = await runCli(['doctor', '--codex', join(scratchOf(repo).base, 'no-codex')], {cwd: repo})
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/not found or not executable/)
  })
})
