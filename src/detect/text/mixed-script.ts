// CG-UNI-006: mixed-script and confusable identifiers (UTS #39), e.g. Latin + Cyrillic in one name.
import type {RuleMeta} from '../../report/rule-meta.js'
import {lazy} from '../../util/lazy.js'
import {skeleton} from '../confusables.js'
import type {Hit, TextRule, TextView} from '../types.js'
import {escapeVisible} from './chars.js'
import {looksLikeCharacterTable, stringIsToken} from './judge.js'

export const meta: RuleMeta = {
  id: 'CG-UNI-006',
  title: 'Mixed-script or confusable identifier',
  severity: 'high',
  description:
    'A word mixes Latin letters with look-alike letters of another script (Cyrillic а, Greek ο, Armenian օ…), so it reads as an ASCII word that it is not; or a non-ASCII identifier has the same UTS #39 confusable skeleton as an ASCII identifier in the same text (two functions that look identical). High in code, names and one-word strings ("<U+0430>dmin"); medium in prose, comments and sentences; character tables (16+ distinct non-ASCII characters around) are skipped.',
  remediation: 'retype the word in one script; rename the look-alike identifier',
  example: {bad: 'function say<U+041D>ello() {}  (Cyrillic Н)  next to  function sayHello() {}', good: 'function sayHello() {}'},
  examples: {
    flagged: [
      {escaped: true, text: "function sayHello() { return 'hi' }\nfunction say\\u{041D}ello() { return 'pwned' }\nsay\\u{041D}ello()\n", file: 'src/greet.js', note: 'Cyrillic Н'},
      {escaped: true, text: 'Use the r\\u{043E}ot account.\n', file: 'notes.md', note: 'Cyrillic о'},
    ],
    clean: [
      {escaped: true, text: 'const \\u{0394}t = 1 // delta t\n', file: 'src/physics.js'},
      {escaped: true, text: '\\u{041F}\\u{0440}\\u{0438}\\u{0432}\\u{0435}\\u{0442} \\u{043C}\\u{0438}\\u{0440}\n', file: 'docs/ru.md', note: 'Russian text'},
    ],
  },
}

const latin = lazy(() => /\p{Script=Latin}/u)
const confusableScript = lazy(
  () => /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}\p{Script=Coptic}\p{Script=Lisu}\p{Script=Tifinagh}\p{Script=Vai}\p{Script=Canadian_Aboriginal}]/u,
)
const NON_ASCII = /[^\x00-\x7f]/

export interface ScriptMix {
  /** the word reads as this ASCII text */
  reads: string
  scripts: string[]
}

/** Latin mixed with look-alike letters of another script, every one of which maps to ASCII. */
export function mixedScriptConfusable(word: string): ScriptMix | undefined {
  if (!NON_ASCII.test(word) || !latin().test(word) || !confusableScript().test(word)) return undefined
  const scripts = new Set<string>()
  for (const char of word) {
    if (!confusableScript().test(char)) continue
    const mapped = skeleton(char)
    if (!/^[\x21-\x7e]+$/.test(mapped)) return undefined
    scripts.add(scriptName(char))
  }
  const reads = skeleton(word)
  return /^[\x21-\x7e]+$/.test(reads) ? {reads: readsAs(word), scripts: [...scripts]} : undefined
}

/** What a reader takes the word for: each look-alike replaced by its ASCII twin (one character each). */
export function readsAs(word: string): string {
  let out = ''
  for (const char of word) {
    if (!NON_ASCII.test(char)) {
      out += char
      continue
    }
    const mapped = skeleton(char)
    out += /^[\x21-\x7e]$/.test(mapped) ? mapped : /^[\x21-\x7e]+$/.test(mapped) ? mapped : char
  }
  return out
}

const scripts = lazy(() =>
  ['Cyrillic', 'Greek', 'Armenian', 'Cherokee', 'Coptic', 'Lisu', 'Tifinagh', 'Vai', 'Canadian_Aboriginal'].map((name) => ({name, pattern: new RegExp(`\\p{Script=${name}}`, 'u')})),
)

