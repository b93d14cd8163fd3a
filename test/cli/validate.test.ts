// `codex-guard validate` end to end: the built CLI over real temporary git repositories, with
// traps planted in the project layer (.codex/config.toml, trusted) or the user layer
// ($CODEX_HOME/config.toml of a scratch dir). Every trap has a positive and a negative case.
import {chmodSync, chownSync, copyFileSync, lstatSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {type CliResult, canSwitchUser, cleanup, git, type JsonFinding, makeRepo, parseFindings, read, runCli, scratchOf, userConfigOf, writeFiles} from '../helpers/cli.js'

afterEach(cleanup)

interface Validated extends CliResult {
  findings: JsonFinding[]
}

async function validate(repo: string, args: string[] = [], env?: Record<string, string | undefined>): Promise<Validated> {
  const result = await runCli(['validate', '--format', 'json', ...args], {cwd: repo, env})
  let findings: JsonFinding[]
  try {
    findings = parseFindings(result.stdout)
  } catch (error) {
    throw new Error(`validate did not print JSON (exit ${result.code}): ${(error as Error).message}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`)
  }
  return {...result, findings}
}

const withRule = (findings: JsonFinding[], ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId)
const ids = (findings: JsonFinding[]) => findings.map((finding) => finding.ruleId)

/** A repository after `init --trust`, so its .codex/ layer is enabled. */
async function trustedRepo(files: Record<string, string> = {}): Promise<string> {
  const repo = makeRepo(files)
  const init = await runCli(['init', '--trust'], {cwd: repo})
  expect(init.code, init.stderr).toBe(0)
  return repo
}

/** Top-level keys must precede every table header. */
function prependProjectConfig(repo: string, text: string): void {
  const file = join(repo, '.codex/config.toml')
  writeFileSync(file, text + readFileSync(file, 'utf8'))
}

function appendProjectConfig(repo: string, text: string): void {
  const file = join(repo, '.codex/config.toml')
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n${text}`)
}

/** Puts text at the top of $CODEX_HOME/config.toml (before the [projects] trust entry). */
function prependUserConfig(repo: string, text: string): void {
  const file = userConfigOf(repo)
  let existing = ''
  try {
    existing = readFileSync(file, 'utf8')
  } catch {
    existing = ''
  }
  writeFileSync(file, text + existing)
}

function lineNumberOf(repo: string, path: string, needle: string): number {
  const index = read(repo, path).split('\n').indexOf(needle)
  expect(index, `${needle} in ${path}`).toBeGreaterThanOrEqual(0)
  return index + 1
}

describe('validate on a freshly initialised, trusted repository', () => {
  it('exits 0 in text, json and sarif formats', async () => {
    const repo = await trustedRepo({'.env.example': 'API_KEY=\n', 'src/index.ts': 'export {}\n'})

    const text = await runCli(['validate'], {cwd: repo})
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/No findings\.|finding\(s\): (\d+ (medium|low|info)(, )?)+$/m)

    const json = await validate(repo)
    expect(json.code).toBe(0)
    expect(Array.isArray(json.findings)).toBe(true)
    expect(json.findings.filter((finding) => finding.severity === 'high' || finding.severity === 'critical')).toEqual([])
    expect(JSON.parse(json.stdout).tool).toBe('codex-guard')

    const sarif = await runCli(['validate', '--format', 'sarif'], {cwd: repo})
    expect(sarif.code).toBe(0)
    const log = JSON.parse(sarif.stdout)
    expect(log.version).toBe('2.1.0')
    expect(log.runs[0].tool.driver.name).toBe('codex-guard')
    expect(Array.isArray(log.runs[0].results)).toBe(true)
    expect(log.runs[0].results).toHaveLength(json.findings.length)
  })

  it('sarif results carry ruleId, level and a 1-based region for every finding', async () => {
    // No init: .env readable, untracked and not ignored, no profile → several findings, some global.
    const repo = makeRepo({'.env': 'API_KEY=sk-test-1234567890\n', 'deploy/id_rsa': 'KEY\n'})
    const sarif = await runCli(['validate', '--format', 'sarif'], {cwd: repo})
    expect(sarif.code).toBe(1)
    const log = JSON.parse(sarif.stdout)
    expect(log.version).toBe('2.1.0')
    const run = log.runs[0]
    expect(run.tool.driver.name).toBe('codex-guard')
    expect(run.results.length).toBeGreaterThanOrEqual(3)
    for (const result of run.results) {
      expect(typeof result.ruleId).toBe('string')
      expect(result.ruleId).toMatch(/^CG-/)
      expect(['error', 'warning', 'note']).toContain(result.level)
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1)
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId)
    }
    const uris = run.results.map((result: any) => result.locations[0].physicalLocation.artifactLocation.uri)
    expect(uris).toContain('.env')
    expect(uris).toContain('deploy/id_rsa')
    // The secret value never appears in the report.
    expect(sarif.stdout).not.toContain('sk-test-1234567890')
  })
})

describe('validate: trust', () => {
  it('init without --trust → CG-TRUST-UNTRUSTED (critical), exit 1', async () => {
    const repo = makeRepo()
    expect((await runCli(['init'], {cwd: repo})).code).toBe(0)
    const result = await validate(repo)
    expect(result.code).toBe(1)
    const [untrusted] = withRule(result.findings, 'CG-TRUST-UNTRUSTED')
    expect(untrusted?.severity).toBe('critical')
    expect(untrusted?.message).toContain(realpathSync(repo))

    const trusted = await runCli(['init', '--trust'], {cwd: repo})
    expect(trusted.code).toBe(0)
    const after = await validate(repo)
    expect(ids(after.findings)).not.toContain('CG-TRUST-UNTRUSTED')
    expect(after.code).toBe(0)
  })
})

describe('validate: coverage of sensitive files', () => {
  it('.env without a profile → CG-COV-UNDENIED and CG-PROFILE-NOT-SELECTED; gone after init --trust; .env.example never reported', async () => {
    const repo = makeRepo({'.env': 'DB_PASSWORD=hunter2\n', '.env.example': 'DB_PASSWORD=\n'})
    const before = await validate(repo)
    expect(before.code).toBe(1)
    expect(withRule(before.findings, 'CG-COV-UNDENIED').map((finding) => finding.file)).toEqual(['.env'])
    expect(ids(before.findings)).toContain('CG-PROFILE-NOT-SELECTED')
    expect(before.findings.filter((finding) => finding.file === '.env.example')).toEqual([])
    expect(before.stdout).not.toContain('hunter2')

    expect((await runCli(['init', '--trust'], {cwd: repo})).code).toBe(0)
    const after = await validate(repo)
    expect(after.findings.filter((finding) => finding.file === '.env')).toEqual([])
    expect(after.findings.filter((finding) => finding.file === '.env.example')).toEqual([])
    expect(ids(after.findings)).not.toContain('CG-PROFILE-NOT-SELECTED')
    expect(after.code).toBe(0)
  })

  it('a committed .env.production → CG-COV-TRACKED (critical), even after init', async () => {
    const repo = makeRepo({'.env.production': 'STRIPE_KEY=sk_live_x\n', 'README.md': '# app\n'})
    git(repo, ['add', '.env.production', 'README.md'])
    git(repo, ['commit', '-q', '-m', 'oops'])
    const before = await validate(repo)
    expect(before.code).toBe(1)
    const [tracked] = withRule(before.findings, 'CG-COV-TRACKED')
    expect(tracked?.file).toBe('.env.production')
    expect(tracked?.severity).toBe('critical')
    expect(withRule(before.findings, 'CG-COV-TRACKED').map((finding) => finding.file)).not.toContain('README.md')

    expect((await runCli(['init', '--trust'], {cwd: repo})).code).toBe(0)
    const after = await validate(repo)
    expect(after.code).toBe(1)
    expect(withRule(after.findings, 'CG-COV-TRACKED').map((finding) => finding.file)).toEqual(['.env.production'])
    expect(withRule(after.findings, 'CG-COV-UNDENIED')).toEqual([])
  })

  it('deploy/id_rsa and infra/terraform.tfstate not ignored → CG-COV-NOT-IGNORED for each; init adds the ignores', async () => {
    const repo = makeRepo({'deploy/id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\n', 'infra/terraform.tfstate': '{}\n', 'infra/main.tf': '\n'})
    const before = await validate(repo)
    const notIgnored = withRule(before.findings, 'CG-COV-NOT-IGNORED').map((finding) => finding.file)
    expect(notIgnored.sort()).toEqual(['deploy/id_rsa', 'infra/terraform.tfstate'])

    expect((await runCli(['init', '--trust'], {cwd: repo})).code).toBe(0)
    const after = await validate(repo)
    expect(withRule(after.findings, 'CG-COV-NOT-IGNORED')).toEqual([])
    expect(withRule(after.findings, 'CG-COV-UNDENIED')).toEqual([])
    expect(after.code).toBe(0)
  })

  it('.env.foo (no explicit deny entry) stays CG-COV-UNDENIED until [paths] deny_read lists it and init reruns', async () => {
    const repo = await trustedRepo({'.env.foo': 'TOKEN=abc\n'})
    const before = await validate(repo)
    expect(before.code).toBe(1)
    const [undenied] = withRule(before.findings, 'CG-COV-UNDENIED')
    expect(undenied?.file).toBe('.env.foo')
    expect(undenied?.remediation).toContain('deny_read')

    const policyFile = join(repo, '.codex/codex-guard.toml')
    const policy = readFileSync(policyFile, 'utf8')
    expect(policy).toContain('deny_read = []')
    writeFileSync(policyFile, policy.replace('deny_read = []', 'deny_read = [".env.foo"]'))
    const init = await runCli(['init'], {cwd: repo})
    expect(init.code).toBe(0)
    expect(read(repo, '.codex/config.toml')).toContain('".env.foo" = "none"')

    const after = await validate(repo)
    expect(withRule(after.findings, 'CG-COV-UNDENIED')).toEqual([])
    expect(withRule(after.findings, 'CG-COV-NOT-IGNORED')).toEqual([])
    expect(after.code).toBe(0)
  })
})

describe('validate: credentials in $HOME and bad invocations', () => {
  it('CG-COV-HOME-UNDENIED for ~/.ssh and ~/.aws in the scratch HOME; covered after init --trust', async () => {
    const repo = makeRepo()
    writeFiles(scratchOf(repo).home, {'.ssh/id_ed25519': 'KEY\n', '.aws/credentials': '[default]\n'})
    const before = await validate(repo)
    const home = withRule(before.findings, 'CG-COV-HOME-UNDENIED').map((finding) => finding.file)
    expect(home).toEqual(expect.arrayContaining(['~/.ssh', '~/.aws']))
    expect((await runCli(['init', '--trust'], {cwd: repo})).code).toBe(0)
    const after = await validate(repo)
    expect(withRule(after.findings, 'CG-COV-HOME-UNDENIED')).toEqual([])
  })

  it('outside a git repository: exit 2 with a clear message', async () => {
    const dir = makeRepo({'.env': 'A=1\n'}, {git: false})
    const result = await runCli(['validate'], {cwd: dir})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/not inside a git repository/)
  })

  it('a misspelled key in .codex/codex-guard.toml → CG-SYNTAX-POLICY naming the line, exit 2', async () => {
    const repo = await trustedRepo()
    const policyFile = join(repo, '.codex/codex-guard.toml')
    writeFileSync(policyFile, readFileSync(policyFile, 'utf8').replace('deny_read = []', 'deny_reed = []'))
    const result = await validate(repo)
    expect(result.code).toBe(2)
    const [policy] = withRule(result.findings, 'CG-SYNTAX-POLICY')
    expect(policy?.file).toBe('.codex/codex-guard.toml')
    expect(policy?.line).toBe(lineNumberOf(repo, '.codex/codex-guard.toml', 'deny_reed = []'))
    expect(policy?.message).toContain('deny_read')
  })
})

describe('validate: configuration traps', () => {
  it('CG-SANDBOX-MODE-OVERRIDE: sandbox_mode in the trusted project config, with file:line', async () => {
    const repo = await trustedRepo()
    prependProjectConfig(repo, '# legacy\nsandbox_mode = "workspace-write"\n')
    const result = await validate(repo)
    expect(result.code).toBe(1)
    const [override] = withRule(result.findings, 'CG-SANDBOX-MODE-OVERRIDE')
    expect(override?.file).toBe('.codex/config.toml')
    expect(override?.line).toBe(2)
    expect(override?.severity).toBe('critical')
    const text = await runCli(['validate'], {cwd: repo})
    expect(text.stdout).toContain('CG-SANDBOX-MODE-OVERRIDE  .codex/config.toml:2')
  })

  it('CG-SANDBOX-MODE-OVERRIDE negative: a commented-out sandbox_mode is not reported', async () => {
    const repo = await trustedRepo()
    prependProjectConfig(repo, '# sandbox_mode = "workspace-write"\n')
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-SANDBOX-MODE-OVERRIDE')
    expect(result.code).toBe(0)
  })

  it('CG-SANDBOX-FULL-ACCESS: sandbox_mode = "danger-full-access" in the user config', async () => {
    const repo = await trustedRepo()
    prependUserConfig(repo, 'sandbox_mode = "danger-full-access"\n\n')
    const result = await validate(repo)
    expect(result.code).toBe(1)
    const [full] = withRule(result.findings, 'CG-SANDBOX-FULL-ACCESS')
    expect(full?.severity).toBe('critical')
    expect(full?.file).toBe(userConfigOf(repo))
    expect(full?.line).toBe(1)
  })

  it('CG-SANDBOX-FULL-ACCESS negative: sandbox_mode = "read-only" is an override but not full access', async () => {
    const repo = await trustedRepo()
    prependUserConfig(repo, 'sandbox_mode = "read-only"\n\n')
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-SANDBOX-FULL-ACCESS')
    expect(ids(result.findings)).toContain('CG-SANDBOX-MODE-OVERRIDE')
  })

  it('CG-NETWORK-ON: [sandbox_workspace_write] network_access = true in the project config', async () => {
    const repo = await trustedRepo()
    appendProjectConfig(repo, '[sandbox_workspace_write]\nnetwork_access = true\n')
    const result = await validate(repo)
    expect(result.code).toBe(1)
    const [network] = withRule(result.findings, 'CG-NETWORK-ON')
    expect(network?.file).toBe('.codex/config.toml')
    expect(network?.line).toBe(lineNumberOf(repo, '.codex/config.toml', 'network_access = true'))
  })

  it('CG-NETWORK-ON negative: network_access = false', async () => {
    const repo = await trustedRepo()
    appendProjectConfig(repo, '[sandbox_workspace_write]\nnetwork_access = false\n')
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-NETWORK-ON')
    expect(result.code).toBe(0)
  })

  it('CG-APPROVAL-NEVER: approval_policy = "never" in the user config', async () => {
    const repo = await trustedRepo()
    prependUserConfig(repo, '# yolo\napproval_policy = "never"\n\n')
    const result = await validate(repo)
    const [never] = withRule(result.findings, 'CG-APPROVAL-NEVER')
    expect(never?.file).toBe(userConfigOf(repo))
    expect(never?.line).toBe(2)
    expect(never?.severity).toBe('medium')
  })

  it('CG-APPROVAL-NEVER negative: approval_policy = "on-request"', async () => {
    const repo = await trustedRepo()
    prependUserConfig(repo, 'approval_policy = "on-request"\n\n')
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-APPROVAL-NEVER')
    expect(result.code).toBe(0)
  })

  it('CG-CFG-REMOVED: approval_policy = "untrusted" and a [profiles.x] table', async () => {
    const repo = await trustedRepo()
    prependUserConfig(repo, 'approval_policy = "untrusted"\n\n[profiles.x]\nmodel = "o3"\n\n')
    const result = await validate(repo)
    expect(result.code).toBe(1)
    const removed = withRule(result.findings, 'CG-CFG-REMOVED')
    expect(removed).toHaveLength(2)
    const approval = removed.find((finding) => finding.message.includes('approval_policy = "untrusted"'))
    expect(approval?.file).toBe(userConfigOf(repo))
    expect(approval?.line).toBe(1)
    const profiles = removed.find((finding) => finding.message.includes('[profiles]'))
    expect(profiles?.file).toBe(userConfigOf(repo))
  })

  it('CG-CFG-REMOVED for [profiles.x] points at the table header line', async () => {
    const repo = await trustedRepo()
    prependUserConfig(repo, 'model = "o3"\n\n[profiles.x]\nmodel = "o3"\n\n')
    const result = await validate(repo)
    const [profiles] = withRule(result.findings, 'CG-CFG-REMOVED')
    expect(profiles?.message).toContain('[profiles]')
    expect(profiles?.line).toBe(3)
  })

  it('CG-CFG-REMOVED negative: a supported approval policy and no [profiles]', async () => {
    const repo = await trustedRepo()
    prependUserConfig(repo, 'approval_policy = "on-failure"\nmodel = "o3"\n\n')
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-CFG-REMOVED')
    expect(result.code).toBe(0)
  })

  it('CG-CFG-UNKNOWN-KEY: network_acess suggests network_access', async () => {
    const repo = await trustedRepo()
    appendProjectConfig(repo, '[sandbox_workspace_write]\nnetwork_acess = false\n')
    const result = await validate(repo)
    const [unknown] = withRule(result.findings, 'CG-CFG-UNKNOWN-KEY')
    expect(unknown?.file).toBe('.codex/config.toml')
    expect(unknown?.line).toBe(lineNumberOf(repo, '.codex/config.toml', 'network_acess = false'))
    expect(unknown?.message).toContain('network_acess')
    expect(unknown?.message).toContain('did you mean "network_access"')
  })

  it('CG-CFG-UNKNOWN-KEY negative: the correctly spelled key', async () => {
    const repo = await trustedRepo()
    appendProjectConfig(repo, '[sandbox_workspace_write]\nnetwork_access = false\nexclude_slash_tmp = true\n')
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-CFG-UNKNOWN-KEY')
  })

  it('CG-WRITABLE-ROOTS-BROAD: writable_roots = ["/"]', async () => {
    const repo = await trustedRepo()
    appendProjectConfig(repo, '[sandbox_workspace_write]\nwritable_roots = ["/"]\n')
    const result = await validate(repo)
    expect(result.code).toBe(1)
    const [broad] = withRule(result.findings, 'CG-WRITABLE-ROOTS-BROAD')
    expect(broad?.file).toBe('.codex/config.toml')
    expect(broad?.line).toBe(lineNumberOf(repo, '.codex/config.toml', 'writable_roots = ["/"]'))
    expect(broad?.message).toContain('"/"')
  })

  it('CG-WRITABLE-ROOTS-BROAD negative: a specific build directory', async () => {
    const repo = await trustedRepo()
    appendProjectConfig(repo, `[sandbox_workspace_write]\nwritable_roots = [${JSON.stringify(join(repo, 'build'))}]\n`)
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-WRITABLE-ROOTS-BROAD')
  })

  it('CG-ENV-SECRETS-PASS: ignore_default_excludes = true with GITHUB_TOKEN in the environment', async () => {
    const repo = makeRepo()
    writeFiles(scratchOf(repo).codexHome, {'config.toml': '[shell_environment_policy]\ninherit = "all"\nignore_default_excludes = true\n'})
    const token = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'
    const result = await validate(repo, [], {GITHUB_TOKEN: token})
    expect(result.code).toBe(1)
    const [leak] = withRule(result.findings, 'CG-ENV-SECRETS-PASS')
    expect(leak?.severity).toBe('high')
    expect(leak?.message).toContain('GITHUB_TOKEN')
    expect(leak?.message).toMatch(/set in this shell: [^)]*GITHUB_TOKEN/)
    expect(result.stdout).not.toContain(token)
  })

  it('CG-ENV-SECRETS-PASS negative: after init --trust the same token is filtered out', async () => {
    const repo = makeRepo()
    writeFiles(scratchOf(repo).codexHome, {'config.toml': '[shell_environment_policy]\ninherit = "all"\nignore_default_excludes = true\n'})
    expect((await runCli(['init', '--trust'], {cwd: repo})).code).toBe(0)
    const result = await validate(repo, [], {GITHUB_TOKEN: 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB'})
    expect(ids(result.findings)).not.toContain('CG-ENV-SECRETS-PASS')
    expect(result.code).toBe(0)
  })

  it('CG-CFG-INVALID-VALUE: a glob with "read" access in the permission profile', async () => {
    const repo = await trustedRepo()
    const file = join(repo, '.codex/config.toml')
    const config = readFileSync(file, 'utf8')
    expect(config).toContain('"." = "write"\n')
    writeFileSync(file, config.replace('"." = "write"\n', '"." = "write"\n"**/*.md" = "read"\n'))
    const result = await validate(repo)
    expect(result.code).toBe(1)
    const [invalid] = withRule(result.findings, 'CG-CFG-INVALID-VALUE')
    expect(invalid?.file).toBe('.codex/config.toml')
    expect(invalid?.line).toBe(lineNumberOf(repo, '.codex/config.toml', '"**/*.md" = "read"'))
    expect(invalid?.message).toContain('**/*.md')
  })

  it('CG-CFG-INVALID-VALUE negative: "read" on a directory subtree ("docs/**") is allowed', async () => {
    const repo = await trustedRepo()
    const file = join(repo, '.codex/config.toml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('"." = "write"\n', '"." = "write"\n"docs/**" = "read"\n'))
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-CFG-INVALID-VALUE')
    expect(result.code).toBe(0)
  })
})

describe('validate: rules traps', () => {
  it('CG-RULES-ALLOW: an allow rule in .codex/rules/extra.rules, with its line', async () => {
    const repo = await trustedRepo()
    writeFiles(repo, {'.codex/rules/extra.rules': '# team rules\nprefix_rule(pattern = ["python3"], decision = "allow")\n'})
    const result = await validate(repo)
    expect(result.code).toBe(1)
    const [allow] = withRule(result.findings, 'CG-RULES-ALLOW')
    expect(allow?.file).toBe('.codex/rules/extra.rules')
    expect(allow?.line).toBe(2)
    expect(allow?.severity).toBe('high')
    // codex-guard's own generated rules never trigger it.
    expect(withRule(result.findings, 'CG-RULES-ALLOW')).toHaveLength(1)
  })

  it('CG-RULES-ALLOW negative: a prompt rule', async () => {
    const repo = await trustedRepo()
    writeFiles(repo, {'.codex/rules/extra.rules': '# team rules\nprefix_rule(pattern = ["python3"], decision = "prompt")\n'})
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-RULES-ALLOW')
    expect(result.code).toBe(0)
  })

  it('CG-RULES-SYMLINK: a symlinked .rules file', async () => {
    const repo = await trustedRepo({'shared/team.rules': 'prefix_rule(pattern = ["rm", "-rf"], decision = "forbidden")\n'})
    symlinkSync('../../shared/team.rules', join(repo, '.codex/rules/team.rules'))
    const result = await validate(repo)
    expect(result.code).toBe(1)
    const [symlink] = withRule(result.findings, 'CG-RULES-SYMLINK')
    expect(symlink?.file).toBe('.codex/rules/team.rules')
  })

  it('CG-RULES-SYMLINK negative: a regular copy of the same file', async () => {
    const repo = await trustedRepo({'shared/team.rules': 'prefix_rule(pattern = ["rm", "-rf"], decision = "forbidden")\n'})
    copyFileSync(join(repo, 'shared/team.rules'), join(repo, '.codex/rules/team.rules'))
    expect(lstatSync(join(repo, '.codex/rules/team.rules')).isSymbolicLink()).toBe(false)
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-RULES-SYMLINK')
    expect(result.code).toBe(0)
  })

  it('CG-RULES-EXAMPLE: a match example the pattern does not match', async () => {
    const repo = await trustedRepo()
    writeFiles(repo, {'.codex/rules/extra.rules': 'prefix_rule(\n    pattern = ["git", "push"],\n    decision = "prompt",\n    match = ["git pull"],\n)\n'})
    const result = await validate(repo)
    expect(result.code).toBe(1)
    const [example] = withRule(result.findings, 'CG-RULES-EXAMPLE')
    expect(example?.file).toBe('.codex/rules/extra.rules')
    expect(example?.severity).toBe('critical')
    expect(example?.message).toContain('git pull')
  })

  it('CG-RULES-EXAMPLE negative: a match example that holds', async () => {
    const repo = await trustedRepo()
    writeFiles(repo, {'.codex/rules/extra.rules': 'prefix_rule(\n    pattern = ["git", "push"],\n    decision = "prompt",\n    match = ["git push origin main"],\n    not_match = ["git pull"],\n)\n'})
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-RULES-EXAMPLE')
    expect(result.code).toBe(0)
  })

  it('CG-RULES-NETWORK-NO-PROXY: a network_rule without features.network_proxy', async () => {
    const repo = await trustedRepo()
    writeFiles(repo, {'.codex/rules/net.rules': '# api access\nnetwork_rule(host = "api.example.com", protocol = "https", decision = "allow")\n'})
    const result = await validate(repo)
    const [proxy] = withRule(result.findings, 'CG-RULES-NETWORK-NO-PROXY')
    expect(proxy?.file).toBe('.codex/rules/net.rules')
    expect(proxy?.line).toBe(2)
    expect(proxy?.message).toContain('api.example.com')
  })

  it('CG-RULES-NETWORK-NO-PROXY negative: the same rule with [features] network_proxy = true', async () => {
    const repo = await trustedRepo()
    writeFiles(repo, {'.codex/rules/net.rules': '# api access\nnetwork_rule(host = "api.example.com", protocol = "https", decision = "allow")\n'})
    writeFileSync(userConfigOf(repo), `${readFileSync(userConfigOf(repo), 'utf8')}\n[features]\nnetwork_proxy = true\n`)
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-RULES-NETWORK-NO-PROXY')
  })
})

describe('validate: files that do not load', () => {
  it('CG-SYNTAX-RULES: decision = "deny" is not a rule decision → exit 2', async () => {
    const repo = await trustedRepo()
    writeFiles(repo, {'.codex/rules/broken.rules': 'prefix_rule(pattern=["rm"], decision="deny")\n'})
    const result = await validate(repo)
    expect(result.code).toBe(2)
    const [syntax] = withRule(result.findings, 'CG-SYNTAX-RULES')
    expect(syntax?.file).toBe('.codex/rules/broken.rules')
    expect(syntax?.line).toBe(1)
    expect(syntax?.message).toMatch(/deny/)
  })

  it('CG-SYNTAX-RULES negative: decision="forbidden" parses', async () => {
    const repo = await trustedRepo()
    writeFiles(repo, {'.codex/rules/broken.rules': 'prefix_rule(pattern=["rm"], decision="forbidden")\n'})
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-SYNTAX-RULES')
    expect(result.code).toBe(0)
  })

  it('CG-SYNTAX-TOML: a malformed user config in CODEX_HOME → exit 2', async () => {
    const repo = await trustedRepo()
    prependUserConfig(repo, 'model = "gpt-5.5\n')
    const result = await validate(repo)
    expect(result.code).toBe(2)
    const [syntax] = withRule(result.findings, 'CG-SYNTAX-TOML')
    expect(syntax?.file).toBe(userConfigOf(repo))
    expect(syntax?.line).toBe(1)
    expect(syntax?.severity).toBe('critical')
    expect(result.stderr).not.toMatch(/internal error/)
  })

  it('CG-SYNTAX-TOML negative: the same key, properly quoted', async () => {
    const repo = await trustedRepo()
    prependUserConfig(repo, 'model = "gpt-5.5"\n')
    const result = await validate(repo)
    expect(ids(result.findings)).not.toContain('CG-SYNTAX-TOML')
    expect(result.code).toBe(0)
  })
})

describe('validate: exit policy and suppressions', () => {
  it('--fail-on critical turns a high-only result into exit 0', async () => {
    const repo = await trustedRepo({'.env.foo': 'TOKEN=abc\n'})
    const normal = await validate(repo)
    expect(normal.code).toBe(1)
    const severities = new Set(normal.findings.map((finding) => finding.severity))
    expect(severities.has('high')).toBe(true)
    expect(severities.has('critical')).toBe(false)
    const relaxed = await validate(repo, ['--fail-on', 'critical'])
    expect(relaxed.code).toBe(0)
    expect(relaxed.findings).toEqual(normal.findings)
    const strict = await validate(repo, ['--fail-on', 'medium'])
    expect(strict.code).toBe(1)
  })

  it('[[suppress]] with rule, path and reason removes the finding and says so on stderr', async () => {
    const repo = await trustedRepo({'.env.foo': 'TOKEN=abc\n'})
    const policyFile = join(repo, '.codex/codex-guard.toml')
    const policy = readFileSync(policyFile, 'utf8')

    writeFileSync(policyFile, `${policy}\n[[suppress]]\nrule = "CG-COV-UNDENIED"\npath = "other/**"\nreason = "does not match"\n`)
    const unmatched = await validate(repo)
    expect(withRule(unmatched.findings, 'CG-COV-UNDENIED')).toHaveLength(1)
    expect(unmatched.stderr).not.toMatch(/suppressed/)

    writeFileSync(policyFile, `${policy}\n[[suppress]]\nrule = "CG-COV-UNDENIED"\npath = ".env.foo"\nreason = "fixture with a fake token"\n`)
    const result = await validate(repo)
    expect(withRule(result.findings, 'CG-COV-UNDENIED')).toEqual([])
    expect(result.stderr).toMatch(/1 finding\(s\) suppressed/)
    // The remaining .gitignore finding is medium, below the default --fail-on high.
    expect(ids(result.findings)).toContain('CG-COV-NOT-IGNORED')
    expect(result.code).toBe(0)
  })

  it('[[suppress]] rule = "CG-COV-*" suppresses the whole coverage family, as in scan and precommit', async () => {
    const repo = await trustedRepo({'.env.foo': 'TOKEN=abc\n'})
    const policyFile = join(repo, '.codex/codex-guard.toml')
    const policy = readFileSync(policyFile, 'utf8')
    const before = await validate(repo)
    const coverage = before.findings.filter((finding) => finding.ruleId.startsWith('CG-COV-'))
    expect(coverage.length).toBeGreaterThanOrEqual(2)
    writeFileSync(policyFile, `${policy}\n[[suppress]]\nrule = "CG-COV-*"\npath = ".env.foo"\nreason = "fixture"\n`)
    const result = await validate(repo)
    expect(result.findings.filter((finding) => finding.ruleId.startsWith('CG-COV-') && finding.file === '.env.foo')).toEqual([])
    expect(result.stderr).toMatch(new RegExp(`${coverage.filter((finding) => finding.file === '.env.foo').length} finding\\(s\\) suppressed`))
  })
})

describe('validate: awkward file systems', () => {
  it('an unreadable directory is reported, not fatal, and the rest of the walk completes', async () => {
    const repo = makeRepo({'.env': 'A=1\n', 'locked/.env': 'B=2\n', 'open/id_rsa': 'KEY\n'})
    const locked = join(repo, 'locked')
    const switchUser = canSwitchUser()
    if (switchUser) {
      // As root, chmod 000 does not stop readdir; run the CLI as "nobody" owning the files instead.
      const scratch = scratchOf(repo)
      chmodSync(scratch.base, 0o755)
      const chownTree = (path: string) => {
        chownSync(path, 65534, 65534)
        if (lstatSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry))
      }
      for (const dir of [scratch.repo, scratch.codexHome, scratch.home, scratch.cache, scratch.state, scratch.config]) chownTree(dir)
    }
    chmodSync(locked, 0o000)
    const raw = await runCli(['validate', '--format', 'json'], {cwd: repo, uid: switchUser ? 65534 : undefined})
    expect(raw.stderr).not.toMatch(/internal error/)
    expect(raw.code).toBe(1)
    const findings = parseFindings(raw.stdout)
    const files = withRule(findings, 'CG-COV-UNDENIED').map((finding) => finding.file)
    expect(files).toContain('.env')
    expect(files).toContain('open/id_rsa')
    let readable = true
    try {
      readdirSync(locked)
    } catch {
      readable = false
    }
    if (switchUser || !readable) {
      const [walk] = withRule(findings, 'CG-WALK-UNREADABLE')
      expect(walk?.file).toBe('locked')
      expect(walk?.severity).toBe('low')
      expect(files).not.toContain('locked/.env')
    } else {
      // chmod had no effect and the CLI could not be run as another user: the walk still completes.
      expect(files).toContain('locked/.env')
    }
  })

  it('a symlink loop (ln -s . loop) does not hang or crash validate', async () => {
    const repo = makeRepo({'.env': 'A=1\n', 'sub/file.txt': 'x\n'})
    symlinkSync('.', join(repo, 'loop'))
    symlinkSync('..', join(repo, 'sub', 'up'))
    const result = await validate(repo)
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.code).toBe(1)
    expect(withRule(result.findings, 'CG-COV-UNDENIED').map((finding) => finding.file)).toEqual(['.env'])
    expect(result.findings.filter((finding) => finding.file?.startsWith('loop/') || finding.file?.startsWith('sub/up/'))).toEqual([])

    expect((await runCli(['init', '--trust'], {cwd: repo})).code).toBe(0)
    const after = await validate(repo)
    expect(after.code).toBe(0)
  })
})
