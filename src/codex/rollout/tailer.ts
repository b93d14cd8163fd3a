// A FileTailer that parses each line as a rollout record.
import {FileTailer} from '../../util/tailer.js'
import {parseRolloutLine, type RolloutRecord, type UnknownRecord} from './records.js'

export interface RolloutTailerOptions {
  pollMs?: number
  onRecord: (record: RolloutRecord, line: string) => void
  onNotice?: (message: string) => void
  onError?: (error: Error) => void
  /** Unknown lines kept for inspection (the count is always exact). */
  keepUnknown?: number
}

/** A FileTailer that parses each line as a rollout record and counts what it could not recognise. */
export class RolloutTailer {
  private readonly tailer: FileTailer
  readonly counts = {lines: 0, unknown: 0}
  readonly unknown: UnknownRecord[] = []

  constructor(
    readonly file: string,
    options: RolloutTailerOptions,
  ) {
    const keep = options.keepUnknown ?? 100
    this.tailer = new FileTailer(file, {
      pollMs: options.pollMs,
      onNotice: options.onNotice,
      onError: options.onError,
      onLine: (line) => {
        const record = parseRolloutLine(line)
        this.counts.lines++
        if (record.kind === 'unknown') {
          this.counts.unknown++
          if (this.unknown.length < keep) this.unknown.push(record)
        }
        options.onRecord(record, line)
      },
    })
  }

  start(): this {
    this.tailer.start()
    return this
  }

  poll(): void {
    this.tailer.poll()
  }

  stop(): void {
    this.tailer.stop()
  }
}
