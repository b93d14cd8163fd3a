import {describe, expect, it} from 'vitest'
import {COMMAND_RULES, credentialKindOfName, PROTECTED_PATHS, SENSITIVE_PATHS, WELL_KNOWN_SECRET_VARIABLES} from '../../src/policy/catalogue.js'
import {buildPolicy, PathClassifier, secretEnvName} from '../../src/policy/effective.js'
import type {Category} from '../../src/policy/types.js'

const standard = new PathClassifier(buildPolicy('standard'))
const strict = new PathClassifier(buildPolicy('strict'))
const ids = (path: string, classifier = standard) => classifier.classify(path).map((match) => match.entry.id)

describe('policy catalogue', () => {
  it('names only secret variables in the printenv rule', () => {
    const secret = secretEnvName(buildPolicy('standard'))
    for (const name of WELL_KNOWN_SECRET_VARIABLES) expect(secret(name), name).toBe(true)
    expect(secret('PATH')).toBe(false)
  })

  it('covers every category in both scopes where it makes sense', () => {
    const categories: Category[] = ['env-files', 'ssh-gpg', 'cloud', 'registry', 'git-forge', 'kube-docker', 'password-stores', 'history-db', 'iac-state', 'certs-keystores', 'agent']
    for (const category of categories)
      expect(
        SENSITIVE_PATHS.some((entry) => entry.category === category),
        category,
      ).toBe(true)
    expect(SENSITIVE_PATHS.filter((entry) => entry.scope === 'home').length).toBeGreaterThan(10)
  })

  it('has unique ids and well-formed patterns', () => {
    const all = [...SENSITIVE_PATHS.map((entry) => entry.id), ...PROTECTED_PATHS.map((entry) => entry.id), ...COMMAND_RULES.map((rule) => rule.id)]
    expect(new Set(all).size).toBe(all.length)
    for (const entry of SENSITIVE_PATHS) {
      for (const pattern of entry.patterns) {
        if (entry.scope === 'home') expect(pattern, entry.id).toMatch(/^~\//)
        else expect(pattern.startsWith('/') || pattern.startsWith('~'), entry.id).toBe(false)
      }
    }
  })

  it.each([
    ['.env', 'env.dotenv'],
    ['services/api/.env.production', 'env.dotenv'],
    ['.env.staging.local', 'env.dotenv'],
    ['deploy/prod.env', 'env.dotenv'],
    ['.envrc', 'env.direnv'],
    ['config/master.key', 'env.rails-keys'],
    ['keys/id_ed25519', 'ssh.project-keys'],
    ['ops/github_deploy_rsa', 'ssh.project-keys'],
    ['gcp/my-project-service-account.json', 'cloud.project-keys'],
    ['client_secret_1234.apps.googleusercontent.com.json', 'cloud.project-keys'],
    ['infra/prod/terraform.tfstate', 'iac.terraform'],
    ['infra/terraform.tfstate.backup', 'iac.terraform'],
    ['prod.auto.tfvars', 'iac.terraform'],
    ['certs/server.key', 'certs.private'],
    ['tls/bundle.p12', 'certs.private'],
    ['android/release.keystore', 'certs.private'],
    ['passwords.kdbx', 'store.project'],
    ['.git-credentials', 'git.credentials-project'],
    ['ops/kubeconfig', 'kube.project'],
    ['docker/.pgpass', 'db.project'],
    ['.pypirc', 'registry.project'],
  ])('flags %s', (path, id) => {
    expect(ids(path)).toContain(id)
  })

  it.each([
    '.env.example',
    'sub/.env.sample',
    '.env.template',
    '.env.dist',
    'keys/id_ed25519.pub',
    'certs/ca.crt',
    'src/index.ts',
    'src/env.ts',
    'src/environment.js',
    'lib/keys.py',
    'docs/secrets-management.md',
    'pkg/kubeconfig.go',
    'src/token.rs',
    'README.md',
    'package.json',
    '.npmrc',
    'Cargo.toml',
    'src/components/KeyboardShortcut.tsx',
    'terraform/main.tf',
    'config/credentials.yml.enc',
  ])('does not flag ordinary or template file %s', (path) => {
    expect(ids(path)).toEqual([])
  })

  it('detects unusual dotenv variants as detect-only (no Codex deny entry)', () => {
    const matches = standard.classify('.env.foo')
    expect(matches.length).toBeGreaterThan(0)
    expect(matches.every((match) => match.detectOnly)).toBe(true)
    expect(standard.classify('.env').every((match) => !match.detectOnly)).toBe(true)
  })

  it('strict adds entries that standard leaves out', () => {
    expect(ids('k8s/secrets/db.yaml')).toEqual([])
    expect(ids('k8s/secrets/db.yaml', strict)).toContain('env.secrets-dir')
    expect(ids('.npmrc', strict)).toContain('registry.project-npmrc')
    expect(buildPolicy('strict').protectedPaths.length).toBeGreaterThan(buildPolicy('standard').protectedPaths.length)
  })

  it('project policy adds paths, allows exceptions and tunes thresholds', () => {
    const policy = buildPolicy('standard', {
      file: '.codex/codex-guard.toml',
      denyRead: ['config/prod.yaml'],
      homeDenyRead: ['~/.config/mytool'],
      protect: ['Makefile'],
      allow: ['.env.test'],
      envExclude: ['MYCO_*'],
      thresholds: {commands: 10},
      suppressions: [],
    })
    const classifier = new PathClassifier(policy)
    expect(classifier.classify('config/prod.yaml').map((match) => match.entry.id)).toEqual(['project.deny-read'])
    expect(classifier.classify('.env.test')).toEqual([])
    expect(policy.envExclude).toContain('MYCO_*')
    expect(policy.thresholds.commands).toBe(10)
    expect(policy.thresholds.tokens).toBe(200_000)
    expect(policy.protectedPaths.map((entry) => entry.path)).toContain('Makefile')
    expect(policy.sensitivePaths.find((entry) => entry.id === 'project.home-deny-read')?.patterns).toEqual(['~/.config/mytool'])
  })

  it('one secret-variable test (minimatch, case-insensitive) for the scrubber and the inventory', () => {
    const isSecret = secretEnvName(buildPolicy('standard', {file: 'x', denyRead: [], homeDenyRead: [], protect: [], allow: [], envExclude: ['MYCO_?D'], thresholds: {}, suppressions: []}))
    for (const name of ['GITHUB_TOKEN', 'github_token', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'MYCO_ID']) expect(isSecret(name), name).toBe(true)
    for (const name of ['PATH', 'AWS_REGION', 'GH_PAGER', 'MYCO_IDX', 'HOME']) expect(isSecret(name), name).toBe(false)
  })

  it('never emits allow decisions for command rules', () => {
    for (const rule of COMMAND_RULES) for (const decision of Object.values(rule.decision)) expect(decision).not.toBe('allow')
  })
})

describe('credentialKindOfName', () => {
  it('names environment variables and secret-rule message ids with one table', () => {
    const cases: [string, string][] = [
      ['GITHUB_TOKEN', 'github'],
      ['GH_TOKEN', 'github'],
      ['AWS_SECRET_ACCESS_KEY', 'aws'],
      ['AWSSecretAccessKey', 'aws'],
      ['OPENAI_API_KEY', 'openai'],
      ['OPENAI_TOKEN', 'openai'],
      ['ANTHROPIC_API_KEY', 'anthropic'],
      ['NODE_AUTH_TOKEN', 'npm'],
      ['Npmrc_authToken', 'npm'],
      ['GOOGLE_API_KEY', 'gcp'],
      ['GOOGLE_PRIVATE_KEY', 'gcp'],
      ['PrivateKeyJSON', 'private-key'],
      ['SSH_PRIVATE_KEY', 'private-key'],
      ['SSH_AUTH_SOCK', 'ssh'],
      ['PostgreSQLConnection', 'database'],
      ['DATABASE_URL', 'database'],
      ['VAULT_TOKEN', 'vault'],
      ['STRIPE_SECRET_KEY', 'generic'],
      ['PYPI_TOKEN', 'pypi'],
      ['TWINE_PASSWORD', 'pypi'],
      ['DOCKERHUB_TOKEN', 'docker'],
      ['TF_TOKEN_app_terraform_io', 'terraform'],
      ['CLOUDFLARE_API_TOKEN', 'cloud-other'],
      ['DIGITALOCEAN_ACCESS_TOKEN', 'cloud-other'],
      ['KUBE_TOKEN', 'kubernetes'],
    ]
    for (const [name, kind] of cases) expect(credentialKindOfName(name), name).toBe(kind)
  })
})
