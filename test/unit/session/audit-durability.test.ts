// Which appends wait for the disk: alerts (and recovery records) are fsynced before append
// returns, routine events are not (an fsync per allowed tool call was the hook's largest cost).
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeEach, describe, expect, it, vi} from 'vitest'

const flushed = vi.hoisted(() => ({count: 0}))
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>()
  return {
    ...fs,
    fsyncSync: (fd: number) => {
      flushed.count++
      fs.fsyncSync(fd)
    },
  }
})

const {AuditLog, verifyLog} = await import('../../../src/session/audit-log.js')

const base = mkdtempSync(join(tmpdir(), 'cg-audit-durability-'))
afterAll(() => rmSync(base, {recursive: true, force: true}))
beforeEach(() => {
  flushed.count = 0
})

describe('audit log durability', () => {
  it('routine events are written without an fsync, alerts with one', () => {
    const log = new AuditLog('durability', join(base, 'a'))
    expect(log.append({category: 'process', action: 'hook-pre-tool-use', type: 'allowed', message: 'Bash allowed'})).toBeDefined()
    expect(
      log.appendMany([
        {category: 'file', action: 'change', message: 'a'},
        {category: 'file', action: 'change', message: 'b'},
      ]),
    ).toHaveLength(2)
    expect(flushed.count).toBe(0)
    expect(log.append({kind: 'alert', category: 'process', action: 'hook-pre-tool-use', type: 'denied', message: 'denied'})).toBeDefined()
    expect(flushed.count).toBe(1)
    expect(
      log.appendMany([
        {category: 'file', action: 'change', message: 'c'},
        {kind: 'alert', category: 'file', action: 'bulk-change', message: 'd'},
      ]),
    ).toHaveLength(2)
    expect(flushed.count).toBe(2)
    const verified = verifyLog(log.file, log.session, log.headFile, log.keyFile)
    expect(verified.state).toBe('intact')
    expect(verified.events).toBe(6)
  })
})
