// Errors that map to exit code 2 (usage, configuration, unreadable input) and name where the problem is.

export class ConfigError extends Error {
  readonly exitCode = 2
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message)
    this.name = 'ConfigError'
  }

  /** "file:line:col: message", the form editors and CI logs link. */
  get located(): string {
    if (!this.file) return this.message
    const where = [this.file, this.line, this.column].filter((part) => part !== undefined).join(':')
    return `${where}: ${this.message}`
  }
}

/**
 * Prints an error no handler dealt with, the same from every entry point: a ConfigError as
 * "file:line: message", anything else as an internal error (the stack only with DEBUG set).
 */
export function reportError(error: unknown): void {
  const message = error instanceof ConfigError ? error.located : `internal error: ${(error as Error).message}`
  process.stderr.write(`codex-guard: ${message}\n`)
  if (!(error instanceof ConfigError) && process.env['DEBUG']) process.stderr.write(`${(error as Error).stack}\n`)
}
