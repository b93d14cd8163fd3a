// Builders for the hidden-character rule examples: the payloads are made at run time from code
// points, so no source file holds them raw (and docs/rules.md shows them escaped).

export const cp = (...points: number[]) => String.fromCodePoint(...points)

/** ASCII text hidden as Unicode tag characters (U+E0000 + code). */
export const tagsOf = (text: string) => [...text].map((char) => cp(0xe0000 + char.charCodeAt(0))).join('')

/** Bytes encoded as variation selectors (VS1–VS16 = 0–15, VS17–VS256 = 16–255). */
export const selectorsOf = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => cp(byte < 16 ? 0xfe00 + byte : 0xe0100 + byte - 16)).join('')

/** Text as zero-width binary (ZWSP = 0, ZWNJ = 1), 8 bits a character. */
export const zeroWidthBitsOf = (text: string) =>
  [...text].map((char) => [...char.charCodeAt(0).toString(2).padStart(8, '0')].map((bit) => (bit === '0' ? '\u200b' : '\u200c')).join('')).join('')
