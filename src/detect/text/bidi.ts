// CG-UNI-001: bidirectional control characters (Trojan Source, CVE-2021-42574).
import type {Severity} from '../../report/finding.js'
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, TextRule, TextView} from '../types.js'
import {BIDI_EMBED_OPEN, BIDI_ISOLATE_OPEN, BIDI_PDF, BIDI_PDI, codePointName, escapeVisible} from './chars.js'

export const meta: RuleMeta = {
  id: 'CG-UNI-001',
  title: 'Bidirectional control characters',
  severity: 'high',
  description:
    'Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) make text display in a different order than compilers, shells and models read it (Trojan Source). Critical when an override or isolate is left open at the end of the line, or opens in one comment/string and closes outside it; medium for balanced pairs inside a string or prose line (right-to-left text); low for the implicit marks LRM/RLM/ALM in code.',
  remediation: 'remove the control characters, or escape them (\\u202E) where right-to-left rendering is really intended',
  example: {bad: '/* U+202E } U+2066 if (isAdmin) U+2069 U+2066 begin admins only */  (raw characters)', good: 'const label = "\\u2067" + arabicName + "\\u2069"  (escaped)'},
  examples: {
    flagged: [
      {
        escaped: true,
        text: '/*\\u{202E} } \\u{2066}if (isAdmin)\\u{2069} \\u{2066} begin admins only */\n  console.log("You are an admin.");\n/* end admins only \\u{202E} { \\u{2066}*/\n',
        file: 'src/auth.js',
      },
      {escaped: true, text: "def subtract_funds(account, amount):\n    ''' Subtract funds from bank account then \\u{2067}''' ;return\n    bank[account] -= amount\n", file: 'bank.py'},
    ],
    clean: [
      {text: String.raw`const label = "\u2067" + arabicName + "\u2069"` + '\n', file: 'src/label.js'},
      {escaped: true, text: 'Hebrew \\u{05E9}\\u{200F} text\n', file: 'README.md'},
    ],
  },
}

const NAMES: Record<number, string> = {
  8234: 'LRE',
  8235: 'RLE',
  8236: 'PDF',
  8237: 'LRO',
  8238: 'RLO',
  8294: 'LRI',
  8295: 'RLI',
  8296: 'FSI',
  8297: 'PDI',
  8206: 'LRM',
  8207: 'RLM',
  1564: 'ALM',
}

const CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g
const MARKS = /[\u200e\u200f\u061c]/g

export interface BidiBalance {
  unbalanced: boolean
  opened: number
  closed: number
}

/** Simulates the bidi stack of one paragraph (line): unclosed openers or stray closers. */
export function bidiBalance(segment: string): BidiBalance {
  const stack: ('embed' | 'isolate')[] = []
  let opened = 0
  let closed = 0
  let stray = false
  for (let i = 0; i < segment.length; i++) {
    const cp = segment.charCodeAt(i)
    if (BIDI_EMBED_OPEN.has(cp)) {
      stack.push('embed')
      opened++
    } else if (BIDI_ISOLATE_OPEN.has(cp)) {
      stack.push('isolate')
      opened++
    } else if (cp === BIDI_PDF) {
      closed++
      if (stack.at(-1) === 'embed') stack.pop()
      else stray = true
    } else if (cp === BIDI_PDI) {
      closed++
      const at = stack.lastIndexOf('isolate')
      if (at >= 0) stack.length = at
      else stray = true
    }
  }
  return {unbalanced: stack.length > 0 || stray, opened, closed}
}

export const rule: TextRule = {
  meta,
  trigger: /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/,
  unicodeOnly: true,
  check(view: TextView): Hit[] {
    const text = view.text
    const hits: Hit[] = []
    const lines = new Map<number, number[]>()
    for (const match of text.matchAll(CONTROLS)) {
      const lineStart = text.lastIndexOf('\n', match.index - 1) + 1
      const list = lines.get(lineStart) ?? []
      list.push(match.index)
      lines.set(lineStart, list)
    }
    for (const [lineStart, indexes] of lines) {
      const eol = text.indexOf('\n', lineStart)
      const line = text.slice(lineStart, eol < 0 ? text.length : eol)
      const balance = bidiBalance(line)
      // a pair that opens in one region (comment/string) and closes in another reorders code
      const spans = new Set(indexes.map((index) => view.spanAt(index).start))
      const crosses = spans.size > 1 && balance.opened > 0
      const regions = new Set(indexes.map((index) => view.regionAt(index)))
      let severity: Severity = 'high'
      let why = ''
      if (balance.unbalanced) {
        severity = 'critical'
        why = `unbalanced: ${balance.opened} opened, ${balance.closed} closed on this line`
      } else if (crosses && [...regions].some((region) => region !== 'prose')) {
        severity = 'critical'
        why = 'the pair spans a comment/string boundary'
      } else if ([...regions].every((region) => region === 'string' || region === 'prose' || region === 'name')) {
        severity = 'medium'
        why = 'balanced, inside text'
      } else why = 'balanced'
      const kinds = [...new Set(indexes.map((index) => text.charCodeAt(index)))].map((cp) => `${codePointName(cp)} ${NAMES[cp]}`)
      hits.push({
        index: indexes[0]!,
        severity,
        message: `bidirectional control character${indexes.length > 1 ? 's' : ''} ${kinds.join(', ')} (${why}${regions.size === 1 ? `, in ${[...regions][0]}` : ''}): the line displays in a different order than it is read (Trojan Source)`,
        evidence: escapeVisible(line.trim(), {max: 160}),
        seed: `bidi:${line.trim()}`,
      })
    }
    // implicit marks: legitimate in right-to-left prose and strings, odd in code and comments
    for (const match of text.matchAll(MARKS)) {
      const region = view.regionAt(match.index)
      if (region !== 'code' && region !== 'comment') continue
      const cp = text.charCodeAt(match.index)
      hits.push({
        index: match.index,
        severity: 'low',
        message: `bidi mark ${codePointName(cp)} ${NAMES[cp]} in ${region}`,
        evidence: escapeVisible(text.slice(Math.max(0, match.index - 30), match.index + 30), {max: 100}),
      })
    }
    return hits
  },
}
