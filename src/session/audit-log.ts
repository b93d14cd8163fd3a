// Tamper-evident audit log: one ECS-style JSON event per line; each line carries the HMAC-SHA256
// (per-user key, audit-key.ts) of the previous line's exact bytes and a sequence number, and a
// sidecar ".head" file records the last link, count and size so truncating the tail is detected
// too. Appends from the `run` wrapper and concurrent hook processes are serialised by the lock in
// audit-lock.ts. A write cut short (full disk, killed writer) is closed by a recovery record on the
// next append, so `verifyLog` can tell damage from tampering. Lives under $XDG_STATE_HOME/codex-guard
// (outside the workspace; the generated profile denies the key to the sandbox). See docs/architecture.md.
// Kept free of heavy imports: the hooks write here on every tool call.
import {closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {ConfigError} from '../util/errors.js'
import {faultArmed, faultPoint} from '../util/fault.js'
import {readTextIfExists} from '../util/files.js'
import {randomHex, sha256Hex} from '../util/hash.js'
import {hmac, keyFileFor, loadOrCreateKey, readKey} from './audit-key.js'
import {withLock} from './audit-lock.js'

export type EventKind = 'event' | 'alert' | 'state'
export type EventCategory = 'process' | 'file' | 'network' | 'configuration' | 'session' | 'intrusion_detection'
export type EventOutcome = 'success' | 'failure' | 'unknown'

/** What callers provide; the log adds @timestamp, observer, session and chain fields. */
export interface AuditEventInput {
  kind?: EventKind
  category: EventCategory
  /** e.g. "command", "file-read", "file-created", "network-attempt", "hook-deny", "session-start" */
  action: string
  /** "allowed" | "denied" | "info" … (ECS puts allow/deny in event.type) */
  type?: 'allowed' | 'denied' | 'info' | 'start' | 'end' | 'change' | 'creation' | 'deletion'
  outcome?: EventOutcome
  message: string
  command?: string
  file?: string
  destination?: {domain?: string; ip?: string; port?: number}
  rule?: {id: string; name?: string}
  codex?: {session_id?: string; call_id?: string; turn_id?: string}
  /** Anything else, already redacted. */
  labels?: Record<string, string | number | boolean>
}

export interface AuditEvent {
  '@timestamp': string
  event: {kind: EventKind; category: EventCategory; action: string; type?: string; outcome: EventOutcome}
  message: string
  process?: {command_line: string}
  file?: {path: string}
  destination?: {domain?: string; ip?: string; port?: number}
  rule?: {id: string; name?: string}
  codex?: {session_id?: string; call_id?: string; turn_id?: string}
  labels?: Record<string, string | number | boolean>
  observer: {product: 'codex-guard'; type: 'agent-guard'}
  /** v: 2 for keyed links (absent: version 1); recovers: set on a recovery record */
  codex_guard: {session: string; seq: number; prev_hash: string; v?: 2; recovers?: Recovery}
}

export {stateDir} from '../util/paths.js'

import {stateDir} from '../util/paths.js'

export function sessionsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'sessions')
}

