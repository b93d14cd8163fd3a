// Redaction: keep a short prefix (enough to recognise the credential type) and the length.
import {findSecrets} from '../policy/secret-engine.js'

export function redact(secret: string): string {
  const visible = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0
  return `${secret.slice(0, visible)}…[redacted ${secret.length} chars]`
}

/** Escapes a secret hides behind in commands and JSON: `\n`, `\"`, `\\`, and the shell's `'\''` and `'"'"'`. */
const ESCAPE = /'\\''|'"'"'|\\[ntr"'\\/]/g
const UNESCAPED: Record<string, string> = {n: '\n', t: '\t', r: '\r'}

/**
 * The text with escapes resolved, and for each of its characters the offset it came from, so
 * that a secret found in the unescaped text (a key after a literal `\n`, a password inside
 * `'\''…'\''`) is masked where it sits in the original.
 */
function unescaped(text: string): {text: string; origin: number[]} | undefined {
  if (!text.includes('\\') && !text.includes("'\"'\"'")) return undefined
  let out = ''
  const origin: number[] = []
  let last = 0
  for (const match of text.matchAll(ESCAPE)) {
    for (let index = last; index < match.index; index++) origin.push(index)
    out += text.slice(last, match.index)
    const replacement = match[0].length === 2 ? (UNESCAPED[match[0][1]!] ?? match[0][1]!) : "'"
    out += replacement
    origin.push(match.index)
    last = match.index + match[0].length
  }
  if (last === 0) return undefined
  for (let index = last; index < text.length; index++) origin.push(index)
  out += text.slice(last)
  origin.push(text.length)
  return {text: out, origin}
}

/** Ranges of every secret in the text as written and as unescaped, merged. */
function secretRanges(text: string): {start: number; end: number}[] {
  const ranges = findSecrets(text, undefined, {raw: true}).map(({start, end}) => ({start, end}))
  const plain = unescaped(text)
  if (plain) {
    for (const match of findSecrets(plain.text, undefined, {raw: true})) {
      // origin[end] is where the character after the secret starts in the original (a sentinel at the end)
      ranges.push({start: plain.origin[match.start]!, end: plain.origin[match.end] ?? text.length})
    }
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: {start: number; end: number}[] = []
  for (const range of ranges) {
    const previous = merged[merged.length - 1]
    if (previous && range.start < previous.end) previous.end = Math.max(previous.end, range.end)
    else merged.push({...range})
  }
  return merged
}

// Beyond the engine's rules, redaction is deliberately broader than detection: any value of a
// secret-named variable and any URL password is masked, placeholder or not.
// bounded repetitions: these run on untrusted tool output (no quadratic backtracking)
const ASSIGNED_SECRET = /\b([A-Za-z0-9_]{0,80}(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_KEY|CREDENTIALS?)[A-Za-z0-9_]{0,80})=("[^"\n]{0,4000}"|'[^'\n]{0,4000}'|[^\s;&|]{1,4000})/gi
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s/:@]{1,128}:)([^\s/@]{1,256})@/gi

/**
 * Masks every secret the engine knows inside free text (commands, reasons, audit messages,
 * exports, summaries): the same rule table as detection (policy/secret-formats.ts) in raw mode,
 * so placeholders and low-entropy values of a known shape are masked too.
 */
export function redactText(text: string): string {
  const ranges = secretRanges(text)
  let masked = text
  for (const range of ranges.reverse()) masked = `${masked.slice(0, range.start)}${redact(masked.slice(range.start, range.end))}${masked.slice(range.end)}`
  // each pattern holds a literal ('=', '://') the text must contain: most commands skip both
  if (masked.includes('='))
    masked = masked.replace(ASSIGNED_SECRET, (whole, name: string, value: string) => (value.includes('…[redacted') ? whole : `${name}=${redact(value.replace(/^["']|["']$/g, ''))}`))
  if (masked.includes('://')) masked = masked.replace(URL_PASSWORD, (whole, prefix: string, password: string) => (password.includes('…[redacted') ? whole : `${prefix}${redact(password)}@`))
  return masked
}
