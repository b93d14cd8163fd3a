// Codex hook entry points. bin/run.js dispatches `codex-guard hook <event>` here before oclif
// loads, so the hot path imports only node builtins, unbash, minimatch and the catalogue.
// PreToolUse fails closed: any error denies the call with a reason the model can act on.
import {existsSync, statSync} from 'node:fs'
import {homedir} from 'node:os'
import {join, resolve} from 'node:path'
import {commandText, type HookPayload, PATCH_TOOLS, PATH_TOOLS, patchText, pathText, postToolUseBlock, preToolUseDeny, SHELL_TOOLS, stopNotice} from '../../codex/hook-protocol.js'
import {projectRoot} from '../../git/repo.js'
import {isSecretTemplate} from '../../policy/catalogue.js'
import {buildPolicy, type EffectivePolicy} from '../../policy/effective.js'
import {SensitivePathMatcher} from '../../policy/sensitive.js'
import {redactText} from '../../report/redact.js'
import {findSecretAssignments} from '../../report/scrub.js'
import {GlobSet} from '../../util/glob.js'
import {AuditLog, sessionsDir} from '../audit-log.js'
import {type Decision, HOOK_RULES, HookDecider} from './decide.js'

export type {HookPayload} from '../../codex/hook-protocol.js'

export const HOOK_EVENTS = ['pre-tool-use', 'post-tool-use', 'stop'] as const
export type HookEvent = (typeof HOOK_EVENTS)[number]

export interface HookResult {
  stdout: string
  stderr: string
  exitCode: number
  decision?: Decision
}

/** The repository root: nearest directory with a .git entry (no git process on the hot path), else cwd. */
export function findProjectRoot(cwd: string): string {
  return projectRoot(cwd) ?? resolve(cwd)
}

async function loadPolicy(root: string): Promise<EffectivePolicy> {
  const file = join(root, '.codex', 'codex-guard.toml')
  if (!existsSync(file) || !statSync(file).isFile()) return buildPolicy('standard')
  const {loadProjectPolicy} = await import('../../policy/project-policy.js')
  const project = loadProjectPolicy(root)
  return buildPolicy(project?.profile ?? 'standard', project)
}

function auditLogFor(payload: HookPayload, env: NodeJS.ProcessEnv): AuditLog | undefined {
  const session = env['CODEX_GUARD_SESSION'] || (payload.session_id ? `codex-${payload.session_id}` : undefined)
  if (!session) return undefined
  try {
    return new AuditLog(session, sessionsDir(env))
  } catch {
    return undefined
  }
}

/** The directory the tool call runs in (the hook's own cwd when Codex sends none). */
const payloadCwd = (payload: HookPayload): string => (typeof payload.cwd === 'string' && payload.cwd ? payload.cwd : process.cwd())

export async function preToolUse(payload: HookPayload, env: NodeJS.ProcessEnv): Promise<HookResult> {
  const cwd = payloadCwd(payload)
  const home = env['HOME'] || homedir()
  const root = findProjectRoot(cwd)
  const policy = await loadPolicy(root)
  const customCodexHome = env['CODEX_HOME'] && resolve(env['CODEX_HOME']) !== join(home, '.codex') ? resolve(env['CODEX_HOME']) : undefined
  const decider = new HookDecider({
    cwd,
    policy,
    matcher: new SensitivePathMatcher(policy, root, home),
    codexHome: customCodexHome ? {path: customCodexHome, defaultPath: join(home, '.codex')} : undefined,
  })
  const tool = payload.tool_name ?? ''
  let decision: Decision = {decision: 'allow', reasons: []}
  let subject = ''
  if (SHELL_TOOLS.has(tool)) {
    const command = commandText(payload.tool_input)
    if (command === undefined) throw new Error(`tool_input.command missing for ${tool}`)
    subject = command
    decision = decider.bash(command, home)
  } else if (PATH_TOOLS.has(tool)) {
    const path = pathText(payload.tool_input)
    if (path === undefined) throw new Error(`tool_input.path missing for ${tool}`)
    subject = `${tool} ${path}`
    decision = decider.readPath(tool, path)
  } else if (PATCH_TOOLS.has(tool)) {
    const patch = patchText(payload.tool_input)
    if (patch === undefined) throw new Error(`no patch text in tool_input for ${tool}`)
    subject = patch
      .split('\n')
      .filter((line) => line.startsWith('*** '))
      .join('\n')
    decision = decider.patch(patch)
  }
  // Reasons quote the command (a push URL, a DNS name): never repeat a credential in them.
  const reasons = decision.decision === 'deny' ? redactText(decision.reasons.map((reason) => reason.message).join('; ')) : ''
  auditLogFor(payload, env)?.append({
    kind: decision.decision === 'deny' ? 'alert' : 'event',
    category: 'process',
    action: 'hook-pre-tool-use',
    type: decision.decision === 'deny' ? 'denied' : 'allowed',
    outcome: 'success',
    message: decision.decision === 'deny' ? reasons : `${tool || 'tool'} allowed`,
    command: redactText(subject).slice(0, 4000),
    rule: decision.reasons[0] ? {id: decision.reasons[0].ruleId} : undefined,
    codex: {session_id: payload.session_id, call_id: payload.tool_use_id, turn_id: payload.turn_id},
    labels: {tool, cwd},
  })
  if (decision.decision === 'allow') return {stdout: '', stderr: '', exitCode: 0, decision}
  return {stdout: preToolUseDeny(`codex-guard blocked this: ${reasons}.`), stderr: '', exitCode: 0, decision}
}

