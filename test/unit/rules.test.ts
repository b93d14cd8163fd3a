import {homedir} from 'node:os'
import {describe, expect, it} from 'vitest'
import {
  checkExamples,
  ExecPolicy,
  type PrefixRule,
  parseRules,
  quoteStarlark,
  RulesSyntaxError,
  renderPrefixRule,
  ShlexSyntaxError,
  shlexJoin,
  shlexSplit,
  strictestDecision,
} from '../../src/codex/rules/index.js'

const FILE = '/repo/.codex/rules/test.rules'

function parse(text: string) {
  return parseRules(text, FILE)
}

function policy(text: string): ExecPolicy {
  return new ExecPolicy([parse(text)])
}

function syntaxError(text: string): RulesSyntaxError {
  try {
    parse(text)
  } catch (error) {
    if (error instanceof RulesSyntaxError) return error
    throw error
  }
  throw new Error(`expected a RulesSyntaxError for:\n${text}`)
}

function decisionOf(text: string, argv: string[], resolveHostExecutables = false) {
  return policy(text).check(argv, {resolveHostExecutables}).decision
}

describe('parseRules', () => {
  it('evaluates comments, blank lines, variables and concatenation', () => {
    const file = parse(`# leading comment

READERS = ["cat", "less"]   # trailing comment
READERS += ["head"]
SECRETS = [".env"] + [".npmrc"]
PREFIX = "codex-guard: "

prefix_rule(
    pattern = [READERS, SECRETS],  # nested list
    decision = "forbidden",
    justification = PREFIX + "no secrets",
)
`)
    expect(file.prefixRules).toEqual([
      {
        file: FILE,
        line: 8,
        column: 1,
        pattern: [
          ['cat', 'less', 'head'],
          ['.env', '.npmrc'],
        ],
        decision: 'forbidden',
        justification: 'codex-guard: no secrets',
        match: [],
        notMatch: [],
        decisionExplicit: true,
      } satisfies PrefixRule,
    ])
    expect(file.hostExecutables).toEqual([])
    expect(file.networkRules).toEqual([])
  })

  it('accepts positional arguments in the 0.169 order and defaults decision to allow', () => {
    const [rule, defaulted] = parse(`prefix_rule(["a"], "prompt", ["a b"], ["b"], "why", True)
prefix_rule(pattern = ["b"])`).prefixRules
    expect(rule).toMatchObject({
      pattern: ['a'],
      decision: 'prompt',
      match: [['a', 'b']],
      notMatch: [['b']],
      justification: 'why',
      canonicalMatching: true,
      decisionExplicit: true,
    })
    expect(defaulted).toMatchObject({decision: 'allow', decisionExplicit: false})
    expect(defaulted).not.toHaveProperty('justification')
    expect(defaulted).not.toHaveProperty('canonicalMatching')
  })

  it('decodes string literals: both quotes, escapes, triple quotes, raw strings', () => {
    const [rule] = parse(`prefix_rule(
    pattern = ['single \\'q\\'', "double \\"q\\"", "\\t\\n\\\\", "\\x41\\101\\u00e9\\U0001F600", "keep \\d", r"raw \\d \\"", """tri
ple "quoted\\"""", '''also'''],
)`).prefixRules
    expect(rule!.pattern).toEqual(["single 'q'", 'double "q"', '\t\n\\', 'AAé😀', 'keep \\d', 'raw \\d \\"', 'tri\nple "quoted"', 'also'])
  })

  it('joins backslash-continued lines and tracks line numbers across multi-line strings', () => {
    const file = parse(`X = """a
b
c"""
Y = "one\\
two"
prefix_rule(pattern = [X, Y], \\
    decision = "prompt")
prefix_rule(pattern = ["z"]); prefix_rule(pattern = ["w"])
`)
    expect(file.prefixRules.map((rule) => [rule.line, rule.column, rule.pattern])).toEqual([
      [6, 1, ['a\nb\nc', 'onetwo']],
      [8, 1, ['z']],
      [8, 31, ['w']],
    ])
  })

  it('accepts trailing commas, tuples, repetition, pass and rebinding', () => {
    const file = parse(`pass
T = ("a",)
T = T + ("b",)
L = ["x",] * 2
prefix_rule(pattern = ["t", ["u", "v",],], decision = "prompt",)
prefix_rule(pattern = L + ["y"])
`)
    expect(file.prefixRules.map((rule) => rule.pattern)).toEqual([
      ['t', ['u', 'v']],
      ['x', 'x', 'y'],
    ])
  })

  it('collapses a one-element alternative list into a literal, as codex does', () => {
    expect(parse('prefix_rule(pattern = ["terraform", ["apply"]])').prefixRules[0]!.pattern).toEqual(['terraform', 'apply'])
  })

  it('splits string examples with shlex and keeps list examples verbatim', () => {
    const [rule] = parse(`prefix_rule(
    pattern = ["git", "commit"],
    match = ["git commit -m 'two words'", ["git", "commit", "-m", "two words"]],
    not_match = ["git status # comment"],
)`).prefixRules
    expect(rule!.match).toEqual([
      ['git', 'commit', '-m', 'two words'],
      ['git', 'commit', '-m', 'two words'],
    ])
    expect(rule!.notMatch).toEqual([['git', 'status']])
  })

  it('records host executables with normalised, de-duplicated paths', () => {
    const file = parse(`
host_executable(
    name = "git",
    paths = ["/usr/bin/git", "/usr/local/../bin/git", "/usr/bin/git", "/opt//git/"],
)
host_executable("ls", [])`)
    expect(file.hostExecutables).toEqual([
      {file: FILE, line: 2, column: 1, name: 'git', paths: ['/usr/bin/git', '/opt/git']},
      {file: FILE, line: 6, column: 1, name: 'ls', paths: []},
    ])
  })

  it('records network rules normalised like codex (deny is forbidden, port and case dropped)', () => {
    const file = parse(`network_rule(host = "API.Example.com:443", protocol = "https_connect", decision = "deny")
network_rule("[::1]:8080", "socks5_tcp", "allow", "local proxy")`)
    expect(file.networkRules).toEqual([
      {file: FILE, line: 1, column: 1, host: 'api.example.com', protocol: 'https', decision: 'forbidden'},
      {file: FILE, line: 2, column: 1, host: '::1', protocol: 'socks5_tcp', decision: 'allow', justification: 'local proxy'},
    ])
  })

  it('parses an empty or comment-only file', () => {
    expect(parse('')).toEqual({file: FILE, prefixRules: [], hostExecutables: [], networkRules: []})
    expect(parse('# nothing\n\n   \n# here\n').prefixRules).toEqual([])
  })

  it('accepts CRLF line endings', () => {
    const file = parse('X = ["a"]\r\n\r\nprefix_rule(\r\n    pattern = X,\r\n)\r\n')
    expect(file.prefixRules[0]).toMatchObject({line: 3, pattern: ['a']})
  })
})

