// Static analysis of a shell command for the PreToolUse hook. Codex rules only see argv prefixes;
// this walks the whole script with a real bash parser (unbash): pipelines, lists, subshells,
// command and process substitutions, redirections, here-docs, nested `sh -c` / `eval` scripts,
// wrapper commands (env, sudo, timeout, xargs, find -exec …) and simple variable assignments.
// Words are evaluated statically: $PWD/$HOME/~ resolve, assigned variables substitute, brace
// lists expand, globs are expanded against the filesystem; unknown expansions are marked.
import {isAbsolute, join, resolve} from 'node:path'
import type {Command, HereDoc, ParsedScript, Redirected, SyntaxNode, Word, WordPart} from 'unbash'
import {forEachChild, parse} from 'unbash'
import {FIND_EXEC_OPTIONS, LAUNCHERS, SHELLS} from '../policy/programs.js'
import {monotonicMs} from '../util/clock.js'
import {listGlob} from './paths.js'

/** Placeholder for an expansion whose value cannot be known statically. */
export const UNKNOWN = '\u0000'

export interface SimpleCommand {
  /** argv with words evaluated (first alternative of each word). */
  argv: string[]
  /** Every alternative of every argument and redirection target, for path checks. */
  words: string[]
  /** Redirection targets with their operators, e.g. [">", "AGENTS.md"]. */
  redirects: {operator: string; target: string}[]
  /** Text fed on stdin by a here-document or here-string, if any. */
  stdinText?: string
  /** Wrapped or nested: how deep in sh -c / eval / substitutions this command sits. */
  depth: number
  /** Index of the pipeline this command is part of, and its position in it. */
  pipeline: {id: number; index: number; length: number}
  /** The directory it runs in, following `cd`/`pushd` in order (subshells and `sh -c` keep their own). */
  cwd: string
  /** A launcher (sudo, env, timeout, xargs…) whose command is recorded separately after it. */
  launcher?: boolean
  /** Assignments among its arguments (`export A=1`, `declare -x B=2`): not in argv. */
  declares?: boolean
}

/** `words` without the first occurrence of `word`. */
function withoutFirst(words: string[], word: string): string[] {
  const index = words.indexOf(word)
  return index === -1 ? words : [...words.slice(0, index), ...words.slice(index + 1)]
}

export interface ShellAnalysis {
  commands: SimpleCommand[]
  errors: string[]
  /**
   * Directories the script changes into (`cd`, `pushd`) or points a tool at (`git -C`, `tar -C`,
   * `make -C`, `--directory=`), absolute. Relative paths may be meant against any of them: a
   * static over-approximation, so `cd config && cat master.key` is judged as config/master.key.
   */
  directories: string[]
}

export interface ShellContext {
  cwd: string
  home: string
  /** monotonicMs() after which the analysis stops and reports that it ran out of budget. */
  deadline?: number
  /** Environment variables whose values are known (e.g. CODEX_HOME), besides PWD and HOME. */
  known?: Readonly<Record<string, string>>
}

const MAX_DEPTH = 6
/** Syntax nesting (subshells, substitutions, groups) past which a command is not analysed. */
const MAX_NESTING = 200
/** Alternatives kept per variable, and the longest value tracked: past them a value is unknown (linear time on self-concatenation). */
const MAX_ALTERNATIVES = 16
const MAX_VALUE_LENGTH = 4096
/** Words (arguments and their expansions) analysed per command line: far above real commands, and bounded work. */
const MAX_WORDS = 20_000

/** Stops the walk: the command is too large or too deep to analyse within its budget. */
class AnalysisLimit extends Error {}

/** The command a launcher (env, sudo, timeout, xargs…; policy/programs.ts) runs, or undefined. */
function unwrap(argv: string[]): string[] | undefined {
  const launcher = LAUNCHERS[basename(argv[0] ?? '')]
  if (!launcher) return undefined
  const args = argv.slice(1)
  let index = 0
  while (index < args.length && args[index]!.startsWith('-')) {
    if (args[index] === '--') {
      index++
      break
    }
    if (launcher.valueOptions.includes(args[index]!)) index++
    index++
  }
  if (launcher.assignments) while (index < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[index]!)) index++
  return args.slice(index + (launcher.skipOperands ?? 0))
}

