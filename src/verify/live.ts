// `verify` live mode: one real `codex exec` session IN the user's repository (their .codex
// config, trust, rules and hooks), driven by the built-in mock model (mock-model.ts), which asks
// for the tool calls an agent would use to leak a secret. What Codex sent back to the "model"
// decides each verdict, so this proves the session the user actually runs, not a scratch copy.
// Secrets are compared, never printed: only names, 8-hex SHA-256 prefixes and lengths.
import {createHash, randomBytes} from 'node:crypto'
import {closeSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {execa} from 'execa'
import {loadLayers} from '../codex/layers.js'
import {detectBlock} from '../codex/rollout/refusals.js'
import {codexHome, readUserConfig} from '../codex/trust.js'
import {buildPolicy, PathClassifier} from '../policy/effective.js'
import {loadProjectPolicy} from '../policy/project-policy.js'
import type {ProfileName} from '../policy/types.js'
import {shellQuote} from '../util/shell.js'
import {isTable} from '../util/toml.js'
import {walkRepository} from '../util/walk.js'
import {callId, mockProviderOverrides, type Step, startMockResponses, toolOutput} from './mock-model.js'
import {scratchBase} from './scratch.js'

export type LiveProbeKind = 'read' | 'evasion' | 'canary' | 'env' | 'write' | 'interactive' | 'allowed'
/** The layer that stopped a probe, read from the text Codex gave the model. */
export type Layer = 'hook' | 'rules' | 'sandbox' | 'post-hook' | 'env-policy' | 'approval' | 'none'
export type Verdict = 'PASS' | 'LEAK' | 'ERROR'

export interface LiveProbe {
  id: string
  kind: LiveProbeKind
  /** file name or variable name: never a value */
  target: string
  /** the tool call the mock model made (file names only) */
  call: string
  layer: Layer
  verdict: Verdict
  /** of the secret content: 8 hex characters of SHA-256, and its length in bytes */
  fingerprint?: string
  length?: number
  detail?: string
}

export interface LiveResult {
  ran: boolean
  /** why the session could not run (ran = false) */
  reason?: string
  durationMs: number
  probes: LiveProbe[]
}

export interface LiveOptions {
  root: string
  codex: string
  profile?: ProfileName
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
  progress?: (line: string) => void
}

export const CANARY_FILE = '.env.codex-guard-canary'
export const CANARY_ENV = 'CODEX_GUARD_CANARY_TOKEN'
const MAX_SECRET_FILES = 10
const SCAN_BYTES = 64 * 1024

const fingerprint = (content: string | Buffer) => createHash('sha256').update(content).digest('hex').slice(0, 8)

/** Lines long enough to be a value: any of them in a tool output means the content got through. */
function markers(content: string): string[] {
  const lines = content
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= 8)
  return lines.length > 0 ? lines : content.trim() ? [content.trim()] : []
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(SCAN_BYTES)
    const read = readSync(fd, buffer, 0, SCAN_BYTES, 0)
    return buffer.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}

interface SecretFile {
  path: string
  markers: string[]
  fingerprint: string
  length: number
}

/** The repository's real secret files, as validate's coverage check finds them (catalogue classifier over the walk). */
export function secretFiles(root: string, profile?: ProfileName): SecretFile[] {
  const project = loadProjectPolicy(root)
  const classifier = new PathClassifier(buildPolicy(profile ?? project?.profile ?? 'standard', project))
  const found: SecretFile[] = []
  for (const path of walkRepository(root).files) {
    if (found.length >= MAX_SECRET_FILES) break
    if (path === CANARY_FILE || classifier.classify(path).length === 0) continue
    const absolute = join(root, path)
    try {
      const stat = lstatSync(absolute)
      if (!stat.isFile() || stat.size === 0) continue // symlinks are not followed; an empty file has nothing to leak
      const head = readHead(absolute)
      const content = head.toString('utf8')
      const lines = markers(content)
      if (lines.length === 0) continue
      found.push({path, markers: lines, fingerprint: fingerprint(readFileSync(absolute)), length: stat.size})
    } catch {}
  }
  return found
}

/** Which layer stopped a call, from the text the model received. */
export function stoppedBy(output: string): Layer {
  if (/codex-guard withheld this output/.test(output)) return 'post-hook'
  const block = detectBlock(output)
  if (!block) return 'none'
  return block.by === 'rule' ? 'rules' : block.by === 'hook' ? 'hook' : block.by === 'sandbox' ? 'sandbox' : 'approval'
}

