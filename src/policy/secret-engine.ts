// The one secret-detection engine: runs the rule table of policy/secret-formats.ts (plus a
// repository's .gitleaks.toml rules) over text, synchronously. Every consumer goes through it:
// pre-commit, the hook's output check, content-aware coverage, rotation and redaction (which
// asks for the raw shapes, placeholders included). It sits in the policy layer so that the
// report layer's redactor can use it.
//
// Speed: a rule's regex runs only when one of its keywords occurs in the lowercased text (the
// gitleaks prefilter); every regex is linear (bounded quantifiers, anchored starts), and the
// assignment matcher expands around keyword hits instead of backtracking over identifiers.
import {lazy} from '../util/lazy.js'
import {escapeRegExp} from '../util/regexp.js'
import {lastAtOrBefore} from '../util/search.js'
import {SECRET_RULES, type SecretRule} from './secret-formats.js'

export interface SecretMatch {
  ruleId: string
  family: string
  label: string
  /** Offsets of the secret (the rule's secret group) in the scanned text. */
  start: number
  end: number
  /** 1-based position of `start`. */
  line: number
  column: number
}

/** Gitleaks-style allowlist: a finding is dropped when any of its conditions holds. */
export interface SecretAllowlist {
  description?: string
  /** Regexes on the file path: nothing in a matching file is reported. */
  paths?: RegExp[]
  /** Regexes on the secret (or the whole match / line, per `regexTarget`). */
  regexes?: RegExp[]
  regexTarget?: 'secret' | 'match' | 'line'
  /** Lowercase words: a secret containing one is not reported. */
  stopwords?: string[]
  /** Both conditions kinds must hold (gitleaks `condition = "AND"`); default OR. */
  requireAll?: boolean
}

/** A rule from outside the table (a repository's .gitleaks.toml). */
export interface ExtraSecretRule extends SecretRule {
  /** Regex on the file path: the rule applies only to matching files (or, without `pattern`, flags the file). */
  path?: RegExp
  allowlists?: SecretAllowlist[]
}

export interface SecretConfig {
  /** Keep the built-in table (gitleaks `[extend] useDefault`); false: only `rules` run. */
  useDefault: boolean
  rules: ExtraSecretRule[]
  allowlists: SecretAllowlist[]
  /** Where the configuration came from (messages). */
  source?: string
}

export interface FindOptions {
  config?: SecretConfig
  /** Redaction wants every shape, including placeholders and low-entropy values. */
  raw?: boolean
  /** Stop after this many findings (default 10,000). */
  limit?: number
}

interface Compiled {
  rule: SecretRule
  readonly regex?: RegExp
  readonly allow?: RegExp
  path?: RegExp
  allowlists: SecretAllowlist[]
  keywords: string[]
}

function compile(rule: SecretRule | ExtraSecretRule): Compiled {
  const extra = rule as ExtraSecretRule
  // made when the rule first runs (a keyword of it occurs): a text needs few of the ~115 rules,
  // and building every RegExp was most of the first scan of a hook call
  const regex = lazy(() => (rule.pattern === undefined ? undefined : new RegExp(rule.pattern, `gd${rule.ignoreCase ? 'i' : ''}`)))
  const allow = lazy(() => (rule.allow === undefined ? undefined : new RegExp(rule.allow, 'i')))
  return {
    rule,
    get regex() {
      return regex()
    },
    get allow() {
      return allow()
    },
    path: extra.path,
    allowlists: extra.allowlists ?? [],
    keywords: rule.keywords.map((keyword) => keyword.toLowerCase()),
  }
}

interface RuleSet {
  rules: Compiled[]
  /** every rule's keywords, for the prefilter's index */
  keywords: string[]
}

const ruleSet = (rules: Compiled[]): RuleSet => ({rules, keywords: rules.flatMap((rule) => rule.keywords)})
let builtIn: RuleSet | undefined
const builtInRules = () => (builtIn ??= ruleSet(SECRET_RULES.map(compile)))
const configCache = new WeakMap<SecretConfig, RuleSet>()

