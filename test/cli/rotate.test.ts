// The rotation checklist end to end: scratch HOME with real credential files, a real repo, a
// recorded session (audit log + summary), and the built CLI.
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {AuditLog} from '../../src/session/audit-log.js'
import {REPO_ROOT} from '../helpers/codex.js'

const GITHUB_TOKEN = `ghp_${'Q7wE9rT2yU4iO6pA8sD1fG3hJ5kL0zX2cV4b'.slice(0, 36)}`
const AWS_KEY = 'AKIAQWERTYUIOPASDF12'
const AWS_SECRET = 'wJalrXUtnFEMIK7MDENGbPxRfiCYzzzEXAMPLEKEY'
const DOTENV_SECRET = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEF'
const GH_OAUTH = `gho_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'.slice(0, 36)}`
const SECRETS = [GITHUB_TOKEN, AWS_KEY, AWS_SECRET, DOTENV_SECRET, GH_OAUTH]

let scratch: string
let repo: string
let env: NodeJS.ProcessEnv

function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): {code: number; stdout: string; stderr: string} {
  try {
    const stdout = execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'run.js'), ...args], {cwd: repo, env: {...env, ...extraEnv}, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
    return {code: 0, stdout, stderr: ''}
  } catch (error) {
    const failure = error as {status: number; stdout: string; stderr: string}
    return {code: failure.status, stdout: failure.stdout, stderr: failure.stderr}
  }
}

function recordSession(id: string, summary: Record<string, unknown>, events: {action: string; labels?: Record<string, string | number | boolean>}[] = []): void {
  const log = new AuditLog(id, join(env['XDG_STATE_HOME']!, 'codex-guard', 'sessions'))
  log.append({category: 'session', action: 'session-start', type: 'start', message: 'start'}, new Date('2026-11-25T10:00:00Z'))
  for (const event of events) log.append({category: 'intrusion_detection', action: event.action, message: event.action, labels: event.labels})
  writeFileSync(join(env['XDG_STATE_HOME']!, 'codex-guard', 'sessions', `${id}.summary.json`), JSON.stringify({session: id, ...summary}))
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cg-rotate-'))
  repo = join(scratch, 'repo')
  const home = join(scratch, 'home')
  for (const dir of [repo, join(home, '.config', 'gh'), join(home, '.aws'), join(scratch, 'codex-home'), join(scratch, 'state')]) mkdirSync(dir, {recursive: true})
  execFileSync('git', ['init', '-q', repo])
  writeFileSync(join(repo, '.env'), `OPENAI_API_KEY=${DOTENV_SECRET}\n`)
  writeFileSync(join(home, '.config', 'gh', 'hosts.yml'), `github.com:\n    oauth_token: ${GH_OAUTH}\n    user: dev\n`)
  writeFileSync(join(home, '.aws', 'credentials'), `[default]\naws_access_key_id = ${AWS_KEY}\naws_secret_access_key = ${AWS_SECRET}\n`)
  env = {
    PATH: process.env['PATH'],
    HOME: home,
    CODEX_HOME: join(scratch, 'codex-home'),
    XDG_STATE_HOME: join(scratch, 'state'),
    GITHUB_TOKEN,
    AWS_ACCESS_KEY_ID: AWS_KEY,
    LANG: 'C.UTF-8',
  }
  // The project's Codex config strips secrets from the environment and denies ~/.aws, but the
  // .env read below happened anyway (e.g. a file created after the sandbox started).
  execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'run.js'), 'init', '--trust', '--no-hooks'], {cwd: repo, env, stdio: 'pipe'})
})
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

interface Item {
  id: string
  rank: string
  evidence: string[]
  steps: {title: string; steps: string[]}
}

