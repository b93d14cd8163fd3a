// Redaction: keep a short prefix (enough to recognise the credential type) and the length.

export function redact(secret: string): string {
  const visible = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0
  return `${secret.slice(0, visible)}…[redacted ${secret.length} chars]`
}
