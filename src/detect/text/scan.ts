// scanText: runs every text rule over one text (a file, an added-lines view of a diff, a PR body,
// a commit message) and turns hits into findings with line/column, context-adjusted severity and
// inline suppressions (`codex-guard:ignore RULE-ID` on the same line or the line before).
//
// Fast path: one Aho–Corasick pass over anchor literals (anchors.ts) decides which phrase rules
// can match, one regex which Unicode rules can; most files stop
// there. The lexer (comments/strings/prose) and the folded text run only when a rule asks.
import {mkdirSync, readFileSync} from 'node:fs'
import {dirname} from 'node:path'
import type {FindingInput} from '../../report/finding.js'
import {IGNORE_MARKER, inlineIgnore} from '../../report/suppress.js'
import {writeFileAtomic} from '../../util/files.js'
import {lastAtOrBefore} from '../../util/search.js'
import {isAgentInstructionFile, quotesAttacksOnPurpose, shift} from '../context.js'
import {TEXT_RULES} from '../registry.js'
import type {Hit, Region, TextContext, TextRule, TextView} from '../types.js'
import {type AnchorMatcher, asAnchorText, buildMatcher, type Positions} from './anchors.js'
import {UNICODE_TRIGGER} from './chars.js'
import {type Folded, fold} from './fold.js'
import {type Language, languageOf, parseLanguage} from './language.js'
import {lex, regionAt, type Spans} from './lexer.js'

export interface TextScanResult {
  findings: FindingInput[]
  /** findings removed by inline `codex-guard:ignore` comments (report them: never silent) */
  suppressed: FindingInput[]
  /** deprecation notes for inline ignores in an old form (they still apply) */
  notes?: string[]
}

const ASCII_RULES = TEXT_RULES.filter((rule) => !rule.unicodeOnly)
const UNICODE_RULES = TEXT_RULES.filter((rule) => rule.unicodeOnly)
/** One matcher group per rule, or per named group of a rule (bit index = position here). */
const GROUPS: {rule: number; name?: string; literals: string[]}[] = ASCII_RULES.flatMap((rule, index) => {
  const anchors = rule.anchors ?? []
  return Array.isArray(anchors) ? [{rule: index, literals: anchors}] : Object.entries(anchors).map(([name, literals]) => ({rule: index, name, literals}))
})
let matcher: AnchorMatcher | undefined
let snapshotFile: string | undefined

/**
 * Keep the automaton in this file between processes (the pre-commit check names one beside its
 * code cache): building it is milliseconds of every commit, reading it a fraction of that. A
 * missing, damaged or outdated file is rebuilt and rewritten (atomically); any failure to
 * read or write it only costs speed.
 */
export function keepAnchorsIn(file: string): void {
  snapshotFile = file
}

/** Built on first use (milliseconds of work: a commit or hook call without text to scan skips it). */
const anchorMatcher = (): AnchorMatcher => (matcher ??= loadMatcher())

function loadMatcher(): AnchorMatcher {
  const groups = GROUPS.map((group) => group.literals)
  if (snapshotFile === undefined) return buildMatcher(groups)
  let saved: Int32Array | undefined
  try {
    const bytes = readFileSync(snapshotFile)
    // an Int32Array view needs a 4-byte aligned offset (a small read may sit in Node's shared pool)
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes)
    if (bytes.length % 4 === 0) saved = new Int32Array(aligned.buffer, aligned.byteOffset, bytes.length / 4)
  } catch {}
  const built = buildMatcher(groups, saved)
  if (!built.restored) {
    try {
      mkdirSync(dirname(snapshotFile), {recursive: true})
      writeFileAtomic(snapshotFile, built.snapshot())
    } catch {}
  }
  return built
}
const RULE_BITS = ASCII_RULES.map((_, index) => GROUPS.reduce((bits, group, bit) => (group.rule === index ? bits | (1 << bit) : bits), 0))
const GROUP_BIT = new Map(GROUPS.filter((group) => group.name).map((group) => [`${ASCII_RULES[group.rule]!.meta.id}:${group.name}`, 1 << GROUPS.indexOf(group)]))
const NON_ASCII = /[^\x00-\x7f]/
/** Worth folding: invisible/format characters, fullwidth letters, or a Latin letter touching a look-alike script letter. */
const DISGUISE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: code points on purpose
  /[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uff21-\uff5a\uffa0]|\udb40[\udc00-\uddef]|[A-Za-z][\u0370-\u058f\u13a0-\u13ff]|[\u0370-\u058f\u13a0-\u13ff][A-Za-z]/

class View implements TextView {
  readonly language: Language
  readonly agentFile: boolean
  readonly ascii: boolean
  private spans?: Spans
  private foldedText?: Folded

  /** the rule whose check() is running (for anchored()) */
  ruleId = ''

  constructor(
    readonly text: string,
    readonly path: string | undefined,
    language: Language,
    agentFile: boolean,
    private readonly fixedRegion: Region | undefined,
    private readonly mask: number,
    positions?: Positions,
    private readonly exhaustive = false,
  ) {
    this.anchorPositions = positions
    this.language = language
    this.agentFile = agentFile
    this.ascii = positions !== undefined || !NON_ASCII.test(text)
  }