describe('codex-guard rotate', () => {
  it('ranks a .env that was read above the untouched AWS key, lists stripped env vars as protected, and never prints a secret', () => {
    recordSession('s-exposed', {
      durationSeconds: 120,
      commands: 5,
      filesChanged: 1,
      tokens: 1000,
      sensitiveAccesses: [{path: join(repo, '.env'), credential: 'dotenv', blocked: false}],
      secretsInOutput: [],
      credentialCommands: [],
    })
    const json = cli(['rotate', '--session', 's-exposed', '--format', 'json'])
    expect(json.code, json.stderr).toBe(0)
    const checklist = JSON.parse(json.stdout) as {triggered: boolean; triggers: string[]; items: Item[]}
    expect(checklist.triggered).toBe(true)
    const index = (id: string) => checklist.items.findIndex((item) => item.id === id)
    const dotenv = checklist.items[index('file:.env')]!
    expect(dotenv.rank).toBe('touched')
    expect(dotenv.evidence.join(' ')).toMatch(/read during the session/)
    const aws = checklist.items[index('file:~/.aws')]!
    expect(aws.rank).toBe('protected')
    expect(index('file:.env')).toBeLessThan(index('file:~/.aws'))
    const githubEnv = checklist.items[index('env:GITHUB_TOKEN')]!
    expect(githubEnv.rank).toBe('protected')
    expect(githubEnv.evidence.join(' ')).toMatch(/stripped by shell_environment_policy/)
    expect(githubEnv.steps.title).toMatch(/GitHub/)
    const gh = checklist.items[index('file:~/.config/gh')] as Item & {label: string}
    expect(gh.label).toMatch(/gh CLI logged in to github.com \(OAuth token stored in hosts.yml\)/)
    expect(gh.steps.steps.some((step) => /settings\/applications/.test(step))).toBe(true)
    for (const format of ['text', 'markdown', 'json']) {
      const output = cli(['rotate', '--session', 's-exposed', '--format', format]).stdout
      for (const secret of SECRETS) expect(output, `${format} leaks ${secret.slice(0, 6)}`).not.toContain(secret)
    }
  })

  it('does not trigger below the thresholds and triggers above them', () => {
    recordSession('s-small', {durationSeconds: 60, commands: 3, filesChanged: 1, tokens: 500, sensitiveAccesses: [], secretsInOutput: [], credentialCommands: []})
    const small = JSON.parse(cli(['rotate', '--session', 's-small', '--format', 'json']).stdout) as {triggered: boolean}
    expect(small.triggered).toBe(false)
    recordSession('s-large', {durationSeconds: 60, commands: 3, filesChanged: 1, tokens: 250_000, sensitiveAccesses: [], secretsInOutput: [], credentialCommands: []})
    const large = JSON.parse(cli(['rotate', '--session', 's-large', '--format', 'json']).stdout) as {triggered: boolean; triggers: string[]}
    expect(large.triggered).toBe(true)
    expect(large.triggers.join(' ')).toMatch(/tokens/)
    // Thresholds are tunable in the project policy.
    writeFileSync(join(repo, '.codex', 'codex-guard.toml'), 'profile = "standard"\n[thresholds]\ntokens = 1000000\n')
    const tuned = JSON.parse(cli(['rotate', '--session', 's-large', '--format', 'json']).stdout) as {triggered: boolean}
    expect(tuned.triggered).toBe(false)
    rmSync(join(repo, '.codex', 'codex-guard.toml'))
  })

  it('a secret seen in tool output by the hook makes the matching credential "touched"', () => {
    recordSession('s-output', {durationSeconds: 10, commands: 1}, [{action: 'secret-in-output', labels: {secret_type: 'GITHUB_TOKEN', evidence: 'ghp_…[redacted 40 chars]', exposure: true}}])
    const checklist = JSON.parse(cli(['rotate', '--session', 's-output', '--format', 'json']).stdout) as {items: Item[]; triggered: boolean}
    expect(checklist.triggered).toBe(true)
    const touched = checklist.items.filter((item) => item.rank === 'touched')
    expect(touched.some((item) => /github/i.test(item.steps.title))).toBe(true)
  })

  it('records acknowledgements and status keeps nagging until every item is done', () => {
    const status = cli(['status'])
    expect(status.stdout).toMatch(/s-exposed \(.*\): \d+ item\(s\) pending/)
    const ids = (JSON.parse(cli(['rotate', '--session', 's-exposed', '--format', 'json']).stdout) as {items: Item[]}).items.map((item) => item.id)
    expect(cli(['rotate', '--session', 's-exposed', '--done', 'not-an-item']).code).toBe(2)
    expect(cli(['rotate', '--session', 's-exposed', '--done', ...ids]).code).toBe(0)
    expect(cli(['status']).stdout).not.toMatch(/s-exposed/)
    expect(cli(['rotate', '--session', 's-exposed']).stdout).toMatch(/\[x\]/)
  })

  it('an unknown session is a clear usage error', () => {
    const result = cli(['rotate', '--session', 'nope'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/no audit log for session "nope"/)
  })
})

/** A session as the code paths record it: `run`'s session-start (with its root) or hook events only. */
function recordRecorded(
  id: string,
  options: {root?: string; hookCwd?: string; summary?: Record<string, unknown>; events?: {action: string; labels?: Record<string, string | number | boolean>}[]},
): void {
  const dir = join(env['XDG_STATE_HOME']!, 'codex-guard', 'sessions')
  const log = new AuditLog(id, dir)
  if (options.root) log.append({category: 'session', action: 'session-start', type: 'start', message: 'session started: codex', labels: {cwd: options.root, root: options.root}})
  if (options.hookCwd) log.append({category: 'process', action: 'hook-pre-tool-use', type: 'allowed', message: 'Bash allowed', command: 'cat README.md', labels: {tool: 'Bash', cwd: options.hookCwd}})
  for (const event of options.events ?? []) log.append({category: 'intrusion_detection', action: event.action, message: event.action, labels: event.labels})
  if (options.summary) writeFileSync(join(dir, `${id}.summary.json`), JSON.stringify({session: id, ...options.summary}))
}

interface FullItem extends Item {
  label: string
  rotated?: {at: string}
  unchanged?: boolean
}

const items = (stdout: string) => (JSON.parse(stdout) as {items: FullItem[]}).items

describe('rotation bookkeeping that tells the truth', () => {
  let plain: string
  let elsewhere: string
  const NPM_GITHUB = `ghp_${'N9pQ2rS4tU6vW8xY0zA1bC3dE5fG7hI9jK1l'.slice(0, 36)}`
  const NEW_SECRET = 'sk-proj-ROTATEDrotatedROTATEDrotated0123456789ABCD'

  beforeAll(() => {
    // A repository without codex-guard: nothing in it is protected by a profile.
    plain = join(scratch, 'plain')
    elsewhere = join(scratch, 'elsewhere')
    for (const dir of [plain, elsewhere]) execFileSync('git', ['init', '-q', dir])
    writeFileSync(join(plain, '.env'), `OPENAI_API_KEY=${DOTENV_SECRET}\nPORT=3000\n`)
    writeFileSync(join(plain, '.env.production'), `OPENAI_API_KEY=${DOTENV_SECRET}\n`)
    writeFileSync(join(plain, '.npmrc'), `//registry.npmjs.org/:_authToken=${NPM_GITHUB}\n`)
  })

  const inElsewhere = (args: string[]) => {
    try {
      const stdout = execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'run.js'), ...args], {cwd: elsewhere, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})
      return {code: 0, stdout, stderr: ''}
    } catch (error) {
      const failure = error as {status: number; stdout: string; stderr: string}
      return {code: failure.status, stdout: failure.stdout, stderr: failure.stderr}
    }
  }

  it('rotate --session inspects the repository the session recorded, from any directory', () => {
    recordRecorded('t-root', {root: plain, summary: {root: plain, durationSeconds: 60, commands: 2, sensitiveAccesses: [{path: join(plain, '.env'), credential: 'dotenv', blocked: false}]}})
    const result = inElsewhere(['rotate', '--session', 't-root', '--format', 'json'])
    expect(result.code, result.stderr).toBe(0)
    const checklist = JSON.parse(result.stdout) as {root: string; items: FullItem[]}
    expect(checklist.root).toBe(plain)
    expect(checklist.items.map((item) => item.id)).toEqual(expect.arrayContaining(['file:.env', 'file:.env.production']))
  })

  it('a touched .env marks only itself, not every unprotected dotenv file', () => {
    const checklist = items(inElsewhere(['rotate', '--session', 't-root', '--format', 'json']).stdout)
    expect(checklist.find((item) => item.id === 'file:.env')?.rank).toBe('touched')
    expect(checklist.find((item) => item.id === 'file:.env.production')?.rank).toBe('reachable')
  })

  it('a GitHub token in .npmrc gets GitHub steps, not npm steps', () => {
    const npmrc = items(inElsewhere(['rotate', '--session', 't-root', '--format', 'json']).stdout).find((item) => (item as {location?: string}).location === '.npmrc')
    expect(npmrc?.steps.title).toMatch(/GitHub/)
    expect(npmrc?.label).toMatch(/GitHub/)
    expect(JSON.stringify(npmrc)).not.toContain(NPM_GITHUB)
  })

  it('status, rotate text and rotate json give one pending count; protected untouched items are for review only', () => {
    const list = items(cli(['rotate', '--session', 's-output', '--format', 'json']).stdout)
    const pending = list.filter((item) => item.rank !== 'protected' && !(item as {done?: unknown}).done && !item.rotated).length
    expect(list.some((item) => item.rank === 'protected')).toBe(true)
    const text = cli(['rotate', '--session', 's-output']).stdout
    expect(text).toContain(`${pending} item(s) pending`)
    expect(text).toMatch(/Review \(not pending\)/)
    const status = JSON.parse(inElsewhere(['status', '--format', 'json']).stdout) as {pending: {session: string; pending: number; review: number}[]}
    const entry = status.pending.find((candidate) => candidate.session === 's-output')
    expect(entry?.pending).toBe(pending)
    expect(entry?.review).toBe(list.filter((item) => item.rank === 'protected').length)
  })

  it('hook-only sessions are sessions: status counts them and sessions list flags them', () => {
    recordRecorded('codex-hooks-only', {hookCwd: join(plain, 'src'), events: [{action: 'secret-in-output', labels: {secret_type: 'OPENAI_API_KEY', evidence: 'sk-proj…[redacted]', exposure: true}}]})
    const status = JSON.parse(inElsewhere(['status', '--format', 'json']).stdout) as {pending: {session: string; root?: string; pending: number}[]}
    const entry = status.pending.find((candidate) => candidate.session === 'codex-hooks-only')
    expect(entry?.root).toBe(plain)
    expect(entry?.pending).toBeGreaterThan(0)
    const rotate = items(inElsewhere(['rotate', '--session', 'codex-hooks-only', '--format', 'json']).stdout)
    expect(entry?.pending).toBe(rotate.filter((item) => item.rank !== 'protected' && !item.rotated).length)
    const listed = JSON.parse(inElsewhere(['sessions', 'list', '--json']).stdout) as {id: string; kind: string; flags: {exposure: boolean}}[]
    expect(listed.find((row) => row.id === 'codex-hooks-only')).toMatchObject({kind: 'hooks', flags: {exposure: true}})
    expect(inElsewhere(['sessions', 'list']).stdout).toMatch(/codex-hooks-only .* -E /)
  })

  it('fingerprints: the item stays pending while the old value is in place and closes itself once the value changes', () => {
    const first = items(inElsewhere(['rotate', '--session', 't-root', '--format', 'json']).stdout).find((item) => item.id === 'file:.env')!
    expect(first.rotated).toBeUndefined()
    expect(first.unchanged).toBe(true)
    expect(inElsewhere(['rotate', '--session', 't-root']).stdout).toMatch(/old value is still in place/)
    const ack = readFileSync(join(env['XDG_STATE_HOME']!, 'codex-guard', 'rotations', 't-root.json'), 'utf8')
    expect(ack).not.toContain(DOTENV_SECRET)
    expect(ack).toMatch(/"fingerprint": "[0-9a-f]{64}"/)
    expect(existsSync(join(env['XDG_STATE_HOME']!, 'codex-guard', 'fingerprint.salt'))).toBe(true)
    const before = (JSON.parse(inElsewhere(['status', '--format', 'json']).stdout) as {pending: {session: string; pending: number}[]}).pending.find((entry) => entry.session === 't-root')!
    // Editing a non-secret line is not a rotation.
    writeFileSync(join(plain, '.env'), `OPENAI_API_KEY=${DOTENV_SECRET}\nPORT=4000\n`)
    expect(items(inElsewhere(['rotate', '--session', 't-root', '--format', 'json']).stdout).find((item) => item.id === 'file:.env')?.rotated).toBeUndefined()
    writeFileSync(join(plain, '.env'), `OPENAI_API_KEY=${NEW_SECRET}\nPORT=4000\n`)
    const rotated = items(inElsewhere(['rotate', '--session', 't-root', '--format', 'json']).stdout).find((item) => item.id === 'file:.env')!
    expect(rotated.rotated?.at).toMatch(/^\d{4}-/)
    const text = inElsewhere(['rotate', '--session', 't-root']).stdout
    expect(text).toMatch(/rotated: the value changed/)
    expect(text).not.toContain(NEW_SECRET)
    const after = (JSON.parse(inElsewhere(['status', '--format', 'json']).stdout) as {pending: {session: string; pending: number; rotated: number}[]}).pending.find(
      (entry) => entry.session === 't-root',
    )
    expect(after?.pending).toBe(before.pending - 1)
    expect(after?.rotated).toBe(1)
  })
})
