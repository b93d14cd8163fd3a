// Code point classes used by the hidden-Unicode rules (anchors.md §C.1, §C.4), and a printer
// that never writes an invisible or bidi character to a terminal, a CI log or a report.
import {lazy} from '../../util/lazy.js'

/** Bidi embeddings/overrides that open a level (LRE, RLE, LRO, RLO) and their terminator (PDF). */
export const BIDI_EMBED_OPEN = new Set([0x202a, 0x202b, 0x202d, 0x202e])
export const BIDI_PDF = 0x202c
/** Bidi isolates that open a level (LRI, RLI, FSI) and their terminator (PDI). */
export const BIDI_ISOLATE_OPEN = new Set([0x2066, 0x2067, 0x2068])
export const BIDI_PDI = 0x2069
/** Implicit marks (LRM, RLM, ALM): legitimate in right-to-left text. */
export const BIDI_MARKS = new Set([0x200e, 0x200f, 0x061c])

export const isBidiControl = (cp: number) => (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)

/** Unicode Tags block U+E0000–U+E007F ("ASCII smuggling"). */
export const isTag = (cp: number) => cp >= 0xe0000 && cp <= 0xe007f

/** Variation selectors VS1–VS16 and VS17–VS256. */
export const isVariationSelector = (cp: number) => (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)

/** Zero-width and other invisible characters (not bidi, not tags, not variation selectors). */
export const INVISIBLE = new Set([
  0x00ad, // soft hyphen
  0x034f, // combining grapheme joiner
  0x115f, // Hangul choseong filler
  0x1160, // Hangul jungseong filler
  0x17b4, // Khmer vowel inherent aq
  0x17b5, // Khmer vowel inherent aa
  0x180e, // Mongolian vowel separator
  0x200b, // zero width space
  0x200c, // zero width non-joiner
  0x200d, // zero width joiner
  0x2060, // word joiner
  0x2061, // function application
  0x2062, // invisible times
  0x2063, // invisible separator
  0x2064, // invisible plus
  0x2065,
  0x206a,
  0x206b,
  0x206c,
  0x206d,
  0x206e,
  0x206f, // deprecated format characters
  0x3164, // Hangul filler
  0xfeff, // zero width no-break space / BOM
  0xffa0, // halfwidth Hangul filler
  0xfff9,
  0xfffa,
  0xfffb, // interlinear annotation
  0x1d173,
  0x1d174,
  0x1d175,
  0x1d176,
  0x1d177,
  0x1d178,
  0x1d179,
  0x1d17a, // musical symbol format characters
])

/** Zero-width characters usable as bits in steganography (PSS001). */
export const ZERO_WIDTH_BITS = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x2062, 0x2063, 0x2064, 0x180e])

/** Space-like characters that render as blank and are not the ASCII space. */
export const EXOTIC_SPACES = new Set([
  0x00a0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x202f, 0x205f, 0x2800, 0x3000, 0x3164, 0xffa0, 0x115f, 0x1160,
])

/** Scripts whose letters legitimately combine with ZWJ/ZWNJ (Persian, Indic, Sinhala…). */
export const joiningScript = lazy(
  () =>
    /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Mongolian}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Nko}\p{Script=Hebrew}\p{Script=Thaana}\p{Script=Mandaic}]/u,
)
/**
 * Scripts written without spaces between words, whose orthography puts U+200B (and ZWNJ/ZWJ)
 * between letters as a word or syllable break: Thai, Lao, Khmer, Myanmar, Tibetan and their
 * South-East Asian neighbours, and Japanese/Chinese text that marks line-break opportunities.
 */
