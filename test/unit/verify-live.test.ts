// The live mode's reading of what the model received, on texts the real Codex 0.169 produced, and
// which repository files it probes (the catalogue classifier over the walk, as validate's coverage).
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {secretFiles, stoppedBy} from '../../src/verify/live.js'
import {mockProviderOverrides, startMockResponses, toolOutput} from '../../src/verify/mock-model.js'

describe('stoppedBy', () => {
  it.each([
    ['Command blocked by PreToolUse hook: codex-guard blocked this: it names .env: dotenv files. Command: cat .env', 'hook'],
    ['exec_command failed: CreateProcess { message: "Rejected(\\"`/bin/bash -lc \'printenv X\'` rejected: codex-guard: dumping the environment can leak credentials\\")" }', 'rules'],
    ['Chunk ID: c0800a\nWall time: 0.0000 seconds\nProcess exited with code 1\nOriginal token count: 8\nOutput:\ncat: .env: Permission denied\n', 'sandbox'],
    ['codex-guard withheld this output: it holds 1 secret(s): GitHub token in config.yml', 'post-hook'],
    ['Chunk ID: f0c65c\nWall time: 0.0014 seconds\nProcess exited with code 0\nOriginal token count: 3\nOutput:\n?? notes.txt\n', 'none'],
  ])('%s → %s', (output, layer) => {
    expect(stoppedBy(output)).toBe(layer)
  })
})

describe('secretFiles', () => {
  const root = mkdtempSync(join(tmpdir(), 'cg-live-unit-'))
  afterAll(() => rmSync(root, {recursive: true, force: true}))

  it('lists real secret files with a fingerprint, skipping templates, empty files, symlinks and ordinary files', () => {
    mkdirSync(join(root, 'config'), {recursive: true})
    writeFileSync(join(root, '.env'), 'API_KEY=sk-live-0123456789\n')
    writeFileSync(join(root, '.env.example'), 'API_KEY=placeholder-value\n')
    writeFileSync(join(root, '.env.local'), '')
    writeFileSync(join(root, 'config', 'master.key'), '8c2f0e5b7a1d4c3e9f6b2a0d5e8c1f47\n')
    writeFileSync(join(root, 'notes.txt'), 'ordinary notes here\n')
    symlinkSync('/etc/hostname', join(root, '.env.production'))
    const files = secretFiles(root)
    expect(files.map((file) => file.path)).toEqual(['.env', 'config/master.key'])
    expect(files[0]).toMatchObject({fingerprint: expect.stringMatching(/^[0-9a-f]{8}$/), length: 27, markers: ['API_KEY=sk-live-0123456789']})
  })
})

describe('the mock model', () => {
  it('listens on 127.0.0.1 only and records what the model would receive', async () => {
    const server = await startMockResponses([{exec: 'ls'}])
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
      const response = await fetch(`${server.url}/responses`, {method: 'POST', body: JSON.stringify({input: [{type: 'function_call_output', call_id: 'call_7', output: 'hello'}]})})
      expect(await response.text()).toMatch(/"name":"exec_command","arguments":"\{\\"cmd\\":\\"ls\\"\}"/)
      expect(toolOutput(server, 'call_7')).toBe('hello')
      expect(toolOutput(server, 'call_8')).toBeUndefined()
      expect(mockProviderOverrides(server.url).join(' ')).toContain(`base_url = "${server.url}"`)
    } finally {
      await server.close()
    }
  })
})
