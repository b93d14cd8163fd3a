// A held-out-style secret layout (unusual names, a .env 10 directories deep, a sibling project
// under $HOME, a custom CODEX_HOME) through init's real planner and the real `codex sandbox`:
// every credential file is denied, no ordinary file is hidden, validate's reading of the profile
// matches the sandbox file by file, and agent-steering files cannot be written by any tool.
import {execFileSync} from 'node:child_process'
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {runCodex} from '../../src/codex/binary.js'
import {loadLayers} from '../../src/codex/layers.js'
import {effectiveProfile, ProfileMatcher} from '../../src/codex/permissions.js'
import {discoverEntries} from '../../src/detect/coverage.js'
import {initPolicy, planInit} from '../../src/generate/init.js'
import {applyEdits} from '../../src/generate/plan.js'
import {PERMISSION_PROFILE_NAME} from '../../src/policy/catalogue.js'
import {runValidate} from '../../src/validate/index.js'
import {codexBin, sandboxScratch} from '../helpers/codex.js'

const codex = codexBin()
const KEY_BODY = `${'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'}AAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACB\n`
const DEEP = `${Array.from({length: 10}, (_, index) => `lvl${index}`).join('/')}/.env`

const SECRETS: Record<string, string> = {
  'deploy/hetzner_deploy_key': `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----\n${KEY_BODY}${KEY_BODY}-----END OPENSSH PRIVATE KEY-----\n`,
  'infra/prod_kubeconfig.yaml': `apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster: {server: "https://10.0.0.1"}\nusers:\n- name: admin\n  user:\n    client-key-data: ${'LS0tLS1CRUdJTiBSU0Eg'}UFJJVkFURSBLRVktLS0tLQo=\n`,
  'secrets/db.json': `{"host": "db.internal", "password": "${'Tr0ub4dor'}-and-3"}\n`,
  'config/runtime.conf': `SERVICE_URL=https://api.internal\nSTRIPE_API_KEY=${'rk_9f8e7d6c5b'}4a3f2e1d\n`,
  '.npmrc': `//registry.npmjs.org/:_authToken=${'npm_'}a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n`,
  [DEEP]: 'DATABASE_PASSWORD=hunter2hunter2\n',
  '.env': 'API_TOKEN=abcdef123456\n',
}
const ORDINARY: Record<string, string> = {
  'src/index.ts': 'export const password = process.env.DB_PASSWORD\n',
  'README.md': '# app\n',
  '.env.example': 'API_TOKEN=changeme\n',
  'docs/kubeconfig.example.yaml': 'apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: a\n  user:\n    client-key-data: <base64>\n',
  [`${dirname(DEEP)}/notes.txt`]: 'deep but ordinary\n',
}
const STEERING = ['AGENTS.md', 'pkg/api/AGENTS.md', 'AGENTS.override.md', '.github/workflows/ci.yml']

let scratch: string
let repo: string
let env: NodeJS.ProcessEnv
let outside: {sibling: string; auth: string; session: string; siblingReadme: string}

const put = (path: string, text: string) => {
  mkdirSync(dirname(path), {recursive: true})
  writeFileSync(path, text)
}

beforeAll(async () => {
  scratch = sandboxScratch('e2e-coverage-')
  repo = join(scratch, 'repo')
  const home = join(scratch, 'home')
  // A custom CODEX_HOME outside ~/.codex (and outside TMPDIR, codex-reference §4.4).
  env = {PATH: process.env['PATH'], HOME: home, CODEX_HOME: join(scratch, 'custom-codex'), XDG_STATE_HOME: join(scratch, 'state'), TMPDIR: join(scratch, 'tmp'), LANG: 'C.UTF-8'}
  for (const dir of [home, env['CODEX_HOME']!, env['TMPDIR']!, repo]) mkdirSync(dir, {recursive: true})
  execFileSync('git', ['init', '-q', repo])
  for (const [path, text] of Object.entries({...SECRETS, ...ORDINARY})) put(join(repo, path), text)
  for (const path of STEERING) put(join(repo, path), '# instructions\n')
  outside = {
    sibling: join(home, 'src', 'other-project', '.env'),
    auth: join(env['CODEX_HOME']!, 'auth.json'),
    session: join(scratch, 'state', 'codex-guard', 'sessions', 's1.jsonl'),
    siblingReadme: join(home, 'src', 'other-project', 'README.md'),
  }
  put(outside.sibling, 'GITHUB_TOKEN=abcdef1234567890abcd\n')
  put(outside.auth, '{"OPENAI_API_KEY": "sk-test"}\n')
  put(outside.session, '{}\n')
  put(outside.siblingReadme, '# other\n')
  const discovery = await discoverEntries(repo, initPolicy(repo), {env})
  applyEdits(planInit({root: repo, force: false, trust: true, agentsMd: false, gitignore: true, hooks: false, env, discovered: discovery.entries}).edits)
}, 120_000)
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

