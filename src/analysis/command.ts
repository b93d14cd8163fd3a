// One analysis of what a shell command does, shared by the PreToolUse hook (which denies), the
// session monitors (which record) and the rotation checklist (which counts): the programs it
// runs after launchers are peeled off, the paths it reads and writes, where it sends data, and
// which catalogue command rules it matches. Facts only; verdicts belong to the callers.
import {APPLY_PATCH_PROGRAMS} from '../codex/apply-patch.js'
import {
  byProgram,
  CODE_RUNNERS,
  COPY_PROGRAMS,
  CURL_UPLOAD_OPTIONS,
  DNS_PROGRAMS,
  EMBEDDED_PROGRAMS,
  ENVIRONMENT_CODE,
  GIT_GLOBAL_VALUE_OPTIONS,
  GIT_WORKTREE_WRITERS,
  IN_PLACE_EDITORS,
  INTERACTIVE_PROGRAMS,
  interpreterFlags,
  METADATA_PROGRAMS,
  MUTATING_PROGRAMS,
  NAME_ONLY_GIT_SUBCOMMANDS,
  NAME_ONLY_PROGRAMS,
  NETWORK_PROGRAMS,
  NON_INTERACTIVE_OPTIONS,
  OUTPUT_FILE_OPTIONS,
  PROC_ENVIRON,
  SHELL_VARIABLE_DUMPERS,
  SHELLS,
  SOCKET_DEVICE,
  usesKeysWithoutPrinting,
  WGET_UPLOAD_OPTIONS,
} from '../policy/programs.js'
import type {CommandRule} from '../policy/types.js'
import {analyzeShell, basename, type ShellContext, type SimpleCommand, UNKNOWN} from './shell.js'

export interface CommandFacts extends SimpleCommand {
  /** argv with git's global options dropped (`git -C x -c k=v push` reads as `git push`). */
  normalized: string[]
  /** The program's basename ('' for a bare redirection). */
  program: string
  /** It reads the content of the paths it names (false for ls, rm, test, echo…). */
  readsContent: boolean
  /** It only names its operands: tests, lists, deletes or prints them (policy/programs.ts NAME_ONLY_PROGRAMS). */
  namesOnly: boolean
  /** Paths it writes: output redirections, tee, cp/mv targets, in-place edits, rm/chmod/dd of=. */
  writes: string[]
  /** Paths it runs as a script (`bash script.sh`, `source .env`) besides its argv[0]. */
  scripts: string[]
  /** A shell given its script inline (`sh -c '…'`): that script is analysed as commands of its own. */
  inlineScript: boolean
  /** A one-line program given to an interpreter (python -c, node -e) or on its stdin. */
  interpreterCode?: string
  /** Programs given as arguments to awk/sed/sqlite3/vim… that can open files themselves. */
  embeddedCode: string[]
  /** It dumps the environment: `env` or `printenv` with nothing named, a process's /proc/…/environ, shell variables (`set`, `export -p`), or interpreter code that prints it whole. */
  environmentDump?: 'env' | 'printenv' | 'proc-environ' | 'shell-variables' | 'code'
  /** Variables it prints by name (`printenv PATH HOME`): whether one is secret is the policy's call. */
  printedVariables: string[]
  /** `git config` that reads a credential key, or lists or changes global/system configuration. */
  gitConfig?: 'credential-key' | 'global-change'
  /** The curl/wget option that uploads data. */
  upload?: string
  /** Data reaches a network program on stdin (pipe, input redirection, here-doc). */
  networkStdin: boolean
  /** Network program whose output is piped into this code runner (`curl … | sh`). */
  remoteCodeFrom?: string
  /** bash /dev/tcp and /dev/udp sockets it opens. */
  sockets: string[]
  /** Names it looks up in DNS. */
  dnsNames: string[]
  /** The positional target of `git push`. */
  pushTarget?: string
  /** An apply_patch invocation: the patch text Codex would apply natively. */
  patch?: string
  /** It starts a shell or REPL that reads its commands from the terminal (nothing given to run, stdin not fed). */
  interactive: boolean
}

export interface CommandAnalysis {
  commands: CommandFacts[]
  errors: string[]
  directories: string[]
}

/** Drops git's global options so `git -C x -c k=v push` reads as `git push`. */
export function normaliseGit(argv: string[]): string[] {
  if (basename(argv[0] ?? '') !== 'git') return argv
  let index = 1
  while (index < argv.length && argv[index]!.startsWith('-')) {
    if (GIT_GLOBAL_VALUE_OPTIONS.has(argv[index]!)) index++
    index++
  }
  return [argv[0]!, ...argv.slice(index)]
}

const flagName = (arg: string) => (arg.startsWith('--') && arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg)