describe('parseRules errors', () => {
  // [description, file text, line, reason] — reasons and lines as codex 0.169 reports them
  const cases: [string, string, number, string | RegExp][] = [
    ['deny in prefix_rule', '# c\nprefix_rule(\n    pattern = ["a"],\n    decision = "deny",\n)', 2, 'invalid decision: deny'],
    ['prompt-user', 'prefix_rule(pattern = ["a"], decision = "prompt-user")', 1, 'invalid decision: prompt-user'],
    ['empty pattern', '\n\nprefix_rule(pattern = [])', 3, 'invalid pattern element: pattern cannot be empty'],
    ['empty alternatives', 'prefix_rule(pattern = ["a", []])', 1, 'invalid pattern element: pattern alternatives cannot be empty'],
    ['non-string alternative', 'prefix_rule(pattern = ["a", ["b", ["c"]]])', 1, /pattern alternative must be a string \(got list\)/],
    ['unknown named argument', 'prefix_rule(\n  pattern = ["a"],\n  foo = 1,\n)', 1, 'Found `foo` extra named parameter(s) for call to prefix_rule'],
    ['extra positional', 'prefix_rule(["a"], "allow", [], [], "j", False, 1)', 1, 'Found 1 extra positional argument(s) for call to prefix_rule'],
    ['missing pattern', 'prefix_rule(decision = "allow")', 1, 'Missing parameter `pattern` for call to `prefix_rule`'],
    ['argument twice', 'prefix_rule(["a"], pattern = ["b"])', 1, 'Argument `pattern` occurs more than once'],
    ['None decision', 'prefix_rule(["a"], decision = None)', 1, "Type of parameter `decision` doesn't match, expected `str`, actual `NoneType (repr: None)`"],
    ['string pattern', 'prefix_rule(pattern = "a")', 1, 'Type of parameter `pattern` doesn\'t match, expected `list`, actual `string (repr: "a")`'],
    ['int canonical_matching', 'prefix_rule(["a"], canonical_matching = 1)', 1, /expected `bool`, actual `int \(repr: 1\)`/],
    ['empty justification', 'prefix_rule(pattern = ["a"], justification = "  ")', 1, 'invalid rule: justification cannot be empty'],
    ['empty example string', 'prefix_rule(pattern = ["a"], match = ["# only a comment"])', 1, 'invalid example: example cannot be an empty string'],
    ['bad example quoting', 'prefix_rule(pattern = ["a"], match = ["a \'b"])', 1, 'invalid example: example string has invalid shell syntax'],
    ['relative host path', 'host_executable(name = "git", paths = ["usr/bin/git"])', 1, 'invalid rule: host_executable paths must be absolute (got usr/bin/git)'],
    ['home host path', 'host_executable(name = "git", paths = ["~/bin/git"])', 1, 'invalid rule: host_executable paths must be absolute (got ~/bin/git)'],
    ['host basename', 'host_executable("git", ["/usr/bin/git/.."])', 1, 'invalid rule: host_executable path `/usr/bin/git/..` must have basename `git`'],
    ['host name with slash', 'host_executable("./git", ["/usr/bin/git"])', 1, 'invalid rule: host_executable name must be a bare executable name (got ./git)'],
    ['host path not a string', 'host_executable("git", [1])', 1, 'invalid rule: host_executable paths must be strings (got int)'],
    ['network wildcard', 'network_rule(host = "*.example.com", protocol = "https", decision = "deny")', 1, /wildcards are not allowed/],
    ['network scheme', 'network_rule("https://example.com", "https", "deny")', 1, /without scheme or path/],
    ['network ask', 'network_rule("example.com", "https", "ask")', 1, 'invalid decision: ask'],
    ['network protocol', 'network_rule("example.com", "HTTP", "allow")', 1, /protocol must be one of http, https, socks5_tcp, socks5_udp \(got HTTP\)/],
    ['load', '\nload("//defs.star", "x")', 2, /No imports are available, you tried `\/\/defs.star`/],
    ['undefined name', 'prefix_rule(\n    pattern = [\n        MISSING,\n    ],\n)', 3, 'Variable `MISSING` not found'],
    ['name used before assignment', 'prefix_rule(pattern = LATER)\nLATER = ["a"]', 1, 'Local variable `LATER` referenced before assignment'],
    ['list + string', 'X = ["a"]\n\nY = X + "b"', 3, 'Operation `+` not supported for types `list` and `string`'],
    ['unterminated string', 'X = 1\nY = "abc', 2, 'Parse error: unfinished string literal'],
    ['unterminated triple string', 'X = """abc\n\n', 1, 'Parse error: unfinished string literal'],
    ['adjacent strings', 'X = 1\nprefix_rule(pattern = ["a" "b"])', 2, `Parse error: unexpected string literal "b", expected symbol ']'`],
    ['indentation', 'X = 1\n  Y = 2', 2, 'Parse error: unexpected new indentation block, expected expression'],
    ['bad escape', 'X = "\\xZZ"', 1, 'Parse error: invalid string escape sequence `xZ`'],
    ['surrogate escape', 'X = "\\ud800"', 1, 'Parse error: invalid string escape sequence `ud800`'],
    ['invalid character', 'X = $Y', 1, 'Parse error: invalid input `$`'],
    ['dangling operator', 'X = "a" +\n', 1, 'Parse error: unexpected new line, expected expression'],
    // codex 0.169 reports a bracket still open at end of file at 1:1 when the file ends with a newline
    ['open bracket, newline at end', 'X = 1\nprefix_rule(\n    pattern = ["a"],\n', 1, /unexpected new line/],
    ['open bracket, no newline at end', 'X = 1\nprefix_rule(\n    pattern = ["a"],', 3, /unexpected new line/],
    ['statement runs into the next line', 'prefix_rule(["a"]\nX = 1', 2, `Parse error: unexpected identifier 'X', expected symbol ')'`],
  ]

  it.each(cases)('%s', (_name, text, line, reason) => {
    const error = syntaxError(text)
    expect(error.line).toBe(line)
    expect(error.unsupported).toBe(false)
    if (typeof reason === 'string') expect(error.reason).toBe(reason)
    else expect(error.reason).toMatch(reason)
    expect(error.message).toBe(`${FILE}:${line}: error: ${error.reason}`)
    expect(error.file).toBe(FILE)
  })

  it('reports the column of the offending token', () => {
    expect(syntaxError('prefix_rule(pattern = [x])')).toMatchObject({line: 1, column: 24})
    expect(syntaxError('X = 1\nprefix_rule(pattern=["a" "b"])')).toMatchObject({line: 2, column: 26})
  })

  it('reports the first problem in file order', () => {
    expect(syntaxError('prefix_rule(pattern = ["a"], decision = "deny")\nprefix_rule(pattern = [])').line).toBe(1)
  })

  const unsupported: [string, string, number][] = [
    ['def', 'def rule(p):\n    prefix_rule(pattern = p)', 1],
    ['if statement', 'X = 1\nif X:\n    pass', 2],
    ['for loop', 'for p in ["a"]:\n    prefix_rule(pattern = [p])', 1],
    ['f-string', 'X = f"{1}"', 1],
    ['bytes', 'X = b"a"', 1],
    ['list comprehension', 'X = [p for p in ["a"]]', 1],
    ['dict', 'D = {"a": 1}', 1],
    ['method call', 'X = ["a"]\nX.append("b")', 2],
    ['indexing', 'X = ["a"]\nY = X[0]', 2],
    ['conditional expression', 'X = "a" if True else "b"', 1],
    ['lambda', 'F = lambda: 1', 1],
    ['unary minus', 'X = -1', 1],
    ['float', 'X = 1.5', 1],
    ['standard builtin', 'X = len(["a"])', 1],
    ['comparison', 'X = 1 == 1', 1],
    ['string formatting', 'X = "%s" % "a"', 1],
    ['*args', 'A = [["a"]]\nprefix_rule(*A)', 2],
    ['tuple assignment', 'A, B = 1, 2', 1],
    ['augmented operator', 'X = 1\nX -= 1', 2],
  ]

  it.each(unsupported)('flags %s as an unsupported construct', (_name, text, line) => {
    const error = syntaxError(text)
    expect(error.unsupported).toBe(true)
    expect(error.line).toBe(line)
    expect(error.message).toContain('unsupported Starlark construct (codex-guard evaluates a subset)')
  })
})

