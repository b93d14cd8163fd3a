// Optional OS-level tracing (`codex-guard run --trace`, Linux): the wrapped command runs under
// strace, which reports network connects and file opens with the pid that made them — the only
// unprivileged way here to see *reads* (inotify has no access events) and to attribute them.
// strace writes into a FIFO in codex-guard's private state directory (outside the workspace and
// /tmp, so the sandboxed agent cannot inject lines), read without blocking through a net.Socket.
// Besides connect/sendto/openat/open, execve and clone are traced so each pid can be attributed
// to a program: Codex reading its own auth.json or calling its model API is then told apart
// from a tool it spawned doing the same.
import {execFile, execFileSync} from 'node:child_process'
import {accessSync, constants, mkdirSync, openSync, rmSync, statSync} from 'node:fs'
import {Socket} from 'node:net'
import {basename, delimiter, isAbsolute, join, resolve} from 'node:path'
import type {SensitiveHit, SensitiveLocations} from '../../analysis/locations.js'
import {FileTailer} from '../../util/tailer.js'

/** connect/sendto for the network, openat/open for files ("?" tolerates arches without open(2)), execve/clone for attribution. */
export const TRACE_SYSCALLS = 'connect,sendto,openat,?open,execve,clone,clone3,fork,vfork'

/** strace argv (without the strace binary itself) tracing `command` into `output`. */
export function straceArgs(output: string, command: string[], options: {seccompBpf?: boolean} = {}): string[] {
  // -f children too · --seccomp-bpf stop only on traced syscalls (Codex ran 16 s instead of 4.5 s
  // without it here) · -qq no attach/exit chatter · -y paths for fds (AT_FDCWD</cwd>, = 3</abs/path>)
  const seccomp = options.seccompBpf === false ? [] : ['--seccomp-bpf']
  return ['-f', ...seccomp, '-qq', '-y', '-e', `trace=${TRACE_SYSCALLS}`, '-e', 'signal=none', '-o', output, '--', ...command]
}

export function traceUnavailableMessage(reason: string): string {
  return `OS-level tracing unavailable (${reason}); falling back to transcript and file monitors`
}

export type TraceSupport = {available: true; strace: string; seccompBpf: boolean} | {available: false; reason: string; message: string}

