// The package as users install it: `npm pack` of this build, installed into a fresh global prefix
// (npm --prefer-offline with the machine's npm cache: no network needed once `npm ci` ran), then,
// from that installation only: init in a new repository, the installed hook denying a secret
// read, and a guarded commit with a secret blocked. A tarball that does not install fails here.
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {secretSnippets, seeded} from '../../src/precommit/corpus.js'
import {inputDefault, stepScript} from '../helpers/action.js'
import {CLI_ROOT, cleanup, cliEnv, git, makeRepo, REPO_ROOT, read, scratchOf, writeFiles} from '../helpers/cli.js'
import {npmEnv} from '../helpers/package.js'

interface PackedFile {
  path: string
}

let prefix: string
let tarball: string
let packed: string[]
let home: string

beforeAll(() => {
  home = makeRepo({}, {git: false})
  const base = scratchOf(home).base
  // --ignore-scripts: pack the build under test as it is (prepare would rebuild it).
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', base], {cwd: CLI_ROOT, encoding: 'utf8', env: {...process.env, ...npmEnv()}})
  const info = (JSON.parse(out) as {filename: string; files: PackedFile[]}[])[0]!
  tarball = join(base, info.filename)
  packed = info.files.map((file) => file.path)
  prefix = join(base, 'global prefix')
  mkdirSync(prefix)
  const install = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball], {
    encoding: 'utf8',
    env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: scratchOf(home).home, ...npmEnv()},
    timeout: 300_000,
  })
  if (install.status !== 0) throw new Error(`npm install -g of the packed tarball failed:\n${install.stdout}\n${install.stderr}`)
}, 400_000)

afterAll(cleanup)

/** Runs the installed `codex-guard` (from the global prefix) in a repository. */
function installedCli(repo: string, args: string[]) {
  const bin = join(prefix, 'bin', 'codex-guard')
  const result = spawnSync(bin, args, {cwd: repo, env: cliEnv(repo, {PATH: `${join(prefix, 'bin')}:${process.env['PATH'] ?? '/usr/bin:/bin'}`}), encoding: 'utf8', timeout: 120_000})
  return {code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr}
}

