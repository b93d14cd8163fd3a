// The secret engine (src/policy/secret-engine.ts) beyond the per-rule examples: fresh private keys
// of every type node:crypto makes (raw, JSON-embedded, truncated, END-less), certificates and
// public keys never flagged, .gitleaks.toml interop, gitleaks:allow, redaction of every rule's
// example, and hostile input (1 MB) finishing in bounded time.
import {execFileSync} from 'node:child_process'
import {generateKeyPairSync, type KeyObject} from 'node:crypto'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {containsCredential, containsPrivateKey, findSecrets, loadGitleaksConfig, parseGitleaksConfig, SECRET_RULES, scanSecrets} from '../../../src/detect/secrets/index.js'
import {keywordsIn} from '../../../src/policy/secret-engine.js'
import {secretLabel, WINDOW_KEYWORDS} from '../../../src/precommit/secrets.js'
import {redactText} from '../../../src/report/redact.js'
import {ConfigError} from '../../../src/util/errors.js'

type KeyType = 'rsa' | 'dsa' | 'ec' | 'ed25519' | 'x25519'
const KEYS: [string, KeyType, object][] = [
  ['rsa', 'rsa', {modulusLength: 1024}],
  ['dsa', 'dsa', {modulusLength: 1024, divisorLength: 160}],
  ['ec p256', 'ec', {namedCurve: 'prime256v1'}],
  ['ec p384', 'ec', {namedCurve: 'secp384r1'}],
  ['ec secp256k1', 'ec', {namedCurve: 'secp256k1'}],
  ['ed25519', 'ed25519', {}],
  ['x25519', 'x25519', {}],
]

function pems(type: KeyType, options: object): {privates: string[]; publics: string[]} {
  const pair = (generateKeyPairSync as (type: KeyType, options: object) => {privateKey: KeyObject; publicKey: KeyObject})(type, options)
  const privates = [pair.privateKey.export({type: 'pkcs8', format: 'pem'}).toString()]
  privates.push(pair.privateKey.export({type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw'} as never).toString())
  if (type === 'rsa') privates.push(pair.privateKey.export({type: 'pkcs1', format: 'pem'}).toString())
  if (type === 'ec') privates.push(pair.privateKey.export({type: 'sec1', format: 'pem'}).toString())
  return {privates, publics: [pair.publicKey.export({type: 'spki', format: 'pem'}).toString()]}
}

describe('private keys by structure', () => {
  it.each(KEYS)('%s: raw, JSON-escaped, YAML-indented, truncated and END-less are found; the public key is not', (_name, type, options) => {
    const {privates, publics} = pems(type, options)
    for (const pem of privates) {
      const lines = pem.trimEnd().split('\n')
      const forms = [pem, JSON.stringify({key: pem}), `key: |\n${lines.map((line) => `  ${line}`).join('\n')}`, lines.slice(0, 2).join('\n'), lines.slice(0, -1).join('\n')]
      for (const form of forms) expect(containsPrivateKey(form), form.slice(0, 80)).toBe(true)
      const redacted = redactText(`here: ${pem}`)
      expect(redacted).not.toContain(lines[1])
    }
    for (const pem of publics) expect(findSecrets(pem)).toEqual([])
  })

  it('an OpenSSH key from ssh-keygen, full and truncated; a self-signed certificate is not a key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-keys-'))
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id')])
    const key = readFileSync(join(dir, 'id'), 'utf8')
    expect(containsPrivateKey(key)).toBe(true)
    expect(containsPrivateKey(key.split('\n').slice(0, 2).join('\n'))).toBe(true)
    expect(findSecrets(readFileSync(join(dir, 'id.pub'), 'utf8'))).toEqual([])
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=x', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], {
      stdio: 'ignore',
    })
    expect(findSecrets(readFileSync(join(dir, 'c.pem'), 'utf8'))).toEqual([])
    expect(containsPrivateKey(readFileSync(join(dir, 'k.pem'), 'utf8'))).toBe(true)
  })
})

describe('engine', () => {
  it('every rule: label known to the pre-commit, every flagged example redacted (no body survives), clean examples find nothing at all', () => {
    for (const rule of SECRET_RULES) {
      expect(secretLabel(rule.id)).toBe(rule.label)
      for (const example of rule.examples.flagged) {
        const secrets = findSecrets(example).map((match) => example.slice(match.start, match.end))
        expect(secrets.length, `${rule.id}: ${example.slice(0, 60)}`).toBeGreaterThan(0)
        const redacted = redactText(example)
        for (const secret of secrets) expect(redacted, rule.id).not.toContain(secret.slice(4, 24))
      }
    }
  })

  it('placeholders are not findings', () => {
    const placeholders = [
      `GITHUB_TOKEN=gh${'p'}_${'x'.repeat(36)}`,
      `aws_access_key_id = AK${'IA'}${'X'.repeat(16)}`,
      'API_KEY=your_token_here',
      'token: <your-token>',
      'password: ${DB_PASSWORD}',
      'secret: "{{ .Values.secret }}"',
      'client_secret = "changeme"',
      'api_key = "dummy-key-for-tests"',
      `STRIPE_KEY=sk_${'live'}_${'*'.repeat(24)}`,
    ]
    for (const text of placeholders) expect(findSecrets(text, '.env'), text).toEqual([])
  })

  it('scanSecrets keeps what secretlint finds and deduplicates by range', async () => {
    const token = SECRET_RULES.find((rule) => rule.id === 'GITHUB_PAT')!.examples.flagged[0]!
    const findings = await scanSecrets(token, 'src/a.ts')
    expect(findings).toHaveLength(1)
    expect(findings[0]!.messageId).toBe('GITHUB_PAT')
    expect(WINDOW_KEYWORDS.test(token)).toBe(true)
    expect(containsCredential(token)).toBe(true)
  })

  it('honours gitleaks:allow on the line', () => {
    const token = SECRET_RULES.find((rule) => rule.id === 'NPM_TOKEN')!.examples.flagged[0]!
    expect(findSecrets(`${token} # gitleaks:allow`)).toEqual([])
    expect(findSecrets(`${token}\n# gitleaks:allow`)).toHaveLength(1)
  })

  it('1 MB of hostile input finishes quickly (linear regexes)', () => {
    const hostile = [
      'a'.repeat(1_000_000),
      'password'.repeat(125_000),
      `${'-----BEGIN PRIVATE KEY-----\n'.repeat(20_000)}`,
      'x://'.repeat(250_000),
      `ey${'A'.repeat(999_000)}.`,
      'sig='.repeat(250_000),
      `${'A'.repeat(500_000)}${'Q~'.repeat(250_000)}`,
      `https://${'a:'.repeat(400_000)}`,
      `key = "${'k1'.repeat(500_000)}`,
    ]
    for (const text of hostile) {
      const started = performance.now()
      findSecrets(text, 'config.yaml')
      redactText(text)
      expect(performance.now() - started, text.slice(0, 20)).toBeLessThan(5000)
    }
  })
})

