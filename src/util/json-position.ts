// Where a JSON text stops being JSON: V8 names a position for some syntax errors only
// ("Unexpected token ',', ... is not valid JSON" has none), so errors that must point at a line
// and column find it with this small scanner of the JSON grammar (RFC 8259).

export interface JsonPosition {
  offset: number
  /** 1-based */
  line: number
  /** 1-based, in UTF-16 code units */
  column: number
}

/** The position of the first syntax error in `text`, or undefined when it is valid JSON. */
export function jsonErrorPosition(text: string): JsonPosition | undefined {
  let index = 0
  const fail = (): never => {
    throw index
  }
  const space = () => {
    while (index < text.length && ' \t\n\r'.includes(text[index]!)) index++
  }
  const literal = (word: string) => {
    for (const char of word) {
      if (text[index] !== char) fail()
      index++
    }
  }
  const string = () => {
    index++ // opening quote
    while (index < text.length) {
      const char = text[index]!
      if (char === '"') {
        index++
        return
      }
      if (char < ' ') fail()
      if (char === '\\') {
        index++
        const escaped = text[index]
        if (escaped === 'u') {
          for (let digit = 0; digit < 4; digit++) {
            index++
            if (!/[0-9a-fA-F]/.test(text[index] ?? '')) fail()
          }
        } else if (escaped === undefined || !'"\\/bfnrt'.includes(escaped)) fail()
      }
      index++
    }
    fail()
  }
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(index))
    if (!match) fail()
    index += match![0].length
  }
  const value = (): void => {
    space()
    const char = text[index]
    if (char === '{') {
      index++
      space()
      if (text[index] === '}') {
        index++
        return
      }
      for (;;) {
        space()
        if (text[index] !== '"') fail()
        string()
        space()
        if (text[index] !== ':') fail()
        index++
        value()
        space()
        if (text[index] === ',') {
          index++
          continue
        }
        if (text[index] === '}') {
          index++
          return
        }
        fail()
      }
    }
    if (char === '[') {
      index++
      space()
      if (text[index] === ']') {
        index++
        return
      }
      for (;;) {
        value()
        space()
        if (text[index] === ',') {
          index++
          continue
        }
        if (text[index] === ']') {
          index++
          return
        }
        fail()
      }
    }
    if (char === '"') string()
    else if (char === 't') literal('true')
    else if (char === 'f') literal('false')
    else if (char === 'n') literal('null')
    else number()
  }
  try {
    value()
    space()
    if (index < text.length) fail()
    return undefined
  } catch (offset) {
    if (typeof offset !== 'number') throw offset
    const before = text.slice(0, offset).split('\n')
    return {offset, line: before.length, column: before[before.length - 1]!.length + 1}
  }
}
