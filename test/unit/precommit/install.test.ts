// install / uninstall / status of the git hook, on real repositories: hooks directory from git
// (core.hooksPath included), chaining an existing hook, byte-exact restore.
import {chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {HOOK_MARKER, installPrecommitHook, parseHook, precommitCommand, precommitHookStatus, uninstallPrecommitHook} from '../../../src/precommit/install.js'
import {cleanup, cliEnv, git, makeRepo} from '../../helpers/cli.js'

afterEach(cleanup)

const options = (repo: string) => ({env: cliEnv(repo)})
const fileState = (path: string) => {
  const stat = lstatSync(path)
  return {mode: stat.mode, content: stat.isSymbolicLink() ? `-> ${readlinkSync(path)}` : readFileSync(path).toString('base64')}
}

describe('installPrecommitHook', () => {
  it('installs an executable hook that runs this installation by absolute path', async () => {
    const repo = makeRepo()
    const result = await installPrecommitHook(repo, options(repo))
    const hook = join(repo, '.git', 'hooks', 'pre-commit')
    expect(result).toMatchObject({action: 'installed', hookPath: hook})
    const content = readFileSync(hook, 'utf8')
    expect(content).toContain(HOOK_MARKER)
    expect(content).toContain(precommitCommand())
    expect(precommitCommand()).toMatch(/^\S*node\S* \S*bin\/run\.js'? precommit run$/)
    expect(statSync(hook).mode & 0o111).toBe(0o111)
    expect((await installPrecommitHook(repo, options(repo))).action).toBe('unchanged')
  })

  it('respects core.hooksPath (relative, not yet existing) and removes the directory it created', async () => {
    const repo = makeRepo()
    git(repo, ['config', 'core.hooksPath', '.githooks'])
    const result = await installPrecommitHook(repo, options(repo))
    expect(result.hookPath).toBe(join(repo, '.githooks', 'pre-commit'))
    expect(existsSync(join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false)
    const status = await precommitHookStatus(repo, options(repo))
    expect(status).toMatchObject({installed: true, hooksPathConfig: '.githooks', current: true})
    expect((await uninstallPrecommitHook(repo, options(repo))).action).toBe('removed')
    expect(existsSync(join(repo, '.githooks'))).toBe(false)
  })

  it('chains an existing hook and restores it byte for byte, with its mode', async () => {
    const repo = makeRepo()
    const hook = join(repo, '.git', 'hooks', 'pre-commit')
    writeFileSync(hook, '#!/bin/sh\n# my hook\r\necho "mine" >&2\nexit 0\n')
    chmodSync(hook, 0o750)
    const before = fileState(hook)
    const result = await installPrecommitHook(repo, options(repo))
    expect(result.previous).toBe(join(repo, '.git', 'hooks', 'pre-commit.codex-guard-chained'))
    expect(result.previousRuns).toBe(true)
    expect(result.messages.join('\n')).toMatch(/still runs/)
    expect(fileState(result.previous!)).toEqual(before)
    expect(parseHook(readFileSync(hook, 'utf8'))).toEqual({previous: 'pre-commit.codex-guard-chained', runPrevious: true, createdDir: false})
    // idempotent: a second install keeps the chain
    expect((await installPrecommitHook(repo, options(repo))).action).toBe('unchanged')
    const status = await precommitHookStatus(repo, options(repo))
    expect(status.previous).toMatchObject({runs: true, exists: true})
    const removed = await uninstallPrecommitHook(repo, options(repo))
    expect(removed.action).toBe('restored')
    expect(fileState(hook)).toEqual(before)
    expect(existsSync(result.previous!)).toBe(false)
  })

  it('keeps a symlinked hook as a symlink', async () => {
    const repo = makeRepo({'scripts/hook.sh': '#!/bin/sh\nexit 0\n'})
    const hook = join(repo, '.git', 'hooks', 'pre-commit')
    symlinkSync('../../scripts/hook.sh', hook)
    const before = fileState(hook)
    await installPrecommitHook(repo, options(repo))
    expect(lstatSync(join(repo, '.git', 'hooks', 'pre-commit.codex-guard-chained')).isSymbolicLink()).toBe(true)
    await uninstallPrecommitHook(repo, options(repo))
    expect(fileState(hook)).toEqual(before)
  })

  it('--no-chain sets the previous hook aside; uninstall still restores it', async () => {
    const repo = makeRepo()
    const hook = join(repo, '.git', 'hooks', 'pre-commit')
    writeFileSync(hook, '#!/bin/sh\nexit 1\n', {mode: 0o755})
    const before = fileState(hook)
    const result = await installPrecommitHook(repo, {...options(repo), chain: false})
    expect(result.previousRuns).toBe(false)
    expect(readFileSync(hook, 'utf8')).not.toContain('"$previous"')
    await uninstallPrecommitHook(repo, options(repo))
    expect(fileState(hook)).toEqual(before)
  })

  it('dry run changes nothing', async () => {
    const repo = makeRepo()
    const result = await installPrecommitHook(repo, {...options(repo), dryRun: true})
    expect(result.messages[0]).toMatch(/^would install/)
    expect(existsSync(join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false)
  })

  it('refuses to rename a husky hook and says what to do instead', async () => {
    const repo = makeRepo()
    mkdirSync(join(repo, '.husky', '_'), {recursive: true})
    writeFileSync(join(repo, '.husky', '_', 'h'), '#!/usr/bin/env sh\n')
    writeFileSync(join(repo, '.husky', '_', 'pre-commit'), '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n', {mode: 0o755})
    git(repo, ['config', 'core.hooksPath', '.husky/_'])
    const result = await installPrecommitHook(repo, options(repo))
    expect(result.action).toBe('refused')
    expect(result.messages.join('\n')).toMatch(/\.husky\/pre-commit/)
    expect(readFileSync(join(repo, '.husky', '_', 'pre-commit'), 'utf8')).not.toContain(HOOK_MARKER)
  })

  it('uninstall leaves a foreign hook alone', async () => {
    const repo = makeRepo()
    const hook = join(repo, '.git', 'hooks', 'pre-commit')
    writeFileSync(hook, '#!/bin/sh\nexit 0\n', {mode: 0o755})
    expect((await uninstallPrecommitHook(repo, options(repo))).action).toBe('refused')
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nexit 0\n')
    expect((await precommitHookStatus(repo, options(repo))).installed).toBe(false)
  })
})
