import {describe, expect, it} from 'vitest'
import {baselineable, ignoredRules, inlineIgnored, parseBaseline, policySuppression, renderBaseline} from '../../../src/precommit/suppress.js'
import type {Finding} from '../../../src/report/finding.js'

const finding = (overrides: Partial<Finding> = {}): Finding => ({ruleId: 'CG-COMMIT-SECRET', severity: 'critical', message: 'm', file: 'a.js', line: 3, fingerprint: '0123456789abcdef', ...overrides})

describe('inline ignores', () => {
  it('parses rule ids after the marker and stops at comment text', () => {
    expect(ignoredRules('x = 1 // codex-guard:ignore CG-COMMIT-SECRET -- fixture')).toEqual(['CG-COMMIT-SECRET'])
    expect(ignoredRules('# codex-guard:ignore CG-A, CG-B')).toEqual(['CG-A', 'CG-B'])
    expect(ignoredRules('<!-- codex-guard:ignore CG-UNI-001 -->')).toEqual(['CG-UNI-001'])
    expect(ignoredRules('/* codex-guard:ignore @secretlint/secretlint-rule-github */')).toEqual(['@secretlint/secretlint-rule-github'])
    expect(ignoredRules('codex-guard:ignore')).toEqual([])
    expect(ignoredRules('no marker')).toBeUndefined()
  })

  it('applies on the line or from a comment-only line above', () => {
    const lines = new Map([
      [1, '// codex-guard:ignore CG-COMMIT-SECRET'],
      [2, 'token()'],
      [3, 'code() // codex-guard:ignore CG-COMMIT-SECRET'],
      [4, 'token()'],
    ])
    expect(inlineIgnored(lines, 2, ['CG-COMMIT-SECRET'])).toBe(true)
    expect(inlineIgnored(lines, 4, ['CG-COMMIT-SECRET'])).toBe(false)
    expect(inlineIgnored(lines, 3, ['CG-OTHER'])).toBe(false)
    expect(inlineIgnored(undefined, 3, ['CG-COMMIT-SECRET'])).toBe(false)
  })
})

describe('[[suppress]]', () => {
  it('matches the rule and an optional path glob', () => {
    const entries = [{rule: 'CG-COMMIT-SECRET', path: 'test/**', reason: 'fixtures'}]
    expect(policySuppression(entries, finding({file: 'test/x/a.js'}))?.reason).toBe('fixtures')
    expect(policySuppression(entries, finding({file: 'src/a.js'}))).toBeUndefined()
    expect(policySuppression([{rule: 'CG-COMMIT-SECRET', reason: 'all'}], finding())?.reason).toBe('all')
    expect(policySuppression([{rule: 'CG-COMMIT-*', reason: 'prefix'}], finding())?.reason).toBe('prefix')
    expect(policySuppression([{rule: 'CG-COMMIT-SECRET-FILE', reason: 'other'}], finding())).toBeUndefined()
  })
})

describe('baseline', () => {
  it('stores fingerprints, rule, file and line only, and reads them back', () => {
    const text = renderBaseline([finding(), finding({ruleId: 'CG-COMMIT-AGENT-FILE', fingerprint: 'ffffffffffffffff'}), finding({file: undefined, fingerprint: 'eeeeeeeeeeeeeeee'})])
    const parsed = JSON.parse(text) as {findings: unknown[]}
    expect(parsed.findings).toEqual([{fingerprint: '0123456789abcdef', ruleId: 'CG-COMMIT-SECRET', file: 'a.js', line: 3}])
    expect(parseBaseline(text, 'b.json')).toEqual(new Set(['0123456789abcdef']))
  })

  it('rejects malformed files with a message that says how to fix them', () => {
    expect(() => parseBaseline('{', 'b.json')).toThrow(/regenerate/)
    expect(() => parseBaseline('{"findings": [{"fingerprint": "not hex"}]}', 'b.json')).toThrow(/fingerprint/)
  })

  it('only takes content findings', () => {
    expect(baselineable(finding())).toBe(true)
    expect(baselineable(finding({ruleId: 'CG-COMMIT-CODEX-INVALID'}))).toBe(false)
    expect(baselineable(finding({file: undefined}))).toBe(false)
  })
})
