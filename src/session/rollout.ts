// Codex rollout transcripts ($CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl): a line parser that
// never throws, a joiner that pairs tool calls with their results by call_id, a light command
// classifier (network, sensitive reads, credential commands), secret scrubbing for log text, a
// tailer that follows a growing file, and discovery of the rollout a wrapped session writes.
// Shapes are those of Codex 0.169 plus the older ones still found in real rollouts
// (shared/docs/codex-reference.md §3). Kept free of heavy imports: minimatch and unbash.
import {closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync} from 'node:fs'
import {homedir} from 'node:os'
import {basename, dirname, isAbsolute, join, normalize, relative, resolve, sep} from 'node:path'
import {StringDecoder} from 'node:string_decoder'
import {fileURLToPath} from 'node:url'
import * as zlib from 'node:zlib'
import {Minimatch} from 'minimatch'
import {expandHome} from '../codex/permissions.js'
import {COMMAND_RULES} from '../policy/catalogue.js'
import type {EffectivePolicy, ProfiledCommandRule} from '../policy/effective.js'
import {overlaps, type SensitiveMatch, SensitivePathMatcher} from '../policy/sensitive.js'
import type {CommandCategory, CredentialKind, Scope} from '../policy/types.js'
import {redact, redactText} from '../report/redact.js'
import {shellQuote} from '../util/shell.js'
import {analyzeShell} from './hook/shell.js'

export type Json = null | boolean | number | string | Json[] | {[key: string]: Json}
type JsonObject = {[key: string]: Json}

// ---------------------------------------------------------------------------------------------
// Records

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

export type PatchOperation = 'add' | 'update' | 'delete' | 'move'

