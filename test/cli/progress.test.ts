// Progress on a real pseudo-terminal (util-linux `script`) versus a pipe: the scan draws its
// progress line only when stderr is a terminal, and the report on stdout is the same either way.
import {spawnSync} from 'node:child_process'
import {afterEach, describe, expect, it} from 'vitest'
import {shellQuote} from '../../src/util/shell.js'
import {BIN, cleanup, cliEnv, makeRepo} from '../helpers/cli.js'

afterEach(cleanup)

function repoWithFiles(count: number): string {
  const files: Record<string, string> = {}
  for (let index = 0; index < count; index++) files[`notes/file-${index}.md`] = `# note ${index}\n\nNothing to see.\n`
  return makeRepo(files)
}

describe('progress line', () => {
  it('is drawn on a terminal and absent when piped', () => {
    const repo = repoWithFiles(1500)
    const command = [process.execPath, BIN, 'scan', 'files', 'notes'].map(shellQuote).join(' ')
    const tty = spawnSync('script', ['-qefc', command, '/dev/null'], {cwd: repo, env: cliEnv(repo, {TERM: 'xterm'}), encoding: 'utf8', timeout: 120_000})
    expect(tty.status, tty.stdout).toBe(0)
    expect(tty.stdout).toMatch(/\r\u001b\[2Kcodex-guard scan files/)
    expect(tty.stdout).toContain('No findings.')

    const piped = spawnSync(process.execPath, [BIN, 'scan', 'files', 'notes'], {cwd: repo, env: cliEnv(repo, {TERM: 'xterm'}), encoding: 'utf8', timeout: 120_000})
    expect(piped.status).toBe(0)
    expect(piped.stderr).not.toContain('codex-guard scan files')
    expect(piped.stderr).not.toContain('\u001b[2K')
    expect(piped.stdout).toContain('No findings.')

    const disabled = spawnSync('script', ['-qefc', command, '/dev/null'], {cwd: repo, env: cliEnv(repo, {TERM: 'xterm', CODEX_GUARD_NO_PROGRESS: '1'}), encoding: 'utf8', timeout: 120_000})
    expect(disabled.stdout).not.toContain('codex-guard scan files')
  })
})
