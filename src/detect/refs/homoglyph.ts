// CG-REF-009: a look-alike (UTS #39 confusable) of a protected branch name.
import type {RuleMeta} from '../../report/rule-meta.js'
import {confusableWith, visibleForm} from '../confusables.js'
import {escapeVisible} from '../text/chars.js'
import type {Hit, NameRule} from '../types.js'
import {PROTECTED_BRANCHES, shortRefName} from './patterns.js'

export const meta: RuleMeta = {
  id: 'CG-REF-009',
  title: 'Look-alike of a protected branch name',
  severity: 'high',
  description:
    'The name has the same UTS #39 confusable skeleton as a protected branch (main, master, develop, release/…, production, the default branch) without being it — m<U+0430>in with a Cyrillic а, main with a zero-width space, "main" followed by invisible padding — so people and tools that compare by eye push to, merge into or check out the wrong branch. Uses the Unicode confusables data (package unhomoglyph).',
  remediation: 'delete the look-alike ref; protect branch name patterns on the forge',
  example: {bad: 'm<U+0430>in  (Cyrillic а)', good: 'main'},
  examples: {
    flagged: [
      {escaped: true, text: 'm\\u{0430}in', note: 'Cyrillic а'},
      {escaped: true, text: 'r\\u{0435}lease/1.2', note: 'Cyrillic е'},
      {escaped: true, text: 'main\\u{200B}', note: 'zero-width space'},
    ],
    clean: ['main', 'main-2'],
  },
}

/** Checks against PROTECTED_BRANCHES plus extra names (the repository's default branch). */
export function lookAlikeOf(name: string, extra: string[] = []): string | undefined {
  const short = shortRefName(name)
  const targets = [...new Set([...PROTECTED_BRANCHES, ...extra])]
  const first = short.split('/')[0] ?? short
  // what is left in view before invisible padding: "main" + U+3000… + payload reads as "main"
  const visible = visibleForm(short)
  const shown = visible.split(/\s+/)[0] ?? visible
  for (const target of targets) {
    if (short === target) return undefined
    if (confusableWith(short, target)) return target
    if (first !== target && short.includes('/') && confusableWith(first, target)) return target
    if (shown !== short && (shown === target || confusableWith(shown, target))) return target
  }
  return undefined
}

export function createHomoglyphRule(extra: string[] = []): NameRule {
  return {
    meta,
    check(name: string): Hit[] {
      const target = lookAlikeOf(name, extra)
      return target ? [{message: `looks like the protected branch "${target}" but is ${escapeVisible(name, {asciiOnly: true, max: 120})}`}] : []
    },
  }
}

export const rule: NameRule = createHomoglyphRule()