const GIT_RULES = `
prefix_rule(pattern = ["git", ["status", "diff"]], decision = "allow")
prefix_rule(pattern = ["git", "push"], decision = "prompt", justification = "needs approval")
prefix_rule(pattern = ["git", "push", ["--force", "-f"]], decision = "forbidden", justification = "destructive")
prefix_rule(pattern = [["curl", "wget"]], decision = "prompt")
prefix_rule(pattern = [["cat", "head"], [".env", ".npmrc"]], decision = "forbidden")
`

describe('ExecPolicy.check', () => {
  const gitPolicy = policy(GIT_RULES)

  it('collects every matching rule and lets the strictest decision win', () => {
    expect(gitPolicy.check(['git', 'push', '--force', 'origin'])).toStrictEqual({
      matchedRules: [
        {prefixRuleMatch: {matchedPrefix: ['git', 'push'], decision: 'prompt', justification: 'needs approval'}},
        {prefixRuleMatch: {matchedPrefix: ['git', 'push', '--force'], decision: 'forbidden', justification: 'destructive'}},
      ],
      decision: 'forbidden',
    })
    expect(gitPolicy.check(['git', 'push', 'origin', 'main']).decision).toBe('prompt')
    expect(gitPolicy.check(['git', 'status']).decision).toBe('allow')
  })

  it('omits decision (and justification) when there is none', () => {
    const result = gitPolicy.check(['ls', '-la'])
    expect(result).toStrictEqual({matchedRules: []})
    expect(JSON.stringify(result)).toBe('{"matchedRules":[]}')
    expect(JSON.stringify(gitPolicy.check(['curl', 'x']))).toBe('{"matchedRules":[{"prefixRuleMatch":{"matchedPrefix":["curl"],"decision":"prompt"}}],"decision":"prompt"}')
  })

  it('matches alternatives in the first and in later positions', () => {
    expect(gitPolicy.check(['wget', 'u']).decision).toBe('prompt')
    expect(gitPolicy.check(['head', '.npmrc']).decision).toBe('forbidden')
    expect(gitPolicy.check(['cat', '.env']).matchedRules[0]!.prefixRuleMatch.matchedPrefix).toEqual(['cat', '.env'])
    expect(gitPolicy.check(['git', 'diff', 'HEAD']).decision).toBe('allow')
    expect(gitPolicy.check(['git', 'push', '-f']).decision).toBe('forbidden')
  })

  it('is a token prefix match: longer argv matches, shorter or shifted does not', () => {
    expect(gitPolicy.check(['git', 'push', 'origin', 'main', '--force']).decision).toBe('prompt')
    expect(gitPolicy.check(['git']).decision).toBeUndefined()
    expect(gitPolicy.check(['git', '-C', 'repo', 'push']).decision).toBeUndefined()
    expect(gitPolicy.check([]).decision).toBeUndefined()
  })

  it('does no path normalisation, globbing or case folding', () => {
    expect(gitPolicy.check(['cat', './.env']).decision).toBeUndefined()
    expect(gitPolicy.check(['cat', '--', '.env']).decision).toBeUndefined()
    expect(gitPolicy.check(['/usr/bin/cat', '.env']).decision).toBeUndefined()
    expect(gitPolicy.check(['cat', '.env.local']).decision).toBeUndefined()
    expect(gitPolicy.check(['CAT', '.env']).decision).toBeUndefined()
    expect(decisionOf('prefix_rule(pattern = ["cat", "*.env"], decision = "forbidden")', ['cat', 'a.env'])).toBeUndefined()
    expect(decisionOf('prefix_rule(pattern = ["cat", "*.env"], decision = "forbidden")', ['cat', '*.env'])).toBe('forbidden')
  })

  it('reports one match per alternative head, duplicates included, in rule order', () => {
    const result = policy(`prefix_rule(pattern = ["a", ["b", "b"]], decision = "prompt")
prefix_rule(pattern = [["a", "a"], "b"])`).check(['a', 'b'])
    expect(result.matchedRules.map((rule) => rule.prefixRuleMatch.decision)).toEqual(['prompt', 'allow', 'allow'])
  })

  it('merges files in order', () => {
    const first = parseRules('prefix_rule(pattern = ["npm"], decision = "prompt")', 'a.rules')
    const second = parseRules('prefix_rule(pattern = ["npm", "publish"], decision = "forbidden")', 'b.rules')
    const result = new ExecPolicy([first, second]).check(['npm', 'publish'])
    expect(result.matchedRules.map((rule) => rule.prefixRuleMatch.matchedPrefix)).toEqual([['npm'], ['npm', 'publish']])
    expect(result.decision).toBe('forbidden')
    expect(new ExecPolicy([second, first]).check(['npm', 'publish']).matchedRules[0]!.prefixRuleMatch.decision).toBe('forbidden')
  })

  it('matches empty and unusual tokens literally', () => {
    const rules = `prefix_rule(pattern = [""], decision = "prompt")
prefix_rule(pattern = ["echo", ["", "🙂", "a\\nb"]], decision = "forbidden")
prefix_rule(pattern = ["-rf"], decision = "prompt")`
    expect(decisionOf(rules, [''])).toBe('prompt')
    expect(decisionOf(rules, ['echo', ''])).toBe('forbidden')
    expect(decisionOf(rules, ['echo', '🙂'])).toBe('forbidden')
    expect(decisionOf(rules, ['echo', 'a\nb'])).toBe('forbidden')
    expect(decisionOf(rules, ['echo', ' '])).toBeUndefined()
    expect(decisionOf(rules, ['-rf', '/'])).toBe('prompt')
  })

  it('exposes network rules without letting them affect commands', () => {
    const p = policy('network_rule("example.com", "https", "deny")')
    expect(p.networkRules).toHaveLength(1)
    expect(p.check(['curl', 'https://example.com'])).toStrictEqual({matchedRules: []})
  })
})

