// Every rule's documented examples, run through the real engine of its family (as ESLint checks
// rule examples and gitleaks validates its rules): each flagged example must produce a finding of
// exactly that rule id, no clean example may. The runners live in test/helpers/rule-examples/.
import {describe, expect, it} from 'vitest'
import {DIFF_RULES, FILE_NAME_RULE_METAS, REF_RULE_METAS, SCAN_RULES, TEXT_RULE_METAS} from '../../src/detect/registry.js'
import {exampleInput, type RuleExample, type RuleMeta} from '../../src/report/rule-meta.js'
import {runChangedPathExample, runFileNameExample, runRefExample, runTextExample} from '../helpers/rule-examples/scan.js'

interface Family {
  name: string
  rules: RuleMeta[]
  run(rule: RuleMeta, example: RuleExample): string[] | Promise<string[]>
  /** the examples to run (default: rule.examples, which every rule of the family must have) */
  examplesOf?(rule: RuleMeta): {flagged: RuleExample[]; clean: RuleExample[]} | undefined
}

/** Rules whose examples cannot run from text alone, with the reason. Keep it short. */
const EXEMPT: Record<string, string> = {
  // needs a file over --max-size (256 MiB by default) or an unreadable file (tests run as root)
  'CG-SCAN-SKIPPED': 'needs a 256 MiB file or an unreadable one',
}

const FAMILIES: Family[] = [
  {name: 'refs', rules: REF_RULE_METAS, run: (_rule, example) => runRefExample(example)},
  {name: 'file names', rules: FILE_NAME_RULE_METAS, run: (_rule, example) => runFileNameExample(example)},
  {name: 'text', rules: TEXT_RULE_METAS, run: (_rule, example) => runTextExample(example)},
  {name: 'diff', rules: DIFF_RULES, run: (rule, example) => runChangedPathExample(rule.id, example)},
]

const show = (example: RuleExample) => JSON.stringify(exampleInput(example)).slice(0, 160)

for (const family of FAMILIES) {
  describe(`rule examples: ${family.name}`, () => {
    for (const rule of family.rules.filter((meta) => !(meta.id in EXEMPT))) {
      it(rule.id, async () => {
        const examples = family.examplesOf ? family.examplesOf(rule) : rule.examples
        expect(examples, `${rule.id} has no executable examples`).toBeDefined()
        expect(examples!.flagged.length, `${rule.id}: flagged examples`).toBeGreaterThan(0)
        expect(examples!.clean.length, `${rule.id}: clean examples`).toBeGreaterThan(0)
        const failures: string[] = []
        for (const example of examples!.flagged) {
          const found = await family.run(rule, example)
          if (!found.includes(rule.id)) failures.push(`flagged example not flagged: ${show(example)} → [${found.join(', ')}]`)
        }
        for (const example of examples!.clean) {
          const found = await family.run(rule, example)
          if (found.includes(rule.id)) failures.push(`clean example flagged: ${show(example)}`)
        }
        expect(failures).toEqual([])
      })
    }
  })
}

describe('rule example coverage', () => {
  it('every scan rule is in a family or exempt, with a reason', () => {
    const covered = new Set(FAMILIES.flatMap((family) => family.rules.map((rule) => rule.id)))
    for (const rule of SCAN_RULES) expect(covered.has(rule.id) || rule.id in EXEMPT, rule.id).toBe(true)
    const all = new Set(SCAN_RULES.map((rule) => rule.id))
    for (const [id, reason] of Object.entries(EXEMPT)) {
      expect(all.has(id), `exempt ${id} is a rule`).toBe(true)
      expect(reason.length).toBeGreaterThan(0)
    }
  })
})