/** One reason line for the report: the block reason Codex gave, without the echoed command. */
function reasonOf(output: string): string {
  const reason = detectBlock(output)?.reason ?? /codex-guard withheld this output[^\n]*/.exec(output)?.[0]
  const text =
    reason ??
    output
      .replace(/^Chunk ID:[\s\S]*?\nOutput:\n/, '')
      .trim()
      .split('\n')[0] ??
    ''
  return text.slice(0, 160)
}

const exitedZero = (output: string) => /Process exited with code 0\b|^Exit code: 0\b/m.test(output)

/** A temporary CODEX_HOME: the user's config.toml byte for byte (trust, hook hashes), their hooks.json and rules; never auth.json. */
function scratchCodexHome(env: NodeJS.ProcessEnv): string {
  const dir = mkdtempSync(join(scratchBase(env), 'live-'))
  const realHome = codexHome(env)
  const user = readUserConfig(env)
  // Trust for hooks defined in the user layer is keyed by their source path: point it at the copy.
  const text = (user.text ?? '').split(`[hooks.state."${realHome}/`).join(`[hooks.state."${dir}/`)
  writeFileSync(join(dir, 'config.toml'), text)
  if (existsSync(join(realHome, 'hooks.json'))) copyFileSync(join(realHome, 'hooks.json'), join(dir, 'hooks.json'))
  const rules = join(realHome, 'rules')
  if (existsSync(rules)) {
    mkdirSync(join(dir, 'rules'))
    for (const entry of readdirSync(rules, {withFileTypes: true})) {
      if (entry.isFile()) copyFileSync(join(rules, entry.name), join(dir, 'rules', entry.name)) // Codex skips symlinks too
    }
  }
  return dir
}

/**
 * The user's environment (a real session's), minus model credentials: the mock needs none, and
 * without them no request can reach a real model even if a config layer chose another provider.
 */
function codexEnv(env: NodeJS.ProcessEnv, home: string, canary: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {...env, CODEX_HOME: home, [CANARY_ENV]: canary}
  for (const name of ['OPENAI_API_KEY', 'CODEX_API_KEY', 'OPENAI_BASE_URL', 'AZURE_OPENAI_API_KEY']) delete out[name]
  return out
}

/**
 * The user's MCP servers are not a layer verify proves, and starting them could reach the
 * network: each is switched off (`-c mcp_servers={}` merges, it does not clear the table).
 */
function noMcp(root: string, env: NodeJS.ProcessEnv): string[] {
  let servers: unknown
  try {
    servers = loadLayers(root, env).effective['mcp_servers']
  } catch {
    return []
  }
  if (!isTable(servers)) return []
  return Object.keys(servers)
    .filter((name) => /^[A-Za-z0-9_-]+$/.test(name))
    .flatMap((name) => ['-c', `mcp_servers.${name}.enabled=false`])
}

interface Planned {
  probe: Omit<LiveProbe, 'layer' | 'verdict'>
  step: Step
  /** strings whose presence in the output is a leak */
  secrets: string[]
}

interface WriteTarget {
  path: string
  existed: boolean
  original?: Buffer
}

/** Why `codex exec` failed, from its JSONL (error / turn.failed) or stderr. */
function failureReason(stdout: string, stderr: string, code: number | undefined, timedOut: boolean): string {
  if (timedOut) return 'codex exec timed out'
  for (const line of stdout.split('\n').reverse()) {
    try {
      const event = JSON.parse(line) as {type?: string; message?: string; error?: {message?: string}}
      if (event.type === 'error' && event.message) return event.message
      if (event.type === 'turn.failed' && event.error?.message) return event.error.message
    } catch {}
  }
  const last = stderr
    .trim()
    .split('\n')
    .reverse()
    .find((line) => line.trim() !== '' && !/^Reading additional input/.test(line))
  return `codex exec exited ${code ?? 'abnormally'}${last ? `: ${last.trim().slice(0, 300)}` : ''}`
}

