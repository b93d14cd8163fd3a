// Globs as the catalogue writes them (minimatch syntax): every consumer matches them the same way
// instead of converting them to regular expressions. Compiling a glob (Minimatch's parse) costs
// far more than testing a path, and the hook and the pre-commit check test a few paths against
// a hundred or more globs: so a glob compiles on first need, and a path that provably cannot
// match (its last segment cannot match the glob's, or it lacks a literal folder the glob names)
// is rejected by string tests alone.
import {Minimatch, type MinimatchOptions} from 'minimatch'

const MAGIC = /[*?[\]{}()!+@\\]/
/** Options under which the string tests are exact necessary conditions of Minimatch's answer. */
const FILTERABLE_OPTIONS = new Set(['dot', 'nocase'])
const NON_ASCII = /[^\x00-\x7f]/
/** an absolute path, an empty segment, or a `.`/`..` segment */
const PLAIN_BREAKER = /^\/|\/\/|(?:^|\/)\.\.?(?:\/|$)/

/** What a path must have to match: its last segment's shape and the glob's literal folders. */
interface Requirement {
  nocase: boolean
  /** the last segment, when it is literal */
  exact?: string
  /** otherwise: what the last segment starts and ends with, and its least length */
  prefix: string
  suffix: string
  min: number
  /** literal segments (besides the last) that must be segments of the path */
  segments: string[]
  /**
   * `**\/NAME` or `**\/*SUFFIX` (dot: true, literal NAME/SUFFIX): a plain path (relative, no empty,
   * `.` or `..` segment) that passes the string tests matches, without compiling the glob
   */
  sure?: boolean
}

/** `**\/` then a literal name or `*` and a literal suffix: the commonest catalogue shapes. */
const ANY_DEPTH_NAME = /^\*\*\/\*?[^*?[\]{}()!+@\\/]+$/

