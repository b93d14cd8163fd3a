// What a model effectively reads once invisible characters are dropped and look-alike letters
// are read as the ASCII they imitate: "<U+0456>gnore prev<U+200B>ious instructions" (Cyrillic і, a zero
// width space) folds to the plain phrase. Phrase rules match on the folded text and map offsets
// back to the original. Cost is proportional to the number of foldable characters: ASCII runs
// are copied as slices, and offsets map through a short list of breakpoints.

import {lastAtOrBefore} from '../../util/search.js'
import {skeleton} from '../confusables.js'
import {EXOTIC_SPACES, INVISIBLE, isBidiControl, isTag, isVariationSelector} from './chars.js'

export interface Folded {
  text: string
  /** true when folding changed anything */
  changed: boolean
  /** offset in the original text of an offset in the folded text */
  toOriginal(index: number): number
}

/** Characters folding may change: invisibles, bidi, tags, variation selectors, spaces, letters of look-alike scripts, fullwidth forms. */
const FOLDABLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: code points on purpose
  /[\u00a0\u00ad\u034f\u0370-\u058f\u061c\u115f\u1160\u13a0-\u13ff\u1680\u17b4\u17b5\u180b-\u180f\u2000-\u200f\u202a-\u202f\u205f-\u206f\u2800\u2c80-\u2cff\u3000\u3164\ua4d0-\ua4ff\ufe00-\ufe0f\ufeff\uff01-\uff5e\uffa0\ufff9-\ufffb]|\udb40[\udc00-\uddef]|\ud834[\udd73-\udd7a]|[\ud835][\udc00-\udfff]/g

const cache = new Map<string, string>()

function foldChar(char: string): string {
  let mapped = cache.get(char)
  if (mapped !== undefined) return mapped
  const cp = char.codePointAt(0)!
  if (INVISIBLE.has(cp) || isBidiControl(cp) || isTag(cp) || isVariationSelector(cp) || cp === 0x200e || cp === 0x200f || cp === 0x061c) mapped = ''
  else if (EXOTIC_SPACES.has(cp)) mapped = ' '
  else {
    const compat = char.normalize('NFKC')
    if (/^[\x20-\x7e]+$/.test(compat)) mapped = compat
    else {
      const skel = skeleton(char)
      mapped = /^[\x21-\x7e]$/.test(skel) ? skel : char
    }
  }
  if (cache.size < 20_000) cache.set(char, mapped)
  return mapped
}

const identity = (text: string): Folded => ({text, changed: false, toOriginal: (index) => index})

export function fold(text: string): Folded {
  FOLDABLE.lastIndex = 0
  if (!FOLDABLE.test(text)) return identity(text)
  FOLDABLE.lastIndex = 0
  const parts: string[] = []
  // breakpoints: from folded offset foldedAt[k] on, original = folded - foldedAt[k] + originalAt[k]
  const foldedAt: number[] = [0]
  const originalAt: number[] = [0]
  let length = 0
  let last = 0
  let changed = false
  for (const match of text.matchAll(FOLDABLE)) {
    const char = match[0]
    const mapped = foldChar(char)
    if (mapped === char) continue
    changed = true
    if (match.index > last) {
      parts.push(text.slice(last, match.index))
      length += match.index - last
    }
    // every character of the replacement maps to the original character
    for (let k = 0; k < mapped.length; k++) {
      foldedAt.push(length + k)
      originalAt.push(match.index)
    }
    parts.push(mapped)
    length += mapped.length
    last = match.index + char.length
    foldedAt.push(length)
    originalAt.push(last)
  }
  if (!changed) return identity(text)
  parts.push(text.slice(last))
  const folded = parts.join('')
  return {
    text: folded,
    changed: true,
    toOriginal(index: number): number {
      const at = lastAtOrBefore(foldedAt, index)
      return index - foldedAt[at]! + originalAt[at]!
    },
  }
}