export interface PatchFile {
  path: string
  op: PatchOperation
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
          return {kind: 'patch_call', callId, patch, files: patchFiles(patch)}
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
      if (name === 'apply_patch' && input !== undefined) return {kind: 'patch_call', callId, patch: input, files: patchFiles(input)}
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
      const changes = isObject(payload['changes']) ? Object.entries(payload['changes']).map(([path, change]) => ({path, type: (isObject(change) && (str(change['type']) ?? Object.keys(change)[0])) || 'update'})) : []
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

/** Files named in an apply_patch envelope ("*** Add File: x", "*** Update File: y", "*** Move to: z"). */
export function patchFiles(patch: string): PatchFile[] {
  const files: PatchFile[] = []
  for (const line of patch.split('\n')) {
    const match = /^\*\*\* (Add File|Update File|Delete File|Move to): (.+?)\s*$/.exec(line)
    if (!match) continue
    const op: PatchOperation = match[1] === 'Add File' ? 'add' : match[1] === 'Delete File' ? 'delete' : match[1] === 'Move to' ? 'move' : 'update'
    files.push({path: match[2]!, op})
  }
  return files
}

// ---------------------------------------------------------------------------------------------
// Tool output: exit codes and blocked actions

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

/**
 * Recognises the three ways a command is stopped: an exec-policy rule (Codex's "rejected:"
 * message), a PreToolUse hook, or the sandbox (EACCES / EPERM / read-only mount in the output).
 */
export function detectBlock(output: string): BlockInfo | undefined {
  const text = output.trimStart()
  if (text.startsWith('exec_command failed') || /^(?:execution error|exec failed)\b/i.test(text)) {
    const rejected = /rejected: ([\s\S]*)$/.exec(text)
    if (rejected) {
      // `…rejected: <justification>\")" }` — drop the Debug-format closing of the Rust error.
      const reason = rejected[1]!.replace(/\\?"\)"?\s*\}?\s*$/, '').trim()
      const command = /`([^`]+)` rejected:/.exec(text)?.[1]
      return {by: 'rule', reason: reason.replace(/\\"/g, '"'), ...(command ? {command} : {})}
    }
  }
  // apply_patch refused before running: "patch rejected: writing is blocked by read-only sandbox; …".
  const patch = /^patch rejected: (.*)/.exec(text)
  if (patch) return {by: /sandbox/.test(patch[1]!) ? 'sandbox' : 'approval', reason: patch[1]!.trim()}
  const hook = /^Command blocked by PreToolUse hook: ([\s\S]*?)(?:\. Command: ([\s\S]*))?$/.exec(text)
  if (hook) return {by: 'hook', reason: hook[1]!.trim(), ...(hook[2] !== undefined ? {command: hook[2].trim()} : {})}
  return sandboxBlock(output)
}

const SANDBOX_DENIALS = /Permission denied|Operation not permitted|Read-only file system/

function sandboxBlock(output: string): BlockInfo | undefined {
  if (!SANDBOX_DENIALS.test(output)) return undefined
  const line = output.split('\n').find((candidate) => SANDBOX_DENIALS.test(candidate)) ?? ''
  return {by: 'sandbox', reason: line.trim().slice(0, 300)}
}

// ---------------------------------------------------------------------------------------------
// Joining calls with their results

export interface CommandActivity {
  callId?: string
  tool: CommandTool
  script?: string
  argv?: string[]
  /** Human-readable command line (script, or argv joined). */
  display: string
  cwd?: string
  exitCode?: number
  status?: string
  parsedCmd: ParsedCommandPart[]
  output?: string
  blocked?: BlockInfo
  escalated?: boolean
  justification?: string
  timestamp?: string
  /** false when the session ended before Codex wrote the result. */
  completed: boolean
}

export interface PatchActivity {
  callId?: string
  files: PatchFile[]
  /** Absolute paths from FileChange / patch_apply_end, when present. */
  changes: {path: string; type: string}[]
  status?: string
  exitCode?: number
  blocked?: BlockInfo
  timestamp?: string
  completed: boolean
}

export type RolloutActivity =
  | {type: 'session'; meta: SessionMetaRecord}
  | {type: 'posture'; context: TurnContextRecord}
  | {type: 'command'; command: CommandActivity}
  | {type: 'patch'; patch: PatchActivity}
  | {type: 'tokens'; total: number}
  | {type: 'unknown'; record: UnknownRecord}

type Pending = {kind: 'command'; activity: CommandActivity} | {kind: 'patch'; activity: PatchActivity}

/**
 * Pairs each call with its CommandExecution / FileChange item and its output (same call_id).
 * A command is reported when its output arrives (Codex writes it last), an orphan completion
 * (no call seen, e.g. a user shell command or `exec --json`) at once, and anything still open
 * by flush().
 */
export class RolloutJoiner {
  private readonly pending = new Map<string, Pending>()
  private anonymous = 0
  private tokens: number | undefined
  private turnTokens = 0
  private lastPosture: string | undefined
  meta: SessionMetaRecord | undefined

  push(record: RolloutRecord): RolloutActivity[] {
    switch (record.kind) {
      case 'session_meta':
        this.meta = {...this.meta, ...definedFields(record), kind: 'session_meta'}
        return [{type: 'session', meta: record}]
      case 'turn_context': {
        // Every turn repeats the context; report it only when the posture changes.
        const key = JSON.stringify([record.approvalPolicy, record.sandboxPolicy, record.permissionProfile, record.activeProfile, record.fileSystemSandboxPolicy])
        if (key === this.lastPosture) return []
        this.lastPosture = key
        return [{type: 'posture', context: record}]
      }
      case 'command_call': {
        const activity: CommandActivity = {
          callId: record.callId,
          tool: record.tool,
          script: record.script,
          argv: record.argv,
          display: record.script ?? displayArgv(record.argv ?? []),
          cwd: record.workdir,
          parsedCmd: [],
          escalated: record.escalated,
          justification: record.justification,
          timestamp: record.timestamp,
          completed: false,
        }
        return this.open({kind: 'command', activity})
      }
      case 'patch_call':
        return this.open({kind: 'patch', activity: {callId: record.callId, files: record.files, changes: [], timestamp: record.timestamp, completed: false}})
      case 'command_completed': {
        const found = record.callId ? this.pending.get(record.callId) : undefined
        const activity: CommandActivity =
          found?.kind === 'command'
            ? found.activity
            : {callId: record.callId, tool: record.script !== undefined ? 'exec_json' : 'exec_command', display: '', parsedCmd: [], timestamp: record.timestamp, completed: false}
        if (record.argv) activity.argv = record.argv
        if (record.script !== undefined && activity.script === undefined) activity.script = record.script
        activity.display = activity.script ?? displayArgv(activity.argv ?? [])
        if (record.cwd) activity.cwd = record.cwd
        activity.exitCode = record.exitCode ?? activity.exitCode
        activity.status = record.status
        activity.parsedCmd = record.parsedCmd
        activity.output = record.output
        activity.blocked = activity.blocked ?? record.blocked
        activity.completed = true
        if (found) return []
        return [{type: 'command', command: activity}]
      }
      case 'file_change': {
        const found = record.callId ? this.pending.get(record.callId) : undefined
        if (found?.kind === 'patch') {
          found.activity.changes = record.changes
          found.activity.status = record.status
          return []
        }
        const files = record.changes.map((change) => ({path: change.path, op: patchOp(change.type)}))
        return [{type: 'patch', patch: {callId: record.callId, files, changes: record.changes, status: record.status, timestamp: record.timestamp, completed: true}}]
      }
      case 'tool_output': {
        const found = record.callId ? this.pending.get(record.callId) : undefined
        if (!found) return []
        this.pending.delete(record.callId!)
        const activity = found.activity
        activity.completed = true
        activity.exitCode = activity.exitCode ?? record.exitCode
        // The rule/hook verdict in the output is authoritative; a sandbox denial already found in
        // the aggregated output stays.
        if (record.blocked && (record.blocked.by !== 'sandbox' || !activity.blocked)) activity.blocked = record.blocked
        if (found.kind === 'command') {
          found.activity.output = found.activity.output ?? record.output
          return [{type: 'command', command: found.activity}]
        }
        return [{type: 'patch', patch: found.activity}]
      }
      case 'token_count': {
        if (record.totalTokens === undefined) return []
        if (!record.cumulative) this.turnTokens += record.totalTokens
        // Thread totals only grow; max() keeps token_count and token_usage_record from see-sawing.
        const total = record.cumulative ? Math.max(record.totalTokens, this.tokens ?? 0) : this.turnTokens
        if (total === this.tokens) return []
        this.tokens = total
        return [{type: 'tokens', total}]
      }
      case 'unknown':
        return [{type: 'unknown', record}]
      default:
        return []
    }
  }

  /** Reports calls whose results never arrived (the session ended or was killed). */
  flush(): RolloutActivity[] {
    const out: RolloutActivity[] = []
    for (const item of this.pending.values()) {
      out.push(item.kind === 'command' ? {type: 'command', command: item.activity} : {type: 'patch', patch: item.activity})
    }
    this.pending.clear()
    return out
  }

  get totalTokens(): number | undefined {
    return this.tokens
  }

  private open(item: Pending): RolloutActivity[] {
    const id = item.activity.callId ?? `anonymous-${++this.anonymous}`
    this.pending.set(id, item)
    if (!item.activity.callId) item.activity.callId = id
    return []
  }
}

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>
}

function patchOp(type: string): PatchOperation {
  return type === 'add' || type === 'delete' || type === 'move' ? type : 'update'
}

function displayArgv(argv: string[]): string {
  return argv.map((word) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`)).join(' ')
}

