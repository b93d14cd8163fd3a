// The scanner's fast path: one Aho–Corasick pass over the raw bytes (or a string) finds which
// rules have any literal "anchor" in the text; a rule's regexes only run when one of its anchors
// occurs. Anchors are lower-case literals in which one space stands for any run of whitespace;
// every match of a rule's patterns contains one of its anchors (a tested invariant), so the
// prefilter never hides a finding. Runs in one linear pass: a table lookup per byte.

/** Byte → symbol class: a–z (A–Z folded), digits, the punctuation that anchors use, whitespace, other. */
const SPACE = 1
const OTHER = 0

export interface AnchorMatcher {
  /**
   * Bit i set when an anchor of group i occurs; base64Runs: also look for 40+ base64 characters.
   * With `positions`, also records the end offset of every anchor match per group (as positions()).
   */
  scanBytes(buffer: Uint8Array, base64Runs?: boolean, positions?: Positions, limit?: number): number
  scanString(text: string): number
  /** end offsets of anchor matches per group (null for a group with more than `limit` matches) */
  positions(text: string, limit: number): Positions
  /** bit set by scan*() when a run of 40+ base64 characters occurs */
  readonly longBase64Bit: number
  /** The automaton as buildMatcher(groups, snapshot) restores it (trie and failure links, compact). */
  snapshot(): Int32Array
  /** made from a snapshot, not built */
  readonly restored: boolean
}

/** Text as anchors read it: lower case, every whitespace run one space (anchor literals are written so). */
export const asAnchorText = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ')

const SNAPSHOT_MAGIC = 0x43474131 // "CGA1"
const SNAPSHOT_HEADER = 6 + 128

/**
 * The matcher for these groups. `saved` (an earlier snapshot() of the same groups, e.g. read
 * from a cache file) skips the build when it fits them; anything else is ignored and the
 * automaton is built.
 */
export function buildMatcher(groups: string[][], saved?: Int32Array): AnchorMatcher {
  if (groups.length > 30) throw new Error('too many anchor groups')
  let literalCount = 0
  let literalTotal = 0
  for (const group of groups) {
    literalCount += group.length
    for (const literal of group) literalTotal += literal.length
  }
  const restored = saved && restore(saved, groups.length, literalCount, literalTotal)
  if (restored) return matcherOver(restored, groups.length, literalCount, literalTotal, true)
  // symbol classes (index loops over char codes: this runs once per process, before V8 has
  // optimised anything, where string iterators cost several times more)
  const literals = groups.map((group) => group.map(asAnchorText))
  const classOf = new Int32Array(256)
  let classes = 2
  for (const code of [9, 10, 11, 12, 13, 32]) classOf[code] = SPACE
  let literalChars = 0
  for (const group of literals) {
    for (const literal of group) {
      literalChars += literal.length
      for (let i = 0; i < literal.length; i++) {
        const code = literal.charCodeAt(i)
        if (code > 127) throw new Error(`anchor "${literal}" is not ASCII`)
        if (classOf[code] === OTHER) classOf[code] = classes++
      }
    }
  }
  for (let code = 65; code <= 90; code++) classOf[code] = classOf[code + 32]!
  // One Int32Array holds the automaton, a row per trie state: `classes` transitions (targets stored
  // as row offsets, premultiplied: one add per byte, no multiply), then the state's output bits,
  // failure link, first child, next sibling and incoming symbol. Row 0 is unused, so 0 means "not
  // computed yet": trie edges are set while building, every other transition is filled in from the
  // failure links on first use. (The complete table for the ~2,000 injection anchors took 30–70 ms
  // of every process start; a scan touches a few hundred entries.)
  const OUT = classes
  const FAIL = classes + 1
  const CHILD = classes + 2
  const SIBLING = classes + 3
  const SYMBOL = classes + 4
  const width = classes + 5
  // at most one new state per literal character: allocated once (zero pages cost nothing until
  // touched), so the loops below index a constant array and call nothing
  const table = new Int32Array(width * (literalChars + 2))
  const root = width
  let free = 2 * width
  for (let bit = 0; bit < literals.length; bit++) {
    for (const literal of literals[bit]!) {
      let row = root
      for (let i = 0; i < literal.length; i++) {
        const symbol = classOf[literal.charCodeAt(i)]!
        let target = table[row + symbol]!
        if (target === 0) {
          target = free
          free += width
          table[row + symbol] = target
          table[target + SYMBOL] = symbol
          table[target + SIBLING] = table[row + CHILD]!
          table[row + CHILD] = target
        }
        row = target
      }
      table[row + OUT] = table[row + OUT]! | (1 << bit)
    }
  }
  table[root + FAIL] = root
  closeTrie(table, root, free, classes)
  const step = stepper(table, FAIL)
  // failure links and outputs, breadth first over the trie edges
  const queue = new Int32Array(free / width)
  queue[0] = root
  let tail = 1
  for (let head = 0; head < tail; head++) {
    const row = queue[head]!
    const fail = table[row + FAIL]!
    if (row !== root) table[row + OUT] = table[row + OUT]! | table[fail + OUT]!
    for (let child = table[row + CHILD]!; child !== 0; child = table[child + SIBLING]!) {
      const symbol = table[child + SYMBOL]!
      table[child + FAIL] = row === root ? root : table[fail + symbol]! || step(fail, symbol)
      queue[tail++] = child
    }
  }
  return matcherOver({classOf, classes, table, root, free}, groups.length, literalCount, literalTotal, false)
}

