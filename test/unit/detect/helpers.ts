// Builders for hostile test inputs: invisible and look-alike characters are made at run time with
// String.fromCodePoint, so no test source file contains them raw.
import type {FindingInput} from '../../../src/report/finding.js'

export const cp = (...points: number[]) => String.fromCodePoint(...points)
export const ZWSP = cp(0x200b)
export const ZWNJ = cp(0x200c)
export const ZWJ = cp(0x200d)
export const RLO = cp(0x202e)
export const LRI = cp(0x2066)
export const RLI = cp(0x2067)
export const PDI = cp(0x2069)
export const PDF = cp(0x202c)
export const RLE = cp(0x202b)
export const IDEOGRAPHIC_SPACE = cp(0x3000)
export const CYRILLIC_A = cp(0x0430)
export const CYRILLIC_CAPITAL_A = cp(0x0410)
export const CYRILLIC_E = cp(0x0435)
export const CYRILLIC_O = cp(0x043e)
export const CYRILLIC_EN = cp(0x041d)
export const CYRILLIC_I = cp(0x0456)
export const GREEK_OMICRON = cp(0x03bf)

/** ASCII text hidden as Unicode tag characters (U+E0000 + code). */
export const tags = (text: string) => [...text].map((char) => cp(0xe0000 + char.charCodeAt(0))).join('')

/** Bytes encoded as variation selectors (VS1–VS16 = 0–15, VS17–VS256 = 16–255). */
export const selectors = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => cp(byte < 16 ? 0xfe00 + byte : 0xe0100 + byte - 16)).join('')

/** Text as zero-width binary (ZWSP = 0, ZWNJ = 1), 8 bits a character. */
export const zeroWidthBits = (text: string) => [...text].map((char) => char.charCodeAt(0).toString(2).padStart(8, '0').replace(/0/g, ZWSP).replace(/1/g, ZWNJ)).join('')

export const ids = (findings: FindingInput[]) => findings.map((finding) => finding.ruleId)
export const of = (findings: FindingInput[], ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId)
const RANK = {info: 0, low: 1, medium: 2, high: 3, critical: 4} as const
export const worst = (findings: FindingInput[]) => findings.reduce((max, finding) => Math.max(max, RANK[finding.severity]), -1)
export const HIGH = RANK.high
export const severityOf = (findings: FindingInput[], ruleId: string) => of(findings, ruleId)[0]?.severity