  private lexed(): Spans {
    this.spans ??= lex(this.text, this.language)
    return this.spans
  }

  regionAt(index: number): Region {
    return this.spanAt(index).region
  }

  spanAt(index: number): {start: number; end: number; region: Region} {
    if (this.fixedRegion) return {start: 0, end: this.text.length, region: this.fixedRegion}
    return regionAt(this.lexed(), index)
  }

  get folded(): Folded {
    this.foldedText ??= this.ascii || (!this.exhaustive && !DISGUISE.test(this.text)) ? {text: this.text, changed: false, toOriginal: (index: number) => index} : fold(this.text)
    return this.foldedText
  }

  private anchorPositions?: Positions

  windows(group?: string): {start: number; end: number}[] {
    const text = this.folded.text
    const whole = [{start: 0, end: text.length}]
    if (this.agentFile || this.exhaustive || text.length < 20_000) return whole
    this.anchorPositions ??= anchorMatcher().positions(text, POSITION_LIMIT)
    const bits = group === undefined ? (RULE_BITS[ASCII_RULES.findIndex((rule) => rule.meta.id === this.ruleId)] ?? 0) : (GROUP_BIT.get(`${this.ruleId}:${group}`) ?? 0)
    if (bits === 0) return whole
    const ends: number[] = []
    for (let bit = 0; bit < GROUPS.length; bit++) {
      if ((bits & (1 << bit)) === 0) continue
      const list = this.anchorPositions[bit]
      if (list === null) return whole
      if (list) ends.push(...list)
    }
    ends.sort((a, b) => a - b)
    const out: {start: number; end: number}[] = []
    for (const end of ends) {
      let from = Math.max(0, end - 400)
      const lineStart = text.lastIndexOf('\n', from) + 1
      from = Math.max(lineStart, end - 2000)
      let to = Math.min(text.length, end + 400)
      const eol = text.indexOf('\n', to)
      to = Math.min(eol < 0 ? text.length : eol, end + 2000)
      const last = out.at(-1)
      if (last && from <= last.end) last.end = Math.max(last.end, to)
      else out.push({start: from, end: to})
    }
    return out
  }

  private normalized?: string

  anchorText(): string | undefined {
    if (this.agentFile || this.exhaustive) return undefined
    this.normalized ??= asAnchorText(this.folded.text)
    return this.normalized
  }

  anchored(group: string): boolean {
    if (this.agentFile) return true
    const bit = GROUP_BIT.get(`${this.ruleId}:${group}`)
    return bit === undefined || (this.mask & bit) !== 0
  }

  hiddenSpans(): {start: number; end: number}[] {
    if (this.fixedRegion) return this.fixedRegion === 'hidden' ? [{start: 0, end: this.text.length}] : []
    const spans = this.lexed()
    const out: {start: number; end: number}[] = []
    for (let i = 0; i < spans.starts.length; i++) if (spans.regions[i] === 'hidden') out.push({start: spans.starts[i]!, end: spans.ends[i]!})
    return out
  }
}

/** Language for a context: explicit, else from the path (and shebang), else prose. */
function contextLanguage(text: string, context: TextContext): Language {
  if (context.language) {
    const parsed = parseLanguage(context.language)
    if (parsed) return parsed
  }
  return languageOf(context.path, text.slice(0, 200))
}

/** Bit mask of the phrase rules whose anchors occur in a buffer (see anchors.ts); for scanFile's fast path. */
export interface BytesAnchors {
  mask: number
  /** anchor end offsets per group: valid as string offsets only for ASCII buffers */
  positions: Positions
  /** the buffer was plain ASCII */
  ascii?: boolean
}

export function anchorsOfBytes(buffer: Uint8Array, context: TextContext = {}): BytesAnchors {
  const agentFile = context.agentFile ?? isAgentInstructionFile(context.path)
  const language = context.language ? contextLanguage('', context) : languageOf(context.path, buffer[0] === 35 ? Buffer.from(buffer.subarray(0, 200)).toString('latin1') : '')
  const positions: Positions = []
  const mask = anchorMatcher().scanBytes(buffer, agentFile || BASE64_LANGUAGES.has(language), positions, POSITION_LIMIT)
  return {mask, positions}
}

const POSITION_LIMIT = 2000

const BASE64_LANGUAGES = new Set(ASCII_RULES.flatMap((rule) => rule.base64Languages ?? []))

/**
 * Whether any rule could report something on a text with this anchor mask: false lets callers
 * skip decoding entirely (ASCII files without anchors, the common case).
 */
export function anyRuleMayMatch({mask}: BytesAnchors, context: TextContext, ascii: boolean, head: string): boolean {
  if (!ascii) return true
  if (context.agentFile ?? isAgentInstructionFile(context.path)) return true
  if ((mask & ~anchorMatcher().longBase64Bit) !== 0) return true
  if ((mask & anchorMatcher().longBase64Bit) === 0) return false
  const language = contextLanguage(head, context)
  return ASCII_RULES.some((rule) => rule.base64Languages?.includes(language))
}