interface Automaton {
  classOf: Int32Array
  classes: number
  /** rows of `classes + 5` entries (transitions, OUT, FAIL, CHILD, SIBLING, SYMBOL); row 0 unused */
  table: Int32Array
  root: number
  /** end of the last trie row */
  free: number
}

/** The automaton from a snapshot, or undefined when the snapshot does not fit these groups or is damaged. */
function restore(saved: Int32Array, groupCount: number, literalCount: number, literalTotal: number): Automaton | undefined {
  if (saved.length < SNAPSHOT_HEADER || saved[0] !== SNAPSHOT_MAGIC || saved[1] !== groupCount || saved[2] !== literalCount || saved[3] !== literalTotal) return undefined
  const classes = saved[4]!
  const states = saved[5]!
  if (classes < 2 || classes > 130 || states < 1 || states > literalTotal + 1 || saved.length !== SNAPSHOT_HEADER + 5 * states) return undefined
  const width = classes + 5
  const [OUT, FAIL, CHILD, SIBLING, SYMBOL] = [classes, classes + 1, classes + 2, classes + 3, classes + 4]
  const classOf = new Int32Array(256)
  for (let code = 0; code < 128; code++) {
    const symbol = saved[6 + code]!
    if (symbol < 0 || symbol >= classes) return undefined
    classOf[code] = symbol
  }
  const table = new Int32Array(width * (literalTotal + 2))
  const root = width
  const free = root + states * width
  const allowedBits = groupCount >= 31 ? -1 : (1 << groupCount) - 1
  /** a row offset inside the trie (0 allowed where "none" is) */
  const isRow = (value: number, zeroOk: boolean) => (value === 0 ? zeroOk : value >= root && value < free && (value - root) % width === 0)
  for (let state = 0, at = SNAPSHOT_HEADER; state < states; state++, at += 5) {
    const row = root + state * width
    const out = saved[at]!
    const fail = saved[at + 1]!
    const child = saved[at + 2]!
    const sibling = saved[at + 3]!
    const symbol = saved[at + 4]!
    if ((out & ~allowedBits) !== 0 || !isRow(fail, false) || !isRow(child, true) || !isRow(sibling, true) || symbol < 0 || symbol >= classes) return undefined
    table[row + OUT] = out
    table[row + FAIL] = fail
    table[row + CHILD] = child
    table[row + SIBLING] = sibling
    table[row + SYMBOL] = symbol
  }
  // trie edges from the child lists; then what the build sets besides (see buildMatcher)
  for (let row = root; row < free; row += width) for (let child = table[row + CHILD]!; child !== 0; child = table[child + SIBLING]!) table[row + table[child + SYMBOL]!] = child
  closeTrie(table, root, free, classes)
  return {classOf, classes, table, root, free}
}

