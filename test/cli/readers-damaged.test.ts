// rotate and status meet damaged state files: a torn line in a session log, a rotation record cut
// short. They report what they skipped (file and line) on stderr and carry on with the rest.
import {appendFileSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {AuditLog} from '../../src/session/audit-log.js'
import {cleanup, makeRepo, runCli, scratchOf} from '../helpers/cli.js'

afterEach(cleanup)

describe('readers skip damaged lines and carry on', () => {
  it('rotate reads a session whose log has a torn line and a stray JSON line, naming them', async () => {
    const repo = makeRepo()
    const dir = join(scratchOf(repo).state, 'codex-guard', 'sessions')
    const log = new AuditLog('20261202T120000Z-cccc0001', dir)
    log.append({category: 'session', action: 'session-start', type: 'start', message: 'start'})
    appendFileSync(log.file, '42\n{"@timestamp":"2026-12-02T12:00:01Z","ev')
    const result = await runCli(['rotate', '--session', log.session], {cwd: repo})
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`skipped 2 damaged line(s) in ${log.file}:2`)
    expect(result.stderr).toContain(`${log.file}:3: skipped: not valid JSON`)
  })

  it('status lists the pending rotations of other sessions when one rotation record is damaged', async () => {
    const repo = makeRepo()
    const rotations = join(scratchOf(repo).state, 'codex-guard', 'rotations')
    mkdirSync(rotations, {recursive: true})
    writeFileSync(join(rotations, 'good.json'), JSON.stringify({session: 'good-session', triggers: ['sensitive read'], items: [{id: 'github', label: 'rotate the GitHub token'}]}))
    writeFileSync(join(rotations, 'torn.json'), '{"session": "torn", "items": [')
    const result = await runCli(['status'], {cwd: repo})
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.stdout + result.stderr).toContain('good-session')
    expect(result.stderr).toContain(`${join(rotations, 'torn.json')}:1: skipped: not a rotation record`)
  })
})
