// Joining rollout tool calls with their results by call_id.
import type {BlockInfo, CommandCompletedRecord, CommandTool, PatchFile, PatchOperation, RolloutRecord, SessionMetaRecord, TurnContextRecord, UnknownRecord} from './records.js'

/** A command call joined with its result: what the completion record says, plus the call's own fields. */
export interface CommandActivity extends Omit<CommandCompletedRecord, 'kind' | 'timestamp'> {
  tool: CommandTool
  /** Human-readable command line (script, or argv joined). */
  display: string
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
