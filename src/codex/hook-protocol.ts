// Codex's lifecycle-hook protocol (codex-reference.md §hooks): the JSON payload a hook gets on
// stdin, the tool names Codex reports, and the reply that denies a PreToolUse call.
import {shellQuote} from '../util/shell.js'

export interface HookPayload {
  session_id?: string
  turn_id?: string
  transcript_path?: string
  cwd?: string
  hook_event_name?: string
  tool_name?: string
  tool_input?: {command?: unknown; input?: unknown; patch?: unknown; cmd?: unknown; path?: unknown}
  tool_use_id?: string
  tool_response?: unknown
  stop_hook_active?: boolean
  last_assistant_message?: string
}

/**
 * Tools the generated hooks.json matches (the matcher string is part of the trusted hash). Codex
 * 0.169 and 0.171 offer the model exec_command (hooked as "Bash"), write_stdin (no hook fires),
 * apply_patch, view_image (fires PreToolUse with {path}, and Codex reads the file itself,
 * outside the sandbox), request_user_input, goals, tool_search and web_search.
 */
export const HOOKED_TOOLS = ['Bash', 'apply_patch', 'shell', 'shell_command', 'exec_command', 'local_shell', 'view_image'] as const
export const TOOL_MATCHER = `^(${HOOKED_TOOLS.join('|')})$`
/** Tool names whose input is a shell command, across Codex versions. */
export const SHELL_TOOLS: ReadonlySet<string> = new Set(['Bash', 'bash', 'shell', 'shell_command', 'exec_command', 'local_shell'])
/** Tool names whose input is an apply_patch envelope. */
export const PATCH_TOOLS: ReadonlySet<string> = new Set(['apply_patch', 'ApplyPatch', 'Edit', 'Write'])

/** Tool names whose input names one file the tool reads (Codex reads it, not a sandboxed command). */
export const PATH_TOOLS: ReadonlySet<string> = new Set(['view_image'])

/** The file a path tool reads. */
export function pathText(input: HookPayload['tool_input']): string | undefined {
  return typeof input?.path === 'string' ? input.path : undefined
}

/** The shell command of a shell tool call (a string, or an argv Codex will run as is). */
export function commandText(input: HookPayload['tool_input']): string | undefined {
  const value = input?.command ?? input?.cmd
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map((arg) => shellQuote(String(arg))).join(' ')
  return undefined
}

/** The patch text of an apply_patch call. */
export function patchText(input: HookPayload['tool_input']): string | undefined {
  for (const value of [input?.command, input?.input, input?.patch]) if (typeof value === 'string') return value
  return undefined
}

/** The PreToolUse reply that makes Codex refuse the call and show the model the reason. */
export function preToolUseDeny(reason: string): string {
  return `${JSON.stringify({hookSpecificOutput: {hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason}})}\n`
}

/** The PostToolUse reply that makes Codex withhold the tool output: the model receives only the reason. */
export function postToolUseBlock(reason: string): string {
  return `${JSON.stringify({decision: 'block', reason})}\n`
}

/**
 * The Stop reply that informs without continuing the turn. Verified with the real 0.169 binary:
 * the TUI shows `systemMessage` under the turn ("↳ Hook · …"); `codex exec` shows no channel of
 * a non-blocking Stop hook (neither this, `stopReason` nor stderr, text or --json: only
 * "hook: Stop Completed"), and `decision: "block"` would hand the text to the model for another
 * turn. So the pointer also goes to stderr, and `codex-guard status` counts hook-only sessions.
 */
export function stopNotice(message: string): string {
  return `${JSON.stringify({systemMessage: message})}\n`
}