/**
 * Matches a catalogue rule the way a person reads it rather than as an argv prefix: literal
 * words must be the next positional arguments in order (options in between are skipped), and
 * option alternatives may appear anywhere after them (`git push origin main --force`).
 * Environment-dump rules (`env`, `export`, `set`…) match only their bare, printing forms.
 */
export function matchesCommandRule(argv: string[], rule: CommandRule): boolean {
  const [head, ...tokens] = rule.pattern
  const program = basename(argv[0] ?? '')
  if (Array.isArray(head) ? !head.includes(program) : head !== program) return false
  // printenv is judged by its facts (environmentDump, printedVariables against the policy).
  if (rule.category === 'env-dump' && program === 'printenv') return false
  if (rule.category === 'env-dump') {
    // `env CMD`, `export A=1` and `set -e` are not dumps; only the bare forms (or -p) print values.
    return argv.slice(1).every((word) => word === '-p' || (program !== 'set' && /^-[0-9A-Za-z]+$/.test(word)))
  }
  let position = 1
  for (const token of tokens) {
    const alternatives = Array.isArray(token) ? token : [token]
    const options = alternatives.filter((alternative) => alternative.startsWith('-'))
    const words = alternatives.filter((alternative) => !alternative.startsWith('-'))
    const nextPositional = argv.findIndex((arg, index) => index >= position && !arg.startsWith('-'))
    if (nextPositional !== -1 && words.includes(argv[nextPositional]!)) {
      position = nextPositional + 1
      continue
    }
    const option = argv.findIndex((arg, index) => index >= position && arg.startsWith('-') && (options.includes(arg) || options.includes(flagName(arg))))
    if (option === -1) return false
    position = option + 1
  }
  return true
}

const operands = (argv: string[]) => argv.slice(1).filter((arg) => !arg.startsWith('-'))

const GIT_CONFIG_VALUE_OPTIONS = new Set(['--file', '-f', '--blob', '--type', '--default', '--comment', '--value'])
const GIT_CONFIG_WRITE_OPTIONS = new Set(['--add', '--unset', '--unset-all', '--replace-all', '--rename-section', '--remove-section', '--edit', '-e'])
const GIT_CONFIG_LIST_OPTIONS = new Set(['--list', '-l', '--get-regexp', '--get-urlmatch'])
const GIT_CONFIG_READ_OPTIONS = new Set(['--get', '--get-all', '--get-color', '--get-colorbool', ...GIT_CONFIG_LIST_OPTIONS])
const GIT_CONFIG_SUBCOMMANDS = new Set(['get', 'set', 'unset', 'list', 'edit', 'rename-section', 'remove-section'])
/** Keys that hold or route credentials: credential.*, url.<base>.insteadOf, http.<url>.extraHeader. */
const GIT_CREDENTIAL_KEY = /^(?:credential(?:\.|$)|url\..*\.insteadof$|http\..*extraheader$)/i

/**
 * What a `git config` call (its arguments after `config`) does that an agent may not: read a
 * credential key, or list or change global/system configuration. Reading an ordinary key
 * (`git config --global --get user.name`) and local changes are fine.
 */
function gitConfigAccess(args: string[]): 'credential-key' | 'global-change' | undefined {
  const options: string[] = []
  const positional: string[] = []
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!
    if (arg.startsWith('-')) {
      options.push(flagName(arg))
      if (GIT_CONFIG_VALUE_OPTIONS.has(arg)) index++
    } else positional.push(arg)
  }
  const subcommand = GIT_CONFIG_SUBCOMMANDS.has(positional[0] ?? '') ? positional.shift() : undefined
  if (options.includes('--get-urlmatch') || positional.some((key) => GIT_CREDENTIAL_KEY.test(key))) return 'credential-key'
  if (!options.some((option) => option === '--global' || option === '--system')) return undefined
  const lists = subcommand === 'list' || options.some((option) => GIT_CONFIG_LIST_OPTIONS.has(option))
  const writes =
    (subcommand !== undefined && subcommand !== 'get' && subcommand !== 'list') ||
    options.some((option) => GIT_CONFIG_WRITE_OPTIONS.has(option)) ||
    (subcommand === undefined && positional.length >= 2 && !options.some((option) => GIT_CONFIG_READ_OPTIONS.has(option)))
  return lists || writes ? 'global-change' : undefined
}

function writesOf(simple: SimpleCommand, program: string, argv: string[]): string[] {
  const writes = simple.redirects.filter((redirect) => redirect.operator.includes('>')).map((redirect) => redirect.target)
  if (program === 'tee') writes.push(...operands(argv))
  if (COPY_PROGRAMS.has(program)) {
    const args = operands(argv)
    if (args.length >= 2) writes.push(args[args.length - 1]!)
  }
  if (IN_PLACE_EDITORS.has(program) && argv.some((arg) => /^-[a-zA-Z]*i/.test(arg) || arg.startsWith('--in-place'))) writes.push(...operands(argv))
  if (MUTATING_PROGRAMS.has(program)) writes.push(...operands(argv).map((arg) => arg.replace(/^of=/, '')))
  const outputOptions = OUTPUT_FILE_OPTIONS.get(program)
  if (outputOptions) writes.push(...optionValues(argv, outputOptions))
  if (program === 'git') writes.push(...gitWorktreeWrites(argv))
  return writes
}

