// Follows the session's Codex rollout(s): discovers every rollout Codex starts for the cwd (new
// threads, sub-agents, a resumed session) and tails each, handing joined activity to the caller.
import {findSessionRollouts, type RolloutScanCache} from '../../codex/rollout/discovery.js'
import {type RolloutActivity, RolloutJoiner} from '../../codex/rollout/joiner.js'
import {RolloutTailer} from '../../codex/rollout/tailer.js'

export interface RolloutMonitorOptions {
  codexHome: string
  cwd: string
  startedAt: Date
  pollMs: number
  discoveryMs: number
  onAttach: (file: string) => void
  onActivity: (activity: RolloutActivity, file: string, joiner: RolloutJoiner) => void
  onNotice: (message: string) => void
  onError: (error: Error) => void
}

/** Discovers every rollout Codex starts for this cwd (new threads, sub-agents) and tails each. */
export class RolloutMonitor {
  private timer: NodeJS.Timeout | undefined
  private readonly followed = new Map<string, {tailer: RolloutTailer; joiner: RolloutJoiner}>()
  private readonly cache: RolloutScanCache = new Map()
  private stopped = false
  private scans = 0

  constructor(private readonly options: RolloutMonitorOptions) {}

  get unknownLines(): {file: string; count: number; reasons: string[]}[] {
    return [...this.followed.entries()].map(([file, {tailer}]) => ({file, count: tailer.counts.unknown, reasons: [...new Set(tailer.unknown.map((record) => record.reason))].slice(0, 5)}))
  }

  start(): void {
    this.scan()
    this.schedule()
  }

  stop(): void {
    if (this.stopped) return
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.scan(true)
    for (const [file, {tailer, joiner}] of this.followed) {
      tailer.stop()
      for (const activity of joiner.flush()) this.deliver(activity, file, joiner)
    }
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.scan()
      this.schedule()
    }, this.options.discoveryMs)
    this.timer.unref()
  }

  private scan(final = false): void {
    let files: string[]
    try {
      // The whole sessions tree (for resumed sessions) every fifth scan; the recent days otherwise.
      const allDays = final || this.scans++ % 5 === 0
      files = findSessionRollouts(this.options.codexHome, this.options.cwd, this.options.startedAt, this.cache, {allDays})
    } catch (error) {
      this.options.onError(error as Error)
      return
    }
    for (const file of files.reverse()) {
      if (this.followed.has(file)) continue
      const joiner = new RolloutJoiner()
      // A resumed session appends to an old rollout: what was written before this run is history.
      const since = this.options.startedAt.getTime() - 5000
      const tailer = new RolloutTailer(file, {
        pollMs: this.options.pollMs,
        onRecord: (record) => {
          if (record.kind !== 'session_meta' && record.kind !== 'unknown' && record.timestamp && Date.parse(record.timestamp) < since) return
          for (const activity of joiner.push(record)) this.deliver(activity, file, joiner)
        },
        onNotice: this.options.onNotice,
        onError: this.options.onError,
      })
      this.followed.set(file, {tailer, joiner})
      this.options.onAttach(file)
      // A rollout found by the final scan is read once, synchronously, by stop().
      if (!final) tailer.start()
    }
  }

  private deliver(activity: RolloutActivity, file: string, joiner: RolloutJoiner): void {
    try {
      this.options.onActivity(activity, file, joiner)
    } catch (error) {
      this.options.onError(error as Error)
    }
  }
}
