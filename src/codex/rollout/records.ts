// Codex rollout transcripts ($CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl) and `codex exec --json`
// events: the record shapes and a line parser that never throws. Shapes are those of Codex 0.169
// plus the older ones still found in real rollouts (shared/docs/codex-reference.md §3).
import {fileURLToPath} from 'node:url'
import {type PatchFile, parsePatch} from '../apply-patch.js'

export type {PatchFile, PatchOperation} from '../apply-patch.js'

import {detectBlock, sandboxBlock} from './refusals.js'

export type Json = null | boolean | number | string | Json[] | {[key: string]: Json}
type JsonObject = {[key: string]: Json}

export type CommandTool = 'exec_command' | 'shell' | 'shell_command' | 'local_shell_call' | 'exec_json'
export type BlockSource = 'rule' | 'hook' | 'sandbox' | 'approval'

export interface BlockInfo {
  by: BlockSource
  reason: string
  /** The command as Codex or the hook quoted it, when the message carries it. */
  command?: string
}

/** One entry of CommandExecution.parsed_cmd, e.g. {type: "read", cmd: "cat .env", path: ".env"}. */
export interface ParsedCommandPart {
  type: string
  cmd?: string
  name?: string
  path?: string
}

interface Stamped {
  timestamp?: string
}

export interface SessionMetaRecord extends Stamped {
  kind: 'session_meta'
  id?: string
  cwd?: string
  cliVersion?: string
  source?: string
  originator?: string
  modelProvider?: string
}

export interface TurnContextRecord extends Stamped {
  kind: 'turn_context'
  turnId?: string
  cwd?: string
  model?: string
  approvalPolicy?: string
  sandboxPolicy?: Json
  permissionProfile?: Json
  /** 0.169: {"id": ":read-only"} or a [permissions.<name>] profile name. */
  activeProfile?: string
  fileSystemSandboxPolicy?: Json
}

export interface CommandCallRecord extends Stamped {
  kind: 'command_call'
  callId?: string
  tool: CommandTool
  /** Shell script (exec_command "cmd", shell_command "command"). */
  script?: string
  /** argv (shell "command", local_shell_call action.command). */
  argv?: string[]
  workdir?: string
  /** sandbox_permissions = "require_escalated": the model asked to run outside the sandbox. */
  escalated?: boolean
  justification?: string
}

export interface PatchCallRecord extends Stamped {
  kind: 'patch_call'
  callId?: string
  patch: string
  files: PatchFile[]
}

export interface ToolOutputRecord extends Stamped {
  kind: 'tool_output'
  callId?: string
  output: string
  exitCode?: number
  blocked?: BlockInfo
}

export interface CommandCompletedRecord extends Stamped {
  kind: 'command_completed'
  callId?: string
  argv?: string[]
  /** `codex exec --json` gives the command as one string. */
  script?: string
  cwd?: string
  exitCode?: number
  status?: string
  parsedCmd: ParsedCommandPart[]
  output?: string
  blocked?: BlockInfo
}

export interface FileChangeRecord extends Stamped {
  kind: 'file_change'
  callId?: string
  changes: {path: string; type: string}[]
  status?: string
}

export interface TokenCountRecord extends Stamped {
  kind: 'token_count'
  /** undefined when Codex wrote `info: null`. */
  totalTokens?: number
  /** false for `codex exec --json` turn.completed usage, which is per turn. */
  cumulative: boolean
}

/** A well-formed line of a known envelope that carries nothing codex-guard acts on. */
export interface OtherRecord extends Stamped {
  kind: 'other'
  type: string
  subtype?: string
}

export interface UnknownRecord {
  kind: 'unknown'
  raw: string
  reason: string
}

export type RolloutRecord =
  | SessionMetaRecord
  | TurnContextRecord
  | CommandCallRecord
  | PatchCallRecord
  | ToolOutputRecord
  | CommandCompletedRecord
  | FileChangeRecord
  | TokenCountRecord
  | OtherRecord
  | UnknownRecord

const KNOWN_ENVELOPES = new Set(['session_meta', 'turn_context', 'response_item', 'event_msg', 'world_state', 'token_usage_record', 'compacted'])
/** `codex exec --json` stdout events (§3.5): same parser, so a wrapper can feed either stream. */
const EXEC_JSON_EVENTS = new Set(['thread.started', 'turn.started', 'turn.completed', 'turn.failed', 'item.started', 'item.updated', 'item.completed', 'error'])

