// Every scan rule has complete metadata, a unique id and its own section in docs/rules.md.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {FILE_NAME_RULES, REF_RULES, SCAN_RULES, TEXT_RULES} from '../../../src/detect/index.js'

describe('scan rule registry', () => {
  it('ids are unique and follow the CG-REF / CG-FN / CG-UNI / CG-PI scheme', () => {
    const ids = SCAN_RULES.map((rule) => rule.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^CG-(?:REF|FN|UNI|PI|SCAN)-[A-Z0-9]+$/)
    expect(REF_RULES.map((rule) => rule.meta.id)).toEqual(Array.from({length: 12}, (_, index) => `CG-REF-${String(index + 1).padStart(3, '0')}`))
    expect(FILE_NAME_RULES).toHaveLength(4)
    expect(TEXT_RULES.length).toBeGreaterThanOrEqual(16)
  })
  it('each rule is documented with a description, a fix, a positive and a negative example', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'rules.md'), 'utf8')
    for (const rule of SCAN_RULES) {
      expect(rule.title.length, rule.id).toBeGreaterThan(5)
      expect(rule.description.length, rule.id).toBeGreaterThan(40)
      expect(rule.remediation.length, rule.id).toBeGreaterThan(5)
      expect(rule.example.bad.length, rule.id).toBeGreaterThan(0)
      expect(rule.example.good.length, rule.id).toBeGreaterThan(0)
      expect(rule.example.bad).not.toBe(rule.example.good)
      expect(doc, `docs/rules.md has ### ${rule.id}`).toContain(`### ${rule.id}`)
    }
  })
  it('rule metadata holds no raw invisible characters (docs stay readable)', () => {
    for (const rule of SCAN_RULES) expect(JSON.stringify(rule), rule.id).not.toMatch(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u3000\ufeff]|[\u{e0000}-\u{e007f}]/u)
  })
})
