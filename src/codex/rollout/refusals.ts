// How Codex reports a stopped action in tool output: an exec-policy rule, a PreToolUse hook, an
// apply_patch refusal, or the sandbox (EACCES / EPERM / read-only mount).
import type {BlockInfo} from './records.js'

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

export function sandboxBlock(output: string): BlockInfo | undefined {
  if (!SANDBOX_DENIALS.test(output)) return undefined
  const line = output.split('\n').find((candidate) => SANDBOX_DENIALS.test(candidate)) ?? ''
  return {by: 'sandbox', reason: line.trim().slice(0, 300)}
}
