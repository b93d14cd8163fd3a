// UTS #39 confusable skeletons, from the Unicode consortium's confusables.txt as packaged by
// `unhomoglyph` (nodeca; plain data, no code run at install). skeleton(x) = NFD(map(NFD(x))):
// two strings are confusable when their skeletons are equal. The mapping is only a test of
// look-alikes, never a normalisation to display ("m" becomes "rn").
import {createRequire} from 'node:module'
import {EXOTIC_SPACES, INVISIBLE, isBidiControl, isTag, isVariationSelector} from './text/chars.js'

let table: Record<string, string> | undefined

function mapping(): Record<string, string> {
  table ??= createRequire(import.meta.url)('unhomoglyph/data.json') as Record<string, string>
  return table
}

export function skeleton(text: string): string {
  const map = mapping()
  let out = ''
  for (const char of text.normalize('NFD')) out += map[char] ?? char
  return out.normalize('NFD')
}

/** Drops characters that render as nothing (zero-width, bidi, tags, variation selectors). */
export function stripInvisible(text: string): string {
  let out = ''
  for (const char of text) {
    const cp = char.codePointAt(0)!
    if (INVISIBLE.has(cp) || isBidiControl(cp) || isTag(cp) || isVariationSelector(cp) || cp === 0x200e || cp === 0x200f || cp === 0x061c) continue
    out += char
  }
  return out
}

/** What a reader sees: invisibles removed, compatibility forms folded (fullwidth ｍ → m), exotic spaces as " ". */
export function visibleForm(text: string): string {
  let out = ''
  for (const char of stripInvisible(text).normalize('NFKC')) out += EXOTIC_SPACES.has(char.codePointAt(0)!) ? ' ' : char
  return out
}

/** Whether `candidate` looks like `target` without being it. */
export function confusableWith(candidate: string, target: string): boolean {
  if (candidate === target) return false
  return skeleton(visibleForm(candidate)) === skeleton(target)
}
