// Example runner for the pre-commit rules (CG-COMMIT-*): the example's file (and `files`) are
// staged in a fresh git repository and checked by the real runPrecommit. The scan limit is
// 64 KiB (`--max-file-size`) so that the CG-COMMIT-UNSCANNED example stays small.

import {runPrecommit} from '../../../src/precommit/run.js'
import {exampleInput, type RuleExample} from '../../../src/report/rule-meta.js'
import {cliEnv, git, makeRepo} from '../cli.js'

export const PRECOMMIT_EXAMPLE_MAX_FILE_BYTES = 64 * 1024

export async function runPrecommitExample(example: RuleExample): Promise<string[]> {
  const input = exampleInput(example)
  const repo = makeRepo({...input.files, [input.file ?? 'notes.txt']: input.text})
  git(repo, ['add', '-A'])
  const result = await runPrecommit({cwd: repo, env: cliEnv(repo), maxFileBytes: PRECOMMIT_EXAMPLE_MAX_FILE_BYTES})
  return result.findings.map((finding) => finding.ruleId)
}
