// `codex-guard run -- <command…>`: runs a (Codex) session with monitors around it and records
// everything in the tamper-evident audit log. The child inherits the terminal; codex-guard only
// watches: the Codex rollout transcript (commands, patches, blocks, tokens, posture), the
// workspace and sensitive home locations (chokidar), and optionally the OS (strace). Monitors are
// independent — one failing is reported and the others go on — and all of them are stopped
// before the summary, so the wrapper exits as soon as the child has. The summary JSON next to
// the log feeds the rotation checklist. Also here: the session queries behind `sessions …` and
// `log verify` (resolve a session, ECS export, text formatting).
import {existsSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {homedir, constants as osConstants} from 'node:os'
import {dirname, isAbsolute, join, relative, resolve, sep} from 'node:path'
import {classifyCommand} from '../analysis/classify.js'
import {type SensitiveHit, SensitiveLocations} from '../analysis/locations.js'
import {findSessionRollouts, type RolloutScanCache} from '../codex/rollout/discovery.js'
import {type CommandActivity, type PatchActivity, type RolloutActivity, RolloutJoiner} from '../codex/rollout/joiner.js'
import type {BlockSource, Json, TurnContextRecord} from '../codex/rollout/records.js'
import {RolloutTailer} from '../codex/rollout/tailer.js'
import {codexHome as codexHomeOf} from '../codex/trust.js'
import {buildPolicy, type EffectivePolicy} from '../policy/effective.js'
import {loadProjectPolicy} from '../policy/project-policy.js'
import type {CredentialKind} from '../policy/types.js'
import {findSecretAssignments, scrubSecrets} from '../report/scrub.js'
import {ConfigError} from '../util/errors.js'
import {type AuditEvent, type AuditEventInput, AuditLog, listSessions, newSessionId, type SessionInfo, safeSessionId, sessionsDir, stateDir} from './audit-log.js'
import type {FileMonitor, FileMonitorEvent} from './monitors/files.js'
import {isCodexItself, type TraceMonitor, type TraceReport} from './monitors/trace.js'

export interface RunSessionOptions {
  /** The command to wrap, e.g. ["codex"] or ["codex", "exec", "…"]. */
  command: string[]
  cwd?: string
  env?: NodeJS.ProcessEnv
  sessionId?: string
  /** strace the child (Linux, strace on PATH); falls back with a message otherwise. */
  trace?: boolean
  /** Watch the workspace and home locations (default true). */
  watch?: boolean
  /** Extra file-monitor ignores (names or root-relative globs). */
  ignore?: string[]
  /** codex-guard's version, recorded in the log. */
  version: string
  /** Where messages go (default: stderr). */
  write?: (text: string) => void
  /** Print alerts as they happen (default: only when stderr is not a terminal, so a TUI is not scribbled over). */
  liveAlerts?: boolean
  rolloutPollMs?: number
  rolloutDiscoveryMs?: number
}

export interface SensitiveAccess {
  path: string
  entryId: string
  credential: CredentialKind
  sources: ('rollout' | 'trace')[]
  /** Every attempt seen was blocked (rule, hook or sandbox). */
  blocked: boolean
}

export interface NetworkAttempt {
  host?: string
  source: 'rollout' | 'trace'
  program?: string
  command?: string
}

export interface BlockedAction {
  by: BlockSource
  reason: string
  command?: string
  source: 'rollout' | 'trace'
}

export interface SessionSummary {
  format: 'codex-guard-session-summary/1'
  session: string
  codexGuardVersion: string
  command: string[]
  cwd: string
  root: string
  startedAt: string
  endedAt: string
  durationSeconds: number
  exitCode: number
  signal?: string
  commands: number
  filesChanged: number
  /** Up to 500 of them, workspace-relative where possible. */
  changedFiles: string[]
  sensitiveAccesses: SensitiveAccess[]
  sensitiveFilesCreated: string[]
  protectedWrites: string[]
  networkAttempts: NetworkAttempt[]
  blockedActions: BlockedAction[]
  credentialCommands: string[]
  secretsInOutput: {kind: string; redacted: string}[]
  tokens: number | null
  rollouts: string[]
  codexSessions: string[]
  unknownRolloutLines: number
  monitors: {files: string; rollout: string; trace: string}
  large: boolean
  largeReasons: string[]
  exposure: boolean
  exposureReasons: string[]
  /** Credential families touched, for the rotation checklist. */
  credentialKinds: CredentialKind[]
  log: string
  summaryFile: string
  auditLogError?: string
}

export interface RunSessionResult {
  exitCode: number
  signal?: string
  summary: SessionSummary
  logFile: string
  summaryFile: string
}

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
/** File events logged one by one; past this only the count grows (a build can touch thousands). */
const MAX_FILE_EVENTS = 200
const MAX_COMMAND_LOG = 2000

export const summaryPathFor = (dir: string, session: string) => join(dir, `${session}.summary.json`)

/** Runs `command` under the monitors; never throws for a failing monitor or audit log. */
export async function runSession(options: RunSessionOptions): Promise<RunSessionResult> {
  if (options.command.length === 0) throw new ConfigError('no command to run: codex-guard run [flags] -- <command…>')
  const env = options.env ?? process.env
  const cwd = resolve(options.cwd ?? process.cwd())
  const write = options.write ?? ((text: string) => void process.stderr.write(text))
  // From the first moment: a signal that arrives while monitors start must neither kill the
  // wrapper (leaving no one to reap the child) nor be lost; it is forwarded once the child runs.
  const early: NodeJS.Signals[] = []
  const earlyHandlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = () => void early.push(signal)
    process.on(signal, handler)
    return {signal, handler}
  })
  const startedAt = new Date()
  const session = safeSessionId(options.sessionId ?? newSessionId(startedAt))
  const dir = sessionsDir(env)
  const home = env['HOME'] || homedir()
  const codexHome = codexHomeOf(env)
  const root = workspaceRoot(cwd)
  const {policy, problem} = loadPolicy(root)
  const recorder = new SessionRecorder({
    session,
    log: new AuditLog(session, dir),
    policy,
    root,
    cwd,
    home,
    codexHome,
    write,
    liveAlerts: options.liveAlerts ?? !process.stderr.isTTY,
  })
  recorder.append({
    category: 'session',
    action: 'session-start',
    type: 'start',
    outcome: 'success',
    message: `session started: ${recorder.scrub(displayCommand(options.command))}`,
    command: recorder.scrub(displayCommand(options.command)),
    labels: {cwd, root, codex_guard_version: options.version, profile: policy.profile, trace: options.trace === true, watch: options.watch !== false, pid: process.pid},
  })
  if (problem) recorder.warn(`project policy not loaded (${problem}); using the catalogue defaults`, {action: 'policy-error'})

  const stops: {name: string; stop: () => Promise<void> | void}[] = []
  const matcher = new SensitiveLocations(policy, {root, home, codexHome})

  if (options.watch !== false) {
    await guarded(recorder, 'files', async () => {
      const {startFileMonitor} = await import('./monitors/files.js')
      const monitor: FileMonitor = await startFileMonitor({
        root,
        policy,
        home,
        codexHome,
        ignore: options.ignore,
        // Codex writes its own transcripts and history there all session long.
        homeIgnore: ['sessions', 'archived_sessions', 'history.jsonl', 'log', 'tmp', 'shell_snapshots'].map((name) => join(codexHome, name)),
        onEvent: (event) => recorder.onFileEvent(event),
      })
      recorder.monitors.files = monitor.disabled ?? 'watching'
      stops.push({name: 'files', stop: () => monitor.stop(true)})
    })
  } else recorder.monitors.files = 'off (--no-watch)'

  await guarded(recorder, 'rollout', () => {
    const monitor = new RolloutMonitor({
      codexHome,
      cwd,
      startedAt,
      pollMs: options.rolloutPollMs ?? 250,
      discoveryMs: options.rolloutDiscoveryMs ?? 1000,
      onAttach: (file) => recorder.onRolloutAttached(file),
      onActivity: (activity, file, joiner) => recorder.onRolloutActivity(activity, file, joiner),
      onNotice: (message) => recorder.notice(message, 'rollout-notice'),
      onError: (error) => recorder.monitorError('rollout', error),
    })
    monitor.start()
    recorder.monitors.rollout = 'watching for a new rollout'
    stops.push({
      name: 'rollout',
      stop: () => {
        monitor.stop()
        recorder.onRolloutStopped(monitor.unknownLines)
      },
    })
  })

  let argv = options.command
  let tracer: TraceMonitor | undefined
  if (options.trace) {
    await guarded(recorder, 'trace', async () => {
      const {checkTraceSupport, TraceMonitor} = await import('./monitors/trace.js')
      const support = await checkTraceSupport(env)
      if (!support.available) {
        recorder.monitors.trace = `unavailable (${support.reason})`
        recorder.notice(support.message, 'trace-unavailable', true)
        return
      }
      const monitor = new TraceMonitor({dir: join(stateDir(env), 'trace', session), matcher, onEvent: (report) => recorder.onTrace(report)})
      try {
        monitor.prepare()
      } catch (error) {
        await monitor.stop(0)
        throw error
      }
      argv = monitor.command(support.strace, options.command, {seccompBpf: support.seccompBpf})
      tracer = monitor
      recorder.monitors.trace = 'tracing'
      stops.unshift({name: 'trace', stop: () => monitor.stop()})
    })
  } else recorder.monitors.trace = 'off'

  const stopMonitors = async () => {
    // The trace drains first (strace closes the FIFO as the child exits), then the rollout's last lines.
    for (const {name, stop} of stops) {
      try {
        await stop()
      } catch (error) {
        recorder.monitorError(name, error as Error)
      }
    }
    await recorder.settle()
  }
  let outcome: ChildOutcome
  try {
    outcome = await spawnChild(argv, {cwd, env: {...env, CODEX_GUARD_SESSION: session}, tracer: () => tracer, write, early, earlyHandlers})
  } catch (error) {
    // An internal failure before the child ran: no watcher or timer may keep the process alive.
    await stopMonitors()
    for (const {signal, handler} of earlyHandlers) process.off(signal, handler)
    throw error
  }
  await stopMonitors()
  outcome.release()

  const endedAt = new Date()
  const exitCode = outcome.exitCode
  recorder.append({
    category: 'session',
    action: 'session-end',
    type: 'end',
    outcome: exitCode === 0 ? 'success' : 'failure',
    message: `session ended: ${outcome.signal ? `killed by ${outcome.signal}` : `exit ${exitCode}`} after ${formatDuration(endedAt.getTime() - startedAt.getTime())}`,
    labels: {exit_code: exitCode, ...(outcome.signal ? {signal: outcome.signal} : {}), duration_seconds: Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)},
  })
  const summaryFile = summaryPathFor(dir, session)
  const summary = recorder.summary({command: options.command, version: options.version, startedAt, endedAt, exitCode, signal: outcome.signal, summaryFile})
  try {
    const temp = `${summaryFile}.${process.pid}.tmp`
    writeFileSync(temp, `${JSON.stringify(summary, null, 2)}\n`, {mode: 0o600})
    renameSync(temp, summaryFile)
  } catch (error) {
    write(`codex-guard: warning: cannot write ${summaryFile}: ${(error as Error).message}\n`)
  }
  write(formatSummary(summary, recorder.alertsForSummary()))
  return {exitCode, ...(outcome.signal ? {signal: outcome.signal} : {}), summary, logFile: recorder.logFile, summaryFile}
}

