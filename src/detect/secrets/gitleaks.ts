// Interop with gitleaks: a repository's .gitleaks.toml (the configuration teams already maintain)
// becomes extra engine rules and allowlists. Supported: [[rules]] id/description/regex/
// secretGroup/entropy/keywords/path and their allowlists, the global [allowlist] and [[allowlists]]
// (paths, regexes, regexTarget, stopwords, condition), and [extend] useDefault (our built-in table
// stands in for gitleaks' defaults). Go (RE2) regex syntax is translated where JavaScript differs
// ((?i), (?P<name>, \z, POSIX classes); anything that still fails names the file and the line.
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {ExtraSecretRule, SecretAllowlist, SecretConfig} from '../../policy/secret-engine.js'
import {ConfigError} from '../../util/errors.js'
import {escapeRegExp} from '../../util/regexp.js'
import {type LoadedToml, lineOf, parseTomlText, type TomlTable} from '../../util/toml.js'

export const GITLEAKS_CONFIG = '.gitleaks.toml'

const POSIX_CLASSES: Record<string, string> = {
  alnum: 'A-Za-z0-9',
  alpha: 'A-Za-z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  space: String.raw`\s`,
  xdigit: 'A-Fa-f0-9',
  word: String.raw`\w`,
  punct: String.raw`!-\/:-@\[-\x60{-~`,
}

/** A Go regular expression as JavaScript source and flags. */
export function translateGoRegex(source: string): {source: string; ignoreCase: boolean} {
  let ignoreCase = false
  const translated = source
    .replace(/\(\?([imsU]+)\)/g, (_whole, flags: string) => {
      if (flags.includes('i')) ignoreCase = true
      return ''
    })
    .replace(/\(\?([imsU]+):/g, (_whole, flags: string) => {
      if (flags.includes('i')) ignoreCase = true
      return '(?:'
    })
    .replace(/\(\?P</g, '(?<')
    .replace(/\\z/g, '$')
    .replace(/\\A/g, '^')
    .replace(/\[:(\w+):\]/g, (whole, name: string) => POSIX_CLASSES[name] ?? whole)
  return {source: translated, ignoreCase}
}

function fail(doc: LoadedToml, message: string, ...path: string[]): never {
  throw new ConfigError(message, doc.file, lineOf(doc, ...path))
}

function regexOf(doc: LoadedToml, raw: unknown, where: string[], flags = ''): RegExp {
  if (typeof raw !== 'string') fail(doc, `${where.join('.')} must be a string (a regular expression)`, ...where)
  const {source, ignoreCase} = translateGoRegex(raw)
  try {
    return new RegExp(source, `${flags}${ignoreCase ? 'i' : ''}`)
  } catch (error) {
    return fail(doc, `${where.join('.')}: invalid regular expression: ${(error as Error).message}`, ...where)
  }
}

function stringList(doc: LoadedToml, raw: unknown, where: string[]): string[] {
  if (raw === undefined) return []
  if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'string')) fail(doc, `${where.join('.')} must be a list of strings`, ...where)
  return raw as string[]
}

function allowlistOf(doc: LoadedToml, raw: unknown, where: string[]): SecretAllowlist {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(doc, `${where.join('.')} must be a table`, ...where)
  const table = raw as TomlTable
  const target = table['regexTarget']
  if (target !== undefined && target !== 'secret' && target !== 'match' && target !== 'line') fail(doc, `${where.join('.')}.regexTarget must be "secret", "match" or "line"`, ...where, 'regexTarget')
  const condition = table['condition']
  if (condition !== undefined && condition !== 'OR' && condition !== 'AND') fail(doc, `${where.join('.')}.condition must be "OR" or "AND"`, ...where, 'condition')
  return {
    description: typeof table['description'] === 'string' ? table['description'] : undefined,
    paths: stringList(doc, table['paths'], [...where, 'paths']).map((path, index) => regexOf(doc, path, [...where, 'paths', String(index)])),
    regexes: stringList(doc, table['regexes'], [...where, 'regexes']).map((regex, index) => regexOf(doc, regex, [...where, 'regexes', String(index)])),
    regexTarget: target as SecretAllowlist['regexTarget'],
    stopwords: stringList(doc, table['stopwords'], [...where, 'stopwords']).map((word) => word.toLowerCase()),
    requireAll: condition === 'AND',
  }
}

function allowlistsOf(doc: LoadedToml, table: TomlTable, where: string[]): SecretAllowlist[] {
  const out: SecretAllowlist[] = []
  if (table['allowlist'] !== undefined) out.push(allowlistOf(doc, table['allowlist'], [...where, 'allowlist'].filter(Boolean)))
  const many = table['allowlists']
  if (many !== undefined) {
    if (!Array.isArray(many)) fail(doc, `${[...where, 'allowlists'].join('.')} must be an array of tables ([[allowlists]])`, ...where, 'allowlists')
    for (const [index, entry] of many.entries()) out.push(allowlistOf(doc, entry, [...where, 'allowlists', String(index)]))
  }
  return out
}

