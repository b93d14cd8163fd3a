#!/usr/bin/env node
// `npm run eval:secrets`: recall and false positives of codex-guard's secret detection, per
// family, against plain secretlint (recommended preset) in the same run. The corpus is generated
// here, now: documented token formats embedded in everyday files, fresh private keys from
// node:crypto (raw, JSON/YAML-embedded, truncated, END-less), and negatives (placeholders,
// certificates, public keys, hashes, UUIDs, base64 images, benign text from node_modules).
// Needs a build (dist/). Prints tables; asserts nothing (timings vary by machine).
import {execFileSync} from 'node:child_process'
import {generateKeyPairSync, randomBytes, randomInt, randomUUID, createHash} from 'node:crypto'
import {existsSync, mkdtempSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const root = join(import.meta.dirname, '..')
const {scanSecrets, scanWithSecretlint} = await import(join(root, 'dist', 'detect', 'secrets', 'scan.js'))

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const HEX = '0123456789abcdef'
const URL = `${ALNUM}_-`
const B64 = `${ALNUM}+/`
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789'
const DIG = '0123456789'
const r = (alphabet, length) => Array.from({length}, () => alphabet[randomInt(alphabet.length)]).join('')
const b64url = (text) => Buffer.from(text).toString('base64url')
const p = (...parts) => parts.join('')

// documented formats (provider docs / gitleaks' documented shapes), by family
const FORMATS = {
  github: [() => p('gh', 'p_', r(ALNUM, 36)), () => p('gh', 'o_', r(ALNUM, 36)), () => p('gh', 's_', r(ALNUM, 36)), () => p('gh', 'u_', r(ALNUM, 36)), () => p('github', '_pat_', r(ALNUM, 22), '_', r(ALNUM, 59))],
  gitlab: ['glpat-', 'gldt-', 'glrt-', 'glft-', 'glsoat-', 'glffct-', 'glimt-'].map((prefix) => () => p(prefix, r(URL, 20))).concat([() => p('glcbt-', '2f_', r(URL, 20)), () => p('glagent-', r(URL, 50)), () => p('gloas-', r(URL, 64)), () => p('glptt-', r(HEX, 40)), () => p('GR1348941', r(URL, 20))]),
  openai: [() => p('sk-', 'proj-', r(URL, 74), 'T3Blbk', 'FJ', r(URL, 74)), () => p('sk-', 'svcacct-', r(URL, 74), 'T3Blbk', 'FJ', r(URL, 74)), () => p('sk-', r(ALNUM, 20), 'T3Blbk', 'FJ', r(ALNUM, 20))],
  anthropic: [() => p('sk-ant-', 'api03-', r(URL, 93), 'AA'), () => p('sk-ant-', 'admin01-', r(URL, 93), 'AA'), () => p('sk-ant-', 'oat01-', r(URL, 93), 'AA'), () => p('sk-ant-', 'ort01-', r(URL, 93), 'AA')],
  aws: [() => p('AK', 'IA', r('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)), () => p('AS', 'IA', r('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)), () => p('AB', 'SK', r(B64, 132)), () => p('bedrock-api-key-', 'YmVkcm9jay5hbWF6b25hd3MuY29t', r(B64, 200))],
  gcp: [() => p('AI', 'za', r(URL, 35)), () => p('GOC', 'SPX-', r(URL, 28)), () => p('ya', '29.', r(URL, 120))],
  azure: [
    () => p(r(ALNUM, 3), String(randomInt(10)), 'Q~', r(`${ALNUM}_~.-`, 34)),
    () => p('DefaultEndpointsProtocol=https;AccountName=prod', r(LOWER, 6), ';AccountKey=', r(B64, 86), '==;EndpointSuffix=core.windows.net'),
    () => p('AccountEndpoint=https://prod.documents.azure.com:443/;AccountKey=', r(B64, 86), '==;'),
    () => p('Endpoint=sb://prod.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=', r(B64, 43), '='),
    () => p('HostName=prod.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=', r(B64, 43), '='),
    () => p('Endpoint=https://prod.service.signalr.net;AccessKey=', r(B64, 43), '=;Version=1.0;'),
    () => p('Endpoint=https://prod.azconfig.io;Id=', r(ALNUM, 4), '-l0-s0:', r(ALNUM, 20), ';Secret=', r(B64, 43), '='),
    () => p('https://prod.blob.core.windows.net/c/x.bak?sp=r&st=2024-05-01T00:00:00Z&se=2024-06-01T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=', r(ALNUM, 44), '%3D'),
    () => p(r(ALNUM, 76), 'ACOG', r(ALNUM, 4)),
    () => p(r(ALNUM, 76), 'AZDO', r(ALNUM, 4)),
    () => p(r(ALNUM, 42), '+ACR', r(ALNUM, 6)),
    () => p(r(ALNUM, 42), 'AzSe', r(ALNUM, 6)),
    () => p(r(ALNUM, 52), 'JQQJ9', r(ALNUM, 27)),
    () => p('prod.redis.cache.windows.net:6380,password=', r(B64, 43), '=,ssl=True,abortConnect=False'),
    () => p('Server=tcp:prod.database.windows.net,1433;Initial Catalog=app;User ID=svc;Password=', r(ALNUM, 16), '!;Encrypt=True;'),
  ],
  jwt: [
    () => p(b64url('{"alg":"HS256","typ":"JWT"}'), '.', b64url(`{"sub":"${r(DIG, 10)}","iat":1716239022}`), '.', r(URL, 43)),
    () => p(b64url('{"alg":"RS256","kid":"k1"}'), '.', b64url(`{"iss":"https://id.example.org","sub":"${r(ALNUM, 12)}","exp":1916239022}`), '.', r(URL, 342)),
    () => p(b64url('{"alg":"none"}'), '.', b64url(`{"sub":"${r(ALNUM, 12)}","admin":true}`), '.'),
  ],
  stripe: [() => p('sk_', 'live_', r(ALNUM, 99)), () => p('rk_', 'live_', r(ALNUM, 99)), () => p('sk_', 'test_', r(ALNUM, 24)), () => p('wh', 'sec_', r(ALNUM, 32))],
  sendgrid: [() => p('S', 'G.', r(URL, 22), '.', r(URL, 43)), () => p('S', 'G.', r(ALNUM, 8), '-', r(ALNUM, 13), '.', r(URL, 43))],
  slack: [() => p('xo', 'xb-', r(DIG, 12), '-', r(DIG, 13), '-', r(ALNUM, 24)), () => p('xo', 'xp-', r(DIG, 12), '-', r(DIG, 12), '-', r(DIG, 13), '-', r(HEX, 32)), () => p('https://hooks.slack.com/services/T', r(UPPER, 10), '/B', r(UPPER, 10), '/', r(ALNUM, 24))],
  'registries': [() => p('np', 'm_', r(ALNUM, 36)), () => p('pypi-AgEIcHlwaS5vcmc', r(URL, 70)), () => p('rubyge', 'ms_', r(HEX, 48)), () => p('dckr', '_pat_', r(URL, 27)), () => p('oy', '2', r(LOWER, 43))],
  'saas': [
    () => p('hf', '_', r(ALNUM, 34)), () => p('do', 'p_v1_', r(HEX, 64)), () => p('sh', 'pat_', r(HEX, 32)), () => p('lin', '_api_', r(ALNUM, 40)), () => p('NR', 'AK-', r(UPPER, 27)),
    () => p('gl', 'sa_', r(ALNUM, 32), '_', r(HEX, 8)), () => p('sb', 'p_', r(HEX, 40)), () => p('hv', 's.', r(URL, 95)), () => p('dp', '.pt.', r(ALNUM, 43)), () => p('da', 'pi', r(HEX, 32)),
    () => p(r(DIG, 10), ':AA', r(URL, 33)), () => p('S', 'K', r(HEX, 32)), () => p('PM', 'AK-', r(HEX, 24), '-', r(HEX, 34)), () => p('sq0', 'atp-', r(URL, 22)), () => p('pul-', r(HEX, 40)),
    () => p(r(ALNUM, 14), '.atlasv1.', r(URL, 67)), () => p('HR', 'KU-', r(URL, 60)), () => p('gs', 'k_', r(ALNUM, 52)), () => p('xa', 'i-', r(ALNUM, 80)), () => p('pp', 'lx-', r(ALNUM, 48)),
    () => p('figd', '_', r(URL, 40)), () => p('ATA', 'TT3', r(URL, 186)), () => p('sntr', 'yu_', r(HEX, 64)), () => p('rnd', '_', r(ALNUM, 32)), () => p('nfp', '_', r(ALNUM, 36)),
  ],
}

// everyday files a token gets pasted into
const TEMPLATES = [
  ['config.py', (v) => `import os\n\nDEBUG = False\nAPI_TOKEN = "${v}"\nTIMEOUT = 30\n`],
  ['src/config.ts', (v) => `export const config = {\n  region: 'eu-west-1',\n  credential: '${v}',\n}\n`],
  ['deploy/values.yaml', (v) => `service:\n  name: api\n  credential: ${v}\n  replicas: 2\n`],
  ['.github/workflows/ci.yml', (v) => `name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      DEPLOY_TOKEN: ${v}\n    steps:\n      - run: npm test\n`],
  ['.env', (v) => `NODE_ENV=production\nSERVICE_TOKEN=${v}\nPORT=8080\n`],
  ['settings.json', (v) => `{\n  "name": "svc",\n  "credential": "${v}",\n  "retries": 3\n}\n`],
  ['application.properties', (v) => `server.port=8080\napp.credential=${v}\n`],
  ['Dockerfile', (v) => `FROM node:20-slim\nENV SERVICE_TOKEN=${v}\nCMD ["node", "server.js"]\n`],
]

// passwords in config files and connection strings: the value is the secret
const PASSWORDS = [
  (pw) => ['config.py', `DATABASES = {"default": {"USER": "app", "PASSWORD": "${pw}"}}\n`],
  (pw) => ['src/db.ts', `export const db = {user: 'app', password: '${pw}', host: 'db'}\n`],
  (pw) => ['docker-compose.yml', `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${pw}\n`],
  (pw) => ['.env', `DB_USER=app\nDB_PASSWORD=${pw}\n`],
  (pw) => ['appsettings.json', `{"ConnectionStrings": {"Default": "Server=db;Database=app;User Id=app;Password=${pw};"}}\n`],
  (pw) => ['application.properties', `spring.datasource.username=app\nspring.datasource.password=${pw}\n`],
  (pw) => ['config.ini', `[database]\nuser = app\npassword = ${pw}\n`],
  (pw) => ['web.config', `<appSettings>\n  <add key="DbPassword" value="${pw}" />\n</appSettings>\n`],
  (pw) => ['settings.xml', `<server>\n  <id>nexus</id>\n  <password>${pw}</password>\n</server>\n`],
  (pw) => ['.env', `DATABASE_URL=postgres://app:${pw}@db.prod.internal:5432/main\n`],
  (pw) => ['config.yaml', `mongo:\n  uri: mongodb+srv://svc:${pw}@cluster0.x1y2z.mongodb.net/app\n`],
  (pw) => ['src/redis.js', `const client = createClient({url: 'redis://default:${pw}@cache.internal:6379'})\n`],
  (pw) => ['.npmrc', `registry=https://npm.internal/\n//npm.internal/:_password=${Buffer.from(pw).toString('base64')}\n`],
  (pw) => ['terraform.tfvars', `db_password = "${pw}"\n`],
  (pw) => ['.env', `SMTP_PASS=${pw}\n`],
]
const password = () => p(r(ALNUM, 4), r('!#%^*-_', 1), r(ALNUM, 5), r(DIG, 2))

// private keys, fresh
function privateKeys() {
  const out = []
  const kinds = [
    ['rsa', 'rsa', {modulusLength: 2048}],
    ['dsa', 'dsa', {modulusLength: 2048, divisorLength: 256}],
    ['ec-p256', 'ec', {namedCurve: 'prime256v1'}],
    ['ec-p384', 'ec', {namedCurve: 'secp384r1'}],
    ['ec-secp256k1', 'ec', {namedCurve: 'secp256k1'}],
    ['ed25519', 'ed25519', {}],
    ['x25519', 'x25519', {}],
  ]
  for (const [name, type, options] of kinds) {
    const {privateKey} = generateKeyPairSync(type, options)
    const pems = [[`${name} pkcs8`, privateKey.export({type: 'pkcs8', format: 'pem'})], [`${name} encrypted-pkcs8`, privateKey.export({type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x'})]]
    if (type === 'rsa') pems.push([`${name} pkcs1`, privateKey.export({type: 'pkcs1', format: 'pem'})])
    if (type === 'ec') pems.push([`${name} sec1`, privateKey.export({type: 'sec1', format: 'pem'})])
    for (const [label, pem] of pems) {
      const lines = pem.trimEnd().split('\n')
      out.push([`${label} raw`, 'key.pem', pem])
      out.push([`${label} json`, 'sa.json', JSON.stringify({type: 'service_account', private_key: pem}, null, 2)])
      out.push([`${label} yaml`, 'values.yaml', `tls:\n  key: |\n${lines.map((line) => `    ${line}`).join('\n')}\n`])
      out.push([`${label} truncated`, 'notes.md', `${lines.slice(0, 3).join('\n')}\n`])
      out.push([`${label} no-end`, 'paste.txt', `${lines.slice(0, -1).join('\n')}\n`])
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'cg-eval-'))
  try {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id')])
    const key = readFileSync(join(dir, 'id'), 'utf8')
    out.push(['openssh raw', 'id_ed25519.txt', key], ['openssh truncated', 'notes.md', key.split('\n').slice(0, 2).join('\n')])
  } catch {}
  const age = p('AGE-SECRET', '-KEY-1', r('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58))
  out.push(['age', 'key.txt', `# created: 2024-01-01\n${age}\n`])
  out.push(['wireguard', 'wg0.conf', `[Interface]\nAddress = 10.0.0.2/32\nPrivateKey = ${randomBytes(32).toString('base64')}\n`])
  out.push(['pgp', 'key.asc', `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGZ${r(B64, 57)}\n${r(B64, 64)}\n${r(B64, 64)}\n=${r(B64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----\n`])
  out.push(['putty', 'id.ppk', `PuTTY-User-Key-File-3: ssh-ed25519\n${'Encryption'}: none\nComment: deploy\nPublic-Lines: 2\n${r(B64, 64)}\n${r(B64, 20)}\nPrivate-Lines: 1\n${r(B64, 44)}\nPrivate-MAC: ${r(HEX, 64)}\n`])
  return out
}

// negatives
function negatives() {
  const out = []
  const placeholders = [
    p('gh', 'p_', 'x'.repeat(36)), p('AK', 'IA', 'X'.repeat(16)), p('AK', 'IAIOSFODNN7', 'EXAMPLE'), 'your_token_here', '<your-api-key>', '${API_TOKEN}', '{{ secrets.TOKEN }}', 'changeme', 'dummy-token-for-tests',
    p('sk_', 'live_', 'x'.repeat(24)), p('sk-', '...'), p('xo', 'xb-', 'your-token'), 'REPLACE_ME', '********', p('glp', 'at-', 'xxxxxxxxxxxxxxxxxxxx'), '$(cat /run/secrets/token)', 'process.env.TOKEN', 'example-key', '<redacted>', 'TODO',
  ]
  for (const value of placeholders) for (const [file, render] of TEMPLATES) out.push(['placeholder', file, render(value)])
  for (const value of ['password', 'changeme', '${DB_PASSWORD}', '<password>', '****', 'your_password']) out.push(['placeholder', '.env', `DB_PASSWORD=${value}\nDATABASE_URL=postgres://app:${value}@localhost/app\n`])
  for (let index = 0; index < 10; index++) {
    const {publicKey} = generateKeyPairSync('ec', {namedCurve: 'prime256v1'})
    out.push(['public key', 'pub.pem', publicKey.export({type: 'spki', format: 'pem'})])
    const rsa = generateKeyPairSync('rsa', {modulusLength: 1024}).publicKey
    out.push(['public key', 'rsa.pub.pem', rsa.export({type: 'pkcs1', format: 'pem'})])
  }
  const dir = mkdtempSync(join(tmpdir(), 'cg-eval-neg-'))
  try {
    for (let index = 0; index < 5; index++) {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=host${index}`, '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1'], {stdio: 'ignore'})
      out.push(['certificate', 'cert.pem', readFileSync(join(dir, 'c.pem'), 'utf8')])
    }
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id')])
    out.push(['public key', 'id_ed25519.pub', readFileSync(join(dir, 'id.pub'), 'utf8')])
  } catch {}
  for (let index = 0; index < 20; index++) {
    out.push(['hash/uuid', 'lock.json', `{"integrity": "sha512-${randomBytes(64).toString('base64')}", "resolved": "https://registry.npmjs.org/x/-/x-1.0.${index}.tgz", "id": "${randomUUID()}", "sha": "${createHash('sha1').update(String(index)).digest('hex')}"}\n`])
    out.push(['hash/uuid', 'checksums.txt', `${createHash('sha256').update(String(index)).digest('hex')}  dist/app-${index}.tar.gz\ncommit ${createHash('sha1').update(`c${index}`).digest('hex')}\n`])
    out.push(['base64 image', 'index.html', `<img alt="logo" src="data:image/png;base64,${randomBytes(600).toString('base64')}">\n`])
  }
  // benign text from dependencies: READMEs and JavaScript
  const files = []
  const walk = (dir, depth) => {
    if (depth > 4 || files.length >= 300) return
    let entries = []
    try {
      entries = readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))
    } catch {
      return
    }
    for (const entry of entries) {
      if (files.length >= 300) return
      const path = join(dir, entry.name)
      if (entry.isDirectory() && entry.name !== 'test' && entry.name !== 'tests' && entry.name !== 'fixtures') walk(path, depth + 1)
      else if (/^readme\.md$|\.js$/i.test(entry.name)) {
        const size = statSync(path).size
        if (size > 300 && size < 30_000) files.push(path)
      }
    }
  }
  walk(join(root, 'node_modules'), 0)
  for (const file of files) out.push([/readme/i.test(file) ? 'node_modules README' : 'node_modules .js', file.slice(root.length + 1), readFileSync(file, 'utf8')])
  return out
}

const count = async (text, file) => {
  const [ours, secretlint] = await Promise.all([scanSecrets(text, file), scanWithSecretlint(text, file).catch(() => [])])
  return {ours: ours.length > 0, secretlint: secretlint.length > 0}
}

const rows = new Map()
const tally = (table, family, hit) => {
  const key = `${table}\0${family}`
  const row = rows.get(key) ?? {table, family, total: 0, ours: 0, secretlint: 0}
  row.total++
  if (hit.ours) row.ours++
  if (hit.secretlint) row.secretlint++
  rows.set(key, row)
}

const started = performance.now()
for (const [family, makers] of Object.entries(FORMATS)) for (const make of makers) for (const [file, render] of TEMPLATES) tally('recall', family, await count(render(make()), file))
for (const render of PASSWORDS) for (let index = 0; index < 3; index++) {
  const [file, text] = render(password())
  tally('recall', 'passwords & connection strings', await count(text, file))
}
for (const [label, file, text] of privateKeys()) tally('recall', `private key: ${label.split(' ')[0].replace(/-p\d+|-secp256k1/, (m) => m)}`, await count(text, file))
for (const [family, file, text] of negatives()) tally('false positives', family, await count(text, file))

const pct = (part, total) => `${((100 * part) / Math.max(total, 1)).toFixed(1)}%`.padStart(7)
for (const table of ['recall', 'false positives']) {
  console.log(`\n${table === 'recall' ? 'Recall (documented formats in everyday files; higher is better)' : 'False positives (negatives; lower is better)'}`)
  console.log(`${'family'.padEnd(34)} ${'n'.padStart(5)} ${'codex-guard'.padStart(11)} ${'secretlint'.padStart(11)}`)
  let total = 0
  let ours = 0
  let theirs = 0
  for (const row of [...rows.values()].filter((entry) => entry.table === table)) {
    console.log(`${row.family.padEnd(34)} ${String(row.total).padStart(5)} ${pct(row.ours, row.total).padStart(11)} ${pct(row.secretlint, row.total).padStart(11)}`)
    total += row.total
    ours += row.ours
    theirs += row.secretlint
  }
  console.log(`${'all'.padEnd(34)} ${String(total).padStart(5)} ${pct(ours, total).padStart(11)} ${pct(theirs, total).padStart(11)}`)
}
console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`)
