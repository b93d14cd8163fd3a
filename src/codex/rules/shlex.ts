// shlex as the Rust `shlex` crate does it: Codex splits string match/not_match examples with it.

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

export const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

/** Joins argv for messages so that shlexSplit gives it back. */
export function shlexJoin(argv: string[]): string {
  return argv.map((word) => (SHELL_SAFE.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`)).join(' ')
}
