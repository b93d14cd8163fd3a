// Secret content in staged added lines, two passes: codex-guard's engine (policy/secret-engine.ts,
// synchronous and keyword-prefiltered) over every file's added lines, then secretlint's maintained
// rules (the recommended preset) behind a per-line keyword prefilter, so that a 2,000-file commit
// costs one secretlint call over a few windows instead of a call per file over everything.
// Findings are deduplicated by range (the engine's claim wins); placeholders and lines marked
// `gitleaks:allow` are dropped; a repository's .gitleaks.toml adds rules and allowlists.
//
// Why windows lose nothing: every rule of the recommended preset reports a match that contains
// one of WINDOW_KEYWORDS on the match's first line (listed per rule below), and only three rules
// match across lines (private keys up to their END line; the AWS secret key's `\s*` around "=",
// npm's `_authToken=` continuing on the next line), which the forward extension covers. Rules that
// depend on the file name or the whole file (gcp: *.json, npm: package.json/.npmrc, secretlint's
// own disable comments) get their file scanned whole. bench/precommit.js and
// test/unit/precommit/secrets.test.ts check that the findings are the same as secretlint over
// every added line.
import {ENGINE_RULE_ID, engineFamily, engineLabel, mergeSecretlint, scanWithSecretlint} from '../detect/secrets/scan.js'
import {findSecrets, pathAllowed, type SecretConfig} from '../policy/secret-engine.js'
import {redact} from '../report/redact.js'
import {sha256Hex} from '../util/hash.js'
import type {AddedLine} from './staged.js'

export {ENGINE_RULE_ID}

/** A literal matched in any letter case, as a regex source (for rules with the `i` flag). */
const anyCase = (literal: string) => literal.replace(/[.]/g, '\\.').replace(/[a-z]/gi, (char) => `[${char.toUpperCase()}${char.toLowerCase()}]`)

/**
 * Keywords, one or more per preset rule, each a literal every match of the rule contains on its
 * first line (the narrower the keyword, the rarer a secretlint call; loading secretlint costs more
 * than the rest of an ordinary commit's check):
 * aws secret key `SECRET_ACCESS` in its three spellings (access key ids `AKIA…`), privatekey
 * `-----BEGIN`, npm `npm_` `_authToken` (+ whole-file package.json/.npmrc), slack `xox?-` `xapp-`
 * and `hooks.slack.com` (any case), basicauth and database-connection-string `://user:password@`
 * (neither part holds `/` or whitespace), GitHub's `:x-oauth-basic@`, openai `T3BlbkFJ`,
 * anthropic `sk-ant-api0`, linear `lin_api_`, sendgrid `SG.`, shopify `shp??_`, github `gh?_`
 * `github_pat_`, 1password `ops_`.
 */
export const WINDOW_KEYWORDS = new RegExp(
  [
    '-----BEGIN',
    ':\\/\\/[^\\s/@]*@',
    ':x-oauth-basic@',
    anyCase('hooks.slack.com'),
    '(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)',
    'npm_',
    '_authToken',
    'xox[a-z]-',
    'xapp-',
    'SG\\.',
    'shp(?:pa|ca|at|ss)_',
    'gh[pousr]_',
    'github_pat_',
    'T3BlbkFJ',
    'sk-ant-api0',
    'lin_api_',
    'ops_',
    'A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA',
  ].join('|'),
)

/** Files whose rules need the file name or the whole text. */
const WHOLE_FILE_NAME = /(?:^|\/)(?:package\.json|package-lock\.json|[^/]*\.npmrc|[^/]*\.json)$/
const WHOLE_FILE_TEXT = /secretlint-(?:disable|enable)/

/** A line that cannot belong to any secret: separates windows and runs in the combined text. */
const SEPARATOR = '\u0000'

export interface SecretHit {
  path: string
  line: number
  column: number
  /** secretlint rule id and message id */
  rule: string
  messageId: string
  /** redacted: a short prefix and the length */
  evidence: string
  /** sha256 of the raw secret (fingerprint seed); the secret itself is never kept */
  secretHash: string
}

export interface SecretInput {
  path: string
  added: AddedLine[]
}

interface Chunk {
  path: string
  /** real line number for each line of the chunk text (0 for separators) */
  lines: number[]
  text: string[]
}

/** Runs of consecutive added lines, separated by a SEPARATOR line (same for every mode). */
function fileChunk(input: SecretInput): Chunk {
  const chunk: Chunk = {path: input.path, lines: [], text: []}
  let previous = -1
  for (const added of input.added) {
    if (previous !== -1 && added.line !== previous + 1) {
      chunk.lines.push(0)
      chunk.text.push(SEPARATOR)
    }
    chunk.lines.push(added.line)
    chunk.text.push(added.text)
    previous = added.line
  }
  return chunk
}

