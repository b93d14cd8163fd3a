// Records a session: turns monitor events (files, rollout, trace) into audit events, alerts and
// the counters the summary is built from. A failing audit log is reported once, never fatal.
import {isAbsolute, resolve, sep} from 'node:path'
import {classifyCommand} from '../../analysis/classify.js'
import {type SensitiveHit, SensitiveLocations} from '../../analysis/locations.js'
import type {CommandActivity, PatchActivity, RolloutActivity, RolloutJoiner} from '../../codex/rollout/joiner.js'
import type {Json, TurnContextRecord} from '../../codex/rollout/records.js'
import type {EffectivePolicy} from '../../policy/effective.js'
import {findSecretAssignments, scrubSecrets} from '../../report/scrub.js'
import type {AuditEventInput, AuditLog} from '../audit-log.js'
import type {FileMonitorEvent} from '../monitors/files.js'
import {isCodexItself, type TraceReport} from '../monitors/trace.js'
import {buildSummary, emptyTally, type NetworkAttempt, type SessionSummary, type SummaryTimes, workspacePath} from './summary.js'

/** File events logged one by one; past this only the count grows (a build can touch thousands). */
const MAX_FILE_EVENTS = 200
const MAX_COMMAND_LOG = 2000

export interface RecorderOptions {
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

export class SessionRecorder {
  readonly monitors = {files: 'off', rollout: 'off', trace: 'off'}
  private readonly matcher: SensitiveLocations
  private readonly tally = emptyTally()
  private auditWarned = false
  private auditError: string | undefined
  private fileEventsLogged = 0
  private readonly alerts: string[] = []
  private firstExposingRead: number | undefined
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
        if (event.area === 'workspace') this.tally.changedFiles.add(shown)
        const type = event.change === 'created' ? 'creation' : event.change === 'deleted' ? 'deletion' : 'change'
        const notable = event.sensitive !== undefined || event.protectedGlob !== undefined
        if (event.sensitive && event.change === 'created') this.tally.sensitiveCreated.add(shown)
        if (event.protectedGlob) this.tally.protectedWrites.add(shown)
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
    this.tally.rollouts.push(file)
    this.monitors.rollout = `following ${this.tally.rollouts.length} rollout(s)`
    this.append({category: 'session', action: 'rollout-attached', type: 'info', message: `following Codex rollout ${file}`, file})
  }

  onRolloutStopped(unknown: {file: string; count: number; reasons: string[]}[]): void {
    if (this.tally.rollouts.length === 0) this.monitors.rollout = 'no rollout found (not a Codex session, or an ephemeral one)'
    for (const entry of unknown) {
      if (entry.count === 0) continue
      this.tally.unknownLines += entry.count
      this.append({
        category: 'session',
        action: 'rollout-unknown-lines',
        type: 'info',
        message: `${entry.count} rollout line(s) not recognised (${entry.reasons.join('; ')})`,
        file: entry.file,
        labels: {count: entry.count},
      })
    }
  }