export function scriptName(char: string): string {
  return scripts().find((script) => script.pattern.test(char))?.name ?? 'other'
}

/** Letters of the look-alike scripts (UTF-16, no /u needed for these BMP blocks). */
const LOOKALIKE_LETTER = /[\u0370-\u058f\u13a0-\u13ff\u2c80-\u2cff\ua4d0-\ua4ff]/g
const wordChar = lazy(() => /[\p{L}\p{M}\p{N}_$]/u)

/** The word (letters, marks, digits, _ and $) around an offset. */
function wordAround(text: string, index: number): {start: number; word: string} {
  let start = index
  while (start > 0) {
    const code = text.charCodeAt(start - 1)
    if (code < 0x80 ? /[\w$]/.test(text[start - 1]!) : wordChar().test(text[start - 1]!)) start--
    else break
  }
  let end = index + 1
  while (end < text.length) {
    const code = text.charCodeAt(end)
    if (code < 0x80 ? /[\w$]/.test(text[end]!) : wordChar().test(text[end]!)) end++
    else break
  }
  return {start, word: text.slice(start, end)}
}

export const rule: TextRule = {
  meta,
  trigger: /[\u0370-\u058f\u13a0-\u13ff\u2c80-\u2cff\ua4d0-\ua4ff]/,
  unicodeOnly: true,
  check(view: TextView): Hit[] {
    const text = view.text
    const hits: Hit[] = []
    let asciiWords: Set<string> | undefined
    const seen = new Set<string>()
    let after = 0
    for (const letter of text.matchAll(LOOKALIKE_LETTER)) {
      if (letter.index < after) continue
      const {start, word} = wordAround(text, letter.index)
      after = start + word.length
      if (seen.has(word)) continue
      seen.add(word)
      const mix = mixedScriptConfusable(word)
      if (mix) {
        const region = view.regionAt(start)
        const lineStart = text.lastIndexOf('\n', start) + 1
        const eol = text.indexOf('\n', start)
        if (looksLikeCharacterTable(text.slice(Math.max(lineStart, start - 400), Math.min(eol < 0 ? text.length : eol, start + 400)))) continue
        // in code, in a name, or a string that is one token ("<U+0430>dmin"); a sentence in a string is prose
        const strong = region === 'code' || region === 'name' || (region === 'string' && stringIsToken(view, start))
        hits.push({
          index: start,
          severity: strong ? 'high' : 'medium',
          message: `"${escapeVisible(word, {asciiOnly: true})}" mixes Latin with ${mix.scripts.join('/')} look-alikes and reads as "${mix.reads}" (in ${region})`,
          evidence: escapeVisible(word, {asciiOnly: true}),
          seed: `mixed:${word}`,
        })
        continue
      }
      // whole-word look-alike colliding with an ASCII identifier used in the same code
      if (word.length < 2 || latin().test(word)) continue
      const mapped = skeleton(word)
      if (!/^[\x21-\x7e]+$/.test(mapped)) continue
      const region = view.regionAt(start)
      if (region !== 'code') continue
      asciiWords ??= collectAsciiWordSkeletons(text)
      if (!asciiWords.has(mapped)) continue
      hits.push({
        index: start,
        severity: 'high',
        message: `"${escapeVisible(word, {asciiOnly: true})}" is written in another script but looks like an ASCII identifier in the same text (confusable skeleton "${mapped}", in ${region})`,
        evidence: escapeVisible(word, {asciiOnly: true}),
        seed: `confusable:${word}`,
      })
    }
    return hits
  },
}

function collectAsciiWordSkeletons(text: string): Set<string> {
  const out = new Set<string>()
  for (const match of text.matchAll(/[A-Za-z_$][\w$]*/g)) if (match[0].length >= 2) out.add(skeleton(match[0]))
  return out
}
