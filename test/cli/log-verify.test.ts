// `log verify` exit codes: 0 intact, 3 damaged but not tampered, 1 tampered, 2 missing key.
import {appendFileSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {AuditLog} from '../../src/session/audit-log.js'
import {cleanup, makeRepo, runCli, scratchOf} from '../helpers/cli.js'

afterEach(cleanup)

function logIn(repo: string, session: string): AuditLog {
  const log = new AuditLog(session, join(scratchOf(repo).state, 'codex-guard', 'sessions'))
  for (let index = 0; index < 3; index++) log.append({category: 'process', action: 'command', message: `echo ${index}`, command: `echo ${index}`})
  return log
}

describe('log verify', () => {
  it('intact 0, torn tail 3 (damaged, not tampered) before and after recovery, edited 1, key missing 2', async () => {
    const repo = makeRepo()
    const log = logIn(repo, '20261202T100000Z-aaaa0001')
    const intact = await runCli(['log', 'verify', log.session], {cwd: repo})
    expect(intact.code).toBe(0)
    expect(intact.stdout).toMatch(/ok: .*3 events, hash chain intact/)

    appendFileSync(log.file, '{"@timestamp":"2026-12-02T10:00:01.000Z","eve')
    const torn = await runCli(['log', 'verify', log.session], {cwd: repo})
    expect(torn.code).toBe(3)
    expect(torn.stdout).toMatch(/DAMAGED, not tampered: .*log damaged at line 4/)
    log.append({category: 'session', action: 'session-end', message: 'end'})
    const recovered = await runCli(['log', 'verify', log.session, '--json'], {cwd: repo})
    expect(recovered.code).toBe(3)
    expect(JSON.parse(recovered.stdout)).toMatchObject({state: 'damaged', keyed: true, problems: [{line: 4, kind: 'damage'}]})

    writeFileSync(log.file, readFileSync(log.file, 'utf8').replace('echo 1', 'echo X'))
    const tampered = await runCli(['log', 'verify', log.session], {cwd: repo})
    expect(tampered.code).toBe(1)
    expect(tampered.stdout).toMatch(/TAMPERED/)

    renameSync(log.keyFile, join(dirname(log.keyFile), 'moved.key'))
    const noKey = await runCli(['log', 'verify', log.session], {cwd: repo})
    expect(noKey.code).toBe(2)
    expect(noKey.stderr).toMatch(/audit\.key is missing/)
  })
})
