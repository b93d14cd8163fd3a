// `.codex/hooks.json` (Codex 0.169 format: {"hooks": {"PreToolUse": [{matcher, hooks: [...]}]}}):
// codex-guard's groups are recognised by their command and replaced; other groups are kept.

import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {ConfigError} from '../util/errors.js'
import {jsonErrorPosition} from '../util/json-position.js'
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

export type HookEvent = 'pre-tool-use' | 'post-tool-use' | 'stop'

/**
 * The installed runtime's entry file. CommonJS on purpose: Node's ESM loader alone cost a third of
 * the hook's start-up, and the entry loads the bundle through V8's code cache (see
 * scripts/hook-runtime-loader.cjs).
 */
export const RUNTIME_ENTRY = 'hook.cjs'

/** What the hook runtime prints when it has nothing to tell Codex (an allow): anything else that is not a reply is a failure. */
export const HOOK_ALLOW_MARKER = 'CODEX_GUARD_ALLOW'

/** PostToolUse reply when the scanner cannot run: Codex then withholds the output from the model. */
const POST_TOOL_USE_FAILED = JSON.stringify({
  decision: 'block',
  reason: 'codex-guard could not scan this tool output (its hook runtime failed), so the output is withheld; ask the user to rerun codex-guard init',
})

/**
 * The wrapper Codex runs for each hook. Codex treats a hook that cannot start, crashes, exits 1,
 * prints something that is not a reply, or times out as if it had allowed the call (fail open),
 * so the wrapper itself turns every such failure into a deny: exit 2 with the reason on stderr
 * for PreToolUse, a `block` for PostToolUse (the output is withheld). The runtime is found at
 * run time under $CODEX_GUARD_RUNTIME_HOME, $XDG_DATA_HOME or ~/.local/share, so the committed
 * hooks.json names no machine's paths. Plain POSIX sh, wrapped in `/bin/sh -c '…'` so the user's
 * login shell (bash, zsh, fish) only sees one quoted word: the script holds no single quote and no
 * backslash but before a double quote (fish unescapes only \\ and \' inside single quotes).
 */
const WRAPPER = [
  'e="$1"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'd="${CODEX_GUARD_RUNTIME_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/codex-guard/runtime}/$2"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'fail() { m="codex-guard hook $e could not run: $1. Fix: ${2:-rerun codex-guard init (it installs the hook runtime)}, then run codex-guard validate"',
  '  case "$e" in pre-tool-use) echo "$m; the call is denied" >&2; exit 2;;',
  `  post-tool-use) echo "$m; the output is withheld" >&2; echo "${POST_TOOL_USE_FAILED.replaceAll('"', '\\"')}"; exit 0;;`,
  '  *) echo "$m" >&2; exit 0;; esac; }',
  'command -v node >/dev/null 2>&1 || fail "node is not on PATH" "install Node.js 20 or later where Codex finds it on PATH"',
  `[ -f "$d/${RUNTIME_ENTRY}" ] || fail "its runtime $d/${RUNTIME_ENTRY} is missing"`,
  't=""; command -v timeout >/dev/null 2>&1 && t="timeout -k 1 $3"',
  // the runtime never opens a connection: extra CA certificates only cost Node ~45 ms of start-up
  `o=$(unset NODE_EXTRA_CA_CERTS; $t node "$d/${RUNTIME_ENTRY}" "$e"); r=$?`,
  '[ "$r" = 0 ] || fail "its runtime failed (exit $r)"',
  `case "$o" in ${HOOK_ALLOW_MARKER}) exit 0;; "{"*) printf "%s" "$o"; echo; exit 0;; esac`,
  'fail "its runtime gave no verdict"',
].join('\n')

/** Seconds each event may take: Codex's own timeout, and the wrapper's (shorter, so a hung runtime is killed and denied first). */
export const HOOK_TIMEOUTS: Record<HookEvent, {codex: number; runtime: number}> = {
  'pre-tool-use': {codex: 30, runtime: 10},
  'post-tool-use': {codex: 60, runtime: 45},
  stop: {codex: 30, runtime: 20},
}

