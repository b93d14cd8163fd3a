// Codex exec-policy ".rules" files: a Starlark-subset evaluator with the builtins of Codex 0.169
// (prefix_rule, host_executable, network_rule), the matcher behind `codex execpolicy check`, the
// load-time match/not_match example checks, and a printer for generated rules.
// Semantics were checked against the 0.169 binary; where it disagrees with the upstream source or
// docs the binary wins (see the comments marked "0.169").
import {homedir} from 'node:os'

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

// ---------------------------------------------------------------------------------------------
// shlex (the Rust `shlex` crate Codex uses to split string examples)

export class ShlexSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ShlexSyntaxError'
  }
}

const SHLEX_BLANK = new Set([' ', '\t', '\n'])

/**
 * POSIX-style split as Codex applies it to string examples: single quotes are literal, double
 * quotes honour \$ \` \" \\ and backslash-newline, `#` at the start of a word comments out the
 * rest of the line. Throws ShlexSyntaxError on an unclosed quote or a trailing backslash.
 */
export function shlexSplit(command: string): string[] {
  const words: string[] = []
  let i = 0
  const n = command.length
  while (i < n) {
    const ch = command[i]!
    if (SHLEX_BLANK.has(ch)) {
      i++
      continue
    }
    if (ch === '#') {
      while (i < n && command[i] !== '\n') i++
      continue
    }
    let word = ''
    while (i < n && !SHLEX_BLANK.has(command[i]!)) {
      const c = command[i]!
      if (c === "'") {
        const close = command.indexOf("'", i + 1)
        if (close < 0) throw new ShlexSyntaxError('unclosed single quote')
        word += command.slice(i + 1, close)
        i = close + 1
      } else if (c === '"') {
        i++
        for (;;) {
          if (i >= n) throw new ShlexSyntaxError('unclosed double quote')
          const d = command[i]!
          if (d === '"') {
            i++
            break
          }
          if (d === '\\') {
            const next = command[i + 1]
            if (next === undefined) throw new ShlexSyntaxError('unclosed double quote')
            if (next === '$' || next === '`' || next === '"' || next === '\\') word += next
            else if (next !== '\n') word += '\\' + next
            i += 2
            continue
          }
          word += d
          i++
        }
      } else if (c === '\\') {
        const next = command[i + 1]
        if (next === undefined) throw new ShlexSyntaxError('trailing backslash')
        if (next !== '\n') word += next
        i += 2
      } else {
        word += c
        i++
      }
    }
    words.push(word)
  }
  return words
}

const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

