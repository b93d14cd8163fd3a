// Redaction: keep a short prefix (enough to recognise the credential type) and the length.
import {EXTRA_SECRET_PATTERNS} from '../policy/secret-formats.js'

export function redact(secret: string): string {
  const visible = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0
  return `${secret.slice(0, visible)}…[redacted ${secret.length} chars]`
}

/**
 * Masks well-known token shapes inside free text (commands, reasons, audit messages): the common
 * shapes here plus every provider format the detectors know (policy/secret-formats.ts), so what
 * pre-commit catches is never stored in full. A cheap regex pass for the hot hook path; full
 * detection uses secretlint (src/detect/secrets).
 */
const CORE_SHAPES = [
  'gh[pousr]_[A-Za-z0-9]{20,}',
  'github_pat_[A-Za-z0-9_]{20,}',
  '(?:AKIA|ASIA)[A-Z0-9]{16}',
  'sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}',
  'xox[a-z]-[A-Za-z0-9-]{10,}',
  'npm_[A-Za-z0-9]{30,}',
  'glpat-[A-Za-z0-9_-]{20,}',
  String.raw`SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`,
  'shp(?:at|ss|ca|pa)_[A-Fa-f0-9]{32}',
  String.raw`eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`,
]
const TOKEN_SHAPES = new RegExp(`\\b(?:${[...CORE_SHAPES, ...EXTRA_SECRET_PATTERNS.map((entry) => entry.pattern.replace(/^\\b/, ''))].join('|')})`, 'g')
const ASSIGNED_SECRET = /\b([A-Za-z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_KEY|CREDENTIALS?)[A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|]+)/gi
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)([^\s/@]+)@/gi

export function redactText(text: string): string {
  return text
    .replace(TOKEN_SHAPES, (token) => redact(token))
    .replace(ASSIGNED_SECRET, (_match, name: string, value: string) => `${name}=${redact(value.replace(/^["']|["']$/g, ''))}`)
    .replace(URL_PASSWORD, (_match, prefix: string, password: string) => `${prefix}${redact(password)}@`)
}