/** `find … -exec cmd {} ;` and friends. */
function findExecs(argv: string[]): string[][] {
  if (basename(argv[0] ?? '') !== 'find' && basename(argv[0] ?? '') !== 'fd') return []
  const out: string[][] = []
  for (let index = 1; index < argv.length; index++) {
    if (FIND_EXEC_OPTIONS.has(argv[index]!)) {
      const end = argv.findIndex((arg, position) => position > index && (arg === ';' || arg === '+'))
      out.push(argv.slice(index + 1, end === -1 ? undefined : end))
    }
  }
  return out
}

export function basename(program: string): string {
  const slash = program.lastIndexOf('/')
  return slash === -1 ? program : program.slice(slash + 1)
}

/** Expands simple (non-nested) brace lists: a{b,c}d → abd, acd. */
function expandBraces(text: string): string[] {
  // Left to right with at most 64 results: `{a,b}` repeated n times is 2^n words otherwise.
  if (text.length > MAX_VALUE_LENGTH) return [text]
  let results = ['']
  let rest = text
  for (let match = BRACE_LIST.exec(rest); match; match = BRACE_LIST.exec(rest)) {
    const before = rest.slice(0, match.index)
    const choices = match[1]!.split(',')
    results = results.flatMap((prefix) => choices.map((choice) => prefix + before + choice)).slice(0, 64)
    rest = rest.slice(match.index + match[0].length)
  }
  return results.map((prefix) => prefix + rest)
}

/** The text `tmux send-keys` / `screen -X stuff` type into a terminal, as a script. */
function typedKeys(program: string, argv: string[]): string | undefined {
  if (program === 'tmux') {
    const index = argv.findIndex((arg) => arg === 'send-keys' || arg === 'send')
    if (index === -1) return undefined
    const keys: string[] = []
    for (let position = index + 1; position < argv.length; position++) {
      const arg = argv[position]!
      if (/^-[tN]$/.test(arg)) position++
      else if (!arg.startsWith('-')) keys.push(arg === 'Enter' || arg === 'C-m' ? '\n' : arg)
    }
    return keys.join(' ')
  }
  if (program === 'screen') {
    const index = argv.indexOf('stuff')
    return index !== -1 && argv[index - 1] === '-X'
      ? argv
          .slice(index + 1)
          .join(' ')
          .replace(/\\n|\^M/g, '\n')
      : undefined
  }
  return undefined
}

/** Deepest nesting of parentheses and braces, quotes ignored (an over-estimate is fine: it only refuses). */
function parenDepth(text: string): number {
  let depth = 0
  let deepest = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code === 40 || code === 123) deepest = Math.max(deepest, ++depth)
    else if ((code === 41 || code === 125) && depth > 0) depth--
  }
  return deepest
}

const BRACE_LIST = /\{([^{}]*,[^{}]*)\}/

class Analyzer {
  private readonly commands: SimpleCommand[] = []
  private readonly errors: string[] = []
  private readonly variables = new Map<string, string[]>()
  private pipelineCounter = 0
  /** Where the command being visited runs (static: `cd` with a literal target). */
  private cwd: string

  constructor(private readonly context: ShellContext) {
    this.cwd = context.cwd
    this.variables.set('PWD', [context.cwd])
    this.variables.set('HOME', [context.home])
    for (const [name, value] of Object.entries(context.known ?? {})) this.variables.set(name, [value])
  }

  run(script: string): ShellAnalysis {
    try {
      this.analyzeScript(script, 0)
    } catch (error) {
      if (error instanceof AnalysisLimit) this.errors.push(error.message)
      else if (error instanceof RangeError) this.errors.push('command nested too deeply to analyse')
      else throw error
    }
    return {commands: this.commands, errors: this.errors, directories: this.directories()}
  }

  private directories(): string[] {
    const found = new Set<string>()
    const add = (target: string) => {
      if (!target || target.includes(UNKNOWN) || target === '-') return
      // Chained changes (`cd a && cd b`) are resolved against every directory seen so far.
      for (const base of [this.context.cwd, ...found]) found.add(resolve(base, this.tilde(target)))
    }
    for (const {argv} of this.commands) {
      const program = basename(argv[0] ?? '')
      if ((program === 'cd' || program === 'pushd') && argv.length > 1) add(argv.slice(1).find((arg) => !arg.startsWith('-')) ?? '')
      if (['git', 'tar', 'make', 'gmake', 'ninja'].includes(program)) {
        for (const [index, arg] of argv.entries()) {
          if (arg === '-C' && argv[index + 1]) add(argv[index + 1]!)
          else if (/^-C./.test(arg)) add(arg.slice(2))
          else if (arg.startsWith('--directory=')) add(arg.slice('--directory='.length))
        }
      }
    }
    found.delete(this.context.cwd)
    return [...found].slice(0, 32)
  }

