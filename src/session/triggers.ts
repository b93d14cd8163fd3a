// When a session calls for credential rotation: the signs in its summary and audit events that
// credentials were touched, and the triggers (size, exposure, unsandboxed posture) that bring up
// the checklist. Read by the Stop hook and by the rotation checklist (rotate imports session,
// never the reverse).
import {CREDENTIAL_COMMAND_KINDS, credentialKindOfName} from '../policy/catalogue.js'
import type {CredentialKind, Thresholds} from '../policy/types.js'
import type {AuditEvent} from './audit-log.js'

/** The fields of a `run` session summary (<session>.summary.json) the checklist reads. */
export interface SummaryInput {
  session?: string
  durationSeconds?: number
  commands?: number
  filesChanged?: number
  tokens?: number | null
  large?: boolean
  largeReasons?: string[]
  exposure?: boolean
  exposureReasons?: string[]
  sensitiveAccesses?: {path: string; credential?: CredentialKind; blocked?: boolean}[]
  sensitiveFilesCreated?: string[]
  secretsInOutput?: {kind: string; redacted: string}[]
  credentialCommands?: string[]
  networkAttempts?: {host?: string; command?: string}[]
}

export interface Touch {
  path?: string
  kind?: CredentialKind
  allEnv?: boolean
  evidence: string
}

export function touchesFrom(summary: SummaryInput | undefined, events: AuditEvent[]): Touch[] {
  const touches: Touch[] = []
  let sensitiveReadSeen = false
  for (const access of summary?.sensitiveAccesses ?? []) {
    if (access.blocked) continue
    sensitiveReadSeen = true
    touches.push({path: access.path, kind: access.credential, evidence: `read during the session: ${access.path}`})
  }
  for (const path of summary?.sensitiveFilesCreated ?? [])
    touches.push({path, evidence: `secret file created or changed during the session: ${path} (not covered by deny globs expanded at session start)`})
  for (const secret of summary?.secretsInOutput ?? []) touches.push({kind: credentialKindOfName(secret.kind), evidence: `secret seen in tool output: ${secret.kind} ${secret.redacted}`})
  for (const command of summary?.credentialCommands ?? []) {
    const kind = CREDENTIAL_COMMAND_KINDS.find(([pattern]) => pattern.test(command))?.[1]
    if (kind === 'env') touches.push({allEnv: true, evidence: `environment dumped: ${command}`})
    else if (kind) touches.push({kind, evidence: `credential command ran: ${command}`})
  }
  if (sensitiveReadSeen) {
    for (const attempt of summary?.networkAttempts ?? [])
      touches.push({allEnv: false, kind: undefined, evidence: `network attempt after a sensitive read: ${attempt.host ?? attempt.command ?? 'unknown destination'}`})
  }
  for (const event of events) {
    if (event.event.action !== 'secret-in-output') continue
    const type = String(event.labels?.['secret_type'] ?? event.rule?.name ?? event.rule?.id ?? 'secret')
    const evidence = `secret seen in tool output (hook): ${type} ${event.labels?.['evidence'] ?? ''}`.trim()
    if (!touches.some((touch) => touch.evidence === evidence)) touches.push({kind: credentialKindOfName(type), evidence})
  }
  return touches
}

/** Why the checklist should be shown: a large session, any exposure, or an unsandboxed run. */
export function triggersFor(summary: SummaryInput | undefined, events: AuditEvent[], thresholds: Thresholds, touches: Touch[] = touchesFrom(summary, events)): string[] {
  const reasons: string[] = []
  const commands = summary?.commands ?? events.filter((event) => event.event.action === 'hook-pre-tool-use').length
  const first = events[0]?.['@timestamp']
  const last = events[events.length - 1]?.['@timestamp']
  const minutes = summary?.durationSeconds !== undefined ? summary.durationSeconds / 60 : first && last ? (Date.parse(last) - Date.parse(first)) / 60_000 : 0
  if (minutes >= thresholds.durationMinutes) reasons.push(`duration ${Math.round(minutes)} min ≥ ${thresholds.durationMinutes}`)
  if (commands >= thresholds.commands) reasons.push(`${commands} commands ≥ ${thresholds.commands}`)
  if ((summary?.filesChanged ?? 0) >= thresholds.filesChanged) reasons.push(`${summary?.filesChanged} files changed ≥ ${thresholds.filesChanged}`)
  if ((summary?.tokens ?? 0) >= thresholds.tokens) reasons.push(`${summary?.tokens} tokens ≥ ${thresholds.tokens}`)
  if (touches.length > 0) reasons.push(`exposure: ${touches.length} sign(s) that credentials were touched`)
  const risky = events.find(
    (event) => event.event.action === 'codex-posture' && /danger-full-access|network_access"?\s*[:=]\s*true|network on/i.test(`${event.message} ${JSON.stringify(event.labels ?? {})}`),
  )
  if (risky) reasons.push(`ran without the sandbox or with network on: ${risky.message}`)
  return reasons
}

/**
 * The L/E flags of a session from its audit events alone (hook-only sessions have no summary):
 * large by duration or command count, exposure by any sign that credentials were touched.
 */
export function flagsFromEvents(events: AuditEvent[], thresholds: Thresholds): {large: boolean; exposure: boolean} {
  const touches = touchesFrom(undefined, events)
  const reasons = triggersFor(undefined, events, thresholds, [])
  return {large: reasons.some((reason) => /^(duration|\d+ commands)/.test(reason)), exposure: touches.length > 0}
}
