// `codex-guard fleet requirements`: writes a managed requirements.toml atomically (backup of a
// different file), --check compares a deployed copy, bad input exits 2 naming the file and line.
// test/e2e/managed.test.ts proves with the real Codex that the file is enforced.
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {parseRequirements} from '../../src/codex/requirements.js'
import {COMMAND_RULES} from '../../src/policy/catalogue.js'
import {parseTomlText} from '../../src/util/toml.js'
import {cleanup, makeRepo, runCli, scratchOf} from '../helpers/cli.js'

afterEach(cleanup)

function setup() {
  const dir = makeRepo({}, {git: false})
  const scratch = scratchOf(dir)
  return {dir, out: join(dir, 'managed', 'requirements.toml'), runtime: join(scratch.base, 'runtime')}
}

describe('fleet requirements', () => {
  it('writes a file Codex accepts, from the catalogue, and installs the runtime the hooks name', async () => {
    const {dir, out, runtime} = setup()
    const result = await runCli(['fleet', 'requirements', '--out', out, '--runtime-home', runtime], {cwd: dir})
    expect(result.code, result.stderr).toBe(0)
    const parsed = parseRequirements(parseTomlText(readFileSync(out, 'utf8'), out))
    expect(parsed.allowedSandboxModes).toEqual(['read-only', 'workspace-write'])
    expect(parsed.defaultPermissions).toBe('codex-guard-managed')
    expect(parsed.allowedPermissionProfiles).toEqual(['codex-guard-managed'])
    expect(parsed.definedProfiles).toEqual(['codex-guard-managed'])
    expect(parsed.denyRead).toContain('~/.ssh')
    expect(parsed.denyRead.every((path) => path.startsWith('~/') || path.startsWith('/'))).toBe(true)
    // every standard command rule, none of them "allow" (Codex refuses allow in requirements)
    expect(parsed.prefixRules.length).toBe(COMMAND_RULES.filter((rule) => rule.decision.standard).length)
    expect(parsed.hooks.map((hook) => hook.event).sort()).toEqual(['PostToolUse', 'PreToolUse', 'Stop'])
    expect(parsed.hooks.every((hook) => hook.command.startsWith(`/usr/bin/env CODEX_GUARD_RUNTIME_HOME=${runtime} /bin/sh -c '`))).toBe(true)
    expect(parsed.managedHookDir).toBe(runtime)
    const installed = readdirSync(runtime).filter((name) => !name.startsWith('.'))
    expect(installed).toHaveLength(1)
    expect(existsSync(join(runtime, installed[0]!, 'hook.cjs'))).toBe(true)
    expect(parsed.hooks[0]!.command).toContain(installed[0])
    // the managed profile has the project deny-read globs under :workspace_roots
    expect(readFileSync(out, 'utf8')).toMatch(/\[permissions\.codex-guard-managed\.filesystem\.":workspace_roots"\]\n"\." = "write"\n"\*\*\/\.env" = "none"/)
  })

  it('--check: 0 when identical, 1 with a diff when edited or missing, 2 when it does not parse', async () => {
    const {dir, out, runtime} = setup()
    const args = ['fleet', 'requirements', '--out', out, '--runtime-home', runtime]
    const missing = await runCli([...args, '--check'], {cwd: dir})
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/does not exist/)
    expect((await runCli(args, {cwd: dir})).code).toBe(0)
    expect((await runCli([...args, '--check'], {cwd: dir})).code).toBe(0)
    const text = readFileSync(out, 'utf8')
    writeFileSync(out, text.replace('allowed_sandbox_modes = ["read-only", "workspace-write"]', 'allowed_sandbox_modes = ["read-only", "workspace-write", "danger-full-access"]'))
    const loosened = await runCli([...args, '--check'], {cwd: dir})
    expect(loosened.code).toBe(1)
    expect(loosened.stdout).toMatch(/^-allowed_sandbox_modes = .*danger-full-access/m)
    expect(loosened.stdout).toMatch(/^\+allowed_sandbox_modes = \["read-only", "workspace-write"\]$/m)
    // a different profile or runtime home is a difference too
    writeFileSync(out, text)
    expect((await runCli([...args, '--check', '--profile', 'strict'], {cwd: dir})).code).toBe(1)
    writeFileSync(out, text.replace('decision = "forbidden"', 'decision = "allow"'))
    const broken = await runCli([...args, '--check'], {cwd: dir})
    expect(broken.code).toBe(2)
    expect(broken.stderr).toMatch(/requirements\.toml:\d+: .*decision "allow" is refused/)
    writeFileSync(out, 'allowed_sandbox_modes = ["read-only"\n')
    const invalid = await runCli([...args, '--check'], {cwd: dir})
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toMatch(/requirements\.toml:1: invalid TOML/)
  })

  it('keeps a backup when it replaces a different file, and writes nothing with --dry-run', async () => {
    const {dir, out, runtime} = setup()
    const args = ['fleet', 'requirements', '--out', out, '--runtime-home', runtime]
    expect((await runCli(args, {cwd: dir})).code).toBe(0)
    writeFileSync(out, '# edited by hand\nallowed_sandbox_modes = ["read-only"]\n')
    const dry = await runCli([...args, '--dry-run'], {cwd: dir})
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(/^-# edited by hand$/m)
    expect(readFileSync(out, 'utf8')).toBe('# edited by hand\nallowed_sandbox_modes = ["read-only"]\n')
    const result = await runCli(args, {cwd: dir})
    expect(result.code).toBe(0)
    const backups = readdirSync(join(dir, 'managed')).filter((name) => name.endsWith('.bak'))
    expect(backups).toHaveLength(1)
    expect(readFileSync(join(dir, 'managed', backups[0]!), 'utf8')).toBe('# edited by hand\nallowed_sandbox_modes = ["read-only"]\n')
    expect(readdirSync(join(dir, 'managed')).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('--managed-hooks-only sets allow_managed_hooks_only; usage errors exit 2', async () => {
    const {dir, out, runtime} = setup()
    expect((await runCli(['fleet', 'requirements', '--out', out, '--runtime-home', runtime, '--managed-hooks-only'], {cwd: dir})).code).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/^allow_managed_hooks_only = true$/m)
    const both = await runCli(['fleet', 'requirements', '--out', out, '--no-hooks', '--managed-hooks-only'], {cwd: dir})
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/would leave no hook/)
    // the runtime home goes into a shell command unquoted: anything but plain path characters is refused
    const hostile = await runCli(['fleet', 'requirements', '--out', out, '--runtime-home', '/opt/x;rm -rf ~'], {cwd: dir})
    expect(hostile.code).toBe(2)
    expect(hostile.stderr).toMatch(/absolute path of letters, digits/)
    expect((await runCli(['fleet', 'requirements'], {cwd: dir})).code).toBe(2)
  })
})