export function newSessionId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomHex(4)}`
}

/** Session ids become file names: keep them to a safe alphabet. */
export function safeSessionId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128)
  if (!cleaned || cleaned.startsWith('.')) throw new Error(`invalid session id: ${JSON.stringify(id)}`)
  return cleaned
}

const genesisText = (session: string) => `codex-guard-audit-log:${session}`
/** The first prev_hash of an unkeyed (version 1) log. */
export const genesisHash = (session: string) => sha256Hex(genesisText(session))

/**
 * Chain format. Version 1 (unkeyed, older logs): prev_hash = SHA-256 of the previous line.
 * Version 2 (codex_guard.v = 2): prev_hash = HMAC-SHA256(audit key, previous line), so rewriting
 * a log consistently needs the key. The link into a line is computed by that line's version.
 */
type ChainVersion = 1 | 2

/** What a recovery record says about the damaged lines it closes. */
export interface Recovery {
  /** 1-based line in the file where the damage starts */
  line: number
  lines: number
  bytes: number
  /** SHA-256 of the damaged bytes (newline-terminated) */
  sha256: string
  /** torn-tail: a write cut short (disk full, killed writer); head-mismatch / head-missing: the end of the log did not match its head */
  reason: 'torn-tail' | 'head-mismatch' | 'head-missing' | 'inserted'
  detail?: string
}

interface Head {
  v?: ChainVersion
  seq: number
  hash: string
  /** byte length of the log this head describes (version 2) */
  size?: number
}

export class AuditLog {
  readonly file: string
  readonly headFile: string
  private readonly lockFile: string
  /** Set after a write failure (e.g. disk full): reported once, never thrown into the session. */
  lastError?: Error

  constructor(
    readonly session: string,
    readonly dir: string = sessionsDir(),
    readonly keyFile: string = keyFileFor(dir),
  ) {
    const id = safeSessionId(session)
    this.file = join(dir, `${id}.jsonl`)
    this.headFile = join(dir, `${id}.head`)
    this.lockFile = join(dir, `${id}.lock`)
  }

  /**
   * Appends one event (fsynced when it is an alert: see appendMany) and returns it; on I/O failure records lastError and returns
   * undefined so a full disk never kills the user's session.
   */
  append(input: AuditEventInput, now = new Date()): AuditEvent | undefined {
    return this.appendMany([input], now)[0]
  }

  /**
   * Appends events in order with one lock and one write, fsynced when the group holds an alert
   * (one flush per burst, not one per event). Returns them, or [] on I/O failure (lastError).
   * A torn tail left by an earlier failure is closed first by a recovery record.
   */
  appendMany(inputs: readonly AuditEventInput[], now = new Date()): AuditEvent[] {
    if (inputs.length === 0) return []
    try {
      mkdirSync(this.dir, {recursive: true, mode: 0o700})
      const {key} = loadOrCreateKey(this.keyFile)
      return withLock(this.lockFile, () => {
        const resume = this.resume(key)
        let {seq, hash} = resume
        const events: AuditEvent[] = []
        let text = resume.prefix
        const add = (event: AuditEvent) => {
          const line = JSON.stringify(event)
          seq += 1
          hash = hmac(key, line)
          text += `${line}\n`
          events.push(event)
        }
        const chain = () => ({session: this.session, seq: seq + 1, prev_hash: hash, v: 2 as const})
        const observer = {product: 'codex-guard', type: 'agent-guard'} as const
        if (resume.recovery) {
          const recovery = resume.recovery
          const message =
            recovery.reason === 'torn-tail'
              ? `audit log damaged at line ${recovery.line} (${recovery.lines} line(s), ${recovery.bytes} bytes cut short: disk full or a killed writer), not tampered; events continue after it`
              : `audit log resumed at line ${recovery.line}: ${recovery.detail ?? recovery.reason}`
          add({
            '@timestamp': now.toISOString(),
            event: {kind: 'state', category: 'session', action: 'log-recovered', outcome: 'unknown'},
            message,
            observer,
            codex_guard: {...chain(), recovers: recovery},
          })
          events.pop()
        }
        for (const input of inputs) {
          add({
            '@timestamp': now.toISOString(),
            event: {kind: input.kind ?? 'event', category: input.category, action: input.action, ...(input.type ? {type: input.type} : {}), outcome: input.outcome ?? 'unknown'},
            message: input.message,
            ...(input.command !== undefined ? {process: {command_line: input.command}} : {}),
            ...(input.file !== undefined ? {file: {path: input.file}} : {}),
            ...(input.destination ? {destination: input.destination} : {}),
            ...(input.rule ? {rule: input.rule} : {}),
            ...(input.codex ? {codex: input.codex} : {}),
            ...(input.labels ? {labels: input.labels} : {}),
            observer,
            codex_guard: chain(),
          })
        }
        const bytes = Buffer.from(text)
        const fd = openSync(this.file, 'a', 0o600)
        try {
          // writeSync may write less than asked (disk full): loop, and let the error end the append before the head moves
          for (let offset = 0; offset < bytes.length; ) {
            if (faultArmed('audit-log-enospc')) {
              // a full disk simulated where tmpfs cannot be mounted: half the bytes land, then ENOSPC
              writeSync(fd, bytes, 0, Math.floor(bytes.length / 2))
              throw Object.assign(new Error('ENOSPC: no space left on device, write (fault injection)'), {code: 'ENOSPC'})
            }
            offset += writeSync(fd, bytes, offset, bytes.length - offset)
          }
          // Alerts (denials, withheld output, monitor failures) and recovery records are on disk
          // before the append returns; routine events are written without waiting for the disk
          // (an fsync per allowed tool call was the largest wall-clock cost of a hook call). A power
          // loss can then lose the last routine events, never an alert: fsync flushes every earlier
          // write of the file too, and a log cut short is recovered as a torn tail, not tampering.
          if (resume.recovery || inputs.some((input) => input.kind === 'alert')) fsyncSync(fd)
        } finally {
          closeSync(fd)
        }
        faultPoint('audit-log-before-head')
        this.writeHead({v: 2, seq, hash, size: resume.size + bytes.length})
        return events
      })
    } catch (error) {
      this.lastError = error as Error
      return []
    }
  }

  /**
   * Where the next event goes. Fast path: the head describes the whole file. Otherwise the
   * log is walked: a torn tail (or a log that does not end where its head says) is closed by a
   * recovery record, so the damage stays visible and later appends chain on from the last good event.
   */
  private resume(key: Buffer): {seq: number; hash: string; size: number; prefix: string; recovery?: Recovery} {
    let size = 0
    try {
      size = statSync(this.file).size
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    const head = readHead(this.headFile)
    if (head && head !== 'damaged' && head.v === 2 && head.size === size) return {seq: head.seq, hash: head.hash, size, prefix: ''}
    sweepTemps(this.headFile)
    if (size === 0 && head === undefined) return {seq: 0, hash: hmac(key, genesisText(this.session)), size, prefix: ''}
    // bytes, not text: offsets stay exact even when a torn write cut a multi-byte character
    const bytes = size === 0 ? Buffer.alloc(0) : readFileSync(this.file)
    const walk = walkChain(bytes, this.session, key, head)
    const good = walk.lastGood
    const seq = good?.seq ?? 0
    const hash = hmac(key, good?.raw ?? genesisText(this.session))
    const tail = bytes.subarray(good?.end ?? 0)
    const prefix = tail.length > 0 && tail[tail.length - 1] !== 0x0a ? '\n' : ''
    const damaged = Buffer.concat([tail, Buffer.from(prefix)])
    const at = (good?.line ?? 0) + 1
    const region = {line: at, lines: damaged.filter((byte) => byte === 0x0a).length, bytes: damaged.length, sha256: sha256Hex(damaged)}
    const confirmed = headConfirms(head, good, this.session, key) || headBehind(walk)
    if (confirmed && damaged.length === 0) return {seq, hash, size, prefix: ''}
    const tornOnly = walk.problems.every((entry) => entry.line <= (good?.line ?? 0) || walk.tornLines.has(entry.line))
    if (confirmed && tornOnly) return {seq, hash, size, prefix, recovery: {...region, reason: 'torn-tail'}}
    if (confirmed) return {seq, hash, size, prefix, recovery: {...region, reason: 'inserted', detail: `${region.lines} line(s) after event ${seq} that are not events of this log`}}
    const detail = head === undefined ? 'the head file was missing' : head === 'damaged' ? 'the head file was damaged' : `the head recorded event ${head.seq}, the log's last good event is ${seq}`
    return {seq, hash, size, prefix, recovery: {...region, reason: head === undefined ? 'head-missing' : 'head-mismatch', detail}}
  }

  private writeHead(head: Head): void {
    const temp = `${this.headFile}.${process.pid}.tmp`
    try {
      writeFileSync(temp, JSON.stringify(head), {mode: 0o600})
      faultPoint('audit-head-before-rename')
      renameSync(temp, this.headFile)
    } catch (error) {
      rmSync(temp, {force: true})
      throw error
    }
  }
}