/** Joins argv for messages so that shlexSplit gives it back. */
export function shlexJoin(argv: string[]): string {
  return argv.map((word) => (SHELL_SAFE.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`)).join(' ')
}

// ---------------------------------------------------------------------------------------------
// Lexer

type TokenKind = 'name' | 'int' | 'string' | 'op' | 'newline' | 'indent' | 'eof'

interface Token {
  kind: TokenKind
  /** identifier, operator, digits, or the decoded string value */
  value: string
  line: number
  column: number
}

const OPERATORS = [
  '**=', '//=', '<<=', '>>=',
  '==', '!=', '<=', '>=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '//', '<<', '>>', '->',
  '(', ')', '[', ']', '{', '}', ',', ';', '=', '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '~', '.', ':',
]

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v', '"': '"', "'": "'", '\\': '\\',
}

function tokenize(source: string, file: string): Token[] {
  const text = source.replace(/\r\n/g, '\n')
  const tokens: Token[] = []
  let i = 0
  let line = 1
  let lineStart = 0
  let depth = 0
  let atLineStart = true
  const columnOf = (at: number): number => at - lineStart + 1
  const fail = (message: string, atLine: number, atColumn: number): never => {
    throw new RulesSyntaxError(`Parse error: ${message}`, file, atLine, atColumn)
  }
  const unsupported = (what: string, atLine: number, atColumn: number): never => {
    throw new RulesSyntaxError(`${UNSUPPORTED_CONSTRUCT}: ${what}`, file, atLine, atColumn, true)
  }
  const passNewline = (): void => {
    line++
    lineStart = i
  }

  const readString = (raw: boolean, startLine: number, startColumn: number): string => {
    const quote = text[i]!
    const triple = text.startsWith(quote.repeat(3), i)
    i += triple ? 3 : 1
    let out = ''
    for (;;) {
      if (i >= text.length) return fail('unfinished string literal', startLine, startColumn)
      const c = text[i]!
      if (triple ? text.startsWith(quote.repeat(3), i) : c === quote) {
        i += triple ? 3 : 1
        return out
      }
      if (c === '\n') {
        if (!triple) return fail('unfinished string literal', startLine, startColumn)
        out += c
        i++
        passNewline()
        continue
      }
      if (c !== '\\') {
        out += c
        i++
        continue
      }
      const next = text[i + 1]
      if (next === undefined) return fail('unfinished string literal', startLine, startColumn)
      if (raw) {
        // A raw string keeps the backslash; it only stops the next character from ending the string.
        out += c + next
        i += 2
        if (next === '\n') passNewline()
        continue
      }
      i += 2
      if (next === '\n') {
        passNewline()
      } else if (next in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[next]
      } else if (next >= '0' && next <= '7') {
        let digits = next
        while (digits.length < 3 && /[0-7]/.test(text[i] ?? '')) digits += text[i++]
        out += String.fromCodePoint(Number.parseInt(digits, 8))
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const width = next === 'x' ? 2 : next === 'u' ? 4 : 8
        let hex = ''
        while (hex.length < width && /[0-9a-fA-F]/.test(text[i] ?? '')) hex += text[i++]
        const code = hex.length === width ? Number.parseInt(hex, 16) : -1
        if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          // Like Codex, quote the sequence up to and including the first bad character.
          const bad = hex.length < width ? (text[i] ?? '') : ''
          fail(`invalid string escape sequence \`${next}${hex}${bad}\``, startLine, startColumn)
        }
        out += String.fromCodePoint(code)
      } else {
        // 0.169 keeps unknown escapes such as "\d" verbatim.
        out += '\\' + next
      }
    }
  }

  while (i < text.length) {
    const ch = text[i]!
    if (atLineStart && depth === 0) {
      let j = i
      while (text[j] === ' ' || text[j] === '\t' || text[j] === '\f') j++
      const next = text[j]
      if (next === undefined) {
        i = j
        break
      }
      if (next === '\n') {
        i = j + 1
        passNewline()
        continue
      }
      if (next === '#') {
        while (j < text.length && text[j] !== '\n') j++
        i = j
        continue
      }
      // Reported by the parser, so that an unsupported `def` or `if` above wins over its indented body.
      if (j > i) tokens.push({kind: 'indent', value: text.slice(i, j), line, column: 1})
      i = j
      atLineStart = false
      continue
    }
    const startColumn = columnOf(i)
    if (ch === ' ' || ch === '\t' || ch === '\f') {
      i++
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++
    } else if (ch === '\\' && text[i + 1] === '\n') {
      i += 2
      passNewline()
    } else if (ch === '\n') {
      const at = {line, column: startColumn}
      i++
      passNewline()
      if (depth === 0) {
        tokens.push({kind: 'newline', value: '\n', ...at})
        atLineStart = true
      }
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j]!)) j++
      const word = text.slice(i, j)
      const quote = text[j]
      if ((quote === '"' || quote === "'") && /^[rRbBfF]{1,2}$/.test(word)) {
        if (/[bBfF]/.test(word)) unsupported(`${word}-prefixed string literal`, line, startColumn)
        const startLine = line
        i = j
        tokens.push({kind: 'string', value: readString(true, startLine, startColumn), line: startLine, column: startColumn})
      } else {
        tokens.push({kind: 'name', value: word, line, column: startColumn})
        i = j
      }
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i
      while (j < text.length && /[0-9A-Za-z_.]/.test(text[j]!)) j++
      const literal = text.slice(i, j)
      if (!/^(0|[1-9][0-9]*)$/.test(literal)) unsupported(`number literal ${literal}`, line, startColumn)
      tokens.push({kind: 'int', value: literal, line, column: startColumn})
      i = j
    } else if (ch === '"' || ch === "'") {
      const startLine = line
      tokens.push({kind: 'string', value: readString(false, startLine, startColumn), line: startLine, column: startColumn})
    } else {
      const op = OPERATORS.find((candidate) => text.startsWith(candidate, i))
      if (op === undefined) {
        if (ch.codePointAt(0)! > 0x7f) unsupported(`non-ASCII character ${JSON.stringify(ch)} outside a string`, line, startColumn)
        fail(`invalid input \`${ch}\``, line, startColumn)
      } else {
        if (op === '(' || op === '[' || op === '{') depth++
        if ((op === ')' || op === ']' || op === '}') && depth > 0) depth--
        tokens.push({kind: 'op', value: op, line, column: startColumn})
        i += op.length
      }
    }
  }
  if (depth > 0) {
    // 0.169 reports a bracket left open at end of file at 1:1 when the file ends with a newline,
    // and at the end of the last line otherwise.
    const at = text.endsWith('\n') ? {line: 1, column: 1} : {line, column: columnOf(i)}
    tokens.push({kind: 'newline', value: '\n', ...at})
  } else if (tokens.length > 0 && tokens.at(-1)!.kind !== 'newline') {
    tokens.push({kind: 'newline', value: '\n', line, column: columnOf(i)})
  }
  tokens.push({kind: 'eof', value: '', line, column: columnOf(i)})
  return tokens
}

// ---------------------------------------------------------------------------------------------
// Parser (the subset: assignments, += , expression statements, pass, load for its error)

interface Located {
  line: number
  column: number
}

type Expr = Located &
  (
    | {type: 'string'; value: string}
    | {type: 'int'; value: number}
    | {type: 'name'; name: string}
    | {type: 'list'; items: Expr[]}
    | {type: 'tuple'; items: Expr[]}
    | {type: 'binary'; op: '+' | '*'; left: Expr; right: Expr}
    | {type: 'call'; callee: string; args: CallArg[]}
  )

interface CallArg {
  name?: string
  value: Expr
}

type Stmt = Located &
  (
    | {type: 'assign'; name: string; augmented: boolean; value: Expr}
    | {type: 'expr'; expr: Expr}
    | {type: 'pass'}
    | {type: 'load'; module: string}
  )

const KEYWORDS = new Set([
  'and', 'break', 'continue', 'def', 'elif', 'else', 'for', 'if', 'in', 'lambda', 'load', 'not', 'or',
  'pass', 'return', 'while',
  // reserved by Starlark
  'as', 'assert', 'async', 'await', 'class', 'del', 'except', 'finally', 'from', 'global', 'import',
  'is', 'nonlocal', 'raise', 'try', 'with', 'yield',
])

