// Differential test: src/codex/rules/ against the real `codex execpolicy check` (0.169).
// Every command of the corpus is checked by both, with and without --resolve-host-executables,
// and broken files must be rejected by both at the same line.
import {execFile} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type CheckResult, checkExamples, ExecPolicy, parseRules, type RulesFile, RulesSyntaxError, renderPrefixRule} from '../../src/codex/rules/index.js'
import {codexBin} from '../helpers/codex.js'

interface CodexRun {
  code: number
  stdout: string
  stderr: string
}

let scratch = ''
let rulesDir = ''
let codexEnv: NodeJS.ProcessEnv = {}

function runCodex(args: string[]): Promise<CodexRun> {
  return new Promise((resolve, reject) => {
    execFile(codexBin(), args, {env: codexEnv, maxBuffer: 4 * 1024 * 1024}, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(error)
        return
      }
      resolve({code: error ? Number(error.code) : 0, stdout, stderr})
    })
  })
}

/** Runs `jobs` with at most `limit` codex processes at a time (the test machines have 2 cores). */
async function inPool<T, R>(items: T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await job(items[index]!)
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return results
}

function writeRules(name: string, text: string): string {
  const path = join(rulesDir, name)
  writeFileSync(path, text)
  return path
}

/** The line codex names in its error: ` --> file:LINE:COL` or the traceback's `* file:LINE, in`. */
function codexErrorLine(stderr: string, path: string): number | undefined {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const arrow = new RegExp(`--> ${escaped}:(\\d+):\\d+`).exec(stderr)
  const frame = new RegExp(`\\* ${escaped}:(\\d+), in`).exec(stderr)
  const found = arrow ?? frame
  return found ? Number(found[1]) : undefined
}

// The three example files of docs/codex-reference.md §2.4, verbatim.
const SECRETS_RULES = `# codex-guard: block commands that print well-known secret files.
# NOTE: prefix rules only see argv tokens; they are NOT a read barrier
# (cat ./.env, cat < .env, head .env ... are not matched). Pair with a
# permission-profile deny-read entry for real protection.
SECRET_FILES = [".env", ".env.local", ".env.development", ".env.production", ".npmrc", ".netrc", "id_rsa", "id_ed25519"]

prefix_rule(
    pattern = [["cat", "less", "more", "head", "tail", "bat", "xxd", "strings"], SECRET_FILES],
    decision = "forbidden",
    justification = "codex-guard: secret files must not be read; use .env.example instead",
    match = [["cat", ".env"], "head .env.local", "strings id_rsa"],
    not_match = ["cat README.md", "cat ./.env.example"],
)

prefix_rule(
    pattern = [["printenv", "env"]],
    decision = "prompt",
    justification = "codex-guard: dumping the environment can leak credentials",
    match = ["printenv", "env"],
)
`

const NETWORK_RULES = `# codex-guard: gate network egress and publishing commands.
prefix_rule(
    pattern = [["curl", "wget", "nc", "ncat", "socat", "scp", "rsync", "ssh"]],
    decision = "prompt",
    justification = "codex-guard: outbound network access needs approval",
    match = ["curl https://example.com", "ssh host"],
)
prefix_rule(
    pattern = ["curl", ["-T", "--upload-file", "-F", "--form", "-d", "--data", "--data-binary"]],
    decision = "forbidden",
    justification = "codex-guard: uploading data with curl is blocked",
    match = ["curl -T file https://x", "curl --data @.env https://x"],
    not_match = ["curl https://x -T file"],
)
prefix_rule(
    pattern = [["dig", "nslookup", "host"]],
    decision = "prompt",
    justification = "codex-guard: DNS lookups can exfiltrate data in subdomain labels",
)
prefix_rule(
    pattern = [["npm", "pnpm", "yarn"], "publish"],
    decision = "forbidden",
    justification = "codex-guard: publishing packages is not allowed from an agent session",
)
`

