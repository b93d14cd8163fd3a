// Pre-commit judges staged files by content too (the rules init, validate and the hook use): a
// kubeconfig with a client key or a dotenv-style file under an unknown name is blocked at its line; ordinary
// settings and placeholders pass.
import {afterEach, describe, expect, it} from 'vitest'
import {runPrecommit} from '../../../src/precommit/run.js'
import {cleanup, cliEnv, git, makeRepo} from '../../helpers/cli.js'

afterEach(cleanup)

const staged = (files: Record<string, string>) => {
  const repo = makeRepo(files)
  git(repo, ['add', '-A'])
  return repo
}

describe('pre-commit: credential files by content', () => {
  it('blocks a kubeconfig and a dotenv-style file under unknown names, naming the line', async () => {
    const repo = staged({
      'infra/prod_kubeconfig.yaml': `apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: admin\n  user:\n    client-key-data: ${'LS0tLS1CRUdJTiBSU0Eg'}UFJJVkFURSBLRVktLS0tLQo=\n`,
      'config/runtime.conf': `SERVICE=api\nDB_PASSWORD=${'Zq8vX2'}mN4pQ\n`,
      'src/app.ts': 'export const password = process.env.DB_PASSWORD\n',
      'config/example.conf': 'SERVICE=api\nDB_PASSWORD=changeme\n',
    })
    const result = await runPrecommit({cwd: repo, env: cliEnv(repo)})
    const blocking = result.blocking.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`).sort()
    // the secret engine names the line; the file-level finding is kept for files no line-level rule explains
    expect(blocking).toEqual(['CG-COMMIT-SECRET config/runtime.conf:2', 'CG-COMMIT-SECRET infra/prod_kubeconfig.yaml:7'])
    expect(JSON.stringify(result.findings)).not.toContain('Zq8vX2')
  })
})