/** Line indexes of the chunk worth scanning: keyword lines plus their forward extension. */
export function windowLines(text: string[]): number[] {
  const keep: number[] = []
  let last = -1
  for (let index = 0; index < text.length; index++) {
    const line = text[index]!
    if (!WINDOW_KEYWORDS.test(line)) continue
    // the window: this line, then until two more non-blank lines are included; a private key runs
    // to its END line (the rule accepts at most 10,000 characters of body)
    let end = index
    let nonBlank = 0
    while (end + 1 < text.length && nonBlank < 2) {
      end++
      const next = text[end]!
      if (next === SEPARATOR) {
        end--
        break
      }
      if (next.trim() !== '') nonBlank++
    }
    if (line.includes('-----BEGIN')) {
      let budget = 10_200
      for (let cursor = index + 1; cursor < text.length && budget > 0; cursor++) {
        const next = text[cursor]!
        if (next === SEPARATOR) break
        budget -= next.length + 1
        end = Math.max(end, cursor)
        if (next.includes('-----END')) break
      }
    }
    for (let keepIndex = Math.max(index, last + 1); keepIndex <= end; keepIndex++) keep.push(keepIndex)
    last = Math.max(last, end)
  }
  return keep
}

/** Runs secretlint on one text built from chunks and maps findings back to file lines. */
async function lint(parts: Chunk[], filePath: string): Promise<SecretHit[]> {
  const text: string[] = []
  const owner: {path: string; line: number}[] = []
  for (const part of parts) {
    if (text.length > 0) {
      text.push(SEPARATOR)
      owner.push({path: '', line: 0})
    }
    for (const [index, line] of part.text.entries()) {
      text.push(line)
      owner.push({path: part.path, line: part.lines[index]!})
    }
  }
  if (text.length === 0) return []
  const joined = text.join('\n')
  const lineStart: number[] = []
  let offset = 0
  for (const line of text) {
    lineStart.push(offset)
    offset += line.length + 1
  }
  const hits: SecretHit[] = []
  const findings = mergeSecretlint(joined, [], await scanWithSecretlint(joined, filePath))
  for (const finding of findings) {
    const where = owner[finding.line - 1]
    if (!where || where.line === 0) continue
    hits.push({
      path: where.path,
      line: where.line,
      column: finding.column,
      rule: finding.ruleId,
      messageId: finding.messageId,
      evidence: finding.evidence,
      secretHash: sha256Hex(joined.slice(finding.start, finding.end)),
    })
  }
  return hits
}

/** The engine over one file's added lines (every line: the engine is fast and prefilters itself). */
function engineHits(chunk: Chunk, config: SecretConfig | undefined): SecretHit[] {
  const text = chunk.text.join('\n')
  const hits: SecretHit[] = []
  for (const match of findSecrets(text, chunk.path, {config})) {
    const line = chunk.lines[match.line - 1]
    if (!line) continue
    // secretlint's own line comments keep working for the engine's findings
    if (chunk.text[match.line - 1]!.includes('secretlint-disable-line') || (chunk.text[match.line - 2] ?? '').includes('secretlint-disable-next-line')) continue
    const secret = text.slice(match.start, match.end)
    hits.push({path: chunk.path, line, column: match.column, rule: ENGINE_RULE_ID, messageId: match.ruleId, evidence: redact(secret), secretHash: sha256Hex(secret)})
  }
  return hits
}

/** secretlint hits that an engine hit already covers (same line, overlapping columns) are dropped. */
function mergeHits(own: SecretHit[], secretlint: SecretHit[]): SecretHit[] {
  const length = (hit: SecretHit) => Number(/redacted (\d+) chars/.exec(hit.evidence)?.[1] ?? 1)
  const covered = (hit: SecretHit) => own.some((other) => other.path === hit.path && other.line === hit.line && hit.column < other.column + length(other) && other.column < hit.column + length(hit))
  return [...own, ...secretlint.filter((hit) => !covered(hit))]
}

export interface SecretScanStats {
  files: number
  windowLines: number
  wholeFiles: number
  secretlintCalls: number
}

/**
 * Secrets in the added lines of the given files. `prefilter: false` is the reference: secretlint
 * over every file's added lines, one call per file, with the file's own name.
 */
