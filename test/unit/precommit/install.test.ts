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

describe('the pre-commit framework owning the hook', () => {
  // the head of the script `pre-commit install` (3.x) writes
  const FRAMEWORK_HOOK =
    '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n# ID: 138fd403232d2ddd5efb44317e38bf03\nINSTALL_PYTHON=/usr/bin/python3\nexec "$INSTALL_PYTHON" -mpre_commit hook-impl --hook-type=pre-commit -- "$@"\n'
  const CONFIG = 'repos:\n  - repo: https://github.com/codex-guard/codex-guard\n    rev: v0.1.0\n    hooks:\n      - id: codex-guard\n'

  it.each([
    [CONFIG, true],
    ['repos:\n- repo: x\n  rev: v1\n  hooks:\n  - id: "codex-guard"   # secrets\n', true],
    ['repos:\n  - repo: local\n    hooks:\n      - id: secrets\n        entry: npx codex-guard precommit run\n        language: system\n', true],
    ['repos:\n  - repo: x\n    hooks:\n      # - id: codex-guard\n      - id: trailing-whitespace\n', false],
    ['repos:\n  - repo: x\n    hooks:\n      - id: codex-guard-lint\n', false],
    ['# codex-guard is great\nrepos: []\n', false],
  ])('frameworkRunsCodexGuard(%j) → %s', async (text, expected) => {
    const {frameworkRunsCodexGuard} = await import('../../../src/precommit/install.js')
    expect(frameworkRunsCodexGuard(text)).toBe(expected)
  })

  it('status says installed via the framework; install neither chains nor touches the hook', async () => {
    const repo = makeRepo({'.pre-commit-config.yaml': CONFIG})
    const hook = join(repo, '.git', 'hooks', 'pre-commit')
    writeFileSync(hook, FRAMEWORK_HOOK, {mode: 0o755})
    expect(await precommitHookStatus(repo, options(repo))).toMatchObject({installed: true, viaFramework: true, manager: 'the pre-commit framework'})
    const result = await installPrecommitHook(repo, options(repo))
    expect(result.action).toBe('unchanged')
    expect(result.messages.join('\n')).toMatch(/already runs through the pre-commit framework/)
    expect(readFileSync(hook, 'utf8')).toBe(FRAMEWORK_HOOK)
    expect(existsSync(`${hook}.codex-guard-chained`)).toBe(false)
  })

  it('with the config but no hook yet, asks for `pre-commit install` instead of adding a hook the framework would run twice', async () => {
    const repo = makeRepo({'.pre-commit-config.yaml': CONFIG})
    const result = await installPrecommitHook(repo, options(repo))
    expect(result.action).toBe('unchanged')
    expect(result.messages.join('\n')).toMatch(/run `pre-commit install`/)
    expect(existsSync(join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false)
    expect((await precommitHookStatus(repo, options(repo))).messages.join('\n')).toMatch(/lists codex-guard; run `pre-commit install`/)
  })

  it('still chains the framework hook when its config does not run codex-guard', async () => {
    const repo = makeRepo({'.pre-commit-config.yaml': 'repos:\n  - repo: x\n    hooks:\n      - id: trailing-whitespace\n'})
    const hook = join(repo, '.git', 'hooks', 'pre-commit')
    writeFileSync(hook, FRAMEWORK_HOOK, {mode: 0o755})
    expect((await precommitHookStatus(repo, options(repo))).installed).toBe(false)
    const result = await installPrecommitHook(repo, options(repo))
    expect(result.action).toBe('installed')
    expect(readFileSync(`${hook}.codex-guard-chained`, 'utf8')).toBe(FRAMEWORK_HOOK)
  })
})
