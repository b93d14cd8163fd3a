// The matcher behind `codex execpolicy check`: prefix rules indexed by program, strictest decision
// wins, basename fallback for absolute program paths gated by host_executable.
import {absoluteProgram, pathFileName} from './paths.js'
import type {Decision, NetworkRule, PatternToken, PrefixRule, RulesFile} from './types.js'

export interface PrefixRuleMatch {
  matchedPrefix: string[]
  decision: Decision
  justification?: string
  resolvedProgram?: string
}

export interface CheckResult {
  matchedRules: {prefixRuleMatch: PrefixRuleMatch}[]
  decision?: Decision
}

export interface CheckOptions {
  /** Basename fallback for absolute program paths, as `--resolve-host-executables` (always on inside Codex). */
  resolveHostExecutables?: boolean
}

export const DECISION_RANK: Record<Decision, number> = {allow: 0, prompt: 1, forbidden: 2}

/** The strictest decision (forbidden > prompt > allow), or undefined for none. */
export function strictestDecision(decisions: Iterable<Decision>): Decision | undefined {
  let strictest: Decision | undefined
  for (const decision of decisions) {
    if (strictest === undefined || DECISION_RANK[decision] > DECISION_RANK[strictest]) strictest = decision
  }
  return strictest
}

/**
 * Unicode full case folding (what canonical_matching compares), built from lower/upper mappings per
 * code point so that no context rule (final sigma) applies. Checked against Python's casefold() over
 * all code points: the one difference is dotless ı, which folds to itself.
 */
function foldCase(token: string): string {
  let out = ''
  for (const char of token) {
    if (char === '\u0131') {
      out += char
      continue
    }
    for (const upper of char.toLowerCase().toUpperCase()) out += upper.toLowerCase()
  }
  return out
}

/** One rule per alternative of the first token, as Codex indexes them by program. */
interface CompiledRule {
  head: string
  rest: PatternToken[]
  canonical: boolean
  rule: PrefixRule
}

function tokenMatches(expected: PatternToken, actual: string, canonical: boolean): boolean {
  const alternatives = typeof expected === 'string' ? [expected] : expected
  if (!canonical) return alternatives.includes(actual)
  const folded = foldCase(actual)
  return alternatives.some((alternative) => foldCase(alternative) === folded)
}

function matchCompiled(compiled: CompiledRule, argv: string[], resolvedProgram?: string): PrefixRuleMatch | undefined {
  const length = compiled.rest.length + 1
  if (argv.length < length || !tokenMatches(compiled.head, argv[0]!, compiled.canonical)) return undefined
  for (let index = 1; index < length; index++) {
    if (!tokenMatches(compiled.rest[index - 1]!, argv[index]!, compiled.canonical)) return undefined
  }
  // Key order follows Codex's JSON: matchedPrefix, decision, resolvedProgram, justification.
  const match: PrefixRuleMatch = {matchedPrefix: argv.slice(0, length), decision: compiled.rule.decision}
  if (resolvedProgram !== undefined) match.resolvedProgram = resolvedProgram
  if (compiled.rule.justification !== undefined) match.justification = compiled.rule.justification
  return match
}

export class RuleIndex {
  private readonly byHead = new Map<string, CompiledRule[]>()
  private readonly canonicalRules: CompiledRule[] = []

  constructor(
    rules: PrefixRule[],
    private readonly hosts: ReadonlyMap<string, string[]>,
  ) {
    for (const rule of rules) {
      const [first, ...rest] = rule.pattern
      for (const head of typeof first === 'string' ? [first] : (first ?? [])) {
        const compiled: CompiledRule = {head, rest, canonical: rule.canonicalMatching === true, rule}
        const bucket = this.byHead.get(head)
        if (bucket) bucket.push(compiled)
        else this.byHead.set(head, [compiled])
        if (compiled.canonical) this.canonicalRules.push(compiled)
      }
    }
  }

  matches(argv: string[], resolveHostExecutables: boolean): PrefixRuleMatch[] {
    const program = argv[0]
    if (program === undefined) return []
    const exact = this.collect(program, argv)
    if (exact.length > 0 || !resolveHostExecutables) return exact
    return this.hostFallback(program, argv)
  }

  /**
   * Rules keyed by `program`, then canonical rules under other spellings of it. Codex visits the
   * latter in hash-map order, which varies between runs; insertion order is used here.
   */
  private collect(program: string, argv: string[], resolvedProgram?: string, allowed?: (head: string) => boolean): PrefixRuleMatch[] {
    const found: PrefixRuleMatch[] = []
    for (const compiled of this.byHead.get(program) ?? []) {
      const match = matchCompiled(compiled, argv, resolvedProgram)
      if (match) found.push(match)
    }
    const folded = foldCase(program)
    for (const compiled of this.canonicalRules) {
      if (compiled.head === program || foldCase(compiled.head) !== folded) continue
      if (allowed && !allowed(compiled.head)) continue
      const match = matchCompiled(compiled, argv, resolvedProgram)
      if (match) found.push(match)
    }
    return found
  }

  /**
   * `/usr/bin/git status` is checked as `git status` when no rule matched the literal path, unless
   * host_executable(name = "git") lists paths and this one is not among them. Canonical rules filed
   * under another spelling must also pass the list of their own name (observed with 0.169).
   */
  private hostFallback(program: string, argv: string[]): PrefixRuleMatch[] {
    const basename = pathFileName(program)
    const resolved = absoluteProgram(program)
    if (basename === undefined || resolved === undefined) return []
    const permits = (name: string): boolean => this.hosts.get(name)?.includes(resolved) ?? true
    if (!permits(basename)) return []
    return this.collect(basename, [basename, ...argv.slice(1)], resolved, permits)
  }
}

/** host_executable declarations in load order; a later declaration of a name replaces earlier ones. */
export function hostMap(files: RulesFile[]): Map<string, string[]> {
  const hosts = new Map<string, string[]>()
  for (const file of files) for (const host of file.hostExecutables) hosts.set(host.name, host.paths)
  return hosts
}

export class ExecPolicy {
  private readonly index: RuleIndex
  readonly files: RulesFile[]

  /** Files merge in the order given, like repeated `--rules` or Codex's sorted rules directories. */
  constructor(files: RulesFile[]) {
    this.files = files
    this.index = new RuleIndex(
      files.flatMap((file) => file.prefixRules),
      hostMap(files),
    )
  }

  get networkRules(): NetworkRule[] {
    return this.files.flatMap((file) => file.networkRules)
  }

  /** Same result, and same JSON, as `codex execpolicy check --rules … [--resolve-host-executables] argv…`. */
  check(argv: string[], options: CheckOptions = {}): CheckResult {
    const matches = this.index.matches(argv, options.resolveHostExecutables === true)
    const result: CheckResult = {matchedRules: matches.map((prefixRuleMatch) => ({prefixRuleMatch}))}
    const decision = strictestDecision(matches.map((match) => match.decision))
    if (decision !== undefined) result.decision = decision
    return result
  }
}
