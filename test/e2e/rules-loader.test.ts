// validate and the pre-commit check load rules files the same way (rules/loader.ts) and agree with
// the real `codex execpolicy check` over multi-file layouts; files beyond the Starlark subset are
// handed to the real codex. Real temporary git repositories, the pinned codex binary.
import {symlinkSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {execPolicyCheck} from '../../src/codex/binary.js'
import {listRulesDir} from '../../src/codex/rules/loader.js'
import {runPrecommit} from '../../src/precommit/run.js'
import {runValidate} from '../../src/validate/index.js'
import {cleanup, cliEnv, codexHomeOf, git, makeRepo, writeFiles} from '../helpers/cli.js'
import {codexBin} from '../helpers/codex.js'

afterEach(cleanup)

const HOSTS = 'host_executable(name = "git", paths = ["/usr/bin/git"])\n'

/** Codex's own verdict on the files in the order given: loads, or the reason it refuses. */
async function codexVerdict(files: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    await execPolicyCheck(codexBin(), files, ['true'], env)
    return 'loads'
  } catch (error) {
    return `refuses: ${(error as Error).message}`
  }
}

interface Verdicts {
  codex: string
  validate: string[]
  precommit: string[]
}

/** The findings each tool reports on `target` at high or above, as "file ruleId". */
async function verdicts(repo: string, target: string): Promise<Verdicts> {
  git(repo, ['add', '-A'])
  const env = cliEnv(repo)
  const files = [...listRulesDir(join(codexHomeOf(repo), 'rules')), ...listRulesDir(join(repo, '.codex/rules'))].filter((entry) => !entry.symlink).map((entry) => entry.file)
  const validated = await runValidate({root: repo, env, systemDir: join(repo, 'no-system')})
  const committed = await runPrecommit({cwd: repo, env})
  const serious = (finding: {severity: string}) => finding.severity === 'critical' || finding.severity === 'high'
  return {
    codex: await codexVerdict(files, env),
    validate: validated.findings.filter((finding) => finding.file === target && serious(finding)).map((finding) => finding.ruleId),
    precommit: committed.blocking.filter((finding) => finding.file === target).map((finding) => finding.ruleId),
  }
}

describe('one rules loader for validate and precommit', () => {
  it('a host_executable in the first file makes an example of the second fail: both block, as Codex does', async () => {
    const repo = makeRepo({
      '.codex/rules/10-hosts.rules': HOSTS,
      '.codex/rules/20-git.rules': 'prefix_rule(pattern = ["git", "status"], decision = "prompt", match = ["/opt/bin/git status"])\n',
    })
    const result = await verdicts(repo, '.codex/rules/20-git.rules')
    expect(result.codex).toMatch(/^refuses: .*unmatched examples/)
    expect(result.validate).toEqual(['CG-RULES-EXAMPLE'])
    expect(result.precommit).toEqual(['CG-COMMIT-CODEX-INVALID'])
  })

  it('the same declaration makes a not_match example of the second hold: both pass, as Codex does', async () => {
    const repo = makeRepo({
      '.codex/rules/10-hosts.rules': HOSTS,
      '.codex/rules/20-git.rules': 'prefix_rule(pattern = ["git", "status"], decision = "prompt", not_match = ["/opt/bin/git status"])\n',
    })
    expect(await verdicts(repo, '.codex/rules/20-git.rules')).toEqual({codex: 'loads', validate: [], precommit: []})
  })

  it('examples of the second file are checked against its own rule, not a matching rule of the first (Codex refuses)', async () => {
    const repo = makeRepo({
      '.codex/rules/a.rules': 'prefix_rule(pattern = ["git"], decision = "prompt")\n',
      '.codex/rules/b.rules': 'prefix_rule(pattern = ["git", "push"], decision = "forbidden", match = ["git status"])\n',
    })
    const result = await verdicts(repo, '.codex/rules/b.rules')
    expect(result.codex).toMatch(/^refuses: /)
    expect(result.validate).toEqual(['CG-RULES-EXAMPLE'])
    expect(result.precommit).toEqual(['CG-COMMIT-CODEX-INVALID'])
  })

  it('user rules in $CODEX_HOME/rules load before the project’s and count for its examples', async () => {
    const repo = makeRepo({'.codex/rules/git.rules': 'prefix_rule(pattern = ["git", "status"], decision = "prompt", match = ["/opt/bin/git status"])\n'})
    writeFiles(codexHomeOf(repo), {'rules/hosts.rules': HOSTS})
    const result = await verdicts(repo, '.codex/rules/git.rules')
    expect(result.codex).toMatch(/^refuses: /)
    expect(result.validate).toEqual(['CG-RULES-EXAMPLE'])
    expect(result.precommit).toEqual(['CG-COMMIT-CODEX-INVALID'])
  })

  it('a symlinked first file is skipped by both, as Codex skips it', async () => {
    const repo = makeRepo({
      'shared/hosts.rules': HOSTS,
      '.codex/rules/20-git.rules': 'prefix_rule(pattern = ["git", "status"], decision = "prompt", match = ["/opt/bin/git status"])\n',
    })
    symlinkSync('../../shared/hosts.rules', join(repo, '.codex/rules/10-hosts.rules'))
    const result = await verdicts(repo, '.codex/rules/20-git.rules')
    expect(result).toEqual({codex: 'loads', validate: [], precommit: []})
  })
})

