// Adapter for the real codex binary: locate it (and judge its version against the tested range), run `execpolicy check` and `sandbox`.
import {execFile} from 'node:child_process'
import {accessSync, constants, readFileSync, statSync} from 'node:fs'
import {homedir} from 'node:os'
import {delimiter, dirname, join} from 'node:path'
import {ConfigError} from '../util/errors.js'
import {packageRoot} from '../util/paths.js'

/** Codex versions the end-to-end suite runs against (inclusive, any patch release). */
export const TESTED_CODEX_VERSIONS = {min: [0, 169], max: [0, 171]} as const
export const TESTED_CODEX_RANGE = `${TESTED_CODEX_VERSIONS.min.join('.')}–${TESTED_CODEX_VERSIONS.max.join('.')}`

/** Where a codex binary was found, in the order they are tried. */
export type CodexSource = 'flag' | 'CODEX_GUARD_CODEX' | 'PATH' | 'npm global prefix' | 'checkout test cache'

export interface CodexLocation {
  path: string
  source: CodexSource
}

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** npm's global bin directories without spawning npm: $npm_config_prefix, ~/.npmrc prefix=, and node's own prefix. */
function npmGlobalBins(env: NodeJS.ProcessEnv, execPath: string): string[] {
  const prefixes: string[] = []
  const fromEnv = env['npm_config_prefix'] ?? env['NPM_CONFIG_PREFIX']
  if (fromEnv) prefixes.push(fromEnv)
  const home = env['HOME'] ?? homedir()
  try {
    const line = /^\s*prefix\s*=\s*(.+?)\s*$/m.exec(readFileSync(join(home, '.npmrc'), 'utf8'))?.[1]
    if (line) prefixes.push(line.replace(/^~(?=\/)/, home).replace(/^\$\{HOME\}/, home))
  } catch {}
  // npm's default global prefix is the directory node is installed in (<prefix>/bin/node).
  prefixes.push(dirname(dirname(execPath)))
  return prefixes.map((prefix) => join(prefix, 'bin'))
}

/**
 * Finds the codex binary the way users have it: an explicit path (flag, else $CODEX_GUARD_CODEX),
 * PATH, npm's global bin directory, then the pinned copy the test set-up installs in this
 * checkout's .cache/codex. An explicit path that does not work is an error, never a fallback.
 */
export function locateCodex(explicit?: string, env: NodeJS.ProcessEnv = process.env, execPath = process.execPath): CodexLocation {
  const pinned = explicit ? {path: explicit, source: 'flag' as const} : env['CODEX_GUARD_CODEX'] ? {path: env['CODEX_GUARD_CODEX'], source: 'CODEX_GUARD_CODEX' as const} : undefined
  if (pinned) {
    if (executable(pinned.path)) return pinned
    throw new ConfigError(`codex binary not found or not executable: ${pinned.path}${pinned.source === 'flag' ? '' : ' (from $CODEX_GUARD_CODEX)'}`)
  }
  const candidates: CodexLocation[] = [
    ...(env['PATH'] ?? '')
      .split(delimiter)
      .filter((dir) => dir !== '')
      .map((dir) => ({path: join(dir, 'codex'), source: 'PATH' as const})),
    ...npmGlobalBins(env, execPath).map((dir) => ({path: join(dir, 'codex'), source: 'npm global prefix' as const})),
    {path: join(packageRoot(), '.cache', 'codex', 'node_modules', '.bin', 'codex'), source: 'checkout test cache'},
  ]
  const found = candidates.find((candidate) => executable(candidate.path))
  if (found) return found
  throw new ConfigError('codex binary not found (PATH, npm global prefix); install it (npm i -g @openai/codex), or pass --codex /path/to/codex or set CODEX_GUARD_CODEX')
}

export function findCodex(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return locateCodex(explicit, env).path
}

/** "codex-cli 0.170.2" → [0, 170, 2]; undefined when the output has no version. */
export function parseCodexVersion(output: string): number[] | undefined {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(output)
  return match ? match.slice(1, 4).map(Number) : undefined
}

/** Whether a `codex --version` output is inside the tested range: 'tested', 'older', 'newer' or 'unknown'. */
export function testedVerdict(output: string): 'tested' | 'older' | 'newer' | 'unknown' {
  const version = parseCodexVersion(output)
  if (!version) return 'unknown'
  const compare = (bound: readonly number[]) => (version[0]! - bound[0]! !== 0 ? version[0]! - bound[0]! : version[1]! - bound[1]!)
  if (compare(TESTED_CODEX_VERSIONS.min) < 0) return 'older'
  if (compare(TESTED_CODEX_VERSIONS.max) > 0) return 'newer'
  return 'tested'
}

/** One line for the user: which codex, from where, which version, and a warning outside the tested range. */
export function describeCodex(location: CodexLocation, versionOutput: string): {line: string; warning?: string} {
  const version = versionOutput.trim() || 'version unknown'
  const verdict = testedVerdict(versionOutput)
  const line = `codex: ${location.path} (${location.source}), ${version}${verdict === 'tested' ? ` (tested range ${TESTED_CODEX_RANGE})` : ''}`
  if (verdict === 'tested') return {line}
  const why = verdict === 'unknown' ? 'its version could not be read' : `it is ${verdict} than the tested range ${TESTED_CODEX_RANGE}`
  return {line, warning: `WARNING: ${why}; codex-guard's checks of Codex behaviour may not hold for it (run codex-guard verify).`}
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