describe('host executables', () => {
  const rules = `prefix_rule(pattern = ["git", "push"], decision = "prompt", justification = "j")
prefix_rule(pattern = ["ls"], decision = "allow")
host_executable(name = "git", paths = ["/usr/bin/git", "/usr/local/bin/git"])`
  const hosts = policy(rules)
  const resolve = {resolveHostExecutables: true}

  it('falls back to the basename only when asked to', () => {
    expect(hosts.check(['/usr/bin/git', 'push']).decision).toBeUndefined()
    expect(hosts.check(['/usr/bin/git', 'push'], resolve)).toStrictEqual({
      matchedRules: [{prefixRuleMatch: {matchedPrefix: ['git', 'push'], decision: 'prompt', resolvedProgram: '/usr/bin/git', justification: 'j'}}],
      decision: 'prompt',
    })
    // Codex prints resolvedProgram before justification.
    expect(JSON.stringify(hosts.check(['/usr/bin/git', 'push'], resolve))).toContain('"resolvedProgram":"/usr/bin/git","justification":"j"')
  })

  it('only accepts the listed paths for a declared name', () => {
    expect(hosts.check(['/usr/local/bin/git', 'push'], resolve).decision).toBe('prompt')
    expect(hosts.check(['/opt/homebrew/bin/git', 'push'], resolve).decision).toBeUndefined()
  })

  it('accepts any absolute path for names without a declaration', () => {
    expect(hosts.check(['/opt/ls'], resolve).matchedRules[0]!.prefixRuleMatch.resolvedProgram).toBe('/opt/ls')
  })

  it('normalises the path lexically, expands ~ and ignores relative paths', () => {
    expect(hosts.check(['/usr/local/../bin//git/', 'push'], resolve).matchedRules[0]!.prefixRuleMatch.resolvedProgram).toBe('/usr/bin/git')
    expect(hosts.check(['/usr/bin/./git', 'push'], resolve).decision).toBe('prompt')
    expect(hosts.check(['~/bin/ls'], resolve).matchedRules[0]!.prefixRuleMatch.resolvedProgram).toBe(`${homedir()}/bin/ls`)
    expect(hosts.check(['./ls'], resolve).decision).toBeUndefined()
    expect(hosts.check(['bin/ls'], resolve).decision).toBeUndefined()
    expect(hosts.check(['/bin/ls/..'], resolve).decision).toBeUndefined()
  })

  it('skips the fallback when the literal program already matched', () => {
    const literal = policy(`prefix_rule(pattern = ["/usr/bin/git"], decision = "allow")
prefix_rule(pattern = ["git"], decision = "forbidden")`)
    expect(literal.check(['/usr/bin/git', 'x'], resolve).decision).toBe('allow')
    expect(literal.check(['/bin/git', 'x'], resolve).decision).toBe('forbidden')
  })

  it('uses the last declaration of a name, across files too', () => {
    const first = parseRules('host_executable("git", ["/a/git"])\nprefix_rule(["git"])', 'a.rules')
    const second = parseRules('host_executable("git", ["/b/git"])', 'b.rules')
    const merged = new ExecPolicy([first, second])
    expect(merged.check(['/a/git'], resolve).decision).toBeUndefined()
    expect(merged.check(['/b/git'], resolve).decision).toBe('allow')
  })
})