/** Values of the given options: `-o F`, `-oF`, `-so F` (the last letter takes it), `--output F`, `--output=F`. */
function optionValues(argv: string[], options: ReadonlySet<string>): string[] {
  const values: string[] = []
  for (let index = 1; index < argv.length; index++) {
    const arg = argv[index]!
    const next = argv[index + 1]
    if (arg === '--') break
    if (arg.startsWith('--')) {
      const name = flagName(arg)
      if (name !== arg) {
        if (options.has(name)) values.push(arg.slice(name.length + 1))
      } else if (options.has(arg) && next !== undefined) values.push(next)
    } else if (options.has(arg)) {
      if (next !== undefined) values.push(next)
    } else if (/^-[A-Za-z]{2,}$/.test(arg) && options.has(`-${arg.at(-1)}`)) {
      if (next !== undefined) values.push(next)
    } else if (/^-[A-Za-z]./.test(arg) && options.has(arg.slice(0, 2))) values.push(arg.slice(2))
  }
  return values
}

/** Working-tree paths a git subcommand writes: checkout/restore of paths, mv, rm without --cached. */
function gitWorktreeWrites(argv: string[]): string[] {
  const subcommand = argv[1] ?? ''
  if (!GIT_WORKTREE_WRITERS.has(subcommand)) return []
  const args = argv.slice(2)
  const dashes = args.indexOf('--')
  if (subcommand === 'checkout') return dashes === -1 ? [] : args.slice(dashes + 1)
  if (subcommand === 'rm' && args.includes('--cached')) return []
  if (subcommand === 'restore' && (args.includes('--staged') || args.includes('-S')) && !args.includes('--worktree') && !args.includes('-W')) return []
  const paths = dashes === -1 ? args : [...args.slice(0, dashes), ...args.slice(dashes + 1)]
  // restore's --source/-s takes a value
  return paths.filter((arg, index) => !arg.startsWith('-') && !(index > 0 && (paths[index - 1] === '--source' || paths[index - 1] === '-s')))
}

function uploadOf(program: string, argv: string[]): string | undefined {
  if (program === 'curl') {
    return argv
      .slice(1)
      .find(
        (arg) => CURL_UPLOAD_OPTIONS.has(arg.split('=')[0]!) || /^-d./.test(arg) || /^-[A-Za-z]*[TF]$/.test(arg) || (/^-[A-Za-z]+$/.test(arg) && /[TFd]/.test(arg.slice(1)) && !arg.startsWith('--')),
      )
  }
  if (program === 'wget')
    return argv
      .slice(1)
      .find((arg) => WGET_UPLOAD_OPTIONS.has(arg.split('=')[0]!))
      ?.split('=')[0]
  return undefined
}

function interpreterCodeOf(program: string, argv: string[], stdinText: string | undefined): string | undefined {
  const flags = interpreterFlags(program)
  if (!flags) return undefined
  const codeIndex = argv.findIndex((arg, index) => index > 0 && flags.includes(arg))
  return codeIndex !== -1 ? argv[codeIndex + 1] : stdinText
}

/** A shell or REPL with nothing to run and no stdin feed: it would wait for lines from a TTY. */
function startsInteractive(program: string, argv: string[], simple: SimpleCommand): boolean {
  const operandsAllowed = byProgram(INTERACTIVE_PROGRAMS, program)
  if (operandsAllowed === undefined || simple.launcher) return false
  const fed = simple.pipeline.index > 0 || simple.stdinText !== undefined || simple.redirects.some((redirect) => redirect.operator === '<' || redirect.operator === '<>')
  if (fed) return false
  const args = argv.slice(1)
  if (args.some((arg) => NON_INTERACTIVE_OPTIONS.has(arg.split('=')[0]!) || /^-[A-Za-z]*c$/.test(arg))) return false
  return args.filter((arg) => !arg.startsWith('-')).length <= operandsAllowed
}