function readHead(file: string): Head | 'damaged' | undefined {
  const text = readTextIfExists(file)
  if (text === undefined) return undefined
  try {
    const head = JSON.parse(text) as Head
    if (typeof head.seq === 'number' && typeof head.hash === 'string') return head
  } catch {}
  return 'damaged'
}

/** Head temp files of writers that died (a full disk leaves an empty one behind). */
function sweepTemps(headFile: string): void {
  const dir = dirname(headFile)
  const prefix = `${basename(headFile)}.`
  try {
    for (const name of readdirSync(dir)) {
      const pid = name.startsWith(prefix) ? /^(\d+)\.tmp$/.exec(name.slice(prefix.length))?.[1] : undefined
      if (!pid || Number(pid) === process.pid) continue
      try {
        process.kill(Number(pid), 0)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(dir, name), {force: true})
      }
    }
  } catch {}
}

interface GoodLine {
  seq: number
  raw: string
  /** 1-based line number */
  line: number
  /** byte offset just after its newline */
  end: number
  v: ChainVersion
}

function headConfirms(head: Head | 'damaged' | undefined, good: GoodLine | undefined, session: string, key: Buffer | undefined): boolean {
  if (head === undefined || head === 'damaged') return false
  const raw = good?.raw ?? genesisText(session)
  const expected = head.v === 2 ? (key ? hmac(key, raw) : undefined) : sha256Hex(raw)
  return head.seq === (good?.seq ?? 0) && head.hash === expected
}