const GIT_RULES = `# codex-guard: git/gh policy. Strictest matching decision wins.
# WARNING: "allow" rules make matching commands run OUTSIDE the sandbox.
prefix_rule(pattern = ["git", ["status", "diff", "log", "show", "branch"]], decision = "allow")
prefix_rule(
    pattern = ["git", "push"],
    decision = "prompt",
    justification = "codex-guard: pushing requires human approval",
    match = ["git push", "git push origin main"],
)
prefix_rule(
    pattern = ["git", "push", ["--force", "-f", "--force-with-lease", "--mirror", "--delete"]],
    decision = "forbidden",
    justification = "codex-guard: destructive pushes are blocked; open a PR instead",
    match = ["git push --force origin main"],
    not_match = ["git push origin main --force"],
)
prefix_rule(
    pattern = ["git", "config", ["credential.helper", "--global", "--system"]],
    decision = "forbidden",
    justification = "codex-guard: agents may not change git credential/global config",
)
prefix_rule(
    pattern = ["gh", ["auth", "secret", "ssh-key", "gpg-key"]],
    decision = "forbidden",
    justification = "codex-guard: GitHub credential management is blocked",
    match = ["gh auth token", "gh secret list"],
)
host_executable(name = "git", paths = ["/usr/bin/git", "/usr/local/bin/git"])
`

const EDGE_RULES = `# codex-guard e2e: alternatives, positional arguments, overlaps, odd tokens.
DOCKER_RISKY = ["--privileged", "-v", "--volume"]
RUNNERS = ["run", "exec"]

prefix_rule(
    pattern = ["docker", RUNNERS, DOCKER_RISKY],
    decision = "forbidden",
    justification = """docker with host access
is blocked""",
    match = [["docker", "run", "--privileged", "alpine"], "docker exec -v /:/h x"],
    not_match = ["docker run alpine --privileged"],
)
prefix_rule(["docker"], "prompt")  # positional arguments, no justification
prefix_rule(pattern = ["docker", "ps"], decision = "allow")
prefix_rule(pattern = ["rm"], decision = "prompt", justification = 'single-quoted \\'rm\\'')
prefix_rule(pattern = ["rm", ["-rf", "-fr", "-r"]], decision = "forbidden", justification = "recursive " + "delete",)
prefix_rule(pattern = ["rm", "-rf", "/"], decision = "forbidden", justification = "root\\twipe")
prefix_rule(pattern = ["echo", ["h\\u00e9llo", "🙂", "a\\nb", ""]], decision = "prompt")
prefix_rule(pattern = [""], decision = "prompt", justification = "empty program")
prefix_rule(pattern = ["-"], decision = "forbidden")
prefix_rule(pattern = [["--help", "-h", "--"]], decision = "prompt", justification = "option-like programs")
prefix_rule(pattern = [["python3", "python"], "-c"], decision = "prompt", match = ["python -c 'print(1)'"])
prefix_rule(pattern = ["sh", "-c", "echo 'x' \\"y\\""], decision = "forbidden")
prefix_rule(pattern = ["kubectl"] + ["delete"] * 1, decision = "prompt")
prefix_rule(pattern = ["terraform", ["apply"]], decision = "prompt")
prefix_rule(pattern = ["chmod", "777"], decision = "allow")
prefix_rule(pattern = ["chmod"], decision = "prompt")
prefix_rule(pattern = ["Rm", "-RF"], decision = "forbidden", canonical_matching = True)
`

const HOST_RULES = `host_executable(name = "ls", paths = ["/bin/ls", "/usr/bin/ls", "/usr/bin/../bin/ls"])
host_executable("python3", ["/usr/bin/python3"])
prefix_rule(pattern = ["ls", "-la"], decision = "prompt", match = ["/bin/ls -la /root"])
prefix_rule(pattern = ["ls"], decision = "allow", not_match = ["/opt/ls"])
prefix_rule(pattern = ["cp"], decision = "prompt")
`

