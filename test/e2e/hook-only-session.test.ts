// A session without `codex-guard run`: plain `codex exec` (real binary, local mock model) in a
// repository guarded by `init --trust`. The hooks record it; the Stop hook's pointer is a reply
// Codex accepts; `sessions list`, `status` and `rotate` see the session from another directory.
import {execFileSync} from 'node:child_process'
import {mkdirSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {readEvents} from '../../src/session/audit-log.js'
import {codexBin, REPO_ROOT, scratchSession} from '../helpers/codex.js'
import {type MockServer, mockProviderConfig, type Step, startMockResponses} from '../helpers/mock-responses.js'

const codex = codexBin()
// A token in tool output is exposure: PostToolUse withholds it and records it, the Stop hook points at the checklist.
const TOKEN = `ghp_${'H0okOnlyS3ssionT0kenABCDEFGHIJKLMNOPQ'.slice(0, 36)}`
// The token is only in the output: a file holding it would be denied before the read, by content.
const STEPS: Step[] = [{exec: 'sh notes.sh'}, {message: 'Done.'}]

let scratch: string
let repo: string
let env: NodeJS.ProcessEnv
let server: MockServer
let output: string
let exitCode: number

const cli = (args: string[], cwd: string) => execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'run.js'), ...args], {cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})

beforeAll(async () => {
  ;({scratch, repo, env} = scratchSession('e2e-hook-only-'))
  server = await startMockResponses(STEPS)
  writeFileSync(join(env['CODEX_HOME']!, 'config.toml'), mockProviderConfig(server.url))
  execFileSync('git', ['init', '-q', repo])
  writeFileSync(join(repo, 'notes.sh'), `printf 'deploy token: ghp_%s\\n' ${TOKEN.slice(4)}\n`)
  execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'run.js'), 'init', '--trust', '--no-precommit', '--codex', codex], {cwd: repo, env, stdio: 'pipe'})
  const result = await execa(codex, ['exec', '--skip-git-repo-check', 'read the notes'], {cwd: repo, env, extendEnv: false, stdin: 'ignore', reject: false, timeout: 180_000})
  exitCode = result.exitCode ?? -1
  output = `${result.stdout}\n${result.stderr}`
}, 300_000)

afterAll(async () => {
  await server?.close()
  rmSync(scratch, {recursive: true, force: true})
})

describe('hook-only session with the real codex', () => {
  it('runs, and Codex accepts the Stop hook reply (Completed, not Failed)', () => {
    expect(exitCode, output).toBe(0)
    expect(output).toMatch(/hook: Stop Completed/)
    expect(output).not.toMatch(/hook: Stop Failed/)
    // PostToolUse withheld the token from the model (the user's own terminal may show the command output).
    for (const request of server.requests) expect(JSON.stringify(request)).not.toContain(TOKEN)
  })

  it('is a session for sessions list, status and rotate, from another directory', () => {
    const dir = join(env['XDG_STATE_HOME']!, 'codex-guard', 'sessions')
    const log = readdirSync(dir).find((name) => name.startsWith('codex-') && name.endsWith('.jsonl'))!
    const session = log.slice(0, -'.jsonl'.length)
    const events = readEvents(join(dir, log)).events
    expect(events.some((event) => event.event.action === 'secret-in-output')).toBe(true)
    expect(events.some((event) => event.event.action === 'session-stop')).toBe(true)
    const elsewhere = join(scratch, 'elsewhere')
    mkdirSync(elsewhere)
    execFileSync('git', ['init', '-q', elsewhere])
    const listed = JSON.parse(cli(['sessions', 'list', '--json'], elsewhere)) as {id: string; kind: string; flags: {exposure: boolean}}[]
    expect(listed.find((row) => row.id === session)).toMatchObject({kind: 'hooks', flags: {exposure: true}})
    const status = JSON.parse(cli(['status', '--format', 'json'], elsewhere)) as {pending: {session: string; root: string; pending: number}[]}
    const entry = status.pending.find((candidate) => candidate.session === session)
    expect(entry?.root).toBe(repo)
    const checklist = JSON.parse(cli(['rotate', '--session', session, '--format', 'json'], elsewhere)) as {root: string; pending: number; items: {rank: string; steps: {title: string}}[]}
    expect(checklist.root).toBe(repo)
    expect(checklist.pending).toBe(entry?.pending)
    expect(checklist.items.some((item) => item.rank === 'touched' && /GitHub/.test(item.steps.title))).toBe(true)
  })
})
