// Evaluator for the parsed subset with Codex's builtins (prefix_rule, host_executable,
// network_rule): it reports what Codex refuses while evaluating, at the line Codex reports.
import {tokenize} from './lexer.js'
import {type CallArg, type Expr, type Located, Parser, type Stmt} from './parser.js'
import {normalizeAbsolutePath, pathFileName} from './paths.js'
import {shlexSplit} from './shlex.js'
import {type Decision, type NetworkRule, type PatternToken, type PrefixRule, type RulesFile, RulesSyntaxError, UNSUPPORTED_CONSTRUCT} from './types.js'

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
  'abs',
  'all',
  'any',
  'bool',
  'breakpoint',
  'call_stack',
  'call_stack_frame',
  'chr',
  'debug',
  'dict',
  'dir',
  'enumerate',
  'fail',
  'filter',
  'float',
  'getattr',
  'hasattr',
  'hash',
  'int',
  'isinstance',
  'json',
  'len',
  'list',
  'map',
  'max',
  'min',
  'ord',
  'partial',
  'pprint',
  'prepr',
  'print',
  'pstr',
  'range',
  'repr',
  'reversed',
  'set',
  'sorted',
  'str',
  'struct',
  'tuple',
  'type',
  'zip',
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
        throw new BuiltinError(`Type of parameter \`${spec.name}\` doesn't match, expected \`${spec.type}\`, actual \`${typeName(value)} (repr: ${repr(value)})\``)
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
      throw new BuiltinError(`invalid rule: network_rule protocol must be one of http, https, socks5_tcp, socks5_udp (got ${rawProtocol})`)
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