/** Runs the rules and returns raw hits (rule id attached), without locations or suppression. */
function textHits(text: string, context: TextContext = {}, bytes?: BytesAnchors): {rule: TextRule; hit: Hit}[] {
  const ascii = bytes?.ascii ?? !NON_ASCII.test(text)
  const unicode = !ascii && UNICODE_TRIGGER.test(text)
  let mask = bytes?.mask ?? anchorMatcher().scanString(text)
  // the folded text (look-alikes read as ASCII, invisibles dropped) may spell a phrase the original hides
  if (unicode && DISGUISE.test(text)) {
    const folded = fold(text)
    if (folded.changed) mask |= anchorMatcher().scanString(folded.text)
  }
  const agentFile = context.agentFile ?? isAgentInstructionFile(context.path)
  const exhaustive = context.exhaustive === true
  if (!unicode && mask === 0 && !agentFile && !exhaustive) return []
  const language = contextLanguage(text, context)
  const selected: TextRule[] = []
  if (unicode || exhaustive) for (const rule of UNICODE_RULES) if (exhaustive || rule.trigger?.test(text)) selected.push(rule)
  ASCII_RULES.forEach((rule, index) => {
    if (rule.languages && !rule.languages.includes(language) && !agentFile) return
    if (exhaustive) {
      selected.push(rule)
      return
    }
    const anchored = (mask & RULE_BITS[index]!) !== 0
    const base64 = (mask & anchorMatcher().longBase64Bit) !== 0 && rule.base64Languages?.includes(language) === true
    if (anchored || base64 || agentFile) selected.push(rule)
  })
  if (selected.length === 0) return []
  const view = new View(text, context.path, language, agentFile, context.region, exhaustive ? -1 : mask, ascii && !exhaustive ? bytes?.positions : undefined, exhaustive)
  const out: {rule: TextRule; hit: Hit}[] = []
  for (const rule of selected) {
    view.ruleId = rule.meta.id
    for (const hit of rule.check(view)) out.push({rule, hit})
  }
  return out
}

/** Line starts for offset → line/column (1-based, UTF-16 columns as SARIF expects by default). */
function lineIndex(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

function locate(starts: number[], index: number): {line: number; column: number} {
  const line = lastAtOrBefore(starts, index)
  return {line: line + 1, column: index - starts[line]! + 1}
}

/** Text of a 1-based line, from the line index. */
const lineReader = (text: string, starts: number[]) => (line: number) =>
  line < 1 || line > starts.length ? undefined : text.slice(starts[line - 1], line < starts.length ? starts[line]! - 1 : undefined)

/** Every text rule over one text, with locations, severity context and inline suppressions. */
export function analyzeText(text: string, context: TextContext = {}, bytes?: BytesAnchors): TextScanResult {
  const hits = textHits(text, context, bytes)
  if (hits.length === 0) return {findings: [], suppressed: []}
  const starts = lineIndex(text)
  const lineText = text.includes(IGNORE_MARKER) ? lineReader(text, starts) : undefined
  const notes: string[] = []
  const purpose = quotesAttacksOnPurpose(context.path)
  const findings: FindingInput[] = []
  const suppressed: FindingInput[] = []
  const seeds = new Map<string, number>()
  for (const {rule, hit} of hits) {
    const index = hit.index ?? 0
    if (context.window && (index < context.window.from || index >= context.window.to)) continue
    const {line, column} = locate(starts, index)
    if (context.lines && !context.lines.has(line)) continue
    let severity = hit.severity ?? rule.meta.severity
    let message = hit.message
    if (purpose && hit.adjustable !== false) {
      const lowered = shift(severity, -1)
      if (lowered !== severity) message += ` [lowered: ${purpose}]`
      severity = lowered
    }
    const baseSeed = hit.seed ?? hit.message
    const occurrence = seeds.get(`${rule.meta.id}\0${baseSeed}`) ?? 0
    seeds.set(`${rule.meta.id}\0${baseSeed}`, occurrence + 1)
    const finding: FindingInput = {
      ruleId: rule.meta.id,
      severity,
      message,
      file: context.path,
      line: line + (context.lineOffset ?? 0),
      column,
      remediation: rule.meta.remediation,
      evidence: hit.evidence,
      fingerprintSeed: occurrence > 0 ? `${baseSeed}#${occurrence}` : baseSeed,
    }
    const ignore = lineText && inlineIgnore(lineText, line, [rule.meta.id])
    if (!ignore) {
      findings.push(finding)
      continue
    }
    suppressed.push(finding)
    const note = ignore.deprecated && `${context.path ?? '<text>'}:${ignore.line + (context.lineOffset ?? 0)}: ${ignore.deprecated}`
    if (note && !notes.includes(note)) notes.push(note)
  }
  return notes.length > 0 ? {findings, suppressed, notes} : {findings, suppressed}
}

/** Public API: findings for one text (suppressed ones removed; use analyzeText to count them). */
export function scanText(text: string, context: TextContext = {}): FindingInput[] {
  return analyzeText(text, context).findings
}
