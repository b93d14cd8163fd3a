// Credential files by content: every kind the issue names, under names the catalogue does not
// know; templates, placeholders and ordinary code are not credentials (precision matters: a
// denied ordinary file breaks the agent's work).
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ProfileMatcher} from '../../../src/codex/permissions.js'
import {generatedProfile} from '../../../src/codex/profile.js'
import {discoverEntries} from '../../../src/detect/coverage.js'
import {CredentialClassifier, credentialInText, credentialInValue, findCredentialFiles} from '../../../src/detect/credential-files.js'
import {GLOB_SCAN_MAX_DEPTH} from '../../../src/policy/catalogue.js'
import {buildPolicy} from '../../../src/policy/effective.js'

// Fake key bodies, split so no scanner flags this file.
const BODY = `${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'}BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n`
const FAKE = {
  rsa: `-----BEGIN RSA ${'PRIVATE'} KEY-----\n${BODY}-----END RSA PRIVATE KEY-----\n`,
  openssh: `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----\n${BODY}-----END OPENSSH PRIVATE KEY-----\n`,
  encrypted: `-----BEGIN ENCRYPTED ${'PRIVATE'} KEY-----\n${BODY}-----END ENCRYPTED PRIVATE KEY-----\n`,
  pgp: `-----BEGIN PGP ${'PRIVATE'} KEY BLOCK-----\n\n${BODY}-----END PGP PRIVATE KEY BLOCK-----\n`,
  putty: `${'PuTTY-User'}-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n`,
  age: `# created: 2024-01-01\n${'AGE-SECRET'}-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQY\n`,
  wireguard: `[Interface]\nAddress = 10.0.0.2/32\nPrivateKey = ${'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3f'}vmk=\n\n[Peer]\nPublicKey = abc\n`,
  kubeconfig: `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://1.2.3.4\n  name: prod\nusers:\n- name: admin\n  user:\n    client-key-data: ${'LS0tLS1CRUdJTiBSU0Eg'}UFJJVkFURSBLRVktLS0tLQo=\n`,
  kubeToken: `apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: ci\n  user:\n    token: ${'eyJhbGciOiJSUzI1NiIsImtpZCI6'}IjEyMyJ9.abc\n`,
  npmrc: `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${'npm_'}a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n`,
  yarnrc: `npmRegistryServer: "https://npm.pkg.github.com"\nnpmAuthToken: "${'ghp_'}R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12"\n`,
  pypirc: `[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = ${'pypi-AgEIcHlwaS5vcmcCJ'}DQ2ZjE4\n`,
  pipconf: `[global]\nindex-url = https://build:${'S3cr3tPw9'}@pypi.internal.example.net/simple\n`,
  maven: `<settings>\n  <servers>\n    <server>\n      <id>nexus</id>\n      <username>deploy</username>\n      <password>${'Xk9#mQ2'}vL8pR</password>\n    </server>\n  </servers>\n</settings>\n`,
  nuget: `<configuration>\n  <packageSourceCredentials>\n    <feed>\n      <add key="Username" value="ci" />\n      <add key="ClearTextPassword" value="${'p4ssW0rd'}-feed-9" />\n    </feed>\n  </packageSourceCredentials>\n</configuration>\n`,
  docker: `{\n  "auths": {\n    "registry.example.net": {"auth": "${'ZGVwbG95OnM'}zY3JldHB3ZA=="}\n  }\n}\n`,
  serviceAccount: `{\n  "type": "service_account",\n  "project_id": "demo",\n  "private_key_id": "abc",\n  "private_key": "-----BEGIN ${'PRIVATE'} KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n"\n}\n`,
  dotenv: `# deploy settings\nAPP_NAME=shop\nSTRIPE_API_KEY=${'rk_9f8e7d6c5b'}4a3f2e1d\nPORT=8080\n`,
  dotenvUrl: `APP=shop\nPRIMARY=postgres://app:${'Zq8vX2'}mN4@db.internal:5432/shop\n`,
  jsonPassword: `{\n  "host": "db.internal",\n  "user": "app",\n  "password": "${'Tr0ub4dor'}-and-3"\n}\n`,
}

const policy = buildPolicy('standard')
const classifier = new CredentialClassifier(policy)

