// Splits a text into regions (comment / string / prose / codeblock / hidden, the rest being the
// language's default) so that prose in comments is judged as prose and code as code. A fast,
// forgiving scanner per syntax family, not a parser: a mistake shifts a region boundary, it never
// throws, and it is linear in the text.

import type {Region} from '../types.js'
import {CODE_LANGUAGES, type Language} from './language.js'

export interface Spans {
  /** region of everything not covered by a span */
  base: Region
  starts: number[]
  ends: number[]
  regions: Region[]
}

export function defaultRegion(language: Language): Region {
  if (CODE_LANGUAGES.has(language)) return 'code'
  if (language === 'yaml' || language === 'toml') return 'string'
  return 'prose'
}

export function lex(text: string, language: Language): Spans {
  const spans: Spans = {base: defaultRegion(language), starts: [], ends: [], regions: []}
  const push = (start: number, end: number, region: Region) => {
    if (end <= start) return
    // merge with the previous span of the same region when adjacent
    const last = spans.starts.length - 1
    if (last >= 0 && spans.regions[last] === region && spans.ends[last] === start) {
      spans.ends[last] = end
      return
    }
    spans.starts.push(start)
    spans.ends.push(end)
    spans.regions.push(region)
  }
  switch (language) {
    case 'markdown':
    case 'html':
      lexMarkup(text, language, push)
      break
    case 'text':
      break
    default:
      lexCode(text, language, push)
  }
  return spans
}

/** Binary search: the region at an offset. */
export function regionAt(spans: Spans, index: number): {start: number; end: number; region: Region} {
  let low = 0
  let high = spans.starts.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    if (spans.ends[mid]! <= index) low = mid + 1
    else if (spans.starts[mid]! > index) high = mid - 1
    else return {start: spans.starts[mid]!, end: spans.ends[mid]!, region: spans.regions[mid]!}
  }
  const start = high >= 0 ? spans.ends[high]! : 0
  const end = low < spans.starts.length ? spans.starts[low]! : Number.MAX_SAFE_INTEGER
  return {start, end, region: spans.base}
}

type Push = (start: number, end: number, region: Region) => void

interface Syntax {
  line: string[]
  block: [string, string][]
  nestedBlock?: boolean
  quotes: string
  /** quotes that may span lines (JS template, Go raw) */
  multiline: string
  triple?: boolean
  regex?: boolean
  /** `#` starts a comment only at line start or after whitespace (shell, YAML…) */
  hashNeedsSpace?: boolean
  rustRaw?: boolean
  /** ' is a char literal only when it closes within a few characters (Rust lifetimes, Scala symbols) */
  shortSingleQuote?: boolean
  /** the whole non-comment text is data (YAML/TOML values) */
  jsonCommentKeys?: boolean
}