/** Runs a monitor's setup; a throw is reported (stderr + audit event) and the session goes on. */
async function guarded(recorder: SessionRecorder, name: 'files' | 'rollout' | 'trace', body: () => Promise<void> | void): Promise<void> {
  try {
    await body()
  } catch (error) {
    recorder.monitors[name] = `failed: ${(error as Error).message}`
    recorder.monitorError(name, error as Error)
  }
}

/** The nearest ancestor with .git (Codex's project root), else cwd. */
function workspaceRoot(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir
    if (dirname(dir) === dir) return cwd
  }
}

function loadPolicy(root: string): {policy: EffectivePolicy; problem?: string} {
  try {
    const project = loadProjectPolicy(root)
    return {policy: buildPolicy(project?.profile ?? 'standard', project)}
  } catch (error) {
    const message = error instanceof ConfigError ? error.located : (error as Error).message
    return {policy: buildPolicy('standard'), problem: message}
  }
}

// ---------------------------------------------------------------------------------------------
// The child process

interface ChildOutcome {
  exitCode: number
  signal?: string
  /** Removes the signal handlers (kept until the summary is written, so a late Ctrl-C cannot cut it). */
  release: () => void
}

interface EarlySignals {
  early: NodeJS.Signals[]
  earlyHandlers: {signal: NodeJS.Signals; handler: () => void}[]
}

