// What a command Codex ran did: network destinations, sensitive reads, credential commands.
// Derived from the same command analysis as the PreToolUse hook (./command.ts), so what the hook
// denies as credential access the summary and the rotation checklist count, and vice versa.
import {homedir} from 'node:os'
import {basename, resolve} from 'node:path'
import type {ParsedCommandPart} from '../codex/rollout/records.js'
import {type EffectivePolicy, secretEnvName} from '../policy/effective.js'
import {DNS_PROGRAMS, GIT_NETWORK_SUBCOMMANDS, NETWORK_PROGRAMS} from '../policy/programs.js'
import type {CommandCategory} from '../policy/types.js'
import {monotonicMs} from '../util/clock.js'
import {shellQuote} from '../util/shell.js'
import {analyzeCommand, type CommandFacts, matchesCommandRule, printedSecret} from './command.js'
import {type SensitiveHit, type SensitiveLocationOptions, SensitiveLocations} from './locations.js'
import {codePathTokens, hasGlob, listGlob, pathCandidates, wildcardMiss} from './paths.js'
import {UNKNOWN} from './shell.js'

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

const URL_PATTERN =
  /\b(?:https?|ftps?|wss?|ssh|git|sftp|scp|rsync|telnet|ldaps?|smtps?|imaps?|mqtts?|redis|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|amqps?):\/\/(?:[^\s/@'"`]*@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)/g
const CREDENTIAL_CATEGORIES: CommandCategory[] = ['credential', 'env-dump']
const MAX_SCRIPT_CHARS = 1_000_000
const ANALYSIS_BUDGET_MS = 750

const classifierCache = new WeakMap<EffectivePolicy, Map<string, SensitiveLocations>>()

function matcherFor(policy: EffectivePolicy, options: SensitiveLocationOptions): SensitiveLocations {
  const byRoot = classifierCache.get(policy) ?? new Map<string, SensitiveLocations>()
  classifierCache.set(policy, byRoot)
  const key = `${options.root}\0${options.home ?? ''}\0${options.codexHome ?? ''}`
  const matcher = byRoot.get(key) ?? new SensitiveLocations(policy, options)
  byRoot.set(key, matcher)
  return matcher
}

const secretVariables = new WeakMap<EffectivePolicy, (name: string) => boolean>()
function secretVariableOf(policy: EffectivePolicy): (name: string) => boolean {
  const known = secretVariables.get(policy) ?? secretEnvName(policy)
  secretVariables.set(policy, known)
  return known
}

/** The credential and environment-dump rules a command matches (the hook's matcher, profile-aware). */
export function credentialRulesOf(facts: CommandFacts, policy: EffectivePolicy): string[] {
  const rules = policy.commandRules.filter((rule) => CREDENTIAL_CATEGORIES.includes(rule.category))
  const ids = rules.filter((rule) => matchesCommandRule(facts.normalized, rule)).map((rule) => rule.id)
  // `env` alone and /proc/*/environ dump the environment like printenv, whatever the profile's rules say.
  const dumpRule = rules.find((rule) => rule.category === 'env-dump')
  const printsSecret = printedSecret(facts, secretVariableOf(policy)) !== undefined
  if ((facts.environmentDump || printsSecret) && !ids.some((id) => rules.find((rule) => rule.id === id)?.category === 'env-dump')) ids.push(dumpRule?.id ?? 'env.printenv')
  if (facts.gitConfig === 'credential-key' && !ids.includes('cred.git-config')) ids.push('cred.git-config')
  return ids
}

/**
 * Classifies a shell script or argv as Codex ran it: network destinations (URLs and the
 * arguments of curl/wget/nc/ssh/scp/dig…), catalogue-sensitive paths it reads (arguments of
 * programs that read content, input redirections, scripts it runs, paths in one-line programs)
 * and credential / env-dump commands.
 */
export function classifyCommand(command: string | string[], cwd: string, policy: EffectivePolicy, options: ClassifyOptions = {}): CommandClassification {
  const home = options.home ?? homedir()
  const matcher = matcherFor(policy, {root: options.root ?? cwd, home, codexHome: options.codexHome})
  const hosts: string[] = []
  let network = false
  const reads = new Map<string, SensitiveHit>()
  const credentialRules = new Set<string>()

  const addHost = (host: string | undefined) => {
    network = true
    if (host && !hosts.includes(host)) hosts.push(host)
  }
  // `evenIfMissing`: as the hook does, a wildcard hit on a file that does not exist counts only in code.
  const checkPath = (word: string, base: string, evenIfMissing = false) => {
    for (const candidate of pathCandidates(word, UNKNOWN)) {
      for (const path of candidatePaths(candidate, base, home)) {
        const match = matcher.match(path)
        if (match && !evenIfMissing && match.scope === 'project' && wildcardMiss(match.pattern, match.path)) continue
        if (match && !reads.has(match.path)) reads.set(match.path, match)
      }
    }
  }

  const cdBase = resolve(cwd)
  const script = typeof command === 'string' ? command : command.map((word) => shellQuote(word)).join(' ')
  for (const url of script.matchAll(URL_PATTERN)) addHost(url[1]!.replace(/^\[|\]$/g, ''))
  // The hook's bounds: a hostile transcript line cannot stall the monitor.
  for (const facts of analyzeCommand(script.slice(0, MAX_SCRIPT_CHARS), {cwd: cdBase, home, deadline: monotonicMs() + ANALYSIS_BUDGET_MS}).commands) {
    const base = facts.cwd
    for (const redirect of facts.redirects) if (redirect.operator === '<' || redirect.operator === '<>') checkPath(redirect.target, base)
    // The launched command is recorded on its own right after its launcher; a bare redirection
    // (`{ …; } < /proc/self/environ`) still dumps the environment.
    if (facts.launcher || facts.argv.length === 0) {
      if (facts.environmentDump) for (const id of credentialRulesOf(facts, policy)) credentialRules.add(id)
      continue
    }
    for (const script of facts.scripts) checkPath(script, base)
    const program = facts.program
    if (facts.scripts.length > 0 || facts.inlineScript || program === 'eval' || program === 'cd' || program === 'pushd') continue
    for (const id of credentialRulesOf(facts, policy)) credentialRules.add(id)
    networkOf(program, facts.normalized, addHost)
    for (const code of [...facts.embeddedCode, ...(facts.interpreterCode !== undefined ? [facts.interpreterCode] : [])]) for (const token of codePathTokens(code)) checkPath(token, base, true)
    if (!facts.readsContent) continue
    // Every value each argument can take (globs expanded), not the redirection targets.
    const targets = new Set(facts.redirects.map((redirect) => redirect.target))
    for (const word of facts.words) if (!targets.has(word)) checkPath(word, base)
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

function networkOf(program: string, argv: string[], addHost: (host: string | undefined) => void): void {
  const positional = argv.slice(1).filter((word) => !word.startsWith('-'))
  if (program === 'git') {
    const sub = argv.slice(1).find((word) => !word.startsWith('-'))
    if (sub && GIT_NETWORK_SUBCOMMANDS.has(sub)) {
      const remote = argv.slice(argv.indexOf(sub) + 1).find((word) => /^[^\s/]+@[^\s:]+:/.test(word))
      addHost(remote ? remote.replace(/^[^@]+@/, '').split(':')[0] : undefined)
    }
    return
  }
  if (!NETWORK_PROGRAMS.has(program) && !DNS_PROGRAMS.has(program)) return
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
    case 'getent':
      // Only the host databases resolve names.
      if (/^a?hosts(?:v[46])?$/.test(argv[1] ?? '')) addHost(argv[2])
      return
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

/** The absolute paths a word may name: expanded ~/$HOME/$PWD; a glob in the last segment is listed like the shell would. */
function candidatePaths(word: string, base: string, home: string): string[] {
  if (word === '' || word.length > 4096 || word.includes('\0') || /^[a-z][a-z0-9+.-]*:\/\//i.test(word)) return []
  const expanded = expandWord(word, base, home)
  if (expanded.includes('$')) return []
  const absolute = resolve(base, expanded)
  if (!hasGlob(basename(expanded))) return [absolute]
  const found = listGlob(absolute, 1000)
  return found.length > 0 ? found : [absolute]
}
