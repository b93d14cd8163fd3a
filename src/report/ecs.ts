// Audit events in Elastic Common Schema form (`sessions export`), for SIEM ingestion, with the
// ECS gen_ai field group (beta in ECS 9.x, from the OpenTelemetry GenAI conventions) on every
// event that comes from the agent's session. Field mapping: docs/audit-export.md.
import type {AuditEvent} from '../session/audit-log.js'

export const ECS_VERSION = '9.1.0'

/** Who the audited agent is: Codex, a GenAI agent of the "openai" system. */
export const AGENT = {name: 'codex', system: 'openai'} as const

/** Actions that are one tool call of the agent (OTel/ECS gen_ai.operation.name "execute_tool"). */
const TOOL_ACTIONS = new Set(['hook-pre-tool-use', 'tool-result', 'secret-in-output', 'rollout-secret-in-output'])

/** The gen_ai fields an audit event supports; undefined for events that are not about the agent (monitors, the wrapper). */
export function genAiFields(event: AuditEvent): Record<string, unknown> | undefined {
  const codex = event.codex
  const labels = event.labels ?? {}
  const tool = typeof labels['tool'] === 'string' && labels['tool'] ? labels['tool'] : undefined
  if (!codex && !tool) return undefined
  const model = typeof labels['model'] === 'string' ? labels['model'] : undefined
  return {
    system: AGENT.system,
    agent: {name: AGENT.name, ...(codex?.session_id ? {id: codex.session_id} : {})},
    operation: {name: TOOL_ACTIONS.has(event.event.action) || tool || codex?.call_id ? 'execute_tool' : 'invoke_agent'},
    ...(model ? {request: {model}} : {}),
    ...(tool || codex?.call_id ? {tool: {...(tool ? {name: tool} : {}), ...(codex?.call_id ? {call: {id: codex.call_id}} : {})}} : {}),
  }
}

/**
 * An audit event in Elastic Common Schema form for SIEM ingestion: event.category and
 * event.type become arrays, the session and chain position are kept under codex_guard.
 */
export function toEcsEvent(event: AuditEvent): Record<string, unknown> {
  const {event: info, codex_guard: chain, '@timestamp': timestamp, ...rest} = event
  const genAi = genAiFields(event)
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
    ...(genAi ? {gen_ai: genAi} : {}),
    codex_guard: chain,
  }
}