export interface VerifyProblem {
  line: number
  problem: string
  /** damage: a write cut short (torn tail, recovered or not); tamper: valid lines changed, reordered, removed or added */
  kind: 'damage' | 'tamper'
}

export type LogState = 'intact' | 'damaged' | 'tampered'

export interface LogVerification {
  ok: boolean
  state: LogState
  /** events whose chain link holds */
  events: number
  problems: VerifyProblem[]
  /** every event is HMAC-keyed (false: a version 1 log from before keying, checkable by anyone) */
  keyed: boolean
}

interface Walk {
  lastGood?: GoodLine
  events: number
  problems: VerifyProblem[]
  anyV1: boolean
  anyV2: boolean
  firstTimestamp?: string
  /** the last line has no newline */
  unterminated: boolean
  /** line numbers after lastGood that are not JSON at all (or the unterminated last line) */
  tornLines: Set<number>
  lineCount: number
  /** line of the good event the head points at (0: the head is at the start), when the head matches one */
  headAt?: number
}

/** One pass over a log: each line's link to the line before it, recovery records, the last good event. */
function walkChain(bytes: Buffer, session: string, key: Buffer | undefined, head: Head | 'damaged' | undefined, keyFile = 'audit.key'): Walk {
  // line start offsets in bytes (starts[i] is where line i + 1 begins)
  const starts: number[] = []
  for (let start = 0; start < bytes.length; ) {
    starts.push(start)
    const newline = bytes.indexOf(0x0a, start)
    start = newline === -1 ? bytes.length : newline + 1
  }
  const unterminated = bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a
  const lines = starts.map((start, index) => bytes.subarray(start, (starts[index + 1] ?? bytes.length) - (index === starts.length - 1 && unterminated ? 0 : 1)).toString('utf8'))
  const walk: Walk = {events: 0, problems: [], anyV1: false, anyV2: false, unterminated, tornLines: new Set(), lineCount: lines.length}
  const link = (v: ChainVersion, raw: string | undefined) => {
    const input = raw ?? genesisText(session)
    if (v === 1) return sha256Hex(input)
    if (!key) throw new ConfigError(`the audit key ${keyFile} is missing: this keyed log cannot be checked (was the key moved or deleted?)`, keyFile)
    return hmac(key, input)
  }
  const headHit = (raw: string | undefined, seq: number) =>
    head !== undefined && head !== 'damaged' && head.seq === seq && headConfirms(head, raw === undefined ? undefined : {seq, raw, line: 0, end: 0, v: 2}, session, key)
  if (headHit(undefined, 0)) walk.headAt = 0
  let previous: string | undefined
  let expectedSeq = 1
  let lastGood: GoodLine | undefined
  for (const [index, raw] of lines.entries()) {
    const line = index + 1
    const end = starts[index + 1] ?? bytes.length
    const problem = (message: string) => walk.problems.push({line, problem: message, kind: 'tamper'})
    const isLast = index === lines.length - 1
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch {
      if (isLast && unterminated) problem('last line is not terminated (a write cut short, or an edit)')
      else problem('not valid JSON')
      walk.tornLines.add(line)
      previous = raw
      continue
    }
    if (isLast && unterminated) {
      problem('last line is not terminated (a write cut short, or an edit)')
      walk.tornLines.add(line)
      previous = raw
      continue
    }
    const event = value as AuditEvent | null
    // JSON that is not an object (null, 42, a list) has no chain: reported, never a crash.
    const chain = typeof event === 'object' && event !== null && typeof event.codex_guard === 'object' && event.codex_guard !== null ? event.codex_guard : undefined
    if (!chain) {
      problem(`sequence missing where ${expectedSeq} was expected (line removed, inserted or reordered)`)
      problem('previous-hash mismatch (this or the previous line was edited, removed or reordered)')
      previous = raw
      continue
    }
    const v: ChainVersion = chain.v === 2 ? 2 : 1
    if (v === 1) walk.anyV1 = true
    else walk.anyV2 = true
    walk.firstTimestamp ??= typeof event?.['@timestamp'] === 'string' ? event['@timestamp'] : undefined
    const before = walk.problems.length
    let linked = false
    const recovers = chain.recovers
    if (recovers && v === 2) {
      // a recovery record links to the last good event, across the damaged lines it names
      const damagedText = bytes.subarray(lastGood?.end ?? 0, starts[index])
      const matches =
        recovers.line === (lastGood?.line ?? 0) + 1 &&
        recovers.lines === index - (lastGood?.line ?? 0) &&
        recovers.sha256 === sha256Hex(damagedText) &&
        chain.seq === (lastGood?.seq ?? 0) + 1 &&
        chain.prev_hash === link(2, lastGood?.raw)
      if (matches) {
        linked = true
        if (recovers.reason === 'torn-tail') {
          walk.problems = walk.problems.filter((entry) => entry.line < recovers.line || entry.line >= line)
          if (recovers.lines > 0)
            walk.problems.push({
              line: recovers.line,
              problem: `damaged at line ${recovers.line}: ${recovers.lines} line(s), ${recovers.bytes} bytes cut short by a failed write (disk full or a killed writer), recovered at line ${line}; not tampered`,
              kind: 'damage',
            })
        } else {
          problem(`writing resumed at line ${line} after the end of the log stopped matching its head (${recovers.detail ?? recovers.reason})`)
        }
      } else {
        problem('recovery record does not match the lines before it (edited, removed or reordered)')
      }
    } else {
      if (chain.seq !== expectedSeq) problem(`sequence ${chain.seq ?? 'missing'} where ${expectedSeq} was expected (line removed, inserted or reordered)`)
      if (chain.prev_hash !== link(v, previous)) problem('previous-hash mismatch (this or the previous line was edited, removed or reordered)')
    }
    if (chain.session !== session) problem(`belongs to session ${chain.session}`)
    if (v === 1 && walk.anyV2)
      problem('an unkeyed (version 1) event after keyed ones: written by an older codex-guard (rerun `codex-guard init` so the hooks run this version) or forged without the key')
    if (typeof chain.seq === 'number') expectedSeq = chain.seq + 1
    if (walk.problems.length === before || linked) {
      walk.events++
      lastGood = {seq: chain.seq, raw, line, end, v}
      walk.tornLines.clear()
      if (headHit(raw, chain.seq)) walk.headAt = line
    }
    previous = raw
  }
  walk.lastGood = lastGood
  return walk
}