/** A recognised envelope whose payload is malformed; becomes {kind: 'unknown'} with the raw line. */
class Unrecognised {
  constructor(readonly reason: string) {}
}

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value)
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)
const strArray = (value: unknown): string[] | undefined => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined)

/** Parses one rollout (or `exec --json`) line. Never throws: anything unrecognised is {kind: 'unknown'}. */
export function parseRolloutLine(line: string): RolloutRecord {
  const raw = line.endsWith('\r') ? line.slice(0, -1) : line
  const unknown = (reason: string): UnknownRecord => ({kind: 'unknown', raw, reason})
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return unknown(raw.trim() === '' ? 'empty line' : 'not valid JSON (garbage or truncated line)')
  }
  if (!isObject(value)) return unknown('not a JSON object')
  const type = str(value['type'])
  if (!type) return unknown('no "type" field')
  const timestamp = str(value['timestamp'])
  try {
    if (EXEC_JSON_EVENTS.has(type)) return parseExecJson(type, value) ?? unknown(`unrecognised ${type} event`)
    if (!KNOWN_ENVELOPES.has(type)) return unknown(`unknown line type "${type}"`)
    const payload = value['payload']
    if (!isObject(payload)) return unknown(`${type} line without an object payload`)
    const record = parsePayload(type, payload)
    if (!record) return unknown(`${type} payload without a "type"`)
    if (record instanceof Unrecognised) return unknown(record.reason)
    if (timestamp) record.timestamp = timestamp
    return record
  } catch (error) {
    // Defensive: a shape check above missed a case; the line is still counted, never fatal.
    return unknown(`parser error: ${(error as Error).message}`)
  }
}

type Parsed = Exclude<RolloutRecord, UnknownRecord> | Unrecognised | undefined

function parsePayload(type: string, payload: JsonObject): Parsed {
  switch (type) {
    case 'session_meta': {
      // Older rollouts nest the fields under payload.meta.
      const meta = isObject(payload['meta']) ? payload['meta'] : payload
      return {
        kind: 'session_meta',
        id: str(meta['id']) ?? str(meta['session_id']),
        cwd: str(meta['cwd']),
        cliVersion: str(meta['cli_version']),
        source: typeof meta['source'] === 'string' ? meta['source'] : meta['source'] === undefined ? undefined : JSON.stringify(meta['source']),
        originator: str(meta['originator']),
        modelProvider: str(meta['model_provider']),
      }
    }
    case 'turn_context':
      return {
        kind: 'turn_context',
        turnId: str(payload['turn_id']),
        cwd: str(payload['cwd']),
        model: str(payload['model']),
        approvalPolicy: typeof payload['approval_policy'] === 'string' ? payload['approval_policy'] : payload['approval_policy'] === undefined ? undefined : JSON.stringify(payload['approval_policy']),
        sandboxPolicy: payload['sandbox_policy'],
        permissionProfile: payload['permission_profile'],
        activeProfile: isObject(payload['active_permission_profile']) ? str(payload['active_permission_profile']['id']) : str(payload['active_permission_profile']),
        fileSystemSandboxPolicy: payload['file_system_sandbox_policy'],
      }
    case 'response_item':
      return parseResponseItem(payload)
    case 'event_msg':
      return parseEventMsg(payload)
    case 'token_usage_record': {
      const thread = payload['thread_token_usage']
      return {kind: 'token_count', totalTokens: isObject(thread) ? num(thread['total_tokens']) : undefined, cumulative: true}
    }
    default:
      return {kind: 'other', type, subtype: str(payload['type'])}
  }
}

