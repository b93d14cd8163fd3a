// The wrapped command: spawned with the terminal handed over, signals forwarded to it (to the
// traced command under strace), its exit turned into the shell's exit code.
import {readFileSync} from 'node:fs'
import {constants as osConstants} from 'node:os'
import type {TraceMonitor} from '../monitors/trace.js'

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

export interface ChildOutcome {
  exitCode: number
  signal?: string
  /** Removes the signal handlers (kept until the summary is written, so a late Ctrl-C cannot cut it). */
  release: () => void
}

export interface EarlySignals {
  early: NodeJS.Signals[]
  earlyHandlers: {signal: NodeJS.Signals; handler: () => void}[]
}

/**
 * From the first moment: a signal that arrives while monitors start must neither kill the
 * wrapper (leaving no one to reap the child) nor be lost; it is forwarded once the child runs.
 */
export function holdEarlySignals(): EarlySignals {
  const early: NodeJS.Signals[] = []
  const earlyHandlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = () => void early.push(signal)
    process.on(signal, handler)
    return {signal, handler}
  })
  return {early, earlyHandlers}
}

export function releaseEarlySignals({earlyHandlers}: EarlySignals): void {
  for (const {signal, handler} of earlyHandlers) process.off(signal, handler)
}

export async function spawnChild(
  argv: string[],
  options: {cwd: string; env: NodeJS.ProcessEnv; tracer: () => TraceMonitor | undefined; write: (text: string) => void} & EarlySignals,
): Promise<ChildOutcome> {
  const {execa} = await import('execa')
  const [file, ...args] = argv as [string, ...string[]]
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    stdio: 'inherit',
    reject: false,
    // Forwarded signals are the child's to handle; execa must not escalate to SIGKILL.
    forceKillAfterDelay: false,
  })
  let exited = false
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = () => {
      if (exited) return
      // A terminal's Ctrl-C already reaches the whole foreground process group, child included.
      if (signal === 'SIGINT' && process.stdin.isTTY) return
      const target = options.tracer() ? tracedPid(child.pid, options.tracer()) : child.pid
      try {
        if (target !== undefined) process.kill(target, signal)
      } catch {
        // The child exited between the check and the kill.
      }
    }
    process.on(signal, handler)
    return {signal, handler}
  })
  releaseEarlySignals(options)
  for (const signal of options.early.splice(0)) handlers.find((entry) => entry.signal === signal)?.handler()
  const release = () => {
    for (const {signal, handler} of handlers) process.off(signal, handler)
  }
  const result = await child
  exited = true
  if (result.signal) {
    const number = osConstants.signals[result.signal as keyof typeof osConstants.signals] ?? 0
    return {exitCode: 128 + number, signal: result.signal, release}
  }
  if (result.exitCode === undefined) {
    // Never started (not found, not executable): the shell's conventions.
    const code = (result as {code?: string}).code
    options.write(`codex-guard: cannot run ${argv[0]}: ${result.originalMessage || result.shortMessage}\n`)
    return {exitCode: code === 'ENOENT' ? 127 : 126, release}
  }
  return {exitCode: result.exitCode, release}
}

/** Under strace, signals go to the traced command (strace -o blocks fatal signals itself). */
function tracedPid(stracePid: number | undefined, tracer: TraceMonitor | undefined): number | undefined {
  if (stracePid !== undefined) {
    try {
      const children = readFileSync(`/proc/${stracePid}/task/${stracePid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
      if (children[0]) return Number(children[0])
    } catch {}
  }
  return tracer?.rootPid ?? stracePid
}
