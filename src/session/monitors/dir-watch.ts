// Workspace watcher with one inotify watch per directory (fs.watch on each directory reports
// its entries). chokidar 5 takes one watch per *file*: 20k files cost 20k watches, about 250 MB
// and seconds of start-up, which the `run` wrapper cannot afford on large repositories
// (bench/run.js). Emits the chokidar event names the file monitor already consumes.
import {EventEmitter} from 'node:events'
import {type Dirent, type FSWatcher, watch} from 'node:fs'
import {readdir, stat} from 'node:fs/promises'
import {join} from 'node:path'

export interface DirectoryWatcherOptions {
  /** Paths (files or directories) to skip; directories are not descended into. */
  ignored: (path: string) => boolean
  /** Coalesces the several inotify events one write produces. */
  settleMs?: number
}

export class DirectoryWatcher extends EventEmitter {
  private readonly watchers = new Map<string, FSWatcher>()
  private readonly files = new Set<string>()
  private readonly pending = new Map<string, NodeJS.Timeout>()
  private closed = false

  constructor(
    private readonly root: string,
    private readonly options: DirectoryWatcherOptions,
  ) {
    super()
  }

  /** Walks the tree, watching every directory; emits 'ready' when done. */
  async start(): Promise<void> {
    await this.addDirectory(this.root, false)
    if (!this.closed) this.emit('ready')
  }

  get watchCount(): number {
    return this.watchers.size
  }

  private async addDirectory(dir: string, announce: boolean): Promise<void> {
    const queue = [dir]
    while (queue.length > 0 && !this.closed) {
      const current = queue.shift()!
      if (this.watchers.has(current)) continue
      try {
        const watcher = watch(current, {persistent: false}, (_type, name) => {
          if (name) this.schedule(join(current, name.toString()))
        })
        watcher.on('error', (error) => this.emit('error', error))
        this.watchers.set(current, watcher)
      } catch (error) {
        this.emit('error', error)
        if (['ENOSPC', 'EMFILE'].includes((error as NodeJS.ErrnoException).code ?? '')) return
        continue
      }
      let entries: Dirent[]
      try {
        entries = await readdir(current, {withFileTypes: true})
      } catch {
        continue
      }
      for (const entry of entries) {
        const path = join(current, entry.name)
        if (this.options.ignored(path)) continue
        if (entry.isDirectory()) queue.push(path)
        else if (entry.isFile() || entry.isSymbolicLink()) {
          if (!this.files.has(path) && announce) this.emit('add', path)
          this.files.add(path)
        }
      }
    }
  }

  private schedule(path: string): void {
    if (this.closed || this.options.ignored(path)) return
    clearTimeout(this.pending.get(path))
    this.pending.set(
      path,
      setTimeout(() => {
        this.pending.delete(path)
        void this.settle(path)
      }, this.options.settleMs ?? 30),
    )
  }

  private async settle(path: string): Promise<void> {
    if (this.closed) return
    let isDirectory = false
    let exists = true
    try {
      isDirectory = (await stat(path)).isDirectory()
    } catch {
      exists = false
    }
    if (!exists) {
      if (this.files.delete(path)) this.emit('unlink', path)
      for (const [dir, watcher] of this.watchers) {
        if (dir === path || dir.startsWith(`${path}/`)) {
          watcher.close()
          this.watchers.delete(dir)
        }
      }
      for (const file of [...this.files]) {
        if (file.startsWith(`${path}/`)) {
          this.files.delete(file)
          this.emit('unlink', file)
        }
      }
      return
    }
    if (isDirectory) {
      // A directory created mid-session: watch it and report what is already inside.
      await this.addDirectory(path, true)
      return
    }
    if (this.files.has(path)) this.emit('change', path)
    else {
      this.files.add(path)
      this.emit('add', path)
    }
  }

  async close(): Promise<void> {
    this.closed = true
    for (const timer of this.pending.values()) clearTimeout(timer)
    this.pending.clear()
    for (const watcher of this.watchers.values()) watcher.close()
    this.watchers.clear()
  }
}
