// CG-FN-002: invisible, bidi, tag, control and look-alike characters in a file name.
import type {RuleMeta} from '../../report/rule-meta.js'
import {classifyNameChars} from '../refs/name-chars.js'
import {escapeVisible} from '../text/chars.js'
import type {Hit, NameRule} from '../types.js'

export const meta: RuleMeta = {
  id: 'CG-FN-002',
  title: 'Hidden or look-alike characters in a file name',
  severity: 'high',
  description:
    'Bidi overrides ("invoice<U+202E>fdp.sh" displays as invoicehs.pdf) and tag characters are critical; zero-width and invisible characters, blank look-alikes of a space (U+3000 …), control characters (newlines, ANSI escapes that rewrite the terminal) and Latin/Cyrillic/Greek look-alike letters are high. Ordinary non-ASCII names (café.md, 資料.txt) are not reported.',
  remediation: 'rename the file to what it appears to be called; list names escaped (git ls-files -z | xxd)',
  example: {bad: 'report<U+202E>fdp.sh', good: 'docs/résumé.md'},
  examples: {
    flagged: [{escaped: true, text: 'report\\u{202E}fdp.sh', note: 'U+202E reverses "fdp.sh": shown as reporths.pdf'}, {text: 'notes\\u{200B}.md', escaped: true}, 'evil\n.md'],
    clean: ['docs/résumé.md', 'notes.md'],
  },
}

export const rule: NameRule = {
  meta,
  check(path: string): Hit[] {
    const report = classifyNameChars(path, undefined)
    if (!report) return []
    return [{severity: report.severity, message: `${report.kinds.join('; ')} in the file name (shown escaped: ${escapeVisible(path, {asciiOnly: true, max: 160})})`}]
  },
}