/** The hooks.json command for an event: the fail-closed wrapper, the event, the runtime version and its time budget. */
export function hookCommand(event: HookEvent, runtimeId: string, runtimeHome?: string): string {
  if (WRAPPER.includes("'") || /\\[^"]/.test(WRAPPER)) throw new Error('the hook wrapper must stay one single-quoted word in every shell')
  if (!/^[A-Za-z0-9._-]+$/.test(runtimeId)) throw new Error(`invalid hook runtime id "${runtimeId}"`)
  const command = `/bin/sh -c '${WRAPPER}' codex-guard-hook ${event} ${runtimeId} ${HOOK_TIMEOUTS[event].runtime}`
  if (runtimeHome === undefined) return command
  // A fixed runtime home (managed hooks: one machine-wide runtime, whoever runs Codex), set through
  // env(1) because `VAR=value cmd` is not valid in every login shell; unquoted, so plain characters only.
  if (!/^\/[A-Za-z0-9._/-]+$/.test(runtimeHome)) throw new ConfigError(`the hook runtime folder must be an absolute path of letters, digits and . _ - / (got "${runtimeHome}")`)
  return `/usr/bin/env CODEX_GUARD_RUNTIME_HOME=${runtimeHome} ${command}`
}

/** The runtime version a wrapper command runs, if it is codex-guard's. */
export function runtimeIdOf(command: string | undefined): string | undefined {
  return /\bcodex-guard-hook (?:pre-tool-use|post-tool-use|stop) ([A-Za-z0-9._-]+)/.exec(command ?? '')?.[1]
}

export const isCodexGuardCommand = (command: string | undefined) =>
  command !== undefined && /\b(?:codex-guard-)?hook (pre-tool-use|post-tool-use|stop)\b/.test(command) && /codex-guard|run\.js/.test(command)

/** codex-guard's hook groups by Codex event name (hooks.json and managed requirements share them). */
export function codexGuardGroups(runtimeId: string, runtimeHome?: string): Record<string, HookGroup> {
  return {
    PreToolUse: {
      matcher: TOOL_MATCHER,
      hooks: [{type: 'command', command: hookCommand('pre-tool-use', runtimeId, runtimeHome), timeout: HOOK_TIMEOUTS['pre-tool-use'].codex, statusMessage: 'codex-guard: checking command'}],
    },
    PostToolUse: {
      matcher: TOOL_MATCHER,
      hooks: [{type: 'command', command: hookCommand('post-tool-use', runtimeId, runtimeHome), timeout: HOOK_TIMEOUTS['post-tool-use'].codex, statusMessage: 'codex-guard: scanning output'}],
    },
    Stop: {hooks: [{type: 'command', command: hookCommand('stop', runtimeId, runtimeHome), timeout: HOOK_TIMEOUTS.stop.codex}]},
  }
}

/**
 * Parses a hooks.json document, with Codex's {"hooks": {…}} wrapper. Errors name the file, the
 * line and column of a syntax error, and the JSON path of a value of the wrong shape (an event
 * that is not a list, a group without a "hooks" list, a handler that is not an object), so a
 * damaged file is reported instead of crashing the merge or silently wiring nothing.
 */
export function parseHooksJson(text: string | undefined, file: string): HooksDocument {
  if (text === undefined || text.trim() === '') return {hooks: {}}
  let document: unknown
  try {
    document = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text)
  } catch (error) {
    const body = text.startsWith('\uFEFF') ? text.slice(1) : text
    const position = jsonErrorPosition(body) ?? {line: body.split('\n').length, column: 1}
    const reason = (error as Error).message.replace(/(?:, (?:\.\.\.)?"[\s\S]*" is not valid JSON| (?:in JSON )?at position \d+[\s\S]*)$/, '')
    throw new ConfigError(`invalid JSON at line ${position.line}, column ${position.column}: ${reason}`, file, position.line, position.column)
  }
  const shape = (path: string, expected: string, value: unknown) =>
    new ConfigError(
      `${path} must be ${expected}, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`}. Expected {"hooks": {"PreToolUse": [{"matcher": "…", "hooks": [{"type": "command", "command": "…"}]}]}} (Codex hooks.json format); fix or delete that entry, then rerun codex-guard init`,
      file,
    )
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
  if (!isObject(document)) throw shape('the top level', 'an object {"hooks": {...}}', document)
  if (!isObject(document['hooks'])) throw shape('"hooks"', 'an object keyed by event name', document['hooks'])
  for (const [event, groups] of Object.entries(document['hooks'])) {
    const eventPath = `hooks.${event}`
    if (!Array.isArray(groups)) throw shape(eventPath, 'an array of hook groups', groups)
    for (const [index, group] of groups.entries()) {
      const groupPath = `${eventPath}[${index}]`
      if (!isObject(group)) throw shape(groupPath, 'an object {"matcher": …, "hooks": [...]}', group)
      if (group['matcher'] !== undefined && typeof group['matcher'] !== 'string') throw shape(`${groupPath}.matcher`, 'a string', group['matcher'])
      if (!Array.isArray(group['hooks'])) throw shape(`${groupPath}.hooks`, 'an array of handlers', group['hooks'])
      for (const [position, handler] of group['hooks'].entries()) {
        const handlerPath = `${groupPath}.hooks[${position}]`
        if (!isObject(handler)) throw shape(handlerPath, 'an object {"type": "command", "command": "…"}', handler)
        if (typeof handler['type'] !== 'string') throw shape(`${handlerPath}.type`, 'a string', handler['type'])
        if (handler['command'] !== undefined && typeof handler['command'] !== 'string') throw shape(`${handlerPath}.command`, 'a string', handler['command'])
      }
    }
  }
  return document as HooksDocument
}

/** The repository's .codex/hooks.json, parsed (empty when the file does not exist). */
export function readHooksJson(root: string): HooksDocument {
  const file = join(root, HOOKS_FILE)
  return parseHooksJson(existsSync(file) ? readFileSync(file, 'utf8') : undefined, HOOKS_FILE)
}

export function mergeHooksJson(existing: string | undefined, file: string, runtimeId: string): string {
  const document = parseHooksJson(existing, file)
  for (const [event, group] of Object.entries(codexGuardGroups(runtimeId))) {
    const groups = (document.hooks[event] ?? []).filter((candidate) => !candidate.hooks.some((handler) => isCodexGuardCommand(handler.command)))
    // Appended last: Codex trusts hooks by position, so other tools' groups keep their keys.
    document.hooks[event] = [...groups, group]
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