describe('canonical_matching', () => {
  const canonical = policy(`prefix_rule(["rm", "-rf"], decision = "forbidden", canonical_matching = True)
prefix_rule(["straße"], canonical_matching = True)
prefix_rule(["rm"], decision = "prompt")`)

  it('compares tokens case-folded and reports the argv spelling', () => {
    const result = canonical.check(['RM', '-RF', '/'])
    expect(result).toStrictEqual({matchedRules: [{prefixRuleMatch: {matchedPrefix: ['RM', '-RF'], decision: 'forbidden'}}], decision: 'forbidden'})
    expect(canonical.check(['STRASSE']).decision).toBe('allow')
    expect(canonical.check(['ＲＭ', '-rf']).decision).toBeUndefined()
  })

  it('lists rules of the exact spelling before other spellings', () => {
    const result = canonical.check(['rm', '-rf'])
    expect(result.matchedRules.map((rule) => rule.prefixRuleMatch.decision)).toEqual(['forbidden', 'prompt'])
    expect(canonical.check(['Rm', '-rf']).matchedRules).toHaveLength(1)
  })

  it('keeps non-canonical rules case-sensitive', () => {
    expect(canonical.check(['RM']).decision).toBeUndefined()
  })
})

describe('checkExamples', () => {
  it('passes when every example behaves as declared', () => {
    expect(
      checkExamples(
        parse(`prefix_rule(
    pattern = ["git", "push", ["--force", "-f"]],
    decision = "forbidden",
    match = ["git push --force origin", ["git", "push", "-f"]],
    not_match = ["git push origin --force", "git push"],
)`),
      ),
    ).toEqual([])
  })

  it('reports every failing example with the rule position', () => {
    const failures = checkExamples(
      parse(`X = 1
prefix_rule(
    pattern = ["git", "push"],
    match = ["git pull", "git push", "git fetch"],
    not_match = ["git push origin", "git status"],
)`),
    )
    expect(failures.map(({kind, example, line, column, file}) => ({kind, example, line, column, file}))).toEqual([
      {kind: 'not_match', example: ['git', 'push', 'origin'], line: 2, column: 1, file: FILE},
      {kind: 'match', example: ['git', 'pull'], line: 2, column: 1, file: FILE},
      {kind: 'match', example: ['git', 'fetch'], line: 2, column: 1, file: FILE},
    ])
    expect(failures[0]!.message).toBe('expected example to not match rule [git push]: git push origin')
    expect(failures[1]!.message).toContain('unmatched example: git pull')
  })

  it('checks each rule against itself only', () => {
    const file = parse(`prefix_rule(pattern = ["a"])
prefix_rule(pattern = ["b"], match = ["a"])`)
    expect(checkExamples(file)).toMatchObject([{kind: 'match', example: ['a'], line: 2}])
  })

  it('resolves host executables, including declarations later in the file and in earlier files', () => {
    expect(checkExamples(parse('prefix_rule(pattern = ["ls"], not_match = ["/usr/bin/ls -la"])'))).toHaveLength(1)
    expect(checkExamples(parse('prefix_rule(pattern = ["git"], match = ["/usr/bin/git status"])\nhost_executable("git", ["/opt/git"])'))).toMatchObject([
      {kind: 'match', example: ['/usr/bin/git', 'status']},
    ])
    const hostsFile = parseRules('host_executable("git", ["/a/git"])', 'hosts.rules')
    const user = parse('prefix_rule(pattern = ["git"], match = ["/b/git x"])')
    expect(checkExamples(user)).toEqual([])
    expect(checkExamples(user, [hostsFile])).toHaveLength(1)
  })

  it('treats alternatives in the first position as one rule per head', () => {
    expect(checkExamples(parse('prefix_rule(pattern = [["a", "b"], "c"], not_match = ["b c"])'))).toHaveLength(1)
  })
})

