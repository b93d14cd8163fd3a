// The data model of Codex exec-policy ".rules" files (builtins of Codex 0.169) and the error
// every stage of the evaluator throws.
export type Decision = 'allow' | 'prompt' | 'forbidden'
/** A literal token, or a list of alternatives for one argv position. */
export type PatternToken = string | string[]

export interface SourcePos {
  file: string
  line: number
  column?: number
}

export const UNSUPPORTED_CONSTRUCT = 'unsupported Starlark construct (codex-guard evaluates a subset)'

export class RulesSyntaxError extends Error {
  readonly file: string
  readonly line: number
  readonly column?: number
  /** The problem without the location, worded like Codex's own error where Codex rejects the file. */
  readonly reason: string
  /**
   * True when the file uses Starlark that codex-guard does not evaluate (def, f-strings, ...): the
   * file may well be valid, so callers should fall back to `codex execpolicy check`.
   */
  readonly unsupported: boolean

  constructor(reason: string, file: string, line: number, column?: number, unsupported = false) {
    super(`${file}:${line}: error: ${reason}`)
    this.name = 'RulesSyntaxError'
    this.file = file
    this.line = line
    this.column = column
    this.reason = reason
    this.unsupported = unsupported
  }
}

export interface PrefixRule extends SourcePos {
  pattern: PatternToken[]
  decision: Decision
  justification?: string
  match: string[][]
  notMatch: string[][]
  /** Whether the file spelled out `decision` (the default is "allow", which bypasses the sandbox). */
  decisionExplicit: boolean
  /**
   * 0.169's undocumented `canonical_matching = True`: tokens compare case-insensitively (Unicode
   * case folding), including the program name. Omitted when false.
   */
  canonicalMatching?: boolean
}

export interface HostExecutable extends SourcePos {
  name: string
  /** Absolute paths, lexically normalised as Codex compares them. */
  paths: string[]
}

export interface NetworkRule extends SourcePos {
  /** Normalised like Codex: trimmed, lower-cased, port and trailing dot removed. */
  host: string
  /** One of http, https, socks5_tcp, socks5_udp (aliases resolved). */
  protocol: string
  /** allow, prompt or forbidden ("deny" is stored as forbidden). */
  decision: string
  justification?: string
}

export interface RulesFile {
  file: string
  prefixRules: PrefixRule[]
  hostExecutables: HostExecutable[]
  networkRules: NetworkRule[]
}
