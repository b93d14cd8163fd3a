// `sessions export` in both schemas: an audit log holding every kind of event codex-guard records
// (written through the real AuditLog) is exported by the CLI, and every line must validate
// against the schema of its target: ECS 9.1 with the gen_ai group, or the OCSF 1.3 class it
// claims (required attributes and types per class, written from the OCSF 1.3 class definitions).
import * as v from 'valibot'
import {afterEach, describe, expect, it} from 'vitest'
import {OCSF_CLASSES} from '../../src/report/ocsf.js'
import {type AuditEventInput, AuditLog, sessionsDir} from '../../src/session/audit-log.js'
import {cleanup, cliEnv, makeRepo, runCli} from '../helpers/cli.js'

afterEach(cleanup)

const HUGE = `echo ${'A'.repeat(100_000)}`

/** One of each kind of event the recorder, the hook and the monitors write. */
const EVENTS: AuditEventInput[] = [
  {category: 'session', action: 'session-start', type: 'start', message: 'codex-guard session started', labels: {command: 'codex'}},
  {category: 'session', action: 'codex-session', type: 'info', message: 'Codex session 01a2 (exec, codex 0.169.0)', codex: {session_id: '01a2-session'}, labels: {cli_version: '0.169.0'}},
  {
    category: 'configuration',
    action: 'codex-posture',
    kind: 'state',
    type: 'info',
    message: 'Codex posture: approval never, sandbox workspace-write',
    codex: {session_id: '01a2-session', turn_id: 't1'},
    labels: {model: 'gpt-5.5', sandbox: 'workspace-write', network_access: false},
  },
  {
    category: 'process',
    action: 'hook-pre-tool-use',
    kind: 'alert',
    type: 'denied',
    message: 'reads .env',
    command: 'cat ./.env',
    rule: {id: 'CG-HOOK-SECRET-READ'},
    codex: {session_id: '01a2-session', call_id: 'call_1', turn_id: 't1'},
    labels: {tool: 'Bash', cwd: '/repo'},
  },
  {category: 'process', action: 'hook-pre-tool-use', type: 'allowed', message: 'Bash allowed', command: HUGE, codex: {session_id: '01a2-session', call_id: 'call_2'}, labels: {tool: 'Bash'}},
  {
    category: 'process',
    action: 'hook-pre-tool-use',
    type: 'allowed',
    message: 'apply_patch allowed',
    command: '*** Begin Patch',
    codex: {session_id: '01a2-session', call_id: 'call_3'},
    labels: {tool: 'apply_patch'},
  },
  {category: 'file', action: 'file-created', type: 'creation', message: 'created: .env.local', file: '.env.local', labels: {area: 'workspace'}},
  {category: 'file', action: 'file-changed', type: 'change', message: 'changed: src/app.ts', file: 'src/app.ts'},
  {category: 'file', action: 'file-deleted', type: 'deletion', message: 'deleted: notes\nwith newline.txt', file: 'notes\nwith newline.txt'},
  {category: 'file', action: 'trace-open-codex', kind: 'alert', type: 'info', message: 'codex opened ~/.ssh/id_rsa', file: '/home/me/.ssh/id_rsa', labels: {pid: 42, program: 'codex'}},
  {category: 'file', action: 'bulk-change', kind: 'alert', type: 'change', message: '500 files changed in 2 s', labels: {count: 500, window_ms: 2000}},
  {category: 'network', action: 'trace-network', kind: 'alert', type: 'info', message: 'connect to 203.0.113.5:443', destination: {ip: '203.0.113.5', port: 443}, labels: {pid: 7}},
  {category: 'network', action: 'network-attempt', kind: 'alert', type: 'denied', message: 'curl example.com refused', destination: {domain: 'example.com'}},
  {
    category: 'intrusion_detection',
    action: 'secret-in-output',
    kind: 'alert',
    type: 'denied',
    message: 'tool output held 1 secret; withheld',
    rule: {id: 'github-token', name: 'GitHub token'},
    codex: {session_id: '01a2-session', call_id: 'call_4'},
    labels: {tool: 'Bash'},
  },
  {category: 'intrusion_detection', action: 'rollout-secret-in-output', kind: 'alert', message: 'rollout holds a secret'},
  {category: 'session', action: 'tokens', type: 'info', message: 'tokens used: 1200', codex: {session_id: '01a2-session'}, labels: {total_tokens: 1200}},
  {category: 'session', action: 'monitor-error', kind: 'alert', outcome: 'failure', message: 'watcher failed', labels: {monitor: 'files'}},
  {category: 'session', action: 'session-end', type: 'end', message: 'session ended (exit 0)'},
]