/** The first executable `name` on PATH. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      if (statSync(candidate).isFile()) return candidate
    } catch {}
  }
  return undefined
}

/** Whether tracing can work here: Linux, strace on PATH, and ptrace allowed (probed on `true`). */
export async function checkTraceSupport(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<TraceSupport> {
  const unavailable = (reason: string): TraceSupport => ({available: false, reason, message: traceUnavailableMessage(reason)})
  if (platform !== 'linux') return unavailable(`not Linux: ${platform}`)
  const strace = findExecutable('strace', env)
  if (!strace) return unavailable('strace not found')
  // The probe runs the exact flags of the real run, so an old strace (no --seccomp-bpf, before
  // 5.3) or a ptrace ban is found here and never stops the user's command from starting.
  const probe = (seccompBpf: boolean) =>
    new Promise<{ok: boolean; detail: string}>((resolvePromise) => {
      execFile(strace, straceArgs('/dev/null', ['true'], {seccompBpf}), {timeout: 10_000, env}, (error, _stdout, stderr) => {
        resolvePromise({ok: !error, detail: String(stderr).trim().split('\n')[0] || (error?.message ?? '')})
      })
    })
  if ((await probe(true)).ok) return {available: true, strace, seccompBpf: true}
  const plain = await probe(false)
  if (!plain.ok) return unavailable(`strace cannot trace here: ${plain.detail}`)
  return {available: true, strace, seccompBpf: false}
}

// ---------------------------------------------------------------------------------------------
// Parsing strace output

export interface Syscall {
  pid?: number
  name: string
  args: string
  /** undefined for "?" (the process exited inside the call). */
  result?: number
  errno?: string
  /** With -y, the path behind a returned fd: `= 3</etc/hostname>`. */
  resultPath?: string
}

const PID_PREFIX = /^(?:\[pid\s+(\d+)\]|(\d+))\s+/
const CALL = /^([a-z0-9_]+)\((.*)\)\s+=\s+(-?\d+|\?)(?:<(.*?)>)?(?:\s+(E[A-Z0-9]+))?(?:\s+\(.*\))?\s*$/

/**
 * Parses one strace line. Lines split by a context switch (`… <unfinished ...>` and later
 * `<... name resumed>…`) are joined through `pending`, keyed by pid. Signals, exits and
 * anything else return undefined.
 */
export function parseSyscallLine(line: string, pending: Map<number, string>): Syscall | undefined {
  let text = line
  let pid: number | undefined
  const prefix = PID_PREFIX.exec(text)
  if (prefix) {
    pid = Number(prefix[1] ?? prefix[2])
    text = text.slice(prefix[0].length)
  }
  const key = pid ?? 0
  const unfinished = /\s*<unfinished \.\.\.>\s*$/.exec(text)
  if (unfinished) {
    pending.set(key, text.slice(0, unfinished.index))
    return undefined
  }
  const resumed = /^<\.\.\. ([a-z0-9_]+) resumed>\s*(.*)$/.exec(text)
  if (resumed) {
    const start = pending.get(key)
    pending.delete(key)
    if (start === undefined || !start.startsWith(`${resumed[1]}(`)) return undefined
    text = `${start}${start.endsWith(', ') || resumed[2]!.startsWith(')') ? '' : ' '}${resumed[2]}`
  }
  const match = CALL.exec(text)
  if (!match) return undefined
  const result = match[3] === '?' ? undefined : Number(match[3])
  return {
    ...(pid !== undefined ? {pid} : {}),
    name: match[1]!,
    args: match[2]!,
    ...(result !== undefined ? {result} : {}),
    ...(match[5] ? {errno: match[5]} : {}),
    ...(match[4] !== undefined ? {resultPath: decodeStraceString(match[4])} : {}),
  }
}

/** Undoes strace's C-style escaping (\" \\ \n \t \ooo \xhh) and decodes the bytes as UTF-8. */
export function decodeStraceString(text: string): string {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c !== '\\' || i + 1 >= text.length) {
      for (const byte of Buffer.from(c, 'utf8')) bytes.push(byte)
      continue
    }
    const next = text[i + 1]!
    const simple: Record<string, number> = {n: 10, t: 9, r: 13, v: 11, f: 12, a: 7, b: 8, '\\': 92, '"': 34, "'": 39}
    if (next in simple) {
      bytes.push(simple[next]!)
      i++
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      bytes.push(Number.parseInt(text.slice(i + 2, i + 4), 16))
      i += 3
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1))![0]
      bytes.push(Number.parseInt(octal, 8) & 0xff)
      i += octal.length
    } else {
      bytes.push(92)
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"'
const OPENAT_ARGS = new RegExp(`^(AT_FDCWD|-?\\d+)(?:<((?:[^>\\\\]|\\\\.)*)>)?,\\s*${QUOTED}(?:\\.\\.\\.)?,\\s*([A-Z0-9_|]+)`)
const OPEN_ARGS = new RegExp(`^${QUOTED}(?:\\.\\.\\.)?,\\s*([A-Z0-9_|]+)`)

export type FileAccess = 'read' | 'write' | 'list'

export type StraceEvent =
  | {type: 'network'; pid: number; program?: string; lineage: string[]; syscall: 'connect' | 'sendto'; family: 'AF_INET' | 'AF_INET6'; address: string; port: number; ok: boolean; errno?: string}
  | {type: 'open'; pid: number; program?: string; lineage: string[]; syscall: 'openat' | 'open'; path: string; resolvedPath?: string; access: FileAccess; ok: boolean; errno?: string}
  | {type: 'exec'; pid: number; program: string}

/** Errors that mean "attempted": the connection was made or was under way (non-blocking sockets). */
const CONNECT_IN_PROGRESS = new Set(['EINPROGRESS', 'EALREADY', 'EAGAIN'])

/** Turns strace lines into network, open and exec events, attributing pids to programs. */
export class StraceParser {
  private readonly pending = new Map<number, string>()
  private readonly programs = new Map<number, string>()
  private readonly parents = new Map<number, number>()
  /** The first pid seen: the traced command itself. */
  rootPid: number | undefined

  programOf(pid: number): string | undefined {
    return this.programs.get(pid)
  }

  /**
   * Program basenames from pid up to the traced command, consecutive repeats collapsed, e.g.
   * ["cat", "bash", "codex-linux-sandbox", "bwrap", "codex", "node"]: who really did it.
   */
  lineage(pid: number): string[] {
    const out: string[] = []
    const seen = new Set<number>()
    for (let current: number | undefined = pid; current !== undefined && !seen.has(current); current = this.parents.get(current)) {
      seen.add(current)
      const program = this.programs.get(current)
      const name = program ? basename(program) : '?'
      if (out[out.length - 1] !== name) out.push(name)
    }
    return out
  }

  push(line: string): StraceEvent | undefined {
    const call = parseSyscallLine(line, this.pending)
    if (!call) return undefined
    const pid = call.pid ?? 0
    if (this.rootPid === undefined && call.pid !== undefined) this.rootPid = call.pid
    switch (call.name) {
      case 'execve':
      case 'execveat': {
        if (call.result !== 0) return undefined
        const path = new RegExp(`^(?:[^,]*,\\s*)?${QUOTED}`).exec(call.args)
        if (!path) return undefined
        const program = decodeStraceString(path[1]!)
        this.programs.set(pid, program)
        return {type: 'exec', pid, program}
      }
      case 'clone':
      case 'clone3':
      case 'fork':
      case 'vfork': {
        // The child runs the parent's program until it execs (threads for good).
        const parent = this.programs.get(pid)
        if (call.result === undefined || call.result <= 0) return undefined
        if (!this.parents.has(call.result)) this.parents.set(call.result, pid)
        if (parent && !this.programs.has(call.result)) this.programs.set(call.result, parent)
        return undefined
      }
      case 'connect':
      case 'sendto':
        return this.network(call, pid)
      case 'openat':
      case 'open':
        return this.open(call, pid)
      default:
        return undefined
    }
  }

  private network(call: Syscall, pid: number): StraceEvent | undefined {
    const family = /sa_family=(AF_INET6?)\b/.exec(call.args)?.[1] as 'AF_INET' | 'AF_INET6' | undefined
    if (!family) return undefined // AF_UNIX, AF_NETLINK, or sendto on a connected socket
    const port = Number(/sin6?_port=htons\((\d+)\)/.exec(call.args)?.[1] ?? Number.NaN)
    const address = family === 'AF_INET' ? /inet_addr\("([^"]+)"\)/.exec(call.args)?.[1] : /inet_pton\(AF_INET6,\s*"([^"]+)"/.exec(call.args)?.[1]
    if (address === undefined || Number.isNaN(port)) return undefined
    const ok = call.result !== undefined && (call.result >= 0 || (call.errno !== undefined && CONNECT_IN_PROGRESS.has(call.errno)))
    const program = this.programs.get(pid)
    return {
      type: 'network',
      pid,
      ...(program ? {program} : {}),
      lineage: this.lineage(pid),
      syscall: call.name as 'connect' | 'sendto',
      family,
      address,
      port,
      ok,
      ...(call.errno ? {errno: call.errno} : {}),
    }
  }

  private open(call: Syscall, pid: number): StraceEvent | undefined {
    let path: string
    let flags: string
    if (call.name === 'openat') {
      const match = OPENAT_ARGS.exec(call.args)
      if (!match) return undefined
      const requested = decodeStraceString(match[3]!)
      const dir = match[2] !== undefined ? decodeStraceString(match[2]) : undefined
      path = isAbsolute(requested) || dir === undefined ? requested : resolve(dir, requested)
      flags = match[4]!
    } else {
      const match = OPEN_ARGS.exec(call.args)
      if (!match) return undefined
      path = decodeStraceString(match[1]!)
      flags = match[2]!
    }
    if (flags.split('|').includes('O_PATH')) return undefined
    const access: FileAccess = flags.includes('O_DIRECTORY') ? 'list' : flags.split('|').includes('O_WRONLY') ? 'write' : 'read'
    const ok = call.result !== undefined && call.result >= 0
    const program = this.programs.get(pid)
    const resolvedPath = ok && call.resultPath && isAbsolute(call.resultPath) && call.resultPath !== path ? call.resultPath : undefined
    return {
      type: 'open',
      pid,
      ...(program ? {program} : {}),
      lineage: this.lineage(pid),
      syscall: call.name as 'openat' | 'open',
      path,
      ...(resolvedPath ? {resolvedPath} : {}),
      access,
      ok,
      ...(call.errno ? {errno: call.errno} : {}),
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The monitor

export type TraceReport =
  | {type: 'network'; pid: number; program?: string; lineage: string[]; address: string; port: number; family: string; ok: boolean; errno?: string; syscall: string}
  | {type: 'sensitive-open'; pid: number; program?: string; lineage: string[]; path: string; match: SensitiveHit; access: FileAccess; ok: boolean; denied: boolean; errno?: string}
  | {type: 'notice'; message: string}
  | {type: 'error'; message: string}

export interface TraceMonitorOptions {
  /** A private directory (0700) for the FIFO; removed by stop(). */
  dir: string
  matcher: SensitiveLocations
  onEvent: (report: TraceReport) => void
}

/** Errors that mean the open was refused by permissions or the sandbox (a blocked read). */
const DENIED = new Set(['EACCES', 'EPERM'])

export class TraceMonitor {
  private readonly parser = new StraceParser()
  private readonly seen = new Set<string>()
  private socket: Socket | undefined
  private tailer: FileTailer | undefined
  private partial = ''
  private ended: Promise<void> = Promise.resolve()
  private output: string | undefined
  readonly stats = {lines: 0, network: 0, sensitiveOpens: 0, duplicates: 0}

  constructor(private readonly options: TraceMonitorOptions) {}

  /** The first pid strace reported: the traced command (signals are forwarded to it). */
  get rootPid(): number | undefined {
    return this.parser.rootPid
  }

  /** Creates the FIFO (a plain file where mkfifo fails) and starts reading; returns the path for `strace -o`. */
  prepare(): string {
    mkdirSync(this.options.dir, {recursive: true, mode: 0o700})
    const fifo = join(this.options.dir, 'strace.fifo')
    rmSync(fifo, {force: true})
    this.output = fifo
    try {
      execFileSync('mkfifo', ['-m', '600', fifo], {stdio: 'ignore'})
      // O_NONBLOCK: opening a FIFO for reading would otherwise wait for strace to open it.
      const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)
      const socket = new Socket({fd, readable: true, writable: false})
      this.socket = socket
      this.ended = new Promise((resolvePromise) => {
        socket.on('end', resolvePromise)
        socket.on('close', resolvePromise)
      })
      socket.on('data', (chunk: Buffer) => this.consume(chunk.toString('utf8')))
      socket.on('error', (error) => this.report({type: 'error', message: `trace reader: ${error.message}`}))
      return fifo
    } catch {
      const file = join(this.options.dir, 'strace.log')
      rmSync(fifo, {force: true})
      this.output = file
      this.tailer = new FileTailer(file, {onLine: (line) => this.line(line), onError: (error) => this.report({type: 'error', message: `trace reader: ${error.message}`})}).start()
      return file
    }
  }

  /** The full argv to spawn: strace tracing `command` into the prepared output. */
  command(strace: string, command: string[], options: {seccompBpf?: boolean} = {}): string[] {
    if (!this.output) throw new Error('TraceMonitor.prepare() must run first')
    return [strace, ...straceArgs(this.output, command, options)]
  }

  /** Reads what is left (strace closes the FIFO when the traced tree exits), then cleans up. */
  async stop(graceMs = 1000): Promise<void> {
    if (this.socket) {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([this.ended, new Promise<void>((resolvePromise) => (timer = setTimeout(resolvePromise, graceMs)))])
      clearTimeout(timer)
      this.socket.destroy()
      this.socket = undefined
    }
    this.tailer?.stop()
    this.tailer = undefined
    if (this.partial) this.line(this.partial)
    this.partial = ''
    rmSync(this.options.dir, {recursive: true, force: true})
  }

  private consume(text: string): void {
    const lines = (this.partial + text).split('\n')
    this.partial = lines.pop() ?? ''
    for (const line of lines) this.line(line)
  }

  private line(line: string): void {
    this.stats.lines++
    let event: StraceEvent | undefined
    try {
      event = this.parser.push(line)
    } catch (error) {
      this.report({type: 'error', message: `trace parser: ${(error as Error).message}`})
      return
    }
    if (!event || event.type === 'exec') return
    if (event.type === 'network') {
      // Once per program and destination: a retry loop is one finding, not a thousand.
      if (this.once(`net|${event.program}|${event.address}|${event.port}`)) {
        this.stats.network++
        this.report({
          type: 'network',
          pid: event.pid,
          ...(event.program ? {program: event.program} : {}),
          lineage: event.lineage,
          address: event.address,
          port: event.port,
          family: event.family,
          ok: event.ok,
          syscall: event.syscall,
          ...(event.errno ? {errno: event.errno} : {}),
        })
      }
      return
    }
    const denied = !event.ok && event.errno !== undefined && DENIED.has(event.errno)
    if (!event.ok && !denied) return // ENOENT and friends: nothing was there to read
    const match = this.options.matcher.match(event.path) ?? (event.resolvedPath ? this.options.matcher.match(event.resolvedPath) : undefined)
    if (!match) return
    if (!this.once(`open|${event.program}|${match.path}|${event.access}|${denied}`)) return
    this.stats.sensitiveOpens++
    this.report({
      type: 'sensitive-open',
      pid: event.pid,
      ...(event.program ? {program: event.program} : {}),
      lineage: event.lineage,
      path: match.path,
      match,
      access: event.access,
      ok: event.ok,
      denied,
      ...(event.errno ? {errno: event.errno} : {}),
    })
  }

  private once(key: string): boolean {
    if (this.seen.has(key)) {
      this.stats.duplicates++
      return false
    }
    this.seen.add(key)
    return true
  }

  private report(report: TraceReport): void {
    try {
      this.options.onEvent(report)
    } catch {
      // The consumer's failure must not stop the reader; the run wrapper reports its own errors.
    }
  }
}

/** Codex's sandbox launchers: everything below them is the agent's work. */
const SANDBOX_LAUNCHERS = new Set(['codex-linux-sandbox', 'bwrap'])
/** Helpers Codex runs for itself (repository metadata): not the agent when Codex is their caller. */
const CODEX_HELPERS = /^git(?:-remote-.*)?$/

/**
 * Whether a traced process is Codex itself or a helper it ran directly (git for repository
 * info), rather than a command of the agent: the first ancestor that is not a helper is the
 * codex binary, with no sandbox launcher or shell in between.
 */
export function isCodexItself(lineage: string[]): boolean {
  for (const name of lineage) {
    if (SANDBOX_LAUNCHERS.has(name)) return false
    if (/^codex/.test(name)) return true
    if (!CODEX_HELPERS.test(name)) return false
  }
  return false
}
