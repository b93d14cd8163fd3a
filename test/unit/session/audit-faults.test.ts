// Fault injection on the audit log: writers SIGKILLed while holding the lock or between writing
// events and moving the head, 50 concurrent appenders over planted stale locks, a torn tail, and
// a real full disk (a 64 KiB tmpfs). After each, appends continue and `verifyLog` tells damage
// from tampering.
import {execFile, execFileSync} from 'node:child_process'
import {appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'
import {build} from 'esbuild'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {withLock} from '../../../src/session/audit-lock.js'
import {AuditLog, readEvents, verifyLog} from '../../../src/session/audit-log.js'

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..')
const base = mkdtempSync(join(tmpdir(), 'codex-guard-audit-faults-'))
const bundle = join(base, 'audit-log.mjs')
const script = join(base, 'append.mjs')
afterAll(() => rmSync(base, {recursive: true, force: true}))

beforeAll(async () => {
  // one plain-node bundle, so 50 children start in milliseconds without a TypeScript loader each
  await build({entryPoints: [join(REPO_ROOT, 'src', 'session', 'audit-log.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent'})
  writeFileSync(
    script,
    `import {AuditLog} from ${JSON.stringify(bundle)}
const [dir, session, worker, count] = process.argv.slice(2)
const log = new AuditLog(session, dir)
for (let index = 0; index < Number(count); index++) {
  if (!log.append({category: 'process', action: 'command', message: 'worker ' + worker + ' event ' + index, labels: {worker: Number(worker), index}})) {
    console.error(String(log.lastError))
    process.exit(1)
  }
}
`,
  )
})

function runWorker(dir: string, session: string, worker: number, count: number, faultAt?: string): Promise<{code: number | null; signal: string | null; stderr: string}> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [script, dir, session, String(worker), String(count)],
      {env: {...process.env, ...(faultAt ? {CODEX_GUARD_FAULT_AT: faultAt} : {})}},
      (_error, _stdout, stderr) => resolve({code: child.exitCode, signal: child.signalCode, stderr}),
    )
  })
}

const verify = (log: AuditLog) => verifyLog(log.file, log.session, log.headFile, log.keyFile)
let counter = 0
const freshDir = () => join(base, `sessions${++counter}`)

