// Example runner for codex-guard's provider secret patterns (src/detect/secrets/patterns.ts): the
// example text goes through the real secret scanner (secretlint preset + pattern rule); the ids
// are the pattern names the pattern rule reports (and the preset's message ids).
import {scanSecrets} from '../../../src/detect/secrets/scan.js'
import {exampleInput, type RuleExample} from '../../../src/report/rule-meta.js'

export async function runSecretExample(example: RuleExample): Promise<string[]> {
  const input = exampleInput(example)
  return (await scanSecrets(input.text, input.file ?? 'src/config.ts')).map((finding) => finding.messageId)
}