// ---------------------------------------------------------------------------------------------
// Sensitive paths (shared with the file and trace monitors)

export interface SensitiveHit {
  /** The absolute path that matched. */
  path: string
  entryId: string
  scope: Scope
  credential: CredentialKind
  /** For home entries: the expanded catalogue location; for project entries: the glob. */
  pattern: string
  /** Only a detect pattern matched: the Codex profile has no deny entry for it. */
  detectOnly: boolean
}

export interface HomeLocation {
  path: string
  entryId: string
  credential: CredentialKind
}

export interface SensitiveLocationOptions {
  /** The workspace root project globs are relative to. */
  root: string
  home?: string
  /** $CODEX_HOME when it is not ~/.codex: the ~/.codex entries then also apply there. */
  codexHome?: string
}

const SYSTEM_TREES = ['/usr/', '/lib/', '/lib32/', '/lib64/', '/proc/', '/sys/', '/dev/', '/run/', '/snap/', '/nix/store/', '/etc/ssl/', '/etc/pki/', '/etc/ca-certificates/', '/System/', '/Library/', '/opt/homebrew/']

/**
 * The policy's SensitivePathMatcher (src/policy/sensitive.ts) for absolute paths seen by the
 * monitors, plus what they need on top: the list of home locations to watch, $CODEX_HOME when
 * it is not ~/.codex, the detect-only flag, and no matches in system trees (CA bundles are
 * *.pem, distribution keys *.key: traced programs open them constantly, and they are nobody's
 * credential).
 */
export class SensitiveLocations {
  private readonly matcher: SensitivePathMatcher
  private readonly codexAlias: {from: string; to: string} | undefined
  private readonly codexAliasOverlapsRoot: boolean
  readonly root: string
  readonly home: string
  readonly homeLocations: HomeLocation[] = []

  constructor(policy: EffectivePolicy, options: SensitiveLocationOptions) {
    this.root = resolve(options.root)
    this.home = options.home ?? homedir()
    this.matcher = new SensitivePathMatcher(policy, this.root, this.home)
    const defaultCodexHome = join(this.home, '.codex')
    const codexHome = options.codexHome ? resolve(options.codexHome) : defaultCodexHome
    this.codexAlias = codexHome !== defaultCodexHome ? {from: codexHome, to: defaultCodexHome} : undefined
    this.codexAliasOverlapsRoot = this.codexAlias !== undefined && overlaps(this.codexAlias.from, this.root)
    for (const entry of policy.sensitivePaths) {
      if (entry.scope !== 'home' || !entry.actions.includes('deny-read')) continue
      for (const pattern of entry.patterns) {
        const path = normalize(expandHome(pattern, this.home))
        this.homeLocations.push({path, entryId: entry.id, credential: entry.credential})
        if (this.codexAlias && (path === defaultCodexHome || path.startsWith(defaultCodexHome + sep))) {
          this.homeLocations.push({path: join(codexHome, relative(defaultCodexHome, path)), entryId: entry.id, credential: entry.credential})
        }
      }
    }
  }

  match(absolutePath: string): SensitiveHit | undefined {
    const path = normalize(absolutePath)
    let probe = path
    if (this.codexAlias && (path === this.codexAlias.from || path.startsWith(this.codexAlias.from + sep))) {
      probe = join(this.codexAlias.to, relative(this.codexAlias.from, path))
    }
    const rel = relative(this.root, probe)
    if (rel.startsWith('..') || isAbsolute(rel)) {
      if (SYSTEM_TREES.some((prefix) => probe.startsWith(prefix))) return undefined
    }
    const found = this.matcher.match(probe, this.root)
    if (!found) return undefined
    const pattern = probe === path ? found.pattern : join(this.codexAlias!.from, relative(this.codexAlias!.to, found.pattern))
    return hitOf(found, path, pattern)
  }

  /** match() for a normalised absolute path inside the root, with its root-relative form (the file monitor's hot path). */
  matchInWorkspace(absolutePath: string, rel: string): SensitiveHit | undefined {
    // $CODEX_HOME inside the workspace (or the workspace inside it) needs the alias rewrite.
    if (this.codexAliasOverlapsRoot) return this.match(absolutePath)
    const found = this.matcher.matchInProject(absolutePath, rel)
    return found ? hitOf(found, absolutePath, found.pattern) : undefined
  }
}

