// What a command Codex ran did: network destinations, sensitive reads, credential commands.
import {readdirSync} from 'node:fs'
import {homedir} from 'node:os'
import {basename, dirname, join, resolve} from 'node:path'
import {Minimatch} from 'minimatch'
import type {ParsedCommandPart} from '../codex/rollout/records.js'
import {COMMAND_RULES} from '../policy/catalogue.js'
import type {EffectivePolicy, ProfiledCommandRule} from '../policy/effective.js'
import type {CommandCategory} from '../policy/types.js'
import {shellQuote} from '../util/shell.js'
import {type SensitiveHit, type SensitiveLocationOptions, SensitiveLocations } from './locations.js'
import {analyzeShell} from './shell.js'

export interface CommandClassification {
  networkAttempt?: {host?: string}
  /** Every network destination seen (the first is networkAttempt.host). */
  hosts?: string[]
  sensitiveRead?: string[]
  /** Catalogue matches for sensitiveRead, same order. */
  sensitiveMatches?: SensitiveHit[]
  credentialCommand?: boolean
  /** Ids of the credential / env-dump command rules that matched. */
  credentialRules?: string[]
}

export interface ClassifyOptions {
  /** Workspace root for project globs (default: cwd). */
  root?: string
  home?: string
  codexHome?: string
  /** CommandExecution.parsed_cmd: Codex's own read detection, used in addition. */
  parsedCmd?: ParsedCommandPart[]
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish'])
/** Commands that touch a path without reading its content. */
const NON_READING = new Set(['rm', 'rmdir', 'touch', 'mkdir', 'chmod', 'chown', 'chgrp', 'ls', 'stat', 'test', '[', '[[', 'ln', 'mv', 'echo', 'printf', 'cd', 'pushd', 'realpath', 'readlink', 'basename', 'dirname', 'which', 'type'])
const INTERPRETER_CODE_FLAGS: Record<string, string[]> = {
  python: ['-c'],
  python3: ['-c'],
  node: ['-e', '--eval', '-p', '--print'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  php: ['-r'],
  deno: ['eval'],
  bun: ['-e', '--eval'],
}
const URL_PATTERN = /\b(?:https?|ftps?|wss?|ssh|git|sftp|scp|rsync|telnet|ldaps?|smtps?|imaps?|mqtts?|redis|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|amqps?):\/\/(?:[^\s/@'"`]*@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)/g
const NETWORK_CATEGORIES: CommandCategory[] = ['egress', 'dns']
const CREDENTIAL_CATEGORIES: CommandCategory[] = ['credential', 'env-dump']
const GIT_NETWORK = new Set(['clone', 'fetch', 'pull', 'push', 'ls-remote', 'archive'])

/** Programs that reach the network, from the catalogue's egress and DNS rules (first token). */
const NETWORK_PROGRAMS: Set<string> = new Set(
  COMMAND_RULES.filter((rule) => NETWORK_CATEGORIES.includes(rule.category)).flatMap((rule) => {
    const first = rule.pattern[0]
    return first === undefined ? [] : Array.isArray(first) ? first : [first]
  }),
)

const classifierCache = new WeakMap<EffectivePolicy, Map<string, SensitiveLocations>>()

function matcherFor(policy: EffectivePolicy, options: SensitiveLocationOptions): SensitiveLocations {
  const byRoot = classifierCache.get(policy) ?? new Map<string, SensitiveLocations>()
  classifierCache.set(policy, byRoot)
  const key = `${options.root}\0${options.home ?? ''}\0${options.codexHome ?? ''}`
  const matcher = byRoot.get(key) ?? new SensitiveLocations(policy, options)
  byRoot.set(key, matcher)
  return matcher
}

/**
 * Classifies a shell script or argv as Codex ran it: network destinations (URLs and the
 * arguments of curl/wget/nc/ssh/scp/dig…), catalogue-sensitive paths among the arguments and
 * input redirections (PathClassifier + home entries), and credential / env-dump commands from
 * COMMAND_RULES. The shell is parsed by the PreToolUse hook's analysis (hook/shell.ts, unbash), so
 * the transcript and the hook read a command the same way.
 */
export function classifyCommand(command: string | string[], cwd: string, policy: EffectivePolicy, options: ClassifyOptions = {}): CommandClassification {
  const home = options.home ?? homedir()
  const matcher = matcherFor(policy, {root: options.root ?? cwd, home, codexHome: options.codexHome})
  const hosts: string[] = []
  let network = false
  const reads = new Map<string, SensitiveHit>()
  const credentialRules = new Set<string>()
  const rules = policy.commandRules.filter((rule) => CREDENTIAL_CATEGORIES.includes(rule.category))

  const addHost = (host: string | undefined) => {
    network = true
    if (host && !hosts.includes(host)) hosts.push(host)
  }
  const checkPath = (word: string, base: string) => {
    // curl/httpie file arguments: -d @file, -F name=@file.
    const attached = /^(?:[^=@\s]*=)?@(.+)$/.exec(word)?.[1]
    for (const path of candidatePaths(attached ?? word, base, home)) {
      const match = matcher.match(path)
      if (match && !reads.has(match.path)) reads.set(match.path, match)
    }
  }

  // The hook's shell analysis (unbash): nested sh -c / eval, substitutions, wrappers, compound
  // redirections, variables and globs, each command with the directory it runs in after `cd`.
  const cdBase = resolve(cwd)
  const script = typeof command === 'string' ? command : command.map((word) => shellQuote(word)).join(' ')
  for (const url of script.matchAll(URL_PATTERN)) addHost(url[1]!.replace(/^\[|\]$/g, ''))
  for (const simple of analyzeShell(script, {cwd: cdBase, home}).commands) {
    const base = simple.cwd
    for (const redirect of simple.redirects) if (redirect.operator === '<' || redirect.operator === '<>') checkPath(redirect.target, base)
    // The launched command is recorded on its own right after its launcher.
    if (simple.launcher || simple.argv.length === 0) continue
    const argv = simple.argv
    const program = basename(argv[0]!)
    if (SHELLS.has(program)) {
      // `bash script.sh` reads the script; a `-c` script was analysed as commands of its own.
      if (!argv.some((word, index) => index > 0 && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(word))) for (const word of argv.slice(1)) if (!word.startsWith('-')) checkPath(word, base)
      continue
    }
    if (program === 'eval' || program === 'cd' || program === 'pushd') continue
    for (const rule of rules) if (matchesRule(rule, argv)) credentialRules.add(rule.id)
    networkOf(program, argv, addHost)
    const codeFlags = INTERPRETER_CODE_FLAGS[program.replace(/\d+(\.\d+)*$/, '')] ?? INTERPRETER_CODE_FLAGS[program]
    if (codeFlags) {
      const index = argv.findIndex((word) => codeFlags.includes(word))
      const code = index >= 0 ? argv[index + 1] : undefined
      if (code !== undefined) for (const literal of code.matchAll(/["']([^"'\s]{1,300})["']/g)) checkPath(literal[1]!, base)
    }
    if (NON_READING.has(program)) continue
    // Every value each argument can take (globs expanded), not the redirection targets.
    const targets = new Set(simple.redirects.map((redirect) => redirect.target))
    for (const word of simple.words.filter((value) => !targets.has(value))) {
      if (word.startsWith('-')) {
        const value = /^--?[A-Za-z0-9-]+=(.+)$/.exec(word)?.[1]
        if (value) checkPath(value, base)
        continue
      }
      checkPath(word, base)
    }
  }
  for (const part of options.parsedCmd ?? []) {
    if (part.type === 'read' && part.path) checkPath(part.path, cdBase)
  }
  const result: CommandClassification = {}
  if (network) {
    result.networkAttempt = hosts[0] ? {host: hosts[0]} : {}
    result.hosts = hosts
  }
  if (reads.size > 0) {
    result.sensitiveMatches = [...reads.values()]
    result.sensitiveRead = result.sensitiveMatches.map((match) => match.path)
  }
  if (credentialRules.size > 0) {
    result.credentialCommand = true
    result.credentialRules = [...credentialRules]
  }
  return result
}

/** Prefix match of a catalogue rule against argv, on the program's basename like Codex's host_executable. */
function matchesRule(rule: ProfiledCommandRule, argv: string[]): boolean {
  const words = [basename(argv[0]!), ...argv.slice(1)]
  if (words.length < rule.pattern.length) return false
  for (const [index, token] of rule.pattern.entries()) {
    const word = words[index]!
    if (Array.isArray(token) ? !token.includes(word) : token !== word) return false
  }
  if (rule.category === 'env-dump' && words[0] !== 'printenv') {
    // `env CMD`, `export A=1` and `set -e` are not dumps; only the bare forms (or -p) print values.
    return words.slice(rule.pattern.length).every((word) => word === '-p' || (words[0] !== 'set' && /^-[0-9A-Za-z]+$/.test(word)))
  }
  return true
}

function networkOf(program: string, argv: string[], addHost: (host: string | undefined) => void): void {
  const positional = argv.slice(1).filter((word) => !word.startsWith('-'))
  if (program === 'git') {
    const sub = argv.slice(1).find((word) => !word.startsWith('-'))
    if (sub && GIT_NETWORK.has(sub)) {
      const remote = argv.slice(argv.indexOf(sub) + 1).find((word) => /^[^\s/]+@[^\s:]+:/.test(word))
      addHost(remote ? remote.replace(/^[^@]+@/, '').split(':')[0] : undefined)
    }
    return
  }
  if (!NETWORK_PROGRAMS.has(program)) return
  const hostLike = (word: string) => /^(?:\[[0-9a-fA-F:]+\]|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|localhost)(?::\d+)?$/.test(word)
  const stripPort = (word: string) => word.replace(/^\[|\](?::\d+)?$/g, '').replace(/:\d+$/, '')
  switch (program) {
    case 'ssh':
    case 'sftp':
    case 'ftp':
    case 'lftp':
    case 'telnet':
    case 'nc':
    case 'ncat':
    case 'netcat': {
      const withValue = new Set(['-p', '-i', '-l', '-o', '-F', '-J', '-L', '-R', '-D', '-b', '-c', '-e', '-m', '-O', '-S', '-W', '-w', '-E', '-B', '-P', '-s', '-x', '-q'])
      const args = argv.slice(1)
      for (let index = 0; index < args.length; index++) {
        const word = args[index]!
        if (word.startsWith('-')) {
          if (withValue.has(word)) index++
          continue
        }
        addHost(stripPort(word.replace(/^[^@]*@/, '')))
        return
      }
      addHost(undefined)
      return
    }
    case 'scp':
    case 'rsync':
    case 'rclone': {
      const remote = positional.find((word) => /^(?:[^\s/@]+@)?[^\s/:]+:/.test(word) && !/^[A-Za-z]:\\/.test(word))
      if (remote) addHost(remote.replace(/^[^@]*@/, '').split(':')[0])
      else if (program === 'scp') addHost(undefined)
      return
    }
    case 'socat':
      for (const word of positional) {
        const match = /^(?:TCP|UDP|TCP4|TCP6|UDP4|UDP6|OPENSSL|SSL)[^:]*:([^:,]+)/i.exec(word)
        if (match) addHost(match[1])
      }
      return
    case 'openssl': {
      if (argv[1] !== 's_client') return
      const connect = argv[argv.indexOf('-connect') + 1]
      addHost(argv.includes('-connect') && connect ? stripPort(connect) : undefined)
      return
    }
    case 'dig':
    case 'nslookup':
    case 'host':
    case 'drill':
    case 'resolvectl': {
      const name = positional.find((word) => !word.startsWith('@') && word !== 'query' && hostLike(word))
      addHost(name)
      return
    }
    default: {
      // curl, wget, http, xh, aria2c…: URLs are picked up by the script scan. A bare host counts
      // only where it cannot be an option's value (`-o out.txt`), i.e. after a boolean flag cluster.
      const args = argv.slice(1)
      const host = args.find((word, index) => {
        const previous = index > 0 ? args[index - 1]! : ''
        return hostLike(word) && (!previous.startsWith('-') || /^-[sSLkvfiIq46]+$/.test(previous))
      })
      addHost(host ? stripPort(host) : undefined)
    }
  }
}

function expandWord(word: string, base: string, home: string): string {
  let out = word
  if (out === '~' || out.startsWith('~/')) out = home + out.slice(1)
  out = out.replace(/^\$\{?HOME\}?(?=\/|$)/, home).replace(/^\$\{?PWD\}?(?=\/|$)/, base)
  return out
}

const GLOB_CHARS = /[*?[]/

/** The absolute paths a word may name: expanded ~/$HOME/$PWD; a glob in the last segment is listed like the shell would. */
function candidatePaths(word: string, base: string, home: string): string[] {
  if (word === '' || word.length > 4096 || word.includes('\0') || /^[a-z][a-z0-9+.-]*:\/\//i.test(word)) return []
  const expanded = expandWord(word, base, home)
  if (expanded.includes('$')) return []
  const absolute = resolve(base, expanded)
  if (!GLOB_CHARS.test(basename(expanded)) || GLOB_CHARS.test(dirname(expanded))) return [absolute]
  try {
    const pattern = new Minimatch(basename(expanded))
    const dir = dirname(absolute)
    const found = readdirSync(dir)
      .filter((name) => pattern.match(name))
      .slice(0, 1000)
      .map((name) => join(dir, name))
    return found.length > 0 ? found : [absolute]
  } catch {
    return [absolute]
  }
}