/**
 * What an automaton holds besides its trie edges: the root goes back to itself on every symbol
 * without an edge, and a state entered on whitespace stays put on more whitespace (a run counts as
 * one space; every trie state has one incoming symbol, so this is exact).
 */
function closeTrie(table: Int32Array, root: number, free: number, classes: number): void {
  const width = classes + 5
  const symbolField = classes + 4
  for (let symbol = 0; symbol < classes; symbol++) if (table[root + symbol] === 0) table[root + symbol] = root
  for (let row = root + width; row < free; row += width) if (table[row + symbolField] === SPACE) table[row + SPACE] = row
}

/** The transition from `row` on `symbol`: a trie edge, or filled in from the failure links on first use. */
function stepper(table: Int32Array, failField: number): (row: number, symbol: number) => number {
  const step = (row: number, symbol: number): number => {
    const known = table[row + symbol]!
    if (known !== 0) return known
    const target = step(table[row + failField]!, symbol)
    table[row + symbol] = target
    return target
  }
  return step
}

function matcherOver({classOf, classes, table, root, free}: Automaton, groupCount: number, literalCount: number, literalTotal: number, restored: boolean): AnchorMatcher {
  const width = classes + 5
  const OUT = classes
  const step = stepper(table, classes + 1)
  const base64 = new Uint8Array(256)
  for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') base64[char.charCodeAt(0)] = 1
  const longBase64Bit = 1 << groupCount

  return {
    longBase64Bit,
    restored,
    snapshot(): Int32Array {
      const states = (free - root) / width
      const out = new Int32Array(SNAPSHOT_HEADER + 5 * states)
      out.set([SNAPSHOT_MAGIC, groupCount, literalCount, literalTotal, classes, states])
      out.set(classOf.subarray(0, 128), 6)
      for (let state = 0, at = SNAPSHOT_HEADER; state < states; state++, at += 5) out.set(table.subarray(root + state * width + OUT, root + state * width + width), at)
      return out
    },
    positions(text: string, limit: number): Positions {
      const found: Positions = []
      let state = root
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i)
        const symbol = code < 128 ? classOf[code]! : OTHER
        state = table[state + symbol] || step(state, symbol)
        const bits = table[state + OUT]!
        if (bits !== 0) record(found, bits, i + 1, limit)
      }
      return found
    },
    scanBytes(buffer: Uint8Array, base64Runs = true, positions?: Positions, limit = 2000): number {
      let state = root
      let mask = 0
      if (base64Runs) {
        let run = 0
        for (let i = 0; i < buffer.length; i++) {
          if (base64[buffer[i]!] === 1) {
            if (++run >= 40) {
              mask |= longBase64Bit
              break
            }
          } else run = 0
        }
      }
      for (let i = 0; i < buffer.length; i++) {
        const symbol = classOf[buffer[i]!]!
        state = table[state + symbol] || step(state, symbol)
        const bits = table[state + OUT]!
        if (bits !== 0) {
          mask |= bits
          if (positions) record(positions, bits, i + 1, limit)
        }
      }
      return mask
    },
    scanString(text: string): number {
      let state = root
      let mask = 0
      let run = 0
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i)
        if (code < 128 && base64[code] === 1) {
          if (++run === 40) mask |= longBase64Bit
        } else run = 0
        const symbol = code < 128 ? classOf[code]! : OTHER
        state = table[state + symbol] || step(state, symbol)
        mask |= table[state + OUT]!
      }
      return mask
    },
  }
}

/** Anchor end offsets per group: a missing entry means none, null means more than the limit. */
export type Positions = (number[] | null | undefined)[]

function record(found: Positions, mask: number, end: number, limit: number): void {
  let bits = mask
  while (bits !== 0) {
    const bit = 31 - Math.clz32(bits)
    bits &= ~(1 << bit)
    const list = found[bit]
    if (list === null) continue
    if (list === undefined) found[bit] = [end]
    else if (list.length >= limit) found[bit] = null
    else list.push(end)
  }
}

/** Every combination a + b (+ c …) of word lists, joined with single spaces. */
export function combine(...lists: string[][]): string[] {
  return lists.reduce<string[]>((acc, list) => acc.flatMap((prefix) => list.map((word) => (prefix && word ? `${prefix} ${word}` : prefix + word))), [''])
}
