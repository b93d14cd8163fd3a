/**
 * A value made on first use. For module-level regular expressions with Unicode property classes
 * (\p{Script=…}): loaded through V8's code cache, a module creates each such literal by parsing it
 * (about a millisecond apiece), and most processes never test a non-ASCII character.
 */
export function lazy<T>(make: () => T): () => T {
  let value: {made: T} | undefined
  return () => {
    value ??= {made: make()}
    return value.made
  }
}
