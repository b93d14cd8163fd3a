// Secret content detection: secretlint's maintained rules (recommended preset, which includes
// OpenAI, Anthropic, GitHub, AWS, GCP, Azure, npm, Slack, private keys, connection strings…, plus
// secretlint's pattern rule with the provider formats of patterns.ts),
// behind a keyword prefilter so that only text that can contain a secret reaches them
// (secretlint itself is slow: about 80 KB/s on ordinary JavaScript here).
import {redact} from '../../report/redact.js'
import {EXTRA_SECRET_KEYWORDS, patternRuleOptions} from './patterns.js'

/**
 * A superset of what the preset's rules look for. Must never be narrower than secretlint: the
 * benchmark compares findings with and without it on a seeded corpus.
 */
export const SECRET_PREFILTER = new RegExp(
  `${/gh[pousr]_|github_pat_|AKIA|ASIA|A3T|aws_secret|AccountKey|SharedAccessSignature|sig=|\bsv=|-----BEGIN|PRIVATE KEY|sk-|xox[a-z]-|hooks\.slack|npm_|_authToken|AIza|service_account|SG\.|shp(at|ca|pa|ss)_|lin_(api|oauth)_|ops_|op:\/\/|[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@|Authorization|Basic |Bearer |password|passwd|secret|token|api[_-]?key/.source}|${EXTRA_SECRET_KEYWORDS}`,
  'i',
)

export interface SecretFinding {
  ruleId: string
  messageId: string
  line: number
  column: number
  /** Redacted: a short prefix and the length, never the secret. */
  evidence: string
}

export function mayContainSecret(text: string): boolean {
  return SECRET_PREFILTER.test(text)
}

type LintSource = typeof import('@secretlint/core').lintSource
let engine: Promise<{lintSource: LintSource; rules: {id: string; rule: unknown; options?: unknown}[]}> | undefined

export const PATTERN_RULE_ID = '@secretlint/secretlint-rule-pattern'

function loadEngine() {
  engine ??= (async () => {
    const [{lintSource}, preset, pattern] = await Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend'), import('@secretlint/secretlint-rule-pattern')])
    return {
      lintSource,
      rules: [
        {id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator},
        {id: PATTERN_RULE_ID, rule: pattern.creator, options: patternRuleOptions()},
      ],
    }
  })()
  return engine
}

/** Scans text for secrets; `prefilter: false` runs secretlint on everything (benchmark baseline). */
export async function scanSecrets(text: string, filePath = 'output.txt', options: {prefilter?: boolean} = {}): Promise<SecretFinding[]> {
  if (options.prefilter !== false && !mayContainSecret(text)) return []
  const {lintSource, rules} = await loadEngine()
  const extension = /\.[A-Za-z0-9]+$/.exec(filePath)?.[0] ?? '.txt'
  const result = await lintSource({
    source: {content: text, filePath, ext: extension, contentType: 'text'},
    options: {config: {rules: rules as Parameters<LintSource>[0]['options']['config']['rules']}, maskSecrets: false},
  })
  return result.messages.map((message) => {
    const raw = text.slice(message.range[0], message.range[1])
    // The pattern rule names the provider in its data; its message (never used) holds the secret.
    const patternName = message.ruleId === PATTERN_RULE_ID ? (message.data as {PATTERN_NAME?: string} | undefined)?.PATTERN_NAME : undefined
    return {
      ruleId: message.ruleId,
      messageId: patternName ?? message.messageId,
      line: message.loc.start.line,
      column: message.loc.start.column + 1,
      evidence: redact(raw),
    }
  })
}
