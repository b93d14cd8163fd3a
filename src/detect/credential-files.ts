// Files that hold credentials, judged by content whatever their name: private keys of any type,
// kubeconfigs with client keys or tokens, registry configs with auth, cloud service-account JSON,
// dotenv-style files, provider tokens (the secret engine, policy/secret-engine.ts). One module for init,
// validate, the hook, `run` and pre-commit. Templates and placeholders are not credentials.
import {closeSync, type Dirent, openSync, readdirSync, readSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {CONTENT_SCAN, SECRET_ENV_PATTERNS, VENDORED_DIRS} from '../policy/catalogue.js'
import {type EffectivePolicy, PathClassifier, secretEnvName} from '../policy/effective.js'
import {containsPrivateKey, findSecrets} from '../policy/secret-engine.js'
import {SECRET_RULE_BY_ID} from '../policy/secret-formats.js'
import type {SensitivePath} from '../policy/types.js'
import {isPlaceholderValue} from '../report/scrub.js'
import {globsMatcher} from '../util/glob.js'

export interface CredentialHit {
  /** What the file holds, for messages (never the value). */
  reason: string
  /** 1-based line where it was seen. */
  line: number
}

export interface CredentialFile extends CredentialHit {
  /** Relative to the walked root, "/"-separated. */
  path: string
  /** 'content' when found by what it holds, 'name' when a catalogue name matched. */
  by: 'content' | 'name'
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length

/** A value that looks like a real secret: long enough, not a stand-in, not an environment reference. */
export function realLookingValue(raw: string): boolean {
  const value = raw.trim().replace(/^["']|["']$/g, '')
  if (value.length < 6 || /\s/.test(value)) return false
  if (isPlaceholderValue(value)) return false
  if (/^(?:null|none|true|false|undefined|todo|tbd|fixme|dummy|redacted|secret|password|token|replace[-_]?me|insert[-_].*|enter[-_].*|test|testing|example[-_.].*|.*example\.com.*)$/i.test(value))
    return false
  if (/^\$|\$\{|\{\{|%\w+%|^env[.:]/i.test(value)) return false // ${VAR}, {{ var }}, %VAR%, env:VAR
  if (/^(.)\1+$/.test(value)) return false // 000000, ------
  return true
}

const KUBECONFIG_SHAPE = /^\s*(?:kind:\s*Config|clusters:|users:)\s*$/m
const KUBECONFIG_SECRET = /^\s*-?\s*(client-key-data|token|client-key|password):\s*["']?([^\s"'#]+)/m
const NPM_TOKEN = /(?:_authToken|npmAuthToken|_auth|_password)\s*[=:]\s*["']?([^\s"'#]+)/
const INI_PASSWORD = /^\s*(?:password|token)\s*[=:]\s*(\S+)/im
const INDEX_URL = /^\s*(?:extra-)?index-url\s*=\s*[a-z+]+:\/\/[^\s/:@]+:([^\s/@]+)@/m
const URL_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"']*:([^\s/@"']+)@[^\s"']/i
const MAVEN_PASSWORD = /<(password|passphrase|privateKey)>\s*([^<\s][^<]*)<\/\1>/
const NUGET_PASSWORD = /key\s*=\s*"(?:ClearTextPassword|Password)"\s+value\s*=\s*"([^"]+)"/i
const DOCKER_AUTH = /"(auth|identitytoken|registrytoken)"\s*:\s*"([A-Za-z0-9+/=._-]{8,})"/
const SERVICE_ACCOUNT = /"type"\s*:\s*"service_account"/
const SERVICE_ACCOUNT_KEY = /"private_key"\s*:\s*"-----BEGIN/
const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/
/** Quoted secret-named keys in data files: "password": "…", db_password: … */
// Bounded and anchored (lookbehind): a long run of word characters must not backtrack quadratically.
const DATA_SECRET =
  /(?<![A-Za-z0-9_.-])["']?([A-Za-z0-9_.-]{0,40}?(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credentials?)[A-Za-z0-9_.-]{0,40})["']?[ \t]*[:=][ \t]*["']([^"'\n]{8,200})["']/gi
const DATA_FILE = /\.(?:json|ya?ml|toml|ini|conf|cfg|properties|xml|env|txt)$|(?:^|\/)[^./]+$/i
/** 'an AWS access key', 'a GitHub token': rule labels read as what a file holds. */
const withArticle = (label: string) => `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`

const defaultSecretName = globsMatcher(SECRET_ENV_PATTERNS, {nocase: true, dot: true})

/**
 * The credential a text holds, judged by its shape (sync: the hook and pre-commit call it on hot
 * paths). `isSecretName` decides which KEY=value names are secret (the policy's env patterns).
 */
export function credentialInText(text: string, path: string, isSecretName: (name: string) => boolean = defaultSecretName, options: ContentOptions = {}): CredentialHit | undefined {
  const at = (regex: RegExp, reason: string): CredentialHit | undefined => {
    const match = regex.exec(text)
    return match ? {reason, line: lineOf(text, match.index)} : undefined
  }
  // Private keys of every structure and provider tokens: the secret engine's rules. Its generic
  // password/secret assignments are left to the data-file rules below (source code is not denied).
  const token = options.engineChecked ? undefined : findSecrets(text, path, {limit: 20}).find((match) => SECRET_RULE_BY_ID.get(match.ruleId)?.matcher !== 'assignment')
  if (token) return {reason: withArticle(token.label), line: token.line}
  if (SERVICE_ACCOUNT.test(text) && SERVICE_ACCOUNT_KEY.test(text)) return at(SERVICE_ACCOUNT, 'a cloud service-account key')
  if (KUBECONFIG_SHAPE.test(text) && /^\s*(?:clusters|contexts|users):/m.test(text)) {
    const match = KUBECONFIG_SECRET.exec(text)
    if (match && realLookingValue(match[2]!)) return {reason: `a kubeconfig with ${match[1]}`, line: lineOf(text, match.index)}
  }
  const valued = (regex: RegExp, group: number, reason: string): CredentialHit | undefined => {
    const match = regex.exec(text)
    return match && realLookingValue(match[group]!) ? {reason, line: lineOf(text, match.index)} : undefined
  }
  const registry =
    valued(NPM_TOKEN, 1, 'a package registry auth token') ??
    (/<settings[\s>]/.test(text) ? valued(MAVEN_PASSWORD, 2, 'a Maven server password') : undefined) ??
    (/password"/i.test(text) ? valued(NUGET_PASSWORD, 1, 'a NuGet feed password') : undefined) ??
    (/"auths"\s*:/.test(text) ? valued(DOCKER_AUTH, 2, 'container registry credentials') : undefined) ??
    (/^\s*\[(?:distutils|pypi|testpypi|global|server-login|install)\]/m.test(text)
      ? (valued(INI_PASSWORD, 1, 'a package index password') ?? valued(INDEX_URL, 1, 'a package index URL with a password'))
      : undefined)
  if (registry) return registry
  const dotenv = dotenvSecret(text, isSecretName)
  if (dotenv) return dotenv
  if (DATA_FILE.test(path)) {
    for (const match of text.matchAll(DATA_SECRET)) {
      if (realLookingValue(match[2]!) && /[0-9]/.test(match[2]!) && /[A-Za-z]/.test(match[2]!)) return {reason: `a value for "${match[1]}"`, line: lineOf(text, match.index)}
    }
  }
  return undefined
}

/** A dotenv-shaped file (most meaningful lines are KEY=value) with a secret-named key set to a real value. */
function dotenvSecret(text: string, isSecretName: (name: string) => boolean): CredentialHit | undefined {
  let meaningful = 0
  const assignments: {line: number; name: string; value: string}[] = []
  for (const [index, line] of text.split('\n').slice(0, 2000).entries()) {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    meaningful++
    const match = ASSIGNMENT.exec(line)
    if (match) assignments.push({line: index + 1, name: match[1]!, value: match[2]!})
  }
  // the shape first: names are only judged in dotenv-shaped text (source code is not)
  if (assignments.length * 5 < meaningful * 3) return undefined
  for (const {line, name, value: raw} of assignments) {
    const value = raw.replace(/\s+#.*$/, '')
    const password = URL_USERINFO.exec(value)?.[1]
    // A secret-named key with a real value, or any key whose URL carries a password (DB=postgres://u:pw@host).
    if ((isSecretName(name.toUpperCase()) && realLookingValue(value)) || (password !== undefined && realLookingValue(password))) return {reason: `a dotenv-style value for ${name}`, line}
  }
  return undefined
}

/** Reads at most CONTENT_SCAN.prefixBytes of a regular file no larger than maxFileBytes; undefined for binary or unreadable files. */
export function readPrefix(absolutePath: string, size?: number): string | undefined {
  let fd: number | undefined
  try {
    const bytes = size ?? statSync(absolutePath).size
    if (bytes === 0 || bytes > CONTENT_SCAN.maxFileBytes) return undefined
    fd = openSync(absolutePath, 'r')
    const buffer = Buffer.alloc(Math.min(bytes, CONTENT_SCAN.prefixBytes))
    const read = readSync(fd, buffer, 0, buffer.length, 0)
    const head = buffer.subarray(0, read)
    if (head.subarray(0, 8000).includes(0)) return undefined
    return head.toString('utf8')
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

export interface ContentOptions {
  /** The caller already ran the secret engine's default rules over this exact text and found nothing (pre-commit). */
  engineChecked?: boolean
}

export class CredentialClassifier {
  private readonly names: PathClassifier
  private readonly isSecretName: (name: string) => boolean

  /** `names`: a classifier of the same policy the caller already has (its globs compile once). */
  constructor(policy: EffectivePolicy, names: PathClassifier = new PathClassifier(policy)) {
    this.names = names
    this.isSecretName = secretEnvName(policy)
  }

  /** Sync: catalogue name, then content shape (no secretlint). */
  classifySync(relativePath: string, text: string | undefined): CredentialFile | undefined {
    return this.byName(relativePath) ?? this.byContentSync(relativePath, text)
  }

  /** A catalogue name with a deny entry (detect-only names are judged by content). */
  byName(relativePath: string): CredentialFile | undefined {
    const named = this.names.classify(relativePath)
    return named.length > 0 && named.some((match) => !match.detectOnly) ? {path: relativePath, by: 'name', reason: named[0]!.entry.description, line: 1} : undefined
  }

  /** Content only (the caller checked the name), synchronously. */
  byContentSync(relativePath: string, text: string | undefined, options: ContentOptions = {}): CredentialFile | undefined {
    if (text === undefined) return undefined
    // Templates (.env.example…) and public key material hold no credential: only a real private key counts there.
    const template = this.names.isAllowed(relativePath)
    const hit = template ? (containsPrivateKey(text) ? {reason: 'a private key', line: 1} : undefined) : credentialInText(text, relativePath, this.isSecretName, options)
    return hit ? {path: relativePath, by: 'content', ...hit} : undefined
  }
}

export interface WalkOptions {
  /** Skip these relative directories too (e.g. the workspace inside $HOME). */
  skip?: (relativeDir: string, name: string) => boolean
  maxDepth?: number
  /** Stop after this many milliseconds; `complete` is then false. */
  budgetMs?: number
  /** Files to list in `collected` as well (e.g. nested AGENTS.md), so callers need no second walk. */
  collect?: (relativePath: string) => boolean
}

export interface CredentialWalk {
  files: CredentialFile[]
  /** How many files were looked at. */
  scanned: number
  collected: string[]
  complete: boolean
}

/**
 * Walks a tree (tracked, untracked and ignored files alike; symlinks never followed; vendored
 * and build folders skipped) and returns the files that hold credentials by name or content.
 */
export async function findCredentialFiles(root: string, policy: EffectivePolicy, options: WalkOptions = {}): Promise<CredentialWalk> {
  const classifier = new CredentialClassifier(policy)
  const skipped = new Set(VENDORED_DIRS)
  const deadline = options.budgetMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.budgetMs
  const files: CredentialFile[] = []
  const collected: string[] = []
  const stack: {dir: string; depth: number}[] = [{dir: '', depth: 0}]
  let scanned = 0
  let complete = true
  while (stack.length > 0) {
    if (Date.now() > deadline) {
      complete = false
      break
    }
    const {dir, depth} = stack.pop()!
    let entries: Dirent[]
    try {
      entries = readdirSync(dir === '' ? root : join(root, dir), {withFileTypes: true})
    } catch {
      continue
    }
    for (const entry of entries) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`
      if (entry.isDirectory()) {
        if (skipped.has(entry.name) || options.skip?.(path, entry.name)) continue
        if (options.maxDepth === undefined || depth + 1 < options.maxDepth) stack.push({dir: path, depth: depth + 1})
        continue
      }
      if (!entry.isFile()) continue
      scanned++
      if (options.collect?.(path)) collected.push(path)
      const found = classifier.byName(path) ?? classifier.byContentSync(path, readPrefix(join(root, path)))
      if (found) files.push(found)
    }
  }
  files.sort((a, b) => a.path.localeCompare(b.path))
  return {files, scanned, complete, collected: collected.sort()}
}

/** A catalogue-shaped entry for a file judged by content, so the hook and monitors report it like a named one. */
export function contentEntry(hit: CredentialHit): SensitivePath {
  return {
    id: 'content.credential',
    category: 'env-files',
    scope: 'project',
    patterns: [],
    actions: ['deny-read', 'deny-write', 'block-on-commit'],
    profile: 'standard',
    credential: 'generic',
    description: `the file holds ${hit.reason} (judged by content)`,
  }
}

/** Sync content check of one existing file for hot paths (the hook): shape rules only, bounded read. */
export function credentialAtPath(absolutePath: string, relativePath: string, classifier: CredentialClassifier): CredentialFile | undefined {
  let size: number
  try {
    // most words of a command name no file: no ENOENT error object built for each
    const stat = statSync(absolutePath, {throwIfNoEntry: false})
    if (!stat?.isFile()) return undefined
    size = stat.size
  } catch {
    return undefined
  }
  return classifier.classifySync(relativePath, readPrefix(absolutePath, size))
}

/**
 * Why an environment variable's VALUE is a credential whatever its name (URL userinfo with a
 * password, a provider token shape, a private key), or undefined. Sync: `run` checks every
 * variable before Codex starts.
 */
export function credentialInValue(value: string): string | undefined {
  if (value.length < 8) return undefined
  if (containsPrivateKey(value)) return 'a private key'
  const password = URL_USERINFO.exec(value)?.[1]
  if (password !== undefined && realLookingValue(password)) return 'a URL with a password'
  const token = findSecrets(value, undefined, {limit: 5}).find((match) => SECRET_RULE_BY_ID.get(match.ruleId)?.matcher !== 'assignment')
  return token ? withArticle(token.label) : undefined
}
