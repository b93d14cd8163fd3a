// `.codex/codex-guard.toml`: a repository's additions and exceptions to the catalogue.
// Validated strictly: an unknown key or a wrong type is a ConfigError naming file and line.
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import * as v from 'valibot'
import {ConfigError} from '../util/errors.js'
import {isTable, type LoadedToml, lineOf, readToml, type TomlTable} from '../util/toml.js'
import {PROFILES, type ProfileName, type Thresholds} from './types.js'

export const PROJECT_POLICY_FILE = '.codex/codex-guard.toml'

export interface Suppression {
  rule: string
  path?: string
  reason: string
}

export interface ProjectPolicy {
  file: string
  profile?: ProfileName
  denyRead: string[]
  homeDenyRead: string[]
  protect: string[]
  allow: string[]
  envExclude: string[]
  thresholds: Partial<Thresholds>
  suppressions: Suppression[]
}

const STRING = 'a string'
const STRINGS = 'an array of non-empty strings'
const POSITIVE = 'a positive integer'
const TABLE = 'a table'
const TABLES = 'an array of tables ([[…]])'

const string = v.optional(v.string(STRING))
const strings = v.optional(v.array(v.pipe(v.string(STRINGS), v.nonEmpty(STRINGS)), STRINGS))
const positive = v.optional(v.pipe(v.number(POSITIVE), v.integer(POSITIVE), v.minValue(1, POSITIVE)))
/** A TOML table (not an array, not a date) with exactly these keys. */
const table = <const Entries extends v.ObjectEntries>(entries: Entries) => v.pipe(v.custom<TomlTable>(isTable, TABLE), v.strictObject(entries, TABLE))

const PATHS = {deny_read: strings, home_deny_read: strings, protect: strings, allow: strings}
const ENV = {exclude: strings}
const THRESHOLDS = {duration_minutes: positive, commands: positive, files_changed: positive, tokens: positive}
const SUPPRESS = {rule: string, path: string, reason: string}
const TOP = {
  profile: string,
  paths: v.optional(table(PATHS)),
  env: v.optional(table(ENV)),
  thresholds: v.optional(table(THRESHOLDS)),
  suppress: v.optional(v.array(table(SUPPRESS), TABLES)),
}

/** The schema, also the documentation of every accepted key (docs/policy.md mirrors it). */
const SCHEMA = table(TOP)

/** Accepted keys by table (array-of-tables entries drop their index), for "did you mean" hints. */
const KNOWN: Record<string, string[]> = {
  '': Object.keys(TOP),
  paths: Object.keys(PATHS),
  env: Object.keys(ENV),
  thresholds: Object.keys(THRESHOLDS),
  suppress: Object.keys(SUPPRESS),
}

const isIndex = (key: string | undefined) => key !== undefined && /^\d+$/.test(key)

/** A schema issue as the ConfigError users saw before: the dotted key, what it must be, file and line. */
function issueError(doc: LoadedToml, issue: v.BaseIssue<unknown>): ConfigError {
  let here = (issue.path ?? []).map((item) => String(item.key))
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    const key = here.at(-1)!
    const parent = here.slice(0, -1)
    const known = KNOWN[parent.filter((segment) => !isIndex(segment)).join('.')] ?? []
    const hint = closest(key, known)
    return new ConfigError(`unknown key "${here.join('.')}"${hint ? ` (did you mean "${[...parent, hint].join('.')}"?)` : ''}; known: ${known.join(', ')}`, doc.file, lineOf(doc, ...here))
  }
  let expected = issue.message
  // an element of an array: the message is about the whole array
  if (isIndex(here.at(-1)) && (expected === STRINGS || expected === TABLE)) {
    here = here.slice(0, -1)
    expected = expected === TABLE ? TABLES : STRINGS
  }
  return new ConfigError(`"${here.join('.')}" must be ${expected}`, doc.file, lineOf(doc, ...here))
}

export function loadProjectPolicy(root: string): ProjectPolicy | undefined {
  const file = join(root, PROJECT_POLICY_FILE)
  if (!existsSync(file)) return undefined
  return projectPolicyFromToml(readToml(file))
}

export function projectPolicyFromToml(doc: LoadedToml): ProjectPolicy {
  const result = v.safeParse(SCHEMA, doc.data, {abortPipeEarly: true})
  if (!result.success) {
    // the first problem in the file
    const errors = result.issues.map((issue) => issueError(doc, issue))
    throw errors.reduce((first, error) => ((error.line ?? Number.POSITIVE_INFINITY) < (first.line ?? Number.POSITIVE_INFINITY) ? error : first))
  }
  const data = result.output
  const paths = data.paths ?? {}
  const env = data.env ?? {}
  const thresholds = data.thresholds ?? {}
  const profile = data.profile
  if (profile !== undefined && !(PROFILES as readonly string[]).includes(profile)) {
    throw new ConfigError(`profile must be one of ${PROFILES.join(', ')} (got "${profile}")`, doc.file, lineOf(doc, 'profile'))
  }
  const policy: ProjectPolicy = {
    file: doc.file,
    profile: profile as ProfileName | undefined,
    denyRead: paths['deny_read'] ?? [],
    homeDenyRead: paths['home_deny_read'] ?? [],
    protect: paths['protect'] ?? [],
    allow: paths['allow'] ?? [],
    envExclude: env['exclude'] ?? [],
    thresholds: {
      durationMinutes: thresholds['duration_minutes'],
      commands: thresholds['commands'],
      filesChanged: thresholds['files_changed'],
      tokens: thresholds['tokens'],
    },
    suppressions: (data.suppress ?? []).map((entry, index) => {
      if (!entry.rule || !entry.reason) {
        throw new ConfigError('each [[suppress]] entry needs "rule" and "reason"', doc.file, lineOf(doc, 'suppress', String(index)))
      }
      return {rule: entry.rule, path: entry.path, reason: entry.reason}
    }),
  }
  for (const [index, pattern] of policy.homeDenyRead.entries()) {
    if (!pattern.startsWith('~/') && !pattern.startsWith('/')) {
      throw new ConfigError(`home_deny_read[${index}] must start with "~/" or "/" (got "${pattern}")`, doc.file, lineOf(doc, 'paths', 'home_deny_read'))
    }
  }
  for (const [index, pattern] of [...policy.denyRead, ...policy.protect].entries()) {
    if (pattern.startsWith('/') || pattern.split('/').includes('..')) {
      throw new ConfigError(`project paths are relative to the repository root (entry ${index}: "${pattern}")`, doc.file, lineOf(doc, 'paths'))
    }
  }
  for (const key of Object.keys(policy.thresholds) as (keyof Thresholds)[]) {
    if (policy.thresholds[key] === undefined) delete policy.thresholds[key]
  }
  return policy
}

/** Edit distance ≤ 2 suggestion for misspelled keys. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: {candidate: string; distance: number} | undefined
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (distance <= 2 && (!best || distance < best.distance)) best = {candidate, distance}
  }
  return best?.candidate
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!
    previous[0] = i
    for (let j = 1; j <= b.length; j++) {
      const saved = previous[j]!
      previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = saved
    }
  }
  return previous[b.length]!
}
