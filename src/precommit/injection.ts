// Adapter between the pre-commit check and the injection / hidden-Unicode scanner (src/detect).
// The pre-commit code calls only these functions; it never detects hidden Unicode or prompt
// injection itself.
import {analyzeText, INJECTION_RULES, scanFileName, scanRefName} from '../detect/index.js'
import type {FindingInput} from '../report/finding.js'
import type {RuleMeta} from '../report/rule-meta.js'

export interface StagedText {
  path: string
  text: string
  lines: Set<number>
}

export interface TextScan {
  findings: FindingInput[]
  /** removed by inline codex-guard:ignore comments (run.ts restores them inside a Codex session) */
  suppressed: FindingInput[]
  /** deprecation notes for inline ignores in an old form */
  notes?: string[]
}

export async function scanAddedText(input: StagedText): Promise<TextScan> {
  return analyzeText(input.text, {path: input.path, lines: input.lines})
}

export async function scanNewFileName(path: string): Promise<FindingInput[]> {
  return scanFileName(path)
}

export async function scanBranchName(name: string): Promise<FindingInput[]> {
  return scanRefName(name, {location: `refs/heads/${name}`})
}

export function injectionRules(): RuleMeta[] {
  return INJECTION_RULES
}
