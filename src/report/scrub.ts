// Secrets in transcript and audit text: secret-named assignments (policy patterns) and token shapes.
import {type EffectivePolicy, secretEnvName} from '../policy/effective.js'
import {redact, redactText} from './redact.js'

export interface SecretHit {
  kind: string
  /** Redacted (prefix and length only). */
  redacted: string
  /** 1-based line of the text it was found on. */
  line: number
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*["']?([^\s"']{6,})["']?\s*$/
const PLACEHOLDER = /^(?:x+|\*+|changeme|placeholder|example|your[-_].*|<.*>|\$\{?.*)$/i

/** A value shaped like a stand-in (xxx, changeme, <token>, ${VAR}), not a secret. */
export const isPlaceholderValue = (value: string) => PLACEHOLDER.test(value)

/**
 * `NAME=value` lines whose NAME the policy treats as secret (its env-exclude patterns), as
 * printed by `cat .env` or `env`. Token shapes are secretlint's job (src/detect/secrets).
 */
export function findSecretAssignments(text: string, policy: EffectivePolicy): SecretHit[] {
  const hits: SecretHit[] = []
  const isSecret = secretEnvName(policy)
  for (const [index, line] of text.split('\n').slice(0, 5000).entries()) {
    const match = ASSIGNMENT.exec(line)
    if (!match) continue
    const name = match[1]!
    const value = match[2]!
    if (!isSecret(name) || PLACEHOLDER.test(value)) continue
    hits.push({kind: `variable ${name}`, redacted: redact(value), line: index + 1})
  }
  return hits
}

/** Text for audit messages: token shapes and secret-named assignments (policy patterns) redacted. */
export function scrubSecrets(text: string, policy: EffectivePolicy): string {
  const isSecret = secretEnvName(policy)
  return redactText(text).replace(/\b([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|]+)/g, (whole, name: string, value: string) => {
    if (value.includes('…[redacted') || !isSecret(name)) return whole
    const bare = value.replace(/^["']|["']$/g, '')
    return bare.length < 4 ? whole : `${name}=${redact(bare)}`
  })
}
