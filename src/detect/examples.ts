// Builders for the hidden-character rule examples. They write \u{…} escapes (the examples are
// marked `escaped` and decoded only when they run), so neither the rule metadata nor
// docs/rules.md holds invisible characters raw.

const escapeOf = (cp: number) => `\\u{${cp.toString(16).toUpperCase()}}`

/** Code points as \u{…} escapes. */
export const cp = (...points: number[]) => points.map(escapeOf).join('')

/** ASCII text hidden as Unicode tag characters (U+E0000 + code). */
export const tagsOf = (text: string) => [...text].map((char) => escapeOf(0xe0000 + char.charCodeAt(0))).join('')

/** Bytes encoded as variation selectors (VS1–VS16 = 0–15, VS17–VS256 = 16–255). */
export const selectorsOf = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => escapeOf(byte < 16 ? 0xfe00 + byte : 0xe0100 + byte - 16)).join('')

/** Text as zero-width binary (ZWSP = 0, ZWNJ = 1), 8 bits a character. */
export const zeroWidthBitsOf = (text: string) => [...text].map((char) => [...char.charCodeAt(0).toString(2).padStart(8, '0')].map((bit) => escapeOf(bit === '0' ? 0x200b : 0x200c)).join('')).join('')
