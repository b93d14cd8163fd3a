// Audit events in Elastic Common Schema form (`sessions export`), for SIEM ingestion.
import type {AuditEvent} from '../session/audit-log.js'

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
