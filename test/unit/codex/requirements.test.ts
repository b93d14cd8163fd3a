// Reading managed requirements.toml: the shapes Codex refuses are refused here too, naming the
// line, so validate reports them before every Codex session on the machine stops starting.
import {describe, expect, it} from 'vitest'
import {describeRequirements, parseRequirements} from '../../../src/codex/requirements.js'
import {renderManagedRequirements} from '../../../src/generate/managed.js'
import {buildPolicy} from '../../../src/policy/effective.js'
import {ConfigError} from '../../../src/util/errors.js'
import {parseTomlText} from '../../../src/util/toml.js'

const FILE = '/etc/codex/requirements.toml'
const parse = (text: string) => parseRequirements(parseTomlText(text, FILE))

function refused(text: string): ConfigError {
  try {
    parse(text)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error(`accepted: ${text}`)
}

describe('parseRequirements', () => {
  it('reads what the generator writes, for both profiles, with and without hooks', () => {
    for (const profile of ['standard', 'strict'] as const) {
      const policy = buildPolicy(profile)
      const withHooks = parse(renderManagedRequirements({policy, runtime: {id: '0.1.0-abcdef123456', home: '/opt/codex-guard/runtime'}, managedHooksOnly: true}))
      expect(withHooks.allowManagedHooksOnly).toBe(true)
      expect(withHooks.hooks).toHaveLength(3)
      expect(withHooks.prefixRules.map((rule) => rule.decision)).toEqual(policy.commandRules.map((rule) => rule.effectiveDecision))
      expect(describeRequirements(withHooks).join('; ')).toMatch(/sandbox modes limited to read-only, workspace-write; .*only managed hooks run/)
      const bare = parse(renderManagedRequirements({policy}))
      expect(bare.hooks).toEqual([])
      expect(bare.managedHookDir).toBeUndefined()
    }
  })

  it.each([
    ['a list where Codex wants a table', 'allowed_permission_profiles = ["codex-guard"]\n', 1, /must be a table/],
    ['an unknown sandbox mode', 'allowed_sandbox_modes = ["read-only", "yolo"]\n', 1, /unknown value "yolo"/],
    ['a sandbox mode that is not a string', 'allowed_sandbox_modes = [1]\n', 1, /list of strings/],
    ['an allow rule', '[rules]\nprefix_rules = [{ pattern = [{ token = "ls" }], decision = "allow" }]\n', 2, /decision "allow" is refused/],
    ['a rule without a decision', '[rules]\nprefix_rules = [{ pattern = [{ token = "ls" }] }]\n', 2, /decision must be/],
    ['an empty rule list', '[rules]\nprefix_rules = []\n', 2, /non-empty/],
    ['a token that is both token and any_of', '[rules]\nprefix_rules = [{ pattern = [{ token = "a", any_of = ["b"] }], decision = "forbidden" }]\n', 2, /token = .* or \{any_of/],
    ['a bare string token (TOML arrays cannot mix, Codex wants tables)', '[rules]\nprefix_rules = [{ pattern = ["git"], decision = "forbidden" }]\n', 2, /must be \{token/],
    ['deny_read that is not a list', '[permissions.filesystem]\ndeny_read = "~/.ssh"\n', 2, /deny_read must be a list/],
    ['a hook event that is not a list', '[hooks]\nPreToolUse = "x"\n', 2, /hooks.PreToolUse must be a list/],
    ['allow_managed_hooks_only as a string', 'allow_managed_hooks_only = "yes"\n', 1, /true or false/],
    ['allowed profiles without a default', '[allowed_permission_profiles]\nmine = true\n', 1, /default_permissions must be set/],
    ['a default the allowed profiles exclude', 'default_permissions = "other"\n[allowed_permission_profiles]\nmine = true\n', 1, /must be allowed/],
  ])('refuses %s, naming the line', (_name, text, line, message) => {
    const error = refused(text)
    expect(error.file).toBe(FILE)
    expect(error.line).toBe(line)
    expect(error.message).toMatch(message)
  })

  it('reports invalid TOML at its line', () => {
    expect(() => parse('allowed_sandbox_modes = ["read-only"\n')).toThrow(/invalid TOML/)
  })

  it('reads a huge file (20 000 rules) quickly', () => {
    const rules = Array.from({length: 20_000}, (_, index) => `  { pattern = [{ token = "tool${index}" }, { any_of = ["a", "b"] }], decision = "forbidden" },`).join('\n')
    const started = performance.now()
    const parsed = parse(`[rules]\nprefix_rules = [\n${rules}\n]\n`)
    expect(parsed.prefixRules).toHaveLength(20_000)
    expect(parsed.prefixRules[19_999]!.pattern).toEqual([['tool19999'], ['a', 'b']])
    expect(performance.now() - started).toBeLessThan(5_000)
  })
})
