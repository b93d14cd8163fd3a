// Session text for the terminal: the end-of-session summary, durations, one audit event a line.
import type {AuditEvent} from '../session/audit-log.js'
import type {SessionSummary} from '../session/run/summary.js'

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

export function formatEvent(event: AuditEvent): string {
  const time = event['@timestamp'].replace('T', ' ').replace(/\.\d+Z$/, 'Z')
  const marker = event.event.kind === 'alert' ? '!' : ' '
  return `${String(event.codex_guard.seq).padStart(5)} ${time} ${marker} ${event.event.action.padEnd(24)} ${event.message}`
}
