// File monitor for a wrapped session: the workspace and the catalogue's
// sensitive home locations. It sees creations, changes and deletions (never reads: inotify via
// fs.watch has no access events), and reports what matters for an agent session: secret files
// appearing mid-session (Codex expands deny-read globs only when the sandbox starts), writes to
// protected agent/CI files, and bulk rewrites. chokidar 5 takes one inotify watch per file, so the
// workspace uses a per-directory watcher (dir-watch.ts) and chokidar watches the small home locations;
// build output and dependencies are ignored before they are descended into, and hitting the
// inotify limit degrades to "monitor disabled" instead of failing the session.
import {existsSync, statSync} from 'node:fs'
import {dirname, isAbsolute, relative, resolve, sep} from 'node:path'
import type {FSWatcher} from 'chokidar'
import {type DirectoryEvent, DirectoryWatcher} from './dir-watch.js'

/** What the monitor needs from a watcher: chokidar's FSWatcher or the directory watcher. */
type Watcher = Pick<FSWatcher, 'on' | 'once' | 'close'> | DirectoryWatcher

import {Minimatch} from 'minimatch'
import {type SensitiveHit, SensitiveLocations} from '../../analysis/locations.js'
import {PROTECTED_GLOBS} from '../../policy/catalogue.js'
import type {EffectivePolicy} from '../../policy/effective.js'
import {globsMatcher} from '../../util/glob.js'

export type FileChange = 'created' | 'changed' | 'deleted'

export interface FileChangeEvent {
  type: 'change'
  change: FileChange
  /** Absolute path. */
  path: string
  /** Workspace-relative path (workspace events only). */
  relative?: string
  area: 'workspace' | 'home'
  sensitive?: SensitiveHit
  /** The protected glob the file matches (workspace events only). */
  protectedGlob?: string
  /** Set for sensitive and protected files: what to tell the user. */
  message?: string
}

export interface BulkChangeEvent {
  type: 'bulk'
  count: number
  windowMs: number
  message: string
}

export interface MonitorStateEvent {
  type: 'disabled' | 'error' | 'notice'
  message: string
  error?: Error
}

export type FileMonitorEvent = FileChangeEvent | BulkChangeEvent | MonitorStateEvent

export interface FileMonitorOptions {
  root: string
  policy: EffectivePolicy
  onEvent: (event: FileMonitorEvent) => void
  home?: string
  codexHome?: string
  /** Extra ignores: a bare name ignores that file or directory anywhere, otherwise a glob relative to root. */
  ignore?: string[]
  /** Absolute paths under the home locations that are expected to change (Codex's own transcripts). */
  homeIgnore?: string[]
  /** Watch the sensitive home locations too (default true). */
  watchHome?: boolean
  /** More than this many files changed within bulkWindowMs is reported once per window. */
  bulkThreshold?: number
  bulkWindowMs?: number
  /** How long start() waits for the initial scan before letting the session go on. */
  readyTimeoutMs?: number
}

/** Directories skipped anywhere in the workspace: dependencies and build output. */
export const DEFAULT_IGNORED_DIRS = ['node_modules', 'dist', 'build', 'out', '.next', 'target', 'coverage']

export const INOTIFY_LIMIT_MESSAGE = 'file monitor disabled: inotify limit reached (raise fs.inotify.max_user_watches)'
const LIMIT_CODES = new Set(['ENOSPC', 'EMFILE'])
/** Home locations are credential folders; deeper trees (browser profiles) are not worth the watches. */
const HOME_DEPTH = 4
/** At stop, after a home location changed: time for chokidar's stat before it emits. */
const HOME_DRAIN_MS = 40

export class FileMonitor {
  private watchers: Watcher[] = []
  private workspace: DirectoryWatcher | undefined
  private lastHomeActivity = 0
  private readonly matcher: SensitiveLocations
  private readonly root: string
  private readonly protectedMatchers: {glob: string; matcher: Minimatch}[]
  /** Quick test first: most events touch no protected file (the literal-name prefilter of globsMatcher). */
  private readonly anyProtected: (relative: string) => boolean
  private readonly ignoreNames: Set<string>
  private readonly ignoreGlobs: Minimatch[]
  private readonly homeIgnore: string[]
  private readonly bulkThreshold: number
  private readonly bulkWindowMs: number
  private recent: number[] = []
  private recentStart = 0
  private bulkQuietUntil = 0
  private reportedErrors = new Set<string>()
  /** Home locations that did not exist at start: Codex had nothing to mask there. */
  private missingAtStart = new Set<string>()
  private stopped = false
  private halt: () => void = () => {}
  private readonly halted = new Promise<'halted'>((resolvePromise) => {
    this.halt = () => resolvePromise('halted')
  })
  /** Why the monitor stopped watching, if it had to. */
  disabled: string | undefined

