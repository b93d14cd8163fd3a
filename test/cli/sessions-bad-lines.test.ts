// A line in an audit log that is valid JSON but not an event (a stray `{}`, `null`, `42` appended
// by hand or another tool) is skipped and reported by the readers, never a failure for every session.
import {appendFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {AuditLog, readEvents, verifyLog} from '../../src/session/audit-log.js'
import {cleanup, makeRepo, runCli, scratchOf} from '../helpers/cli.js'

afterEach(cleanup)

function logsIn(repo: string): {good: AuditLog; damaged: AuditLog} {
  const dir = join(scratchOf(repo).state, 'codex-guard', 'sessions')
  const good = new AuditLog('20261201T100000Z-good0001', dir)
  good.append({category: 'process', action: 'command', message: 'echo good', command: 'echo good'})
  const damaged = new AuditLog('20261201T110000Z-bad00001', dir)
  damaged.append({category: 'process', action: 'command', message: 'echo one', command: 'echo one'})
  appendFileSync(damaged.file, '{}\nnull\n42\n{"@timestamp": "2026-12-01T11:00:00Z", "event": null}\nnot json\n')
  damaged.append({category: 'process', action: 'command', message: 'echo two', command: 'echo two'})
  return {good, damaged}
}

describe('readers and lines that are not audit events', () => {
  it('readEvents skips them with their line and reason; log verify reports them without crashing', () => {
    const {damaged} = logsIn(makeRepo())
    const {events, malformed, skipped} = readEvents(damaged.file)
    expect(events.filter((event) => event.event.action !== 'log-recovered').map((event) => event.message)).toEqual(['echo one', 'echo two'])
    expect(malformed).toBe(5)
    expect(skipped.map((line) => line.line)).toEqual([2, 3, 4, 5, 6])
    expect(skipped[0]!.reason).toMatch(/valid JSON but not an audit event/)
    expect(skipped[4]!.reason).toBe('not valid JSON')
    const verification = verifyLog(damaged.file, damaged.session, damaged.headFile)
    expect(verification.ok).toBe(false)
    expect(verification.problems.map((problem) => problem.line)).toContain(3)
  })

  it('sessions export exports every other event and reports the skipped lines (exit 0)', async () => {
    const repo = makeRepo()
    const {damaged} = logsIn(repo)
    const result = await runCli(['sessions', 'export'], {cwd: repo})
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.code).toBe(0)
    const messages = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).message)
      .filter((message: string) => !message.startsWith('audit log resumed'))
    expect(messages).toEqual(['echo good', 'echo one', 'echo two'])
    expect(result.stderr).toContain(`${damaged.file}:2: skipped: valid JSON but not an audit event`)
    expect(result.stderr).toContain(`${damaged.file}:6: skipped: not valid JSON`)
  })

  it('sessions show (text, --alerts, --json) lists the events and the skipped lines', async () => {
    const repo = makeRepo()
    const {damaged} = logsIn(repo)
    const text = await runCli(['sessions', 'show', damaged.session], {cwd: repo})
    expect(text.stderr).not.toMatch(/internal error/)
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('echo two')
    expect(text.stdout).toContain('5 line(s) skipped')
    expect(text.stdout).toContain(`${damaged.file}:3: valid JSON but not an audit event (null)`)
    const alerts = await runCli(['sessions', 'show', damaged.session, '--alerts'], {cwd: repo})
    expect(alerts.code, alerts.stderr).toBe(0)
    const json = await runCli(['sessions', 'show', damaged.session, '--json'], {cwd: repo})
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout).skippedLines).toHaveLength(5)
    const list = await runCli(['sessions', 'list'], {cwd: repo})
    expect(list.code).toBe(0)
  })
})