describe('keyword prefilter', () => {
  const keywords = SECRET_RULES.flatMap((rule) => rule.keywords)
  const examples = SECRET_RULES.flatMap((rule) => [...rule.examples.flagged, ...rule.examples.clean]).join('\n')
  // long texts go through the index: keywords that overlap, share a start, repeat, sit at both ends
  const texts = [
    examples,
    `${keywords.join('')}${[...keywords].reverse().join(' ')}`,
    `${'x'.repeat(3000)}${keywords.map((keyword) => keyword.slice(0, -1)).join('~')}`,
    readFileSync(new URL(import.meta.url), 'utf8'),
    `${keywords.at(-1)}${'y'.repeat(4000)}${keywords[0]}`,
  ].map((text) => text.toLowerCase())

  it('finds exactly the keywords includes() finds, long texts and short', () => {
    let present = 0
    for (const text of [...texts, ...texts.map((text) => text.slice(0, 500))]) {
      const occurs = keywordsIn(text, keywords)
      for (const keyword of keywords) expect(occurs(keyword), keyword).toBe(text.includes(keyword))
      present += keywords.filter(occurs).length
    }
    expect(present).toBeGreaterThan(keywords.length)
  })

  it('takes any keyword a .gitleaks.toml supplies (regex syntax, empty, non-ASCII)', () => {
    const odd = ['a.b', '(x', '[y]', '$z', '', 'ünï', '\\d']
    const text = `${'q'.repeat(3000)} a.b (x [y] $z ünï \\d`
    const occurs = keywordsIn(text, odd)
    for (const keyword of odd) expect(occurs(keyword), keyword).toBe(true)
    expect(keywordsIn('z'.repeat(3000), odd)('a.b')).toBe(false)
  })
})

describe('.gitleaks.toml', () => {
  const token = () => SECRET_RULES.find((rule) => rule.id === 'GITHUB_PAT')!.examples.flagged[0]!
  it('adds rules, honours global and rule allowlists, stopwords and useDefault', () => {
    const config = parseGitleaksConfig(
      `title = "team"\n[extend]\nuseDefault = true\n\n[[rules]]\nid = "acme-key"\ndescription = "Acme key"\nregex = '''(?i)acme_(?P<key>[a-z0-9]{24})'''\nsecretGroup = 1\nkeywords = ["acme_"]\n[[rules.allowlists]]\nstopwords = ["deadbeef"]\n\n[allowlist]\npaths = ['''fixtures/''']\nregexes = ['''^ACME0''']\n`,
      '.gitleaks.toml',
    )
    expect(findSecrets('k = ACME_q8w7e6r5t4y3u2i1o9p8a7s6', 'src/a.ts', {config}).map((match) => match.ruleId)).toEqual(['acme-key'])
    expect(findSecrets('k = acme_deadbeefq8w7e6r5t4y3u2i1', 'src/a.ts', {config})).toEqual([])
    expect(findSecrets(token(), 'src/a.ts', {config}).map((match) => match.ruleId)).toEqual(['GITHUB_PAT'])
    expect(findSecrets(token(), 'fixtures/a.ts', {config})).toEqual([])
    const own = parseGitleaksConfig(`[[rules]]\nid = "only"\nregex = '''only_[0-9]{8}'''\n`, 'x.toml')
    expect(findSecrets(token(), 'a', {config: own})).toEqual([])
  })

  it('invalid files: ConfigError naming file and line (exit 2)', () => {
    const bad = (text: string) => {
      try {
        parseGitleaksConfig(text, '/repo/.gitleaks.toml')
      } catch (error) {
        return error as ConfigError
      }
      throw new Error('no error')
    }
    const regex = bad(`title = "x"\n\n[[rules]]\nid = "broken"\nregex = '''([a-z'''\n`)
    expect(regex).toBeInstanceOf(ConfigError)
    expect(regex.exitCode).toBe(2)
    expect(regex.located).toMatch(/^\/repo\/\.gitleaks\.toml:4: rule "broken": invalid regular expression/)
    expect(bad('[[rules]\nid = 1').located).toMatch(/^\/repo\/\.gitleaks\.toml:1/)
    const dir = mkdtempSync(join(tmpdir(), 'cg-gl-'))
    expect(loadGitleaksConfig(dir)).toBeUndefined()
    writeFileSync(join(dir, '.gitleaks.toml'), '[allowlist]\nstopwords = ["x"]\n')
    expect(loadGitleaksConfig(dir)?.useDefault).toBe(true)
  })
})
