// Which files in a rules folder Codex loads, and in what order (collect_policy_files).
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {isRulesFileName, listRulesDir} from '../../src/codex/rules/loader.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true})
})

describe('listRulesDir', () => {
  it('keeps regular *.rules files sorted by UTF-8 bytes, flags symlinks, skips the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-guard-rules-dir-'))
    dirs.push(dir)
    for (const name of ['b.rules', 'a.rules', '.rules', 'x.rules.bak', 'notes.txt', '\u{1F600}.rules', '\uFFFD.rules', '..rules']) writeFileSync(join(dir, name), '')
    mkdirSync(join(dir, 'folder.rules'))
    symlinkSync('a.rules', join(dir, 'c.rules'))
    const listed = listRulesDir(dir).map((entry) => [basename(entry.file), entry.symlink])
    expect(listed).toEqual([
      ['..rules', false],
      ['a.rules', false],
      ['b.rules', false],
      ['c.rules', true],
      ['\uFFFD.rules', false],
      ['\u{1F600}.rules', false],
    ])
  })

  it('a missing folder has no files', () => {
    expect(listRulesDir(join(tmpdir(), 'codex-guard-no-such-dir', 'rules'))).toEqual([])
  })

  it('matches Rust’s Path::extension', () => {
    expect(['a.rules', '..rules', 'a.b.rules'].every(isRulesFileName)).toBe(true)
    expect(['.rules', 'rules', 'a.rules.bak', 'a.Rules'].some(isRulesFileName)).toBe(false)
  })
})
