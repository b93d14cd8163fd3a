// `codex-guard run -- <command…>`: runs a (Codex) session with monitors around it and records
// everything in the tamper-evident audit log. The child inherits the terminal; codex-guard only
// watches: the Codex rollout transcript (commands, patches, blocks, tokens, posture), the
// workspace and sensitive home locations (chokidar), and optionally the OS (strace). Monitors are
// independent — one failing is reported and the others go on — and all of them are stopped
// before the summary, so the wrapper exits as soon as the child has. The summary JSON next to
// the log feeds the rotation checklist.
import {homedir} from 'node:os'
import {join, resolve} from 'node:path'
import {SensitiveLocations} from '../../analysis/locations.js'
import {codexHome as codexHomeOf} from '../../codex/trust.js'
import {credentialInValue} from '../../detect/credential-files.js'
import {projectRoot} from '../../git/repo.js'
import {buildPolicy, type EffectivePolicy} from '../../policy/effective.js'
import {loadProjectPolicy} from '../../policy/project-policy.js'
import {formatDuration, formatSummary} from '../../report/session-text.js'
import {ConfigError} from '../../util/errors.js'
import {writeFileAtomic} from '../../util/files.js'
import {AuditLog, newSessionId, safeSessionId, sessionsDir, stateDir} from '../audit-log.js'
import type {FileMonitor} from '../monitors/files.js'
import {RolloutMonitor} from '../monitors/rollout.js'
import type {TraceMonitor} from '../monitors/trace.js'
import {type ChildOutcome, holdEarlySignals, releaseEarlySignals, spawnChild} from './child.js'
import {SessionRecorder} from './recorder.js'
import {summaryPathFor} from './store.js'
import type {SessionSummary} from './summary.js'

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

export interface RunSessionResult {
  exitCode: number
  signal?: string
  summary: SessionSummary
  logFile: string
  summaryFile: string
}

/** Runs `command` under the monitors; never throws for a failing monitor or audit log. */
export async function runSession(options: RunSessionOptions): Promise<RunSessionResult> {
  if (options.command.length === 0) throw new ConfigError('no command to run: codex-guard run [flags] -- <command…>')
  const env = options.env ?? process.env
  const cwd = resolve(options.cwd ?? process.cwd())
  const write = options.write ?? ((text: string) => void process.stderr.write(text))
  const held = holdEarlySignals()
  const startedAt = new Date()
  const session = safeSessionId(options.sessionId ?? newSessionId(startedAt))
  const dir = sessionsDir(env)
  const home = env['HOME'] || homedir()
  const codexHome = codexHomeOf(env)
  // the nearest ancestor with .git (Codex's project root), else cwd
  const root = projectRoot(cwd) ?? cwd
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
      const {startFileMonitor} = await import('../monitors/files.js')
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
      const {checkTraceSupport, TraceMonitor} = await import('../monitors/trace.js')
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
    // Variables whose values are credentials (whatever their names) never reach Codex; say which (names only).
    const childEnv: NodeJS.ProcessEnv = {...env, CODEX_GUARD_SESSION: session}
    const removed = Object.entries(childEnv).flatMap(([name, value]) => (value !== undefined && name !== 'CODEX_GUARD_SESSION' && credentialInValue(value) ? [name] : []))
    for (const name of removed) delete childEnv[name]
    if (removed.length > 0) recorder.notice(`removed ${removed.length} variable(s) whose value looks like a credential from the agent's environment: ${removed.join(', ')}`, 'env-removed', true)
    outcome = await spawnChild(argv, {cwd, env: childEnv, tracer: () => tracer, write, ...held})
  } catch (error) {
    // An internal failure before the child ran: no watcher or timer may keep the process alive.
    await stopMonitors()
    releaseEarlySignals(held)
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
    writeFileAtomic(summaryFile, `${JSON.stringify(summary, null, 2)}\n`, {mode: 0o600})
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

function loadPolicy(root: string): {policy: EffectivePolicy; problem?: string} {
  try {
    const project = loadProjectPolicy(root)
    return {policy: buildPolicy(project?.profile ?? 'standard', project)}
  } catch (error) {
    const message = error instanceof ConfigError ? error.located : (error as Error).message
    return {policy: buildPolicy('standard'), problem: message}
  }
}

function displayCommand(argv: string[]): string {
  return argv.map((word) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`)).join(' ')
}