export const wordBreakScript = lazy(
  () =>
    /[\p{Script_Extensions=Thai}\p{Script_Extensions=Lao}\p{Script_Extensions=Khmer}\p{Script_Extensions=Myanmar}\p{Script_Extensions=Tibetan}\p{Script_Extensions=Tai_Le}\p{Script_Extensions=New_Tai_Lue}\p{Script_Extensions=Tai_Tham}\p{Script_Extensions=Tai_Viet}\p{Script_Extensions=Javanese}\p{Script_Extensions=Balinese}\p{Script_Extensions=Sundanese}\p{Script_Extensions=Buginese}\p{Script_Extensions=Batak}\p{Script_Extensions=Cham}\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}]/u,
)
export const pictographic = lazy(() => /\p{Extended_Pictographic}|\p{Emoji_Modifier}|[\u{1F1E6}-\u{1F1FF}]/u)

/**
 * Every code point any Unicode rule looks at, as one regex over UTF-16: a text without a match
 * needs no Unicode rule at all. Letters of Greek/Cyrillic/Armenian/Cherokee etc. are included
 * for the confusable rules; ordinary Latin-1 accents, CJK and emoji are not.
 */
export const UNICODE_TRIGGER =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: code points, not grapheme clusters, are what the rules look for
  /\u00a0{8}|[\u00ad\u034f\u0370-\u058f\u061c\u115f\u1160\u13a0-\u13ff\u1680\u17b4\u17b5\u180b-\u180f\u2000-\u200f\u202a-\u202f\u205f-\u206f\u2800\u2c80-\u2cff\u3000\u3164\ua4d0-\ua4ff\ufe00-\ufe0f\ufeff\uff21-\uff5a\uffa0\ufff9-\ufffb]|\udb40[\udc00-\uddef]|\ud834[\udd73-\udd7a]/

const HEX = (cp: number) => cp.toString(16).toUpperCase().padStart(4, '0')

/** U+XXXX notation. */
export const codePointName = (cp: number) => `U+${HEX(cp)}`

/** Whether a code point must never be printed raw. */
export function isHiddenCodePoint(cp: number): boolean {
  return (
    cp < 0x20 ||
    cp === 0x7f ||
    (cp >= 0x80 && cp < 0xa0) ||
    isBidiControl(cp) ||
    BIDI_MARKS.has(cp) ||
    isTag(cp) ||
    isVariationSelector(cp) ||
    INVISIBLE.has(cp) ||
    EXOTIC_SPACES.has(cp) ||
    (cp >= 0x2028 && cp <= 0x2029) ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    cp === 0xfffd
  )
}

/**
 * A printable rendering: invisible, bidi, tag, variation-selector and control characters become
 * \u{…}; with `asciiOnly` every non-ASCII character does (used for names, where a look-alike
 * letter is the point). Long inputs are shortened around the middle.
 */
export function escapeVisible(text: string, options: {asciiOnly?: boolean; max?: number} = {}): string {
  const max = options.max ?? 200
  let out = ''
  for (const char of text) {
    const cp = char.codePointAt(0)!
    if (cp === 0x0a) out += '\\n'
    else if (cp === 0x09) out += '\\t'
    else if (isHiddenCodePoint(cp) || (options.asciiOnly && cp > 0x7e)) out += `\\u{${cp.toString(16).toUpperCase()}}`
    else out += char
    if (out.length > max * 4) break
  }
  if (out.length > max) out = `${out.slice(0, Math.floor(max * 0.7))}…${out.slice(-Math.floor(max * 0.25))}`
  return out
}

/** Decodes Unicode tag characters U+E0020–U+E007E to the ASCII they shadow. */
export function decodeTags(text: string): string {
  let out = ''
  for (const char of text) {
    const cp = char.codePointAt(0)!
    if (cp >= 0xe0020 && cp <= 0xe007e) out += String.fromCharCode(cp - 0xe0000)
  }
  return out
}

/** A location (path, ref) safe to print: escaped only when it holds hidden or control characters. */
export function safeLocation(location: string): string {
  for (const char of location) if (isHiddenCodePoint(char.codePointAt(0)!)) return escapeVisible(location, {max: 400})
  return location
}