  onRolloutActivity(activity: RolloutActivity, file: string, joiner: RolloutJoiner): void {
    const codexSession = joiner.meta?.id
    const codex = codexSession ? {session_id: codexSession} : undefined
    switch (activity.type) {
      case 'session':
        if (activity.meta.id) this.tally.codexSessions.add(activity.meta.id)
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
        this.tally.tokensByRollout.set(file, activity.total)
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
    this.tally.commands++
    const cwd = command.cwd ?? joiner.meta?.cwd ?? this.options.cwd
    const input = command.argv ?? command.script ?? ''
    const classification = classifyCommand(input, cwd, this.options.policy, {root: this.options.root, home: this.options.home, codexHome: this.options.codexHome, parsedCmd: command.parsedCmd})
    const display = truncate(this.scrub(command.display), MAX_COMMAND_LOG)
    const blocked = command.blocked
    const notes: string[] = []
    if (blocked) {
      this.tally.blocked.push({by: blocked.by, reason: truncate(this.scrub(blocked.reason), 500), command: display, source: 'rollout'})
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
      this.tally.credentialCommands.push(display)
      notes.push(`credential command (${classification.credentialRules?.join(', ')})`)
    }
    if (!blocked && command.output) {
      const hits = findSecretAssignments(command.output, this.options.policy)
      for (const hit of hits.slice(0, 20)) this.tally.secrets.push(hit)
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
      const {mayContainSecret, scanSecrets} = await import('../../detect/secrets/scan.js')
      if (!mayContainSecret(text)) return
      const findings = await scanSecrets(text)
      if (findings.length === 0) return
      for (const finding of findings.slice(0, 20)) this.tally.secrets.push({kind: finding.ruleId, redacted: finding.evidence})
      const message = `secret in command output (${findings.map((finding) => `${finding.ruleId.replace(/^@secretlint\/secretlint-rule-/, '')} ${finding.evidence}`).join(', ')}): ${truncate(display, 200)}`
      this.alert(message)
      this.append({
        category: 'intrusion_detection',
        action: 'rollout-secret-in-output',
        kind: 'alert',
        type: 'info',
        message,
        codex: {...codex, ...(callId ? {call_id: callId} : {})},
        labels: {findings: findings.length},
      })
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
      this.tally.blocked.push({by: patch.blocked.by, reason: truncate(this.scrub(patch.blocked.reason), 500), command: `apply_patch ${paths.join(' ')}`, source: 'rollout'})
      notes.push(`blocked by ${patch.blocked.by}: ${truncate(this.scrub(patch.blocked.reason), 200)}`)
    } else for (const path of absolute) this.tally.changedFiles.add(this.shown(path))
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
        this.append({
          category: 'network',
          action: 'trace-network-codex',
          type: 'info',
          message: `Codex itself connected to ${destination}`,
          destination: {ip: report.address, port: report.port},
          labels: {pid: report.pid, program: program ?? '?', lineage: report.lineage.join(' < ')},
        })
        return
      }
      this.networkAttempt({host: destination, source: 'trace', ...(program ? {program} : {})})
      const message = `network ${report.ok ? 'connection' : `attempt (${report.errno ?? 'failed'})`} to ${destination} by pid ${report.pid}${program ? ` (${program})` : ''}`
      this.alert(message)
      this.append({
        category: 'network',
        action: 'trace-network',
        kind: 'alert',
        type: report.ok ? 'allowed' : 'denied',
        outcome: report.ok ? 'success' : 'failure',
        message,
        destination: {ip: report.address, port: report.port},
        labels: {pid: report.pid, program: program ?? '?', lineage: report.lineage.join(' < '), syscall: report.syscall},
      })
      return
    }
    const path = report.path
    const underCodexHome = path === this.options.codexHome || path.startsWith(this.options.codexHome + sep)
    if (codexItself && underCodexHome) {
      this.append({
        category: 'file',
        action: 'trace-open-codex',
        type: 'info',
        message: `Codex itself opened ${path}`,
        file: path,
        labels: {pid: report.pid, program: program ?? '?', lineage: report.lineage.join(' < ')},
      })
      return
    }
    const who = `pid ${report.pid}${program ? ` (${program})` : ''}`
    if (report.denied) {
      this.tally.blocked.push({by: 'sandbox', reason: `${report.errno ?? 'EACCES'} opening ${this.shown(path)}`, command: program, source: 'trace'})
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
    const existing = this.tally.sensitive.get(match.path)
    if (existing) {
      if (!existing.sources.includes(source)) existing.sources.push(source)
      existing.blocked = existing.blocked && blocked
    } else this.tally.sensitive.set(match.path, {path: match.path, entryId: match.entryId, credential: match.credential, sources: [source], blocked})
    if (!blocked && this.firstExposingRead === undefined) this.firstExposingRead = this.eventCounter
  }

  private networkAttempt(attempt: NetworkAttempt): void {
    if (this.firstExposingRead !== undefined) this.tally.networkAfterRead = true
    const duplicate = this.tally.network.some((known) => known.host === attempt.host && known.source === attempt.source && known.program === attempt.program && known.command === attempt.command)
    if (!duplicate) this.tally.network.push(attempt)
  }

  private shown(path: string): string {
    return workspacePath(this.options.root, path)
  }

  summary(input: SummaryTimes): SessionSummary {
    const {session, cwd, root, policy} = this.options
    return buildSummary(this.tally, {session, cwd, root, policy, monitors: this.monitors, log: this.options.log.file, auditError: this.auditError}, input)
  }
}

function isJsonObject(value: Json | undefined): value is {[key: string]: Json} {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
