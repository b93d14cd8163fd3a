// Lexer for the Starlark subset; Starlark beyond it is flagged "unsupported", not an error.
import {RulesSyntaxError, UNSUPPORTED_CONSTRUCT} from './types.js'

export type TokenKind = 'name' | 'int' | 'string' | 'op' | 'newline' | 'indent' | 'eof'

export interface Token {
  kind: TokenKind
  /** identifier, operator, digits, or the decoded string value */
  value: string
  line: number
  column: number
}

const OPERATORS = [
  '**=',
  '//=',
  '<<=',
  '>>=',
  '==',
  '!=',
  '<=',
  '>=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '**',
  '//',
  '<<',
  '>>',
  '->',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ';',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '&',
  '|',
  '^',
  '~',
  '.',
  ':',
]

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '"': '"',
  "'": "'",
  '\\': '\\',
}

export function tokenize(source: string, file: string): Token[] {
  const text = source.replace(/\r\n/g, '\n')
  const tokens: Token[] = []
  let i = 0
  let line = 1
  let lineStart = 0
  let depth = 0
  let atLineStart = true
  const columnOf = (at: number): number => at - lineStart + 1
  const fail = (message: string, atLine: number, atColumn: number): never => {
    throw new RulesSyntaxError(`Parse error: ${message}`, file, atLine, atColumn)
  }
  const unsupported = (what: string, atLine: number, atColumn: number): never => {
    throw new RulesSyntaxError(`${UNSUPPORTED_CONSTRUCT}: ${what}`, file, atLine, atColumn, true)
  }
  const passNewline = (): void => {
    line++
    lineStart = i
  }

  const readString = (raw: boolean, startLine: number, startColumn: number): string => {
    const quote = text[i]!
    const triple = text.startsWith(quote.repeat(3), i)
    i += triple ? 3 : 1
    let out = ''
    for (;;) {
      if (i >= text.length) return fail('unfinished string literal', startLine, startColumn)
      const c = text[i]!
      if (triple ? text.startsWith(quote.repeat(3), i) : c === quote) {
        i += triple ? 3 : 1
        return out
      }
      if (c === '\n') {
        if (!triple) return fail('unfinished string literal', startLine, startColumn)
        out += c
        i++
        passNewline()
        continue
      }
      if (c !== '\\') {
        out += c
        i++
        continue
      }
      const next = text[i + 1]
      if (next === undefined) return fail('unfinished string literal', startLine, startColumn)
      if (raw) {
        // A raw string keeps the backslash; it only stops the next character from ending the string.
        out += c + next
        i += 2
        if (next === '\n') passNewline()
        continue
      }
      i += 2
      if (next === '\n') {
        passNewline()
      } else if (next in SIMPLE_ESCAPES) {
        out += SIMPLE_ESCAPES[next]
      } else if (next >= '0' && next <= '7') {
        let digits = next
        while (digits.length < 3 && /[0-7]/.test(text[i] ?? '')) digits += text[i++]
        out += String.fromCodePoint(Number.parseInt(digits, 8))
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const width = next === 'x' ? 2 : next === 'u' ? 4 : 8
        let hex = ''
        while (hex.length < width && /[0-9a-fA-F]/.test(text[i] ?? '')) hex += text[i++]
        const code = hex.length === width ? Number.parseInt(hex, 16) : -1
        if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          // Like Codex, quote the sequence up to and including the first bad character.
          const bad = hex.length < width ? (text[i] ?? '') : ''
          fail(`invalid string escape sequence \`${next}${hex}${bad}\``, startLine, startColumn)
        }
        out += String.fromCodePoint(code)
      } else {
        // 0.169 keeps unknown escapes such as "\d" verbatim.
        out += '\\' + next
      }
    }
  }

  while (i < text.length) {
    const ch = text[i]!
    if (atLineStart && depth === 0) {
      let j = i
      while (text[j] === ' ' || text[j] === '\t' || text[j] === '\f') j++
      const next = text[j]
      if (next === undefined) {
        i = j
        break
      }
      if (next === '\n') {
        i = j + 1
        passNewline()
        continue
      }
      if (next === '#') {
        while (j < text.length && text[j] !== '\n') j++
        i = j
        continue
      }
      // Reported by the parser, so that an unsupported `def` or `if` above wins over its indented body.
      if (j > i) tokens.push({kind: 'indent', value: text.slice(i, j), line, column: 1})
      i = j
      atLineStart = false
      continue
    }
    const startColumn = columnOf(i)
    if (ch === ' ' || ch === '\t' || ch === '\f') {
      i++
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++
    } else if (ch === '\\' && text[i + 1] === '\n') {
      i += 2
      passNewline()
    } else if (ch === '\n') {
      const at = {line, column: startColumn}
      i++
      passNewline()
      if (depth === 0) {
        tokens.push({kind: 'newline', value: '\n', ...at})
        atLineStart = true
      }
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j]!)) j++
      const word = text.slice(i, j)
      const quote = text[j]
      if ((quote === '"' || quote === "'") && /^[rRbBfF]{1,2}$/.test(word)) {
        if (/[bBfF]/.test(word)) unsupported(`${word}-prefixed string literal`, line, startColumn)
        const startLine = line
        i = j
        tokens.push({kind: 'string', value: readString(true, startLine, startColumn), line: startLine, column: startColumn})
      } else {
        tokens.push({kind: 'name', value: word, line, column: startColumn})
        i = j
      }
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i
      while (j < text.length && /[0-9A-Za-z_.]/.test(text[j]!)) j++
      const literal = text.slice(i, j)
      if (!/^(0|[1-9][0-9]*)$/.test(literal)) unsupported(`number literal ${literal}`, line, startColumn)
      tokens.push({kind: 'int', value: literal, line, column: startColumn})
      i = j
    } else if (ch === '"' || ch === "'") {
      const startLine = line
      tokens.push({kind: 'string', value: readString(false, startLine, startColumn), line: startLine, column: startColumn})
    } else {
      const op = OPERATORS.find((candidate) => text.startsWith(candidate, i))
      if (op === undefined) {
        if (ch.codePointAt(0)! > 0x7f) unsupported(`non-ASCII character ${JSON.stringify(ch)} outside a string`, line, startColumn)
        fail(`invalid input \`${ch}\``, line, startColumn)
      } else {
        if (op === '(' || op === '[' || op === '{') depth++
        if ((op === ')' || op === ']' || op === '}') && depth > 0) depth--
        tokens.push({kind: 'op', value: op, line, column: startColumn})
        i += op.length
      }
    }
  }
  if (depth > 0) {
    // 0.169 reports a bracket left open at end of file at 1:1 when the file ends with a newline,
    // and at the end of the last line otherwise.
    const at = text.endsWith('\n') ? {line: 1, column: 1} : {line, column: columnOf(i)}
    tokens.push({kind: 'newline', value: '\n', ...at})
  } else if (tokens.length > 0 && tokens.at(-1)!.kind !== 'newline') {
    tokens.push({kind: 'newline', value: '\n', line, column: columnOf(i)})
  }
  tokens.push({kind: 'eof', value: '', line, column: columnOf(i)})
  return tokens
}
