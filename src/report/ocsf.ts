// Audit events as OCSF 1.3 events (`sessions export --format ocsf`). One class per kind of event:
// commands → Process Activity, files → File System Activity, network → Network Activity,
// detections → Detection Finding, session and posture records → Application Lifecycle.
// Field mapping and the reasoning: docs/audit-export.md. test/unit/ocsf.test.ts validates every
// class against a schema of its required attributes.
import type {AuditEvent} from '../session/audit-log.js'
import {AGENT, genAiFields} from './ecs.js'

export const OCSF_VERSION = '1.3.0'

/** The OCSF classes used, with their category and the activities codex-guard emits. */
export const OCSF_CLASSES = {
  fileSystemActivity: {class_uid: 1001, category_uid: 1, class_name: 'File System Activity', category_name: 'System Activity'},
  processActivity: {class_uid: 1007, category_uid: 1, class_name: 'Process Activity', category_name: 'System Activity'},
  detectionFinding: {class_uid: 2004, category_uid: 2, class_name: 'Detection Finding', category_name: 'Findings'},
  networkActivity: {class_uid: 4001, category_uid: 4, class_name: 'Network Activity', category_name: 'Network Activity'},
  applicationLifecycle: {class_uid: 6002, category_uid: 6, class_name: 'Application Lifecycle', category_name: 'Application Activity'},
} as const

type OcsfClass = (typeof OCSF_CLASSES)[keyof typeof OCSF_CLASSES]

export interface OcsfOptions {
  /** codex-guard's version (metadata.product.version) */
  productVersion: string
  /** the machine the log was recorded on (device.hostname) */
  hostname: string
}

const OTHER = 99

/** The class and activity for an audit event: by category, then by action. */
function classify(event: AuditEvent): {cls: OcsfClass; activityId: number; activityName: string} {
  const {category, action, type} = event.event
  switch (category) {
    case 'process':
      // A command the hook judged, or one the monitors saw start: Launch (its outcome in action_id).
      return {cls: OCSF_CLASSES.processActivity, activityId: 1, activityName: 'Launch'}
    case 'file': {
      const activity =
        action === 'file-read' || /-open-/.test(action) ? [2, 'Read'] : type === 'creation' ? [1, 'Create'] : type === 'deletion' ? [4, 'Delete'] : type === 'change' ? [3, 'Update'] : [OTHER, 'Other']
      return {cls: OCSF_CLASSES.fileSystemActivity, activityId: activity[0] as number, activityName: activity[1] as string}
    }
    case 'network':
      return type === 'denied' ? {cls: OCSF_CLASSES.networkActivity, activityId: 5, activityName: 'Refuse'} : {cls: OCSF_CLASSES.networkActivity, activityId: 1, activityName: 'Open'}
    case 'intrusion_detection':
      return {cls: OCSF_CLASSES.detectionFinding, activityId: 1, activityName: 'Create'}
    default: {
      // session and configuration records: the agent session's lifecycle
      const activity = action.endsWith('-start') ? [3, 'Start'] : action.endsWith('-end') || action.endsWith('-stop') ? [4, 'Stop'] : [OTHER, 'Other']
      return {cls: OCSF_CLASSES.applicationLifecycle, activityId: activity[0] as number, activityName: activity[1] as string}
    }
  }
}

const SEVERITY = {informational: 1, medium: 3, high: 4} as const

/** Alerts that something was blocked are Medium; alerts that something happened unblocked are High. */
function severity(event: AuditEvent): {id: number; name: string} {
  if (event.event.kind !== 'alert') return {id: SEVERITY.informational, name: 'Informational'}
  return event.event.type === 'denied' ? {id: SEVERITY.medium, name: 'Medium'} : {id: SEVERITY.high, name: 'High'}
}

const STATUS = {success: [1, 'Success'], failure: [2, 'Failure'], unknown: [0, 'Unknown']} as const

const baseName = (path: string) => path.replace(/\/+$/, '').split('/').pop() || path

export function toOcsfEvent(event: AuditEvent, options: OcsfOptions): Record<string, unknown> {
  const {cls, activityId, activityName} = classify(event)
  const sev = severity(event)
  const [statusId, status] = STATUS[event.event.outcome] ?? STATUS.unknown
  const chain = event.codex_guard
  const product = {name: 'codex-guard', vendor_name: 'codex-guard', version: options.productVersion}
  const decided = event.event.type === 'allowed' || event.event.type === 'denied'
  const actor = {app_name: AGENT.name, process: {name: AGENT.name}}
  const device = {hostname: options.hostname, type_id: 0, type: 'Unknown'}
  const out: Record<string, unknown> = {
    class_uid: cls.class_uid,
    class_name: cls.class_name,
    category_uid: cls.category_uid,
    category_name: cls.category_name,
    activity_id: activityId,
    activity_name: activityName,
    type_uid: cls.class_uid * 100 + activityId,
    type_name: `${cls.class_name}: ${activityName}`,
    severity_id: sev.id,
    severity: sev.name,
    status_id: statusId,
    status,
    time: Date.parse(event['@timestamp']),
    message: event.message,
    metadata: {
      version: OCSF_VERSION,
      product,
      uid: `${chain.session}:${chain.seq}`,
      log_name: 'codex_guard.audit',
      ...(event.codex?.session_id ? {correlation_uid: event.codex.session_id} : {}),
    },
    ...(decided
      ? {
          action_id: event.event.type === 'allowed' ? 1 : 2,
          action: event.event.type === 'allowed' ? 'Allowed' : 'Denied',
          disposition_id: event.event.type === 'allowed' ? 1 : 2,
          disposition: event.event.type === 'allowed' ? 'Allowed' : 'Blocked',
        }
      : {}),
    unmapped: {
      codex_guard: chain,
      action: event.event.action,
      ...(event.labels ? {labels: event.labels} : {}),
      ...(event.rule ? {rule: event.rule} : {}),
      ...(genAiFields(event) ? {gen_ai: genAiFields(event)} : {}),
    },
  }
  switch (cls.class_uid) {
    case OCSF_CLASSES.processActivity.class_uid:
      out['actor'] = actor
      out['device'] = device
      out['process'] = {name: event.process?.command_line.split(/\s+/)[0] || 'unknown', cmd_line: event.process?.command_line ?? ''}
      break
    case OCSF_CLASSES.fileSystemActivity.class_uid:
      out['actor'] = actor
      out['device'] = device
      out['file'] = {name: baseName(event.file?.path ?? 'unknown'), path: event.file?.path ?? '', type_id: 0, type: 'Unknown'}
      break
    case OCSF_CLASSES.networkActivity.class_uid: {
      const destination = event.destination ?? {}
      out['src_endpoint'] = {hostname: options.hostname}
      out['dst_endpoint'] = {
        ...(destination.domain ? {hostname: destination.domain} : {}),
        ...(destination.ip ? {ip: destination.ip} : {}),
        ...(destination.port !== undefined ? {port: destination.port} : {}),
      }
      out['actor'] = actor
      out['device'] = device
      break
    }
    case OCSF_CLASSES.detectionFinding.class_uid:
      out['finding_info'] = {
        uid: `${chain.session}:${chain.seq}`,
        title: event.rule?.id ?? event.event.action,
        desc: event.message,
        ...(event.rule ? {analytic: {uid: event.rule.id, name: event.rule.name ?? event.rule.id, type_id: 1, type: 'Rule'}} : {}),
      }
      break
    default:
      out['app'] = product
      out['actor'] = actor
      out['device'] = device
  }
  return out
}
