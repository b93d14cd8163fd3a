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
}

export function buildMatcher(groups: string[][]): AnchorMatcher {
  if (groups.length > 30) throw new Error('too many anchor groups')
  // symbol classes
  const classOf = new Int32Array(256)
  let classes = 2
  const assign = (code: number) => {
    if (classOf[code] === OTHER) classOf[code] = classes++
  }
  for (const code of [9, 10, 11, 12, 13, 32]) classOf[code] = SPACE
  for (const group of groups) {
    for (const literal of group) {
      for (const char of literal.toLowerCase()) {
        const code = char.charCodeAt(0)
        if (code > 127) throw new Error(`anchor "${literal}" is not ASCII`)
        if (char !== ' ') assign(code)
      }
    }
  }
  for (let code = 65; code <= 90; code++) classOf[code] = classOf[code + 32]!
  // trie
  const next: Map<number, number>[] = [new Map()]
  const output: number[] = [0]
  const incoming: number[] = [-1]
  groups.forEach((group, bit) => {
    for (const literal of group) {
      let state = 0
      for (const char of literal.toLowerCase().replace(/\s+/g, ' ')) {
        const symbol = char === ' ' ? SPACE : classOf[char.charCodeAt(0)]!
        let target = next[state]!.get(symbol)
        if (target === undefined) {
          target = next.length
          next.push(new Map())
          output.push(0)
          incoming.push(symbol)
          next[state]!.set(symbol, target)
        }
        state = target
      }
      output[state] = output[state]! | (1 << bit)
    }
  })
  // failure links and the full transition table (breadth first)
  const states = next.length
  const table = new Int32Array(states * classes)
  const fail = new Int32Array(states)
  const queue: number[] = []
  for (let symbol = 0; symbol < classes; symbol++) {
    const target = next[0]!.get(symbol)
    if (target !== undefined) {
      table[symbol] = target
      fail[target] = 0
      queue.push(target)
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!
    output[state] = output[state]! | output[fail[state]!]!
    for (let symbol = 0; symbol < classes; symbol++) {
      const target = next[state]!.get(symbol)
      if (target !== undefined) {
        fail[target] = table[fail[state]! * classes + symbol]!
        table[state * classes + symbol] = target
        queue.push(target)
      } else table[state * classes + symbol] = table[fail[state]! * classes + symbol]!
    }
  }
  // a whitespace run counts as one space: a state entered on whitespace stays put on more whitespace
  // (every trie state has one incoming symbol, so the loop is exact), no branch needed per byte
  for (let state = 1; state < states; state++) if (incoming[state] === SPACE) table[state * classes + SPACE] = state
  // store targets premultiplied by the row width: one add instead of a multiply per byte
  for (let i = 0; i < table.length; i++) table[i] = table[i]! * classes
  const out = new Int32Array(states * classes)
  for (let state = 0; state < states; state++) out[state * classes] = output[state]!
  const base64 = new Uint8Array(256)
  for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') base64[char.charCodeAt(0)] = 1
  const longBase64Bit = 1 << groups.length

  return {
    longBase64Bit,
    positions(text: string, limit: number): Positions {
      const found: Positions = []
      let state = 0
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i)
        state = table[state + (code < 128 ? classOf[code]! : OTHER)]!
        const bits = out[state]!
        if (bits !== 0) record(found, bits, i + 1, limit)
      }
      return found
    },
    scanBytes(buffer: Uint8Array, base64Runs = true, positions?: Positions, limit = 2000): number {
      let state = 0
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
        state = table[state + classOf[buffer[i]!]!]!
        const bits = out[state]!
        if (bits !== 0) {
          mask |= bits
          if (positions) record(positions, bits, i + 1, limit)
        }
      }
      return mask
    },
    scanString(text: string): number {
      let state = 0
      let mask = 0
      let run = 0
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i)
        if (code < 128 && base64[code] === 1) {
          if (++run === 40) mask |= longBase64Bit
        } else run = 0
        state = table[state + (code < 128 ? classOf[code]! : OTHER)]!
        mask |= out[state]!
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
