// The fast entry's argument parsing (bin/run.js → dist/run-session.js): what it accepts must mean
// the same as the oclif command, and anything it cannot parse must be left to oclif.
import {describe, expect, it} from 'vitest'
import Run from '../../../src/commands/run.js'
import {parseFastArgs, RUN_FLAGS} from '../../../src/run-entry.js'

describe('parseFastArgs', () => {
  it('defaults, negations, repeated and inline values', () => {
    expect(parseFastArgs(['--', 'codex'])).toEqual({flags: {trace: false, watch: true, checklist: true}, command: ['codex']})
    expect(parseFastArgs(['--trace', '--no-watch', '--no-checklist', '--session-id', 'a', '--ignore=x', '--ignore', 'y/**', '--', 'codex', 'exec', '--full-auto', '--', 'p'])).toEqual({
      flags: {trace: true, watch: false, checklist: false, 'session-id': 'a', ignore: ['x', 'y/**']},
      command: ['codex', 'exec', '--full-auto', '--', 'p'],
    })
  })

  it('declines what oclif must handle: help, unknown flags, missing values, positionals, no command', () => {
    for (const argv of [['--help', '--', 'x'], ['--bogus', '--', 'x'], ['--session-id', '--', 'x'], ['codex', '--', 'x'], ['--'], ['codex'], []]) {
      expect(parseFastArgs(argv), argv.join(' ')).toBeUndefined()
    }
  })

  it('knows exactly the oclif command’s flags, with the same types and defaults', () => {
    expect(Object.keys(Run.flags).sort()).toEqual(Object.keys(RUN_FLAGS).sort())
    for (const [name, spec] of Object.entries(RUN_FLAGS)) {
      const flag = Run.flags[name as keyof typeof Run.flags] as {type: string; default?: unknown; allowNo?: boolean; multiple?: boolean}
      expect(flag.type === 'boolean' ? 'boolean' : 'string', name).toBe(spec.type)
      expect(flag.default, name).toBe('default' in spec ? spec.default : undefined)
    }
  })
})