/** Facts about one simple command; `all` is the whole script (for pipelines). */
export function commandFacts(simple: SimpleCommand, all: readonly SimpleCommand[]): CommandFacts {
  const normalized = normaliseGit(simple.argv)
  const program = basename(normalized[0] ?? '')
  const earlierInPipeline = (test: (other: SimpleCommand) => boolean) => all.find((other) => other.pipeline.id === simple.pipeline.id && other.pipeline.index < simple.pipeline.index && test(other))
  const words = [...simple.words, ...simple.redirects.map((redirect) => redirect.target)]
  const facts: CommandFacts = {
    ...simple,
    normalized,
    program,
    readsContent: !METADATA_PROGRAMS.has(program) && !usesKeysWithoutPrinting(program, normalized),
    namesOnly:
      NAME_ONLY_PROGRAMS.has(program) ||
      usesKeysWithoutPrinting(program, normalized) ||
      (program === 'git' && NAME_ONLY_GIT_SUBCOMMANDS.has(normalized[1] ?? '') && (normalized[1] !== 'rm' || normalized.includes('--cached'))),
    writes: writesOf(simple, program, normalized),
    scripts: [],
    inlineScript: false,
    embeddedCode: EMBEDDED_PROGRAMS.has(program) ? normalized.slice(1).filter((arg) => /[\s'"(){}<>;]/.test(arg)) : [],
    networkStdin: false,
    interactive: false,
    sockets: [],
    printedVariables: [],
    dnsNames: DNS_PROGRAMS.has(program) ? normalized.slice(1).filter((arg) => !arg.startsWith('-') && !arg.startsWith('+') && !arg.startsWith('@')) : [],
  }
  facts.sockets = [...facts.writes, ...simple.redirects.filter((redirect) => !redirect.operator.includes('>')).map((redirect) => redirect.target)].filter((path) => SOCKET_DEVICE.test(path))
  facts.inlineScript = SHELLS.has(program) && normalized.some((word, index) => index > 0 && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(word))
  if (SHELLS.has(program) && !facts.inlineScript) facts.scripts = operands(normalized)
  if ((program === 'source' || program === '.') && normalized[1]) facts.scripts = [normalized[1]]
  const code = interpreterCodeOf(program, normalized, simple.stdinText)
  if (code !== undefined) facts.interpreterCode = code
  if (program === 'env' && normalized.slice(1).every((arg) => arg.startsWith('-') || arg.includes('='))) facts.environmentDump = 'env'
  if (program === 'printenv') {
    facts.printedVariables = operands(normalized)
    if (facts.printedVariables.length === 0) facts.environmentDump = 'printenv'
  }
  if (words.some((word) => PROC_ENVIRON.test(word))) facts.environmentDump = 'proc-environ'
  const dumper = SHELL_VARIABLE_DUMPERS.get(program)
  if (dumper && !simple.declares && normalized.slice(1).every((arg) => dumper.test(arg))) facts.environmentDump = 'shell-variables'
  if ((code !== undefined && ENVIRONMENT_CODE.test(code)) || facts.embeddedCode.some((embedded) => ENVIRONMENT_CODE.test(embedded))) facts.environmentDump = 'code'
  if (program === 'git' && normalized[1] === 'config') {
    const access = gitConfigAccess(normalized.slice(2))
    if (access) facts.gitConfig = access
  }
  const upload = uploadOf(program, normalized)
  if (upload) facts.upload = upload
  if (NETWORK_PROGRAMS.has(program) && (simple.pipeline.index > 0 || simple.redirects.some((redirect) => redirect.operator === '<') || simple.stdinText !== undefined)) {
    // curl and wget read stdin only when told to upload it.
    facts.networkStdin = !(program === 'curl' || program === 'wget') || normalized.some((arg) => arg === '-T' || arg === '--upload-file' || arg === '-d' || /^--data/.test(arg) || arg.includes('@-'))
  }
  if (CODE_RUNNERS.has(program) && simple.pipeline.index > 0) {
    const feeder = earlierInPipeline((other) => NETWORK_PROGRAMS.has(basename(normaliseGit(other.argv)[0] ?? '')))
    if (feeder) facts.remoteCodeFrom = basename(feeder.argv[0]!)
  }
  if (program === 'git' && normalized[1] === 'push') {
    const target = normalized.slice(2).find((arg) => !arg.startsWith('-'))
    if (target) facts.pushTarget = target
  }
  if (APPLY_PATCH_PROGRAMS.has(program)) facts.patch = simple.stdinText ?? normalized[1]
  facts.interactive = startsInteractive(program, normalized, simple)
  return facts
}

/** Parses a script (unbash) and describes every simple command in it, launchers unwrapped. */
export function analyzeCommand(script: string, context: ShellContext): CommandAnalysis {
  const shell = analyzeShell(script, context)
  return {commands: shell.commands.map((simple) => commandFacts(simple, shell.commands)), errors: shell.errors, directories: shell.directories}
}

/** The first secret variable a command prints by name (`printenv GITHUB_TOKEN`), if any. */
export const printedSecret = (facts: CommandFacts, isSecretName: (name: string) => boolean): string | undefined => facts.printedVariables.find(isSecretName)

export {UNKNOWN}
