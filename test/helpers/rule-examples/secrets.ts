// Example runner for codex-guard's secret rules (src/policy/secret-formats.ts): the example text
// goes through the real engine (findSecrets); the ids are the rule ids it reports.
import {findSecrets} from '../../../src/detect/secrets/index.js'
import {exampleInput, type RuleExample} from '../../../src/report/rule-meta.js'

export function runSecretExample(example: RuleExample): string[] {
  const input = exampleInput(example)
  return findSecrets(input.text, input.file).map((finding) => finding.ruleId)
}
