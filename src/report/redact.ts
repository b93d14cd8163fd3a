// Redaction: keep a short prefix (enough to recognise the credential type) and the length.

export function redact(secret: string): string {
  const visible = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0
  return `${secret.slice(0, visible)}…[redacted ${secret.length} chars]`
}

/**
 * Masks well-known token shapes inside free text (commands for the audit log). A cheap regex
 * pass for the hot hook path; full detection uses secretlint (src/detect/secrets).
 */
const TOKEN_SHAPES =
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|(?:AKIA|ASIA)[A-Z0-9]{16}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|xox[a-z]-[A-Za-z0-9-]{10,}|npm_[A-Za-z0-9]{30,}|AIza[A-Za-z0-9_-]{30,}|glpat-[A-Za-z0-9_-]{20,}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})/g
const ASSIGNED_SECRET = /\b([A-Za-z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_KEY|CREDENTIALS?)[A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|]+)/gi
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)([^\s/@]+)@/gi

export function redactText(text: string): string {
  return text
    .replace(TOKEN_SHAPES, (token) => redact(token))
    .replace(ASSIGNED_SECRET, (_match, name: string, value: string) => `${name}=${redact(value.replace(/^["']|["']$/g, ''))}`)
    .replace(URL_PASSWORD, (_match, prefix: string, password: string) => `${prefix}${redact(password)}@`)
}