describe('audit log under faults', () => {
  it('a torn tail is damage, not tampering; the next append records the recovery and the log verifies as recovered', () => {
    const log = new AuditLog('torn', freshDir())
    for (let index = 0; index < 3; index++) log.append({category: 'process', action: 'command', message: `event ${index}`})
    appendFileSync(log.file, '{"@timestamp":"2026-01-01T00:00:00.000Z","event":{"kind":"ev')
    const torn = verify(log)
    expect(torn.state).toBe('damaged')
    expect(torn.problems.every((problem) => problem.kind === 'damage')).toBe(true)
    expect(torn.problems).toContainEqual({line: 4, problem: expect.stringMatching(/damaged at line 4: a write cut short .* not tampered/), kind: 'damage'})

    expect(log.append({category: 'process', action: 'command', message: 'after the damage'})).toBeDefined()
    const recovered = verify(log)
    expect(recovered.state).toBe('damaged')
    expect(recovered.problems).toEqual([{line: 4, problem: expect.stringMatching(/damaged at line 4: 1 line\(s\), \d+ bytes .* recovered at line 5; not tampered/), kind: 'damage'}])
    const read = readEvents(log.file)
    expect(read.skipped).toEqual([{line: 4, reason: 'not valid JSON'}])
    expect(read.events.map((event) => event.event.action)).toEqual(['command', 'command', 'command', 'log-recovered', 'command'])
    expect(read.events.at(-1)!.codex_guard.seq).toBe(5)

    // editing the damaged bytes after the recovery is tampering
    const text = readFileSync(log.file, 'utf8')
    writeFileSync(log.file, text.replace('"kind":"ev\n', '"kind":"xx\n'))
    expect(verify(log).state).toBe('tampered')
  })

  it('a torn write that cuts a multi-byte character, after non-ASCII events: still damage, recovered, not tampered', () => {
    const log = new AuditLog('torn-unicode', freshDir())
    log.append({category: 'process', action: 'command', message: 'café € 😀 日本語'})
    const line = Buffer.from(`${JSON.stringify({message: 'naïve 😀 cut here'})}\n`)
    // half of the 4-byte emoji
    appendFileSync(log.file, line.subarray(0, line.indexOf(Buffer.from('😀')) + 2))
    expect(verify(log).state).toBe('damaged')
    log.append({category: 'process', action: 'command', message: 'après'})
    const after = verify(log)
    expect(after.state, JSON.stringify(after.problems)).toBe('damaged')
    expect(after.problems).toEqual([{line: 2, problem: expect.stringMatching(/recovered at line 3; not tampered/), kind: 'damage'}])
    log.append({category: 'process', action: 'command', message: 'encore'})
    expect(verify(log).state).toBe('damaged')
    expect(
      readEvents(log.file)
        .events.map((event) => event.message)
        .at(-1),
    ).toBe('encore')
  })

  it('a writer killed between writing events and moving the head: damage, and the next append carries on without a gap', async () => {
    const dir = freshDir()
    const log = new AuditLog('killed-before-head', dir)
    log.append({category: 'session', action: 'session-start', message: 'start'})
    const killed = await runWorker(dir, log.session, 1, 3, 'audit-log-before-head')
    expect(killed.signal).toBe('SIGKILL')
    const behind = verify(log)
    expect(behind.state).toBe('damaged')
    expect(behind.problems).toEqual([{line: 2, problem: expect.stringMatching(/head records event 1.*not tampered/), kind: 'damage'}])
    log.append({category: 'session', action: 'session-end', message: 'end'})
    expect(verify(log)).toMatchObject({state: 'intact', events: 3})
  })

  it('a writer killed holding the lock leaves a stale lock that the next writer takes over', async () => {
    const dir = freshDir()
    const log = new AuditLog('killed-holding-lock', dir)
    log.append({category: 'session', action: 'session-start', message: 'start'})
    const killed = await runWorker(dir, log.session, 1, 3, 'audit-lock-held')
    expect(killed.signal).toBe('SIGKILL')
    const lockFile = join(dir, `${log.session}.lock`)
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({host: hostname(), pid: expect.any(Number), token: expect.any(String)})
    const started = Date.now()
    expect(log.append({category: 'session', action: 'x', message: 'after'})).toBeDefined()
    expect(Date.now() - started).toBeLessThan(2000)
    expect(verify(log)).toMatchObject({state: 'intact', events: 2})
    expect(readdirSync(dir).filter((name) => name.includes('.lock'))).toEqual([])
  })

  it('a lock held by a live process is never taken over, however old; one whose pid was reused by a later process is', () => {
    const dir = freshDir()
    mkdirSync(dir, {recursive: true})
    const lockFile = join(dir, 'x.lock')
    // this very process, the file an hour old
    writeFileSync(lockFile, JSON.stringify({token: 'ab'.repeat(16), pid: process.pid, host: hostname(), started: 0}))
    utimesSync(lockFile, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000))
    let ran = false
    expect(() =>
      withLock(
        lockFile,
        () => {
          ran = true
        },
        300,
      ),
    ).toThrow(/lock busy.*held by pid/)
    expect(ran).toBe(false)
    // the same pid, but the lock records another process start time: the owner is gone
    writeFileSync(lockFile, JSON.stringify({token: 'ab'.repeat(16), pid: process.pid, host: hostname(), started: 0, procStart: '1'}))
    expect(withLock(lockFile, () => 'ran', 300)).toBe('ran')
    expect(readdirSync(dir)).toEqual([])
  })

  it('50 concurrent appenders over planted stale locks and writers killed in the critical section: one chain, no duplicate sequence numbers', async () => {
    // a state directory of its own: the 50 writers also race to create the key, and must agree on one
    const dir = join(base, 'race-state', 'sessions')
    mkdirSync(dir, {recursive: true})
    const session = 'race'
    const lockFile = join(dir, `${session}.lock`)
    // a lock from another host, an hour old; a claim file and a head temp file of dead processes
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString())
    writeFileSync(lockFile, JSON.stringify({token: 'cd'.repeat(16), pid: 1, host: 'another-host', started: 0}))
    utimesSync(lockFile, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000))
    writeFileSync(`${lockFile}.claim-${'ef'.repeat(16)}`, JSON.stringify({token: '12'.repeat(16), pid: deadPid, host: hostname(), started: 0, protects: 'ef'.repeat(16)}))
    writeFileSync(join(dir, `${session}.head.${deadPid}.tmp`), '')
    const workers = Array.from({length: 50}, (_, worker) => worker)
    const killedWorkers = new Set([3, 11, 19, 27, 35, 43])
    const results = await Promise.all(workers.map((worker) => runWorker(dir, session, worker, 5, killedWorkers.has(worker) ? 'audit-lock-held' : undefined)))
    for (const [worker, result] of results.entries()) {
      if (killedWorkers.has(worker)) expect(result.signal).toBe('SIGKILL')
      else expect(result, result.stderr).toMatchObject({code: 0})
    }
    const log = new AuditLog(session, dir)
    const result = verify(log)
    expect(result.problems).toEqual([])
    expect(result.state).toBe('intact')
    const {events} = readEvents(log.file)
    const seqs = events.map((event) => event.codex_guard.seq)
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(seqs).toEqual(Array.from({length: 44 * 5}, (_, index) => index + 1))
    for (const worker of workers.filter((candidate) => !killedWorkers.has(candidate))) {
      expect(events.filter((event) => event.labels?.['worker'] === worker).map((event) => event.labels?.['index'])).toEqual([0, 1, 2, 3, 4])
    }
    // the last killed holder's lock may remain until the next append takes it over
    log.append({category: 'session', action: 'session-end', message: 'end'})
    expect(readdirSync(dir).filter((name) => name.includes('.lock') || name.endsWith('.tmp'))).toEqual([])
  }, 120_000)
})