/** Tokens that continue valid Starlark beyond the subset, so meeting one is "unsupported", not an error. */
const UNSUPPORTED_OPS = new Set([
  '.', '[', '(', '{', '%', '-', '/', '//', '==', '!=', '<', '>', '<=', '>=', '|', '&', '^', '<<', '>>', '**',
  ':', '-=', '*=', '/=', '//=', '%=', '&=', '|=', '^=', '<<=', '>>=', '**=', '~', '->',
])

class Parser {
  private index = 0

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
  ) {}

  parseFile(): Stmt[] {
    const statements: Stmt[] = []
    while (this.peek().kind !== 'eof') {
      if (this.peek().kind === 'newline') {
        this.index++
        continue
      }
      if (this.peek().kind === 'indent') this.fail('Parse error: unexpected new indentation block, expected expression', this.peek())
      statements.push(this.parseStatement())
      while (this.isOp(';')) {
        this.index++
        if (this.peek().kind === 'newline' || this.peek().kind === 'eof') break
        statements.push(this.parseStatement())
      }
      const end = this.peek()
      if (end.kind !== 'newline' && end.kind !== 'eof') this.unexpected(end, 'new line')
    }
    return statements
  }

  private parseStatement(): Stmt {
    const first = this.peek()
    const at = {line: first.line, column: first.column}
    if (first.kind === 'name' && first.value === 'pass') {
      this.index++
      return {type: 'pass', ...at}
    }
    if (first.kind === 'name' && first.value === 'load') return this.parseLoad()
    if (first.kind === 'name' && KEYWORDS.has(first.value)) this.unsupported(`\`${first.value}\``, first)
    const expr = this.parseExpr()
    if (this.isOp(',')) this.unsupported('tuple assignment or tuple expression', this.peek())
    const next = this.peek()
    if (next.kind === 'op' && (next.value === '=' || next.value === '+=')) {
      if (expr.type !== 'name') return this.unsupported('assignment to something other than a plain name', first)
      this.index++
      return {type: 'assign', name: expr.name, augmented: next.value === '+=', value: this.parseExpr(), ...at}
    }
    return {type: 'expr', expr, ...at}
  }

  private parseLoad(): Stmt {
    const keyword = this.next()
    this.expectOp('(')
    const module = this.next()
    if (module.kind !== 'string') this.unexpected(module, 'string literal')
    while (!this.isOp(')')) {
      this.expectOp(',')
      if (this.isOp(')')) break
      if (this.peek().kind === 'name') {
        this.index++
        this.expectOp('=')
      }
      const symbol = this.next()
      if (symbol.kind !== 'string') this.unexpected(symbol, 'string literal')
    }
    this.index++
    return {type: 'load', module: module.value, line: keyword.line, column: keyword.column}
  }

  private parseExpr(): Expr {
    let left = this.parseTerm()
    while (this.isOp('+')) {
      this.index++
      left = {type: 'binary', op: '+', left, right: this.parseTerm(), line: left.line, column: left.column}
    }
    return left
  }

  private parseTerm(): Expr {
    let left = this.parsePostfix()
    while (this.isOp('*')) {
      this.index++
      left = {type: 'binary', op: '*', left, right: this.parsePostfix(), line: left.line, column: left.column}
    }
    return left
  }

  private parsePostfix(): Expr {
    const primary = this.parsePrimary()
    if (this.isOp('(') && primary.type === 'name') {
      this.index++
      const call: Expr = {type: 'call', callee: primary.name, args: this.parseArgs(), line: primary.line, column: primary.column}
      return call
    }
    return primary
  }

  private parseArgs(): CallArg[] {
    const args: CallArg[] = []
    let sawNamed = false
    while (!this.isOp(')')) {
      const token = this.peek()
      if (token.kind === 'op' && (token.value === '*' || token.value === '**')) this.unsupported('*args/**kwargs in a call', token)
      const afterName = this.tokens[this.index + 1]
      if (token.kind === 'name' && afterName?.kind === 'op' && afterName.value === '=') {
        this.index += 2
        args.push({name: token.value, value: this.parseExpr()})
        sawNamed = true
      } else {
        const value = this.parseExpr()
        if (sawNamed) this.fail('Parse error: positional argument after named argument', token)
        args.push({value})
      }
      this.expectSeparator(')')
    }
    this.index++
    return args
  }

  private parsePrimary(): Expr {
    const token = this.next()
    const at = {line: token.line, column: token.column}
    switch (token.kind) {
      case 'string':
        return {type: 'string', value: token.value, ...at}
      case 'int':
        return {type: 'int', value: Number(token.value), ...at}
      case 'name':
        if (KEYWORDS.has(token.value)) this.unsupported(`\`${token.value}\``, token)
        return {type: 'name', name: token.value, ...at}
      case 'op':
        if (token.value === '[') return {type: 'list', items: this.parseItems(']'), ...at}
        if (token.value === '(') {
          if (this.isOp(')')) {
            this.index++
            return {type: 'tuple', items: [], ...at}
          }
          const first = this.parseExpr()
          if (this.isOp(')')) {
            this.index++
            return first
          }
          this.expectOp(',')
          return {type: 'tuple', items: [first, ...this.parseItems(')')], ...at}
        }
        if (UNSUPPORTED_OPS.has(token.value) || token.value === '+' || token.value === '*') {
          this.unsupported(`\`${token.value}\` at the start of an expression`, token)
        }
        break
      default:
        break
    }
    return this.unexpected(token, 'expression')
  }

  /** Comma-separated expressions up to `close`, trailing comma allowed; `close` is consumed. */
  private parseItems(close: string): Expr[] {
    const items: Expr[] = []
    while (!this.isOp(close)) {
      items.push(this.parseExpr())
      const next = this.peek()
      if (next.kind === 'name' && next.value === 'for') this.unsupported('comprehension', next)
      this.expectSeparator(close)
    }
    this.index++
    return items
  }

  private peek(): Token {
    return this.tokens[this.index]!
  }

  private next(): Token {
    const token = this.tokens[this.index]!
    if (token.kind !== 'eof') this.index++
    return token
  }

  private isOp(value: string): boolean {
    const token = this.peek()
    return token.kind === 'op' && token.value === value
  }

  private expectOp(value: string): void {
    const token = this.peek()
    if (token.kind === 'op' && token.value === value) {
      this.index++
      return
    }
    this.unexpected(token, `symbol '${value}'`)
  }

  /** After an item of a list, tuple or call: a comma, or the closing bracket (left for the caller). */
  private expectSeparator(close: string): void {
    if (this.isOp(close)) return
    if (this.isOp(',')) {
      this.index++
      return
    }
    this.unexpected(this.peek(), `symbol '${close}'`)
  }

  private unexpected(token: Token, expected: string): never {
    if (token.kind === 'op' && UNSUPPORTED_OPS.has(token.value)) this.unsupported(`\`${token.value}\``, token)
    if (token.kind === 'name' && KEYWORDS.has(token.value)) this.unsupported(`\`${token.value}\``, token)
    return this.fail(`Parse error: unexpected ${describeToken(token)}, expected ${expected}`, token)
  }

  private fail(message: string, token: Token): never {
    throw new RulesSyntaxError(message, this.file, token.line, token.column)
  }

  private unsupported(what: string, token: Token): never {
    throw new RulesSyntaxError(`${UNSUPPORTED_CONSTRUCT}: ${what}`, this.file, token.line, token.column, true)
  }
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case 'newline':
      return 'new line'
    case 'eof':
      return 'end of file'
    case 'indent':
      return 'new indentation block'
    case 'string':
      return `string literal ${JSON.stringify(token.value)}`
    case 'int':
      return `integer literal ${token.value}`
    case 'name':
      return `identifier '${token.value}'`
    default:
      return `symbol '${token.value}'`
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluator

