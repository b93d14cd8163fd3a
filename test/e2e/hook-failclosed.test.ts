// Fail closed, proven with the real Codex: Codex runs a tool call whose hook could not start,
// crashed, printed garbage or timed out (it fails open), so the hooks.json wrapper must deny by
// itself. Each failure mode breaks the installed runtime of a repository set up by
// `codex-guard init --trust`, then a scripted `codex exec` asks for an ordinary command and a
// patch: both must be refused, with a reason that says what broke; a secret read through a
// working hook must reach the model only as PostToolUse's withheld notice.
import {execFileSync} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {codexBin, REPO_ROOT, scratchSession} from '../helpers/codex.js'
import {mockProviderConfig, type Step, startMockResponses, toolOutput} from '../helpers/mock-responses.js'

const codex = codexBin()
let scratch: string
let repo: string
let env: NodeJS.ProcessEnv
let runtimeDir: string
let userConfig: string
let placeholderUrl: string

const NOTES = 'ordinary notes, readable when the hook works'
const ADD_FILE = {patch: '*** Begin Patch\n*** Add File: added.txt\n+x\n*** End Patch\n'}
const PROBE: Step[] = [{exec: 'cat notes.txt'}, ADD_FILE, {message: 'Done.'}]

/** One scripted `codex exec` in the guarded repository; returns what the model received for each call. */
async function session(steps: Step[], extraEnv: NodeJS.ProcessEnv = {}, codexPath = codex): Promise<string[]> {
  const server = await startMockResponses(steps)
  try {
    // The user config init --trust wrote (project and hook trust), pointed at this run's mock model.
    writeFileSync(join(env['CODEX_HOME']!, 'config.toml'), userConfig.replaceAll(placeholderUrl, server.url))
    const result = await execa(codexPath, ['exec', '--json', '--skip-git-repo-check', 'run the probe'], {
      cwd: repo,
      env: {...env, ...extraEnv},
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
      timeout: 180_000,
    })
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0)
    return steps.map((_, index) => toolOutput(server, `call_${index}`))
  } finally {
    await server.close()
  }
}

function breakRuntime(hookSource: string): void {
  writeFileSync(join(runtimeDir, 'hook.cjs'), hookSource)
}

beforeAll(async () => {
  ;({scratch, repo, env} = scratchSession('e2e-failclosed-'))
  const placeholder = await startMockResponses([])
  placeholderUrl = placeholder.url
  writeFileSync(join(env['CODEX_HOME']!, 'config.toml'), mockProviderConfig(placeholder.url))
  execFileSync('git', ['init', '-q', repo])
  writeFileSync(join(repo, 'notes.txt'), `${NOTES}\n`)
  writeFileSync(join(repo, 'config.yml'), 'database:\n  host: db.internal\n')
  execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'run.js'), 'init', '--trust', '--no-precommit', '--codex', codex], {cwd: repo, env, stdio: 'pipe'})
  await placeholder.close()
  userConfig = readFileSync(join(env['CODEX_HOME']!, 'config.toml'), 'utf8')
  const runtimes = join(env['HOME']!, '.local', 'share', 'codex-guard', 'runtime')
  runtimeDir = join(runtimes, readdirSync(runtimes).find((name) => !name.startsWith('.'))!)
}, 300_000)

afterAll(() => rmSync(scratch, {recursive: true, force: true}))

describe('the installed hook runtime in a real codex exec', () => {
  it('works: ordinary calls run, and a secret in tool output is withheld from the model', async () => {
    // the token exists only in the output (a file holding it is denied before the read, by content)
    writeFileSync(join(repo, 'token.sh'), "printf 'token: ghp_%s\\n' 0123456789abcdefghijklmnopqrstuvwxyzAB\n")
    const [notes, patch, secret] = await session([{exec: 'cat notes.txt'}, ADD_FILE, {exec: 'sh token.sh'}, {message: 'Done.'}])
    expect(notes).toContain(NOTES)
    expect(patch).not.toMatch(/blocked/)
    expect(secret).toMatch(/codex-guard withheld this output: it holds 1 secret\(s\)/)
    expect(secret).not.toContain('ghp_0123456789abcdefghijklmnopqrstuvwxyzAB')
    rmSync(join(repo, 'added.txt'), {force: true})
    rmSync(join(repo, 'token.sh'), {force: true})
  })

  const denied = (output: string | undefined, because: RegExp) => {
    expect(output).toMatch(/blocked by PreToolUse hook/)
    expect(output).toMatch(because)
    expect(output).not.toContain(NOTES)
  }

  it.each([
    ['crashes (exit 1)', 'process.exit(1)', /runtime failed \(exit 1\)/],
    ['throws', 'throw new Error("boom")', /runtime failed \(exit 1\)/],
    ['prints garbage', 'console.log("hello")', /runtime gave no verdict/],
    ['prints nothing', '', /runtime gave no verdict/],
  ])('denies when the runtime %s', async (_mode, source, because) => {
    const original = readFileSync(join(runtimeDir, 'hook.cjs'))
    breakRuntime(source)
    try {
      const [notes, patch] = await session(PROBE)
      denied(notes, because)
      denied(patch, because)
    } finally {
      writeFileSync(join(runtimeDir, 'hook.cjs'), original)
    }
  })

  it('denies when the runtime hangs past its budget (the wrapper kills it before Codex gives up)', async () => {
    const original = readFileSync(join(runtimeDir, 'hook.cjs'))
    breakRuntime('setInterval(() => {}, 1000)')
    try {
      const [notes] = await session([{exec: 'cat notes.txt'}, {message: 'Done.'}])
      denied(notes, /runtime failed \(exit 124\)/)
    } finally {
      writeFileSync(join(runtimeDir, 'hook.cjs'), original)
    }
  }, 120_000)

  it('denies when the runtime was removed (moved install, cleaned cache)', async () => {
    const moved = `${runtimeDir}.moved`
    execFileSync('mv', [runtimeDir, moved])
    try {
      const [notes, patch] = await session(PROBE)
      denied(notes, /runtime .*hook\.cjs is missing/)
      denied(patch, /runtime .*hook\.cjs is missing/)
    } finally {
      execFileSync('mv', [moved, runtimeDir])
    }
  })

  it('denies when node is not on PATH', async () => {
    // The native codex binary directly (its npm launcher is itself a node script), with a PATH
    // that has the tools the session runs but no node.
    const bin = join(scratch, 'bin-without-node')
    mkdirSync(bin, {recursive: true})
    for (const tool of ['cat', 'sh', 'bash', 'ls', 'timeout', 'git'])
      symlinkSync(
        execFileSync('sh', ['-c', `command -v ${tool}`])
          .toString()
          .trim(),
        join(bin, tool),
      )
    // The package the launcher belongs to (the pinned one, or CODEX_GUARD_TEST_CODEX's).
    const modules = dirname(dirname(dirname(dirname(realpathSync(codex)))))
    const native = execFileSync('find', [join(modules, '@openai'), '-path', '*/bin/codex', '-type', 'f'])
      .toString()
      .trim()
      .split('\n')[0]!
    const [notes] = await session([{exec: 'cat notes.txt'}, {message: 'Done.'}], {PATH: bin}, native)
    denied(notes, /node is not on PATH/)
  })
})