function hitOf(found: SensitiveMatch, path: string, pattern: string): SensitiveHit {
  const scope = found.entry.scope
  const detectOnly = scope === 'project' && (found.entry.detectPatterns ?? []).includes(found.pattern)
  return {path, entryId: found.entry.id, scope, credential: found.entry.credential, pattern, detectOnly}
}

// ---------------------------------------------------------------------------------------------
// Command classification

export interface CommandClassification {
  networkAttempt?: {host?: string}
  /** Every network destination seen (the first is networkAttempt.host). */
  hosts?: string[]
  sensitiveRead?: string[]
  /** Catalogue matches for sensitiveRead, same order. */
  sensitiveMatches?: SensitiveHit[]
  credentialCommand?: boolean
  /** Ids of the credential / env-dump command rules that matched. */
  credentialRules?: string[]
}

export interface ClassifyOptions {
  /** Workspace root for project globs (default: cwd). */
  root?: string
  home?: string
  codexHome?: string
  /** CommandExecution.parsed_cmd: Codex's own read detection, used in addition. */
  parsedCmd?: ParsedCommandPart[]
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish'])
/** Commands that touch a path without reading its content. */
const NON_READING = new Set(['rm', 'rmdir', 'touch', 'mkdir', 'chmod', 'chown', 'chgrp', 'ls', 'stat', 'test', '[', '[[', 'ln', 'mv', 'echo', 'printf', 'cd', 'pushd', 'realpath', 'readlink', 'basename', 'dirname', 'which', 'type'])
const INTERPRETER_CODE_FLAGS: Record<string, string[]> = {
  python: ['-c'],
  python3: ['-c'],
  node: ['-e', '--eval', '-p', '--print'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  php: ['-r'],
  deno: ['eval'],
  bun: ['-e', '--eval'],
}
const URL_PATTERN = /\b(?:https?|ftps?|wss?|ssh|git|sftp|scp|rsync|telnet|ldaps?|smtps?|imaps?|mqtts?|redis|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|amqps?):\/\/(?:[^\s/@'"`]*@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)/g
const NETWORK_CATEGORIES: CommandCategory[] = ['egress', 'dns']
const CREDENTIAL_CATEGORIES: CommandCategory[] = ['credential', 'env-dump']
const GIT_NETWORK = new Set(['clone', 'fetch', 'pull', 'push', 'ls-remote', 'archive'])

/** Programs that reach the network, from the catalogue's egress and DNS rules (first token). */
const NETWORK_PROGRAMS: Set<string> = new Set(
  COMMAND_RULES.filter((rule) => NETWORK_CATEGORIES.includes(rule.category)).flatMap((rule) => {
    const first = rule.pattern[0]
    return first === undefined ? [] : Array.isArray(first) ? first : [first]
  }),
)

const classifierCache = new WeakMap<EffectivePolicy, Map<string, SensitiveLocations>>()

function matcherFor(policy: EffectivePolicy, options: SensitiveLocationOptions): SensitiveLocations {
  const byRoot = classifierCache.get(policy) ?? new Map<string, SensitiveLocations>()
  classifierCache.set(policy, byRoot)
  const key = `${options.root}\0${options.home ?? ''}\0${options.codexHome ?? ''}`
  const matcher = byRoot.get(key) ?? new SensitiveLocations(policy, options)
  byRoot.set(key, matcher)
  return matcher
}

/**
 * Classifies a shell script or argv as Codex ran it: network destinations (URLs and the
 * arguments of curl/wget/nc/ssh/scp/dig…), catalogue-sensitive paths among the arguments and
 * input redirections (PathClassifier + home entries), and credential / env-dump commands from
 * COMMAND_RULES. The shell is parsed by the PreToolUse hook's analysis (hook/shell.ts, unbash), so
 * the transcript and the hook read a command the same way.
 */
export function classifyCommand(command: string | string[], cwd: string, policy: EffectivePolicy, options: ClassifyOptions = {}): CommandClassification {
  const home = options.home ?? homedir()
  const matcher = matcherFor(policy, {root: options.root ?? cwd, home, codexHome: options.codexHome})
  const hosts: string[] = []
  let network = false
  const reads = new Map<string, SensitiveHit>()
  const credentialRules = new Set<string>()
  const rules = policy.commandRules.filter((rule) => CREDENTIAL_CATEGORIES.includes(rule.category))

  const addHost = (host: string | undefined) => {
    network = true
    if (host && !hosts.includes(host)) hosts.push(host)
  }
  const checkPath = (word: string, base: string) => {
    // curl/httpie file arguments: -d @file, -F name=@file.
    const attached = /^(?:[^=@\s]*=)?@(.+)$/.exec(word)?.[1]
    for (const path of candidatePaths(attached ?? word, base, home)) {
      const match = matcher.match(path)
      if (match && !reads.has(match.path)) reads.set(match.path, match)
    }
  }

  // The hook's shell analysis (unbash): nested sh -c / eval, substitutions, wrappers, compound
  // redirections, variables and globs, each command with the directory it runs in after `cd`.
  const cdBase = resolve(cwd)
  const script = typeof command === 'string' ? command : command.map((word) => shellQuote(word)).join(' ')
  for (const url of script.matchAll(URL_PATTERN)) addHost(url[1]!.replace(/^\[|\]$/g, ''))
  for (const simple of analyzeShell(script, {cwd: cdBase, home}).commands) {
    const base = simple.cwd
    for (const redirect of simple.redirects) if (redirect.operator === '<' || redirect.operator === '<>') checkPath(redirect.target, base)
    // The launched command is recorded on its own right after its launcher.
    if (simple.launcher || simple.argv.length === 0) continue
    const argv = simple.argv
    const program = basename(argv[0]!)
    if (SHELLS.has(program)) {
      // `bash script.sh` reads the script; a `-c` script was analysed as commands of its own.
      if (!argv.some((word, index) => index > 0 && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(word))) for (const word of argv.slice(1)) if (!word.startsWith('-')) checkPath(word, base)
      continue
    }
    if (program === 'eval' || program === 'cd' || program === 'pushd') continue
    for (const rule of rules) if (matchesRule(rule, argv)) credentialRules.add(rule.id)
    networkOf(program, argv, addHost)
    const codeFlags = INTERPRETER_CODE_FLAGS[program.replace(/\d+(\.\d+)*$/, '')] ?? INTERPRETER_CODE_FLAGS[program]
    if (codeFlags) {
      const index = argv.findIndex((word) => codeFlags.includes(word))
      const code = index >= 0 ? argv[index + 1] : undefined
      if (code !== undefined) for (const literal of code.matchAll(/["']([^"'\s]{1,300})["']/g)) checkPath(literal[1]!, base)
    }
    if (NON_READING.has(program)) continue
    // Every value each argument can take (globs expanded), not the redirection targets.
    const targets = new Set(simple.redirects.map((redirect) => redirect.target))
    for (const word of simple.words.filter((value) => !targets.has(value))) {
      if (word.startsWith('-')) {
        const value = /^--?[A-Za-z0-9-]+=(.+)$/.exec(word)?.[1]
        if (value) checkPath(value, base)
        continue
      }
      checkPath(word, base)
    }
  }
  for (const part of options.parsedCmd ?? []) {
    if (part.type === 'read' && part.path) checkPath(part.path, cdBase)
  }
  const result: CommandClassification = {}
  if (network) {
    result.networkAttempt = hosts[0] ? {host: hosts[0]} : {}
    result.hosts = hosts
  }
  if (reads.size > 0) {
    result.sensitiveMatches = [...reads.values()]
    result.sensitiveRead = result.sensitiveMatches.map((match) => match.path)
  }
  if (credentialRules.size > 0) {
    result.credentialCommand = true
    result.credentialRules = [...credentialRules]
  }
  return result
}


/** Prefix match of a catalogue rule against argv, on the program's basename like Codex's host_executable. */
function matchesRule(rule: ProfiledCommandRule, argv: string[]): boolean {
  const words = [basename(argv[0]!), ...argv.slice(1)]
  if (words.length < rule.pattern.length) return false
  for (const [index, token] of rule.pattern.entries()) {
    const word = words[index]!
    if (Array.isArray(token) ? !token.includes(word) : token !== word) return false
  }
  if (rule.category === 'env-dump' && words[0] !== 'printenv') {
    // `env CMD`, `export A=1` and `set -e` are not dumps; only the bare forms (or -p) print values.
    return words.slice(rule.pattern.length).every((word) => word === '-p' || (words[0] !== 'set' && /^-[0-9A-Za-z]+$/.test(word)))
  }
  return true
}

function networkOf(program: string, argv: string[], addHost: (host: string | undefined) => void): void {
  const positional = argv.slice(1).filter((word) => !word.startsWith('-'))
  if (program === 'git') {
    const sub = argv.slice(1).find((word) => !word.startsWith('-'))
    if (sub && GIT_NETWORK.has(sub)) {
      const remote = argv.slice(argv.indexOf(sub) + 1).find((word) => /^[^\s/]+@[^\s:]+:/.test(word))
      addHost(remote ? remote.replace(/^[^@]+@/, '').split(':')[0] : undefined)
    }
    return
  }
  if (!NETWORK_PROGRAMS.has(program)) return
  const hostLike = (word: string) => /^(?:\[[0-9a-fA-F:]+\]|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|localhost)(?::\d+)?$/.test(word)
  const stripPort = (word: string) => word.replace(/^\[|\](?::\d+)?$/g, '').replace(/:\d+$/, '')
  switch (program) {
    case 'ssh':
    case 'sftp':
    case 'ftp':
    case 'lftp':
    case 'telnet':
    case 'nc':
    case 'ncat':
    case 'netcat': {
      const withValue = new Set(['-p', '-i', '-l', '-o', '-F', '-J', '-L', '-R', '-D', '-b', '-c', '-e', '-m', '-O', '-S', '-W', '-w', '-E', '-B', '-P', '-s', '-x', '-q'])
      const args = argv.slice(1)
      for (let index = 0; index < args.length; index++) {
        const word = args[index]!
        if (word.startsWith('-')) {
          if (withValue.has(word)) index++
          continue
        }
        addHost(stripPort(word.replace(/^[^@]*@/, '')))
        return
      }
      addHost(undefined)
      return
    }
    case 'scp':
    case 'rsync':
    case 'rclone': {
      const remote = positional.find((word) => /^(?:[^\s/@]+@)?[^\s/:]+:/.test(word) && !/^[A-Za-z]:\\/.test(word))
      if (remote) addHost(remote.replace(/^[^@]*@/, '').split(':')[0])
      else if (program === 'scp') addHost(undefined)
      return
    }
    case 'socat':
      for (const word of positional) {
        const match = /^(?:TCP|UDP|TCP4|TCP6|UDP4|UDP6|OPENSSL|SSL)[^:]*:([^:,]+)/i.exec(word)
        if (match) addHost(match[1])
      }
      return
    case 'openssl': {
      if (argv[1] !== 's_client') return
      const connect = argv[argv.indexOf('-connect') + 1]
      addHost(argv.includes('-connect') && connect ? stripPort(connect) : undefined)
      return
    }
    case 'dig':
    case 'nslookup':
    case 'host':
    case 'drill':
    case 'resolvectl': {
      const name = positional.find((word) => !word.startsWith('@') && word !== 'query' && hostLike(word))
      addHost(name)
      return
    }
    default: {
      // curl, wget, http, xh, aria2c…: URLs are picked up by the script scan. A bare host counts
      // only where it cannot be an option's value (`-o out.txt`), i.e. after a boolean flag cluster.
      const args = argv.slice(1)
      const host = args.find((word, index) => {
        const previous = index > 0 ? args[index - 1]! : ''
        return hostLike(word) && (!previous.startsWith('-') || /^-[sSLkvfiIq46]+$/.test(previous))
      })
      addHost(host ? stripPort(host) : undefined)
    }
  }
}

function expandWord(word: string, base: string, home: string): string {
  let out = word
  if (out === '~' || out.startsWith('~/')) out = home + out.slice(1)
  out = out.replace(/^\$\{?HOME\}?(?=\/|$)/, home).replace(/^\$\{?PWD\}?(?=\/|$)/, base)
  return out
}

const GLOB_CHARS = /[*?[]/

/** The absolute paths a word may name: expanded ~/$HOME/$PWD; a glob in the last segment is listed like the shell would. */
function candidatePaths(word: string, base: string, home: string): string[] {
  if (word === '' || word.length > 4096 || word.includes('\0') || /^[a-z][a-z0-9+.-]*:\/\//i.test(word)) return []
  const expanded = expandWord(word, base, home)
  if (expanded.includes('$')) return []
  const absolute = resolve(base, expanded)
  if (!GLOB_CHARS.test(basename(expanded)) || GLOB_CHARS.test(dirname(expanded))) return [absolute]
  try {
    const pattern = new Minimatch(basename(expanded))
    const dir = dirname(absolute)
    const found = readdirSync(dir)
      .filter((name) => pattern.match(name))
      .slice(0, 1000)
      .map((name) => join(dir, name))
    return found.length > 0 ? found : [absolute]
  } catch {
    return [absolute]
  }
}

// ---------------------------------------------------------------------------------------------
// Secrets in transcript text

export interface SecretHit {
  kind: string
  /** Redacted (prefix and length only). */
  redacted: string
}

function envNameMatchers(policy: EffectivePolicy): RegExp[] {
  return policy.envExclude.map((glob) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i'))
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*["']?([^\s"']{6,})["']?\s*$/
const PLACEHOLDER = /^(?:x+|\*+|changeme|placeholder|example|your[-_].*|<.*>|\$\{?.*)$/i

/**
 * `NAME=value` lines whose NAME the policy treats as secret (its env-exclude patterns), as
 * printed by `cat .env` or `env`. Token shapes are secretlint's job (src/detect/secrets).
 */
export function findSecretAssignments(text: string, policy: EffectivePolicy): SecretHit[] {
  const hits: SecretHit[] = []
  const names = envNameMatchers(policy)
  for (const line of text.split('\n').slice(0, 5000)) {
    const match = ASSIGNMENT.exec(line)
    if (!match) continue
    const name = match[1]!
    const value = match[2]!
    if (policy.safeEnvNames.includes(name) || !names.some((pattern) => pattern.test(name)) || PLACEHOLDER.test(value)) continue
    hits.push({kind: `variable ${name}`, redacted: redact(value)})
  }
  return hits
}

/** Text for audit messages: token shapes and secret-named assignments (policy patterns) redacted. */
export function scrubSecrets(text: string, policy: EffectivePolicy): string {
  const names = envNameMatchers(policy)
  return redactText(text).replace(/\b([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|]+)/g, (whole, name: string, value: string) => {
    if (value.includes('…[redacted') || policy.safeEnvNames.includes(name) || !names.some((pattern) => pattern.test(name))) return whole
    const bare = value.replace(/^["']|["']$/g, '')
    return bare.length < 4 ? whole : `${name}=${redact(bare)}`
  })
}

// ---------------------------------------------------------------------------------------------
// Following a growing file

export interface FileTailerOptions {
  /** Poll interval; Codex flushes a line per event, so a quarter second is timely enough. */
  pollMs?: number
  onLine: (line: string) => void
  /** One-off conditions worth telling the user (e.g. unsupported compression). */
  onNotice?: (message: string) => void
  onError?: (error: Error) => void
}

const READ_CHUNK = 1 << 20

const zstdDecompressSync = (zlib as unknown as {zstdDecompressSync?: (buffer: Buffer) => Buffer}).zstdDecompressSync

/**
 * Follows a file as it grows, by polling fs.stat and reading only the new bytes. A trailing
 * partial line waits for its newline (and is flushed by stop()); a file that shrinks or is
 * replaced (new inode) is read again from the start. `.jsonl.zst` files are decompressed where
 * Node has zstd (≥ 22.15) and reported once as unsupported elsewhere.
 */
export class FileTailer {
  private readonly pollMs: number
  private timer: NodeJS.Timeout | undefined
  private position = 0
  private inode: number | undefined
  private partial = ''
  private decoder = new StringDecoder('utf8')
  private stopped = false
  private noticed = false
  private zstdLines = 0
  readonly compressed: boolean

  constructor(
    readonly file: string,
    private readonly options: FileTailerOptions,
  ) {
    this.pollMs = options.pollMs ?? 250
    this.compressed = file.endsWith('.zst')
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.position
  }

  start(): this {
    this.poll()
    this.schedule()
    return this
  }

  /** Reads whatever is new now (synchronously). */
  poll(): void {
    if (this.stopped) return
    try {
      if (this.compressed) this.pollCompressed()
      else this.pollPlain()
    } catch (error) {
      this.options.onError?.(error as Error)
    }
  }

  /** Final read, flushes a partial last line, and stops polling. */
  stop(): void {
    if (this.stopped) return
    this.poll()
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const rest = this.partial + this.decoder.end()
    this.partial = ''
    if (rest !== '') this.emit(rest)
  }

  private schedule(): void {
    if (this.stopped) return
    // unref: a forgotten tailer must never keep the process alive.
    this.timer = setTimeout(() => {
      this.poll()
      this.schedule()
    }, this.pollMs)
    this.timer.unref()
  }

  private pollPlain(): void {
    let stats: ReturnType<typeof statSync>
    try {
      stats = statSync(this.file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    if ((this.inode !== undefined && stats.ino !== this.inode) || stats.size < this.position) {
      // Rotated or truncated: the old partial line belongs to the old content.
      this.position = 0
      this.partial = ''
      this.decoder = new StringDecoder('utf8')
    }
    this.inode = stats.ino
    if (stats.size === this.position) return
    const fd = openSync(this.file, 'r')
    try {
      const buffer = Buffer.allocUnsafe(READ_CHUNK)
      for (;;) {
        const read = readSync(fd, buffer, 0, READ_CHUNK, this.position)
        if (read <= 0) break
        this.position += read
        this.consume(this.decoder.write(buffer.subarray(0, read)))
        if (read < READ_CHUNK) break
      }
    } finally {
      closeSync(fd)
    }
  }

  private pollCompressed(): void {
    if (!zstdDecompressSync) {
      if (!this.noticed) this.options.onNotice?.(`compressed rollout not supported on this Node version (${process.version} has no zstd): ${this.file}`)
      this.noticed = true
      return
    }
    if (!existsSync(this.file)) return
    const size = statSync(this.file).size
    if (size === this.position) return
    let text: string
    try {
      text = zstdDecompressSync(readFileSync(this.file)).toString('utf8')
    } catch {
      return // an incomplete frame: try again at the next poll
    }
    this.position = size
    const lines = text.split('\n')
    const complete = text.endsWith('\n') ? lines.slice(0, -1) : lines
    for (const line of complete.slice(this.zstdLines)) this.emit(line)
    this.zstdLines = complete.length
  }

  private consume(text: string): void {
    const lines = (this.partial + text).split('\n')
    this.partial = lines.pop() ?? ''
    for (const line of lines) this.emit(line)
  }

  private emit(line: string): void {
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line
    if (clean === '') return
    try {
      this.options.onLine(clean)
    } catch (error) {
      this.options.onError?.(error as Error)
    }
  }
}

export interface RolloutTailerOptions {
  pollMs?: number
  onRecord: (record: RolloutRecord, line: string) => void
  onNotice?: (message: string) => void
  onError?: (error: Error) => void
  /** Unknown lines kept for inspection (the count is always exact). */
  keepUnknown?: number
}

/** A FileTailer that parses each line as a rollout record and counts what it could not recognise. */
export class RolloutTailer {
  private readonly tailer: FileTailer
  readonly counts = {lines: 0, unknown: 0}
  readonly unknown: UnknownRecord[] = []

  constructor(
    readonly file: string,
    options: RolloutTailerOptions,
  ) {
    const keep = options.keepUnknown ?? 100
    this.tailer = new FileTailer(file, {
      pollMs: options.pollMs,
      onNotice: options.onNotice,
      onError: options.onError,
      onLine: (line) => {
        const record = parseRolloutLine(line)
        this.counts.lines++
        if (record.kind === 'unknown') {
          this.counts.unknown++
          if (this.unknown.length < keep) this.unknown.push(record)
        }
        options.onRecord(record, line)
      },
    })
  }

  start(): this {
    this.tailer.start()
    return this
  }

  poll(): void {
    this.tailer.poll()
  }

  stop(): void {
    this.tailer.stop()
  }
}

// ---------------------------------------------------------------------------------------------
// Finding the rollout of a wrapped session

const FIRST_LINE_LIMIT = 8 << 20

/** The first line of a file (up to 8 MiB; session_meta carries the ~21k-char system prompt), or undefined while it is incomplete. */
function readFirstLine(file: string): string | undefined {
  if (file.endsWith('.zst')) {
    if (!zstdDecompressSync) return undefined
    try {
      const text = zstdDecompressSync(readFileSync(file)).toString('utf8')
      const end = text.indexOf('\n')
      return end < 0 ? undefined : text.slice(0, end)
    } catch {
      return undefined
    }
  }
  const fd = openSync(file, 'r')
  try {
    const chunks: Buffer[] = []
    let total = 0
    const buffer = Buffer.allocUnsafe(64 * 1024)
    while (total < FIRST_LINE_LIMIT) {
      const read = readSync(fd, buffer, 0, buffer.length, total)
      if (read <= 0) return undefined
      const newline = buffer.subarray(0, read).indexOf(10)
      if (newline >= 0) {
        chunks.push(Buffer.from(buffer.subarray(0, newline)))
        return Buffer.concat(chunks).toString('utf8')
      }
      chunks.push(Buffer.from(buffer.subarray(0, read)))
      total += read
    }
    return undefined
  } finally {
    closeSync(fd)
  }
}

function canonical(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return resolve(path)
  }
}

const pad = (value: number) => String(value).padStart(2, '0')

/** sessions/YYYY/MM/DD directories (local and UTC dates) from a day before start to a day after now. */
function dayDirs(sessionsRoot: string, from: Date, to: Date): string[] {
  const dirs = new Set<string>()
  const start = from.getTime() - 86_400_000
  const end = Math.min(to.getTime() + 86_400_000, start + 60 * 86_400_000)
  for (let time = start; time <= end; time += 86_400_000) {
    const day = new Date(time)
    dirs.add(join(sessionsRoot, String(day.getFullYear()), pad(day.getMonth() + 1), pad(day.getDate())))
    dirs.add(join(sessionsRoot, String(day.getUTCFullYear()), pad(day.getUTCMonth() + 1), pad(day.getUTCDate())))
  }
  return [...dirs]
}

/** Every sessions/YYYY/MM/DD directory: a resumed session appends to a rollout of its first day. */
function allDayDirs(sessionsRoot: string): string[] {
  const dirs: string[] = []
  const children = (dir: string) => {
    try {
      return readdirSync(dir).filter((name) => /^\d+$/.test(name))
    } catch {
      return []
    }
  }
  for (const year of children(sessionsRoot)) {
    for (const month of children(join(sessionsRoot, year))) {
      for (const day of children(join(sessionsRoot, year, month))) dirs.push(join(sessionsRoot, year, month, day))
    }
  }
  return dirs
}

/** Remembers first-line verdicts so the rollout monitor's repeated scans read each file once. */
export type RolloutScanCache = Map<string, boolean>

/**
 * Every rollout under $CODEX_HOME/sessions/YYYY/MM/DD/ modified after startedAfter whose
 * session_meta cwd is cwd (compared after realpath), newest first. By default only the days
 * around the start are listed; `allDays` also finds old rollouts that a resumed session
 * (`codex resume`) appends to.
 */
export function findSessionRollouts(codexHome: string, cwd: string, startedAfter: Date, cache: RolloutScanCache = new Map(), options: {allDays?: boolean} = {}): string[] {
  const want = canonical(cwd)
  // mtime granularity and clock skew between the check and Codex's first write.
  const since = startedAfter.getTime() - 2000
  const found: {file: string; mtime: number}[] = []
  const sessionsRoot = join(codexHome, 'sessions')
  const dirs = options.allDays ? allDayDirs(sessionsRoot) : dayDirs(sessionsRoot, startedAfter, new Date())
  for (const dir of dirs) {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      continue
    }
    for (const name of names) {
      if (!name.startsWith('rollout-') || !(name.endsWith('.jsonl') || name.endsWith('.jsonl.zst'))) continue
      const file = join(dir, name)
      let mtime: number
      try {
        mtime = statSync(file).mtimeMs
      } catch {
        continue
      }
      if (mtime < since) continue
      let verdict = cache.get(file)
      if (verdict === undefined) {
        let first: string | undefined
        try {
          first = readFirstLine(file)
        } catch {
          first = undefined
        }
        if (first === undefined) continue // not written yet: look again next time
        const record = parseRolloutLine(first)
        verdict = record.kind === 'session_meta' && record.cwd !== undefined && canonical(record.cwd) === want
        cache.set(file, verdict)
      }
      if (verdict) found.push({file, mtime})
    }
  }
  return found.sort((a, b) => b.mtime - a.mtime).map((entry) => entry.file)
}

/** The newest rollout written for cwd since startedAfter, if Codex has created one yet. */
export function findSessionRollout(codexHome: string, cwd: string, startedAfter: Date): string | undefined {
  return findSessionRollouts(codexHome, cwd, startedAfter)[0]
}
