// `codex-guard run` removes variables whose VALUES are credentials, whatever their names, before
// the agent starts, and names them (never the values).
import {afterEach, describe, expect, it} from 'vitest'
import {cleanup, makeRepo, runCli} from '../helpers/cli.js'

afterEach(cleanup)

describe('run: environment by value', () => {
  it('the child never sees a credential-valued variable; the user sees its name only', async () => {
    const repo = makeRepo()
    const token = `${'ghp_'}R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12`
    const env = {CACHE: 'redis://:p4ssw0rdX@cache.internal:6379/0', DEPLOY_THING: token, PLAIN_URL: 'https://example.com/x', MODE: 'dev'}
    const result = await runCli(['run', '--', 'bash', '-c', 'echo "seen:${CACHE:-none}:${DEPLOY_THING:-none}:${PLAIN_URL}:${MODE}"'], {cwd: repo, env})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('seen:none:none:https://example.com/x:dev')
    expect(result.stderr).toMatch(/removed 2 variable\(s\).*CACHE, DEPLOY_THING|removed 2 variable\(s\).*DEPLOY_THING, CACHE/)
    expect(result.stderr).not.toContain('p4ssw0rdX')
    expect(result.stderr).not.toContain(token)
  })
})