function parseResponseItem(payload: JsonObject): Parsed {
  const itemType = str(payload['type'])
  const callId = str(payload['call_id'])
  switch (itemType) {
    case 'function_call': {
      const name = str(payload['name'])
      if (name === 'exec_command' || name === 'shell' || name === 'shell_command' || name === 'apply_patch') {
        const args = parseArguments(payload['arguments'])
        if (!args) return new Unrecognised(`${name} call whose arguments are not a JSON object`)
        if (name === 'apply_patch') {
          const patch = str(args['input']) ?? str(args['patch'])
          if (patch === undefined) return new Unrecognised('apply_patch call without "input"')
          return {kind: 'patch_call', callId, patch, files: parsePatch(patch)}
        }
        const workdir = str(args['workdir'])
        const escalated = args['sandbox_permissions'] === 'require_escalated' || args['with_escalated_permissions'] === true
        const justification = str(args['justification'])
        const extra = {...(workdir ? {workdir} : {}), ...(escalated ? {escalated} : {}), ...(justification ? {justification} : {})}
        if (name === 'exec_command') {
          const script = str(args['cmd']) ?? str(args['command'])
          if (script === undefined) return new Unrecognised('exec_command call without "cmd"')
          return {kind: 'command_call', callId, tool: 'exec_command', script, ...extra}
        }
        if (name === 'shell') {
          const argv = strArray(args['command'])
          if (!argv) return new Unrecognised('shell call without a "command" argv')
          return {kind: 'command_call', callId, tool: 'shell', argv, ...extra}
        }
        const script = str(args['command'])
        if (script === undefined) return new Unrecognised('shell_command call without "command"')
        return {kind: 'command_call', callId, tool: 'shell_command', script, ...extra}
      }
      return {kind: 'other', type: 'response_item', subtype: `function_call:${name ?? '?'}`}
    }
    case 'custom_tool_call': {
      const name = str(payload['name'])
      const input = str(payload['input'])
      if (name === 'apply_patch' && input !== undefined) return {kind: 'patch_call', callId, patch: input, files: parsePatch(input)}
      return {kind: 'other', type: 'response_item', subtype: `custom_tool_call:${name ?? '?'}`}
    }
    case 'local_shell_call': {
      const action = payload['action']
      const argv = isObject(action) ? strArray(action['command']) : undefined
      if (!argv) return new Unrecognised('local_shell_call without action.command')
      const workdir = isObject(action) ? str(action['working_directory']) : undefined
      return {kind: 'command_call', callId: callId ?? str(payload['id']), tool: 'local_shell_call', argv, ...(workdir ? {workdir} : {})}
    }
    case 'function_call_output':
    case 'custom_tool_call_output':
    case 'local_shell_call_output': {
      const text = outputText(payload['output'])
      if (text === undefined) return new Unrecognised(`${itemType} without a readable output`)
      return toolOutput(callId, text)
    }
    case undefined:
      return undefined
    default:
      return {kind: 'other', type: 'response_item', subtype: itemType}
  }
}

function parseEventMsg(payload: JsonObject): Parsed {
  const msgType = str(payload['type'])
  switch (msgType) {
    case 'item_completed': {
      const item = payload['item']
      if (!isObject(item)) return new Unrecognised('item_completed without an item')
      const itemType = str(item['type'])
      if (itemType === 'CommandExecution') {
        const argv = strArray(item['command'])
        const script = argv ? undefined : str(item['command'])
        if (!argv && script === undefined) return new Unrecognised('CommandExecution without a command')
        const output = str(item['aggregated_output'])
        const exitCode = num(item['exit_code'])
        return {
          kind: 'command_completed',
          callId: str(item['id']),
          ...(argv ? {argv} : {script}),
          cwd: fileUriToPath(str(item['cwd'])),
          exitCode,
          status: str(item['status']),
          parsedCmd: parsedCommand(item['parsed_cmd']),
          output,
          blocked: output !== undefined ? sandboxBlock(output) : undefined,
        }
      }
      if (itemType === 'FileChange') {
        const changes = item['changes']
        if (!isObject(changes)) return new Unrecognised('FileChange without a changes map')
        return {
          kind: 'file_change',
          callId: str(item['id']),
          changes: Object.entries(changes).map(([path, change]) => ({path, type: (isObject(change) && str(change['type'])) || 'update'})),
          status: str(item['status']),
        }
      }
      return {kind: 'other', type: 'event_msg', subtype: `item_completed:${itemType ?? '?'}`}
    }
    case 'token_count': {
      const info = payload['info']
      const total = isObject(info) && isObject(info['total_token_usage']) ? num(info['total_token_usage']['total_tokens']) : undefined
      return {kind: 'token_count', totalTokens: total, cumulative: true}
    }
    case 'patch_apply_end': {
      // Older Codex: {call_id, stdout, stderr, success, changes?}.
      const changes = isObject(payload['changes'])
        ? Object.entries(payload['changes']).map(([path, change]) => ({path, type: (isObject(change) && (str(change['type']) ?? Object.keys(change)[0])) || 'update'}))
        : []
      return {kind: 'file_change', callId: str(payload['call_id']), changes, status: payload['success'] === false ? 'failed' : 'completed'}
    }
    case undefined:
      return undefined
    default:
      return {kind: 'other', type: 'event_msg', subtype: msgType}
  }
}

