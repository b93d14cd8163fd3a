// Process entry of `codex-guard precommit run`. bin/run.js dispatches here before oclif loads (a
// git hook runs on every commit), from the single bundled file dist/precommit.js; the oclif
// command of the same name only serves --help and calls execute() too.
// Fails closed: an internal error exits 2 (the commit is blocked) with a message saying what
// broke, unless CODEX_GUARD_PRECOMMIT_FAIL_OPEN=1 (never inside a Codex session).
import {isSeverity, type Severity} from '../report/finding.js'
import type {Format} from '../report/render.js'
import {parseSize} from '../util/size.js'

/** bin/run.js names the file that keeps the injection scanner's anchor automaton beside the code cache. */
export {keepAnchorsIn} from '../detect/text/scan.js'

export interface RunArgs {
  format: Format
  failOn?: Severity
  root?: string
  baseline?: string
  maxFileBytes?: number
}

export class UsageError extends Error {}

function parseRunArgs(argv: string[]): RunArgs {
  const args: RunArgs = {format: 'text'}
  for (let index = 0; index < argv.length; index++) {
    const raw = argv[index]!
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1
    const name = eq > 0 ? raw.slice(0, eq) : raw
    const value = () => {
      if (eq > 0) return raw.slice(eq + 1)
      const next = argv[++index]
      if (next === undefined) throw new UsageError(`${name} needs a value`)
      return next
    }
    switch (name) {
      case '--format': {
        const format = value()
        if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif (got "${format}")`)
        args.format = format
        break
      }
      case '--fail-on': {
        const severity = value()
        if (!isSeverity(severity)) throw new UsageError(`--fail-on must be info, low, medium, high or critical (got "${severity}")`)
        args.failOn = severity
        break
      }
      case '--root':
        args.root = value()
        break
      case '--baseline':
        args.baseline = value()
        break
      case '--max-file-size':
        args.maxFileBytes = parseSize(value(), '--max-file-size')
        break
      default:
        throw new UsageError(`unknown argument "${raw}" (see codex-guard precommit run --help)`)
    }
  }
  return args
}

export interface Io {
  stdout(text: string): void
  stderr(text: string): void
  color: boolean
}

const processIo = (): Io => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: process.stdout.isTTY === true && !process.env['NO_COLOR'],
})

/** Runs the check and prints the report; returns the exit code (0 pass, 1 blocked, 2 error). */
export async function execute(argv: string[] | RunArgs, env: NodeJS.ProcessEnv = process.env, io: Io = processIo()): Promise<number> {
  const {codexSessionSignal, runPrecommit} = await import('./run.js')
  const session = codexSessionSignal(env) !== undefined
  const failOpen = /^(1|true|yes|on)$/i.test(env['CODEX_GUARD_PRECOMMIT_FAIL_OPEN'] ?? '')
  try {
    const args = Array.isArray(argv) ? parseRunArgs(argv) : argv
    const result = await runPrecommit({cwd: args.root ?? process.cwd(), env, failOn: args.failOn, baseline: args.baseline, maxFileBytes: args.maxFileBytes})
    const {renderResult} = await import('../report/precommit.js')
    const [{PRECOMMIT_RULES}, {injectionRules}, {BASELINE_FILE}] = await Promise.all([import('./rules.js'), import('./injection.js'), import('./suppress.js')])
    const rendered = renderResult(result, args.format, {color: io.color, rules: [...PRECOMMIT_RULES, ...injectionRules()], baselineFile: BASELINE_FILE})
    if (rendered.stdout) io.stdout(rendered.stdout)
    if (rendered.stderr) io.stderr(rendered.stderr)
    return result.blocking.length > 0 ? 1 : 0
  } catch (error) {
    const {renderInternalError} = await import('../report/precommit.js')
    const located = error as Error & {located?: string}
    const failure = new Error(located.located ?? located.message ?? String(error))
    const open = failOpen && !session
    io.stderr(renderInternalError(failure, open, session))
    if (failOpen && session) io.stderr('codex-guard: CODEX_GUARD_PRECOMMIT_FAIL_OPEN is ignored inside a Codex session.\n')
    if (env['DEBUG'] && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`)
    return open ? 0 : 2
  }
}

/** Used by bin/run.js: `codex-guard precommit run [flags]`. */
export async function main(argv: string[]): Promise<void> {
  process.exitCode = await execute(argv)
}
