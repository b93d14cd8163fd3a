// The built CLI: init says which files it denied by content and why (never the value);
// validate reports a secret file deleted from the tree but present in git history.
import {afterEach, describe, expect, it} from 'vitest'
import {cleanup, git, makeRepo, runCli} from '../helpers/cli.js'

afterEach(cleanup)

const KEY = `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----\n${'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'}AAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACB\n-----END OPENSSH PRIVATE KEY-----\n`

describe('init and validate: coverage by content and history', () => {
  it('init names each file it denied and why, never the value', async () => {
    const repo = makeRepo({'deploy/hetzner_deploy_key': KEY, 'config/app.conf': `MODE=prod\nAPI_TOKEN=${'Zq8vX2'}mN4pQrs\n`, 'src/index.ts': 'export {}\n'})
    const result = await runCli(['init', '--no-precommit', '--no-hooks'], {cwd: repo})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/deny {5}deploy\/hetzner_deploy_key:1 {2}\(holds a private key/)
    expect(result.stdout).toMatch(/deny {5}config\/app\.conf:2 {2}\(holds a dotenv-style value for API_TOKEN\)/)
    expect(result.stdout).not.toContain('Zq8vX2')
    expect(result.stdout).not.toContain('src/index.ts')
  })

  it('validate reports a secret file deleted from the tree but still in history, with the purge command', async () => {
    const repo = makeRepo({'.env.staging': 'DATABASE_PASSWORD=hunter2hunter2\n', 'README.md': '# app\n'})
    git(repo, ['add', '-A'])
    git(repo, ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'first'])
    git(repo, ['rm', '-q', '.env.staging'])
    git(repo, ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'remove'])
    const result = await runCli(['validate', '--format', 'json'], {cwd: repo})
    const findings = (JSON.parse(result.stdout) as {findings: {ruleId: string; file?: string; message: string; remediation?: string}[]}).findings
    const history = findings.find((finding) => finding.ruleId === 'CG-COV-TRACKED' && finding.file === '.env.staging')
    expect(history?.message).toContain('still in the git history')
    expect(history?.remediation).toContain('git filter-repo --invert-paths --path .env.staging')
    expect(result.stdout).not.toContain('hunter2')
  })
})