/** Which of the paths the real sandbox lets `cat` read (one sandbox for all). */
async function readable(paths: string[]): Promise<Set<string>> {
  const script = 'for f; do if cat -- "$f" >/dev/null 2>&1; then echo "R $f"; else echo "D $f"; fi; done'
  const result = await runCodex(codex, ['sandbox', '-P', PERMISSION_PROFILE_NAME, '-C', repo, '--', 'sh', '-c', script, 'sh', ...paths], {env, cwd: repo, timeoutMs: 120_000})
  expect(result.stdout, result.stderr).toContain(`${paths[0]}`)
  return new Set(
    result.stdout
      .split('\n')
      .filter((line) => line.startsWith('R '))
      .map((line) => line.slice(2)),
  )
}

describe('coverage through the real codex sandbox', () => {
  it('denies every credential file, inside and outside the workspace, and hides no ordinary file', async () => {
    const inside = [...Object.keys(SECRETS), ...Object.keys(ORDINARY)]
    const read = await readable([...inside, ...Object.values(outside)])
    for (const path of Object.keys(SECRETS)) expect(read.has(path), `${path} must be denied`).toBe(false)
    for (const path of Object.keys(ORDINARY)) expect(read.has(path), `${path} must stay readable`).toBe(true)
    expect(read.has(outside.sibling), 'a sibling project .env').toBe(false)
    expect(read.has(outside.auth), '$CODEX_HOME/auth.json').toBe(false)
    expect(read.has(outside.session), 'codex-guard session records').toBe(false)
    expect(read.has(outside.siblingReadme), 'a sibling project README').toBe(true)
  }, 180_000)

  it("validate's reading of the profile agrees with the sandbox file by file", async () => {
    const files = [...Object.keys(SECRETS), ...Object.keys(ORDINARY), ...STEERING]
    const read = await readable(files)
    const matcher = new ProfileMatcher(effectiveProfile(loadLayers(repo, env).effective), repo, env['HOME'])
    for (const path of files) expect(matcher.denyingEntry(path) === undefined, path).toBe(read.has(path))
    const result = await runValidate({root: repo, env})
    const coverage = result.findings.filter((finding) => ['CG-COV-UNDENIED', 'CG-COV-CONTENT', 'CG-COV-PROTECTED-WRITABLE', 'CG-COV-STALE-DENY'].includes(finding.ruleId))
    expect(coverage.map((finding) => `${finding.ruleId} ${finding.file}`)).toEqual([])
  }, 180_000)

  it('validate reports a credential file added after init and an entry whose file is gone', async () => {
    put(join(repo, 'ops/new_kubeconfig'), SECRETS['infra/prod_kubeconfig.yaml']!)
    rmSync(join(repo, 'deploy/hetzner_deploy_key'))
    try {
      const result = await runValidate({root: repo, env})
      const found = result.findings.map((finding) => `${finding.ruleId} ${finding.file}`)
      expect(found).toContain('CG-COV-CONTENT ops/new_kubeconfig')
      expect(found).toContain('CG-COV-STALE-DENY deploy/hetzner_deploy_key')
    } finally {
      rmSync(join(repo, 'ops'), {recursive: true})
      put(join(repo, 'deploy/hetzner_deploy_key'), SECRETS['deploy/hetzner_deploy_key']!)
    }
  }, 180_000)

  it('agent-steering files cannot be written: python, a redirection, a symlink, at any depth', async () => {
    const script = [
      `python3 -c "open('AGENTS.md','a').write('x')"`,
      'echo x >> "$(echo AGENTS.md)"',
      'ln -sf AGENTS.md link.md; echo x >> link.md',
      'echo x >> pkg/api/AGENTS.md',
      'echo x >> AGENTS.override.md',
      'echo x >> .github/workflows/ci.yml',
    ].join('; ')
    await runCodex(codex, ['sandbox', '-P', PERMISSION_PROFILE_NAME, '-C', repo, '--', 'sh', '-c', script], {env, cwd: repo, timeoutMs: 120_000})
    for (const path of STEERING) expect(readFileSync(join(repo, path), 'utf8'), path).toBe('# instructions\n')
  }, 180_000)
})