const SYNTAX: Partial<Record<Language, Syntax>> = {
  js: {line: ['//'], block: [['/*', '*/']], quotes: `'"\``, multiline: '`', regex: true},
  c: {line: ['//'], block: [['/*', '*/']], quotes: `'"`, multiline: '', triple: true},
  go: {line: ['//'], block: [['/*', '*/']], quotes: `'"\``, multiline: '`'},
  rust: {line: ['//'], block: [['/*', '*/']], nestedBlock: true, quotes: `'"`, multiline: '"', rustRaw: true, shortSingleQuote: true},
  css: {line: [], block: [['/*', '*/']], quotes: `'"`, multiline: ''},
  python: {line: ['#'], block: [], quotes: `'"`, multiline: '', triple: true},
  shell: {line: ['#'], block: [], quotes: `'"`, multiline: `'"`, hashNeedsSpace: true},
  ruby: {line: ['#'], block: [['=begin', '=end']], quotes: `'"`, multiline: `'"`, hashNeedsSpace: true},
  yaml: {line: ['#'], block: [], quotes: `'"`, multiline: '', hashNeedsSpace: true},
  toml: {line: ['#', ';'], block: [], quotes: `'"`, multiline: '', triple: true, hashNeedsSpace: true},
  sql: {
    line: ['--'],
    block: [
      ['/*', '*/'],
      ['--[[', ']]'],
      ['{-', '-}'],
    ],
    quotes: `'"`,
    multiline: `'`,
  },
  json: {line: [], block: [], quotes: '"', multiline: '', jsonCommentKeys: true},
  jsonc: {line: ['//'], block: [['/*', '*/']], quotes: '"', multiline: '', jsonCommentKeys: true},
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13
const isWordCode = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || code > 127
const REGEX_KEYWORDS = new Set(['return', 'typeof', 'case', 'in', 'of', 'delete', 'void', 'throw', 'new', 'else', 'do', 'yield', 'await', 'instanceof'])

function lexCode(text: string, language: Language, push: Push): void {
  const syntax = SYNTAX[language]
  if (!syntax) return
  const n = text.length
  // the last significant (non-space, non-comment) character, for the regex-literal heuristic
  let lastSignificant = -1
  let i = 0
  outer: while (i < n) {
    const code = text.charCodeAt(i)
    if (isSpace(code)) {
      i++
      continue
    }
    // block comments
    for (const [open, close] of syntax.block) {
      if (code === open.charCodeAt(0) && text.startsWith(open, i)) {
        if (open === '=begin' && !(i === 0 || text.charCodeAt(i - 1) === 10)) continue
        const end = syntax.nestedBlock ? nestedEnd(text, i, open, close) : findEnd(text, i + open.length, close)
        push(i, end, 'comment')
        i = end
        continue outer
      }
    }
    // line comments
    for (const marker of syntax.line) {
      if (code === marker.charCodeAt(0) && (marker.length === 1 || text.startsWith(marker, i))) {
        if (syntax.hashNeedsSpace && marker === '#' && i > 0) {
          const before = text.charCodeAt(i - 1)
          if (!isSpace(before) && before !== 59 /* ; */) break
        }
        if (marker === '//' && language === 'c' && i > 0 && text.charCodeAt(i - 1) === 58 /* : */) break // http://
        const eol = text.indexOf('\n', i)
        const end = eol < 0 ? n : eol
        push(i, end, 'comment')
        i = end
        continue outer
      }
    }
    // Rust raw strings r"…", r#"…"#, br"…"
    if (syntax.rustRaw && (code === 114 || code === 98) && (i === 0 || !isWordCode(text.charCodeAt(i - 1)))) {
      const match = /^b?r(#*)"/.exec(text.slice(i, i + 260))
      if (match) {
        const close = `"${match[1]}`
        const end = findEnd(text, i + match[0].length, close)
        push(i, end, 'string')
        i = end
        lastSignificant = 34
        continue
      }
    }
    // strings
    if (syntax.quotes.includes(text[i]!)) {
      if (syntax.shortSingleQuote && code === 39) {
        const close = text.indexOf("'", i + 1)
        if (close < 0 || close - i > 12 || text.slice(i, close).includes('\n')) {
          i++
          lastSignificant = code
          continue
        }
      }
      if (syntax.triple && (code === 34 || code === 39) && text.charCodeAt(i + 1) === code && text.charCodeAt(i + 2) === code) {
        const quote = text.slice(i, i + 3)
        const end = findEnd(text, i + 3, quote)
        // a triple-quoted string standing alone on its line is a docstring: prose, like a comment
        const lineStart = text.lastIndexOf('\n', i - 1) + 1
        const alone = language === 'python' && text.slice(lineStart, i).trim() === '' && !/[=(,[{]\s*$/.test(text.slice(Math.max(0, lineStart - 80), lineStart).trimEnd())
        push(i, end, alone ? 'comment' : 'string')
        i = end
        lastSignificant = code
        continue
      }
      const end = stringEnd(text, i, syntax.multiline.includes(text[i]!), language === 'shell' && code === 39)
      let region: Region = 'string'
      if (syntax.jsonCommentKeys && /^"(?:_*comment|\/\/|\$comment|_note|__?notes?)"\s*:\s*"/i.test(text.slice(i, i + 40))) {
        // a JSON "_comment"/"//" key: its value is prose nobody renders
        const colon = text.indexOf(':', end)
        const valueStart = text.indexOf('"', colon)
        if (valueStart >= 0) {
          const valueEnd = stringEnd(text, valueStart, false, false)
          push(i, end, 'string')
          push(valueStart, valueEnd, 'comment')
          i = valueEnd
          lastSignificant = 34
          continue
        }
      }
      push(i, end, region)
      region = 'string'
      i = end
      lastSignificant = code
      continue
    }
    // JS regex literals: skip them as code so that quotes inside do not open strings
    if (syntax.regex && code === 47 /* / */ && regexAllowed(text, i, lastSignificant)) {
      const end = regexEnd(text, i)
      if (end > 0) {
        i = end
        lastSignificant = 47
        continue
      }
    }
    lastSignificant = code
    i++
  }
}

function findEnd(text: string, from: number, close: string): number {
  const end = text.indexOf(close, from)
  return end < 0 ? text.length : end + close.length
}

function nestedEnd(text: string, start: number, open: string, close: string): number {
  let depth = 0
  let i = start
  while (i < text.length) {
    if (text.startsWith(open, i)) {
      depth++
      i += open.length
    } else if (text.startsWith(close, i)) {
      depth--
      i += close.length
      if (depth === 0) return i
    } else i++
  }
  return text.length
}

/** End (exclusive) of a quoted string starting at `start`; unterminated single-line strings end at the newline. */
function stringEnd(text: string, start: number, multiline: boolean, noEscapes: boolean): number {
  const quote = text.charCodeAt(start)
  let i = start + 1
  const n = text.length
  while (i < n) {
    const code = text.charCodeAt(i)
    if (code === 92 /* \ */ && !noEscapes) {
      i += 2
      continue
    }
    if (code === quote) return i + 1
    if (code === 10 && !multiline) return i
    i++
  }
  return n
}

function regexAllowed(text: string, index: number, lastSignificant: number): boolean {
  const next = text.charCodeAt(index + 1)
  if (next === 47 || next === 42) return false
  if (lastSignificant < 0) return true
  // after an operator or an opening bracket a slash starts a regex; after a value it divides
  if ('(,=:[!&|?{};+-*%<>~^'.includes(String.fromCharCode(lastSignificant))) return true
  if (isWordCode(lastSignificant)) {
    let j = index - 1
    while (j >= 0 && isSpace(text.charCodeAt(j))) j--
    let k = j
    while (k >= 0 && isWordCode(text.charCodeAt(k))) k--
    return REGEX_KEYWORDS.has(text.slice(k + 1, j + 1))
  }
  return false
}

function regexEnd(text: string, start: number): number {
  let i = start + 1
  let inClass = false
  const n = Math.min(text.length, start + 2000)
  while (i < n) {
    const code = text.charCodeAt(i)
    if (code === 10) return -1
    if (code === 92) {
      i += 2
      continue
    }
    if (code === 91) inClass = true
    else if (code === 93) inClass = false
    else if (code === 47 && !inClass) {
      i++
      while (i < text.length && isWordCode(text.charCodeAt(i))) i++
      return i
    }
    i++
  }
  return -1
}

// ---------------------------------------------------------------------------------------------
// Markdown and HTML: prose, code (fenced / inline / <script>), hidden (HTML comments, CSS-hidden
// elements, Markdown "comment" link definitions).

/** Inline styles and attributes that hide an element's content from readers. */
export const HIDDEN_STYLE =
  /\bstyle\s*=\s*["'][^"']*(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*(?:0(?![.\d]*[1-9])|0?\.\d+(?:px|pt|em|rem)|1px)|opacity\s*:\s*0(?:\.0*)?(?![.\d]*[1-9])|(?<![-\w])(?:max-)?(?:height|width)\s*:\s*0(?:px)?\s*(?:[;"']|!important)|clip\s*:\s*rect\(\s*0|(?<![-\w])color\s*:\s*(?:#fff(?:fff)?\b|white\b|transparent\b)|text-indent\s*:\s*-\d{3,}|(?:left|top)\s*:\s*-\d{4,}|(?<![-\w])color\s*:\s*rgba\([^)]*,\s*0(?:\.0*)?\s*\))|\shidden(?=[\s>=/])|\scolor\s*=\s*["']?(?:white|#fff(?:fff)?|transparent)\b|\ssize\s*=\s*["']?0["'\s>]/i

const FENCE = / {0,3}(`{3,}|~{3,})[^\n]*/y
const REF_COMMENT = / {0,3}\[[^\]\n]*\]:[ \t]*(?:#|<>)[ \t]*(?:\([^\n]*\)|"[^\n]*"|'[^\n]*')[ \t]*(?=\n|$)/y
const TAG = /<([A-Za-z][\w:-]*)\b[^<>]{0,2000}>/y

function lexMarkup(text: string, language: Language, push: Push): void {
  const n = text.length
  const markdown = language === 'markdown'
  let i = 0
  let lineStart = true
  while (i < n) {
    const code = text.charCodeAt(i)
    if (code === 10) {
      i++
      lineStart = true
      continue
    }
    if (markdown && lineStart) {
      // fenced code block (cheap first-character test before the regex)
      let first = i
      while (first < i + 3 && text.charCodeAt(first) === 32) first++
      const lead = text.charCodeAt(first)
      FENCE.lastIndex = i
      const fence = lead === 96 || lead === 126 ? FENCE.exec(text) : null
      if (fence) {
        const marker = fence[1]!
        const closeRe = new RegExp(`\\n {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*(?=\\n|$)`, 'g')
        closeRe.lastIndex = i + fence[0].length
        const close = closeRe.exec(text)
        const end = close ? close.index + close[0].length : n
        // a ```math block drawn in white is hidden text, not a code sample
        const invisible = /^\s*(?:`{3,}|~{3,})\s*(?:math|latex|katex|tex)\b/i.test(fence[0]) && INVISIBLE_MATH.test(text.slice(i, end))
        push(i, end, invisible ? 'hidden' : 'codeblock')
        i = end
        lineStart = false
        continue
      }
      // [//]: # (hidden) — link reference definitions used as comments
      REF_COMMENT.lastIndex = i
      const ref = lead === 91 ? REF_COMMENT.exec(text) : null
      if (ref) {
        push(i, i + ref[0].length, 'hidden')
        i += ref[0].length
        lineStart = false
        continue
      }
    }
    lineStart = false
    if (code === 60 /* < */) {
      if (text.startsWith('<!--', i)) {
        const end = findEnd(text, i + 4, '-->')
        push(i, end, 'hidden')
        i = end
        continue
      }
      TAG.lastIndex = i
      const tag = TAG.exec(text)
      if (tag) {
        const name = tag[1]!.toLowerCase()
        const openEnd = i + tag[0].length
        if (name === 'script' || name === 'style') {
          const closeRe = new RegExp(`</${name}`, 'gi')
          closeRe.lastIndex = openEnd
          const close = closeRe.exec(text)
          const end = close ? close.index : n
          push(openEnd, end, 'codeblock')
          i = end
          continue
        }
        if (HIDDEN_STYLE.test(tag[0]) && !tag[0].endsWith('/>')) {
          const close = text.indexOf(`</${tag[1]}`, openEnd)
          const end = close < 0 ? Math.min(n, openEnd + 4000) : close
          push(i, end, 'hidden')
          i = end
          continue
        }
        i = openEnd
        continue
      }
    }
    // KaTeX/LaTeX maths drawn invisible: \color{white}, \textcolor{transparent}, \phantom, a zero font size
    if (markdown && code === 36 /* $ */) {
      const end = invisibleMathEnd(text, i)
      if (end > 0) {
        push(i, end, 'hidden')
        i = end
        continue
      }
    }
    // image alt text: shown only when the image fails, read verbatim by agents
    if (markdown && code === 33 /* ! */ && text.charCodeAt(i + 1) === 91 /* [ */) {
      const close = text.indexOf('](', i + 2)
      const alt = close > 0 ? text.slice(i + 2, close) : ''
      if (close > 0 && alt.length >= ALT_TEXT_HIDDEN && !alt.includes('\n\n') && !alt.includes(']')) {
        push(i + 2, close, 'hidden')
        i = close
        continue
      }
    }
    if (markdown && code === 96 /* ` */) {
      let run = 1
      while (text.charCodeAt(i + run) === 96) run++
      const marker = '`'.repeat(run)
      const close = text.indexOf(marker, i + run)
      const paragraphEnd = text.indexOf('\n\n', i)
      if (close > 0 && (paragraphEnd < 0 || close < paragraphEnd)) {
        push(i, close + run, 'codeblock')
        i = close + run
        continue
      }
      i += run
      continue
    }
    i++
  }
}

/** Alt text this long is a sentence, not a description of a picture. */
const ALT_TEXT_HIDDEN = 40
const INVISIBLE_MATH =
  /\\(?:color|textcolor|colorbox|pagecolor)\s*\{\s*(?:white|transparent|#?fff(?:fff)?|rgba?\([^)]*,\s*0(?:\.0*)?\s*\))\s*\}|\\(?:phantom|hphantom|vphantom)\s*\{|\\fontsize\s*\{\s*0/i

/** End of a $…$ or $$…$$ span drawn invisibly, or -1. */
function invisibleMathEnd(text: string, start: number): number {
  const double = text.charCodeAt(start + 1) === 36
  const marker = double ? '$$' : '$'
  const close = text.indexOf(marker, start + marker.length)
  if (close < 0 || close - start > 4000) return -1
  const body = text.slice(start + marker.length, close)
  if (!double && body.includes('\n\n')) return -1
  return INVISIBLE_MATH.test(body) ? close + marker.length : -1
}
