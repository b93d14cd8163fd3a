// Progress on stderr for long work (verify, big scans): one self-overwriting line on a terminal,
// nothing at all when stderr is piped or redirected (logs and CI stay clean).

export interface ProgressStream {
  isTTY?: boolean
  write(text: string): unknown
}

/** Progress only on an interactive stderr; CODEX_GUARD_NO_PROGRESS=1 or TERM=dumb turn it off. */
export function progressWanted(stream: ProgressStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env['TERM'] !== 'dumb' && !env['CODEX_GUARD_NO_PROGRESS']
}

/** "label: 120/4000 (3%) 2.4 s", or "label 2.4 s" without a count. */
export function renderProgress(label: string, elapsedMs: number, done?: number, total?: number): string {
  const seconds = `${(elapsedMs / 1000).toFixed(1)} s`
  if (done === undefined) return `${label} ${seconds}`
  const share = total ? ` (${Math.floor((Math.min(done, total) / total) * 100)}%)` : ''
  return `${label}: ${done}${total ? `/${total}` : ''}${share} ${seconds}`
}

export interface Progress {
  update(done?: number, total?: number): void
  /** Prints a line of its own above the progress line (piped: just the line). */
  note(line: string): void
  /** Clears the line; call before printing results. */
  stop(): void
}

const CLEAR_LINE = '\r\u001b[2K'

/** A progress line redrawn at most every intervalMs, and every second while nothing reports (elapsed time). */
export function startProgress(label: string, options: {stream?: ProgressStream; env?: NodeJS.ProcessEnv; intervalMs?: number; now?: () => number} = {}): Progress {
  const stream = options.stream ?? process.stderr
  if (!progressWanted(stream, options.env)) return {update() {}, note: (line) => stream.write(`${line}\n`), stop() {}}
  const now = options.now ?? Date.now
  const interval = options.intervalMs ?? 100
  const started = now()
  let last = Number.NEGATIVE_INFINITY
  let done: number | undefined
  let total: number | undefined
  let stopped = false
  const draw = () => {
    last = now()
    stream.write(`${CLEAR_LINE}${renderProgress(label, last - started, done, total)}`)
  }
  const timer = setInterval(draw, 1000)
  timer.unref()
  draw()
  return {
    update(nextDone, nextTotal) {
      if (stopped) return
      done = nextDone
      total = nextTotal ?? total
      if (now() - last >= interval) draw()
    },
    note(line) {
      stream.write(`${CLEAR_LINE}${line}\n`)
      if (!stopped) draw()
    },
    stop() {
      if (stopped) return
      stopped = true
      clearInterval(timer)
      stream.write(CLEAR_LINE)
    },
  }
}
