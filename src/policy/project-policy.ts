// `.codex/codex-guard.toml`: a repository's additions and exceptions to the catalogue.
// Validated strictly: an unknown key or a wrong type is a ConfigError naming file and line.
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {isTable, type LoadedToml, lineOf, readToml} from '../codex/toml.js'
import {ConfigError} from '../util/errors.js'
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

type FieldKind = 'string' | 'string[]' | 'positive-int' | 'table' | 'table[]'
interface Field {
  kind: FieldKind
  fields?: Record<string, Field>
}

/** The schema, also the documentation of every accepted key (docs/policy.md mirrors it). */
const SCHEMA: Record<string, Field> = {
  profile: {kind: 'string'},
  paths: {
    kind: 'table',
    fields: {
      deny_read: {kind: 'string[]'},
      home_deny_read: {kind: 'string[]'},
      protect: {kind: 'string[]'},
      allow: {kind: 'string[]'},
    },
  },
  env: {kind: 'table', fields: {exclude: {kind: 'string[]'}}},
  thresholds: {
    kind: 'table',
    fields: {
      duration_minutes: {kind: 'positive-int'},
      commands: {kind: 'positive-int'},
      files_changed: {kind: 'positive-int'},
      tokens: {kind: 'positive-int'},
    },
  },
  suppress: {kind: 'table[]', fields: {rule: {kind: 'string'}, path: {kind: 'string'}, reason: {kind: 'string'}}},
}

export function emptyProjectPolicy(file: string): ProjectPolicy {
  return {file, denyRead: [], homeDenyRead: [], protect: [], allow: [], envExclude: [], thresholds: {}, suppressions: []}
}

export function loadProjectPolicy(root: string): ProjectPolicy | undefined {
  const file = join(root, PROJECT_POLICY_FILE)
  if (!existsSync(file)) return undefined
  return projectPolicyFromToml(readToml(file))
}

export function projectPolicyFromToml(doc: LoadedToml): ProjectPolicy {
  checkShape(doc, doc.data, SCHEMA, [])
  const data = doc.data as Record<string, Record<string, unknown> | unknown>
  const paths = (data['paths'] ?? {}) as Record<string, string[] | undefined>
  const env = (data['env'] ?? {}) as Record<string, string[] | undefined>
  const thresholds = (data['thresholds'] ?? {}) as Record<string, number | undefined>
  const profile = data['profile'] as string | undefined
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
    suppressions: ((data['suppress'] ?? []) as Record<string, string>[]).map((entry, index) => {
      if (!entry['rule'] || !entry['reason']) {
        throw new ConfigError('each [[suppress]] entry needs "rule" and "reason"', doc.file, lineOf(doc, 'suppress', String(index)))
      }
      return {rule: entry['rule'], path: entry['path'], reason: entry['reason']}
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

function checkShape(doc: LoadedToml, value: Record<string, unknown>, schema: Record<string, Field>, path: string[]): void {
  for (const [key, child] of Object.entries(value)) {
    const field = schema[key]
    const here = [...path, key]
    const line = lineOf(doc, ...here)
    if (!field) {
      const known = Object.keys(schema)
      const hint = closest(key, known)
      throw new ConfigError(`unknown key "${here.join('.')}"${hint ? ` (did you mean "${[...path, hint].join('.')}"?)` : ''}; known: ${known.join(', ')}`, doc.file, line)
    }
    const fail = (expected: string) => {
      throw new ConfigError(`"${here.join('.')}" must be ${expected}`, doc.file, line)
    }
    switch (field.kind) {
      case 'string':
        if (typeof child !== 'string') fail('a string')
        break
      case 'string[]':
        if (!Array.isArray(child) || child.some((item) => typeof item !== 'string' || item === '')) fail('an array of non-empty strings')
        break
      case 'positive-int':
        if (typeof child !== 'number' || !Number.isInteger(child) || child <= 0) fail('a positive integer')
        break
      case 'table':
        if (!isTable(child)) fail('a table')
        checkShape(doc, child as Record<string, unknown>, field.fields ?? {}, here)
        break
      case 'table[]':
        if (!Array.isArray(child) || !child.every(isTable)) fail('an array of tables ([[…]])')
        for (const [index, item] of (child as Record<string, unknown>[]).entries()) checkShape(doc, item, field.fields ?? {}, [...here, String(index)])
        break
    }
  }
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