/**
 * The command reads a committed template (`.env.example`): its `NAME=value` lines are
 * placeholders the agent is told to use, so only token-shaped secrets count in its output.
 */
function namesTemplate(command: string, policy: EffectivePolicy): boolean {
  // compiled only for a word that may match (minimatch() compiled every template for every word)
  const templates = new GlobSet(policy.allowPatterns.map((pattern) => pattern.split('/').pop()!))
  return command.split(/[\s'"<>|;&()=]+/).some((word) => {
    if (word === '') return false
    if (word.includes('.') && isSecretTemplate(word)) return true
    return templates.some(word.split('/').pop()!)
  })
}

export async function postToolUse(payload: HookPayload, env: NodeJS.ProcessEnv): Promise<HookResult> {
  const output = typeof payload.tool_response === 'string' ? payload.tool_response : JSON.stringify(payload.tool_response ?? '')
  const {scanSecrets} = await import('../../detect/secrets/scan.js')
  const findings = await scanSecrets(output.slice(0, 2_000_000), 'tool-output.txt')
  const log = auditLogFor(payload, env)
  const command = commandText(payload.tool_input) ?? ''
  log?.append({
    category: 'process',
    action: 'tool-result',
    type: 'info',
    outcome: 'success',
    message: `${payload.tool_name ?? 'tool'} finished (${output.length} bytes of output)`,
    command: redactText(command).slice(0, 4000),
    codex: {session_id: payload.session_id, call_id: payload.tool_use_id, turn_id: payload.turn_id},
    labels: {tool: payload.tool_name ?? ''},
  })
  // Secret-named assignments (`DB_PASSWORD=…`, as `cat .env` or `env` print them) count too.
  const policy = await loadPolicy(findProjectRoot(payloadCwd(payload)))
  // a variable the policy names (`variable DB_PASSWORD`) says more than the engine's generic assignment rule
  const variables = namesTemplate(command, policy) ? [] : findSecretAssignments(output.slice(0, 2_000_000), policy)
  const generic = (finding: {messageId: string}) => finding.messageId === 'GENERIC_PASSWORD' || finding.messageId === 'GENERIC_SECRET'
  const seen = [
    ...findings
      .filter((finding) => !(generic(finding) && variables.some((hit) => hit.line === finding.line)))
      .map((finding) => ({ruleId: finding.ruleId, kind: finding.messageId, line: finding.line, evidence: finding.evidence})),
    ...variables
      .filter((hit) => !findings.some((finding) => finding.line === hit.line && !generic(finding)))
      .map((hit) => ({ruleId: 'codex-guard/secret-variable', kind: hit.kind, line: hit.line, evidence: hit.redacted})),
  ]
  for (const secret of seen) {
    log?.append({
      kind: 'alert',
      category: 'intrusion_detection',
      action: 'secret-in-output',
      type: 'denied',
      outcome: 'success',
      message: `a secret (${secret.kind}) appeared in ${payload.tool_name ?? 'tool'} output at line ${secret.line}: ${secret.evidence}; codex-guard withheld the output from the model`,
      rule: {id: secret.ruleId, name: secret.kind},
      codex: {session_id: payload.session_id, call_id: payload.tool_use_id, turn_id: payload.turn_id},
      labels: {exposure: true, withheld: true, evidence: secret.evidence, secret_type: secret.kind},
    })
  }
  if (seen.length === 0) return {stdout: '', stderr: '', exitCode: 0}
  // Codex withholds the output when PostToolUse answers "block": the model gets only the reason,
  // which names what was found and where, never the value.
  const what = [...new Set(seen.map((secret) => `${secret.kind} (line ${secret.line})`))].slice(0, 8).join(', ')
  const reason = `codex-guard withheld this output: it holds ${seen.length} secret(s): ${what}. Do not try to read secrets; use the template (e.g. .env.example) or ask the user.`
  return {stdout: postToolUseBlock(reason), stderr: `codex-guard: ${seen.length} secret(s) withheld from the model (${what}); see \`codex-guard rotate\`\n`, exitCode: 0}
}