describe('files beyond the Starlark subset go to the real codex', () => {
  const DEF = 'def deny(*words):\n    prefix_rule(pattern = list(words), decision = "forbidden")\n\ndeny("rm", "-rf")\n'
  const BROKEN_DEF = 'def deny(*words):\n    prefix_rule(pattern = list(words), decision = "deny")\n\ndeny("rm", "-rf")\n'
  const onPath = (repo: string) => cliEnv(repo, {PATH: `${dirname(codexBin())}:${process.env['PATH'] ?? '/usr/bin:/bin'}`})

  it('validate: a def that Codex loads is an info finding, not a syntax error', async () => {
    const repo = makeRepo({'.codex/rules/team.rules': DEF})
    const result = await runValidate({root: repo, env: cliEnv(repo), systemDir: join(repo, 'no-system'), codex: codexBin()})
    const syntax = result.findings.filter((finding) => finding.ruleId === 'CG-SYNTAX-RULES')
    expect(syntax.map((finding) => [finding.file, finding.severity, finding.line])).toEqual([['.codex/rules/team.rules', 'info', 1]])
    expect(syntax[0]?.message).toMatch(/codex execpolicy check/)
    expect(result.brokenInputs).toBe(false)
  })

  it('validate: a def that Codex refuses reports Codex’s own error', async () => {
    const repo = makeRepo({'.codex/rules/team.rules': BROKEN_DEF})
    const result = await runValidate({root: repo, env: cliEnv(repo), systemDir: join(repo, 'no-system'), codex: codexBin()})
    const syntax = result.findings.filter((finding) => finding.ruleId === 'CG-SYNTAX-RULES')
    expect(syntax.map((finding) => [finding.file, finding.severity])).toEqual([['.codex/rules/team.rules', 'critical']])
    expect(syntax[0]?.message).toMatch(/invalid decision: deny/)
    expect(syntax[0]?.line).toBeGreaterThan(0)
    expect(result.brokenInputs).toBe(true)
  })

  it('validate: without codex the file is reported as not checked (medium), not as broken', async () => {
    const repo = makeRepo({'.codex/rules/team.rules': DEF})
    const result = await runValidate({root: repo, env: cliEnv(repo), systemDir: join(repo, 'no-system')})
    const syntax = result.findings.filter((finding) => finding.ruleId === 'CG-SYNTAX-RULES')
    expect(syntax.map((finding) => [finding.severity, /could not be checked/.test(finding.message)])).toEqual([['medium', true]])
    expect(result.brokenInputs).toBe(false)
  })

  it('validate: the file Codex checks sees the host_executable of the file before it', async () => {
    const repo = makeRepo({
      '.codex/rules/10-hosts.rules': HOSTS,
      '.codex/rules/20-git.rules':
        'def ask(*words, examples = []):\n    prefix_rule(pattern = list(words), decision = "prompt", match = examples)\n\nask("git", "status", examples = ["/opt/bin/git status"])\n',
    })
    const result = await runValidate({root: repo, env: cliEnv(repo), systemDir: join(repo, 'no-system'), codex: codexBin()})
    const syntax = result.findings.filter((finding) => finding.ruleId === 'CG-SYNTAX-RULES')
    expect(syntax.map((finding) => [finding.file, finding.severity])).toEqual([['.codex/rules/20-git.rules', 'critical']])
    expect(syntax[0]?.message).toMatch(/unmatched examples/)
  })

  it('precommit: Codex on PATH loads the staged def file, so nothing blocks; a broken one blocks', async () => {
    const good = makeRepo({'.codex/rules/team.rules': DEF})
    git(good, ['add', '-A'])
    const passed = await runPrecommit({cwd: good, env: onPath(good)})
    expect(passed.blocking).toEqual([])
    expect(passed.findings.filter((finding) => finding.ruleId === 'CG-COMMIT-CODEX-INVALID').map((finding) => [finding.file, finding.severity])).toEqual([['.codex/rules/team.rules', 'info']])

    const bad = makeRepo({'.codex/rules/team.rules': BROKEN_DEF})
    git(bad, ['add', '-A'])
    const blocked = await runPrecommit({cwd: bad, env: onPath(bad)})
    expect(blocked.blocking.map((finding) => [finding.file, finding.ruleId])).toEqual([['.codex/rules/team.rules', 'CG-COMMIT-CODEX-INVALID']])
    expect(blocked.blocking[0]?.message).toMatch(/invalid decision: deny/)
  })
})
