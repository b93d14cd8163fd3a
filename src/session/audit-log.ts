// Tamper-evident audit log: one ECS-style JSON event per line; each line carries the SHA-256 of
// the previous line's exact bytes and a sequence number, and a sidecar ".head" file records the
// last hash and count so truncating the tail is detected too. Appends from the `run` wrapper and
// from concurrent hook processes are serialised with a lock file. Lives under
// $XDG_STATE_HOME/codex-guard (outside the workspace, where the sandboxed agent cannot write).
// Kept free of heavy imports: the hooks write here on every tool call.
import {createHash, randomBytes} from 'node:crypto'
import {closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync} from 'node:fs'
import {join} from 'node:path'

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
  codex_guard: {session: string; seq: number; prev_hash: string}
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
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(4).toString('hex')}`
}

/** Session ids become file names: keep them to a safe alphabet. */
export function safeSessionId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128)
  if (!cleaned || cleaned.startsWith('.')) throw new Error(`invalid session id: ${JSON.stringify(id)}`)
  return cleaned
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
export const genesisHash = (session: string) => sha256(`codex-guard-audit-log:${session}`)

interface Head {
  seq: number
  hash: string
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
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
  ) {
    const id = safeSessionId(session)
    this.file = join(dir, `${id}.jsonl`)
    this.headFile = join(dir, `${id}.head`)
    this.lockFile = join(dir, `${id}.lock`)
  }

  /**
   * Appends one event, fsynced, and returns it; on I/O failure records lastError and returns
   * undefined so a full disk never kills the user's session.
   */
  append(input: AuditEventInput, now = new Date()): AuditEvent | undefined {
    return this.appendMany([input], now)[0]
  }

  /**
   * Appends events in order with one lock, one write and one fsync (group commit: a burst of
   * file events costs one flush, not one each). Returns them, or [] on I/O failure (lastError).
   */
  appendMany(inputs: readonly AuditEventInput[], now = new Date()): AuditEvent[] {
    if (inputs.length === 0) return []
    try {
      mkdirSync(this.dir, {recursive: true, mode: 0o700})
      return this.withLock(() => {
        let {seq, hash} = this.readHead()
        const events: AuditEvent[] = []
        let text = ''
        for (const input of inputs) {
          const event: AuditEvent = {
            '@timestamp': now.toISOString(),
            event: {kind: input.kind ?? 'event', category: input.category, action: input.action, ...(input.type ? {type: input.type} : {}), outcome: input.outcome ?? 'unknown'},
            message: input.message,
            ...(input.command !== undefined ? {process: {command_line: input.command}} : {}),
            ...(input.file !== undefined ? {file: {path: input.file}} : {}),
            ...(input.destination ? {destination: input.destination} : {}),
            ...(input.rule ? {rule: input.rule} : {}),
            ...(input.codex ? {codex: input.codex} : {}),
            ...(input.labels ? {labels: input.labels} : {}),
            observer: {product: 'codex-guard', type: 'agent-guard'},
            codex_guard: {session: this.session, seq: seq + 1, prev_hash: hash},
          }
          const line = JSON.stringify(event)
          seq += 1
          hash = sha256(line)
          text += `${line}\n`
          events.push(event)
        }
        const fd = openSync(this.file, 'a', 0o600)
        try {
          writeSync(fd, text)
          fsyncSync(fd)
        } finally {
          closeSync(fd)
        }
        this.writeHead({seq, hash})
        return events
      })
    } catch (error) {
      this.lastError = error as Error
      return []
    }
  }

  private readHead(): Head {
    if (existsSync(this.headFile)) {
      const head = JSON.parse(readFileSync(this.headFile, 'utf8')) as Head
      if (typeof head.seq === 'number' && typeof head.hash === 'string') return head
    }
    return {seq: 0, hash: genesisHash(this.session)}
  }

  private writeHead(head: Head): void {
    const temp = `${this.headFile}.${process.pid}.tmp`
    writeFileSync(temp, JSON.stringify(head), {mode: 0o600})
    renameSync(temp, this.headFile)
  }

  private withLock<T>(body: () => T): T {
    const deadline = Date.now() + 5000
    for (;;) {
      try {
        closeSync(openSync(this.lockFile, 'wx', 0o600))
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        // A writer that died holding the lock: break it after 10 s.
        try {
          if (Date.now() - statSync(this.lockFile).mtimeMs > 10_000) rmSync(this.lockFile, {force: true})
        } catch {}
        if (Date.now() > deadline) throw new Error(`audit log lock busy: ${this.lockFile}`)
        sleep(2)
      }
    }
    try {
      return body()
    } finally {
      rmSync(this.lockFile, {force: true})
    }
  }
}

export interface VerifyProblem {
  line: number
  problem: string
}

export interface LogVerification {
  ok: boolean
  events: number
  problems: VerifyProblem[]
}

/** Recomputes the chain: an edited, removed, inserted or reordered line breaks it. */
export function verifyLog(file: string, session: string, headFile?: string): LogVerification {
  const problems: VerifyProblem[] = []
  const text = readFileSync(file, 'utf8')
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  else if (lines.length > 0) problems.push({line: lines.length, problem: 'last line is not terminated (truncated write or edit)'})
  let previous = genesisHash(session)
  for (const [index, line] of lines.entries()) {
    const number = index + 1
    let event: AuditEvent | null
    try {
      event = JSON.parse(line) as AuditEvent | null
    } catch {
      problems.push({line: number, problem: 'not valid JSON'})
      previous = sha256(line)
      continue
    }
    // JSON that is not an object (null, 42, a list) has no chain: reported below, never a crash.
    const chain = typeof event === 'object' && event !== null && typeof event.codex_guard === 'object' ? event.codex_guard : undefined
    if (!chain || chain.seq !== number) problems.push({line: number, problem: `sequence ${chain?.seq ?? 'missing'} where ${number} was expected (line removed, inserted or reordered)`})
    if (!chain || chain.prev_hash !== previous) problems.push({line: number, problem: 'previous-hash mismatch (this or the previous line was edited, removed or reordered)'})
    if (chain && chain.session !== session) problems.push({line: number, problem: `belongs to session ${chain.session}`})
    previous = sha256(line)
  }
  if (headFile && existsSync(headFile)) {
    const head = JSON.parse(readFileSync(headFile, 'utf8')) as Head
    if (head.seq !== lines.length || head.hash !== previous) {
      problems.push({line: lines.length, problem: `log ends at event ${lines.length} but the head records event ${head.seq}: lines were removed from or added to the end`})
    }
  } else if (headFile) {
    problems.push({line: 0, problem: 'head file missing: the end of the log cannot be checked'})
  }
  return {ok: problems.length === 0, events: lines.length, problems}
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
