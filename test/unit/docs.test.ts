import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {rulesDoc} from '../../src/docs.js'
import {VALIDATE_RULES} from '../../src/validate/index.js'

describe('docs/rules.md', () => {
  it('documents every rule id with an example and a fix, and is up to date (npm run docs)', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'rules.md'), 'utf8')
    expect(committed).toBe(rulesDoc())
    const ids = VALIDATE_RULES.map((rule) => rule.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of VALIDATE_RULES) {
      expect(committed).toContain(`### ${rule.id}`)
      expect(rule.example.bad.length, rule.id).toBeGreaterThan(0)
      expect(rule.example.good.length, rule.id).toBeGreaterThan(0)
      expect(rule.remediation.length, rule.id).toBeGreaterThan(0)
    }
  })
})