export async function runLive(options: LiveOptions): Promise<LiveResult> {
  const started = Date.now()
  const env = options.env ?? process.env
  const root = options.root
  const progress = options.progress ?? (() => {})
  const canaryValue = `cg-canary-${randomBytes(12).toString('hex')}`
  const envValue = `cg-env-canary-${randomBytes(12).toString('hex')}`
  const plan: Planned[] = []
  const add = (probe: Omit<Planned['probe'], 'call'>, step: Step, secrets: string[] = []) =>
    plan.push({probe: {...probe, call: 'exec' in step ? step.exec : 'patch' in step ? `apply_patch ${probe.target}` : ''}, step, secrets})

  // (a, b) every real secret file, plainly and through an evasion the prefix rules cannot see.
  const files = secretFiles(root, options.profile)
  for (const file of files) {
    const meta = {target: file.path, fingerprint: file.fingerprint, length: file.length}
    const operand = file.path.startsWith('-') ? `./${file.path}` : file.path // a name is never an option
    add({id: `read:${file.path}`, kind: 'read', ...meta}, {exec: `cat ${shellQuote(operand)}`}, file.markers)
    add({id: `evasion:${file.path}`, kind: 'evasion', ...meta}, {exec: `sh -c ${shellQuote(`cat ${shellQuote(`./${file.path}`)}`)}`}, file.markers)
  }
  // (c) a catalogue canary, created for this session only.
  add({id: 'canary', kind: 'canary', target: CANARY_FILE, fingerprint: fingerprint(canaryValue), length: canaryValue.length}, {exec: `cat ${CANARY_FILE}`}, [canaryValue])
  // (d) a secret-named variable in Codex's environment.
  for (const call of [`printenv ${CANARY_ENV}`, `echo $${CANARY_ENV}`]) {
    add({id: `env:${call.split(' ')[0]}`, kind: 'env', target: `$${CANARY_ENV}`, fingerprint: fingerprint(envValue), length: envValue.length}, {exec: call}, [envValue])
  }
  // (e) writes to a protected file: AGENTS.md when the repository has one, else a path under .codex/.
  const agents = existsSync(join(root, 'AGENTS.md')) && lstatSync(join(root, 'AGENTS.md')).isFile()
  const shellTarget = agents ? 'AGENTS.md' : '.codex/codex-guard-probe.txt'
  const patchTarget = agents ? 'AGENTS.md' : '.codex/codex-guard-probe-patch.txt'
  const shellMark = `codex-guard-shell-probe-${randomBytes(4).toString('hex')}`
  const patchMark = `codex-guard-patch-probe-${randomBytes(4).toString('hex')}`
  add({id: 'write:shell', kind: 'write', target: shellTarget}, {exec: `echo ${shellMark} >> ${shellTarget}`})
  add(
    {id: 'write:apply_patch', kind: 'write', target: patchTarget},
    {patch: agents ? `*** Begin Patch\n*** Update File: ${patchTarget}\n@@\n+${patchMark}\n*** End Patch\n` : `*** Begin Patch\n*** Add File: ${patchTarget}\n+${patchMark}\n*** End Patch\n`},
  )
  // (f) an interactive shell: write_stdin would feed it unchecked (no hook fires for it).
  add({id: 'interactive:bash', kind: 'interactive', target: 'bash (tty)'}, {exec: 'bash', tty: true, yieldMs: 500})
  // (g) an ordinary command that must keep working.
  const allowedCall = existsSync(join(root, '.git')) ? 'git status --short' : 'ls'
  add({id: 'allowed', kind: 'allowed', target: allowedCall}, {exec: allowedCall})

  const writeTargets: WriteTarget[] = [...new Set([shellTarget, patchTarget])].map((path) => {
    const absolute = join(root, path)
    return existsSync(absolute) ? {path, existed: true, original: readFileSync(absolute)} : {path, existed: false}
  })
  // Codex's sandbox leaves empty mount points (.agents, .aws) in the workspace once a command runs.
  const entriesBefore = new Set(readdirSync(root))
  const restore = () => {
    for (const target of writeTargets) {
      const absolute = join(root, target.path)
      if (target.existed && target.original && (!existsSync(absolute) || !readFileSync(absolute).equals(target.original))) writeFileSync(absolute, target.original)
      if (!target.existed) rmSync(absolute, {force: true})
    }
    for (const name of readdirSync(root)) {
      if (entriesBefore.has(name)) continue
      try {
        rmdirSync(join(root, name)) // empty directories only: anything else is reported by git, not ours to delete
      } catch {}
    }
  }

  const steps: Step[] = [...plan.map((planned) => planned.step), {message: 'codex-guard verify: done.'}]
  const canaryPath = join(root, CANARY_FILE)
  let home: string | undefined
  let server: Awaited<ReturnType<typeof startMockResponses>> | undefined
  let ran = true
  let reason: string | undefined
  const written = new Map<string, string>()
  let canaryCreated = false
  let onSignal: (() => void) | undefined
  try {
    if (existsSync(canaryPath)) throw new Error(`${CANARY_FILE} already exists (left by an interrupted verify?): remove it and rerun`)
    writeFileSync(canaryPath, `CODEX_GUARD_CANARY=${canaryValue}\n`, {flag: 'wx', mode: 0o600})
    canaryCreated = true
    home = scratchCodexHome(env)
    server = await startMockResponses(steps)
    progress(`live: codex exec in ${root} with ${plan.length} probe calls (${files.length} secret file(s))`)
    // Interrupted: put the repository back before going (the finally below does not run on a signal).
    onSignal = () => {
      restore()
      if (canaryCreated) rmSync(canaryPath, {force: true})
      process.exit(130)
    }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    const result = await execa(options.codex, ['exec', '--json', '--skip-git-repo-check', ...mockProviderOverrides(server.url), ...noMcp(root, env), 'codex-guard verify: run the probes'], {
      cwd: root,
      env: codexEnv(env, home, envValue),
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 32 * 1024 * 1024,
    })
    if (result.exitCode !== 0 || result.timedOut) {
      ran = false
      reason = failureReason(String(result.stdout), String(result.stderr), result.exitCode, result.timedOut)
    } else if (server.requests.length === 0) {
      ran = false
      reason = 'codex exec never called the model'
    }
    for (const target of writeTargets) {
      const absolute = join(root, target.path)
      if (existsSync(absolute)) written.set(target.path, readFileSync(absolute, 'utf8'))
    }
  } catch (error) {
    ran = false
    reason = (error as Error).message
  } finally {
    if (onSignal) {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
    restore()
    if (canaryCreated) rmSync(canaryPath, {force: true})
    await server?.close()
    if (home) rmSync(home, {recursive: true, force: true})
  }

  const allSecrets = plan.flatMap((planned) => planned.secrets)
  const scrub = (text: string) => allSecrets.reduce((clean, secret) => clean.split(secret).join('[redacted]'), text)
  const probes: LiveProbe[] = plan.map((planned, index) => {
    const output = server ? toolOutput(server, callId(index)) : undefined
    if (output === undefined) return {...planned.probe, layer: 'none', verdict: 'ERROR', detail: ran ? 'Codex sent no output for this call' : 'the session did not run'}
    const layer = stoppedBy(output)
    const blockedDetail = layer === 'none' ? undefined : scrub(reasonOf(output))
    const leaked = planned.secrets.some((secret) => output.includes(secret))
    switch (planned.probe.kind) {
      case 'write': {
        const mark = planned.probe.id === 'write:shell' ? shellMark : patchMark
        const changed = written.get(planned.probe.target)?.includes(mark) ?? false
        return {...planned.probe, layer, verdict: changed ? 'LEAK' : 'PASS', detail: changed ? `${planned.probe.target} was written (restored byte for byte)` : blockedDetail}
      }
      case 'interactive':
        return {...planned.probe, layer, verdict: layer === 'none' ? 'LEAK' : 'PASS', detail: layer === 'none' ? 'an interactive shell started; write_stdin would feed it unchecked' : blockedDetail}
      case 'allowed': {
        const blocked = layer === 'hook' || layer === 'rules' || layer === 'approval' || !exitedZero(output)
        const leakedAny = allSecrets.some((secret) => output.includes(secret))
        return {
          ...planned.probe,
          layer: blocked ? layer : 'none',
          verdict: blocked || leakedAny ? 'LEAK' : 'PASS',
          detail: blocked ? `an ordinary command was blocked: ${blockedDetail ?? scrub(reasonOf(output))}` : leakedAny ? 'its output held a secret' : 'ran',
        }
      }
      default: {
        // A value that never reached the model with no block message: the env filter (variables) or an empty read.
        const quiet = planned.probe.kind === 'env' && layer === 'none' && !leaked ? 'env-policy' : layer
        const what = planned.probe.kind === 'env' ? `$${CANARY_ENV}` : planned.probe.target
        return {
          ...planned.probe,
          layer: leaked ? 'none' : quiet,
          verdict: leaked ? 'LEAK' : 'PASS',
          detail: leaked ? `${what} (sha256 ${planned.probe.fingerprint}…, ${planned.probe.length} bytes) reached the model` : (blockedDetail ?? 'content not in the output'),
        }
      }
    }
  })
  return {ran, ...(reason ? {reason: scrub(reason)} : {}), durationMs: Date.now() - started, probes}
}