async function spawnChild(argv: string[], options: {cwd: string; env: NodeJS.ProcessEnv; tracer: () => TraceMonitor | undefined; write: (text: string) => void} & EarlySignals): Promise<ChildOutcome> {
  const {execa} = await import('execa')
  const [file, ...args] = argv as [string, ...string[]]
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    stdio: 'inherit',
    reject: false,
    // Forwarded signals are the child's to handle; execa must not escalate to SIGKILL.
    forceKillAfterDelay: false,
  })
  let exited = false
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = () => {
      if (exited) return
      // A terminal's Ctrl-C already reaches the whole foreground process group, child included.
      if (signal === 'SIGINT' && process.stdin.isTTY) return
      const target = options.tracer() ? tracedPid(child.pid, options.tracer()) : child.pid
      try {
        if (target !== undefined) process.kill(target, signal)
      } catch {
        // The child exited between the check and the kill.
      }
    }
    process.on(signal, handler)
    return {signal, handler}
  })
  for (const {signal, handler} of options.earlyHandlers) process.off(signal, handler)
  for (const signal of options.early.splice(0)) handlers.find((entry) => entry.signal === signal)?.handler()
  const release = () => {
    for (const {signal, handler} of handlers) process.off(signal, handler)
  }
  const result = await child
  exited = true
  if (result.signal) {
    const number = osConstants.signals[result.signal as keyof typeof osConstants.signals] ?? 0
    return {exitCode: 128 + number, signal: result.signal, release}
  }
  if (result.exitCode === undefined) {
    // Never started (not found, not executable): the shell's conventions.
    const code = (result as {code?: string}).code
    options.write(`codex-guard: cannot run ${argv[0]}: ${result.originalMessage || result.shortMessage}\n`)
    return {exitCode: code === 'ENOENT' ? 127 : 126, release}
  }
  return {exitCode: result.exitCode, release}
}