function rulesFor(config: SecretConfig | undefined): RuleSet {
  if (!config) return builtInRules()
  let compiled = configCache.get(config)
  if (!compiled) {
    compiled = ruleSet([...(config.useDefault ? builtInRules().rules : []), ...config.rules.map(compile)])
    configCache.set(config, compiled)
  }
  return compiled
}

// ---- the keyword prefilter ---------------------------------------------------------------------

/** Below this length, includes() per keyword costs less than compiling and running the index. */
const KEYWORD_INDEX_MIN_LENGTH = 2048
const keywordIndexes = new WeakMap<readonly string[], {pattern: RegExp; byFirst: Map<string, string[]>}>()

/**
 * Which of `keywords` (lower-case) occur in `lower`: one regex pass finds every position where
 * some keyword starts (overlaps included) instead of one includes() scan per keyword, which was
 * most of the engine's time on a commit of ordinary files (110 rules, ~200 keywords).
 */
export function keywordsIn(lower: string, keywords: readonly string[]): (keyword: string) => boolean {
  if (lower.length < KEYWORD_INDEX_MIN_LENGTH) return (keyword) => lower.includes(keyword)
  let index = keywordIndexes.get(keywords)
  if (!index) {
    const distinct = [...new Set(keywords)].filter((keyword) => keyword !== '')
    const byFirst = new Map<string, string[]>()
    for (const keyword of distinct) byFirst.set(keyword[0]!, [...(byFirst.get(keyword[0]!) ?? []), keyword])
    // `(?!)` matches nothing: a rule set without keywords
    index = {pattern: new RegExp(distinct.map(escapeRegExp).join('|') || '(?!)', 'g'), byFirst}
    keywordIndexes.set(keywords, index)
  }
  const present = new Set<string>([''])
  const {pattern, byFirst} = index
  pattern.lastIndex = 0
  for (let match = pattern.exec(lower); match; match = pattern.exec(lower)) {
    const at = match.index
    for (const keyword of byFirst.get(lower[at]!) ?? []) if (lower.startsWith(keyword, at)) present.add(keyword)
    pattern.lastIndex = at + 1
  }
  return (keyword) => present.has(keyword)
}

// ---- value filters ------------------------------------------------------------------------------

export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0
  const counts = new Map<string, number>()
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1)
  let entropy = 0
  for (const count of counts.values()) {
    const p = count / value.length
    entropy -= p * Math.log2(p)
  }
  return entropy
}