// ---- ECS 9.1 (event fields' allowed values from the ECS categorization reference) ----
const ecsEvent = v.object({
  '@timestamp': v.pipe(v.string(), v.isoTimestamp()),
  ecs: v.object({version: v.literal('9.1.0')}),
  message: v.string(),
  event: v.object({
    kind: v.picklist(['alert', 'asset', 'enrichment', 'event', 'metric', 'state', 'pipeline_error', 'signal']),
    category: v.array(
      v.picklist([
        'api',
        'authentication',
        'configuration',
        'database',
        'driver',
        'email',
        'file',
        'host',
        'iam',
        'intrusion_detection',
        'library',
        'malware',
        'network',
        'package',
        'process',
        'registry',
        'session',
        'threat',
        'vulnerability',
        'web',
      ]),
    ),
    type: v.optional(
      v.array(
        v.picklist([
          'access',
          'admin',
          'allowed',
          'change',
          'connection',
          'creation',
          'deletion',
          'denied',
          'device',
          'end',
          'error',
          'group',
          'indicator',
          'info',
          'installation',
          'protocol',
          'start',
          'user',
        ]),
      ),
    ),
    outcome: v.picklist(['failure', 'success', 'unknown']),
    action: v.string(),
    module: v.literal('codex_guard'),
    dataset: v.literal('codex_guard.audit'),
    sequence: v.number(),
  }),
  process: v.optional(v.object({command_line: v.string()})),
  file: v.optional(v.object({path: v.string()})),
  destination: v.optional(v.object({domain: v.optional(v.string()), ip: v.optional(v.pipe(v.string(), v.ip())), port: v.optional(v.number())})),
  rule: v.optional(v.object({id: v.string(), name: v.optional(v.string())})),
  gen_ai: v.optional(
    v.strictObject({
      system: v.literal('openai'),
      agent: v.strictObject({name: v.literal('codex'), id: v.optional(v.string())}),
      operation: v.strictObject({name: v.picklist(['execute_tool', 'invoke_agent'])}),
      request: v.optional(v.strictObject({model: v.string()})),
      tool: v.optional(v.strictObject({name: v.optional(v.string()), call: v.optional(v.strictObject({id: v.string()}))})),
    }),
  ),
  codex_guard: v.object({session: v.string(), seq: v.number(), prev_hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/))}),
})

// ---- OCSF 1.3: base event attributes, then each class's required attributes ----
const int = v.pipe(v.number(), v.integer())
const ocsfBase = {
  activity_id: int,
  category_uid: int,
  class_uid: int,
  type_uid: int,
  severity_id: v.picklist([0, 1, 2, 3, 4, 5, 6, 99]),
  time: int,
  status_id: v.optional(v.picklist([0, 1, 2, 99])),
  message: v.optional(v.string()),
  metadata: v.object({version: v.literal('1.3.0'), product: v.object({name: v.string(), vendor_name: v.string(), version: v.string()}), uid: v.optional(v.string())}),
  action_id: v.optional(v.picklist([0, 1, 2, 99])),
  disposition_id: v.optional(int),
  unmapped: v.optional(v.record(v.string(), v.unknown())),
}
const actor = v.object({process: v.optional(v.object({name: v.string()})), app_name: v.optional(v.string())})
const device = v.object({type_id: int, hostname: v.optional(v.string())})
const OCSF_SCHEMAS: Record<number, {activities: number[]; schema: v.GenericSchema}> = {
  [OCSF_CLASSES.fileSystemActivity.class_uid]: {
    activities: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 99],
    schema: v.object({...ocsfBase, actor, device, file: v.object({name: v.string(), type_id: int, path: v.optional(v.string())})}),
  },
  [OCSF_CLASSES.processActivity.class_uid]: {
    activities: [0, 1, 2, 3, 4, 5, 99],
    schema: v.object({...ocsfBase, actor, device, process: v.object({name: v.optional(v.string()), cmd_line: v.optional(v.string())})}),
  },
  [OCSF_CLASSES.detectionFinding.class_uid]: {
    activities: [0, 1, 2, 3, 99],
    schema: v.object({...ocsfBase, finding_info: v.object({uid: v.string(), title: v.optional(v.string())})}),
  },
  [OCSF_CLASSES.networkActivity.class_uid]: {
    activities: [0, 1, 2, 3, 4, 5, 6, 7, 99],
    schema: v.object({
      ...ocsfBase,
      src_endpoint: v.object({hostname: v.optional(v.string()), ip: v.optional(v.string())}),
      dst_endpoint: v.object({hostname: v.optional(v.string()), ip: v.optional(v.pipe(v.string(), v.ip())), port: v.optional(int)}),
    }),
  },
  [OCSF_CLASSES.applicationLifecycle.class_uid]: {
    activities: [0, 1, 2, 3, 4, 99],
    schema: v.object({...ocsfBase, app: v.object({name: v.string(), vendor_name: v.string()})}),
  },
}