type BuiltinName = 'prefix_rule' | 'host_executable' | 'network_rule'

type Value =
  | {kind: 'string'; value: string}
  | {kind: 'int'; value: number}
  | {kind: 'bool'; value: boolean}
  | {kind: 'none'}
  | {kind: 'list'; items: Value[]}
  | {kind: 'tuple'; items: Value[]}
  | {kind: 'function'; name: BuiltinName}

const NONE: Value = {kind: 'none'}

const BUILTIN_VALUES = new Map<string, Value>([
  ['True', {kind: 'bool', value: true}],
  ['False', {kind: 'bool', value: false}],
  ['None', NONE],
  ['prefix_rule', {kind: 'function', name: 'prefix_rule'}],
  ['host_executable', {kind: 'function', name: 'host_executable'}],
  ['network_rule', {kind: 'function', name: 'network_rule'}],
])

/** Globals of Codex's Starlark environment that codex-guard does not implement. */
const STANDARD_GLOBALS = new Set([
  'abs', 'all', 'any', 'bool', 'breakpoint', 'call_stack', 'call_stack_frame', 'chr', 'debug', 'dict',
  'dir', 'enumerate', 'fail', 'filter', 'float', 'getattr', 'hasattr', 'hash', 'int', 'isinstance', 'json',
  'len', 'list', 'map', 'max', 'min', 'ord', 'partial', 'pprint', 'prepr', 'print', 'pstr', 'range',
  'repr', 'reversed', 'set', 'sorted', 'str', 'struct', 'tuple', 'type', 'zip',
])

function typeName(value: Value): string {
  switch (value.kind) {
    case 'none':
      return 'NoneType'
    default:
      return value.kind
  }
}

function repr(value: Value): string {
  switch (value.kind) {
    case 'string':
      return JSON.stringify(value.value)
    case 'int':
      return String(value.value)
    case 'bool':
      return value.value ? 'True' : 'False'
    case 'none':
      return 'None'
    case 'list':
      return `[${value.items.map(repr).join(', ')}]`
    case 'tuple':
      return value.items.length === 1 ? `(${repr(value.items[0]!)},)` : `(${value.items.map(repr).join(', ')})`
    case 'function':
      return value.name
  }
}

type ParamType = 'str' | 'list' | 'bool'

interface ParamSpec {
  name: string
  type: ParamType
  required: boolean
}

