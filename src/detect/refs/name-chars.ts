// Classifies the non-ASCII and control characters of a name (shared by CG-REF-007 and CG-FN-002).
import type {Severity} from '../../report/finding.js'
import {BIDI_MARKS, codePointName, EXOTIC_SPACES, INVISIBLE, isBidiControl, isTag, isVariationSelector, joiningScript, pictographic} from '../text/chars.js'
import {mixedScriptConfusable} from '../text/mixed-script.js'

export interface NameCharReport {
  severity: Severity
  /** human-readable categories with the code points seen */
  kinds: string[]
}

const RANK: Record<Severity, number> = {info: 0, low: 1, medium: 2, high: 3, critical: 4}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/**
 * `otherNonAscii`: severity for ordinary non-ASCII letters (refs: low; file names: not reported).
 */
export function classifyNameChars(name: string, otherNonAscii: Severity | undefined): NameCharReport | undefined {
  // printable ASCII holds none of the characters below (most names): skip the Unicode classes
  if (PRINTABLE_ASCII.test(name)) return undefined
  const kinds = new Map<string, Set<string>>()
  let severity: Severity | undefined
  const note = (kind: string, level: Severity, cp: number) => {
    const set = kinds.get(kind) ?? new Set<string>()
    set.add(codePointName(cp))
    kinds.set(kind, set)
    if (!severity || RANK[level] > RANK[severity]) severity = level
  }
  const chars = [...name]
  chars.forEach((char, position) => {
    const cp = char.codePointAt(0)!
    if (cp >= 0x20 && cp < 0x7f) return
    const before = chars[position - 1] ?? ''
    const after = chars[position + 1] ?? ''
    if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) note('control character', 'high', cp)
    else if (isBidiControl(cp) || BIDI_MARKS.has(cp)) note('bidi control', 'critical', cp)
    else if (isTag(cp)) note('Unicode tag (hidden ASCII)', 'critical', cp)
    else if (isVariationSelector(cp)) {
      if (!pictographic().test(before)) note('variation selector', 'high', cp)
    } else if (INVISIBLE.has(cp)) {
      const joinerOk =
        (cp === 0x200d && (pictographic().test(before) || pictographic().test(after))) || ((cp === 0x200c || cp === 0x200d) && (joiningScript().test(before) || joiningScript().test(after)))
      if (!joinerOk) note('invisible character', 'high', cp)
    } else if (EXOTIC_SPACES.has(cp)) note('blank look-alike of a space', 'high', cp)
    else if (cp === 0x2028 || cp === 0x2029 || cp === 0xfffd || (cp >= 0xd800 && cp <= 0xdfff)) note('line separator / invalid character', 'high', cp)
    else if (otherNonAscii) note('non-ASCII character', otherNonAscii, cp)
  })
  for (const word of name.split(/[^\p{L}\p{M}\p{N}]+/u)) {
    const mix = mixedScriptConfusable(word)
    if (!mix) continue
    for (const char of word)
      if (/[^\x00-\x7f]/.test(char) && !/\p{Script=Latin}/u.test(char)) note(`${mix.scripts.join('/')} look-alike letter (reads as "${mix.reads}")`, 'high', char.codePointAt(0)!)
  }
  if (!severity) return undefined
  return {severity, kinds: [...kinds.entries()].map(([kind, set]) => `${kind} ${[...set].slice(0, 6).join(' ')}${set.size > 6 ? ' …' : ''}`)}
}
