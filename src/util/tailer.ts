// Following a growing file (plain, or zstd-compressed once complete) line by line.
import {closeSync, existsSync, openSync, readFileSync, readSync, statSync} from 'node:fs'
import {StringDecoder} from 'node:string_decoder'
import * as zlib from 'node:zlib'

export interface FileTailerOptions {
  /** Poll interval; Codex flushes a line per event, so a quarter second is timely enough. */
  pollMs?: number
  onLine: (line: string) => void
  /** One-off conditions worth telling the user (e.g. unsupported compression). */
  onNotice?: (message: string) => void
  onError?: (error: Error) => void
}

const READ_CHUNK = 1 << 20

export const zstdDecompressSync = (zlib as unknown as {zstdDecompressSync?: (buffer: Buffer) => Buffer}).zstdDecompressSync

/**
 * Follows a file as it grows, by polling fs.stat and reading only the new bytes. A trailing
 * partial line waits for its newline (and is flushed by stop()); a file that shrinks or is
 * replaced (new inode) is read again from the start. `.jsonl.zst` files are decompressed where
 * Node has zstd (≥ 22.15) and reported once as unsupported elsewhere.
 */
export class FileTailer {
  private readonly pollMs: number
  private timer: NodeJS.Timeout | undefined
  private position = 0
  private inode: number | undefined
  private partial = ''
  private decoder = new StringDecoder('utf8')
  private stopped = false
  private noticed = false
  private zstdLines = 0
  readonly compressed: boolean

  constructor(
    readonly file: string,
    private readonly options: FileTailerOptions,
  ) {
    this.pollMs = options.pollMs ?? 250
    this.compressed = file.endsWith('.zst')
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.position
  }

  start(): this {
    this.poll()
    this.schedule()
    return this
  }

  /** Reads whatever is new now (synchronously). */
  poll(): void {
    if (this.stopped) return
    try {
      if (this.compressed) this.pollCompressed()
      else this.pollPlain()
    } catch (error) {
      this.options.onError?.(error as Error)
    }
  }

  /** Final read, flushes a partial last line, and stops polling. */
  stop(): void {
    if (this.stopped) return
    this.poll()
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const rest = this.partial + this.decoder.end()
    this.partial = ''
    if (rest !== '') this.emit(rest)
  }

  private schedule(): void {
    if (this.stopped) return
    // unref: a forgotten tailer must never keep the process alive.
    this.timer = setTimeout(() => {
      this.poll()
      this.schedule()
    }, this.pollMs)
    this.timer.unref()
  }

  private pollPlain(): void {
    let stats: ReturnType<typeof statSync>
    try {
      stats = statSync(this.file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    if ((this.inode !== undefined && stats.ino !== this.inode) || stats.size < this.position) {
      // Rotated or truncated: the old partial line belongs to the old content.
      this.position = 0
      this.partial = ''
      this.decoder = new StringDecoder('utf8')
    }
    this.inode = stats.ino
    if (stats.size === this.position) return
    const fd = openSync(this.file, 'r')
    try {
      const buffer = Buffer.allocUnsafe(READ_CHUNK)
      for (;;) {
        const read = readSync(fd, buffer, 0, READ_CHUNK, this.position)
        if (read <= 0) break
        this.position += read
        this.consume(this.decoder.write(buffer.subarray(0, read)))
        if (read < READ_CHUNK) break
      }
    } finally {
      closeSync(fd)
    }
  }

  private pollCompressed(): void {
    if (!zstdDecompressSync) {
      if (!this.noticed) this.options.onNotice?.(`compressed rollout not supported on this Node version (${process.version} has no zstd): ${this.file}`)
      this.noticed = true
      return
    }
    if (!existsSync(this.file)) return
    const size = statSync(this.file).size
    if (size === this.position) return
    let text: string
    try {
      text = zstdDecompressSync(readFileSync(this.file)).toString('utf8')
    } catch {
      return // an incomplete frame: try again at the next poll
    }
    this.position = size
    const lines = text.split('\n')
    const complete = text.endsWith('\n') ? lines.slice(0, -1) : lines
    for (const line of complete.slice(this.zstdLines)) this.emit(line)
    this.zstdLines = complete.length
  }

  private consume(text: string): void {
    const lines = (this.partial + text).split('\n')
    this.partial = lines.pop() ?? ''
    for (const line of lines) this.emit(line)
  }

  private emit(line: string): void {
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line
    if (clean === '') return
    try {
      this.options.onLine(clean)
    } catch (error) {
      this.options.onError?.(error as Error)
    }
  }
}
