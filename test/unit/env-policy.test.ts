import {describe, expect, it} from 'vitest'
import {applyShellEnvironmentPolicy, leakedSecretNames, readShellEnvironmentPolicy} from '../../src/codex/env-policy.js'
import {SECRET_ENV_PATTERNS} from '../../src/policy/catalogue.js'

const env = {PATH: '/bin', HOME: '/home/me', GITHUB_TOKEN: 'ghp_x', MY_API_KEY: 'k', DB_SECRET: 's', AWS_ACCESS_KEY_ID: 'AKIA', PLAIN: 'p', DATABASE_URL: 'postgres://u:p@h/db'}

describe('shell_environment_policy (Codex semantics)', () => {
  it('passes secrets by default: ignore_default_excludes defaults to true', () => {
    const out = applyShellEnvironmentPolicy(env, readShellEnvironmentPolicy(undefined))
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['GITHUB_TOKEN', 'MY_API_KEY', 'DB_SECRET', 'AWS_ACCESS_KEY_ID']))
  })

  it('drops *KEY*/*SECRET*/*TOKEN* only when ignore_default_excludes = false', () => {
    const out = applyShellEnvironmentPolicy(env, readShellEnvironmentPolicy({ignore_default_excludes: false}))
    expect(out).not.toHaveProperty('GITHUB_TOKEN')
    expect(out).not.toHaveProperty('MY_API_KEY')
    expect(out).not.toHaveProperty('DB_SECRET')
    expect(out).not.toHaveProperty('AWS_ACCESS_KEY_ID') // "*KEY*" matches KEY_ID (verified with codex sandbox -- env)
    expect(out).toHaveProperty('PLAIN')
  })

  it('applies inherit, exclude (case-insensitive), set and include_only in order', () => {
    const policy = readShellEnvironmentPolicy({inherit: 'core', exclude: ['home'], set: {CI: '1'}, include_only: ['PATH', 'CI']})
    expect(applyShellEnvironmentPolicy(env, policy)).toEqual({PATH: '/bin', CI: '1'})
  })

  it('supports the filters table (include makes an allowlist, exclude wins)', () => {
    const policy = readShellEnvironmentPolicy({filters: {'*': 'include', 'GITHUB_*': 'exclude'}})
    const out = applyShellEnvironmentPolicy(env, policy)
    expect(out).not.toHaveProperty('GITHUB_TOKEN')
    expect(out).toHaveProperty('PLAIN')
  })

  it('reports which secret names leak under a policy, and none under the codex-guard one', () => {
    const names = Object.keys(env)
    expect(leakedSecretNames(names, readShellEnvironmentPolicy(undefined), SECRET_ENV_PATTERNS)).toEqual(expect.arrayContaining(['GITHUB_TOKEN', 'DATABASE_URL', 'AWS_ACCESS_KEY_ID']))
    const guarded = readShellEnvironmentPolicy({ignore_default_excludes: false, exclude: SECRET_ENV_PATTERNS})
    expect(leakedSecretNames(names, guarded, SECRET_ENV_PATTERNS)).toEqual([])
    expect(Object.keys(applyShellEnvironmentPolicy(env, guarded))).toEqual(expect.arrayContaining(['PATH', 'HOME', 'PLAIN']))
  })
})

describe('the catalogue strips credentials under unusual names', () => {
  it('SMTP_PASS, MYSQL_PWD, REDIS_URL, MONGO_URI, SLACK_WEBHOOK_URL go; PWD, OLDPWD, PATH stay', () => {
    const unusual = {
      SMTP_PASS: 'x',
      MYSQL_PWD: 'x',
      REDIS_URL: 'redis://:pw@h',
      MONGO_URI: 'mongodb://u:pw@h',
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
      PWD: '/w',
      OLDPWD: '/',
      PATH: '/bin',
      LANG: 'C',
    }
    const out = applyShellEnvironmentPolicy(unusual, readShellEnvironmentPolicy({ignore_default_excludes: false, exclude: SECRET_ENV_PATTERNS}))
    expect(Object.keys(out).sort()).toEqual(['LANG', 'OLDPWD', 'PATH', 'PWD'])
  })
})