describe('credential files by content', () => {
  it.each(Object.entries(FAKE))('%s is a credential whatever its name', async (_kind, text) => {
    const found = classifier.classifySync('misc/unusual_name_42', text)
    expect(found?.by).toBe('content')
    expect(found?.reason).toBeTruthy()
  })

  it.each([
    ['placeholder dotenv', 'API_KEY=changeme\nDB_PASSWORD=\nSECRET=${SECRET}\nTOKEN=<your-token>\n'],
    ['kubeconfig placeholder', 'apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: a\n  user:\n    client-key-data: <base64>\n'],
    ['npmrc with env reference', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n'],
    ['ordinary code', 'export function login(password: string) {\n  const token = createToken(password)\n  return token\n}\n'],
    ['docs quoting a key header', 'Keys start with `-----BEGIN OPENSSH PRIVATE KEY-----` and must never be committed.\n'],
    ['i18n labels', '{\n  "password": "Password",\n  "token_label": "Your access token"\n}\n'],
    ['a public key', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl deploy\n'],
    ['settings without secrets', 'PORT=8080\nLOG_LEVEL=debug\nAPP_NAME=shop\n'],
  ])('%s is not a credential', async (_kind, text) => {
    expect(classifier.classifySync('misc/file.txt', text)).toBeUndefined()
  })

  it('templates are not credentials even with real-looking values', async () => {
    expect(classifier.classifySync('.env.example', FAKE.dotenv)).toBeUndefined()
  })

  it('never returns the value in the reason', () => {
    const hit = credentialInText(FAKE.dotenv, '.config')
    expect(hit?.reason).not.toContain('rk_9f8e')
    expect(hit?.line).toBe(3)
  })

  it('survives hostile input: a huge file, binary bytes, a long line', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cg-cred-'))
    writeFileSync(join(root, 'huge.txt'), 'A'.repeat(3_000_000))
    writeFileSync(join(root, 'run.json'), 'A'.repeat(1_000_000))
    writeFileSync(join(root, 'headers.txt'), `-----BEGIN ${'A '.repeat(30_000)}`)
    writeFileSync(join(root, 'wg.conf'), `[Interface]\n${'Address = 10.0.0.1\n'.repeat(3000)}`)
    writeFileSync(join(root, 'blob.bin'), Buffer.from([0, 1, 2, 0, 45, 45, 45, 45, 45]))
    writeFileSync(join(root, 'line.txt'), `x=${'y'.repeat(500_000)}`)
    const started = Date.now()
    const walk = await findCredentialFiles(root, policy)
    expect(walk.files).toEqual([])
    expect(Date.now() - started).toBeLessThan(2000)
  })
})

describe('discovery: exact entries where the catalogue globs do not reach', () => {
  const layout = () => {
    const base = mkdtempSync(join(tmpdir(), 'cg-disc-'))
    const root = join(base, 'repo')
    const home = join(base, 'home')
    const put = (path: string, text: string) => {
      mkdirSync(dirname(path), {recursive: true})
      writeFileSync(path, text)
    }
    const deep = `${Array.from({length: 10}, (_, index) => `d${index}`).join('/')}/.env`
    put(join(root, 'deploy/hetzner_deploy_key'), FAKE.openssh)
    put(join(root, 'infra/prod_kubeconfig.yaml'), FAKE.kubeconfig)
    put(join(root, 'secrets/db.json'), FAKE.jsonPassword)
    put(join(root, deep), 'DATABASE_PASSWORD=hunter2hunter2\n')
    put(join(root, '.env'), 'API_TOKEN=abcdef123456\n')
    put(join(root, 'src/index.ts'), 'export const x = 1\n')
    put(join(root, 'pkg/a/AGENTS.md'), '# nested\n')
    put(join(root, 'node_modules/dep/key.pem'), FAKE.rsa)
    put(join(home, 'src/other/.env'), 'GITHUB_TOKEN=abcdef1234567890\n')
    put(join(home, 'src/other/README.md'), '# other\n')
    return {root, home, deep}
  }

  it('denies unusual names, deep files and other projects, nothing ordinary', async () => {
    const {root, home, deep} = layout()
    const env = {HOME: home, CODEX_HOME: join(home, 'custom-codex'), XDG_STATE_HOME: join(home, 'state')}
    const discovery = await discoverEntries(root, policy, {env})
    expect(discovery.entries.deny.sort()).toEqual(['deploy/hetzner_deploy_key', deep, 'infra/prod_kubeconfig.yaml', 'secrets/db.json'].sort())
    expect(discovery.entries.readOnly).toEqual(['pkg/a/AGENTS.md'])
    expect(discovery.entries.home).toContain('~/src/other/.env')
    expect(discovery.entries.home).toContain('~/custom-codex/auth.json')
    expect(discovery.entries.home).toContain('~/state/codex-guard')
    expect(discovery.entries.home.some((path) => path.includes('README'))).toBe(false)
    // The generated profile (catalogue globs + exact entries) covers every credential file, as validate reads it.
    const matcher = new ProfileMatcher(generatedProfile(policy, discovery.entries), root, home)
    for (const file of discovery.credentials) expect(matcher.denyingEntry(file.path), file.path).toBeDefined()
    expect(matcher.denyingEntry('src/index.ts')).toBeUndefined()
    expect(deep.split('/').length - 1).toBeGreaterThanOrEqual(GLOB_SCAN_MAX_DEPTH)
  })
})

describe('environment values that are credentials whatever the name', () => {
  it.each([
    ['redis://:p4ssw0rdX@cache.internal:6379/0'],
    ['mongodb://app:S3cretPw9@db.internal/app'],
    [`${'ghp_'}R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12`],
    [`${'xoxb'}-123456789012-abcdefghijklmnop`],
    [FAKE.rsa],
  ])('%s', (value) => {
    expect(credentialInValue(value)).toBeDefined()
  })

  it.each([['https://example.com/path'], ['/usr/local/bin:/usr/bin'], ['postgres://app@db.internal/app'], ['redis://:changeme@localhost'], ['en_US.UTF-8'], ['xterm-256color']])(
    '%s is not',
    (value) => {
      expect(credentialInValue(value)).toBeUndefined()
    },
  )
})