// long words count anywhere (a random token does not spell "example"); short ones only at a word start
const PLACEHOLDER_TEXT =
  /x{4,}|X{4,}|\*{3,}|\u2022{3,}|\.{3}|\u2026|<[^>]{0,80}>|\$\{|\{\{|%\(|%s\b|example|sample|changeme|change[_-]me|placeholder|redacted|replace|insert|foobar|lorem|qwerty|not[_-]?a[_-]?real|test[_-]?only|(?<![A-Za-z0-9])(?:your|fake|mock|todo|fixme|dummy)/i

/**
 * A documentation value, not a credential: xxxx/****, <…>, ${…}, {{…}}, your_…, example,
 * changeme, dummy…, or a value that is mostly one character. (Counting sequences such as
 * 0123456789abcdef… are not: fixtures use them for tokens that must be caught.)
 */
export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_TEXT.test(value)) return true
  if (value.length >= 6) {
    const counts = new Map<string, number>()
    let most = 0
    for (const char of value) {
      const count = (counts.get(char) ?? 0) + 1
      counts.set(char, count)
      if (count > most) most = count
    }
    if (counts.size < 4 || (value.length >= 10 && most / value.length > 0.5)) return true
  }
  return false
}

// ---- the assignment matcher (generic passwords, secrets, tokens, API keys) -------------------------

const NAME_HIT = /pass|pwd|secret|token|key|credential/gi
const IDENT = /[A-Za-z0-9_.-]/
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'auth',
  'account',
  'storage',
  'master',
  'signing',
  'encryption',
  'client',
  'app',
  'license',
  'subscription',
  'service',
  'consumer',
  'shared',
  'webhook',
  'hmac',
  'jwt',
  'session',
  'admin',
  'deploy',
  'crypt',
  'cipher',
  'aes',
])
/** Names ending in these describe the secret (its file, name, length…), they do not hold it. */
const DESCRIPTIVE_LAST = new Set([
  'name',
  'names',
  'file',
  'files',
  'path',
  'dir',
  'url',
  'uri',
  'endpoint',
  'type',
  'types',
  'id',
  'ids',
  'env',
  'var',
  'field',
  'length',
  'len',
  'label',
  'header',
  'prefix',
  'suffix',
  'placeholder',
  'hint',
  'policy',
  'pattern',
  'regex',
  'count',
  'size',
  'expiry',
  'expires',
  'expiration',
  'ttl',
  'method',
  'version',
  'enabled',
  'required',
  'format',
  'kind',
  'mode',
  'source',
  'provider',
  'usage',
  'limit',
  'timeout',
  'hash',
  'ref',
  'arn',
  'location',
  'store',
  'manager',
  'class',
  'query',
  'param',
  'input',
  'label',
  'text',
  'title',
  'description',
  'help',
  'message',
  'error',
  'reset',
  'confirm',
  'confirmation',
  'changed',
  'min',
  'max',
  'rotation',
  'index',
  'key',
  'keys',
])

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
}

/** 'password' | 'secret' | undefined for an identifier. */
export function secretNameKind(name: string): 'password' | 'secret' | undefined {
  const words = nameWords(name)
  if (words.length === 0 || words.length > 8) return undefined
  const last = words.at(-1)!
  let kind: 'password' | 'secret' | undefined
  for (const [index, word] of words.entries()) {
    if (word === 'pass' || word === 'pwd' || /passw(?:or)?ds?$|passphrase$|passcode$/.test(word)) kind = 'password'
    else if (kind === undefined && (/(?:secret|token|apikey|accesskey|secretkey|privatekey|credentials?)$/.test(word) || (word === 'key' && KEY_QUALIFIERS.has(words[index - 1] ?? ''))))
      kind = 'secret'
  }
  if (kind === undefined) return undefined
  // "…_key" is the value's own word when a qualifier precedes it ("api_key"), a description otherwise ("secret_key_name")
  if (DESCRIPTIVE_LAST.has(last) && !(last === 'key' && KEY_QUALIFIERS.has(words.at(-2) ?? ''))) return undefined
  return kind
}

const CODE_EXTENSIONS = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|kts|scala|cs|php|rs|swift|c|cc|cpp|h|hpp|m|dart|lua|groovy|ex|exs|clj|vue|svelte)$/i