  private analyzeScript(script: string, depth: number): void {
    // unbash takes quadratic time on deeply nested substitutions: a linear pre-check stops them.
    if (parenDepth(script) > MAX_NESTING) throw new AnalysisLimit('command nested too deeply to analyse')
    if (depth > MAX_DEPTH) {
      this.errors.push('shell nesting too deep to analyse')
      return
    }
    let ast: ParsedScript
    try {
      ast = parse(script)
    } catch (error) {
      this.errors.push(`shell parser failed: ${(error as Error).message}`)
      return
    }
    for (const error of ast.errors ?? []) this.errors.push(error.message)
    this.collectAssignments(ast)
    this.visit(ast, depth, undefined)
  }

  /** Variables assigned anywhere in the script (a static over-approximation). */
  private collectAssignments(node: SyntaxNode): void {
    let nesting = 0
    const walk = (current: SyntaxNode) => {
      if (++nesting > MAX_NESTING) throw new AnalysisLimit('command nested too deeply to analyse')
      if (current.type === 'Assignment' && current.value.type === 'Word') this.assign(current.name, this.evaluate(current.value))
      // `for f in deploy/*; do cat "$f"; done`: the loop variable takes each word of the list
      if ((current.type === 'For' || current.type === 'Select') && current.wordlist && /^[A-Za-z_][A-Za-z0-9_]*$/.test(current.name.text)) {
        this.assign(
          current.name.text,
          current.wordlist.flatMap((word) => this.evaluate(word)),
        )
      }
      forEachChild(current, walk)
      nesting--
    }
    walk(node)
  }

  private assign(name: string, values: string[]): void {
    this.variables.set(name, [...new Set([...(this.variables.get(name) ?? []), ...values])].slice(0, MAX_ALTERNATIVES))
  }

  /** Runs body in a child shell: a `cd` inside does not outlive it. */
  private inSubshell(body: () => void): void {
    const saved = this.cwd
    try {
      body()
    } finally {
      this.cwd = saved
    }
  }

  private nesting = 0
  private words = 0

  /** Throws AnalysisLimit past the deadline or the nesting limit. */
  private guard(): void {
    if (this.context.deadline !== undefined && monotonicMs() > this.context.deadline) throw new AnalysisLimit('command too large to analyse within the time budget')
    if (this.nesting > MAX_NESTING) throw new AnalysisLimit('command nested too deeply to analyse')
  }

  private visit(node: SyntaxNode, depth: number, pipeline: SimpleCommand['pipeline'] | undefined): void {
    this.nesting++
    try {
      this.guard()
      this.visitNode(node, depth, pipeline)
    } finally {
      this.nesting--
    }
  }

  private visitNode(node: SyntaxNode, depth: number, pipeline: SimpleCommand['pipeline'] | undefined): void {
    if (node.type === 'Pipeline') {
      const id = ++this.pipelineCounter
      // Every part of a pipeline runs in its own subshell.
      for (const [index, child] of node.commands.entries()) this.inSubshell(() => this.visit(child, depth, {id, index, length: node.commands.length}))
      return
    }
    if (node.type === 'Subshell') {
      this.inSubshell(() => forEachChild(node, (child) => this.visit(child, depth, undefined)))
      return
    }
    if (node.type === 'Command') {
      this.command(node, depth, pipeline ?? {id: ++this.pipelineCounter, index: 0, length: 1})
    }
    if (node.type === 'Redirected') {
      // `while read l; do …; done < .env`, `{ cat; } > AGENTS.md`: the compound's own redirections.
      this.redirected(node, depth, pipeline ?? {id: ++this.pipelineCounter, index: 0, length: 1})
    }
    forEachChild(node, (child) => {
      if (node.type === 'Command' && (child.type === 'Word' || child.type === 'Assignment')) {
        // Arguments were handled by command(); descend only into their substitutions.
        this.visitSubstitutions(child, depth)
        return
      }
      this.visit(child, depth, undefined)
    })
  }

