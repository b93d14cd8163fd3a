import {describe, expect, it} from 'vitest'
import {baselineable, parseBaseline, renderBaseline} from '../../../src/precommit/suppress.js'
import type {Finding} from '../../../src/report/finding.js'

const finding = (overrides: Partial<Finding> = {}): Finding => ({ruleId: 'CG-COMMIT-SECRET', severity: 'critical', message: 'm', file: 'a.js', line: 3, fingerprint: '0123456789abcdef', ...overrides})

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
