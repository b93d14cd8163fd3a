// Fast entry for `codex-guard scan …` without oclif (oclif's start-up alone costs more than
// scanning a small repository). Handles the documented flags; anything else (--help, unknown or
// invalid flags) returns undefined so the caller falls back to the oclif command, which owns
// help text and error messages. Meant to be dispatched from bin/run.js like `hook` and
// `precommit run`, ideally from an esbuild bundle (dist/scan.js).
import {isSeverity, type Severity} from '../report/finding.js'
import type {Format} from '../report/render.js'
import {ConfigError} from '../util/errors.js'
import type {ScanOutcome} from './scan-runner.js'
import {parseSize, readStdin} from './stdin.js'

const VALUE_FLAGS: Record<string, string[]> = {
  refs: ['format', 'fail-on', 'root'],
  diff: ['format', 'fail-on', 'root', 'base', 'head', 'max-size'],
  files: ['format', 'fail-on', 'max-size', 'jobs'],
  text: ['format', 'fail-on', 'label', 'language'],
}
const BOOLEAN_FLAGS: Record<string, string[]> = {refs: ['stdin'], diff: [], files: [], text: []}
const TAKES_ARGS = new Set(['refs', 'files'])

interface Parsed {
  command: string
  flags: Record<string, string | true>
  args: string[]
}

/** Parses `scan <command> …`; undefined when oclif should handle it. */
export function parseScanArgs(argv: string[]): Parsed | undefined {
  const [command, ...rest] = argv
  if (!command || !(command in VALUE_FLAGS)) return undefined
  const flags: Record<string, string | true> = {}
  const args: string[] = []
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!
    if (token === '--') {
      args.push(...rest.slice(i + 1))
      break
    }
    if (token.startsWith('-') && token !== '-') {
      const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(token)
      if (!match) return undefined
      const [, name, inline] = match as unknown as [string, string, string | undefined]
      if (VALUE_FLAGS[command]!.includes(name)) {
        const value = inline ?? rest[++i]
        if (value === undefined) return undefined
        flags[name] = value
      } else if (BOOLEAN_FLAGS[command]!.includes(name) && inline === undefined) flags[name] = true
      else return undefined
      continue
    }
    args.push(token)
  }
  if (args.length > 0 && !TAKES_ARGS.has(command)) return undefined
  const format = flags['format'] ?? 'text'
  if (format !== 'text' && format !== 'json' && format !== 'sarif') return undefined
  const failOn = flags['fail-on'] ?? 'high'
  if (typeof failOn !== 'string' || !isSeverity(failOn)) return undefined
  if (flags['jobs'] !== undefined && !/^\d+$/.test(String(flags['jobs']))) return undefined
  return {command, flags, args}
}

/** Runs a scan; returns the exit code, or undefined to fall back to oclif. */
export async function main(argv: string[]): Promise<number | undefined> {
  const parsed = parseScanArgs(argv)
  if (!parsed) return undefined
  const {command, flags, args} = parsed
  const format = (flags['format'] ?? 'text') as Format
  const failOn = (flags['fail-on'] ?? 'high') as Severity
  const value = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined)
  try {
    const runner = await import('./scan-runner.js')
    const {report} = await import('./scan-report.js')
    const cwd = value('root') ?? process.cwd()
    let outcome: ScanOutcome
    switch (command) {
      case 'refs':
        outcome = await runner.scanRefs({cwd, names: args, stdin: flags['stdin'] === true ? await readStdin() : undefined})
        break
      case 'diff':
        outcome = await runner.scanDiff({cwd, base: value('base'), head: value('head') ?? 'HEAD', maxBytes: parseSize(value('max-size') ?? '256M')})
        break
      case 'files':
        outcome = await runner.scanFilesCommand({cwd, paths: args, maxBytes: parseSize(value('max-size') ?? '256M'), jobs: value('jobs') === undefined ? undefined : Number(value('jobs'))})
        break
      default:
        outcome = await runner.scanTextCommand({cwd, text: await readStdin(), label: value('label') ?? 'stdin', language: value('language')})
    }
    return report(outcome, {format, failOn, category: `scan-${command}`})
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`codex-guard: ${error.located}\n`)
      return 2
    }
    process.stderr.write(`codex-guard: internal error: ${(error as Error).message}\n`)
    if (process.env['DEBUG']) process.stderr.write(`${(error as Error).stack}\n`)
    return 2
  }
}