/** Under strace, signals go to the traced command (strace -o blocks fatal signals itself). */
function tracedPid(stracePid: number | undefined, tracer: TraceMonitor | undefined): number | undefined {
  if (stracePid !== undefined) {
    try {
      const children = readFileSync(`/proc/${stracePid}/task/${stracePid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
      if (children[0]) return Number(children[0])
    } catch {}
  }
  return tracer?.rootPid ?? stracePid
}

// ---------------------------------------------------------------------------------------------
// Following the session's rollout(s)

interface RolloutMonitorOptions {
  codexHome: string
  cwd: string
  startedAt: Date
  pollMs: number
  discoveryMs: number
  onAttach: (file: string) => void
  onActivity: (activity: RolloutActivity, file: string, joiner: RolloutJoiner) => void
  onNotice: (message: string) => void
  onError: (error: Error) => void
}

/** Discovers every rollout Codex starts for this cwd (new threads, sub-agents) and tails each. */
class RolloutMonitor {
  private timer: NodeJS.Timeout | undefined
  private readonly followed = new Map<string, {tailer: RolloutTailer; joiner: RolloutJoiner}>()
  private readonly cache: RolloutScanCache = new Map()
  private stopped = false
  private scans = 0

  constructor(private readonly options: RolloutMonitorOptions) {}

  get unknownLines(): {file: string; count: number; reasons: string[]}[] {
    return [...this.followed.entries()].map(([file, {tailer}]) => ({file, count: tailer.counts.unknown, reasons: [...new Set(tailer.unknown.map((record) => record.reason))].slice(0, 5)}))
  }

  start(): void {
    this.scan()
    this.schedule()
  }

  stop(): void {
    if (this.stopped) return
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.scan(true)
    for (const [file, {tailer, joiner}] of this.followed) {
      tailer.stop()
      for (const activity of joiner.flush()) this.deliver(activity, file, joiner)
    }
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.scan()
      this.schedule()
    }, this.options.discoveryMs)
    this.timer.unref()
  }

  private scan(final = false): void {
    let files: string[]
    try {
      // The whole sessions tree (for resumed sessions) every fifth scan; the recent days otherwise.
      const allDays = final || this.scans++ % 5 === 0
      files = findSessionRollouts(this.options.codexHome, this.options.cwd, this.options.startedAt, this.cache, {allDays})
    } catch (error) {
      this.options.onError(error as Error)
      return
    }
    for (const file of files.reverse()) {
      if (this.followed.has(file)) continue
      const joiner = new RolloutJoiner()
      // A resumed session appends to an old rollout: what was written before this run is history.
      const since = this.options.startedAt.getTime() - 5000
      const tailer = new RolloutTailer(file, {
        pollMs: this.options.pollMs,
        onRecord: (record) => {
          if (record.kind !== 'session_meta' && record.kind !== 'unknown' && record.timestamp && Date.parse(record.timestamp) < since) return
          for (const activity of joiner.push(record)) this.deliver(activity, file, joiner)
        },
        onNotice: this.options.onNotice,
        onError: this.options.onError,
      })
      this.followed.set(file, {tailer, joiner})
      this.options.onAttach(file)
      // A rollout found by the final scan is read once, synchronously, by stop().
      if (!final) tailer.start()
    }
  }

  private deliver(activity: RolloutActivity, file: string, joiner: RolloutJoiner): void {
    try {
      this.options.onActivity(activity, file, joiner)
    } catch (error) {
      this.options.onError(error as Error)
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Recording: audit events, counters, alerts

interface RecorderOptions {
  session: string
  log: AuditLog
  policy: EffectivePolicy
  root: string
  cwd: string
  home: string
  codexHome: string
  write: (text: string) => void
  liveAlerts: boolean
}

class SessionRecorder {
  readonly monitors = {files: 'off', rollout: 'off', trace: 'off'}
  private readonly matcher: SensitiveLocations
  private auditWarned = false
  private auditError: string | undefined
  private commands = 0
  private readonly changedFiles = new Set<string>()
  private fileEventsLogged = 0
  private readonly sensitive = new Map<string, SensitiveAccess>()
  private readonly sensitiveCreated = new Set<string>()
  private readonly protectedWrites = new Set<string>()
  private readonly network: NetworkAttempt[] = []
  private readonly blocked: BlockedAction[] = []
  private readonly credentialCommands: string[] = []
  private readonly secrets: {kind: string; redacted: string}[] = []
  private readonly tokensByRollout = new Map<string, number>()
  private readonly rollouts: string[] = []
  private readonly codexSessions = new Set<string>()
  private unknownLines = 0
  private readonly alerts: string[] = []
  private firstExposingRead: number | undefined
  private networkAfterRead = false
  private eventCounter = 0
  private deferred: AuditEventInput[] = []
  private deferredFlush: NodeJS.Immediate | undefined
  private readonly pendingScans: Promise<void>[] = []

  constructor(private readonly options: RecorderOptions) {
    this.matcher = new SensitiveLocations(options.policy, {root: options.root, home: options.home, codexHome: options.codexHome})
  }

  get logFile(): string {
    return this.options.log.file
  }

  scrub(text: string): string {
    return scrubSecrets(text, this.options.policy)
  }

  /** Appends to the audit log; a failing disk is reported once and never stops the session. */
  append(input: AuditEventInput): void {
    this.flushDeferred()
    this.eventCounter++
    this.write([input])
  }

  /**
   * Ordinary file events come in bursts (a build rewrites hundreds of files): they are written
   * together at the end of the current turn of the event loop, one fsync per burst. Any other
   * append flushes them first, so the log keeps the order events were seen in.
   */
  private appendDeferred(input: AuditEventInput): void {
    this.eventCounter++
    this.deferred.push(input)
    this.deferredFlush ??= setImmediate(() => this.flushDeferred())
  }

  private flushDeferred(): void {
    if (this.deferredFlush) clearImmediate(this.deferredFlush)
    this.deferredFlush = undefined
    if (this.deferred.length === 0) return
    const batch = this.deferred
    this.deferred = []
    this.write(batch)
  }

  private write(inputs: AuditEventInput[]): void {
    const written = this.options.log.appendMany(inputs)
    if (written.length > 0 || this.auditWarned) return
    this.auditWarned = true
    this.auditError = this.options.log.lastError?.message ?? 'unknown error'
    this.options.write(`codex-guard: warning: cannot write the audit log ${this.options.log.file} (${this.auditError}); the session continues without it\n`)
  }

  warn(message: string, event: {action: string}): void {
    this.options.write(`codex-guard: warning: ${message}\n`)
    this.append({category: 'configuration', action: event.action, kind: 'alert', outcome: 'failure', message})
  }

  notice(message: string, action: string, always = false): void {
    if (always || this.options.liveAlerts) this.options.write(`codex-guard: ${message}\n`)
    else this.alerts.push(message)
    this.append({category: 'session', action, type: 'info', message})
  }

  monitorError(name: string, error: Error): void {
    const message = `${name} monitor error: ${error.message}`
    this.options.write(`codex-guard: ${message}\n`)
    this.append({category: 'session', action: 'monitor-error', kind: 'alert', outcome: 'failure', message, labels: {monitor: name}})
  }

  private alert(message: string): void {
    this.alerts.push(message)
    if (this.options.liveAlerts) this.options.write(`codex-guard: ALERT: ${message}\n`)
  }

  alertsForSummary(): string[] {
    return this.options.liveAlerts ? [] : this.alerts
  }

  // --- files ---------------------------------------------------------------------------------

  onFileEvent(event: FileMonitorEvent): void {
    switch (event.type) {
      case 'disabled':
        this.monitors.files = event.message
        this.options.write(`codex-guard: ${event.message}\n`)
        this.append({category: 'session', action: 'monitor-disabled', kind: 'alert', outcome: 'failure', message: event.message, labels: {monitor: 'files'}})
        return
      case 'error':
        this.monitorError('files', event.error ?? new Error(event.message))
        return
      case 'notice':
        this.notice(event.message, 'monitor-notice')
        return
      case 'bulk':
        this.alert(event.message)
        this.append({category: 'file', action: 'bulk-change', kind: 'alert', type: 'change', message: event.message, labels: {count: event.count, window_ms: event.windowMs}})
        return
      case 'change': {
        const shown = event.relative ?? event.path
        if (event.area === 'workspace') this.changedFiles.add(shown)
        const type = event.change === 'created' ? 'creation' : event.change === 'deleted' ? 'deletion' : 'change'
        const notable = event.sensitive !== undefined || event.protectedGlob !== undefined
        if (event.sensitive && event.change === 'created') this.sensitiveCreated.add(shown)
        if (event.protectedGlob) this.protectedWrites.add(shown)
        if (notable) {
          this.alert(event.message ?? `${event.change}: ${shown}`)
          this.append({
            category: 'file',
            action: event.sensitive ? `sensitive-file-${event.change}` : `protected-file-${event.change}`,
            kind: 'alert',
            type,
            message: event.message ?? `${event.change}: ${shown}`,
            file: event.path,
            ...(event.sensitive ? {rule: {id: event.sensitive.entryId}} : {}),
            labels: {area: event.area, ...(event.protectedGlob ? {protected_glob: event.protectedGlob} : {}), ...(event.sensitive ? {credential: event.sensitive.credential} : {})},
          })
          return
        }
        if (this.fileEventsLogged >= MAX_FILE_EVENTS) return
        this.fileEventsLogged++
        if (this.fileEventsLogged === MAX_FILE_EVENTS) {
          this.appendDeferred({category: 'file', action: 'file-events-capped', type: 'info', message: `more than ${MAX_FILE_EVENTS} file events: further ordinary changes are counted, not logged`})
          return
        }
        this.appendDeferred({category: 'file', action: `file-${event.change}`, type, message: `${event.change}: ${shown}`, file: event.path, labels: {area: event.area}})
        return
      }
    }
  }

  // --- rollout -------------------------------------------------------------------------------

  onRolloutAttached(file: string): void {
    this.rollouts.push(file)
    this.monitors.rollout = `following ${this.rollouts.length} rollout(s)`
    this.append({category: 'session', action: 'rollout-attached', type: 'info', message: `following Codex rollout ${file}`, file})
  }

  onRolloutStopped(unknown: {file: string; count: number; reasons: string[]}[]): void {
    if (this.rollouts.length === 0) this.monitors.rollout = 'no rollout found (not a Codex session, or an ephemeral one)'
    for (const entry of unknown) {
      if (entry.count === 0) continue
      this.unknownLines += entry.count
      this.append({category: 'session', action: 'rollout-unknown-lines', type: 'info', message: `${entry.count} rollout line(s) not recognised (${entry.reasons.join('; ')})`, file: entry.file, labels: {count: entry.count}})
    }
  }

  onRolloutActivity(activity: RolloutActivity, file: string, joiner: RolloutJoiner): void {
    const codexSession = joiner.meta?.id
    const codex = codexSession ? {session_id: codexSession} : undefined
    switch (activity.type) {
      case 'session':
        if (activity.meta.id) this.codexSessions.add(activity.meta.id)
        this.append({
          category: 'session',
          action: 'codex-session',
          type: 'info',
          message: `Codex session ${activity.meta.id ?? '?'} (${activity.meta.source ?? 'unknown source'}, codex ${activity.meta.cliVersion ?? '?'})`,
          file,
          codex: {session_id: activity.meta.id},
          labels: {...(activity.meta.cliVersion ? {cli_version: activity.meta.cliVersion} : {}), ...(activity.meta.source ? {source: activity.meta.source} : {})},
        })
        return
      case 'posture':
        this.onPosture(activity.context, codex)
        return
      case 'command':
        this.onCommand(activity.command, joiner, codex)
        return
      case 'patch':
        this.onPatch(activity.patch, joiner, codex)
        return
      case 'tokens':
        this.tokensByRollout.set(file, activity.total)
        this.append({category: 'session', action: 'tokens', type: 'info', message: `tokens used: ${activity.total}`, codex, labels: {total_tokens: activity.total}})
        return
      case 'unknown':
        return // counted per file by the tailer, logged once at the end
    }
  }

  private onPosture(context: TurnContextRecord, codex: AuditEventInput['codex']): void {
    const sandbox = context.sandboxPolicy
    const sandboxType = typeof sandbox === 'string' ? sandbox : isJsonObject(sandbox) && typeof sandbox['type'] === 'string' ? sandbox['type'] : undefined
    const networkOn = (isJsonObject(sandbox) && sandbox['network_access'] === true) || (isJsonObject(context.permissionProfile) && context.permissionProfile['network'] === 'enabled')
    const profile = context.permissionProfile
    const profileName = context.activeProfile ?? (typeof profile === 'string' ? profile : isJsonObject(profile) && typeof profile['name'] === 'string' ? profile['name'] : undefined)
    const profileNetwork = isJsonObject(profile) && typeof profile['network'] === 'string' ? profile['network'] : undefined
    const risky = sandboxType === 'danger-full-access' || networkOn
    const message = `Codex posture: approval ${context.approvalPolicy ?? '?'}, sandbox ${sandboxType ?? '?'}${networkOn ? ' with network' : ''}${profileName ? `, permission profile ${profileName}` : ''}`
    if (risky) this.alert(message)
    this.append({
      category: 'configuration',
      action: 'codex-posture',
      kind: risky ? 'alert' : 'state',
      type: 'info',
      message,
      codex: {...codex, ...(context.turnId ? {turn_id: context.turnId} : {})},
      labels: {
        ...(context.approvalPolicy ? {approval_policy: context.approvalPolicy} : {}),
        ...(sandboxType ? {sandbox: sandboxType} : {}),
        network_access: networkOn,
        ...(profileName ? {permission_profile: profileName} : {}),
        ...(profileNetwork ? {profile_network: profileNetwork} : {}),
        ...(context.model ? {model: context.model} : {}),
      },
    })
  }

  private onCommand(command: CommandActivity, joiner: RolloutJoiner, codex: AuditEventInput['codex']): void {
    this.commands++
    const cwd = command.cwd ?? joiner.meta?.cwd ?? this.options.cwd
    const input = command.argv ?? command.script ?? ''
    const classification = classifyCommand(input, cwd, this.options.policy, {root: this.options.root, home: this.options.home, codexHome: this.options.codexHome, parsedCmd: command.parsedCmd})
    const display = truncate(this.scrub(command.display), MAX_COMMAND_LOG)
    const blocked = command.blocked
    const notes: string[] = []
    if (blocked) {
      this.blocked.push({by: blocked.by, reason: truncate(this.scrub(blocked.reason), 500), command: display, source: 'rollout'})
      notes.push(`blocked by ${blocked.by}: ${truncate(this.scrub(blocked.reason), 200)}`)
    }
    for (const match of classification.sensitiveMatches ?? []) {
      this.sensitiveAccess(match, 'rollout', blocked !== undefined)
      notes.push(`${blocked ? 'tried to read' : 'reads'} sensitive ${this.shown(match.path)} (${match.entryId})`)
    }
    if (classification.networkAttempt) {
      this.networkAttempt({host: classification.networkAttempt.host, source: 'rollout', command: display})
      notes.push(`network${classification.hosts?.length ? ` to ${classification.hosts.join(', ')}` : ''}`)
    }
    if (classification.credentialCommand) {
      this.credentialCommands.push(display)
      notes.push(`credential command (${classification.credentialRules?.join(', ')})`)
    }
    if (!blocked && command.output) {
      const hits = findSecretAssignments(command.output, this.options.policy)
      for (const hit of hits.slice(0, 20)) this.secrets.push(hit)
      if (hits.length > 0) notes.push(`secret-looking output: ${hits.map((hit) => `${hit.kind} ${hit.redacted}`).join(', ')}`)
      this.scanOutput(command.output, display, codex, command.callId)
    }
    if (command.escalated) notes.push(`asked to run outside the sandbox${command.justification ? ` (${truncate(this.scrub(command.justification), 200)})` : ''}`)
    const notable = notes.length > 0
    const status = blocked ? 'blocked' : command.completed ? `exit ${command.exitCode ?? '?'}` : 'no result (session ended first)'
    const message = `command ${status}: ${truncate(display, 300)}${notes.length ? ` — ${notes.join('; ')}` : ''}`
    if (notable) this.alert(message)
    this.append({
      category: 'process',
      action: blocked ? 'command-blocked' : 'command',
      kind: notable ? 'alert' : 'event',
      type: blocked ? 'denied' : 'allowed',
      outcome: blocked ? 'failure' : command.exitCode === undefined ? 'unknown' : command.exitCode === 0 ? 'success' : 'failure',
      message,
      command: display,
      codex: {...codex, ...(command.callId ? {call_id: command.callId} : {})},
      ...(classification.networkAttempt?.host ? {destination: {domain: classification.networkAttempt.host}} : {}),
      labels: {
        tool: command.tool,
        ...(command.exitCode !== undefined ? {exit_code: command.exitCode} : {}),
        ...(blocked ? {blocked_by: blocked.by} : {}),
        ...(classification.sensitiveRead ? {sensitive_paths: classification.sensitiveRead.map((path) => this.shown(path)).join(',')} : {}),
        ...(classification.hosts?.length ? {hosts: classification.hosts.join(',')} : {}),
        ...(classification.networkAttempt ? {network: true} : {}),
        ...(classification.credentialCommand ? {credential_command: true} : {}),
        ...(command.escalated ? {escalated: true} : {}),
        cwd,
      },
    })
  }

  /**
   * Token-shaped secrets in what the model saw, with the project's secretlint scanner (async and
   * loaded only when the cheap prefilter fires); awaited by settle() before the summary.
   */
  private scanOutput(output: string, display: string, codex: AuditEventInput['codex'], callId: string | undefined): void {
    const text = output.slice(0, 512 * 1024)
    const scan = (async () => {
      const {mayContainSecret, scanSecrets} = await import('../detect/secrets/scan.js')
      if (!mayContainSecret(text)) return
      const findings = await scanSecrets(text)
      if (findings.length === 0) return
      for (const finding of findings.slice(0, 20)) this.secrets.push({kind: finding.ruleId, redacted: finding.evidence})
      const message = `secret in command output (${findings.map((finding) => `${finding.ruleId.replace(/^@secretlint\/secretlint-rule-/, '')} ${finding.evidence}`).join(', ')}): ${truncate(display, 200)}`
      this.alert(message)
      this.append({category: 'intrusion_detection', action: 'rollout-secret-in-output', kind: 'alert', type: 'info', message, codex: {...codex, ...(callId ? {call_id: callId} : {})}, labels: {findings: findings.length}})
    })().catch((error: Error) => this.monitorError('secret scan', error))
    this.pendingScans.push(scan)
  }

  /** Waits for background work (secret scans) started by rollout activity. */
  async settle(): Promise<void> {
    while (this.pendingScans.length > 0) await Promise.allSettled(this.pendingScans.splice(0))
    this.flushDeferred()
  }

  private onPatch(patch: PatchActivity, joiner: RolloutJoiner, codex: AuditEventInput['codex']): void {
    const base = joiner.meta?.cwd ?? this.options.cwd
    const paths = patch.changes.length > 0 ? patch.changes.map((change) => change.path) : patch.files.map((file) => file.path)
    const absolute = paths.map((path) => (isAbsolute(path) ? path : resolve(base, path)))
    const notes: string[] = []
    if (patch.blocked) {
      this.blocked.push({by: patch.blocked.by, reason: truncate(this.scrub(patch.blocked.reason), 500), command: `apply_patch ${paths.join(' ')}`, source: 'rollout'})
      notes.push(`blocked by ${patch.blocked.by}: ${truncate(this.scrub(patch.blocked.reason), 200)}`)
    } else for (const path of absolute) this.changedFiles.add(this.shown(path))
    for (const path of absolute) {
      const match = this.matcher.match(path)
      if (match) notes.push(`writes sensitive ${this.shown(path)} (${match.entryId})`)
    }
    const message = `apply_patch ${patch.blocked ? 'blocked' : (patch.status ?? (patch.completed ? 'done' : 'no result'))}: ${paths.map((path) => this.shown(isAbsolute(path) ? path : resolve(base, path))).join(', ')}${notes.length ? ` — ${notes.join('; ')}` : ''}`
    if (notes.length) this.alert(message)
    this.append({
      category: 'file',
      action: patch.blocked ? 'patch-blocked' : 'patch',
      kind: notes.length ? 'alert' : 'event',
      type: patch.blocked ? 'denied' : 'change',
      outcome: patch.blocked || patch.status === 'failed' ? 'failure' : patch.completed ? 'success' : 'unknown',
      message,
      codex: {...codex, ...(patch.callId ? {call_id: patch.callId} : {})},
      labels: {files: paths.length, ...(patch.blocked ? {blocked_by: patch.blocked.by} : {})},
    })
  }

  // --- trace ---------------------------------------------------------------------------------

  onTrace(report: TraceReport): void {
    if (report.type === 'notice' || report.type === 'error') {
      if (report.type === 'error') this.monitorError('trace', new Error(report.message))
      else this.notice(report.message, 'trace-notice')
      return
    }
    const program = report.program ? report.program.split('/').pop() : undefined
    // Codex itself reads its own credentials and transcripts and calls the model API; not the agent.
    const codexItself = isCodexItself(report.lineage)
    if (report.type === 'network') {
      const destination = `${report.address}:${report.port}`
      if (codexItself) {
        this.append({category: 'network', action: 'trace-network-codex', type: 'info', message: `Codex itself connected to ${destination}`, destination: {ip: report.address, port: report.port}, labels: {pid: report.pid, program: program ?? '?', lineage: report.lineage.join(' < ')}})
        return
      }
      this.networkAttempt({host: destination, source: 'trace', ...(program ? {program} : {})})
      const message = `network ${report.ok ? 'connection' : `attempt (${report.errno ?? 'failed'})`} to ${destination} by pid ${report.pid}${program ? ` (${program})` : ''}`
      this.alert(message)
      this.append({category: 'network', action: 'trace-network', kind: 'alert', type: report.ok ? 'allowed' : 'denied', outcome: report.ok ? 'success' : 'failure', message, destination: {ip: report.address, port: report.port}, labels: {pid: report.pid, program: program ?? '?', lineage: report.lineage.join(' < '), syscall: report.syscall}})
      return
    }
    const path = report.path
    const underCodexHome = path === this.options.codexHome || path.startsWith(this.options.codexHome + sep)
    if (codexItself && underCodexHome) {
      this.append({category: 'file', action: 'trace-open-codex', type: 'info', message: `Codex itself opened ${path}`, file: path, labels: {pid: report.pid, program: program ?? '?', lineage: report.lineage.join(' < ')}})
      return
    }
    const who = `pid ${report.pid}${program ? ` (${program})` : ''}`
    if (report.denied) {
      this.blocked.push({by: 'sandbox', reason: `${report.errno ?? 'EACCES'} opening ${this.shown(path)}`, command: program, source: 'trace'})
      if (report.access === 'read') this.sensitiveAccess(report.match, 'trace', true)
    } else if (report.access === 'read') this.sensitiveAccess(report.match, 'trace', false)
    const verb = report.access === 'write' ? 'write to' : report.access === 'list' ? 'listing of' : 'read of'
    const message = `${report.denied ? 'denied ' : ''}${verb} sensitive ${this.shown(path)} (${report.match.entryId}) by ${who}`
    if (report.access !== 'list') this.alert(message)
    this.append({
      category: 'file',
      action: report.denied ? 'trace-sensitive-open-denied' : `trace-sensitive-${report.access}`,
      kind: report.access === 'list' ? 'event' : 'alert',
      type: report.denied ? 'denied' : 'allowed',
      outcome: report.ok ? 'success' : 'failure',
      message,
      file: path,
      rule: {id: report.match.entryId},
      labels: {pid: report.pid, program: program ?? '?', lineage: report.lineage.join(' < '), access: report.access},
    })
  }

  // --- counters ------------------------------------------------------------------------------

  private sensitiveAccess(match: SensitiveHit, source: 'rollout' | 'trace', blocked: boolean): void {
    const existing = this.sensitive.get(match.path)
    if (existing) {
      if (!existing.sources.includes(source)) existing.sources.push(source)
      existing.blocked = existing.blocked && blocked
    } else this.sensitive.set(match.path, {path: match.path, entryId: match.entryId, credential: match.credential, sources: [source], blocked})
    if (!blocked && this.firstExposingRead === undefined) this.firstExposingRead = this.eventCounter
  }

  private networkAttempt(attempt: NetworkAttempt): void {
    if (this.firstExposingRead !== undefined) this.networkAfterRead = true
    const duplicate = this.network.some((known) => known.host === attempt.host && known.source === attempt.source && known.program === attempt.program && known.command === attempt.command)
    if (!duplicate) this.network.push(attempt)
  }

  private shown(path: string): string {
    const rel = relative(this.options.root, path)
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path
  }

  summary(input: {command: string[]; version: string; startedAt: Date; endedAt: Date; exitCode: number; signal?: string; summaryFile: string}): SessionSummary {
    const thresholds = this.options.policy.thresholds
    const durationSeconds = Math.round((input.endedAt.getTime() - input.startedAt.getTime()) / 100) / 10
    const tokens = this.tokensByRollout.size > 0 ? [...this.tokensByRollout.values()].reduce((sum, value) => sum + value, 0) : null
    const largeReasons: string[] = []
    if (durationSeconds >= thresholds.durationMinutes * 60) largeReasons.push(`duration ≥ ${thresholds.durationMinutes} min`)
    if (this.commands >= thresholds.commands) largeReasons.push(`commands ≥ ${thresholds.commands}`)
    if (this.changedFiles.size >= thresholds.filesChanged) largeReasons.push(`files changed ≥ ${thresholds.filesChanged}`)
    if (tokens !== null && tokens >= thresholds.tokens) largeReasons.push(`tokens ≥ ${thresholds.tokens}`)
    const exposed = [...this.sensitive.values()].filter((access) => !access.blocked)
    const exposureReasons: string[] = exposed.map((access) => `sensitive read: ${this.shown(access.path)} (${access.entryId})`)
    if (this.secrets.length > 0) exposureReasons.push(`secret-looking values in command output (${this.secrets.length})`)
    if (this.credentialCommands.length > 0) exposureReasons.push(`credential command ran (${this.credentialCommands.length})`)
    if (this.networkAfterRead) exposureReasons.push('network attempt after a sensitive read')
    // Deny globs are expanded at sandbox start, so a secret file written mid-session was readable.
    if (this.sensitiveCreated.size > 0) exposureReasons.push(`secret file(s) created during the session (${this.sensitiveCreated.size})`)
    const credentialKinds = [...new Set(exposed.map((access) => access.credential))]
    const changed = [...this.changedFiles]
    return {
      format: 'codex-guard-session-summary/1',
      session: this.options.session,
      codexGuardVersion: input.version,
      command: input.command.map((word) => this.scrub(word)),
      cwd: this.options.cwd,
      root: this.options.root,
      startedAt: input.startedAt.toISOString(),
      endedAt: input.endedAt.toISOString(),
      durationSeconds,
      exitCode: input.exitCode,
      ...(input.signal ? {signal: input.signal} : {}),
      commands: this.commands,
      filesChanged: changed.length,
      changedFiles: changed.slice(0, 500),
      sensitiveAccesses: [...this.sensitive.values()].map((access) => ({...access, path: this.shown(access.path)})),
      sensitiveFilesCreated: [...this.sensitiveCreated],
      protectedWrites: [...this.protectedWrites],
      networkAttempts: this.network,
      blockedActions: this.blocked,
      credentialCommands: this.credentialCommands,
      secretsInOutput: this.secrets,
      tokens,
      rollouts: this.rollouts,
      codexSessions: [...this.codexSessions],
      unknownRolloutLines: this.unknownLines,
      monitors: {...this.monitors},
      large: largeReasons.length > 0,
      largeReasons,
      exposure: exposureReasons.length > 0,
      exposureReasons,
      credentialKinds,
      log: this.options.log.file,
      summaryFile: input.summaryFile,
      ...(this.auditError ? {auditLogError: this.auditError} : {}),
    }
  }
}

function isJsonObject(value: Json | undefined): value is {[key: string]: Json} {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function displayCommand(argv: string[]): string {
  return argv.map((word) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`)).join(' ')
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${Math.max(seconds, ms > 0 ? 0 : 0)}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`
}

/** The end-of-session report (stderr). */
export function formatSummary(summary: SessionSummary, alerts: string[] = []): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`
  const sensitive = summary.sensitiveAccesses
  const lines = [
    '',
    `codex-guard session ${summary.session}`,
    `  duration         ${formatDuration(summary.durationSeconds * 1000)}`,
    `  exit             ${summary.signal ? `${summary.exitCode} (killed by ${summary.signal})` : summary.exitCode}`,
    `  commands         ${summary.commands}`,
    `  files changed    ${summary.filesChanged}${summary.protectedWrites.length ? ` (protected: ${summary.protectedWrites.join(', ')})` : ''}`,
    `  sensitive        ${count(sensitive.length, 'access')}${sensitive.length ? `: ${sensitive.map((access) => `${access.path}${access.blocked ? ' (blocked)' : ''}`).join(', ')}` : ''}`,
  ]
  if (summary.sensitiveFilesCreated.length) lines.push(`  secrets created  ${summary.sensitiveFilesCreated.join(', ')} (not covered by deny globs until the next session)`)
  lines.push(
    `  network          ${count(summary.networkAttempts.length, 'attempt')}${summary.networkAttempts.length ? `: ${[...new Set(summary.networkAttempts.map((attempt) => attempt.host ?? '?'))].join(', ')}` : ''}`,
    `  blocked          ${count(summary.blockedActions.length, 'action')}`,
    `  tokens           ${summary.tokens ?? 'unknown (no rollout)'}`,
    `  monitors         files: ${summary.monitors.files}; rollout: ${summary.monitors.rollout}; trace: ${summary.monitors.trace}`,
  )
  if (alerts.length) {
    lines.push('  alerts:')
    for (const alert of alerts.slice(0, 20)) lines.push(`    - ${alert}`)
    if (alerts.length > 20) lines.push(`    … ${alerts.length - 20} more in the log`)
  }
  if (summary.large) lines.push(`  LARGE SESSION    ${summary.largeReasons.join('; ')}`)
  if (summary.exposure) lines.push(`  EXPOSURE         ${summary.exposureReasons.join('; ')}`)
  if (summary.large || summary.exposure) lines.push(`  next step        review and rotate the affected credentials: codex-guard rotate --session ${summary.session}`)
  lines.push(`  session id       ${summary.session}`, `  audit log        ${summary.log}`, `  summary          ${summary.summaryFile}`)
  if (summary.auditLogError) lines.push(`  WARNING          the audit log is incomplete: ${summary.auditLogError}`)
  return `${lines.join('\n')}\n`
}

// ---------------------------------------------------------------------------------------------
// Session queries (sessions list/show/export, log verify)

export interface SessionRef {
  id: string
  file: string
  headFile: string
  summaryFile: string
}

/** A session by id, or the most recent one; unknown ones are a ConfigError (exit 2). */
export function resolveSession(id: string | undefined, options: {last?: boolean; env?: NodeJS.ProcessEnv} = {}): SessionRef {
  const dir = sessionsDir(options.env)
  if (id === undefined) {
    if (!options.last) throw new ConfigError('name a session id, or pass --last')
    const newest = listSessions(dir)[0]
    if (!newest) throw new ConfigError(`no sessions recorded yet in ${dir}`)
    id = newest.id
  }
  let safe: string
  try {
    safe = safeSessionId(id)
  } catch {
    throw new ConfigError(`unknown session: ${JSON.stringify(id)}`)
  }
  const file = join(dir, `${safe}.jsonl`)
  if (safe !== id || !existsSync(file)) throw new ConfigError(`unknown session: ${id} (no ${file}); see codex-guard sessions list`)
  return {id: safe, file, headFile: join(dir, `${safe}.head`), summaryFile: summaryPathFor(dir, safe)}
}

export function readSummary(ref: {summaryFile: string}): SessionSummary | undefined {
  try {
    return JSON.parse(readFileSync(ref.summaryFile, 'utf8')) as SessionSummary
  } catch {
    return undefined
  }
}

export interface SessionListing extends SessionInfo {
  summary?: SessionSummary
}

export function listSessionsWithSummaries(env?: NodeJS.ProcessEnv): SessionListing[] {
  const dir = sessionsDir(env)
  return listSessions(dir).map((info) => {
    const summary = readSummary({summaryFile: summaryPathFor(dir, info.id)})
    return summary ? {...info, summary} : info
  })
}

/** "2026-11-25", an ISO timestamp, or a relative "30m" / "24h" / "7d". */
export function parseSince(text: string, now = new Date()): Date {
  const relativeMatch = /^(\d+)\s*([smhdw])$/.exec(text.trim())
  if (relativeMatch) {
    const unit = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000}[relativeMatch[2] as 's' | 'm' | 'h' | 'd' | 'w']
    return new Date(now.getTime() - Number(relativeMatch[1]) * unit)
  }
  const date = new Date(text)
  if (Number.isNaN(date.getTime())) throw new ConfigError(`--since: not a date or duration: ${JSON.stringify(text)} (e.g. 2026-11-25, 2026-11-25T10:00:00Z, 24h, 7d)`)
  return date
}

export const ECS_VERSION = '8.11.0'

/**
 * An audit event in Elastic Common Schema form for SIEM ingestion: event.category and
 * event.type become arrays, the session and chain position are kept under codex_guard.
 */
export function toEcsEvent(event: AuditEvent): Record<string, unknown> {
  const {event: info, codex_guard: chain, '@timestamp': timestamp, ...rest} = event
  return {
    '@timestamp': timestamp,
    ecs: {version: ECS_VERSION},
    ...rest,
    event: {
      kind: info.kind,
      category: [info.category],
      ...(info.type ? {type: [info.type]} : {}),
      action: info.action,
      outcome: info.outcome,
      module: 'codex_guard',
      dataset: 'codex_guard.audit',
      sequence: chain.seq,
    },
    codex_guard: chain,
  }
}

export function formatEvent(event: AuditEvent): string {
  const time = event['@timestamp'].replace('T', ' ').replace(/\.\d+Z$/, 'Z')
  const marker = event.event.kind === 'alert' ? '!' : ' '
  return `${String(event.codex_guard.seq).padStart(5)} ${time} ${marker} ${event.event.action.padEnd(24)} ${event.message}`
}