describe('the packed package', () => {
  it('contains what it needs and nothing for development', () => {
    for (const needed of [
      'LICENSE',
      'README.md',
      'package.json',
      'bin/run.js',
      'oclif.manifest.json',
      'dist/hook-runtime/hook.cjs',
      'dist/hook-runtime/code-cache.cjs',
      'dist/precommit.cjs',
      'dist/code-cache.cjs',
      'dist/commands/init.js',
      'templates',
    ]) {
      expect(
        packed.some((path) => path === needed || path.startsWith(`${needed}/`)),
        needed,
      ).toBe(true)
    }
    for (const path of packed) {
      expect(path).not.toMatch(/^(src|test|bench|scripts|\.cache|node_modules)\/|^bin\/dev\.m?js$|\.map$|\.d\.ts$|\.build-stamp$|\.tgz$|^dist\/\.code-cache\//)
    }
    // the code-cache loader reads ASCII bundles as latin1 (fast); a raw non-ASCII byte would slow every hook call
    for (const bundle of ['dist/hook-runtime/hook-main.cjs', 'dist/precommit.cjs'])
      expect(
        readFileSync(join(CLI_ROOT, bundle)).some((byte) => byte > 0x7f),
        bundle,
      ).toBe(false)
    const manifest = JSON.parse(readFileSync(join(prefix, 'lib', 'node_modules', 'codex-guard', 'package.json'), 'utf8'))
    expect(manifest.main).toBeUndefined()
    expect(manifest.repository.url).toMatch(/^git\+https:\/\/github\.com\/[\w-]+\/codex-guard\.git$/)
  })

  it('from the global install: init, the installed hook denies a secret read, a commit with a secret is blocked', () => {
    const repo = makeRepo({'README.md': '# app\n', '.env.example': 'API_KEY=\n'})
    const init = installedCli(repo, ['init'])
    expect(init.code, init.stderr).toBe(0)
    expect(init.stdout).toMatch(/hooks: runtime \S+ installed in /)
    expect(init.stdout).toMatch(/pre-commit: installed the codex-guard pre-commit hook/)
    // the git hook runs the installed package, never this checkout
    const gitHook = readFileSync(join(repo, '.git', 'hooks', 'pre-commit'), 'utf8')
    expect(gitHook).toContain(join(prefix, 'lib', 'node_modules', 'codex-guard', 'bin', 'run.js'))
    expect(gitHook).not.toContain(CLI_ROOT)

    const hooks = JSON.parse(read(repo, '.codex/hooks.json')) as {hooks: Record<string, {hooks: {command: string}[]}[]>}
    const command = hooks.hooks['PreToolUse']![0]!.hooks[0]!.command
    const probe = spawnSync('/bin/sh', ['-c', command], {
      cwd: repo,
      input: JSON.stringify({tool_name: 'Bash', tool_input: {command: 'cat .env'}, cwd: repo}),
      env: cliEnv(repo),
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(probe.status, probe.stderr).toBe(0)
    expect(JSON.parse(probe.stdout).hookSpecificOutput.permissionDecision).toBe('deny')

    git(repo, ['add', '-A'])
    git(repo, ['commit', '-q', '-m', 'guardrails'])
    const key = secretSnippets(seeded(7)).find((snippet) => snippet.kind === 'openai')!.lines[0]!
    writeFiles(repo, {'src/config.js': `export const key = "${key}"\n`})
    git(repo, ['add', '-A'])
    const commit = spawnSync('git', ['commit', '-q', '-m', 'add config'], {
      cwd: repo,
      env: cliEnv(repo, {GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid'}),
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(commit.status).not.toBe(0)
    expect(`${commit.stdout}${commit.stderr}`).toMatch(/CG-COMMIT-SECRET/)
    expect(`${commit.stdout}${commit.stderr}`).not.toContain(key)
    expect(git(repo, ['rev-list', '--count', 'HEAD']).trim()).toBe('1')
    expect(existsSync(join(prefix, 'bin', 'codex-guard'))).toBe(true)
  })

  it('the GitHub Action installs this tarball (input "package") and its scan step, with that installation, fails a malicious pull request', () => {
    const repo = makeRepo({'README.md': '# app\n'})
    git(repo, ['add', '-A'])
    git(repo, ['commit', '-q', '-m', 'base'])
    const baseSha = git(repo, ['rev-parse', 'HEAD']).trim()
    writeFiles(repo, {'README.md': '# app\nFixed a typo.\n'})
    git(repo, ['commit', '-q', '-am', 'Fix typo'])
    const headSha = git(repo, ['rev-parse', 'HEAD']).trim()
    const base = scratchOf(repo).base
    const runnerTemp = join(base, 'runner-temp')
    mkdirSync(runnerTemp)
    const githubPath = join(base, 'github-path')
    const githubOutput = join(base, 'github-output')
    writeFileSync(githubPath, '')
    writeFileSync(githubOutput, '')
    const install = spawnSync('bash', ['-e', '-c', stepScript('install')], {
      cwd: repo,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: scratchOf(repo).home,
        ...npmEnv(),
        GITHUB_ACTION_PATH: REPO_ROOT,
        RUNNER_TEMP: runnerTemp,
        GITHUB_PATH: githubPath,
        CODEX_GUARD_PACKAGE: tarball,
      },
      encoding: 'utf8',
      timeout: 300_000,
    })
    expect(install.status, `${install.stdout}${install.stderr}`).toBe(0)
    const binDir = readFileSync(githubPath, 'utf8').trim()
    expect(binDir).toBe(join(runnerTemp, 'codex-guard', 'bin'))
    expect(existsSync(join(binDir, 'codex-guard'))).toBe(true)

    const event = join(base, 'event.json')
    writeFileSync(
      event,
      readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'pr-events', 'malicious-branch.json'), 'utf8')
        .replace('BASE_SHA', baseSha)
        .replace('HEAD_SHA', headSha),
    )
    const scan = spawnSync('bash', ['-e', '-c', stepScript('scan')], {
      cwd: repo,
      env: cliEnv(repo, {
        PATH: `${binDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
        GITHUB_EVENT_PATH: event,
        GITHUB_OUTPUT: githubOutput,
        FAIL_ON: inputDefault('fail-on'),
        SARIF_FILE: inputDefault('sarif-file'),
      }),
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(scan.status, scan.stderr).toBe(1)
    expect(scan.stdout).toMatch(/^::error title=codex-guard CG-REF-001 \(critical\)::pull\/103:headRefName/m)
    expect(readFileSync(githubOutput, 'utf8')).toBe(`sarif-file=${join(repo, 'codex-guard.sarif')}\n`)
    expect(JSON.parse(readFileSync(join(repo, 'codex-guard.sarif'), 'utf8')).runs[0].results.length).toBeGreaterThan(0)
  })
})