  private visitSubstitutions(node: SyntaxNode, depth: number): void {
    this.nesting++
    try {
      this.guard()
      forEachChild(node, (child) => {
        if (child.type === 'Script') this.inSubshell(() => this.visit(child, depth + 1, undefined))
        else this.visitSubstitutions(child, depth)
      })
    } finally {
      this.nesting--
    }
  }

  private command(node: Command, depth: number, pipeline: SimpleCommand['pipeline']): void {
    const argvAlternatives: string[][] = []
    if (node.name) argvAlternatives.push(this.evaluate(node.name))
    const redirects: SimpleCommand['redirects'] = []
    let stdinText: string | undefined
    const words: string[] = []
    const declares = node.suffix.some((item) => item.type === 'Assignment')
    for (const item of [...node.prefix, ...node.suffix]) {
      if (item.type === 'Word') argvAlternatives.push(this.evaluate(item))
      else if (item.type === 'Redirect' || item.type === 'HereString') {
        const targets = item.target ? this.evaluate(item.target) : []
        if (item.type === 'HereString') stdinText = targets.join(' ')
        else for (const target of targets) redirects.push({operator: item.operator, target})
        words.push(...targets)
      } else if (item.type === 'HereDoc') {
        stdinText = (item as HereDoc).body.text
      }
    }
    const argv = argvAlternatives.map((alternatives) => alternatives[0] ?? '')
    for (const alternatives of argvAlternatives.slice(1)) words.push(...alternatives)
    if (argv.length === 0 && redirects.length === 0) return
    this.record({argv, words, redirects, stdinText, depth, pipeline, cwd: this.cwd, ...(declares ? {declares} : {})})
    const program = basename(argv[0] ?? '')
    if (program === 'cd' || program === 'pushd') this.changeDirectory(argv.slice(1).find((arg) => !arg.startsWith('-') || arg === '-'))
  }

  private redirected(node: Redirected, depth: number, pipeline: SimpleCommand['pipeline']): void {
    const redirects: SimpleCommand['redirects'] = []
    const words: string[] = []
    let stdinText: string | undefined
    for (const item of node.redirects) {
      if (item.type === 'HereDoc') {
        stdinText = (item as HereDoc).body.text
        continue
      }
      const targets = item.target ? this.evaluate(item.target) : []
      if (item.type === 'HereString') stdinText = targets.join(' ')
      else for (const target of targets) redirects.push({operator: item.operator, target})
      words.push(...targets)
    }
    if (redirects.length > 0 || stdinText !== undefined) this.record({argv: [], words, redirects, stdinText, depth, pipeline, cwd: this.cwd})
  }

  private changeDirectory(target: string | undefined): void {
    if (target === undefined) this.cwd = this.context.home
    else if (target === '-' || target.includes(UNKNOWN)) return
    else this.cwd = resolve(this.cwd, this.tilde(target))
  }

  private record(command: SimpleCommand): void {
    this.words += command.words.length
    if (this.words > MAX_WORDS) throw new AnalysisLimit(`command has more than ${MAX_WORDS} words to analyse`)
    this.commands.push(command)
    const {argv, depth} = command
    const program = basename(argv[0] ?? '')
    // Nested shell scripts: sh -c 'script', bash -lc "…", busybox sh -c …
    if (SHELLS.has(program)) {
      const args = program === 'busybox' ? argv.slice(2) : argv.slice(1)
      const flagIndex = args.findIndex((arg) => /^-[A-Za-z]*c[A-Za-z]*$/.test(arg))
      // A nested shell is a child process: its `cd` does not change ours.
      if (flagIndex !== -1 && args[flagIndex + 1] !== undefined) {
        const script = args[flagIndex + 1]!
        // judged as the commands it holds, not as a path the shell names (`sh -c "test -f ./.env"`)
        command.words = withoutFirst(command.words, script)
        this.inSubshell(() => this.analyzeScript(script, depth + 1))
      } else if (args.every((arg) => arg.startsWith('-'))) {
        // The script arrives on stdin: a here-document, or text piped in (`echo … | sh`, `cat <<EOF | sh`).
        for (const text of this.stdinScripts(command)) this.inSubshell(() => this.analyzeScript(text, depth + 1))
      }
    }
    if (program === 'eval' && argv.length > 1) {
      for (const arg of argv.slice(1)) command.words = withoutFirst(command.words, arg)
      this.analyzeScript(argv.slice(1).join(' '), depth + 1)
    }
    // Keys typed into another terminal run there as a script: `tmux send-keys 'cat .env' Enter`, `screen -X stuff …`.
    const typed = typedKeys(program, argv)
    if (typed !== undefined) this.inSubshell(() => this.analyzeScript(typed, depth + 1))
    if ((program === 'source' || program === '.') && command.stdinText) this.analyzeScript(command.stdinText, depth + 1)
    const wrapped = unwrap(argv)
    if (wrapped && wrapped.length > 0) {
      command.launcher = true
      // xargs appends what it reads on stdin (`echo .env | xargs cat`) to the command it runs.
      const fed =
        program === 'xargs'
          ? this.stdinScripts(command)
              .flatMap((text) => text.split(/\s+/))
              .filter(Boolean)
          : []
      this.record({...command, launcher: false, argv: wrapped, words: [...command.words, ...fed], redirects: [], depth: depth + 1})
    }
    for (const inner of findExecs(argv)) if (inner.length > 0) this.record({...command, argv: inner, redirects: [], depth: depth + 1})
  }