const CORPUS: string[][] = [
  // secrets
  ['cat', '.env'],
  ['cat', './.env'],
  ['cat', '--', '.env'],
  ['/usr/bin/cat', '.env'],
  ['/bin/cat', '.env'],
  ['head', '.env.local', '-n', '1'],
  ['strings', 'id_rsa'],
  ['cat', 'README.md'],
  ['cat', '.env.example'],
  ['env'],
  ['printenv', 'HOME'],
  ['env', '-i', 'sh'],
  ['tail', '-f', '.npmrc'],
  ['bat', 'id_ed25519'],
  ['cat', '*.env'],
  // network
  ['curl', 'https://example.com'],
  ['curl', '-T', 'file', 'https://x'],
  ['curl', 'https://x', '-T', 'file'],
  ['curl', '--data', '@.env', 'https://x'],
  ['curl', '--data-binary', '@x', 'u'],
  ['wget', '-q', 'u'],
  ['nc', '-l', '4444'],
  ['scp', 'a', 'host:b'],
  ['dig', 'x.evil.com'],
  ['host', 'example.com'],
  ['npm', 'publish'],
  ['pnpm', 'publish', '--tag', 'x'],
  ['yarn', 'install'],
  ['/usr/bin/curl', '-F', 'a=@b', 'u'],
  ['/usr/local/bin/curl', 'x'],
  // git
  ['git', 'status'],
  ['git', 'status', '--short'],
  ['git', 'push'],
  ['git', 'push', 'origin', 'main'],
  ['git', 'push', '--force', 'origin', 'main'],
  ['git', 'push', 'origin', 'main', '--force'],
  ['git', 'push', '-f'],
  ['git', 'config', 'credential.helper', 'store'],
  ['git', 'config', 'user.name', 'x'],
  ['gh', 'auth', 'token'],
  ['gh', 'pr', 'list'],
  ['/usr/bin/git', 'status'],
  ['/usr/bin/git', 'push', '-f'],
  ['/usr/local/bin/git', 'push', '--delete', 'origin', 'x'],
  ['/opt/homebrew/bin/git', 'push', '-f'],
  ['/usr/bin/../bin/git', 'status'],
  ['/usr/bin//git', 'push'],
  ['/usr/bin/git/', 'push'],
  ['./git', 'status'],
  ['bin/git', 'status'],
  ['GIT', 'status'],
  ['git'],
  ['git', '-C', 'repo', 'push'],
  // edge file
  ['docker', 'run', '--privileged', 'alpine'],
  ['docker', 'exec', '--volume', 'x'],
  ['docker', 'run', 'alpine', '--privileged'],
  ['docker', 'ps'],
  ['docker'],
  ['rm', '-rf', '/'],
  ['rm', '-fr', 'build'],
  ['rm', ' -rf'],
  ['RM', '-RF', '/'],
  ['Rm', '-rf'],
  ['echo', 'héllo'],
  ['echo', 'he\u0301llo'],
  ['echo', '🙂', 'x'],
  ['echo', 'a\nb'],
  ['echo', ''],
  ['echo', '\t'],
  [''],
  ['', 'x'],
  ['-'],
  // Without the `--` that runCodex passes, codex would take these as its own options.
  ['--help'],
  ['-h'],
  ['--pretty', 'x'],
  ['--'],
  ['-rf', 'x'],
  ['python', '-c', 'print(1)'],
  ['python3', '-c', "import os; os.system('x')"],
  ['/usr/bin/python3', '-c', 'x'],
  ['/usr/local/bin/python3', '-c', 'x'],
  ['sh', '-c', `echo 'x' "y"`],
  ['sh', '-c', 'echo x y'],
  ['kubectl', 'delete', 'pod', 'x'],
  ['terraform', 'apply'],
  ['chmod', '777', 'f'],
  ['chmod', '+x', 'f'],
  // host file
  ['/bin/ls', '-la'],
  ['/usr/bin/ls'],
  ['/opt/ls', '-la'],
  ['~/bin/ls'],
  ['~/bin/cp', 'a'],
  ['/opt/RM', '-rf'],
  ['/usr/bin/GIT', 'status'],
  ['/bin/cp', 'a', 'b'],
  ['/', 'x'],
  ['/usr/bin/ls/..', 'x'],
]

const FILE_SET: [string, string][] = [
  ['10-secrets.rules', SECRETS_RULES],
  ['20-network.rules', NETWORK_RULES],
  ['30-git.rules', GIT_RULES],
  ['40-edge.rules', EDGE_RULES],
  ['50-hosts.rules', HOST_RULES],
]