export async function scanAddedSecrets(inputs: SecretInput[], options: {prefilter?: boolean; stats?: SecretScanStats; config?: SecretConfig} = {}): Promise<SecretHit[]> {
  const stats = options.stats
  const chunks = inputs.filter((input) => input.added.length > 0 && !pathAllowed(options.config, input.path)).map(fileChunk)
  if (stats) stats.files = chunks.length
  const own = chunks.flatMap((chunk) => engineHits(chunk, options.config))
  const hits: SecretHit[] = []
  if (options.prefilter === false) {
    for (const chunk of chunks) hits.push(...(await lint([chunk], chunk.path)))
    return sortHits(mergeHits(own, hits))
  }
  const windows: Chunk[] = []
  for (const chunk of chunks) {
    if (WHOLE_FILE_NAME.test(chunk.path) || chunk.text.some((line) => WHOLE_FILE_TEXT.test(line))) {
      if (!chunk.text.some((line) => WINDOW_KEYWORDS.test(line))) continue
      if (stats) {
        stats.wholeFiles++
        stats.secretlintCalls++
      }
      hits.push(...(await lint([chunk], chunk.path)))
      continue
    }
    const keep = windowLines(chunk.text)
    if (keep.length === 0) continue
    const window: Chunk = {path: chunk.path, lines: [], text: []}
    let previous = -2
    for (const index of keep) {
      if (previous !== -2 && index !== previous + 1) {
        window.lines.push(0)
        window.text.push(SEPARATOR)
      }
      window.lines.push(chunk.lines[index]!)
      window.text.push(chunk.text[index]!)
      previous = index
    }
    if (stats) stats.windowLines += keep.length
    windows.push(window)
  }
  if (windows.length > 0) {
    // One call for all windows: no rule outside the whole-file set depends on the file name.
    if (stats) stats.secretlintCalls++
    hits.push(...(await lint(windows, 'staged-windows.txt')))
  }
  return sortHits(mergeHits(own, hits))
}

function sortHits(hits: SecretHit[]): SecretHit[] {
  return hits.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule))
}

/** Human names for secretlint message ids (secretlint's own messages contain the secret). */
const LABELS: Record<string, string> = {
  AWSSecretAccessKey: 'AWS secret access key',
  AWSAccessKeyID: 'AWS access key ID',
  AWSAccountID: 'AWS account ID',
  PrivateKey: 'private key',
  PrivateKeyJSON: 'GCP service-account key (JSON)',
  PrivateKeyP12: 'GCP service-account key (PKCS#12)',
  PackageJSON_xOauthToken: 'GitHub token in a package URL',
  Npmrc_authToken: 'npm auth token in .npmrc',
  NPM_ACCESS_TOKEN: 'npm access token',
  SLACK_TOKEN: 'Slack token',
  IncomingWebhook: 'Slack incoming webhook URL',
  BasicAuth: 'password in a URL (basic auth)',
  OPENAI_TOKEN: 'OpenAI API key',
  ANTHROPIC_API_KEY: 'Anthropic API key',
  LINEAR_API_TOKEN: 'Linear API key',
  SENDGRID_KEY: 'SendGrid API key',
  SHOPIFY_KEY: 'Shopify API key',
  GITHUB_TOKEN: 'GitHub token',
  OPS_TOKEN: '1Password service-account token',
  MongoDBConnection: 'MongoDB connection string with a password',
  MySQLConnection: 'MySQL connection string with a password',
  PostgreSQLConnection: 'PostgreSQL connection string with a password',
}

/** secretlint rule ids by engine family: inline ignores written for secretlint keep working. */
const SECRETLINT_RULE_OF_FAMILY: Record<string, string> = {
  github: 'github',
  aws: 'aws',
  'private-key': 'privatekey',
  npm: 'npm',
  slack: 'slack',
  openai: 'openai',
  anthropic: 'anthropic',
  sendgrid: 'sendgrid',
  shopify: 'shopify',
  linear: 'linear',
  '1password': '1password',
  gcp: 'gcp',
  'connection-string': 'basicauth',
}

/** Other names an inline ignore may use for a hit: its rule, its format, the matching secretlint rule. */
export function secretAliases(hit: SecretHit): string[] {
  const family = engineFamily(hit.messageId)
  const secretlint = family === undefined ? undefined : SECRETLINT_RULE_OF_FAMILY[family]
  return [hit.rule, hit.messageId, ...(secretlint ? [`@secretlint/secretlint-rule-${secretlint}`] : [])]
}

export function secretLabel(messageId: string): string {
  return engineLabel(messageId) ?? LABELS[messageId] ?? messageId.replace(/_/g, ' ').toLowerCase()
}
