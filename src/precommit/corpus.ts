// A seeded corpus for proving that the pre-commit keyword prefilter loses nothing: ordinary source
// files with credentials of every type the secretlint preset knows planted at random lines, in
// every layout the rules accept (one line, split over lines, whole-file JSON / .npmrc /
// package.json, JSON-escaped keys). Used by test/unit/precommit/secrets.test.ts and
// bench/precommit.js. Tokens are generated at run time (deterministic for a seed): nothing
// token-shaped is stored in the repository, so push protection and this very hook stay quiet.
import {generateKeyPairSync} from 'node:crypto'
import {SECRET_RULES} from '../policy/secret-formats.js'

export type Random = () => number

/** mulberry32: a small deterministic PRNG. */
export function seeded(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const pick = (random: Random, alphabet: string, length: number) => Array.from({length}, () => alphabet[Math.floor(random() * alphabet.length)]).join('')

let pem: string | undefined
/** A real (throw-away) PKCS#8 private key, generated once per process. */
export function privateKeyPem(): string {
  pem ??= generateKeyPairSync('ec', {namedCurve: 'prime256v1'}).privateKey.export({type: 'pkcs8', format: 'pem'}).toString()
  return pem
}

/** Snippets (lines) that secretlint reports, keyed by a short description. */
export function secretSnippets(random: Random): {kind: string; lines: string[]}[] {
  const key = privateKeyPem().trimEnd()
  const ghp = `gh${'p'}_${pick(random, ALNUM, 36)}`
  const openai = `sk-${'proj'}-${pick(random, ALNUM, 74)}${'T3Blbk'}FJ${pick(random, ALNUM, 74)}`
  const anthropic = `sk-${'ant'}-api03-${pick(random, ALNUM, 93)}AA`
  const awsSecret = pick(random, ALNUM, 40)
  const awsId = `AK${'IA'}${pick(random, UPPER_DIGITS, 16)}`
  // a base64 JSON object whose closing brace starts the last 3-byte group, so it ends in "fQ"
  let opsJson = JSON.stringify({email: `${pick(random, ALNUM, 12).toLowerCase()}@1passwordserviceaccounts.lcl`, secretKey: pick(random, ALNUM, 40), srpX: pick(random, ALNUM, 64)})
  while (opsJson.length % 3 !== 1) opsJson = opsJson.replace('{', '{ ')
  const ops = Buffer.from(opsJson).toString('base64').replace(/=+$/, '')
  return [
    {kind: 'github-classic', lines: [`const token = "${ghp}";`]},
    {kind: 'github-fine-grained', lines: [`  auth: 'github_${'pat'}_${pick(random, ALNUM, 82)}',`]},
    {kind: 'openai', lines: [`OPENAI_API_KEY = "${openai}"`]},
    {kind: 'anthropic', lines: [`client = Anthropic(api_key="${anthropic}")`]},
    {kind: 'aws-secret-one-line', lines: [`aws_secret_access_key = ${awsSecret}`]},
    {kind: 'aws-secret-split', lines: ['const AWS_SECRET_ACCESS_KEY', '', '  =', `  "${pick(random, ALNUM, 40)}"`]},
    {kind: 'aws-key-id', lines: [`  accessKeyId: "${awsId}",`]},
    {kind: 'private-key-pem', lines: key.split('\n')},
    {kind: 'private-key-json-escaped', lines: [`  "key": "${key.replace(/\n/g, '\\n')}",`]},
    {kind: 'npm-token', lines: [`NPM_TOKEN=npm_${pick(random, ALNUM, 36)}`]},
    {kind: 'slack-bot', lines: [`slack.token = "xo${'xb'}-${pick(random, '0123456789', 11)}-${pick(random, '0123456789', 13)}-${pick(random, ALNUM, 24)}"`]},
    {kind: 'slack-app', lines: [`const appToken = 'xa${'pp'}-1-A${pick(random, UPPER_DIGITS, 10)}-${pick(random, '0123456789', 13)}-${pick(random, 'abcdef0123456789', 64)}'`]},
    // two layouts that scan.ts's SECRET_PREFILTER misses (no "token" word, "@" in the user name)
    {kind: 'slack-app-bare', lines: [`  "xa${'pp'}-1-A${pick(random, UPPER_DIGITS, 10)}-${pick(random, '0123456789', 13)}-${pick(random, 'abcdef0123456789', 64)}",`]},
    {kind: 'mongodb-at-in-user', lines: [`  uri: "mongodb://ops@corp:${pick(random, ALNUM, 16)}@mongo.internal-corp.net/app"`]},
    {kind: 'slack-webhook', lines: [`post("https://hooks.slack.com/services/T${pick(random, UPPER_DIGITS, 8)}/B${pick(random, UPPER_DIGITS, 10)}/${pick(random, ALNUM, 24)}")`]},
    {kind: 'basic-auth-url', lines: [`const mirror = "https://deploy:${pick(random, ALNUM, 14)}@artifacts.internal-corp.net/repo"`]},
    {kind: 'mongodb', lines: [`MONGO_URL=mongodb+srv://svc:${pick(random, ALNUM, 16)}@cluster0.abcde.mongodb.net/app`]},
    {kind: 'postgres', lines: [`  url: "postgres://app:${pick(random, ALNUM, 18)}@db.prod.internal:5432/main",`]},
    {kind: 'sendgrid', lines: [`SENDGRID = "S${'G'}.${pick(random, ALNUM, 22)}.${pick(random, ALNUM, 43)}"`]},
    {kind: 'shopify', lines: [`shop_token: sh${'pat'}_${pick(random, 'abcdef0123456789', 32)}`]},
    {kind: 'linear', lines: [`LINEAR_KEY=lin_${'api'}_${pick(random, ALNUM, 40)}`]},
    {kind: '1password', lines: [`OP_SERVICE_ACCOUNT_TOKEN=op${'s'}_${ops}`]},
    // codex-guard's engine rules: each rule's first documented example
    ...SECRET_RULES.map((rule) => ({kind: rule.id.toLowerCase(), lines: rule.examples.flagged[0]!.split('\n')})),
  ]
}

/** Files whose rules need the file name or the whole file. */
export function wholeFileSamples(random: Random): {path: string; lines: string[]}[] {
  const key = privateKeyPem().trimEnd().replace(/\n/g, '\\n')
  return [
    {
      path: 'config/service-account.json',
      lines: [
        '{',
        '  "type": "service_account",',
        '  "project_id": "demo",',
        `  "private_key_id": "${pick(random, 'abcdef0123456789', 40)}",`,
        `  "private_key": "${key}\\n",`,
        '  "client_email": "x@demo.iam.gserviceaccount.com"',
        '}',
      ],
    },
    {path: 'tools/.npmrc', lines: ['registry=https://registry.npmjs.org/', `//registry.npmjs.org/:_auth${'Token'}=${pick(random, ALNUM, 36)}`]},
    {path: 'pkg/package.json', lines: ['{', '  "name": "x",', `  "repository": "https://${pick(random, 'abcdef0123456789', 40)}:x-oauth-basic@github.com/org/x.git"`, '}']},
    {
      path: 'src/fixtures.js',
      lines: ['// secretlint-disable-next-line', `const ignored = "gh${'p'}_${pick(random, ALNUM, 36)}";`, `const reported = "gh${'p'}_${pick(random, ALNUM, 36)}";`],
    },
  ]
}

/**
 * Plants one snippet every `every` files at a random line of each base file (base files are
 * ordinary source text) and appends the whole-file samples.
 */
export function seedCorpus(base: {path: string; text: string}[], options: {seed?: number; every?: number} = {}): {path: string; lines: string[]}[] {
  const random = seeded(options.seed ?? 1)
  const every = options.every ?? 3
  const out: {path: string; lines: string[]}[] = []
  let next = 0
  for (const [index, file] of base.entries()) {
    const lines = file.text.split('\n')
    if (lines[lines.length - 1] === '') lines.pop()
    if (index % every === 0) {
      const snippets = secretSnippets(random)
      const snippet = snippets[next++ % snippets.length]!
      lines.splice(Math.floor(random() * (lines.length + 1)), 0, ...snippet.lines)
    }
    out.push({path: file.path, lines})
  }
  out.push(...wholeFileSamples(random))
  return out
}
