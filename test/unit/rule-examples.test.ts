// Every rule's documented examples, run through the real engine of its family (as ESLint checks
// rule examples and gitleaks validates its rules): each flagged example must produce a finding of
// exactly that rule id, no clean example may. The runners live in test/helpers/rule-examples/.
import {afterAll, afterEach, describe, expect, it} from 'vitest'
import {DIFF_RULES, FILE_NAME_RULE_METAS, REF_RULE_METAS, SCAN_NOTE_META, SCAN_RULES, TEXT_RULE_METAS} from '../../src/detect/registry.js'
import {SECRET_RULES} from '../../src/detect/secrets/index.js'
import {rulesDoc} from '../../src/docs.js'
import {PRECOMMIT_RULES} from '../../src/precommit/rules.js'
import {exampleInput, type RuleExample, type RuleMeta} from '../../src/report/rule-meta.js'
import {HOOK_RULES} from '../../src/session/hook/decide.js'
import {VALIDATE_RULES} from '../../src/validate/index.js'
import {cleanup} from '../helpers/cli.js'
import {hookExampleRunner} from '../helpers/rule-examples/hook.js'
import {runPrecommitExample} from '../helpers/rule-examples/precommit.js'
import {runChangedPathExample, runFileExample, runFileNameExample, runRefExample, runTextExample} from '../helpers/rule-examples/scan.js'
import {runSecretExample} from '../helpers/rule-examples/secrets.js'
import {runValidateExample} from '../helpers/rule-examples/validate.js'

/** What a family needs of a rule: its id and its examples. */
type ExampleRule = Pick<RuleMeta, 'id' | 'examples'>

interface Family {
  name: string
  rules: ExampleRule[]
  /** Rule ids the family's real engine reports for one example (every rule must carry `examples`). */
  run(rule: ExampleRule, example: RuleExample): string[] | Promise<string[]>
}

afterEach(cleanup)
const hook = hookExampleRunner()
afterAll(() => hook.dispose())

/** Rules whose examples cannot run from text alone, with the reason. Keep it short. */
const EXEMPT: Record<string, string> = {
  // hook trust comes from the real `codex app-server` (hooks/list): test/e2e/verify.test.ts covers both
  'CG-HOOKS-UNTRUSTED': 'needs the live codex binary to list hook trust',
  'CG-HOOKS-UNVERIFIED': 'its clean case needs the live codex binary',
  // root reads a chmod 000 directory anyway; test/cli/validate.test.ts runs the CLI as another user
  'CG-WALK-UNREADABLE': 'needs a directory the test user cannot read',
}

const FAMILIES: Family[] = [
  {name: 'refs', rules: REF_RULE_METAS, run: (_rule, example) => runRefExample(example)},
  {name: 'file names', rules: FILE_NAME_RULE_METAS, run: (_rule, example) => runFileNameExample(example)},
  {name: 'text', rules: TEXT_RULE_METAS, run: (_rule, example) => runTextExample(example)},
  {name: 'diff', rules: DIFF_RULES, run: (rule, example) => runChangedPathExample(rule.id, example)},
  {name: 'files on disk', rules: [SCAN_NOTE_META], run: (_rule, example) => runFileExample(example)},
  {
    name: 'secret rules',
    rules: SECRET_RULES.map((rule) => ({id: rule.id, examples: rule.examples})),
    run: (_rule, example) => runSecretExample(example),
  },
  {name: 'validate', rules: VALIDATE_RULES, run: (_rule, example) => runValidateExample(example)},
  {name: 'precommit', rules: PRECOMMIT_RULES, run: (_rule, example) => runPrecommitExample(example)},
  {name: 'hook (PreToolUse)', rules: Object.values(HOOK_RULES).filter((rule) => rule !== HOOK_RULES.internalError), run: (_rule, example) => hook.run(example)},
  // CG-HOOK-ERROR's examples are hook payloads (stdin), not commands
  {name: 'hook entry', rules: [HOOK_RULES.internalError], run: (_rule, example) => hook.runPayload(example)},
]

const show = (example: RuleExample) => JSON.stringify(exampleInput(example)).slice(0, 160)

for (const family of FAMILIES) {
  describe(`rule examples: ${family.name}`, () => {
    for (const rule of family.rules.filter((meta) => !(meta.id in EXEMPT))) {
      it(rule.id, async () => {
        const examples = rule.examples
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
  it('docs/rules.md shows the examples escaped: no raw invisible characters', () => {
    expect(rulesDoc()).not.toMatch(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u3000\ufeff\u00ad\u2800]|[\ufe00-\ufe0f]|[\u{e0000}-\u{e01ef}]/u)
  })

  const documented = [...VALIDATE_RULES, ...Object.values(HOOK_RULES), ...SCAN_RULES, ...PRECOMMIT_RULES]
  it('every documented rule is in a family or exempt, with a reason', () => {
    const covered = new Set(FAMILIES.flatMap((family) => family.rules.map((rule) => rule.id)))
    for (const rule of documented) expect(covered.has(rule.id) || rule.id in EXEMPT, rule.id).toBe(true)
    const all = new Set(documented.map((rule) => rule.id))
    for (const [id, reason] of Object.entries(EXEMPT)) {
      expect(all.has(id), `exempt ${id} is a rule`).toBe(true)
      expect(reason.length).toBeGreaterThan(0)
    }
  })
})
