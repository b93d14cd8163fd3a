// Answers "is this path sensitive / protected?" for any path a command or patch mentions:
// inside the project (catalogue globs), under $HOME (home-scope entries) or elsewhere
// (any-depth globs such as **\/.env still apply, e.g. /tmp/x/.env).
import {isAbsolute, relative, resolve, sep} from 'node:path'
import {GlobSet} from '../util/glob.js'
import {HOME_PROTECTED, PROTECTED_GLOBS} from './catalogue.js'
import {type EffectivePolicy, PathClassifier} from './effective.js'
import type {SensitivePath} from './types.js'

export interface SensitiveMatch {
  entry: SensitivePath
  /** The catalogue pattern that matched (home entries: the home path). */
  pattern: string
  absolute: string
  /** The path as shown to the user (project-relative when inside the project). */
  display: string
}

/**
 * `child` is `parent` or lies inside it. Both are resolved absolute paths here (resolve() output),
 * so on POSIX a prefix test answers what path.relative() would, without resolving both again on
 * every call (the hook tests each word of a command against every home entry).
 */
const within =
  sep === '/'
    ? (parent: string, child: string) => child === parent || (child.startsWith(parent) && (parent.endsWith('/') || child.charCodeAt(parent.length) === 47))
    : (parent: string, child: string) => {
        const rel = relative(parent, child)
        return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
      }

const resolvedOverlap = (a: string, b: string) => within(a, b) || within(b, a)

/** One path is the other or lies inside it. */
export const overlaps = (a: string, b: string) => resolvedOverlap(resolve(a), resolve(b))

export class SensitivePathMatcher {
  private readonly classifier: PathClassifier
  private readonly home: {entry: SensitivePath; path: string}[] = []
  private protectedProjectGlobs?: GlobSet
  private readonly protectedHome: string[]
  /** Home entries overlapping the project (the project is, or sits inside, a credential folder): usually none. */
  private readonly homeOverlappingProject: {entry: SensitivePath; path: string}[]

  private readonly root: string
  private readonly homeDir: string

  constructor(
    private readonly policy: EffectivePolicy,
    root: string,
    homeDir: string,
  ) {
    // resolved once: within() compares resolved paths as strings
    this.root = resolve(root)
    this.homeDir = resolve(homeDir)
    this.classifier = new PathClassifier(policy)
    for (const entry of policy.sensitivePaths) {
      if (entry.scope !== 'home') continue
      for (const pattern of entry.patterns) this.home.push({entry, path: this.expand(pattern)})
    }
    this.protectedHome = HOME_PROTECTED.map((path) => this.expand(path))
    this.homeOverlappingProject = this.home.filter(({path}) => resolvedOverlap(this.root, path))
  }

  /** Compiled on first use (most hook calls never ask). */
  private get protectedProject(): GlobSet {
    this.protectedProjectGlobs ??= new GlobSet([...PROTECTED_GLOBS, ...this.policy.protectedPaths.map((entry) => entry.path)])
    return this.protectedProjectGlobs
  }

  private expand(pattern: string): string {
    return pattern === '~' ? this.homeDir : pattern.startsWith('~/') ? resolve(this.homeDir, pattern.slice(2)) : resolve(pattern)
  }

  absolute(path: string, cwd: string): string {
    return resolve(cwd, path)
  }

  /** The sensitive-path entry a path falls under, if any (templates such as .env.example never do). */
  match(path: string, cwd: string): SensitiveMatch | undefined {
    const absolute = this.absolute(path, cwd)
    for (const {entry, path: home} of this.home) {
      if (within(home, absolute)) return {entry, pattern: home, absolute, display: absolute.replace(this.homeDir, '~')}
    }
    const inProject = within(this.root, absolute)
    const rel = inProject ? relative(this.root, absolute) : absolute.slice(1)
    if (rel === '') return undefined
    const found = this.classifier.classify(rel)[0]
    return found ? {entry: found.entry, pattern: found.pattern, absolute, display: inProject ? rel : absolute} : undefined
  }

  /**
   * match() for a path already known to lie inside the project, given both ways (file-monitor
   * events arrive that way): the same answer without resolving and relativising the path
   * against every home entry, which dominated the cost of watching a busy workspace.
   */
  matchInProject(absolute: string, rel: string): SensitiveMatch | undefined {
    for (const {entry, path: home} of this.homeOverlappingProject) {
      if (within(home, absolute)) return {entry, pattern: home, absolute, display: absolute.replace(this.homeDir, '~')}
    }
    if (rel === '') return undefined
    const found = this.classifier.classify(rel)[0]
    return found ? {entry: found.entry, pattern: found.pattern, absolute, display: rel} : undefined
  }

  /** Whether writing this path would change agent instructions, CI, hooks or start-up files. */
  isProtected(path: string, cwd: string): string | undefined {
    const absolute = this.absolute(path, cwd)
    if (within(this.root, absolute)) {
      const rel = relative(this.root, absolute)
      if (rel === '') return undefined
      if (rel === '.git' || rel.startsWith('.git/')) return rel
      if (this.protectedProject.some(rel)) return rel
    }
    const home = this.protectedHome.find((path) => within(path, absolute))
    return home ? absolute.replace(this.homeDir, '~') : undefined
  }
}