describe('shlexSplit', () => {
  // Expected values are what codex 0.169 derived from the same example strings.
  const cases: [string, string[]][] = [
    ['a b  c', ['a', 'b', 'c']],
    ['a \'b c\' "d e"', ['a', 'b c', 'd e']],
    ['a #b', ['a']],
    ['a b#c', ['a', 'b#c']],
    ['#x\nb c', ['b', 'c']],
    ['a\\ b', ['a b']],
    ['"a\\"b"', ['a"b']],
    ['"a\\nb"', ['a\\nb']],
    ['"a\\$b"', ['a$b']],
    ['"a\\`b"', ['a`b']],
    ["'a\\b'", ['a\\b']],
    ['a\\\\b', ['a\\b']],
    ['a\nb', ['a', 'b']],
    ["a ''", ['a', '']],
    ['a ""', ['a', '']],
    ['a\\\nb', ['ab']],
    ['"a\\\nb"', ['ab']],
    ['a\tb', ['a', 'b']],
    ['a\rb', ['a\rb']],
    ['x=1 a;b |c', ['x=1', 'a;b', '|c']],
    ['a"b"c\'d\'', ['abcd']],
    ['é ü', ['é', 'ü']],
    ['   ', []],
    ['# only', []],
  ]

  it.each(cases)('splits %j', (input, expected) => {
    expect(shlexSplit(input)).toEqual(expected)
  })

  it.each(["a 'b", 'a "b', 'a\\', '"a\\'])('rejects %j', (input) => {
    expect(() => shlexSplit(input)).toThrow(ShlexSyntaxError)
  })

  it('joins so that splitting gives the words back', () => {
    const words = ['git', 'commit', '-m', "it's done", '', 'a b', '$HOME']
    expect(shlexSplit(shlexJoin(words))).toEqual(words)
  })
})