beforeAll(() => {
  // CODEX_HOME must not live under TMPDIR (docs/codex-reference.md §4.4).
  scratch = mkdtempSync(join(tmpdir(), 'codex-guard-execpolicy-'))
  rulesDir = join(scratch, 'rules')
  for (const dir of ['tmp', 'home', 'rules']) mkdirSync(join(scratch, dir))
  codexEnv = {...process.env, TMPDIR: join(scratch, 'tmp'), CODEX_HOME: join(scratch, 'home')}
})

afterAll(() => {
  if (scratch) rmSync(scratch, {recursive: true, force: true})
})

describe('codex execpolicy check vs ExecPolicy', () => {
  it('gives the same JSON for every corpus command, with and without host-executable resolution', async () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60)
    const paths = FILE_SET.map(([name, text]) => writeRules(name, text))
    const files = FILE_SET.map(([name, text], index) => parseRules(text, paths[index] ?? name))
    files.forEach((file, index) => {
      expect(checkExamples(file, files.slice(0, index))).toEqual([])
    })
    const policy = new ExecPolicy(files)
    const rulesArgs = paths.flatMap((path) => ['--rules', path])
    const cases = CORPUS.flatMap((argv) => [
      {argv, resolve: false},
      {argv, resolve: true},
    ])
    const runs = await inPool(cases, 2, ({argv, resolve}) => runCodex(['execpolicy', 'check', ...rulesArgs, ...(resolve ? ['--resolve-host-executables'] : []), '--', ...argv]))
    let decided = 0
    cases.forEach(({argv, resolve}, index) => {
      const run = runs[index]!
      const label = `${resolve ? '--resolve-host-executables ' : ''}${JSON.stringify(argv)}`
      expect(run.code, `${label}\n${run.stderr}`).toBe(0)
      const expected = JSON.parse(run.stdout) as CheckResult
      const actual = policy.check(argv, {resolveHostExecutables: resolve})
      expect(actual, label).toStrictEqual(expected)
      // Key order and escaping too: the JSON text is identical.
      expect(JSON.stringify(actual), label).toBe(run.stdout.trim())
      if (expected.decision) decided++
    })
    // The corpus exercises all outcomes, not just "no match".
    expect(decided).toBeGreaterThan(CORPUS.length)
    const decisions = new Set(runs.map((run) => (JSON.parse(run.stdout) as CheckResult).decision ?? 'none'))
    expect([...decisions].sort()).toEqual(['allow', 'forbidden', 'none', 'prompt'])
  })

  it('canonical_matching compares case-folded tokens, host_executable included', async () => {
    const text = `prefix_rule(["straße"], canonical_matching = True, decision = "prompt")
prefix_rule(["git", "push"], canonical_matching = True, decision = "forbidden", justification = "no pushing")
prefix_rule(["GIT", "PUSH", "-f"], canonical_matching = True, decision = "forbidden")
prefix_rule(["git"], decision = "allow")
prefix_rule(["kubectl", "σς"], canonical_matching = True)
prefix_rule(["ı"], canonical_matching = True)
host_executable(name = "git", paths = ["/usr/bin/git"])
`
    const path = writeRules('70-canonical.rules', text)
    const policy = new ExecPolicy([parseRules(text, path)])
    const commands = [
      ['STRASSE'],
      ['Straße', 'x'],
      ['git', 'PUSH'],
      ['Git', 'push', '-F'],
      ['git', 'push', '-f'],
      ['git', 'status'],
      ['/usr/bin/GIT', 'push'],
      ['/opt/Git', 'push'],
      ['/usr/bin/git', 'Push'],
      ['/opt/GIT', 'push'],
      ['kubectl', 'ΣΣ'],
      ['KUBECTL', 'σσ'],
      ['ＧＩＴ', 'push'],
      ['i'],
      ['ı'],
    ]
    // Codex visits rules filed under other spellings in hash-map order, which changes between runs.
    const sorted = (result: CheckResult): CheckResult => ({
      ...result,
      matchedRules: [...result.matchedRules].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    })
    const cases = commands.flatMap((argv) => [
      {argv, resolve: false},
      {argv, resolve: true},
    ])
    const runs = await inPool(cases, 2, ({argv, resolve}) => runCodex(['execpolicy', 'check', '--rules', path, ...(resolve ? ['--resolve-host-executables'] : []), '--', ...argv]))
    let matched = 0
    cases.forEach(({argv, resolve}, index) => {
      const run = runs[index]!
      expect(run.code, run.stderr).toBe(0)
      const expected = JSON.parse(run.stdout) as CheckResult
      expect(sorted(policy.check(argv, {resolveHostExecutables: resolve})), `${resolve} ${JSON.stringify(argv)}`).toStrictEqual(sorted(expected))
      matched += expected.matchedRules.length
    })
    // Most of these match something; only the fullwidth and dotless-i spellings must not.
    expect(matched).toBeGreaterThanOrEqual(20)
  })

  it('accepts what renderPrefixRule prints and evaluates it identically', async () => {
    const rendered = [
      renderPrefixRule({
        pattern: ['printf', ['a"b', 'c\\d', 'tab\there', 'bidi\u202eevil', 'bell\u0007', '日本']],
        decision: 'forbidden',
        justification: 'quotes " and \\ and\nnewline',
        match: [
          ['printf', 'a"b'],
          ['printf', 'bidi\u202eevil', 'x y'],
        ],
        notMatch: [['printf', 'plain'], ['printf']],
      }),
      renderPrefixRule({pattern: ['npm', 'publish'], decision: 'prompt', match: [['npm', 'publish', '--dry-run']], notMatch: []}),
      renderPrefixRule({
        pattern: [
          ['cat', 'less', 'more', 'head', 'tail', 'bat', 'xxd', 'strings', 'od', 'hexdump'],
          ['.env', '.env.local', '.npmrc'],
        ],
        decision: 'forbidden',
        justification: 'a long pattern is split over several lines',
        match: [['tail', '.npmrc']],
        notMatch: [],
      }),
    ].join('\n\n')
    const path = writeRules('60-rendered.rules', rendered + '\n')
    const file = parseRules(rendered, path)
    expect(checkExamples(file)).toEqual([])
    const policy = new ExecPolicy([file])
    const commands = [
      ['printf', 'a"b'],
      ['printf', 'c\\d'],
      ['printf', 'tab\there', 'x'],
      ['printf', 'bidi\u202eevil'],
      ['printf', 'bell\u0007'],
      ['printf', '日本'],
      ['printf', 'plain'],
      ['npm', 'publish'],
      ['head', '.env'],
    ]
    const runs = await inPool(commands, 2, (argv) => runCodex(['execpolicy', 'check', '--rules', path, '--', ...argv]))
    commands.forEach((argv, index) => {
      const run = runs[index]!
      expect(run.code, run.stderr).toBe(0)
      expect(JSON.stringify(policy.check(argv)), JSON.stringify(argv)).toBe(run.stdout.trim())
    })
    expect(runs.slice(0, 6).every((run) => (JSON.parse(run.stdout) as CheckResult).decision === 'forbidden')).toBe(true)
  })
})

