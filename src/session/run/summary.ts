// The end-of-session summary (<session>.summary.json): its format, and how it is built from what
// the recorder counted. Also read back by `sessions …` and the rotation checklist.
import {isAbsolute, relative, sep} from 'node:path'
import type {BlockSource} from '../../codex/rollout/records.js'
import type {EffectivePolicy} from '../../policy/effective.js'
import type {CredentialKind} from '../../policy/types.js'
import {scrubSecrets} from '../../report/scrub.js'

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

/** What the recorder counts during a session; buildSummary() turns it into the summary. */
export interface SessionTally {
  commands: number
  changedFiles: Set<string>
  sensitive: Map<string, SensitiveAccess>
  sensitiveCreated: Set<string>
  protectedWrites: Set<string>
  network: NetworkAttempt[]
  blocked: BlockedAction[]
  credentialCommands: string[]
  secrets: {kind: string; redacted: string}[]
  tokensByRollout: Map<string, number>
  rollouts: string[]
  codexSessions: Set<string>
  unknownLines: number
  /** A network attempt followed a sensitive read that was not blocked. */
  networkAfterRead: boolean
}

export function emptyTally(): SessionTally {
  return {
    commands: 0,
    changedFiles: new Set(),
    sensitive: new Map(),
    sensitiveCreated: new Set(),
    protectedWrites: new Set(),
    network: [],
    blocked: [],
    credentialCommands: [],
    secrets: [],
    tokensByRollout: new Map(),
    rollouts: [],
    codexSessions: new Set(),
    unknownLines: 0,
    networkAfterRead: false,
  }
}

export interface SummaryContext {
  session: string
  cwd: string
  root: string
  policy: EffectivePolicy
  monitors: SessionSummary['monitors']
  log: string
  auditError?: string
}

export interface SummaryTimes {
  command: string[]
  version: string
  startedAt: Date
  endedAt: Date
  exitCode: number
  signal?: string
  summaryFile: string
}

/** `path` relative to the workspace root with / separators when it lies inside, else unchanged. */
export function workspacePath(root: string, path: string): string {
  const rel = relative(root, path)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path
}

export function buildSummary(tally: SessionTally, context: SummaryContext, input: SummaryTimes): SessionSummary {
  const thresholds = context.policy.thresholds
  const durationSeconds = Math.round((input.endedAt.getTime() - input.startedAt.getTime()) / 100) / 10
  const tokens = tally.tokensByRollout.size > 0 ? [...tally.tokensByRollout.values()].reduce((sum, value) => sum + value, 0) : null
  const largeReasons: string[] = []
  if (durationSeconds >= thresholds.durationMinutes * 60) largeReasons.push(`duration ≥ ${thresholds.durationMinutes} min`)
  if (tally.commands >= thresholds.commands) largeReasons.push(`commands ≥ ${thresholds.commands}`)
  if (tally.changedFiles.size >= thresholds.filesChanged) largeReasons.push(`files changed ≥ ${thresholds.filesChanged}`)
  if (tokens !== null && tokens >= thresholds.tokens) largeReasons.push(`tokens ≥ ${thresholds.tokens}`)
  const exposed = [...tally.sensitive.values()].filter((access) => !access.blocked)
  const exposureReasons: string[] = exposed.map((access) => `sensitive read: ${workspacePath(context.root, access.path)} (${access.entryId})`)
  if (tally.secrets.length > 0) exposureReasons.push(`secret-looking values in command output (${tally.secrets.length})`)
  if (tally.credentialCommands.length > 0) exposureReasons.push(`credential command ran (${tally.credentialCommands.length})`)
  if (tally.networkAfterRead) exposureReasons.push('network attempt after a sensitive read')
  // Deny globs are expanded at sandbox start, so a secret file written mid-session was readable.
  if (tally.sensitiveCreated.size > 0) exposureReasons.push(`secret file(s) created during the session (${tally.sensitiveCreated.size})`)
  const credentialKinds = [...new Set(exposed.map((access) => access.credential))]
  const changed = [...tally.changedFiles]
  return {
    format: 'codex-guard-session-summary/1',
    session: context.session,
    codexGuardVersion: input.version,
    command: input.command.map((word) => scrubSecrets(word, context.policy)),
    cwd: context.cwd,
    root: context.root,
    startedAt: input.startedAt.toISOString(),
    endedAt: input.endedAt.toISOString(),
    durationSeconds,
    exitCode: input.exitCode,
    ...(input.signal ? {signal: input.signal} : {}),
    commands: tally.commands,
    filesChanged: changed.length,
    changedFiles: changed.slice(0, 500),
    sensitiveAccesses: [...tally.sensitive.values()].map((access) => ({...access, path: workspacePath(context.root, access.path)})),
    sensitiveFilesCreated: [...tally.sensitiveCreated],
    protectedWrites: [...tally.protectedWrites],
    networkAttempts: tally.network,
    blockedActions: tally.blocked,
    credentialCommands: tally.credentialCommands,
    secretsInOutput: tally.secrets,
    tokens,
    rollouts: tally.rollouts,
    codexSessions: [...tally.codexSessions],
    unknownRolloutLines: tally.unknownLines,
    monitors: {...context.monitors},
    large: largeReasons.length > 0,
    largeReasons,
    exposure: exposureReasons.length > 0,
    exposureReasons,
    credentialKinds,
    log: context.log,
    summaryFile: input.summaryFile,
    ...(context.auditError ? {auditLogError: context.auditError} : {}),
  }
}