/** Line of `id = "…"` for a rule (smol-toml keeps no positions inside arrays of tables). */
function ruleLine(doc: LoadedToml, id: string): number | undefined {
  const index = doc.text.split('\n').findIndex((line) => new RegExp(String.raw`^\s*id\s*=\s*["']${escapeRegExp(id)}["']`).test(line))
  return index === -1 ? undefined : index + 1
}

export function parseGitleaksConfig(text: string, file: string): SecretConfig {
  const doc = parseTomlText(text, file)
  const data = doc.data
  const rules: ExtraSecretRule[] = []
  const rawRules = data['rules'] ?? []
  if (!Array.isArray(rawRules)) fail(doc, 'rules must be an array of tables ([[rules]])', 'rules')
  for (const [index, raw] of (rawRules as unknown[]).entries()) {
    if (typeof raw !== 'object' || raw === null) fail(doc, `rules[${index}] must be a table`, 'rules')
    const table = raw as TomlTable
    const id = table['id']
    if (typeof id !== 'string' || id === '') fail(doc, `rules[${index}] needs an id`, 'rules')
    const line = ruleLine(doc, id)
    const at = (message: string): never => {
      throw new ConfigError(`rule "${id}": ${message}`, file, line)
    }
    if (table['regex'] === undefined) {
      // path-only rules flag files by name: codex-guard's file-name rules cover that ground
      continue
    }
    if (typeof table['regex'] !== 'string') at('regex must be a string')
    const {source, ignoreCase} = translateGoRegex(table['regex'] as string)
    try {
      new RegExp(source, 'd')
    } catch (error) {
      at(`invalid regular expression: ${(error as Error).message}`)
    }
    const secretGroup = table['secretGroup']
    if (secretGroup !== undefined && (typeof secretGroup !== 'number' || !Number.isInteger(secretGroup) || secretGroup < 0)) at('secretGroup must be a non-negative integer')
    const entropy = table['entropy']
    if (entropy !== undefined && typeof entropy !== 'number') at('entropy must be a number')
    let path: RegExp | undefined
    if (table['path'] !== undefined) {
      if (typeof table['path'] !== 'string') at('path must be a string')
      try {
        const translated = translateGoRegex(table['path'] as string)
        path = new RegExp(translated.source, translated.ignoreCase ? 'i' : '')
      } catch (error) {
        at(`invalid path regular expression: ${(error as Error).message}`)
      }
    }
    const keywords = table['keywords'] ?? []
    if (!Array.isArray(keywords) || keywords.some((keyword) => typeof keyword !== 'string')) at('keywords must be a list of strings')
    const description = typeof table['description'] === 'string' ? table['description'] : id
    let allowlists: SecretAllowlist[]
    try {
      allowlists = allowlistsOf(doc, table, ['rules'])
    } catch (error) {
      throw error instanceof ConfigError ? new ConfigError(`rule "${id}": ${error.message}`, file, line) : error
    }
    rules.push({
      id,
      family: 'gitleaks-config',
      label: description,
      pattern: source,
      ignoreCase,
      keywords: (keywords as string[]).map((keyword) => keyword.toLowerCase()),
      secretGroup: secretGroup as number | undefined,
      entropy: entropy as number | undefined,
      // a team's own rule reports what it matches: its allowlists decide, not our placeholder filter
      keepPlaceholders: true,
      path,
      allowlists,
      examples: {flagged: [], clean: []},
    })
  }
  const extend = data['extend']
  if (extend !== undefined && (typeof extend !== 'object' || extend === null || Array.isArray(extend))) fail(doc, 'extend must be a table', 'extend')
  const useDefault = (extend as TomlTable | undefined)?.['useDefault']
  if (useDefault !== undefined && typeof useDefault !== 'boolean') fail(doc, 'extend.useDefault must be true or false', 'extend', 'useDefault')
  return {
    // a file of allowlists alone tunes the defaults; one with its own rules replaces them unless it extends
    useDefault: (useDefault as boolean | undefined) ?? (rules.length === 0 || extend !== undefined),
    rules,
    allowlists: allowlistsOf(doc, data, []),
    source: file,
  }
}

/** The repository's .gitleaks.toml, if any; a ConfigError (exit 2) when it is invalid. */
export function loadGitleaksConfig(root: string): SecretConfig | undefined {
  const file = join(root, GITLEAKS_CONFIG)
  if (!existsSync(file)) return undefined
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ConfigError(`cannot read: ${(error as Error).message}`, file)
  }
  return parseGitleaksConfig(text, file)
}