  constructor(private readonly options: FileMonitorOptions) {
    this.root = resolve(options.root)
    this.matcher = new SensitiveLocations(options.policy, {root: this.root, home: options.home, codexHome: options.codexHome})
    const globs = [...PROTECTED_GLOBS, ...options.policy.protectedPaths.map((entry) => entry.path)]
    this.protectedMatchers = [...new Set(globs)].map((glob) => ({glob, matcher: new Minimatch(glob, {dot: true})}))
    this.anyProtected = globsMatcher([...new Set(globs)])
    const extra = options.ignore ?? []
    this.ignoreNames = new Set([...DEFAULT_IGNORED_DIRS, ...extra.filter((entry) => !entry.includes('/') && !/[*?[{]/.test(entry))])
    this.ignoreGlobs = extra.filter((entry) => entry.includes('/') || /[*?[{]/.test(entry)).map((glob) => new Minimatch(glob.replace(/\/$/, ''), {dot: true}))
    this.homeIgnore = (options.homeIgnore ?? []).map((path) => resolve(path))
    this.bulkThreshold = options.bulkThreshold ?? 200
    this.bulkWindowMs = options.bulkWindowMs ?? 10_000
  }

  /** Starts watching; resolves once the initial scans are done or readyTimeoutMs has passed. */
  async start(): Promise<void> {
    try {
      await this.watchAll()
    } catch (error) {
      // Watchers created before the failure must not keep the process alive.
      await this.stop()
      throw error
    }
  }

  private async watchAll(): Promise<void> {
    const {watch} = await import('chokidar')
    // The workspace can hold tens of thousands of files: one watch per directory, not per file.
    const workspace = new DirectoryWatcher(this.root, {ignored: (relative) => this.ignoredInWorkspace(relative)})
    this.workspace = workspace
    this.watchers.push(workspace)
    workspace.on('error', (error) => this.handleWatcherError(error as Error))
    workspace.on('file', (event: DirectoryEvent) => this.onWorkspaceChange(event))
    const ready = [readyOf(workspace)]
    void workspace.start().catch((error: Error) => this.handleWatcherError(error))
    if (this.options.watchHome !== false) {
      const {existing, parents, candidates} = this.homeTargets()
      if (existing.length > 0) {
        const homeWatcher = watch(existing, {
          ignoreInitial: true,
          followSymlinks: false,
          depth: HOME_DEPTH,
          // chokidar's atomic-save handling holds every unlink back 100 ms; stop() would have to wait for it.
          atomic: false,
          ignored: (path) => this.ignoredAtHome(path),
        })
        this.attach(homeWatcher, 'home')
        ready.push(readyOf(homeWatcher))
      }
      if (parents.length > 0) {
        // Only the direct children that are catalogue locations: watching all of ~ with
        // chokidar 5 would cost one inotify watch per file in it.
        const parentSet = new Set(parents)
        const parentWatcher = watch(parents, {
          ignoreInitial: true,
          followSymlinks: false,
          depth: 0,
          atomic: false,
          ignored: (path) => !parentSet.has(resolve(path)) && !candidates.has(resolve(path)),
        })
        this.attach(parentWatcher, 'home')
        ready.push(readyOf(parentWatcher))
      }
    }
    const timeoutMs = this.options.readyTimeoutMs ?? 3000
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<'timeout'>((resolvePromise) => {
      timer = setTimeout(() => resolvePromise('timeout'), timeoutMs)
      // Kept referenced: the walk may be the only other thing alive (non-persistent watchers).
    })
    const outcome = await Promise.race([Promise.all(ready).then(() => 'ready' as const), timedOut, this.halted])
    clearTimeout(timer)
    if (outcome === 'timeout' && !this.stopped && !this.disabled) {
      this.emit({type: 'notice', message: `file monitor: initial scan still running after ${timeoutMs} ms; changes in the first seconds may be missed`})
    }
  }

  /**
   * Stops every watcher. With `drain`, events still in flight land first: the kernel has queued
   * every change the child made before it exited, so one turn of the event loop reads them, the
   * workspace batch is handled at once, and chokidar (which stats a file before emitting) gets a
   * moment for the home locations. A file written just before the child exited is not lost.
   */
  async stop(drain = false): Promise<void> {
    if (drain && !this.stopped && this.watchers.length > 0) {
      // The child's exit and its last inotify events were ready in the same poll; one full turn
      // of the event loop (setImmediate runs after that poll phase) has read all of them.
      await new Promise<void>((resolvePromise) => setImmediate(resolvePromise))
      await new Promise<void>((resolvePromise) => setImmediate(resolvePromise))
      this.workspace?.flush()
      // chokidar emits after its own stat: give it time only when a home location just changed.
      if (Date.now() - this.lastHomeActivity < 1000) await delay(HOME_DRAIN_MS)
    }
    this.stopped = true
    this.halt()
    const watchers = this.watchers
    this.watchers = []
    this.workspace = undefined
    await Promise.allSettled(watchers.map((watcher) => watcher.close()))
  }

  /**
   * chokidar 'error' handler. Inotify exhaustion (ENOSPC, or EMFILE where each watch is a file
   * descriptor) stops every watcher and is reported once; the session itself goes on.
   */
  handleWatcherError(error: Error): void {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    if (LIMIT_CODES.has(code)) {
      if (this.disabled) return
      this.disabled = INOTIFY_LIMIT_MESSAGE
      this.emit({type: 'disabled', message: INOTIFY_LIMIT_MESSAGE, error})
      void this.stop()
      return
    }
    if (this.reportedErrors.has(code || error.message)) return
    this.reportedErrors.add(code || error.message)
    this.emit({type: 'error', message: `file monitor: ${error.message}`, error})
  }

  /** Workspace filter on root-relative paths: dependency/build dirs anywhere, .git internals except .git/hooks, user ignores. */
  ignoredInWorkspace(relative: string): boolean {
    if (relative === '') return false
    const parts = relative.split('/')
    if (parts.some((part) => this.ignoreNames.has(part))) return true
    const gitIndex = parts.indexOf('.git')
    if (gitIndex === 0) {
      if (parts.length > 1 && parts[1] !== 'hooks') return true
    } else if (gitIndex > 0) return true
    return this.ignoreGlobs.some((glob) => glob.match(relative) || parts.some((_, index) => glob.match(parts.slice(0, index + 1).join('/'))))
  }

  private ignoredAtHome(path: string): boolean {
    const full = resolve(path)
    return this.homeIgnore.some((ignored) => full === ignored || full.startsWith(ignored + sep))
  }

  /** Existing home locations (watched whole), and parents of missing ones (watched for their creation). */
  private homeTargets(): {existing: string[]; parents: string[]; candidates: Set<string>} {
    const existing = new Set<string>()
    const parents = new Set<string>()
    const candidates = new Set<string>()
    for (const location of this.matcher.homeLocations) {
      const path = location.path
      // The workspace watcher already covers locations inside the workspace.
      const inWorkspace = !relative(this.root, path).startsWith('..') && !isAbsolute(relative(this.root, path))
      if (inWorkspace || this.ignoredAtHome(path)) continue
      if (existsSync(path)) existing.add(path)
      else {
        const parent = dirname(path)
        this.missingAtStart.add(path)
        if (isDirectory(parent)) {
          parents.add(parent)
          candidates.add(path)
        }
      }
    }
    return {existing: [...existing], parents: [...parents], candidates}
  }

  private attach(watcher: FSWatcher, area: 'home'): void {
    this.watchers.push(watcher)
    // 'raw' is every underlying fs.watch event, seen before chokidar stats and emits.
    watcher.on('raw', () => {
      this.lastHomeActivity = Date.now()
    })
    watcher.on('error', (error) => this.handleWatcherError(error as Error))
    watcher.on('add', (path) => this.onChange('created', path, area))
    watcher.on('change', (path) => this.onChange('changed', path, area))
    watcher.on('unlink', (path) => this.onChange('deleted', path, area))
  }

  /** The hot path: every file a build or test run writes in the workspace comes through here. */
  private onWorkspaceChange({change, path, relative}: DirectoryEvent): void {
    if (this.stopped || this.disabled) return
    this.report({type: 'change', change, path, area: 'workspace', relative}, this.matcher.matchInWorkspace(path, relative))
  }

  private onChange(change: FileChange, rawPath: string, area: 'home'): void {
    if (this.stopped || this.disabled) return
    const path = resolve(rawPath)
    if (this.ignoredAtHome(path)) return
    this.report({type: 'change', change, path, area}, this.matcher.match(path))
  }

  private report(event: FileChangeEvent, sensitive: SensitiveHit | undefined): void {
    const {change} = event
    if (sensitive) {
      event.sensitive = sensitive
      event.message = sensitiveMessage(change, event.relative ?? event.path, sensitive, this.missingAtStart.has(sensitive.pattern))
    }
    if (event.relative !== undefined && this.anyProtected(event.relative)) {
      const hit = this.protectedMatchers.find(({matcher}) => matcher.match(event.relative!))
      if (hit) {
        event.protectedGlob = hit.glob
        const note = `protected file ${change}: ${event.relative} (matches ${hit.glob}); agent-instruction, hook and CI files persist into later sessions and runs — review the change`
        event.message = event.message ? `${event.message}; ${note}` : note
      }
    }
    this.emit(event)
    this.countForBulk()
  }

  private countForBulk(): void {
    const now = Date.now()
    this.recent.push(now)
    const cutoff = now - this.bulkWindowMs
    // A moving start index, not shift(): a build can put tens of thousands of events in one window.
    while (this.recentStart < this.recent.length && this.recent[this.recentStart]! < cutoff) this.recentStart++
    if (this.recentStart > 4096 && this.recentStart * 2 > this.recent.length) {
      this.recent = this.recent.slice(this.recentStart)
      this.recentStart = 0
    }
    const count = this.recent.length - this.recentStart
    if (count > this.bulkThreshold && now >= this.bulkQuietUntil) {
      this.bulkQuietUntil = now + this.bulkWindowMs
      this.emit({type: 'bulk', count, windowMs: this.bulkWindowMs, message: `bulk change: ${count} files changed within ${Math.round(this.bulkWindowMs / 1000)} s (threshold ${this.bulkThreshold})`})
    }
  }

  private emit(event: FileMonitorEvent): void {
    try {
      this.options.onEvent(event)
    } catch (error) {
      // A failing consumer must not take the watcher down with it.
      if (event.type !== 'error') this.handleWatcherError(error as Error)
    }
  }
}

function sensitiveMessage(change: FileChange, shown: string, match: SensitiveHit, missingAtStart: boolean): string {
  if (change === 'deleted') return `sensitive file deleted: ${shown} (${match.entryId})`
  if (change === 'changed') return `sensitive file changed: ${shown} (${match.entryId})`
  if (match.scope === 'project') {
    if (match.detectOnly) return `sensitive file created during the session: ${shown} (${match.entryId}, detect-only pattern ${match.pattern}); it matches no deny-read entry, so the agent can read it`
    return `sensitive file created during the session: ${shown} (${match.entryId}); not covered by deny globs: Codex expands deny-read globs when the sandbox starts, so the agent can read this file for the rest of the session`
  }
  if (missingAtStart) {
    return `sensitive file created during the session: ${shown} (${match.entryId}); ${match.pattern} did not exist when the session started, so Codex had nothing to mask there and the agent can read it`
  }
  return `sensitive file created during the session: ${shown} (${match.entryId}), inside ${match.pattern}, which a codex-guard profile denies as a whole`
}

const delay = (ms: number) => new Promise<void>((resolvePromise) => setTimeout(resolvePromise, ms))

function readyOf(watcher: Watcher): Promise<void> {
  return new Promise((resolvePromise) => {
    watcher.once('ready', () => resolvePromise())
  })
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Starts a FileMonitor (see FileMonitorOptions); resolves when it is watching. */
export async function startFileMonitor(options: FileMonitorOptions): Promise<FileMonitor> {
  const monitor = new FileMonitor(options)
  await monitor.start()
  return monitor
}
