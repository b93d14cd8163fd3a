// `.codex/hooks.json` (Codex 0.169 format: {"hooks": {"PreToolUse": [{matcher, hooks: [...]}]}}):
// codex-guard's groups are recognised by their command and replaced; other groups are kept.

import {ConfigError} from '../util/errors.js'
import {selfCommand} from '../util/shell.js'
import {TOOL_MATCHER} from './hook-protocol.js'

export const HOOKS_FILE = '.codex/hooks.json'

interface HookHandler {
  type: string
  command?: string
  timeout?: number
  statusMessage?: string
  [key: string]: unknown
}

interface HookGroup {
  matcher?: string
  hooks: HookHandler[]
  [key: string]: unknown
}

type HooksDocument = {hooks: Record<string, HookGroup[]>; [key: string]: unknown}

/** The command Codex runs: this installation's node and bin/run.js, by absolute path. */
function hookCommand(event: 'pre-tool-use' | 'post-tool-use' | 'stop'): string {
  return selfCommand('hook', event)
}

export const isCodexGuardCommand = (command: string | undefined) => command !== undefined && /\bhook (pre-tool-use|post-tool-use|stop)\b/.test(command) && /codex-guard|run\.js/.test(command)

function codexGuardGroups(): Record<string, HookGroup> {
  return {
    PreToolUse: {matcher: TOOL_MATCHER, hooks: [{type: 'command', command: hookCommand('pre-tool-use'), timeout: 30, statusMessage: 'codex-guard: checking command'}]},
    PostToolUse: {matcher: TOOL_MATCHER, hooks: [{type: 'command', command: hookCommand('post-tool-use'), timeout: 60, statusMessage: 'codex-guard: scanning output'}]},
    Stop: {hooks: [{type: 'command', command: hookCommand('stop'), timeout: 30}]},
  }
}

export function mergeHooksJson(existing: string | undefined, file: string): string {
  let document: HooksDocument = {hooks: {}}
  if (existing !== undefined && existing.trim() !== '') {
    try {
      document = JSON.parse(existing) as HooksDocument
    } catch (error) {
      const position = /position (\d+)/.exec((error as Error).message)
      const line = position ? existing.slice(0, Number(position[1])).split('\n').length : undefined
      throw new ConfigError(`invalid JSON: ${(error as Error).message}`, file, line)
    }
    if (typeof document !== 'object' || document === null || typeof document.hooks !== 'object' || document.hooks === null) {
      throw new ConfigError('expected {"hooks": {...}} at the top level', file, 1)
    }
  }
  for (const [event, group] of Object.entries(codexGuardGroups())) {
    const groups = (document.hooks[event] ?? []).filter((candidate) => !candidate.hooks?.some((handler) => isCodexGuardCommand(handler.command)))
    // Appended last: Codex trusts hooks by position, so other tools' groups keep their keys.
    document.hooks[event] = [...groups, group]
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