/** negation, comments, brace expansion, escapes and `..` (which Minimatch may fold away) */
const UNFILTERABLE = /^[!#]|[{}\\]|(?:^|\/)\.\.(?:\/|$)/

function requirementOf(glob: string, options: MinimatchOptions): Requirement | undefined {
  for (const key in options) if (!FILTERABLE_OPTIONS.has(key)) return undefined
  const nocase = options.nocase === true
  // those change what the segments mean; case folding beyond ASCII is left to Minimatch
  if (UNFILTERABLE.test(glob) || (nocase && NON_ASCII.test(glob))) return undefined
  const fold = (text: string) => (nocase ? text.toLowerCase() : text)
  const parts = glob.split('/')
  const last = parts.pop() as string
  const segments = parts.filter((part) => part !== '' && part !== '.' && !MAGIC.test(part)).map(fold)
  // a last segment that may span folders (`**`), is empty or `.`, or is an extglob: only the literal folders count
  if (last === '' || last === '.' || last.includes('**') || last.includes('(')) return segments.length > 0 ? {nocase, prefix: '', suffix: '', min: 0, segments} : undefined
  const sure = options.dot === true && !nocase && ANY_DEPTH_NAME.test(glob)
  if (!MAGIC.test(last)) return {nocase, exact: fold(last), prefix: '', suffix: '', min: 0, segments, sure}
  const firstWild = last.search(/[*?[]/)
  if (firstWild === -1) return segments.length > 0 ? {nocase, prefix: '', suffix: '', min: 0, segments} : undefined
  const prefix = fold(last.slice(0, firstWild))
  // a character class: only the prefix is certain, and the class takes one character
  if (last.includes('[')) return {nocase, prefix, suffix: '', min: prefix.length + 1, segments}
  const lastWild = Math.max(last.lastIndexOf('*'), last.lastIndexOf('?'))
  return {nocase, prefix, suffix: fold(last.slice(lastWild + 1)), min: last.replaceAll('*', '').length, segments, sure}
}

/**
 * A path as the string tests read it, worked out once however many globs test it (a classifier
 * tests every path against a hundred or more).
 */
export class GlobPath {
  /** a trailing slash or a backslash: Minimatch's own rules decide */
  readonly opaque: boolean
  readonly base: string
  private segmentList?: string[]
  private lower?: GlobPath | null

  /** relative, with no empty, `.` or `..` segment: where `**` spans folders the plain way */
  private plainPath?: boolean

  constructor(readonly path: string) {
    this.opaque = path.endsWith('/') || path.includes('\\')
    this.base = path.slice(path.lastIndexOf('/') + 1)
  }

  get plain(): boolean {
    this.plainPath ??= this.path !== '' && !this.opaque && !PLAIN_BREAKER.test(this.path)
    return this.plainPath
  }

  get segments(): string[] {
    this.segmentList ??= this.path.split('/')
    return this.segmentList
  }

  /** the path in lower case for nocase globs; null beyond ASCII, where case folding is Minimatch's */
  folded(): GlobPath | null {
    if (this.lower === undefined) this.lower = NON_ASCII.test(this.path) ? null : new GlobPath(this.path.toLowerCase())
    return this.lower
  }
}

/** false: the path cannot match; true: it may (Minimatch decides). */
function admits(need: Requirement, path: GlobPath): boolean {
  if (path.opaque) return true
  const subject = need.nocase ? path.folded() : path
  if (subject === null) return true
  const base = subject.base
  if (need.exact !== undefined) {
    if (base !== need.exact) return false
  } else if (base.length < need.min || !base.startsWith(need.prefix) || !base.endsWith(need.suffix)) return false
  if (need.segments.length === 0) return true
  const segments = subject.segments
  return need.segments.every((segment) => segments.includes(segment))
}

/**
 * Where a GlobSet files a glob: the last-segment character every path it may match has (when the
 * glob tests the case as written), or 'any'.
 */
type Bucket = {by: 'name' | 'last' | 'first'; key: string} | 'any'

/** One glob, compiled on first need; `match` answers exactly as Minimatch does. */
export class Glob {
  private compiled?: Minimatch
  private readonly requirement: Requirement | undefined

  constructor(
    readonly source: string,
    private readonly options: MinimatchOptions = {dot: true},
  ) {
    this.requirement = requirementOf(source, options)
  }

  /** Pass a GlobPath when testing one path against many globs. */
  match(path: string | GlobPath): boolean {
    const prepared = typeof path === 'string' ? new GlobPath(path) : path
    if (this.requirement && !admits(this.requirement, prepared)) return false
    if (this.requirement?.sure && prepared.plain) return true
    this.compiled ??= new Minimatch(this.source, this.options)
    return this.compiled.match(prepared.path)
  }

  /** A necessary condition on a non-opaque path's last segment (see GlobSet), from the string tests. */
  get bucket(): Bucket {
    const need = this.requirement
    if (!need || need.nocase) return 'any'
    if (need.exact !== undefined) return {by: 'name', key: need.exact}
    if (need.suffix !== '') return {by: 'last', key: need.suffix.at(-1) as string}
    if (need.prefix !== '') return {by: 'first', key: need.prefix[0] as string}
    return 'any'
  }
}

/**
 * Globs tested together (a catalogue of a hundred or more): a path is tried only against those
 * whose string tests its last segment can pass (filed by exact name, last or first character),
 * and answers come in list order, exactly as testing every glob would give them.
 */
export class GlobSet {
  readonly globs: readonly Glob[]
  private readonly filed = {name: new Map<string, number[]>(), last: new Map<string, number[]>(), first: new Map<string, number[]>()}
  private readonly anywhere: number[] = []

  constructor(sources: readonly string[], options: MinimatchOptions = {dot: true}) {
    this.globs = sources.map((source) => new Glob(source, options))
    this.globs.forEach((glob, index) => {
      const bucket = glob.bucket
      if (bucket === 'any') this.anywhere.push(index)
      else {
        const map = this.filed[bucket.by]
        const list = map.get(bucket.key)
        if (list) list.push(index)
        else map.set(bucket.key, [index])
      }
    })
  }

  /** Indices of the globs that match the path, ascending. */
  matching(path: string | GlobPath): number[] {
    const prepared = typeof path === 'string' ? new GlobPath(path) : path
    return this.candidates(prepared).filter((index) => (this.globs[index] as Glob).match(prepared))
  }

  /** Whether any glob matches the path. */
  some(path: string | GlobPath): boolean {
    const prepared = typeof path === 'string' ? new GlobPath(path) : path
    return this.candidates(prepared).some((index) => (this.globs[index] as Glob).match(prepared))
  }

  private candidates(path: GlobPath): number[] {
    // a trailing slash or a backslash: the string tests do not apply, so every glob is tried
    if (path.opaque) return this.globs.map((_, index) => index)
    const {base} = path
    const lists = [this.filed.name.get(base), this.filed.last.get(base.slice(-1)), this.filed.first.get(base.slice(0, 1)), this.anywhere].filter(
      (list) => list !== undefined && list.length > 0,
    ) as number[][]
    if (lists.length === 1) return lists[0] as number[]
    return lists.flat().sort((a, b) => a - b)
  }
}

/**
 * A predicate: does any of the globs match the path? (default options: dot: true). When every
 * glob has a literal path part (AGENTS.md, .codex), a path without one of them is rejected
 * before any glob runs: most paths of a repository are, and scanners test every one. Modules build
 * their predicates when loaded; the globs are read on first use.
 */
export function globsMatcher(globs: readonly string[], options: MinimatchOptions = {dot: true}): (path: string) => boolean {
  let set: GlobSet | undefined
  const any = (path: string) => {
    set ??= new GlobSet(globs, options)
    return set.some(path)
  }
  const literals = globs.map((glob) =>
    glob
      .split('/')
      .filter((part) => part !== '' && !MAGIC.test(part))
      .at(-1),
  )
  if (options.nocase || literals.some((literal) => literal === undefined)) return any
  const parts = new Set(literals as string[])
  return (path) => path.split('/').some((part) => parts.has(part)) && any(path)
}
