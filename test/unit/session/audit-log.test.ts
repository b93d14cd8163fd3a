// The tamper-evident audit log: the chain verifies, each kind of tampering is detected with its
// line, and appends from concurrent processes (the run wrapper plus hook processes) still form one
// valid chain.
import {execFile} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {hmac, readKey} from '../../../src/session/audit-key.js'
import {AuditLog, genesisHash, listSessions, newSessionId, readEvents, safeSessionId, sessionsDir, verifyLog} from '../../../src/session/audit-log.js'

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..')
const base = mkdtempSync(join(tmpdir(), 'codex-guard-audit-'))
afterAll(() => rmSync(base, {recursive: true, force: true}))
let counter = 0

function freshLog(events = 5): AuditLog {
  const log = new AuditLog(`s${++counter}-${newSessionId()}`, join(base, `dir${counter}`))
  for (let index = 1; index <= events; index++) {
    log.append({category: 'process', action: 'command', message: `event ${index}`, command: `echo ${index}`, labels: {index}})
  }
  return log
}

const lines = (log: AuditLog) => readFileSync(log.file, 'utf8').split('\n').slice(0, -1)
const rewrite = (log: AuditLog, newLines: string[], terminated = true) => writeFileSync(log.file, newLines.join('\n') + (terminated ? '\n' : ''))
const verify = (log: AuditLog) => verifyLog(log.file, log.session, log.headFile, log.keyFile)

