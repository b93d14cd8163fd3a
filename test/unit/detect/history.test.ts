// Secret files in git history: by catalogue name and, for files deleted from the tree, by the
// content of the blob that added them; ordinary deleted files are not reported.
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {secretsInHistory} from '../../../src/detect/history.js'
import {buildPolicy} from '../../../src/policy/effective.js'

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {cwd, stdio: 'pipe'})

function repoWithHistory() {
  const root = mkdtempSync(join(tmpdir(), 'cg-history-'))
  git(root, 'init', '-q')
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), {recursive: true})
    writeFileSync(join(root, path), text)
  }
  put('.env.staging', 'DATABASE_PASSWORD=hunter2hunter2\n')
  put(
    'ops/hetzner_deploy_key',
    `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----\n${'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'}AAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACB\n-----END OPENSSH PRIVATE KEY-----\n`,
  )
  put('old/notes.txt', 'nothing secret\n')
  put('README.md', '# app\n')
  git(root, 'add', '-A')
  git(root, 'commit', '-qm', 'first')
  git(root, 'rm', '-q', '.env.staging', 'ops/hetzner_deploy_key', 'old/notes.txt')
  git(root, 'commit', '-qm', 'remove')
  return root
}

describe('secrets in git history', () => {
  it('finds deleted secret files by name and by content, not ordinary ones', async () => {
    const root = repoWithHistory()
    try {
      const scan = await secretsInHistory(root, buildPolicy('standard'), (path) => path === 'README.md')
      expect(scan.secrets.map((secret) => secret.path)).toEqual(['.env.staging', 'ops/hetzner_deploy_key'])
      expect(scan.secrets.every((secret) => !secret.inTree && /^[0-9a-f]{7,}$/.test(secret.commit))).toBe(true)
      expect(JSON.stringify(scan)).not.toContain('hunter2')
      expect(scan.truncated).toBe(false)
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  })

  it('a directory that is not a repository gives nothing, not an error', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cg-history-none-'))
    expect((await secretsInHistory(root, buildPolicy('standard'), () => false)).secrets).toEqual([])
  })
})