// Positional order is the 0.169 signature order (a 6th positional argument is canonical_matching).
const SIGNATURES: Record<BuiltinName, ParamSpec[]> = {
  prefix_rule: [
    {name: 'pattern', type: 'list', required: true},
    {name: 'decision', type: 'str', required: false},
    {name: 'match', type: 'list', required: false},
    {name: 'not_match', type: 'list', required: false},
    {name: 'justification', type: 'str', required: false},
    {name: 'canonical_matching', type: 'bool', required: false},
  ],
  host_executable: [
    {name: 'name', type: 'str', required: true},
    {name: 'paths', type: 'list', required: true},
  ],
  network_rule: [
    {name: 'host', type: 'str', required: true},
    {name: 'protocol', type: 'str', required: true},
    {name: 'decision', type: 'str', required: true},
    {name: 'justification', type: 'str', required: false},
  ],
}

const PARAM_KIND: Record<ParamType, Value['kind']> = {str: 'string', list: 'list', bool: 'bool'}

type BoundArgs = Map<string, Value>

function stringArg(args: BoundArgs, name: string): string | undefined {
  const value = args.get(name)
  return value?.kind === 'string' ? value.value : undefined
}

function listArg(args: BoundArgs, name: string): Value[] | undefined {
  const value = args.get(name)
  return value?.kind === 'list' ? value.items : undefined
}

/** An error inside a builtin; the evaluator reports it at the call's position. */
class BuiltinError extends Error {}

function parseDecision(raw: string): Decision {
  if (raw === 'allow' || raw === 'prompt' || raw === 'forbidden') return raw
  throw new BuiltinError(`invalid decision: ${raw}`)
}

function checkJustification(raw: string | undefined): string | undefined {
  if (raw !== undefined && raw.trim() === '') throw new BuiltinError('invalid rule: justification cannot be empty')
  return raw
}

function parsePatternToken(value: Value): PatternToken {
  if (value.kind === 'string') return value.value
  if (value.kind !== 'list') {
    throw new BuiltinError(`invalid pattern element: pattern element must be a string or list of strings (got ${typeName(value)})`)
  }
  const alternatives = value.items.map((item) => {
    if (item.kind !== 'string') {
      throw new BuiltinError(`invalid pattern element: pattern alternative must be a string (got ${typeName(item)})`)
    }
    return item.value
  })
  if (alternatives.length === 0) throw new BuiltinError('invalid pattern element: pattern alternatives cannot be empty')
  // Codex treats a one-element alternative list as a plain token.
  return alternatives.length === 1 ? alternatives[0]! : alternatives
}

function parseExample(value: Value): string[] {
  if (value.kind === 'string') {
    let tokens: string[]
    try {
      tokens = shlexSplit(value.value)
    } catch {
      throw new BuiltinError('invalid example: example string has invalid shell syntax')
    }
    if (tokens.length === 0) throw new BuiltinError('invalid example: example cannot be an empty string')
    return tokens
  }
  if (value.kind !== 'list') {
    throw new BuiltinError(`invalid example: example must be a string or list of strings (got ${typeName(value)})`)
  }
  const tokens = value.items.map((item) => {
    if (item.kind !== 'string') throw new BuiltinError(`invalid example: example tokens must be strings (got ${typeName(item)})`)
    return item.value
  })
  if (tokens.length === 0) throw new BuiltinError('invalid example: example cannot be an empty list')
  return tokens
}

/** Lexical normalisation as Codex's AbsolutePathBuf does it: `.`, `..` and repeated slashes go. */
function normalizeAbsolutePath(path: string): string {
  const parts: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') parts.pop()
    else parts.push(part)
  }
  return '/' + parts.join('/')
}

/** Rust's Path::file_name: the last component, unless that is `..`; trailing `/` and `.` are skipped. */
function pathFileName(path: string): string | undefined {
  const parts = path.split('/').filter((part, index) => part !== '' && (part !== '.' || index === 0))
  const last = parts.at(-1)
  return last === undefined || last === '..' || last === '.' ? undefined : last
}

function validateHostExecutableName(name: string): void {
  if (name === '') throw new BuiltinError('invalid rule: host_executable name cannot be empty')
  if (name.includes('/') || name === '.' || name === '..') {
    throw new BuiltinError(`invalid rule: host_executable name must be a bare executable name (got ${name})`)
  }
}

const NETWORK_PROTOCOLS: Record<string, string> = {
  http: 'http',
  https: 'https',
  https_connect: 'https',
  'http-connect': 'https',
  socks5_tcp: 'socks5_tcp',
  socks5_udp: 'socks5_udp',
}

