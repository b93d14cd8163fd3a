// The one git runner. Decision: a thin wrapper over node:child_process, not simple-git and not
// execa. simple-git was only ever used as a raw runner here (revparse, raw): none of its typed
// porcelain parsers, and it resolves some failing commands that print nothing to stderr, so the
// exit code had to come from a second runner anyway; execa and simple-git each cost tens of
// milliseconds to import, which the pre-commit hook and the Codex hook cannot pay (toolchain.md
// §3), and neither is needed for argv arrays, stdin, exit codes, Buffers or line streaming.
// Arguments are argv arrays; paths and ref names are data, never shell text. The environment is
// inherited on purpose: when git runs a hook for `git commit -a` or `git commit <paths>` it
// points GIT_INDEX_FILE at a temporary index, and that index is what will be committed.
import {spawn} from 'node:child_process'
import {createRequire} from 'node:module'

export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message)
    this.name = 'GitError'
  }
}

export interface GitOptions {
  cwd: string
  input?: string | Buffer
  /** exit codes that are not errors (default: 0 only) */
  okCodes?: number[]
  env?: NodeJS.ProcessEnv
}

/**
 * Config that makes porcelain output parseable whatever the user's settings: C-quoted paths with
 * octal escapes, no colour, no external diff or textconv drivers, standard a/ b/ prefixes.
 */
export const STABLE_CONFIG = ['-c', 'core.quotePath=true', '-c', 'color.ui=never', '-c', 'diff.noprefix=false', '-c', 'diff.mnemonicPrefix=false']

export interface GitResult {
  /** null when git was killed by a signal */
  code: number | null
  stdout: Buffer
  stderr: string
}

const gitEnv = (options: GitOptions) => ({...(options.env ?? process.env), GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0'})

/** Runs git and resolves with its exit code and output whatever the code (rejects only when git cannot start). */
export function gitResult(args: string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, {cwd: options.cwd, env: gitEnv(options), stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']})
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', (error) => reject(new GitError(`cannot run git: ${error.message}`, null, '')))
    child.on('close', (code) => resolvePromise({code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8').trim()}))
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {
        // git exited before reading everything; the close handler reports the failure
      })
      child.stdin.end(options.input)
    }
  })
}

const failure = (args: string[], code: number | null, stderr: string) =>
  new GitError(
    `git ${args
      .filter((arg) => !arg.startsWith('-c') && !arg.includes('='))
      .slice(0, 2)
      .join(' ')} failed (exit ${code}): ${stderr.split('\n')[0] ?? ''}`,
    code,
    stderr,
  )

/** Runs git and resolves with its stdout; rejects with a GitError on an exit code outside okCodes (default 0). */
export async function runGit(args: string[], options: GitOptions): Promise<Buffer> {
  const {code, stdout, stderr} = await gitResult(args, options)
  if (code === 0 || (code !== null && options.okCodes?.includes(code))) return stdout
  throw failure(args, code, stderr)
}

/** Streams git's stdout line by line (bounded memory on huge output); throws a GitError after the last line on failure. */
export async function* gitLines(args: string[], options: GitOptions): AsyncGenerator<string> {
  const child = spawn('git', args, {cwd: options.cwd, env: gitEnv(options), stdio: ['ignore', 'pipe', 'pipe']})
  const err: Buffer[] = []
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
  const closed = new Promise<number | null>((resolvePromise, reject) => {
    child.on('error', (error) => reject(new GitError(`cannot run git: ${error.message}`, null, '')))
    child.on('close', resolvePromise)
  })
  // required here: readline's modules would load in every pre-commit check and hook call otherwise
  const {createInterface} = createRequire(import.meta.url)('node:readline') as typeof import('node:readline')
  for await (const line of createInterface({input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY})) yield line
  const code = await closed
  if (code !== 0) throw failure(args, code, Buffer.concat(err).toString('utf8').trim())
}

export async function gitText(args: string[], options: GitOptions): Promise<string> {
  return (await runGit(args, options)).toString('utf8')
}

/** Decodes a C-quoted git path ("a\tb\303\274") to its bytes; unquoted paths are returned as UTF-8 bytes. */
export function unquoteCPath(value: string): Buffer {
  if (!(value.startsWith('"') && value.endsWith('"') && value.length >= 2)) return Buffer.from(value, 'utf8')
  const body = value.slice(1, -1)
  const bytes: number[] = []
  const simple: Record<string, number> = {a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92}
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!
    if (char !== '\\') {
      for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte)
      continue
    }
    const next = body[index + 1]
    if (next === undefined) {
      bytes.push(92)
      break
    }
    if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(index + 1))![0]
      bytes.push(Number.parseInt(octal, 8) & 0xff)
      index += octal.length
      continue
    }
    bytes.push(simple[next] ?? next.charCodeAt(0))
    index++
  }
  return Buffer.from(bytes)
}
