// The hook entry as Codex calls it: PostToolUse withholds output holding a secret (the model gets
// only what was found and where), passes clean output and committed templates.
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {runHook} from '../../../src/session/hook/entry.js'

const scratch = mkdtempSync(join(tmpdir(), 'cg-hook-entry-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))
const env = {HOME: scratch, XDG_STATE_HOME: join(scratch, 'state'), PATH: process.env['PATH']}

const post = async (command: string, output: string) => {
  const result = await runHook('post-tool-use', JSON.stringify({cwd: scratch, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: {command}, tool_response: output}), env)
  return {result, reply: result.stdout ? (JSON.parse(result.stdout) as {decision?: string; reason?: string}) : undefined}
}

describe('PostToolUse', () => {
  it('withholds a token and names its kind and line, never the value', async () => {
    const {reply} = await post('cat deploy.yml', 'deploy:\n  token: ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n')
    expect(reply).toMatchObject({decision: 'block'})
    expect(reply?.reason).toMatch(/GITHUB_PAT \(line 2\)/)
    expect(JSON.stringify(reply)).not.toContain('ghp_0123456789abcdefghijklmnopqrstuvwxyzAB')
  })

  it('withholds secret-named assignments (cat .env, env) by variable name', async () => {
    const {reply} = await post('cat config/prod.env', 'APP_NAME=shop\nDB_PASSWORD=s3cr3t-value-9\n')
    expect(reply?.reason).toMatch(/variable DB_PASSWORD \(line 2\)/)
    expect(JSON.stringify(reply)).not.toContain('s3cr3t-value-9')
  })

  it('passes clean output and the placeholders of a committed template', async () => {
    expect((await post('ls', 'README.md\nsrc\n')).reply).toBeUndefined()
    expect((await post('cat .env.example', 'SECRET_KEY_BASE=development_secret_123\nDB_PASSWORD=changeme\n')).reply).toBeUndefined()
    // A real token in a template is still a token.
    expect((await post('cat .env.example', 'GH_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n')).reply).toMatchObject({decision: 'block'})
  })

  it('judges assignments by name only outside allow-listed files (a glob of the policy: *.pub, *.crt)', async () => {
    const output = 'SECRET_KEY_BASE=development_secret_123\nDB_PASSWORD=changeme\n'
    expect((await post('cat deploy/id_ed25519.pub', output)).reply).toBeUndefined()
    expect((await post("head -n 5 'certs/site.crt'", output)).reply).toBeUndefined()
    expect((await post('cat deploy/id_ed25519.txt', output)).reply?.reason).toMatch(/variable/)
  })
})