describe('strictestDecision', () => {
  it('orders forbidden > prompt > allow', () => {
    expect(strictestDecision(['allow', 'forbidden', 'prompt'])).toBe('forbidden')
    expect(strictestDecision(['allow', 'prompt'])).toBe('prompt')
    expect(strictestDecision([])).toBeUndefined()
  })
})

describe('quoteStarlark', () => {
  it('escapes quotes, backslashes, control and invisible characters', () => {
    expect(quoteStarlark('plain')).toBe('"plain"')
    expect(quoteStarlark('say "hi" \\ now')).toBe('"say \\"hi\\" \\\\ now"')
    expect(quoteStarlark('a\nb\tc\rd')).toBe('"a\\nb\\tc\\rd"')
    expect(quoteStarlark('bell\u0007del\u007f')).toBe('"bell\\x07del\\x7f"')
    expect(quoteStarlark('bidi\u202e zero\u200b bom\ufeff tag\u{e0041}')).toBe('"bidi\\u202e zero\\u200b bom\\ufeff tag\\U000e0041"')
    expect(quoteStarlark("日本 🙂 'single'")).toBe('"日本 🙂 \'single\'"')
  })

  it('round-trips through the parser', () => {
    const nasty = ['', '"', '\\', '\\x41', 'a\u0000b', '\u0085', '\u2028', '\u{1f600}', "'''", '"""', '#not a comment', '\u00ad']
    const file = parse(`prefix_rule(pattern = [${nasty.map(quoteStarlark).join(', ')}])`)
    expect(file.prefixRules[0]!.pattern).toEqual(nasty)
  })

  it('refuses lone surrogates, which a UTF-8 file cannot hold', () => {
    expect(() => quoteStarlark('\ud800')).toThrow(/lone surrogate/)
  })
})

