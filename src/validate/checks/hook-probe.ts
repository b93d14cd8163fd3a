// Hooks that answer: each codex-guard hook command in .codex/hooks.json is run the way Codex runs
// it (through the shell, payload on stdin) with probes that must be denied, allowed, withheld and
// passed. A hook that cannot start, is slow, answers wrongly, or is switched off by managed
// requirements is a critical finding: Codex would run every tool call unchecked, and say nothing.
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {execa} from 'execa'
import {HOOKS_FILE, isCodexGuardCommand, readHooksJson} from '../../codex/hooks.js'
import type {FindingInput} from '../../report/finding.js'
import type {RuleMeta} from '../../report/rule-meta.js'
import {readToml} from '../../util/toml.js'

export const HOOKS_BROKEN: RuleMeta = {
  id: 'CG-HOOKS-BROKEN',
  title: 'codex-guard hook does not answer correctly',
  severity: 'critical',
  description:
    'validate runs every codex-guard hook in .codex/hooks.json with probe payloads, as Codex would: a PreToolUse hook must deny `cat .env` and allow `git status`, a PostToolUse hook must withhold output holding a token and pass clean output, each within 5 seconds. Codex runs a tool call whose hook failed as if it had been allowed, so a hook that cannot start, crashes, answers wrongly or is too slow leaves the session unguarded. Managed requirements with `allow_managed_hooks_only = true` switch project hooks off altogether.',
  remediation:
    'rerun `codex-guard init --trust` (it reinstalls the hook runtime and rewrites the hook commands); if it persists, run the command from .codex/hooks.json by hand with a payload on stdin and read its error',
  example: {bad: '.codex/hooks.json runs a command whose runtime is gone', good: 'the hooks.json `codex-guard init` writes, with its runtime installed'},
  examples: {
    flagged: [
      {
        text: '{"hooks": {"PreToolUse": [{"hooks": [{"type": "command", "command": "codex-guard hook pre-tool-use || true"}]}]}}\n',
        file: '.codex/hooks.json',
        note: 'codex-guard is not on PATH: the command exits 0 and allows everything',
      },
      {text: '{"hooks": {"PreToolUse": [{"hooks": [{"type": "command", "command": "echo codex-guard hook pre-tool-use"}]}]}}\n', file: '.codex/hooks.json', note: 'answers with text Codex ignores'},
      {text: 'allow_managed_hooks_only = true\n', file: '$SYSTEM/requirements.toml', note: 'managed requirements switch project hooks off'},
    ],
    clean: [{text: '# notes\n', file: 'notes.md', note: 'the hooks.json init writes, runtime installed'}],
  },
}

/** Slower than this and the session crawls; past Codex's own timeout it fails open. */
const SLOW_MS = 5000
const SECRET_OUTPUT = 'deploy token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n'

interface Probe {
  event: 'PreToolUse' | 'PostToolUse'
  name: string
  payload: Record<string, unknown>
  /** what a correct hook does with it */
  expect: 'deny' | 'allow' | 'block' | 'pass'
}

const PROBES: Probe[] = [
  {event: 'PreToolUse', name: 'deny `cat .env`', payload: {tool_name: 'Bash', tool_input: {command: 'cat .env'}}, expect: 'deny'},
  {event: 'PreToolUse', name: 'allow `git status`', payload: {tool_name: 'Bash', tool_input: {command: 'git status'}}, expect: 'allow'},
  {event: 'PostToolUse', name: 'withhold output holding a token', payload: {tool_name: 'Bash', tool_input: {command: 'cat deploy.txt'}, tool_response: SECRET_OUTPUT}, expect: 'block'},
  {event: 'PostToolUse', name: 'pass clean output', payload: {tool_name: 'Bash', tool_input: {command: 'ls'}, tool_response: 'README.md\n'}, expect: 'pass'},
]

/** What Codex makes of a hook's exit code and stdout (codex-reference §5.2). */
function verdict(exitCode: number | undefined, stdout: string): 'deny' | 'block' | 'allow' | 'failed' {
  if (exitCode === 2) return 'deny'
  if (exitCode !== 0) return 'failed'
  const text = stdout.trim()
  if (text === '') return 'allow'
  try {
    const reply = JSON.parse(text) as {decision?: string; hookSpecificOutput?: {permissionDecision?: string}}
    if (reply.hookSpecificOutput?.permissionDecision === 'deny') return 'deny'
    if (reply.decision === 'block') return 'block'
    return 'allow'
  } catch {
    return 'failed'
  }
}

const wanted: Record<Probe['expect'], ReturnType<typeof verdict>> = {deny: 'deny', allow: 'allow', block: 'block', pass: 'allow'}

/** Managed requirements that switch project and user hooks off. */
function managedHooksOnly(systemDir: string): string | undefined {
  const file = join(systemDir, 'requirements.toml')
  if (!existsSync(file)) return undefined
  try {
    return readToml(file).data['allow_managed_hooks_only'] === true ? file : undefined
  } catch {
    return undefined
  }
}

export async function probeHooks(root: string, env: NodeJS.ProcessEnv, systemDir: string): Promise<FindingInput[]> {
  const finding = (message: string): FindingInput => ({ruleId: HOOKS_BROKEN.id, severity: HOOKS_BROKEN.severity, message, remediation: HOOKS_BROKEN.remediation, file: HOOKS_FILE})
  const managed = managedHooksOnly(systemDir)
  if (managed) return [{...finding(`${managed} sets allow_managed_hooks_only = true: Codex ignores the project's hooks, so the codex-guard hooks never run`), file: managed}]
  let document: ReturnType<typeof readHooksJson>
  try {
    document = readHooksJson(root)
  } catch {
    return [] // CG-SYNTAX / precommit report a hooks.json that does not parse
  }
  const findings: FindingInput[] = []
  for (const probe of PROBES) {
    for (const group of document.hooks[probe.event] ?? []) {
      for (const handler of group.hooks ?? []) {
        if (handler.type !== 'command' || !isCodexGuardCommand(handler.command)) continue
        const payload = {cwd: root, hook_event_name: probe.event, ...probe.payload}
        const started = Date.now()
        const result = await execa('/bin/sh', ['-c', handler.command!], {cwd: root, env, extendEnv: false, input: JSON.stringify(payload), reject: false, timeout: 60_000})
        const elapsed = Date.now() - started
        const got = result.timedOut ? 'failed' : verdict(result.exitCode, result.stdout)
        const why = result.stderr.trim().split('\n').pop()?.slice(0, 300)
        if (got !== wanted[probe.expect]) {
          findings.push(
            finding(
              `the ${probe.event} hook should ${probe.name} but ${got === 'failed' ? `failed (exit ${result.exitCode ?? 'none'}${result.timedOut ? ', timed out' : ''})` : `answered "${got}"`}${why ? `: ${why}` : ''}`,
            ),
          )
        } else if (elapsed > SLOW_MS) {
          findings.push(finding(`the ${probe.event} hook took ${(elapsed / 1000).toFixed(1)} s to ${probe.name}; Codex fails open past its timeout`))
        }
      }
    }
  }
  return findings
}
