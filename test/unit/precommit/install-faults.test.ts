// Journaled pre-commit install/uninstall under kill -9: a child process SIGKILLs itself at each
// named step (CODEX_GUARD_FAULT_AT); the next run completes the change, the user's hook is never
// lost or left unchained, and uninstall restores it byte for byte.
import {execFile} from 'node:child_process'
import {chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, afterEach, describe, expect, it} from 'vitest'
import {installPrecommitHook, JOURNAL_NAME, PREVIOUS_SUFFIX, parseHook, precommitHookStatus, uninstallPrecommitHook} from '../../../src/precommit/install.js'
import {cleanup, cliEnv, makeRepo} from '../../helpers/cli.js'

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..')
const script = join(REPO_ROOT, 'test', 'unit', 'precommit', `.install-child-${process.pid}.mts`)
writeFileSync(
  script,
  `import {installPrecommitHook, uninstallPrecommitHook} from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'src', 'precommit', 'install.ts')).href)}
const [op, repo] = process.argv.slice(2)
await (op === 'install' ? installPrecommitHook(repo) : uninstallPrecommitHook(repo))
`,
)
afterAll(() => rmSync(script, {force: true}))
afterEach(cleanup)

const USER_HOOK = '#!/bin/sh\n# the user\'s own checks\necho user-hook >> "$(git rev-parse --git-dir)/user-hook-ran"\n'

function child(op: 'install' | 'uninstall', repo: string, faultAt: string): Promise<string | null> {
  return new Promise((resolve) => {
    const process_ = execFile(process.execPath, ['--import', 'tsx', script, op, repo], {cwd: REPO_ROOT, env: {...cliEnv(repo), CODEX_GUARD_FAULT_AT: faultAt}}, () => resolve(process_.signalCode))
  })
}

function repoWithUserHook(): {repo: string; hook: string} {
  const repo = makeRepo()
  const hook = join(repo, '.git', 'hooks', 'pre-commit')
  writeFileSync(hook, USER_HOOK)
  chmodSync(hook, 0o750)
  return {repo, hook}
}

async function expectChainedThenRestored(repo: string, hook: string): Promise<void> {
  const meta = parseHook(readFileSync(hook, 'utf8'))
  expect(meta).toMatchObject({previous: `pre-commit${PREVIOUS_SUFFIX}`, runPrevious: true})
  expect(readFileSync(join(repo, '.git', 'hooks', `pre-commit${PREVIOUS_SUFFIX}`), 'utf8')).toBe(USER_HOOK)
  expect(existsSync(join(repo, '.git', 'hooks', JOURNAL_NAME))).toBe(false)
  expect((await uninstallPrecommitHook(repo, {env: cliEnv(repo)})).action).toBe('restored')
  expect(readFileSync(hook, 'utf8')).toBe(USER_HOOK)
}

describe('journaled precommit install', () => {
  for (const step of ['precommit-install-journaled', 'precommit-install-renamed-aside', 'precommit-install-written']) {
    it(`killed at ${step}: the next install leaves the user's hook chained, uninstall restores it`, async () => {
      const {repo, hook} = repoWithUserHook()
      expect(await child('install', repo, step)).toBe('SIGKILL')
      const next = await installPrecommitHook(repo, {env: cliEnv(repo)})
      expect(['installed', 'unchanged', 'updated']).toContain(next.action)
      await expectChainedThenRestored(repo, hook)
    }, 60_000)

    it(`killed at ${step}: uninstall as the next run restores the user's hook`, async () => {
      const {repo, hook} = repoWithUserHook()
      expect(await child('install', repo, step)).toBe('SIGKILL')
      expect((await precommitHookStatus(repo, {env: cliEnv(repo)})).messages.join('\n')).toMatch(/interrupted: .*codex-guard-journal/)
      await uninstallPrecommitHook(repo, {env: cliEnv(repo)})
      expect(readFileSync(hook, 'utf8')).toBe(USER_HOOK)
      expect(existsSync(join(repo, '.git', 'hooks', JOURNAL_NAME))).toBe(false)
    }, 60_000)
  }

  for (const step of ['precommit-uninstall-journaled', 'precommit-uninstall-renamed']) {
    it(`uninstall killed at ${step}: the next uninstall or install finishes it, the user's hook is intact`, async () => {
      const {repo, hook} = repoWithUserHook()
      await installPrecommitHook(repo, {env: cliEnv(repo)})
      expect(await child('uninstall', repo, step)).toBe('SIGKILL')
      await uninstallPrecommitHook(repo, {env: cliEnv(repo)})
      expect(readFileSync(hook, 'utf8')).toBe(USER_HOOK)
      expect(existsSync(join(repo, '.git', 'hooks', JOURNAL_NAME))).toBe(false)
      await installPrecommitHook(repo, {env: cliEnv(repo)})
      await expectChainedThenRestored(repo, hook)
    }, 60_000)
  }

  it('a hook set aside with nothing in front of it (killed without a journal) is adopted by install and restored by uninstall', async () => {
    const {repo, hook} = repoWithUserHook()
    renameSync(hook, join(repo, '.git', 'hooks', `pre-commit${PREVIOUS_SUFFIX}`))
    await installPrecommitHook(repo, {env: cliEnv(repo)})
    await expectChainedThenRestored(repo, hook)
  })

  it('a journal cut short is dropped and the install proceeds normally', async () => {
    const {repo, hook} = repoWithUserHook()
    writeFileSync(join(repo, '.git', 'hooks', JOURNAL_NAME), '{"op":"inst')
    await installPrecommitHook(repo, {env: cliEnv(repo)})
    await expectChainedThenRestored(repo, hook)
  })
})