function normalizeNetworkHost(raw: string): string {
  let host = raw.trim()
  if (host === '') throw new BuiltinError('invalid rule: network_rule host cannot be empty')
  if (host.includes('://') || /[/?#]/.test(host)) {
    throw new BuiltinError('invalid rule: network_rule host must be a hostname or IP literal (without scheme or path)')
  }
  if (host.startsWith('[')) {
    const close = host.indexOf(']')
    if (close < 0) throw new BuiltinError('invalid rule: network_rule host has an invalid bracketed IPv6 literal')
    const rest = host.slice(close + 1)
    if (rest !== '' && !/^:[0-9]+$/.test(rest)) {
      throw new BuiltinError(`invalid rule: network_rule host contains an unsupported suffix: ${raw}`)
    }
    host = host.slice(1, close)
  } else {
    const port = /^([^:]+):([0-9]+)$/.exec(host)
    if (port) host = port[1]!
  }
  const normalized = host.replace(/\.+$/, '').trim().toLowerCase()
  if (normalized === '') throw new BuiltinError('invalid rule: network_rule host cannot be empty')
  if (normalized.includes('*')) {
    throw new BuiltinError('invalid rule: network_rule host must be a specific host; wildcards are not allowed')
  }
  if (/\s/.test(normalized)) throw new BuiltinError('invalid rule: network_rule host cannot contain whitespace')
  return normalized
}

/** `sequence * times` for strings, lists and tuples; a negative count gives an empty sequence. */
function repeat(sequence: Value, times: number): Value | undefined {
  const count = Math.max(0, times)
  if (sequence.kind === 'string') return {kind: 'string', value: sequence.value.repeat(count)}
  if (sequence.kind === 'list' || sequence.kind === 'tuple') {
    return {kind: sequence.kind, items: Array.from({length: count}, () => sequence.items).flat()}
  }
  return undefined
}

class Evaluator {
  private readonly globals = new Map<string, Value>()
  readonly result: RulesFile

  constructor(
    private readonly file: string,
    private readonly assignedNames: Set<string>,
  ) {
    this.result = {file, prefixRules: [], hostExecutables: [], networkRules: []}
  }

  run(statements: Stmt[]): void {
    // Starlark resolves load() before running anything, and Codex offers no modules.
    const load = statements.find((statement) => statement.type === 'load')
    if (load?.type === 'load') {
      this.fail(`No imports are available, you tried \`${load.module}\` (no call to \`Evaluator.set_loader\`)`, load)
    }
    for (const statement of statements) {
      if (statement.type === 'assign') {
        if (!statement.augmented) {
          this.globals.set(statement.name, this.evaluate(statement.value))
          continue
        }
        const current = this.lookup(statement.name, statement)
        const value = this.evaluate(statement.value)
        if (current.kind === 'list' && value.kind === 'list') current.items.push(...value.items)
        else this.globals.set(statement.name, this.binary('+', current, value, statement))
      } else if (statement.type === 'expr') {
        this.evaluate(statement.expr)
      }
    }
  }

  private evaluate(expr: Expr): Value {
    switch (expr.type) {
      case 'string':
        return {kind: 'string', value: expr.value}
      case 'int':
        return {kind: 'int', value: expr.value}
      case 'name':
        return this.lookup(expr.name, expr)
      case 'list':
        return {kind: 'list', items: expr.items.map((item) => this.evaluate(item))}
      case 'tuple':
        return {kind: 'tuple', items: expr.items.map((item) => this.evaluate(item))}
      case 'binary':
        return this.binary(expr.op, this.evaluate(expr.left), this.evaluate(expr.right), expr)
      case 'call':
        return this.call(expr.callee, expr.args, expr)
    }
  }

  private lookup(name: string, at: Located): Value {
    const value = this.globals.get(name) ?? BUILTIN_VALUES.get(name)
    if (value) return value
    if (this.assignedNames.has(name)) this.fail(`Local variable \`${name}\` referenced before assignment`, at)
    if (STANDARD_GLOBALS.has(name)) this.unsupported(`builtin \`${name}\``, at)
    return this.fail(`Variable \`${name}\` not found`, at)
  }

  private binary(op: '+' | '*', left: Value, right: Value, at: Located): Value {
    if (op === '+') {
      if (left.kind === 'string' && right.kind === 'string') return {kind: 'string', value: left.value + right.value}
      if (left.kind === 'int' && right.kind === 'int') return {kind: 'int', value: left.value + right.value}
      if (left.kind === 'list' && right.kind === 'list') return {kind: 'list', items: [...left.items, ...right.items]}
      if (left.kind === 'tuple' && right.kind === 'tuple') return {kind: 'tuple', items: [...left.items, ...right.items]}
    } else {
      if (left.kind === 'int' && right.kind === 'int') return {kind: 'int', value: left.value * right.value}
      const repeated = left.kind === 'int' ? repeat(right, left.value) : right.kind === 'int' ? repeat(left, right.value) : undefined
      if (repeated) return repeated
    }
    return this.fail(`Operation \`${op}\` not supported for types \`${typeName(left)}\` and \`${typeName(right)}\``, at)
  }

  private call(calleeName: string, argExprs: CallArg[], at: Located): Value {
    const callee = this.lookup(calleeName, at)
    if (callee.kind !== 'function') return this.unsupported(`calling a ${typeName(callee)}`, at)
    const name = callee.name
    const args = argExprs.map((arg) => ({name: arg.name, value: this.evaluate(arg.value)}))
    try {
      const bound = this.bind(name, args)
      if (name === 'prefix_rule') this.prefixRule(bound, at)
      else if (name === 'host_executable') this.hostExecutable(bound, at)
      else this.networkRule(bound, at)
    } catch (error) {
      if (error instanceof BuiltinError) this.fail(error.message, at)
      throw error
    }
    return NONE
  }

  private bind(name: BuiltinName, args: {name?: string; value: Value}[]): BoundArgs {
    const specs = SIGNATURES[name]
    const bound: BoundArgs = new Map()
    const positional = args.filter((arg) => arg.name === undefined)
    if (positional.length > specs.length) {
      throw new BuiltinError(`Found ${positional.length - specs.length} extra positional argument(s) for call to ${name}`)
    }
    positional.forEach((arg, index) => {
      bound.set(specs[index]!.name, arg.value)
    })
    const extras: string[] = []
    for (const arg of args) {
      if (arg.name === undefined) continue
      if (!specs.some((spec) => spec.name === arg.name)) extras.push(arg.name)
      else if (bound.has(arg.name)) throw new BuiltinError(`Argument \`${arg.name}\` occurs more than once`)
      else bound.set(arg.name, arg.value)
    }
    if (extras.length > 0) {
      throw new BuiltinError(`Found \`${extras.join('`, `')}\` extra named parameter(s) for call to ${name}`)
    }
    for (const spec of specs) {
      const value = bound.get(spec.name)
      if (value === undefined) {
        if (spec.required) throw new BuiltinError(`Missing parameter \`${spec.name}\` for call to \`${name}\``)
        continue
      }
      if (value.kind !== PARAM_KIND[spec.type]) {
        throw new BuiltinError(
          `Type of parameter \`${spec.name}\` doesn't match, expected \`${spec.type}\`, actual \`${typeName(value)} (repr: ${repr(value)})\``,
        )
      }
    }
    return bound
  }

  private prefixRule(args: BoundArgs, at: Located): void {
    const rawDecision = stringArg(args, 'decision')
    const decision = rawDecision === undefined ? 'allow' : parseDecision(rawDecision)
    const justification = checkJustification(stringArg(args, 'justification'))
    const pattern = listArg(args, 'pattern')!.map(parsePatternToken)
    if (pattern.length === 0) throw new BuiltinError('invalid pattern element: pattern cannot be empty')
    const match = (listArg(args, 'match') ?? []).map(parseExample)
    const notMatch = (listArg(args, 'not_match') ?? []).map(parseExample)
    const rule: PrefixRule = {
      file: this.file,
      line: at.line,
      column: at.column,
      pattern,
      decision,
      match,
      notMatch,
      decisionExplicit: rawDecision !== undefined,
    }
    if (justification !== undefined) rule.justification = justification
    const canonical = args.get('canonical_matching')
    if (canonical?.kind === 'bool' && canonical.value) rule.canonicalMatching = true
    this.result.prefixRules.push(rule)
  }

  private hostExecutable(args: BoundArgs, at: Located): void {
    const name = stringArg(args, 'name')!
    validateHostExecutableName(name)
    const paths: string[] = []
    for (const value of listArg(args, 'paths')!) {
      if (value.kind !== 'string') {
        throw new BuiltinError(`invalid rule: host_executable paths must be strings (got ${typeName(value)})`)
      }
      // 0.169 rejects `~/...` here although newer upstream docs allow it.
      if (!value.value.startsWith('/')) {
        throw new BuiltinError(`invalid rule: host_executable paths must be absolute (got ${value.value})`)
      }
      const path = normalizeAbsolutePath(value.value)
      if (pathFileName(path) !== name) {
        throw new BuiltinError(`invalid rule: host_executable path \`${value.value}\` must have basename \`${name}\``)
      }
      if (!paths.includes(path)) paths.push(path)
    }
    this.result.hostExecutables.push({file: this.file, line: at.line, column: at.column, name, paths})
  }

  private networkRule(args: BoundArgs, at: Located): void {
    const rawProtocol = stringArg(args, 'protocol')!
    const protocol = NETWORK_PROTOCOLS[rawProtocol]
    if (protocol === undefined) {
      throw new BuiltinError(
        `invalid rule: network_rule protocol must be one of http, https, socks5_tcp, socks5_udp (got ${rawProtocol})`,
      )
    }
    const rawDecision = stringArg(args, 'decision')!
    const decision = rawDecision === 'deny' ? 'forbidden' : parseDecision(rawDecision)
    const justification = checkJustification(stringArg(args, 'justification'))
    const host = normalizeNetworkHost(stringArg(args, 'host')!)
    const rule: NetworkRule = {file: this.file, line: at.line, column: at.column, host, protocol, decision}
    if (justification !== undefined) rule.justification = justification
    this.result.networkRules.push(rule)
  }

  private fail(reason: string, at: Located): never {
    throw new RulesSyntaxError(reason, this.file, at.line, at.column)
  }

  private unsupported(what: string, at: Located): never {
    throw new RulesSyntaxError(`${UNSUPPORTED_CONSTRUCT}: ${what}`, this.file, at.line, at.column, true)
  }
}

/**
 * Evaluates a .rules file. Throws RulesSyntaxError for everything Codex refuses while evaluating
 * (with the line Codex reports) and for constructs outside the supported subset (`unsupported`).
 * match/not_match examples are parsed but not checked: see checkExamples.
 */
export function parseRules(text: string, file: string): RulesFile {
  const statements = new Parser(tokenize(text, file), file).parseFile()
  const assigned = new Set(statements.flatMap((statement) => (statement.type === 'assign' ? [statement.name] : [])))
  const evaluator = new Evaluator(file, assigned)
  evaluator.run(statements)
  return evaluator.result
}

// ---------------------------------------------------------------------------------------------
// Matching (`codex execpolicy check`)

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

const DECISION_RANK: Record<Decision, number> = {allow: 0, prompt: 1, forbidden: 2}

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

/** Absolute form of a command's program token as Codex resolves it, or undefined if relative. */
function absoluteProgram(token: string): string | undefined {
  if (token === '~' || token.startsWith('~/')) return normalizeAbsolutePath(homedir() + token.slice(1))
  return token.startsWith('/') ? normalizeAbsolutePath(token) : undefined
}

class RuleIndex {
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
function hostMap(files: RulesFile[]): Map<string, string[]> {
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

// ---------------------------------------------------------------------------------------------
// Load-time examples

export interface ExampleFailure extends SourcePos {
  kind: 'match' | 'not_match'
  example: string[]
  message: string
}

/**
 * The example checks Codex runs after evaluating a file (it refuses to load the file if one
 * fails). Each rule's examples are matched against that rule alone, with host-executable
 * resolution on and the host_executable declarations of this file and of the files loaded
 * before it (`priorFiles`). Codex stops at the first failure; this reports all of them.
 */
export function checkExamples(file: RulesFile, priorFiles: RulesFile[] = []): ExampleFailure[] {
  const hosts = hostMap([...priorFiles, file])
  const failures: ExampleFailure[] = []
  for (const rule of file.prefixRules) {
    const index = new RuleIndex([rule], hosts)
    const at = {file: rule.file, line: rule.line, column: rule.column}
    for (const example of rule.notMatch) {
      if (index.matches(example, true).length === 0) continue
      failures.push({
        ...at,
        kind: 'not_match',
        example,
        message: `expected example to not match rule ${describePattern(rule.pattern)}: ${shlexJoin(example)}`,
      })
    }
    for (const example of rule.match) {
      if (index.matches(example, true).length > 0) continue
      failures.push({
        ...at,
        kind: 'match',
        example,
        message: `expected every example to match at least one rule ${describePattern(rule.pattern)}; unmatched example: ${shlexJoin(example)}`,
      })
    }
  }
  return failures
}

function describePattern(pattern: PatternToken[]): string {
  return '[' + pattern.map((token) => (typeof token === 'string' ? token : `[${token.join('|')}]`)).join(' ') + ']'
}

// ---------------------------------------------------------------------------------------------
// Printer

/** Characters written as escapes so that invisible or control characters stay visible in review. */
const ESCAPE_IN_STRING = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u
const NAMED_STRING_ESCAPES: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\'}

/** A double-quoted Starlark string literal that Codex reads back as exactly `s`. */
export function quoteStarlark(s: string): string {
  let out = '"'
  for (const char of s) {
    const code = char.codePointAt(0)!
    if (code >= 0xd800 && code <= 0xdfff) throw new Error(`cannot write a lone surrogate (U+${code.toString(16)}) into a rules file`)
    const named = NAMED_STRING_ESCAPES[char]
    if (named) out += named
    else if (!ESCAPE_IN_STRING.test(char)) out += char
    else if (code < 0x80) out += '\\x' + code.toString(16).padStart(2, '0')
    else if (code <= 0xffff) out += '\\u' + code.toString(16).padStart(4, '0')
    else out += '\\U' + code.toString(16).padStart(8, '0')
  }
  return out + '"'
}

function renderPatternToken(token: PatternToken): string {
  return typeof token === 'string' ? quoteStarlark(token) : `[${token.map(quoteStarlark).join(', ')}]`
}

/** A shell-style string when that is unambiguous and readable, else the token list. */
function renderExample(example: string[]): string {
  if (example.length > 0 && example.every((token) => SHELL_SAFE.test(token))) return quoteStarlark(example.join(' '))
  return `[${example.map(quoteStarlark).join(', ')}]`
}

const MAX_LINE = 100

/**
 * Canonical Starlark for one prefix rule: keyword arguments on their own lines, examples one per
 * line. Throws for input Codex would refuse to load (empty pattern, empty justification, ...).
 */
export function renderPrefixRule(rule: Omit<PrefixRule, 'file' | 'line' | 'column' | 'decisionExplicit'>): string {
  if (rule.pattern.length === 0) throw new Error('prefix rule pattern cannot be empty')
  for (const token of rule.pattern) {
    if (typeof token !== 'string' && token.length === 0) throw new Error('prefix rule pattern alternatives cannot be empty')
  }
  if (!Object.hasOwn(DECISION_RANK, rule.decision)) throw new Error(`invalid decision: ${rule.decision}`)
  if (rule.justification !== undefined && rule.justification.trim() === '') throw new Error('justification cannot be empty')
  for (const example of [...rule.match, ...rule.notMatch]) {
    if (example.length === 0) throw new Error('prefix rule examples cannot be empty')
  }
  const indent = '    '
  const lines = ['prefix_rule(']
  const tokens = rule.pattern.map(renderPatternToken)
  const oneLine = `${indent}pattern = [${tokens.join(', ')}],`
  if (oneLine.length <= MAX_LINE) lines.push(oneLine)
  else lines.push(`${indent}pattern = [`, ...tokens.map((token) => `${indent}${indent}${token},`), `${indent}],`)
  lines.push(`${indent}decision = ${quoteStarlark(rule.decision)},`)
  if (rule.justification !== undefined) lines.push(`${indent}justification = ${quoteStarlark(rule.justification)},`)
  const examples = (keyword: string, list: string[][]): void => {
    if (list.length === 0) return
    lines.push(`${indent}${keyword} = [`, ...list.map((example) => `${indent}${indent}${renderExample(example)},`), `${indent}],`)
  }
  examples('match', rule.match)
  examples('not_match', rule.notMatch)
  if (rule.canonicalMatching) lines.push(`${indent}canonical_matching = True,`)
  lines.push(')')
  return lines.join('\n')
}