async function exported(format: 'ecs' | 'ocsf'): Promise<Record<string, any>[]> {
  const repo = makeRepo()
  const log = new AuditLog('export-test', sessionsDir(cliEnv(repo)))
  for (const event of EVENTS) expect(log.append(event)).toBeDefined()
  const result = await runCli(['sessions', 'export', '--format', format], {cwd: repo})
  expect(result.code, result.stderr).toBe(0)
  const lines = result.stdout.trimEnd().split('\n')
  expect(lines).toHaveLength(EVENTS.length)
  return lines.map((line) => JSON.parse(line) as Record<string, any>)
}

const issues = (schema: v.GenericSchema, value: unknown) => {
  const result = v.safeParse(schema, value)
  return result.success ? [] : result.issues.map((issue) => `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`)
}

describe('sessions export', () => {
  it('ECS: every line validates, and agent events carry the gen_ai fields', async () => {
    const events = await exported('ecs')
    for (const [index, event] of events.entries()) expect(issues(ecsEvent, event), `line ${index + 1}: ${event['event']['action']}`).toEqual([])
    const denied = events.find((event) => event['codex']?.call_id === 'call_1')!
    expect(denied['gen_ai']).toEqual({system: 'openai', agent: {name: 'codex', id: '01a2-session'}, operation: {name: 'execute_tool'}, tool: {name: 'Bash', call: {id: 'call_1'}}})
    const posture = events.find((event) => event['event']['action'] === 'codex-posture')!
    expect(posture['gen_ai']).toEqual({system: 'openai', agent: {name: 'codex', id: '01a2-session'}, operation: {name: 'invoke_agent'}, request: {model: 'gpt-5.5'}})
    // the wrapper's own events are not the agent's
    expect(events.find((event) => event['event']['action'] === 'session-start')!['gen_ai']).toBeUndefined()
    expect(events.find((event) => event['event']['action'] === 'trace-network')!['gen_ai']).toBeUndefined()
    expect(events.find((event) => event['codex']?.call_id === 'call_2')!['process']['command_line']).toBe(HUGE)
  })

  it('OCSF: every line validates against its class, with type_uid = class_uid * 100 + activity_id', async () => {
    const events = await exported('ocsf')
    for (const [index, event] of events.entries()) {
      const where = `line ${index + 1}: ${event['unmapped']?.['action']}`
      const target = OCSF_SCHEMAS[event['class_uid'] as number]
      expect(target, `${where}: unexpected class ${event['class_uid']}`).toBeDefined()
      expect(issues(target!.schema, event), where).toEqual([])
      expect(target!.activities, where).toContain(event['activity_id'])
      expect(event['type_uid'], where).toBe(event['class_uid'] * 100 + event['activity_id'])
      expect(event['category_uid'], where).toBe(Math.floor(event['class_uid'] / 1000))
    }
    const byAction = (action: string) => events.filter((event) => event['unmapped']['action'] === action)
    const [denied] = byAction('hook-pre-tool-use')
    expect(denied).toMatchObject({class_uid: 1007, activity_id: 1, action_id: 2, disposition_id: 2, severity_id: 3, process: {cmd_line: 'cat ./.env', name: 'cat'}})
    expect(byAction('file-created')[0]).toMatchObject({class_uid: 1001, activity_id: 1, file: {name: '.env.local', path: '.env.local'}})
    expect(byAction('file-deleted')[0]).toMatchObject({class_uid: 1001, activity_id: 4})
    expect(byAction('trace-open-codex')[0]).toMatchObject({class_uid: 1001, activity_id: 2, severity_id: 4, file: {name: 'id_rsa'}})
    expect(byAction('trace-network')[0]).toMatchObject({class_uid: 4001, activity_id: 1, dst_endpoint: {ip: '203.0.113.5', port: 443}})
    expect(byAction('network-attempt')[0]).toMatchObject({class_uid: 4001, activity_id: 5, dst_endpoint: {hostname: 'example.com'}})
    expect(byAction('secret-in-output')[0]).toMatchObject({class_uid: 2004, finding_info: {title: 'github-token', analytic: {uid: 'github-token'}}})
    expect(byAction('session-start')[0]).toMatchObject({class_uid: 6002, activity_id: 3})
    expect(byAction('session-end')[0]).toMatchObject({class_uid: 6002, activity_id: 4})
    expect(byAction('monitor-error')[0]).toMatchObject({status_id: 2})
    expect(events.every((event) => event['metadata']['product']['name'] === 'codex-guard')).toBe(true)
  })

  it('refuses an unknown format (exit 2)', async () => {
    const repo = makeRepo()
    const result = await runCli(['sessions', 'export', '--format', 'cef'], {cwd: repo})
    expect(result.code).toBe(2)
  })
})