describe('AuditLog chain', () => {
  it('an untouched log verifies, with one event per line in sequence', () => {
    const log = freshLog(5)
    expect(verify(log)).toEqual({ok: true, state: 'intact', events: 5, problems: [], keyed: true})
    const {events, malformed} = readEvents(log.file)
    expect(malformed).toBe(0)
    expect(events.map((event) => event.codex_guard.seq)).toEqual([1, 2, 3, 4, 5])
    const key = readKey(log.keyFile)!
    expect(events[0]!.codex_guard.prev_hash).toBe(hmac(key.key, `codex-guard-audit-log:${log.session}`))
    expect(events[0]!.codex_guard.prev_hash).not.toBe(genesisHash(log.session))
    expect(statSync(log.keyFile).mode & 0o777).toBe(0o600)
    expect(events[2]).toMatchObject({event: {category: 'process', action: 'command', kind: 'event', outcome: 'unknown'}, process: {command_line: 'echo 3'}, observer: {product: 'codex-guard'}})
  })

  it('editing a field is detected on the following line', () => {
    const log = freshLog(5)
    const edited = lines(log)
    edited[1] = edited[1]!.replace('echo 2', 'echo X')
    rewrite(log, edited)
    const result = verify(log)
    expect(result.ok).toBe(false)
    expect(result.problems).toContainEqual({line: 3, problem: expect.stringMatching(/previous-hash mismatch/), kind: 'tamper'})
  })

  it('deleting a middle line is detected', () => {
    const log = freshLog(5)
    const kept = lines(log)
    kept.splice(2, 1)
    rewrite(log, kept)
    const result = verify(log)
    expect(result.ok).toBe(false)
    expect(result.problems).toContainEqual({line: 3, problem: expect.stringMatching(/sequence 4 where 3 was expected/), kind: 'tamper'})
  })

  it('swapping two lines is detected', () => {
    const log = freshLog(5)
    const swapped = lines(log)
    ;[swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!]
    rewrite(log, swapped)
    const result = verify(log)
    expect(result.ok).toBe(false)
    expect(result.problems.map((problem) => problem.line)).toEqual(expect.arrayContaining([2, 3]))
  })

  it('truncating the last line is detected', () => {
    const log = freshLog(5)
    const text = readFileSync(log.file, 'utf8')
    writeFileSync(log.file, text.slice(0, text.length - 40))
    const result = verify(log)
    expect(result.ok).toBe(false)
    expect(result.problems).toContainEqual({line: 5, problem: expect.stringMatching(/not terminated/), kind: 'tamper'})
  })

  it('removing the whole last line is detected through the head file', () => {
    const log = freshLog(5)
    rewrite(log, lines(log).slice(0, 4))
    const result = verify(log)
    expect(result.ok).toBe(false)
    expect(result.problems).toContainEqual({line: 4, problem: expect.stringMatching(/head records event 5/), kind: 'tamper'})
  })

  it('appending a forged line with a correctly computed chain is detected through the head file', async () => {
    const log = freshLog(5)
    const {createHash} = await import('node:crypto')
    const last = lines(log).at(-1)!
    const forged = {...JSON.parse(last), message: 'nothing to see', codex_guard: {session: log.session, seq: 6, prev_hash: createHash('sha256').update(last).digest('hex')}}
    rewrite(log, [...lines(log), JSON.stringify(forged)])
    const result = verify(log)
    expect(result.ok).toBe(false)
    expect(result.state).toBe('tampered')
    expect(result.problems).toContainEqual({line: 6, problem: expect.stringMatching(/unkeyed \(version 1\) event after keyed ones/), kind: 'tamper'})
  })

  it('a keyed line forged without the key is detected, even with the head rewritten to match', async () => {
    const log = freshLog(3)
    const {createHmac} = await import('node:crypto')
    const wrongKey = Buffer.alloc(32, 7)
    const last = lines(log).at(-1)!
    const forged = JSON.stringify({...JSON.parse(last), message: 'forged', codex_guard: {session: log.session, seq: 4, prev_hash: createHmac('sha256', wrongKey).update(last).digest('hex'), v: 2}})
    rewrite(log, [...lines(log), forged])
    writeFileSync(log.headFile, JSON.stringify({v: 2, seq: 4, hash: createHmac('sha256', wrongKey).update(forged).digest('hex'), size: readFileSync(log.file).length}))
    const result = verify(log)
    expect(result.state).toBe('tampered')
    expect(result.problems).toContainEqual({line: 4, problem: expect.stringMatching(/previous-hash mismatch/), kind: 'tamper'})
  })

  it('an old unkeyed (version 1) log still verifies, and appends continue it keyed', async () => {
    const {createHash} = await import('node:crypto')
    const dir = join(base, 'legacy')
    mkdirSync(dir, {recursive: true})
    const session = 'legacy-session'
    const sha = (text: string) => createHash('sha256').update(text).digest('hex')
    const old: string[] = []
    let previous = genesisHash(session)
    for (let seq = 1; seq <= 3; seq++) {
      const line = JSON.stringify({
        '@timestamp': '2020-01-01T00:00:00.000Z',
        event: {kind: 'event', category: 'process', action: 'command', outcome: 'unknown'},
        message: `old ${seq}`,
        observer: {product: 'codex-guard', type: 'agent-guard'},
        codex_guard: {session, seq, prev_hash: previous},
      })
      old.push(line)
      previous = sha(line)
    }
    writeFileSync(join(dir, `${session}.jsonl`), `${old.join('\n')}\n`)
    writeFileSync(join(dir, `${session}.head`), JSON.stringify({seq: 3, hash: previous}))
    const log = new AuditLog(session, dir, join(base, 'legacy.key'))
    expect(verify(log)).toEqual({ok: true, state: 'intact', events: 3, problems: [], keyed: false})
    log.append({category: 'session', action: 'x', message: 'new keyed event'})
    expect(verify(log)).toMatchObject({ok: true, state: 'intact', events: 4})
    expect(readEvents(log.file).events.map((event) => event.codex_guard.v)).toEqual([undefined, undefined, undefined, 2])
  })

  it('a missing head file is reported', () => {
    const log = freshLog(2)
    rmSync(log.headFile)
    expect(verify(log).problems).toContainEqual({line: 0, problem: expect.stringMatching(/head file missing/), kind: 'tamper'})
  })

  it('a line from another session is reported', () => {
    const log = freshLog(2)
    const other = freshLog(1)
    rewrite(log, [...lines(log), ...lines(other)])
    expect(verify(log).problems).toContainEqual({line: 3, problem: expect.stringMatching(/belongs to session/), kind: 'tamper'})
  })

  it('appendMany writes a burst as one group that chains like single appends; tampering inside it is still found', () => {
    const log = freshLog(2)
    const burst = log.appendMany(Array.from({length: 50}, (_, index) => ({category: 'file' as const, action: 'file-changed', message: `changed: f${index}`, file: `/w/f${index}`})))
    expect(burst.map((event) => event.codex_guard.seq)).toEqual(Array.from({length: 50}, (_, index) => index + 3))
    log.append({category: 'session', action: 'session-end', message: 'end'})
    expect(verify(log)).toEqual({ok: true, state: 'intact', events: 53, problems: [], keyed: true})
    expect(log.appendMany([])).toEqual([])
    const edited = lines(log)
    edited[20] = edited[20]!.replace('changed: f18', 'changed: fX')
    rewrite(log, edited)
    expect(verify(log).problems).toContainEqual({line: 22, problem: expect.stringMatching(/previous-hash mismatch/), kind: 'tamper'})
  })

  it('a damaged key is named (file and line) by verify and stops appends without throwing into the session', () => {
    const dir = join(base, 'damaged-key', 'sessions')
    const log = new AuditLog('damaged-key', dir)
    log.append({category: 'session', action: 'x', message: 'keyed'})
    writeFileSync(log.keyFile, 'not a key\n')
    expect(() => verify(log)).toThrow(expect.objectContaining({file: log.keyFile, line: 1, message: expect.stringMatching(/not a codex-guard audit key/)}))
    expect(log.append({category: 'session', action: 'x', message: 'after'})).toBeUndefined()
    expect(log.lastError?.message).toMatch(/not a codex-guard audit key/)
  })

  it('a write failure is recorded, not thrown', () => {
    const blocker = join(base, 'not-a-dir')
    writeFileSync(blocker, 'x')
    const log = new AuditLog('fails', join(blocker, 'sessions'))
    expect(log.append({category: 'session', action: 'x', message: 'y'})).toBeUndefined()
    expect(log.lastError?.message).toMatch(/ENOTDIR|EEXIST/)
  })

  it('session ids are file-name safe; sessions are listed by their .jsonl only', () => {
    expect(() => safeSessionId('../../etc/passwd')).toThrow(/invalid session id/)
    expect(safeSessionId('a/b c')).toBe('a_b_c')
    expect(() => safeSessionId('.hidden')).toThrow()
    const dir = join(base, 'listing')
    new AuditLog('older', dir).append({category: 'session', action: 'a', message: 'a'})
    new AuditLog('newer', dir).append({category: 'session', action: 'a', message: 'a'})
    writeFileSync(join(dir, 'newer.summary.json'), '{}')
    expect(
      listSessions(dir)
        .map((session) => session.id)
        .sort(),
    ).toEqual(['newer', 'older'])
    expect(sessionsDir({XDG_STATE_HOME: '/x'})).toBe('/x/codex-guard/sessions')
  })
})

