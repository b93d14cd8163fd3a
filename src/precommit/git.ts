// Minimal git runner for the pre-commit hot path: node:child_process only (execa and simple-git
// cost tens of milliseconds to import, see toolchain.md §3). Arguments are argv arrays; paths and
// ref names are data, never shell text. The environment is inherited on purpose: when git runs a
// hook for `git commit -a` or `git commit <paths>` it points GIT_INDEX_FILE at a temporary index,
// and that index is what will be committed.
import {spawn} from 'node:child_process'

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

export function runGit(args: string[], options: GitOptions): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: {...(options.env ?? process.env), GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0'},
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', (error) => reject(new GitError(`cannot run git: ${error.message}`, null, '')))
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8').trim()
      if (code === 0 || (code !== null && options.okCodes?.includes(code))) resolvePromise(Buffer.concat(out))
      else reject(new GitError(`git ${args.filter((arg) => !arg.startsWith('-c') && !arg.includes('=')).slice(0, 2).join(' ')} failed (exit ${code}): ${stderr.split('\n')[0] ?? ''}`, code, stderr))
    })
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {
        // git exited before reading everything; the close handler reports the failure
      })
      child.stdin.end(options.input)
    }
  })
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