/**
 * The head points at an earlier good event and every line after it is a good keyed event (or a
 * torn tail): a writer was stopped between writing events and moving the head. Not tampering:
 * the events after the head carry keyed links.
 */
function headBehind(walk: Walk): boolean {
  const at = walk.headAt
  if (at === undefined || !walk.lastGood || walk.lastGood.line <= at || walk.lastGood.v !== 2) return false
  return !walk.problems.some((entry) => entry.line > at && !walk.tornLines.has(entry.line))
}

/**
 * Recomputes the chain and tells damage from tampering. Damage: a write cut short (a torn last
 * line, or lines after the last good event that are not JSON at all, while the head confirms
 * that event), whether or not a later append already recorded the recovery; also a head left
 * behind by a writer killed between writing events and updating the head (keyed logs only: the
 * events after it carry valid keyed links). Tampering: anything else — an edited, removed,
 * inserted or reordered line, an end that does not match the head, a keyed log rewritten unkeyed.
 */
export function verifyLog(file: string, session: string, headFile?: string, keyFile: string = keyFileFor(dirname(file))): LogVerification {
  const bytes = readFileSync(file)
  const key = readKey(keyFile)
  const head = headFile ? readHead(headFile) : undefined
  const walk = walkChain(bytes, session, key?.key, head, keyFile)
  const problems = walk.problems
  const good = walk.lastGood
  const trailing = problems.filter((entry) => entry.line > (good?.line ?? 0))
  const tornOnly = trailing.length > 0 && trailing.every((entry) => walk.tornLines.has(entry.line))
  if (headFile) {
    if (head === undefined) {
      if (walk.lineCount > 0) problems.push({line: 0, problem: 'head file missing: the end of the log cannot be checked', kind: 'tamper'})
    } else if (head === 'damaged') {
      problems.push({line: 0, problem: `head file ${headFile} is damaged: the end of the log cannot be checked`, kind: 'tamper'})
    } else if (!headConfirms(head, good, session, key?.key)) {
      const seq = good?.seq ?? 0
      if (headBehind(walk) && good) {
        problems.push({
          line: good.line,
          problem: `the head records event ${head.seq}, the log goes on with keyed events to ${seq}: the writer stopped before updating the head; not tampered`,
          kind: 'damage',
        })
      } else {
        problems.push({line: walk.lineCount, problem: `log ends at event ${seq} but the head records event ${head.seq}: lines were removed from or added to the end`, kind: 'tamper'})
      }
    }
  }
  const headOk = !problems.some((entry) => entry.line === 0 || (entry.kind === 'tamper' && /head records event/.test(entry.problem)))
  if (tornOnly && headOk) {
    for (const entry of trailing) entry.kind = 'damage'
    const first = trailing[0]!.line
    problems.push({line: first, problem: `damaged at line ${first}: a write cut short (disk full or a killed writer), not tampered; the next append records the recovery`, kind: 'damage'})
  }
  if (walk.anyV1 && !walk.anyV2 && key && walk.firstTimestamp && walk.firstTimestamp > key.created) {
    problems.push({line: 1, problem: `unkeyed events dated after the audit key was created (${key.created}): the log was rewritten without the key`, kind: 'tamper'})
  }
  problems.sort((a, b) => a.line - b.line)
  const state: LogState = problems.some((entry) => entry.kind === 'tamper') ? 'tampered' : problems.length > 0 ? 'damaged' : 'intact'
  return {ok: state === 'intact', state, events: walk.events, problems, keyed: walk.anyV2 && !walk.anyV1}
}