describe('renderPrefixRule', () => {
  type Renderable = Parameters<typeof renderPrefixRule>[0]
  const roundTrip = (rule: Renderable): PrefixRule => {
    const [parsed, ...rest] = parse(renderPrefixRule(rule)).prefixRules
    expect(rest).toEqual([])
    return parsed!
  }

  const rules: Renderable[] = [
    {pattern: ['git', 'push'], decision: 'prompt', justification: 'needs approval', match: [['git', 'push']], notMatch: []},
    {pattern: [['npm', 'pnpm'], 'publish'], decision: 'forbidden', match: [], notMatch: [['npm', 'install']]},
    {
      pattern: ['printf', ['a"b', "it's", 'back\\slash', 'new\nline', '']],
      decision: 'forbidden',
      justification: 'quotes "and" \\ escapes\n',
      match: [
        ['printf', 'a"b'],
        ['printf', '', 'x y'],
        ['printf', "it's", '#hash'],
      ],
      notMatch: [['printf', '$HOME'], ['printf']],
    },
    {pattern: ['rm', '-rf'], decision: 'allow', match: [['RM', '-RF']], notMatch: [], canonicalMatching: true},
    {
      pattern: [
        ['cat', 'less', 'more', 'head', 'tail', 'bat', 'xxd', 'strings', 'od', 'hexdump'],
        ['.env', '.env.local', '.npmrc'],
      ],
      decision: 'forbidden',
      justification: 'long patterns are wrapped',
      match: [],
      notMatch: [],
    },
  ]

  it.each(rules)('round-trips %j', (rule) => {
    const parsed = roundTrip(rule)
    expect({
      pattern: parsed.pattern,
      decision: parsed.decision,
      justification: parsed.justification,
      match: parsed.match,
      notMatch: parsed.notMatch,
      canonicalMatching: parsed.canonicalMatching,
    }).toEqual({...rule, justification: rule.justification, canonicalMatching: rule.canonicalMatching})
    expect(parsed.decisionExplicit).toBe(true)
    expect(checkExamples(parse(renderPrefixRule(rule)))).toEqual([])
  })

  it('prints readable multi-line Starlark', () => {
    expect(
      renderPrefixRule({
        pattern: ['git', ['push', 'fetch']],
        decision: 'prompt',
        justification: 'why',
        match: [
          ['git', 'push'],
          ['git', 'fetch', 'a b'],
        ],
        notMatch: [['git', 'pull']],
      }),
    ).toBe(`prefix_rule(
    pattern = ["git", ["push", "fetch"]],
    decision = "prompt",
    justification = "why",
    match = [
        "git push",
        ["git", "fetch", "a b"],
    ],
    not_match = [
        "git pull",
    ],
)`)
    const long = renderPrefixRule(rules[4]!)
    expect(long.split('\n').every((line) => line.length <= 100)).toBe(true)
    expect(long).toContain('    pattern = [\n        ["cat",')
  })

  it('refuses rules codex would not load', () => {
    const base: Renderable = {pattern: ['a'], decision: 'allow', match: [], notMatch: []}
    expect(() => renderPrefixRule({...base, pattern: []})).toThrow(/empty/)
    expect(() => renderPrefixRule({...base, pattern: ['a', []]})).toThrow(/empty/)
    expect(() => renderPrefixRule({...base, justification: ' '})).toThrow(/justification/)
    expect(() => renderPrefixRule({...base, decision: 'deny' as 'allow'})).toThrow(/invalid decision/)
    expect(() => renderPrefixRule({...base, match: [[]]})).toThrow(/empty/)
  })
})
