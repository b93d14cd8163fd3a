// Codex discovery: explicit path, $CODEX_GUARD_CODEX, PATH, npm's global prefix, the checkout's
// test cache — in that order — and the tested-version verdict.
import {mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {describeCodex, locateCodex, parseCodexVersion, TESTED_CODEX_RANGE, testedVerdict} from '../../../src/codex/binary.js'
import {ConfigError} from '../../../src/util/errors.js'
import {packageRoot} from '../../../src/util/paths.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true})
})

function scratch(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'cg-codex-find-')))
  dirs.push(dir)
  return dir
}

/** A fake codex at dir/bin/codex (or dir/codex with flat). */
function fakeCodex(dir: string, mode = 0o755): string {
  mkdirSync(dir, {recursive: true})
  const path = join(dir, 'codex')
  writeFileSync(path, '#!/bin/sh\necho codex-cli 0.170.0\n', {mode})
  return path
}

/** An execPath whose prefix has no codex, and a HOME without .npmrc. */
function bareMachine(): {execPath: string; home: string} {
  const base = scratch()
  mkdirSync(join(base, 'home'))
  return {execPath: join(base, 'node', 'bin', 'node'), home: join(base, 'home')}
}

describe('locateCodex', () => {
  it('uses an explicit path, and refuses one that is missing or not executable instead of falling back', () => {
    const base = scratch()
    const codex = fakeCodex(join(base, 'a'))
    expect(locateCodex(codex, {PATH: ''})).toEqual({path: codex, source: 'flag'})
    expect(() => locateCodex(join(base, 'missing'), {PATH: join(base, 'a')})).toThrow(ConfigError)
    const plain = fakeCodex(join(base, 'b'), 0o644)
    expect(() => locateCodex(plain, {PATH: join(base, 'a')})).toThrow(/not executable/)
    // a directory named codex is not a binary
    mkdirSync(join(base, 'c', 'codex'), {recursive: true})
    expect(() => locateCodex(join(base, 'c', 'codex'), {})).toThrow(ConfigError)
  })

  it('takes $CODEX_GUARD_CODEX before PATH, the flag before both, and names a broken variable', () => {
    const base = scratch()
    const onPath = fakeCodex(join(base, 'path'))
    const fromEnv = fakeCodex(join(base, 'env'))
    const flag = fakeCodex(join(base, 'flag'))
    const env = {PATH: join(base, 'path'), CODEX_GUARD_CODEX: fromEnv}
    expect(locateCodex(undefined, env)).toEqual({path: fromEnv, source: 'CODEX_GUARD_CODEX'})
    expect(locateCodex(flag, env).path).toBe(flag)
    expect(locateCodex(undefined, {PATH: join(base, 'path')})).toEqual({path: onPath, source: 'PATH'})
    expect(() => locateCodex(undefined, {PATH: join(base, 'path'), CODEX_GUARD_CODEX: join(base, 'nope')})).toThrow(/CODEX_GUARD_CODEX/)
  })

  it('walks PATH in order, skipping empty entries and non-executable files', () => {
    const base = scratch()
    fakeCodex(join(base, 'first'), 0o644)
    const second = fakeCodex(join(base, 'second'))
    fakeCodex(join(base, 'third'))
    const {execPath, home} = bareMachine()
    expect(locateCodex(undefined, {PATH: `::${join(base, 'first')}:${join(base, 'second')}:${join(base, 'third')}`, HOME: home}, execPath).path).toBe(second)
  })

  it('finds a global npm install next to node, from $npm_config_prefix and from ~/.npmrc without spawning npm', () => {
    const base = scratch()
    const {home} = bareMachine()
    const nodePrefix = join(base, 'nodeprefix')
    const nextToNode = fakeCodex(join(nodePrefix, 'bin'))
    expect(locateCodex(undefined, {PATH: '', HOME: home}, join(nodePrefix, 'bin', 'node'))).toEqual({path: nextToNode, source: 'npm global prefix'})

    const custom = fakeCodex(join(base, 'custom', 'bin'))
    expect(locateCodex(undefined, {PATH: '', HOME: home, npm_config_prefix: join(base, 'custom')}, join(base, 'x', 'bin', 'node')).path).toBe(custom)

    const npmrcHome = join(base, 'home2')
    mkdirSync(npmrcHome)
    const inHome = fakeCodex(join(npmrcHome, '.npm-global', 'bin'))
    writeFileSync(join(npmrcHome, '.npmrc'), 'fund=false\nprefix = ~/.npm-global\n')
    expect(locateCodex(undefined, {PATH: '', HOME: npmrcHome}, join(base, 'x', 'bin', 'node')).path).toBe(inHome)
  })

  it('falls back to the pinned copy in this checkout’s .cache/codex, and says so', () => {
    const {execPath, home} = bareMachine()
    const found = locateCodex(undefined, {PATH: '', HOME: home}, execPath)
    expect(found).toEqual({path: join(packageRoot(), '.cache', 'codex', 'node_modules', '.bin', 'codex'), source: 'checkout test cache'})
  })
})

describe('tested version range', () => {
  it('parses codex --version output', () => {
    expect(parseCodexVersion('codex-cli 0.170.2\n')).toEqual([0, 170, 2])
    expect(parseCodexVersion('garbage')).toBeUndefined()
  })

  it.each([
    ['codex-cli 0.169.0', 'tested'],
    ['codex-cli 0.171.9', 'tested'],
    ['codex-cli 0.170.0-alpha.1', 'tested'],
    ['codex-cli 0.168.3', 'older'],
    ['codex-cli 0.172.0', 'newer'],
    ['codex-cli 1.0.0', 'newer'],
    ['', 'unknown'],
    ['error: unexpected argument', 'unknown'],
  ])('%s → %s', (output, verdict) => {
    expect(testedVerdict(output)).toBe(verdict)
  })

  it('describes the binary and warns only outside the range', () => {
    const location = {path: '/opt/codex', source: 'PATH' as const}
    expect(describeCodex(location, 'codex-cli 0.169.0\n')).toEqual({line: `codex: /opt/codex (PATH), codex-cli 0.169.0 (tested range ${TESTED_CODEX_RANGE})`})
    const newer = describeCodex(location, 'codex-cli 0.180.1')
    expect(newer.line).toBe('codex: /opt/codex (PATH), codex-cli 0.180.1')
    expect(newer.warning).toMatch(/newer than the tested range 0\.169–0\.171/)
    expect(describeCodex(location, '').warning).toMatch(/could not be read/)
  })
})
