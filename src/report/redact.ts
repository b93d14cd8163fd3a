// Redaction: keep a short prefix (enough to recognise the credential type) and the length.
import {findSecrets} from '../policy/secret-engine.js'

export function redact(secret: string): string {
  const visible = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0
  return `${secret.slice(0, visible)}…[redacted ${secret.length} chars]`
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
  const matches = findSecrets(text, undefined, {raw: true})
  let masked = text
  for (const match of matches.reverse()) masked = `${masked.slice(0, match.start)}${redact(masked.slice(match.start, match.end))}${masked.slice(match.end)}`
  return masked
    .replace(ASSIGNED_SECRET, (whole, name: string, value: string) => (value.includes('…[redacted') ? whole : `${name}=${redact(value.replace(/^["']|["']$/g, ''))}`))
    .replace(URL_PASSWORD, (whole, prefix: string, password: string) => (password.includes('…[redacted') ? whole : `${prefix}${redact(password)}@`))
}
