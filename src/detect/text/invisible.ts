// CG-UNI-003: zero-width and other invisible characters; worse inside identifiers and tokens.
import {SEVERITIES, type Severity} from '../../report/finding.js'
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, TextRule, TextView} from '../types.js'
import {codePointName, escapeVisible, joiningScript, pictographic, wordBreakScript, ZERO_WIDTH_BITS} from './chars.js'
import {isWordCodePoint, looksLikeCharacterTable, neighbours, stringIsToken} from './judge.js'

export const meta: RuleMeta = {
  id: 'CG-UNI-003',
  title: 'Zero-width or invisible characters',
  severity: 'medium',
  description:
    'Zero-width spaces/joiners, word joiner, invisible operators, a BOM that is not at the start, soft hyphens, Hangul fillers (U+3164, U+FFA0, U+115F, U+1160) and similar characters render as nothing. High anywhere in code and inside a one-word string (two names that look identical are different; a keyword filter is evaded); medium in other strings and inside a word of prose; low elsewhere and in character tables (code pages listing 16+ distinct non-ASCII characters). Joiners inside emoji sequences, and a single ZWSP/ZWNJ/ZWJ between two letters of a script whose orthography uses it (Persian and Arabic ZWNJ, Indic ZWJ, the word-break space of Khmer, Thai, Lao, Myanmar, Tibetan, Japanese…), a leading BOM and soft hyphens in prose are allowed.',
  remediation: 'delete the invisible characters (search for them with an escaped regex such as /[\\u200B-\\u200D\\u2060\\uFEFF]/)',
  example: {bad: 'if (user.role === "ad<U+200B>min")  (a raw U+200B inside the string)', good: 'if (user.role === "admin")'},
  examples: {
    flagged: [
      {escaped: true, text: 'if (user.role === "ad\\u{200B}min") {}\n', file: 'src/app.js'},
      {escaped: true, text: 'function isAdmin() { return false }\nfunction is\\u{200B}Admin() { return true }\n', file: 'src/auth.js'},
    ],
    clean: [
      {text: 'if (user.role === "admin") {}\n', file: 'src/app.js'},
      {escaped: true, text: '\\u{FEFF}const a = 1\n', file: 'src/app.js', note: 'a leading byte order mark'},
      {escaped: true, text: 'Extra\\u{00AD}ordinary\n', file: 'README.md', note: 'a soft hyphen in prose'},
    ],
  },
}

// biome-ignore lint/suspicious/noMisleadingCharacterClass: single invisible code points, matched one at a time on purpose
export const INVISIBLE_RE = /(?:[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u2060-\u2065\u206a-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\u200d)|\ud834[\udd73-\udd7a]/g

const rank = (severity: Severity) => SEVERITIES.indexOf(severity)

/** Severity of one invisible character, or undefined when it is legitimate where it stands. */
export function judgeInvisible(view: TextView, index: number): Severity | undefined {
  const text = view.text
  const cp = text.codePointAt(index)!
  const length = cp > 0xffff ? 2 : 1
  if (cp === 0xfeff && index === 0) return undefined // byte order mark
  const {before, after} = neighbours(text, index, length)
  const char = (value: number | undefined) => (value === undefined ? '' : String.fromCodePoint(value))
  if (cp === 0x200b || cp === 0x200c || cp === 0x200d) {
    // emoji ZWJ sequences, and one joiner or word break between two letters of a script whose
    // orthography uses it (Persian ZWNJ, Indic ZWJ, the Khmer/Thai/Myanmar word-break space);
    // next to ASCII, in runs, or alone at a word's edge it is still a finding
    if (cp === 0x200d && (pictographic().test(char(before)) || pictographic().test(char(after)) || before === 0xfe0f)) return undefined
  }
  const region = view.regionAt(index)
  if ((cp === 0x200b || cp === 0x200c || cp === 0x200d) && region !== 'code' && region !== 'name') {
    const native = (value: number | undefined) => value !== undefined && value > 0x7f && (joiningScript().test(char(value)) || wordBreakScript().test(char(value)))
    if (native(before) && native(after)) return undefined
  }
  const inToken = isWordCodePoint(before) && isWordCodePoint(after)
  if (region === 'code' || region === 'name') return 'high'
  if (region === 'string') return inToken && stringIsToken(view, index) ? 'high' : 'medium'
  if (cp === 0x00ad) return undefined // soft hyphen in prose: a hyphenation hint
  return inToken ? 'medium' : 'low'
}

export const rule: TextRule = {
  meta,
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: single invisible code points on purpose
  trigger: /(?:[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u2060-\u2065\u206a-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\u200d)|\ud834[\udd73-\udd7a]/,
  unicodeOnly: true,
  check(view: TextView): Hit[] {
    const text = view.text
    const byLine = new Map<number, {index: number; severity: Severity; kinds: Set<number>; count: number}>()
    for (const match of text.matchAll(INVISIBLE_RE)) {
      const cp = text.codePointAt(match.index)!
      // long zero-width runs are steganography (CG-UNI-005)
      if (ZERO_WIDTH_BITS.has(cp) && zeroWidthRunLength(text, match.index) >= 8) continue
      const severity = judgeInvisible(view, match.index)
      if (!severity) continue
      const lineStart = text.lastIndexOf('\n', match.index - 1) + 1
      const entry = byLine.get(lineStart)
      if (!entry) byLine.set(lineStart, {index: match.index, severity, kinds: new Set([cp]), count: 1})
      else {
        entry.count++
        entry.kinds.add(cp)
        if (rank(severity) > rank(entry.severity)) {
          entry.severity = severity
          entry.index = match.index
        }
      }
    }
    const hits: Hit[] = []
    for (const [lineStart, entry] of byLine) {
      const eol = text.indexOf('\n', lineStart)
      const line = text.slice(lineStart, eol < 0 ? text.length : eol)
      // code pages and whitespace tables list invisible characters as data
      if (looksLikeCharacterTable(line.length > 4000 ? text.slice(Math.max(lineStart, entry.index - 400), entry.index + 400) : line)) {
        entry.severity = 'low'
      }
      const region = view.regionAt(entry.index)
      const where =
        entry.severity === 'high'
          ? region === 'code'
            ? 'in code'
            : 'inside a token'
          : entry.severity === 'low' && region !== 'prose' && region !== 'comment'
            ? `in ${region} (character data)`
            : `in ${region}`
      hits.push({
        index: entry.index,
        severity: entry.severity,
        message: `${entry.count} invisible character(s) ${[...entry.kinds].map(codePointName).join(', ')} ${where}: text that looks identical is different`,
        evidence: escapeVisible(line.trim(), {max: 160}),
        seed: `invisible:${line.trim()}`,
      })
    }
    return hits
  },
}

/** Length (in characters) of the run of zero-width "bit" characters around an index. */
export function zeroWidthRunLength(text: string, index: number): number {
  let start = index
  while (start > 0 && ZERO_WIDTH_BITS.has(text.charCodeAt(start - 1))) start--
  let end = index
  while (end < text.length && ZERO_WIDTH_BITS.has(text.charCodeAt(end))) end++
  return end - start
}
