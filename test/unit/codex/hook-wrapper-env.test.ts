// The hooks.json wrapper starts the runtime without NODE_EXTRA_CA_CERTS (the runtime never opens a
// connection; loading extra certificates cost Node ~45 ms of start-up per tool call) and leaves
// every other variable as Codex passed it.
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, expect, it} from 'vitest'
import {HOOK_ALLOW_MARKER, hookCommand} from '../../../src/codex/hooks.js'

let home: string
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'cg-wrapper-env-'))
  mkdirSync(join(home, 'rt-1'))
  // a stand-in runtime: allows only when the certificates variable is gone and the others are there
  writeFileSync(
    join(home, 'rt-1', 'hook.cjs'),
    `process.stdout.write(process.env.NODE_EXTRA_CA_CERTS === undefined && process.env.KEEP_ME === 'yes' ? '${HOOK_ALLOW_MARKER}' : 'env: ' + process.env.NODE_EXTRA_CA_CERTS)\n`,
  )
})
afterAll(() => rmSync(home, {recursive: true, force: true}))

it('runs the runtime without NODE_EXTRA_CA_CERTS and with the rest of the environment', () => {
  const command = hookCommand('pre-tool-use', 'rt-1')
  const result = spawnSync('/bin/sh', ['-c', command], {
    input: '{}',
    encoding: 'utf8',
    env: {...process.env, CODEX_GUARD_RUNTIME_HOME: home, NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', KEEP_ME: 'yes'},
  })
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
})