// Files codex refuses while evaluating; the name says what is wrong.
const BROKEN: [string, string][] = [
  ['deny-decision', '# header\nprefix_rule(\n    pattern = ["a"],\n    decision = "deny",\n)\n'],
  ['prompt-user-decision', 'prefix_rule(pattern = ["a"])\nprefix_rule(pattern = ["b"], decision = "prompt-user")\n'],
  ['empty-pattern', '\n\nprefix_rule(pattern = [], decision = "forbidden")\n'],
  ['empty-alternatives', 'prefix_rule(pattern = ["a", []])\n'],
  ['unknown-named-arg', 'prefix_rule(\n    pattern = ["a"],\n    reviewer = "user",\n)\n'],
  ['relative-host-path', 'host_executable(name = "git", paths = ["usr/bin/git"])\n'],
  ['home-host-path', 'X = 1\nhost_executable(name = "git", paths = ["~/bin/git"])\n'],
  ['host-basename', 'host_executable(name = "git", paths = ["/usr/bin/gitx"])\n'],
  ['host-name-with-slash', 'host_executable(name = "bin/git", paths = ["/usr/bin/git"])\n'],
  ['network-wildcard', 'network_rule(host = "*.example.com", protocol = "https", decision = "deny")\n'],
  ['network-protocol', 'network_rule(host = "example.com", protocol = "ftp", decision = "deny")\n'],
  ['network-ask', 'network_rule(host = "example.com", protocol = "https", decision = "ask")\n'],
  ['empty-justification', 'prefix_rule(pattern = ["a"], justification = "   ")\n'],
  ['load', '# comment\nload("//x.star", "y")\n'],
  ['undefined-name', 'prefix_rule(\n    pattern = [\n        UNDEFINED,\n    ],\n)\n'],
  ['used-before-assignment', 'prefix_rule(pattern = LATER)\nLATER = ["a"]\n'],
  ['unterminated-string', 'X = ["a"]\nY = "abc\n'],
  ['unterminated-triple', 'X = 1\nY = """abc\n\n'],
  ['open-bracket-newline-at-eof', 'X = 1\nprefix_rule(\n    pattern = ["a"],\n'],
  ['open-bracket-no-newline-at-eof', 'X = 1\nprefix_rule(\n    pattern = ["a"],'],
  ['adjacent-strings', 'X = 1\nprefix_rule(pattern = ["a" "b"])\n'],
  ['indentation', 'prefix_rule(pattern = ["a"])\n    prefix_rule(pattern = ["b"])\n'],
  ['list-plus-string', 'X = ["a"]\n\nY = X + "b"\n'],
  ['bad-escape', 'X = "ok"\nY = "\\xZZ"\n'],
  ['pattern-int', 'prefix_rule(pattern = ["a", 1])\n'],
  ['pattern-tuple', 'prefix_rule(pattern = ("a", "b"))\n'],
  ['example-shell-syntax', 'prefix_rule(pattern = ["a"], match = ["a \'b"])\n'],
  ['example-empty', 'prefix_rule(pattern = ["a"], not_match = [""])\n'],
  ['extra-positional', 'prefix_rule(["a"], "allow", [], [], "j", False, 1)\n'],
  ['missing-pattern', '\nprefix_rule(decision = "prompt")\n'],
  ['duplicate-argument', 'prefix_rule(["a"], pattern = ["b"])\n'],
  ['decision-none', 'prefix_rule(pattern = ["a"], decision = None)\n'],
  ['invalid-character', 'X = 1\nY = $X\n'],
  ['decision-case', 'prefix_rule(pattern = ["a"], decision = "Forbidden")\n'],
]

