// Salted credential fingerprints: stable for the same value, different once it changes, blind to
// non-secret lines, never the value itself; and the checklist closing an item by itself.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {buildPolicy, secretEnvName} from '../../src/policy/effective.js'
import {type Checklist, recordPending} from '../../src/rotate/checklist.js'
import {fingerprintOf, fingerprintSalt} from '../../src/rotate/fingerprint.js'
import {stepsFor} from '../../src/rotate/steps.js'

const scratch = mkdtempSync(join(tmpdir(), 'cg-fingerprint-'))
const root = join(scratch, 'repo')
const home = join(scratch, 'home')
mkdirSync(root, {recursive: true})
mkdirSync(join(home, '.aws'), {recursive: true})
const state = {XDG_STATE_HOME: join(scratch, 'state'), HOME: home}
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

const SECRET = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEF'
const context = (env: NodeJS.ProcessEnv = {}) => ({root, home, env, isSecretName: secretEnvName(buildPolicy('standard'))})

describe('fingerprints', () => {
  it('keep a per-user salt outside the workspace, private and stable', () => {
    const salt = fingerprintSalt(state)
    expect(salt.length).toBe(32)
    expect(fingerprintSalt(state).equals(salt)).toBe(true)
    expect(statSync(join(scratch, 'state', 'codex-guard', 'fingerprint.salt')).mode & 0o777).toBe(0o600)
  })

  it('change with the secret lines of a dotenv file, not with its other lines', () => {
    const salt = fingerprintSalt(state)
    const item = {id: 'file:.env', location: '.env'}
    writeFileSync(join(root, '.env'), `OPENAI_API_KEY=${SECRET}\nPORT=3000\n`)
    const first = fingerprintOf(item, context(), salt)
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    writeFileSync(join(root, '.env'), `# comment\nOPENAI_API_KEY=${SECRET}\nPORT=4000\n`)
    expect(fingerprintOf(item, context(), salt)).toBe(first)
    writeFileSync(join(root, '.env'), `OPENAI_API_KEY=${SECRET.replace('abc', 'xyz')}\nPORT=4000\n`)
    expect(fingerprintOf(item, context(), salt)).not.toBe(first)
    expect(fingerprintOf(item, context(), Buffer.alloc(32, 1))).not.toBe(fingerprintOf(item, context(), salt))
  })

  it('cover variables, home folders, and nothing for what is gone or too big', () => {
    const salt = fingerprintSalt(state)
    const variable = {id: 'env:GITHUB_TOKEN', location: 'GITHUB_TOKEN'}
    expect(fingerprintOf(variable, context({GITHUB_TOKEN: 'ghp_a'}), salt)).not.toBe(fingerprintOf(variable, context({GITHUB_TOKEN: 'ghp_b'}), salt))
    expect(fingerprintOf(variable, context({}), salt)).toBeUndefined()
    writeFileSync(join(home, '.aws', 'credentials'), '[default]\naws_secret_access_key = one\n')
    const aws = fingerprintOf({id: 'file:~/.aws', location: '~/.aws'}, context(), salt)
    writeFileSync(join(home, '.aws', 'credentials'), '[default]\naws_secret_access_key = two\n')
    expect(fingerprintOf({id: 'file:~/.aws', location: '~/.aws'}, context(), salt)).not.toBe(aws)
    expect(fingerprintOf({id: 'file:missing.env', location: 'missing.env'}, context(), salt)).toBeUndefined()
    writeFileSync(join(root, 'huge.env'), 'A'.repeat(2_000_000))
    expect(fingerprintOf({id: 'file:huge.env', location: 'huge.env'}, context(), salt)).toBeUndefined()
  })
})

describe('a checklist that checks itself', () => {
  const checklist = (): Checklist => ({
    session: 'fp-session',
    triggered: true,
    triggers: ['exposure'],
    pending: 2,
    items: [
      {id: 'env:TOKEN', kind: 'github', label: '$TOKEN', rank: 'touched', evidence: ['read'], steps: stepsFor('github'), location: 'TOKEN'},
      {id: 'env:OTHER', kind: 'github', label: '$OTHER', rank: 'reachable', evidence: ['passed'], steps: stepsFor('github'), location: 'OTHER'},
      {id: 'file:~/.ssh', kind: 'ssh', label: '~/.ssh', rank: 'protected', evidence: ['denied'], steps: stepsFor('ssh'), location: '~/.ssh'},
    ],
  })
  const record = (values: Record<string, string>) => recordPending(checklist(), state, (item) => values[item.location ?? ''])

  it('records fingerprints, keeps items pending while unchanged, closes the rotated one, and stores no value', () => {
    expect(record({TOKEN: 'fp-1', OTHER: 'fp-2'}).pending).toBe(2)
    const unchanged = record({TOKEN: 'fp-1', OTHER: 'fp-2'})
    expect(unchanged.items.find((item) => item.id === 'env:TOKEN')?.unchanged).toBe(true)
    const rotated = record({TOKEN: 'fp-NEW', OTHER: 'fp-2'})
    expect(rotated.items.find((item) => item.id === 'env:TOKEN')?.rotated?.at).toMatch(/^\d{4}-/)
    expect(rotated.pending).toBe(1)
    // Rotated stays rotated even if a later look finds the old fingerprint again (another machine's copy).
    expect(record({TOKEN: 'fp-1', OTHER: 'fp-2'}).pending).toBe(1)
    const ack = readFileSync(join(scratch, 'state', 'codex-guard', 'rotations', 'fp-session.json'), 'utf8')
    expect(ack).toContain('"fingerprint": "fp-2"')
    // Protected items nobody touched are for review: no fingerprint is taken of them.
    expect((JSON.parse(ack) as {items: {id: string; fingerprint?: string}[]}).items.find((item) => item.id === 'file:~/.ssh')?.fingerprint).toBeUndefined()
  })
})
