import {describe, expect, it} from 'vitest'
import {projectPolicyFromToml} from '../../src/policy/project-policy.js'
import {ConfigError} from '../../src/util/errors.js'
import {parseTomlText} from '../../src/util/toml.js'

const FILE = '.codex/codex-guard.toml'
const load = (text: string) => projectPolicyFromToml(parseTomlText(text, FILE))
const failure = (text: string): ConfigError => {
  try {
    load(text)
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('.codex/codex-guard.toml schema', () => {
  it('reads every key', () => {
    const policy = load(
      'profile = "strict"\n[paths]\ndeny_read = ["a"]\nhome_deny_read = ["~/.x"]\nprotect = ["Makefile"]\nallow = [".env.test"]\n[env]\nexclude = ["MY_*"]\n[thresholds]\ncommands = 5\n[[suppress]]\nrule = "CG-COV-*"\npath = "x/**"\nreason = "r"\n',
    )
    expect(policy).toEqual({
      file: FILE,
      profile: 'strict',
      denyRead: ['a'],
      homeDenyRead: ['~/.x'],
      protect: ['Makefile'],
      allow: ['.env.test'],
      envExclude: ['MY_*'],
      thresholds: {commands: 5},
      suppressions: [{rule: 'CG-COV-*', path: 'x/**', reason: 'r'}],
    })
  })

  it('names the unknown key, its line and the closest known one', () => {
    const error = failure('profile = "standard"\n\n[paths]\ndeny_reed = ["x"]\n')
    expect(error.located).toBe(`${FILE}:4: unknown key "paths.deny_reed" (did you mean "paths.deny_read"?); known: deny_read, home_deny_read, protect, allow`)
    expect(error.exitCode).toBe(2)
    expect(failure('profil = "strict"\n').located).toBe(`${FILE}:1: unknown key "profil" (did you mean "profile"?); known: profile, paths, env, thresholds, suppress`)
    expect(failure('[[suppress]]\nrule = "a"\nreason = "b"\n[[suppress]]\nrul = "a"\n').located).toBe(
      `${FILE}:5: unknown key "suppress.1.rul" (did you mean "suppress.1.rule"?); known: rule, path, reason`,
    )
  })

  it('says what a value must be, at its line, and reports the first problem in the file', () => {
    expect(failure('[thresholds]\ncommands = 0\n').located).toBe(`${FILE}:2: "thresholds.commands" must be a positive integer`)
    expect(failure('[paths]\nallow = ["a", ""]\n').located).toBe(`${FILE}:2: "paths.allow" must be an array of non-empty strings`)
    expect(failure('paths = 1979-05-27\n').located).toBe(`${FILE}:1: "paths" must be a table`)
    expect(failure('suppress = [1]\n').located).toBe(`${FILE}:1: "suppress" must be an array of tables ([[…]])`)
    expect(failure('profile = 1\n[thresholds]\ntokens = 1.5\n').located).toBe(`${FILE}:1: "profile" must be a string`)
    expect(failure('[[suppress]]\nrule = "a"\n').located).toBe(`${FILE}:1: each [[suppress]] entry needs "rule" and "reason"`)
    expect(failure('profile = "lax"\n').located).toBe(`${FILE}:1: profile must be one of standard, strict (got "lax")`)
  })
})
