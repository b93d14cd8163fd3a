// Shared error handling: ConfigError → "file:line: message" and exit 2; anything else is an
// internal error, also exit 2, never a stack trace unless DEBUG is set.
import {Command} from '@oclif/core'
import {ConfigError, reportError} from './errors.js'

export abstract class BaseCommand extends Command {
  protected override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    if (error instanceof ConfigError) {
      reportError(error)
      this.exit(2)
    }
    // oclif's own exits and parse errors (already formatted) keep their codes; usage errors become 2.
    if (error.oclif?.exit !== undefined) {
      if (error.oclif.exit === 0 || error.oclif.exit === 1) throw error
      if (error.message && !/^EEXIT/.test(error.message)) process.stderr.write(`codex-guard: ${error.message}\n`)
      this.exit(2)
    }
    reportError(error)
    this.exit(2)
  }
}