export async function stopHook(payload: HookPayload, env: NodeJS.ProcessEnv): Promise<HookResult> {
  const log = auditLogFor(payload, env)
  log?.append({category: 'session', action: 'session-stop', type: 'end', outcome: 'success', message: 'Codex turn finished', codex: {session_id: payload.session_id, turn_id: payload.turn_id}})
  if (!log || !existsSync(log.file)) return {stdout: '', stderr: '', exitCode: 0}
  // A one-line pointer when this session crossed a rotation trigger; the checklist itself is
  // built by `codex-guard rotate` (it needs the full credential inventory).
  const {readEvents} = await import('../audit-log.js')
  const {triggersFor} = await import('../triggers.js')
  const root = findProjectRoot(payloadCwd(payload))
  const policy = await loadPolicy(root)
  const triggers = triggersFor(undefined, readEvents(log.file).events, policy.thresholds)
  if (triggers.length === 0) return {stdout: '', stderr: '', exitCode: 0}
  const pointer = `codex-guard: credentials may need rotating (${triggers[0]}): run \`codex-guard rotate --session ${log.session}\``
  return {stdout: stopNotice(pointer), stderr: `${pointer}\n`, exitCode: 0}
}

export async function runHook(event: string, input: string, env: NodeJS.ProcessEnv = process.env): Promise<HookResult> {
  let payload: HookPayload
  try {
    const parsed: unknown = JSON.parse(input)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('payload is not a JSON object')
    payload = parsed as HookPayload
  } catch (error) {
    const reason = `codex-guard hook could not read its input (${(error as Error).message}); denying to be safe`
    return event === 'pre-tool-use' ? {stdout: preToolUseDeny(reason), stderr: `${reason}\n`, exitCode: 0} : {stdout: '', stderr: `${reason}\n`, exitCode: 0}
  }
  try {
    if (event === 'pre-tool-use') return await preToolUse(payload, env)
    if (event === 'post-tool-use') return await postToolUse(payload, env)
    if (event === 'stop') return await stopHook(payload, env)
    return {stdout: '', stderr: `codex-guard: unknown hook event "${event}" (expected ${HOOK_EVENTS.join(', ')})\n`, exitCode: 2}
  } catch (error) {
    const reason = `codex-guard hook failed (${(error as Error).message}); ${HOOK_RULES.internalError.title.toLowerCase()}: denying to be safe`
    if (event === 'pre-tool-use') return {stdout: preToolUseDeny(reason), stderr: `${reason}\n`, exitCode: 0}
    return {stdout: '', stderr: `${reason}\n`, exitCode: 0}
  }
}

/** Process entry used by bin/run.js: reads stdin, prints Codex's reply, sets the exit code. */
export async function main(event: string | undefined): Promise<void> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const result = await runHook(event ?? '', Buffer.concat(chunks).toString('utf8'))
  if (result.stdout) process.stdout.write(result.stdout)
  if (result.stderr) process.stderr.write(result.stderr)
  process.exitCode = result.exitCode
}