function parseExecJson(type: string, value: JsonObject): Exclude<RolloutRecord, UnknownRecord> | undefined {
  if (type === 'thread.started') return {kind: 'session_meta', id: str(value['thread_id'])}
  if (type === 'turn.completed') {
    const usage = value['usage']
    if (!isObject(usage)) return {kind: 'token_count', cumulative: false}
    const total = num(usage['total_tokens']) ?? (num(usage['input_tokens']) ?? 0) + (num(usage['output_tokens']) ?? 0)
    return {kind: 'token_count', totalTokens: total, cumulative: false}
  }
  if (type === 'item.completed') {
    const item = value['item']
    if (!isObject(item)) return undefined
    if (item['type'] === 'command_execution') {
      const output = str(item['aggregated_output'])
      return {
        kind: 'command_completed',
        callId: str(item['id']),
        script: str(item['command']) ?? '',
        exitCode: num(item['exit_code']),
        status: str(item['status']),
        parsedCmd: [],
        output,
        blocked: output !== undefined ? sandboxBlock(output) : undefined,
      }
    }
    if (item['type'] === 'file_change' && Array.isArray(item['changes'])) {
      return {
        kind: 'file_change',
        callId: str(item['id']),
        changes: item['changes'].filter(isObject).map((change) => ({path: str(change['path']) ?? '', type: str(change['kind']) ?? 'update'})),
        status: str(item['status']),
      }
    }
    return {kind: 'other', type, subtype: str(item['type'])}
  }
  return {kind: 'other', type}
}

/** function_call arguments are a JSON string; some producers inline the object. */
function parseArguments(value: Json | undefined): JsonObject | undefined {
  if (isObject(value)) return value
  if (typeof value !== 'string') return undefined
  try {
    const parsed: unknown = JSON.parse(value)
    return isObject(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

/** Tool output is text, or {content, success}, or a list of content items, depending on version. */
function outputText(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value
  if (isObject(value)) return str(value['content']) ?? outputText(value['output'])
  if (Array.isArray(value)) {
    const texts = value.filter(isObject).map((item) => str(item['text']) ?? '')
    return texts.join('')
  }
  return undefined
}

function parsedCommand(value: Json | undefined): ParsedCommandPart[] {
  if (!Array.isArray(value)) return []
  return value.filter(isObject).map((part) => ({
    type: str(part['type']) ?? 'unknown',
    ...(str(part['cmd']) !== undefined ? {cmd: str(part['cmd'])} : {}),
    ...(str(part['name']) !== undefined ? {name: str(part['name'])} : {}),
    ...(str(part['path']) !== undefined ? {path: str(part['path'])} : {}),
  }))
}

function fileUriToPath(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined
  if (!uri.startsWith('file://')) return uri
  try {
    return fileURLToPath(uri)
  } catch {
    return uri.slice('file://'.length)
  }
}

function toolOutput(callId: string | undefined, text: string): ToolOutputRecord {
  let output = text
  let exitCode: number | undefined
  // Older "shell" tool: the output is itself JSON {"output": "...", "metadata": {"exit_code": 0}}.
  if (text.startsWith('{')) {
    const inner = parseArguments(text)
    if (inner && typeof inner['output'] === 'string') {
      output = inner['output']
      const metadata = inner['metadata']
      if (isObject(metadata)) exitCode = num(metadata['exit_code'])
    }
  }
  if (exitCode === undefined) {
    const match = /^Process exited with code (-?\d+)$/m.exec(output) ?? /^Exit code: (-?\d+)$/m.exec(output)
    if (match) exitCode = Number(match[1])
  }
  const blocked = detectBlock(output)
  return {kind: 'tool_output', callId, output, ...(exitCode !== undefined ? {exitCode} : {}), ...(blocked ? {blocked} : {})}
}