// Files that evaluate but whose examples fail: codex names no line for these.
const FAILING_EXAMPLES: [string, string][] = [
  ['match-fails', 'prefix_rule(pattern = ["git", "push"], match = ["git pull"])\n'],
  ['not-match-fails', 'prefix_rule(pattern = ["cat", ".env"], not_match = ["cat .env -n 1"])\n'],
  ['alternative-not-match', 'prefix_rule(pattern = [["a", "b"], "c"], not_match = ["b c"])\n'],
  ['host-declared-later', 'prefix_rule(pattern = ["git"], match = ["/usr/bin/git status"])\nhost_executable(name = "git", paths = ["/opt/git"])\n'],
  ['resolved-not-match', 'prefix_rule(pattern = ["ls"], not_match = ["/usr/bin/ls"])\n'],
]

// Valid Starlark that codex-guard does not evaluate: codex loads them, parseRules says "unsupported".
const UNSUPPORTED: [string, string][] = [
  ['def', 'def rule(p):\n    prefix_rule(pattern = p)\n\nrule(["a"])\n'],
  ['f-string', 'X = "a"\nprefix_rule(pattern = [f"{X}"])\n'],
  ['comprehension', 'prefix_rule(pattern = [[p for p in ["a", "b"]]])\n'],
  ['method-call', 'X = ["a"]\nX.append("b")\nprefix_rule(pattern = X)\n'],
  ['builtin-call', 'prefix_rule(pattern = list(("a", "b")))\n'],
  ['conditional', 'X = "a" if True else "b"\nprefix_rule(pattern = [X])\n'],
  ['dict', 'D = {"a": "b"}\nprefix_rule(pattern = [D["a"]])\n'],
]

