// Parser for the subset: assignments, +=, expression statements, pass, and load (for its error).
import type {Token} from './lexer.js'
import {RulesSyntaxError, UNSUPPORTED_CONSTRUCT} from './types.js'

export interface Located {
  line: number
  column: number
}

export type Expr = Located &
  (
    | {type: 'string'; value: string}
    | {type: 'int'; value: number}
    | {type: 'name'; name: string}
    | {type: 'list'; items: Expr[]}
    | {type: 'tuple'; items: Expr[]}
    | {type: 'binary'; op: '+' | '*'; left: Expr; right: Expr}
    | {type: 'call'; callee: string; args: CallArg[]}
  )

export interface CallArg {
  name?: string
  value: Expr
}

export type Stmt = Located & ({type: 'assign'; name: string; augmented: boolean; value: Expr} | {type: 'expr'; expr: Expr} | {type: 'pass'} | {type: 'load'; module: string})

const KEYWORDS = new Set([
  'and',
  'break',
  'continue',
  'def',
  'elif',
  'else',
  'for',
  'if',
  'in',
  'lambda',
  'load',
  'not',
  'or',
  'pass',
  'return',
  'while',
  // reserved by Starlark
  'as',
  'assert',
  'async',
  'await',
  'class',
  'del',
  'except',
  'finally',
  'from',
  'global',
  'import',
  'is',
  'nonlocal',
  'raise',
  'try',
  'with',
  'yield',
])

/** Tokens that continue valid Starlark beyond the subset, so meeting one is "unsupported", not an error. */
const UNSUPPORTED_OPS = new Set([
  '.',
  '[',
  '(',
  '{',
  '%',
  '-',
  '/',
  '//',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '|',
  '&',
  '^',
  '<<',
  '>>',
  '**',
  ':',
  '-=',
  '*=',
  '/=',
  '//=',
  '%=',
  '&=',
  '|=',
  '^=',
  '<<=',
  '>>=',
  '**=',
  '~',
  '->',
])

export class Parser {
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