export interface SessionInfo {
  id: string
  file: string
  events: number
  modified: Date
}

export function listSessions(dir: string = sessionsDir()): SessionInfo[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => {
      const file = join(dir, name)
      const text = readFileSync(file, 'utf8')
      return {id: name.slice(0, -'.jsonl'.length), file, events: text.split('\n').filter(Boolean).length, modified: statSync(file).mtime}
    })
    .sort((a, b) => b.modified.getTime() - a.modified.getTime())
}

export interface SkippedLine {
  /** 1-based line in the log */
  line: number
  reason: string
}

/** Why a parsed line is not an audit event (undefined when it is one): the fields every reader dereferences. */
export function notAnEvent(value: unknown): string | undefined {
  const isObject = (candidate: unknown): candidate is Record<string, unknown> => typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate)
  if (!isObject(value)) return `valid JSON but not an audit event (${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value})`
  if (typeof value['@timestamp'] !== 'string') return 'valid JSON but not an audit event (no "@timestamp" string)'
  const info = value['event']
  if (!isObject(info) || typeof info['kind'] !== 'string' || typeof info['category'] !== 'string' || typeof info['action'] !== 'string') {
    return 'valid JSON but not an audit event (no "event" object with kind, category and action)'
  }
  if (typeof value['message'] !== 'string') return 'valid JSON but not an audit event (no "message" string)'
  const chain = value['codex_guard']
  if (!isObject(chain) || typeof chain['seq'] !== 'number' || typeof chain['session'] !== 'string') return 'valid JSON but not an audit event (no "codex_guard" object with session and seq)'
  return undefined
}

/**
 * The events of one log. A line that is not JSON, or JSON that is not an audit event (a stray
 * `{}` or `42` appended by hand or by another tool), is skipped and reported in `skipped`, so one
 * bad line never makes `sessions show/export` or the rotation checklist fail for every session.
 */
export function readEvents(file: string): {events: AuditEvent[]; malformed: number; skipped: SkippedLine[]} {
  const events: AuditEvent[] = []
  const skipped: SkippedLine[] = []
  for (const [index, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (!line) continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      skipped.push({line: index + 1, reason: 'not valid JSON'})
      continue
    }
    const reason = notAnEvent(value)
    if (reason) skipped.push({line: index + 1, reason})
    else events.push(value as AuditEvent)
  }
  return {events, malformed: skipped.length, skipped}
}

/**
 * What a reader skipped, the same from every reader: "skipped N damaged line(s) in <file>:<first>",
 * then one "<file>:<line>: skipped: <reason>" line each (at most 20).
 */
export function reportSkipped(file: string, skipped: readonly SkippedLine[], write: (text: string) => void = (text) => process.stderr.write(text)): void {
  if (skipped.length === 0) return
  write(`codex-guard: skipped ${skipped.length} damaged line(s) in ${file}:${skipped[0]!.line} (see codex-guard log verify)\n`)
  for (const line of skipped.slice(0, 20)) write(`codex-guard: ${file}:${line.line}: skipped: ${line.reason}\n`)
  if (skipped.length > 20) write(`codex-guard: … and ${skipped.length - 20} more in ${file}\n`)
}
