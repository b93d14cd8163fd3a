// Secret content detection for every consumer: codex-guard's engine (policy/secret-engine.ts,
// the rule table of policy/secret-formats.ts) first, then secretlint's recommended preset as a
// second pass behind a keyword prefilter, so nothing secretlint finds is lost. Findings are
// deduplicated by range (the engine's claim wins), placeholders and `gitleaks:allow` lines are
// dropped for both. secretlint is slow (about 80 KB/s on ordinary JavaScript), hence the prefilter.
import {findSecrets, isPlaceholder, type SecretConfig} from '../../policy/secret-engine.js'
import {SECRET_RULE_BY_ID, SECRET_RULES} from '../../policy/secret-formats.js'
import {redact} from '../../report/redact.js'

/** The rule id the engine's findings carry (the messageId names the format). */
export const ENGINE_RULE_ID = 'codex-guard/secrets'

/**
 * A superset of what the preset's rules look for. Must never be narrower than secretlint: the
 * benchmark compares findings with and without it on a seeded corpus.
 */
export const SECRET_PREFILTER =
  /gh[pousr]_|github_pat_|AKIA|ASIA|A3T|aws_secret|AccountKey|SharedAccessSignature|sig=|\bsv=|-----BEGIN|PRIVATE KEY|sk-|xox[a-z]-|hooks\.slack|npm_|_authToken|AIza|service_account|SG\.|shp(at|ca|pa|ss)_|lin_(api|oauth)_|ops_|op:\/\/|[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@|Authorization|Basic |Bearer |password|passwd|secret|token|api[_-]?key/i

export interface SecretFinding {
  ruleId: string
  messageId: string
  line: number
  column: number
  /** Redacted: a short prefix and the length, never the secret. */
  evidence: string
  /** Offsets of the secret in the scanned text. */
  start: number
  end: number
}

const ENGINE_KEYWORDS = [...new Set(SECRET_RULES.flatMap((rule) => rule.keywords))]

/** Could the text hold a secret at all (either pass's keywords)? */
export function mayContainSecret(text: string): boolean {
  if (SECRET_PREFILTER.test(text)) return true
  const lower = text.toLowerCase()
  return ENGINE_KEYWORDS.some((keyword) => lower.includes(keyword))
}

type LintSource = typeof import('@secretlint/core').lintSource
let engine: Promise<{lintSource: LintSource; rules: {id: string; rule: unknown; options?: unknown}[]}> | undefined

function loadSecretlint() {
  engine ??= (async () => {
    const [{lintSource}, preset] = await Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')])
    return {lintSource, rules: [{id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator}]}
  })()
  return engine
}

/** secretlint's recommended preset alone (the second pass, and the evaluation's baseline). */
export async function scanWithSecretlint(text: string, filePath = 'output.txt'): Promise<SecretFinding[]> {
  const {lintSource, rules} = await loadSecretlint()
  const extension = /\.[A-Za-z0-9]+$/.exec(filePath)?.[0] ?? '.txt'
  const result = await lintSource({
    source: {content: text, filePath, ext: extension, contentType: 'text'},
    options: {config: {rules: rules as Parameters<LintSource>[0]['options']['config']['rules']}, maskSecrets: false},
  })
  return result.messages.map((message) => ({
    ruleId: message.ruleId,
    messageId: message.messageId,
    line: message.loc.start.line,
    column: message.loc.start.column + 1,
    evidence: redact(text.slice(message.range[0], message.range[1])),
    start: message.range[0],
    end: message.range[1],
  }))
}

function lineOf(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1
  const end = text.indexOf('\n', offset)
  return text.slice(start, end === -1 ? text.length : end)
}

/** The engine's findings in the shared shape (synchronous; no secretlint). */
export function engineFindings(text: string, filePath?: string, config?: SecretConfig): SecretFinding[] {
  return findSecrets(text, filePath, {config}).map((match) => ({
    ruleId: ENGINE_RULE_ID,
    messageId: match.ruleId,
    line: match.line,
    column: match.column,
    evidence: redact(text.slice(match.start, match.end)),
    start: match.start,
    end: match.end,
  }))
}

/** Adds secretlint findings whose range no earlier finding claims, minus placeholders and allowed lines. */
export function mergeSecretlint(text: string, findings: SecretFinding[], secretlint: SecretFinding[]): SecretFinding[] {
  const merged = [...findings]
  for (const finding of secretlint) {
    if (merged.some((other) => finding.start < other.end && finding.end > other.start)) continue
    const raw = text.slice(finding.start, finding.end)
    // secretlint's private-key rule reports the whole block; its body is never a placeholder pattern
    if (finding.messageId !== 'PrivateKey' && isPlaceholder(raw)) continue
    if (lineOf(text, finding.start).includes('gitleaks:allow')) continue
    merged.push(finding)
  }
  return merged.sort((a, b) => a.start - b.start)
}

/**
 * Scans text for secrets: the engine, then secretlint (behind its prefilter; `prefilter: false`
 * runs it on everything, the benchmark's baseline). `config` adds a repository's .gitleaks.toml.
 */
export async function scanSecrets(text: string, filePath = 'output.txt', options: {prefilter?: boolean; config?: SecretConfig} = {}): Promise<SecretFinding[]> {
  const own = engineFindings(text, filePath, options.config)
  if (options.prefilter !== false && !SECRET_PREFILTER.test(text)) return own
  return mergeSecretlint(text, own, await scanWithSecretlint(text, filePath))
}

/** A human name for a finding's messageId: the engine's labels, then secretlint's. */
export function engineLabel(messageId: string): string | undefined {
  return SECRET_RULE_BY_ID.get(messageId)?.label
}

export function engineFamily(messageId: string): string | undefined {
  return SECRET_RULE_BY_ID.get(messageId)?.family
}