  private stdinScripts(command: SimpleCommand): string[] {
    const scripts = command.stdinText ? [command.stdinText] : []
    if (command.pipeline.index > 0) {
      for (const earlier of this.commands) {
        if (earlier.pipeline.id !== command.pipeline.id || earlier.pipeline.index >= command.pipeline.index) continue
        if (earlier.stdinText) scripts.push(earlier.stdinText)
        const program = basename(earlier.argv[0] ?? '')
        if (program === 'echo' || program === 'printf')
          scripts.push(
            earlier.argv
              .slice(1)
              .filter((arg) => !/^-[neE]+$/.test(arg))
              .join(' ')
              .replace(/\\n/g, '\n'),
          )
      }
    }
    return scripts
  }

  /** All static values a word can take (brace lists and globs expand; unknown parts marked). */
  evaluate(word: Word): string[] {
    this.guard()
    let values = ['']
    const append = (options: string[]) => {
      values = values
        .flatMap((value) => options.slice(0, 64).map((option) => value + option))
        .slice(0, 64)
        .map((value) => (value.length > MAX_VALUE_LENGTH ? UNKNOWN : value))
    }
    const parts: readonly WordPart[] = word.parts ?? [{type: 'Literal', value: word.value, text: word.text, pos: word.pos, end: word.end}]
    let hasGlob = false
    const visitPart = (part: WordPart | {type: string; text: string; value?: string; parts?: readonly WordPart[]}) => {
      this.guard()
      switch (part.type) {
        case 'Literal':
        case 'SingleQuoted':
        case 'AnsiCQuoted':
          append([(part as {value: string}).value])
          break
        case 'DoubleQuoted':
          for (const child of (part as {parts: readonly WordPart[]}).parts) visitPart(child)
          break
        case 'SimpleExpansion':
        case 'ParameterExpansion': {
          const name = part.type === 'SimpleExpansion' ? part.text.replace(/^\$\{?/, '').replace(/\}$/, '') : (part as {parameter: string}).parameter
          const known = this.variables.get(name)
          append(known && known.length > 0 ? known : [UNKNOWN])
          break
        }
        case 'Glob':
          hasGlob = true
          append([part.text])
          break
        case 'BraceExpansion':
          append(expandBraces(part.text))
          break
        case 'ExtendedGlob':
          hasGlob = true
          append([part.text])
          break
        default:
          append([UNKNOWN])
      }
    }
    for (const part of parts) visitPart(part)
    values = values.map((value) => this.tilde(value))
    return hasGlob ? values.flatMap((value) => this.expandGlob(value)) : values
  }

  private tilde(value: string): string {
    if (value === '~') return this.context.home
    if (value.startsWith('~/')) return join(this.context.home, value.slice(2))
    return value
  }

  /** Expands a glob in its last path segment against the filesystem; keeps the pattern too. */
  private expandGlob(pattern: string): string[] {
    const absolute = isAbsolute(pattern) ? pattern : resolve(this.context.cwd, pattern)
    return [pattern, ...listGlob(absolute, 256)]
  }
}

export function analyzeShell(script: string, context: ShellContext): ShellAnalysis {
  return new Analyzer(context).run(script)
}
