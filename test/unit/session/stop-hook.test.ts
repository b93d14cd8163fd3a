// The Stop hook's pointer to the checklist: a systemMessage reply (the hook field meant for the
// user) plus stderr, only when the hook-recorded session crossed a rotation trigger.
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {AuditLog, sessionsDir} from '../../../src/session/audit-log.js'
import {runHook} from '../../../src/session/hook/entry.js'

let scratch: string
let env: NodeJS.ProcessEnv

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cg-stop-'))
  mkdirSync(join(scratch, 'repo', '.git'), {recursive: true})
  env = {HOME: join(scratch, 'home'), XDG_STATE_HOME: join(scratch, 'state')}
})
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

const stop = (sessionId: string) => runHook('stop', JSON.stringify({session_id: sessionId, turn_id: 't1', cwd: join(scratch, 'repo'), hook_event_name: 'Stop', stop_hook_active: false}), env)

describe('Stop hook', () => {
  it('says nothing for a quiet session', async () => {
    const result = await stop('quiet')
    expect(result).toMatchObject({stdout: '', stderr: '', exitCode: 0})
  })

  it('points at the checklist in a systemMessage when a secret was seen in tool output', async () => {
    new AuditLog('codex-exposed', sessionsDir(env)).append({category: 'intrusion_detection', action: 'secret-in-output', message: 'secret', labels: {secret_type: 'GITHUB_TOKEN', evidence: 'ghp_…'}})
    const result = await stop('exposed')
    expect(result.exitCode).toBe(0)
    const reply = JSON.parse(result.stdout) as {systemMessage: string; decision?: string}
    expect(reply.systemMessage).toMatch(/credentials may need rotating .*codex-guard rotate --session codex-exposed/)
    expect(reply.decision).toBeUndefined() // never continues the turn
    expect(result.stderr).toContain('codex-guard rotate --session codex-exposed')
  })
})