describe('audit log on a full disk, simulated (a write that lands half its bytes, then ENOSPC)', () => {
  it('the failed append is reported, the torn half is damage, and the next append recovers it', async () => {
    const dir = freshDir()
    const log = new AuditLog('simulated-full-disk', dir)
    log.append({category: 'session', action: 'session-start', message: 'start'})
    const failed = await runWorker(dir, log.session, 1, 1, 'audit-log-enospc')
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/ENOSPC/)
    expect(verify(log)).toMatchObject({state: 'damaged', problems: [expect.objectContaining({line: 2, kind: 'damage'}), expect.objectContaining({line: 2, kind: 'damage'})]})
    log.append({category: 'session', action: 'session-end', message: 'space freed'})
    const after = verify(log)
    expect(after.state).toBe('damaged')
    expect(after.problems).toEqual([{line: 2, problem: expect.stringMatching(/recovered at line 3; not tampered/), kind: 'damage'}])
    expect(readEvents(log.file).events.map((event) => event.codex_guard.seq)).toEqual([1, 2, 3])
  })
})

describe('audit log on a full disk (64 KiB tmpfs)', () => {
  const mountPoint = join(base, 'tmpfs')
  let mounted = false
  beforeAll(() => {
    mkdirSync(mountPoint, {recursive: true})
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], {stdio: 'ignore'})
      mounted = true
    } catch {}
  })
  afterAll(() => {
    if (mounted) execFileSync('umount', [mountPoint])
  })

  it('append until ENOSPC, free space, append again: damaged or intact, never tampered, and the chain goes on', () => {
    // without root (no tmpfs) the disk is filled the same way: a sessions directory whose log cannot grow past what a filler leaves
    if (!mounted) throw new Error('this test needs `mount -t tmpfs` (root); run the suite as root or in the CI container')
    const dir = join(mountPoint, 'state', 'codex-guard', 'sessions')
    mkdirSync(dir, {recursive: true})
    const filler = join(mountPoint, 'filler')
    writeFileSync(filler, Buffer.alloc(24 * 1024))
    const log = new AuditLog('full-disk', dir)
    let written = 0
    for (let index = 0; index < 200 && !log.lastError; index++) {
      if (log.append({category: 'process', action: 'command', message: `event ${index} ${'x'.repeat(1500)}`})) written++
    }
    expect(log.lastError?.message).toMatch(/ENOSPC/)
    expect(written).toBeGreaterThan(3)
    const full = verify(log)
    expect(full.state).not.toBe('tampered')
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp') || name.includes('.lock'))).toEqual([])

    rmSync(filler)
    log.lastError = undefined
    expect(log.append({category: 'session', action: 'session-end', message: 'space freed'})).toBeDefined()
    const after = verify(log)
    expect(after.state, JSON.stringify(after.problems)).not.toBe('tampered')
    const {events} = readEvents(log.file)
    expect(events.at(-1)?.message).toBe('space freed')
    // an append whose events reached the log but whose head update hit ENOSPC reports failure: at most one such
    const commands = events.filter((event) => event.event.action === 'command').length
    expect(commands).toBeGreaterThanOrEqual(written)
    expect(commands).toBeLessThanOrEqual(written + 1)
    if (after.state === 'damaged') expect(after.problems.every((problem) => problem.kind === 'damage' && /not tampered/.test(problem.problem))).toBe(true)
  })
})