describe('rejected files', () => {
  it('codex exits 1 and parseRules throws at the same line', async () => {
    const paths = BROKEN.map(([name, text]) => writeRules(`broken-${name}.rules`, text))
    const runs = await inPool(paths, 2, (path) => runCodex(['execpolicy', 'check', '--rules', path, 'x']))
    BROKEN.forEach(([name, text], index) => {
      const run = runs[index]!
      const path = paths[index]!
      expect(run.code, `${name}: codex should refuse it`).toBe(1)
      const codexLine = codexErrorLine(run.stderr, path)
      expect(codexLine, `${name}: no line in\n${run.stderr}`).toBeTypeOf('number')
      let thrown: unknown
      try {
        parseRules(text, path)
      } catch (error) {
        thrown = error
      }
      expect(thrown, name).toBeInstanceOf(RulesSyntaxError)
      const error = thrown as RulesSyntaxError
      expect(error.unsupported, `${name}: ${error.message}`).toBe(false)
      expect(error.line, `${name}: ${error.message}\ncodex: ${run.stderr}`).toBe(codexLine)
      expect(error.message.startsWith(`${path}:${codexLine}: error: `), error.message).toBe(true)
      // The reason is worded as codex words it.
      expect(run.stderr, name).toContain(`error: ${error.reason}`)
    })
  })

  it('codex exits 1 where checkExamples reports a failing example', async () => {
    const paths = FAILING_EXAMPLES.map(([name, text]) => writeRules(`examples-${name}.rules`, text))
    const runs = await inPool(paths, 2, (path) => runCodex(['execpolicy', 'check', '--rules', path, 'x']))
    FAILING_EXAMPLES.forEach(([name, text], index) => {
      const run = runs[index]!
      expect(run.code, name).toBe(1)
      expect(run.stderr, name).toMatch(/expected (every example to match|example to not match)/)
      const failures = checkExamples(parseRules(text, paths[index]!))
      expect(failures.length, name).toBeGreaterThan(0)
      expect(
        failures.every((failure) => failure.line === 1),
        name,
      ).toBe(true)
    })
  })

  it('host_executable declarations of earlier files count for later files', async () => {
    const hosts = writeRules('hosts-first.rules', 'host_executable(name = "git", paths = ["/a/git"])\n')
    const user = writeRules('uses-host.rules', 'prefix_rule(pattern = ["git"], match = ["/b/git x"])\n')
    const [hostsFirst, userFirst] = await inPool(
      [
        [hosts, user],
        [user, hosts],
      ],
      2,
      (order) => runCodex(['execpolicy', 'check', ...order.flatMap((path) => ['--rules', path]), 'x']),
    )
    const hostsFile: RulesFile = parseRules('host_executable(name = "git", paths = ["/a/git"])\n', hosts)
    const userFile: RulesFile = parseRules('prefix_rule(pattern = ["git"], match = ["/b/git x"])\n', user)
    expect(hostsFirst!.code).toBe(1)
    expect(checkExamples(userFile, [hostsFile])).toHaveLength(1)
    expect(userFirst!.code).toBe(0)
    expect(checkExamples(userFile)).toEqual([])
  })

  it('unsupported constructs are flagged as such, and codex does accept them', async () => {
    const paths = UNSUPPORTED.map(([name, text]) => writeRules(`unsupported-${name}.rules`, text))
    const runs = await inPool(paths, 2, (path) => runCodex(['execpolicy', 'check', '--rules', path, 'a']))
    UNSUPPORTED.forEach(([name, text], index) => {
      expect(runs[index]!.code, `${name}: ${runs[index]!.stderr}`).toBe(0)
      expect(() => parseRules(text, paths[index]!), name).toThrow(/unsupported Starlark construct \(codex-guard evaluates a subset\)/)
    })
  })
})