const REFERENCE =
  /^(?:\$|%|&|\*|@|!|~|<|\{\{|\[\[|\.\.?\/|\/|process\.env|os\.environ|os\.getenv|getenv|env\.|env\[|ENV\[|System\.getenv|config\.|settings\.|secrets\.|vault:|op:\/\/|arn:|projects\/[^/]+\/secrets|sha\d+:|md5:)/i
const CALL_OR_PATH = /^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)*(?:\(|\[|$)/
const LITERAL_WORD = /^(?:true|false|null|none|nil|undefined|yes|no|on|off|required|optional|string|str|bool|int|number|bytes|any|object|secret|password|token)$/i
const WEAK_PASSWORD = /^(?:p[a@]ss?w[o0]r[d]|admin|root|postgres|mysql|guest|test|letmein|default|secret|hunter2|welcome)\d{0,4}[!.]?$/i

function looksLikeSlug(value: string): boolean {
  const parts = value.split(/[-_. /:]+/).filter((part) => part !== '')
  return parts.length >= 2 && parts.every((part) => /^[A-Za-z]+$/.test(part) || /^\d+$/.test(part))
}

function characterClasses(value: string): number {
  return (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/\d/.test(value) ? 1 : 0) + (/[^A-Za-z0-9]/.test(value) ? 1 : 0)
}

/** Would this value, assigned to a secret-named key, be a real credential? */
export function isCredentialValue(value: string, kind: 'password' | 'secret', options: {quoted: boolean; code: boolean}): boolean {
  if (!options.quoted && options.code) return false
  if (value.length < (kind === 'password' ? 6 : 12) || value.length > 400) return false
  if (/\s/.test(value) && kind === 'secret') return false
  if (isPlaceholder(value) || REFERENCE.test(value) || LITERAL_WORD.test(value) || /\$\{|\$\(|%\{|\{\{|#\{/.test(value)) return false
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^\d+(?:\.\d+)*$/.test(value)) return false
  if (!options.quoted && CALL_OR_PATH.test(value) && !/\d/.test(value)) return false
  if (/\(/.test(value) && /^[A-Za-z_$][\w$.]*\(/.test(value)) return false
  if (looksLikeSlug(value)) return false
  // a fragment of code between two string literals (`'password=', r(B64, 43), '`), not a value
  if (/^[\s,+)\]}]|[,(+]\s*$/.test(value)) return false
  const entropy = shannonEntropy(value)
  const hasLetter = /[A-Za-z]/.test(value)
  const hasDigit = /\d/.test(value)
  if (kind === 'password') {
    if (WEAK_PASSWORD.test(value) || /pass(?:word|wd)/i.test(value)) return false
    return (hasLetter && characterClasses(value) >= 2 && (hasDigit || /[^A-Za-z0-9]/.test(value)) && entropy >= 2.3) || (value.length >= 12 && entropy >= 3)
  }
  return hasLetter && (hasDigit || value.length >= 20) && entropy >= (value.length >= 20 ? 3.5 : 3)
}

const OPERATOR = /["']?[ \t]{0,8}(:=|=>|=(?!=)|:(?![:/]))[ \t]{0,8}/y
const QUOTED = /(["'`])([^\r\n]{0,400}?)\1/y
const UNQUOTED = /[^\s"'`,;)}\]]{1,400}/y
const XML_ATTRIBUTE_VALUE = /["'][ \t]+value[ \t]*=[ \t]*(["'])([^"'\r\n]{1,400})\1/y
const XML_ELEMENT_VALUE = /(["']?)>([^<\r\n]{1,400})<\//y

interface AssignmentHit {
  kind: 'password' | 'secret'
  start: number
  end: number
}

function findAssignments(text: string, filePath: string | undefined, limit: number): AssignmentHit[] {
  const code = filePath !== undefined && CODE_EXTENSIONS.test(filePath)
  const hits: AssignmentHit[] = []
  let scannedUntil = 0
  NAME_HIT.lastIndex = 0
  for (let match = NAME_HIT.exec(text); match; match = NAME_HIT.exec(text)) {
    if (match.index < scannedUntil) continue
    let left = match.index
    while (left > 0 && match.index - left < 80 && IDENT.test(text[left - 1]!)) left--
    let right = match.index + match[0].length
    while (right < text.length && right - match.index < 80 && IDENT.test(text[right]!)) right++
    scannedUntil = right
    NAME_HIT.lastIndex = right
    const name = text.slice(left, right).replace(/^[-.]+/, '')
    const kind = secretNameKind(name)
    if (!kind) continue
    const before = text[left - 1]
    let value: {start: number; text: string; quoted: boolean} | undefined
    XML_ATTRIBUTE_VALUE.lastIndex = right
    XML_ELEMENT_VALUE.lastIndex = right
    const attribute = (before === '"' || before === "'") && XML_ATTRIBUTE_VALUE.exec(text)
    const element = !attribute && (before === '<' || before === '"' || before === "'") && XML_ELEMENT_VALUE.exec(text)
    if (attribute) value = {start: attribute.index + attribute[0].length - 1 - attribute[2]!.length, text: attribute[2]!, quoted: true}
    else if (element) value = {start: element.index + element[0].length - 2 - element[2]!.length, text: element[2]!, quoted: true}
    else {
      OPERATOR.lastIndex = right
      const operator = OPERATOR.exec(text)
      if (!operator) continue
      // `name:value` with no space is a YAML scalar only when the name is a key (a URL's port or a type annotation is not)
      const at = OPERATOR.lastIndex
      QUOTED.lastIndex = at
      const quoted = QUOTED.exec(text)
      if (quoted) value = {start: at + 1, text: quoted[2]!, quoted: true}
      else {
        UNQUOTED.lastIndex = at
        const bare = UNQUOTED.exec(text)
        if (bare) value = {start: at, text: bare[0], quoted: false}
      }
    }
    if (!value || !isCredentialValue(value.text, kind, {quoted: value.quoted, code})) continue
    hits.push({kind, start: value.start, end: value.start + value.text.length})
    if (hits.length >= limit) break
  }
  return hits
}

// ---- private keys: extend a header match over the body -------------------------------------------

// after the first body line: more base64 lines or RFC 1421 / PuTTY headers, raw or \n-escaped
const KEY_NEXT_LINE = /(?:\r?\n|\\r?\\n)[ \t"',]*(?:[A-Za-z0-9+/=]{4,}|[A-Za-z][A-Za-z0-9-]{1,30}: ?[^\r\n\\"]{0,200})/y

function extendKeyBlock(text: string, from: number): number {
  const end = text.indexOf('-----END', from)
  if (end !== -1 && end - from < 20_000) {
    const close = text.indexOf('-----', end + 8)
    if (close !== -1 && close - end < 80) return close + 5
  }
  let cursor = from
  while (cursor < text.length && /[A-Za-z0-9+/=]/.test(text[cursor]!)) cursor++
  while (cursor - from < 20_000) {
    KEY_NEXT_LINE.lastIndex = cursor
    if (!KEY_NEXT_LINE.exec(text)) break
    cursor = KEY_NEXT_LINE.lastIndex
  }
  return cursor
}

// ---- the engine -------------------------------------------------------------------------------------

function lineBounds(text: string, index: number): [number, number] {
  const start = text.lastIndexOf('\n', index - 1) + 1
  const end = text.indexOf('\n', index)
  return [start, end === -1 ? text.length : end]
}

function allowedBy(list: SecretAllowlist, secret: string, match: string, line: string, filePath: string | undefined): boolean {
  const checks: boolean[] = []
  if (list.paths?.length) checks.push(filePath !== undefined && list.paths.some((path) => path.test(filePath)))
  if (list.regexes?.length) {
    const target = list.regexTarget === 'line' ? line : list.regexTarget === 'match' ? match : secret
    checks.push(list.regexes.some((regex) => regex.test(target)))
  }
  if (list.stopwords?.length) {
    const lower = secret.toLowerCase()
    checks.push(list.stopwords.some((word) => lower.includes(word)))
  }
  if (checks.length === 0) return false
  return list.requireAll ? checks.every(Boolean) : checks.some(Boolean)
}

/** Files a configuration's global allowlist skips entirely (gitleaks `[allowlist] paths`). */
export function pathAllowed(config: SecretConfig | undefined, filePath: string | undefined): boolean {
  if (!config || filePath === undefined) return false
  return config.allowlists.some((list) => !list.requireAll && !!list.paths?.some((path) => path.test(filePath)))
}

/**
 * Every secret the engine's rules find in `text`, most specific rule first, deduplicated by range
 * (a range already claimed by one rule is not reported again by another). Lines carrying
 * `gitleaks:allow` are skipped, as gitleaks does.
 */
export function findSecrets(text: string, filePath?: string, options: FindOptions = {}): SecretMatch[] {
  if (text.length === 0 || pathAllowed(options.config, filePath)) return []
  const limit = options.limit ?? 10_000
  const lower = text.toLowerCase()
  const claimed: {start: number; end: number}[] = []
  const found: SecretMatch[] = []
  const overlaps = (start: number, end: number) => claimed.some((range) => start < range.end && end > range.start)
  let lineStarts: number[] | undefined
  const position = (offset: number) => {
    if (!lineStarts) {
      lineStarts = [0]
      for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1)
    }
    const line = lastAtOrBefore(lineStarts, offset)
    return {line: line + 1, column: offset - lineStarts[line]! + 1}
  }
  const accept = (compiled: Compiled, start: number, end: number, matchStart: number, matchEnd: number): void => {
    if (end <= start || overlaps(start, end)) return
    const secret = text.slice(start, end)
    const [lineStart, lineEnd] = lineBounds(text, start)
    const line = text.slice(lineStart, Math.min(lineEnd, lineStart + 4000))
    if (line.includes('gitleaks:allow')) return
    if (!options.raw) {
      const rule = compiled.rule
      if (!rule.keepPlaceholders && isPlaceholder(secret)) return
      if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) return
      if (compiled.allow?.test(secret)) return
      const match = text.slice(matchStart, matchEnd)
      if (compiled.allowlists.some((list) => allowedBy(list, secret, match, line, filePath))) return
      if (options.config?.allowlists.some((list) => allowedBy(list, secret, match, line, filePath))) return
    }
    claimed.push({start, end})
    found.push({ruleId: compiled.rule.id, family: compiled.rule.family, label: compiled.rule.label, start, end, ...position(start)})
  }

  let assignments: AssignmentHit[] | undefined
  const {rules, keywords} = rulesFor(options.config)
  const occurs = keywordsIn(lower, keywords)
  for (const compiled of rules) {
    if (found.length >= limit) break
    if (compiled.path && (filePath === undefined || !compiled.path.test(filePath))) continue
    if (compiled.keywords.length > 0 && !compiled.keywords.some(occurs)) continue
    const matcher = compiled.rule.matcher ?? 'regex'
    if (matcher === 'assignment') {
      assignments ??= findAssignments(text, filePath, limit)
      for (const hit of assignments) {
        if ((hit.kind === 'password') === (compiled.rule.id === 'GENERIC_PASSWORD')) accept(compiled, hit.start, hit.end, hit.start, hit.end)
      }
      continue
    }
    const regex = compiled.regex
    if (!regex) continue
    regex.lastIndex = 0
    for (let match = regex.exec(text); match; match = regex.exec(text)) {
      if (match[0].length === 0) {
        regex.lastIndex++
        continue
      }
      const group = compiled.rule.secretGroup ?? 0
      const indices = match.indices?.[group] ?? match.indices?.[0]
      if (!indices) continue
      let [start, end] = indices
      if (matcher === 'private-key') end = extendKeyBlock(text, end)
      accept(compiled, start, end, match.index, match.index + match[0].length)
      if (found.length >= limit) break
    }
  }
  return found.sort((a, b) => a.start - b.start)
}

/** Does the text hold a private key (any PEM PRIVATE KEY family, PuTTY, age, WireGuard)? */
export function containsPrivateKey(text: string): boolean {
  return findSecrets(text, undefined, {limit: 1, config: PRIVATE_KEY_ONLY}).length > 0
}

/** Does the text hold any credential the engine knows? */
export function containsCredential(text: string, filePath?: string): boolean {
  return findSecrets(text, filePath, {limit: 1}).length > 0
}

const PRIVATE_KEY_ONLY: SecretConfig = {useDefault: false, rules: SECRET_RULES.filter((rule) => rule.family === 'private-key'), allowlists: []}