describe('concurrent appends', () => {
  it('4 child processes × 50 events produce one valid chain of 200 events', async () => {
    const dir = join(base, 'concurrent')
    const session = 'concurrent-session'
    const script = join(base, 'append.mts')
    writeFileSync(
      script,
      `import {AuditLog} from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'src', 'session', 'audit-log.ts')).href)}
const [dir, session, worker] = process.argv.slice(2)
const log = new AuditLog(session, dir)
for (let index = 0; index < 50; index++) {
  if (!log.append({category: 'process', action: 'command', message: 'worker ' + worker + ' event ' + index, labels: {worker: Number(worker), index}})) {
    console.error(log.lastError)
    process.exit(1)
  }
}
`,
    )
    const run = (worker: number) =>
      new Promise<void>((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', script, dir, session, String(worker)], {cwd: REPO_ROOT}, (error, _stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(),
        )
      })
    await Promise.all([0, 1, 2, 3].map(run))
    const file = join(dir, `${session}.jsonl`)
    const result = verifyLog(file, session, join(dir, `${session}.head`))
    expect(result.problems).toEqual([])
    expect(result.events).toBe(200)
    const {events} = readEvents(file)
    for (const worker of [0, 1, 2, 3]) {
      expect(events.filter((event) => event.labels?.['worker'] === worker).map((event) => event.labels?.['index'])).toEqual(Array.from({length: 50}, (_, index) => index))
    }
    expect(existsSync(join(dir, `${session}.lock`))).toBe(false)
  }, 60_000)
})
