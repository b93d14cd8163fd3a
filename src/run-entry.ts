// Process entry of `codex-guard run`. Every session pays the wrapper's start-up, and loading oclif
// plus execa's many small modules cost more than the rest of it, so bin/run.js dispatches plain
// invocations (flags, then "--", then the command) here before oclif loads, from the single
// bundled file dist/run-session.js. Anything else (--help, an unknown flag, no "--") goes to the
// oclif command, which builds its flags from RUN_FLAGS and calls executeRun() as well.
// Dependency direction: rotate reads session state (audit log, summaries), session never imports
// rotate; this module sits above both and hands a finished session to the rotation checklist.
import {parseArgs} from 'node:util'
import {runSession} from './session/run/index.js'
import {reportError} from './util/errors.js'
import {packageVersion} from './util/paths.js'

interface FlagSpec {
  type: 'boolean' | 'string'
  description: string
  default?: boolean
  /** Also accepts --no-<name>. */
  allowNo?: boolean
  multiple?: boolean
}

/** The run command's flags: the oclif command and the fast entry both read them from here. */
export const RUN_FLAGS = {
  trace: {type: 'boolean', description: 'also trace file opens and connections at the OS level (Linux, needs strace)'},
  watch: {type: 'boolean', description: 'watch the workspace and sensitive home folders for changes', default: true, allowNo: true},
  'session-id': {type: 'string', description: 'session id to record under (default: a new timestamped id)'},
  ignore: {type: 'string', description: 'extra file-monitor ignore: a name (anywhere) or a root-relative glob', multiple: true},
  checklist: {type: 'boolean', description: 'show the credential-rotation checklist when the session crossed a threshold', default: true, allowNo: true},
} as const satisfies Record<string, FlagSpec>

export interface RunFlags {
  trace: boolean
  watch: boolean
  'session-id'?: string
  ignore?: string[]
  checklist: boolean
}

/**
 * Flags and command from `[flags] -- <command…>`, or undefined when the arguments are anything
 * else: oclif then parses them and gives its usual help and errors.
 */
export function parseFastArgs(argv: readonly string[]): {flags: RunFlags; command: string[]} | undefined {
  const separator = argv.indexOf('--')
  if (separator < 0 || separator === argv.length - 1) return undefined
  const options: Record<string, {type: 'boolean' | 'string'; multiple?: boolean}> = {}
  for (const [name, spec] of Object.entries(RUN_FLAGS) as [string, FlagSpec][]) {
    options[name] = {type: spec.type, ...(spec.multiple ? {multiple: true} : {})}
    if (spec.allowNo) options[`no-${name}`] = {type: 'boolean'}
  }
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>
  try {
    values = parseArgs({args: argv.slice(0, separator), options, strict: true, allowPositionals: false}).values
  } catch {
    return undefined
  }
  const flag = (name: 'trace' | 'watch' | 'checklist'): boolean => {
    const spec: FlagSpec = RUN_FLAGS[name]
    if (values[`no-${name}`] === true) return false
    return (values[name] as boolean | undefined) ?? spec.default ?? false
  }
  const flags: RunFlags = {trace: flag('trace'), watch: flag('watch'), checklist: flag('checklist')}
  if (typeof values['session-id'] === 'string') flags['session-id'] = values['session-id']
  if (Array.isArray(values['ignore'])) flags.ignore = values['ignore'].map(String)
  return {flags, command: argv.slice(separator + 1)}
}

/** Runs the session; the child's exit code becomes the process's (2, 3, 130… pass through unchanged). */
export async function executeRun(flags: RunFlags, command: string[]): Promise<void> {
  const result = await runSession({
    command,
    trace: flags.trace,
    watch: flags.watch,
    sessionId: flags['session-id'],
    ignore: flags.ignore,
    version: packageVersion(),
  })
  process.exitCode = result.exitCode
  if (flags.checklist && (result.summary.large || result.summary.exposure)) await rotationHandOff(result.summary.root, result.summary.session)
  // Every monitor has been stopped; should a library still hold a handle, say so rather than hang the terminal.
  setTimeout(() => {
    process.stderr.write('codex-guard: forced exit: a monitor left a handle open\n')
    process.exit(result.exitCode)
  }, 3000).unref()
}

async function rotationHandOff(root: string, session: string): Promise<void> {
  try {
    const {prepareChecklist} = await import('./rotate/index.js')
    const {handOff} = await import('./rotate/prompt.js')
    const checklist = await prepareChecklist({root, session})
    if (!checklist.triggered) return
    const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true
    await handOff(checklist, {input: process.stdin, output: process.stderr, interactive})
  } catch (error) {
    process.stderr.write(`codex-guard: could not build the rotation checklist: ${(error as Error).message}\n`)
  }
}

/** The fast entry: false when the arguments need oclif (help, errors, unusual forms). */
export async function main(argv: readonly string[]): Promise<boolean> {
  const parsed = parseFastArgs(argv)
  if (!parsed) return false
  try {
    await executeRun(parsed.flags, parsed.command)
  } catch (error) {
    // Reported as the oclif commands report it (BaseCommand), exit 2.
    reportError(error)
    process.exitCode = 2
  }
  return true
}
