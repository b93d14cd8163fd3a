// Adapter for the real codex binary: locate it, run `execpolicy check` and `sandbox`.
import {execFile} from 'node:child_process'
import {accessSync, constants} from 'node:fs'
import {delimiter, join} from 'node:path'
import {ConfigError} from '../util/errors.js'

export function findCodex(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) {
    try {
      accessSync(explicit, constants.X_OK)
      return explicit
    } catch {
      throw new ConfigError(`codex binary not found or not executable: ${explicit}`)
    }
  }
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, 'codex')
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {}
  }
  throw new ConfigError('codex binary not found on PATH; install it (npm i -g @openai/codex) or pass --codex /path/to/codex')
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export function runCodex(codex: string, args: string[], options: {env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(codex, args, {env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 32 * 1024 * 1024}, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({code, stdout: String(stdout), stderr: String(stderr)})
    })
  })
}

export async function codexVersion(codex: string, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await runCodex(codex, ['--version'], {env})
  return result.stdout.trim()
}

export interface ExecPolicyJson {
  matchedRules: {prefixRuleMatch: {matchedPrefix: string[]; decision: string; justification?: string; resolvedProgram?: string}}[]
  decision?: string
}

/** `codex execpolicy check`; throws a ConfigError when the rules do not load. */
export async function execPolicyCheck(codex: string, rulesFiles: string[], argv: string[], env: NodeJS.ProcessEnv, resolveHostExecutables = false): Promise<ExecPolicyJson> {
  const args = ['execpolicy', 'check', ...rulesFiles.flatMap((file) => ['--rules', file]), ...(resolveHostExecutables ? ['--resolve-host-executables'] : []), '--', ...argv]
  const result = await runCodex(codex, args, {env})
  if (result.code !== 0) {
    // Codex prints a Starlark traceback: "* /path/x.rules:2, in <module>" … "error: invalid decision: deny";
    // a failing example has no "error:" line, only "Caused by:" and the message on the next line.
    const reason = /^\s*error: (.*)$/m.exec(result.stderr)?.[1] ?? /^Caused by:\n\s*(.+)$/m.exec(result.stderr)?.[1] ?? (result.stderr.trim().split('\n')[0] || 'execpolicy check failed')
    for (const file of rulesFiles) {
      const line = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`).exec(result.stderr)?.[1]
      if (line) throw new ConfigError(reason, file, Number(line))
    }
    throw new ConfigError(reason, rulesFiles.find((file) => result.stderr.includes(file)) ?? rulesFiles[0])
  }
  return JSON.parse(result.stdout) as ExecPolicyJson
}
