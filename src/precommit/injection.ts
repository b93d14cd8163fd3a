// Adapter between the pre-commit check and the injection / hidden-Unicode scanner
// (src/detect/registry.ts, src/detect/text, src/detect/refs). The pre-commit code calls only
// these four functions; it never detects hidden Unicode or prompt injection itself.
//
// ─── INTEGRATION POINT ──────────────────────────────────────────────────────────────────────
// Until the scanner is wired, every function returns nothing and INJECTION_WIRED is false (the
// bidi/tag-payload tests in test/unit/precommit/run.test.ts and test/cli/precommit.test.ts are
// then expected failures, `it.fails`). To wire it, replace the bodies below with the public API
// of src/detect/index.ts:
//
//   import {analyzeText, INJECTION_RULES, scanFileName, scanRefName} from '../detect/index.js'
//   export const INJECTION_WIRED = true
//   scanAddedText:   return analyzeText(input.text, {path: input.path, lines: input.lines})
//   scanNewFileName: return scanFileName(path)
//   scanBranchName:  return scanRefName(name, {location: `refs/heads/${name}`})
//   injectionRules:  return INJECTION_RULES
//
// `input.text` is the whole staged file and `input.lines` the 1-based lines this commit adds
// (TextContext.lines: report only there). `suppressed` are the findings the scanner dropped for
// an inline `codex-guard:ignore`: run.ts counts them, and restores them inside a Codex session
// (where an inline ignore may come from the agent). Nothing else in src/precommit changes:
// run.ts only prepares the full texts when INJECTION_WIRED is true, so the stub costs nothing on
// the hook's hot path.
// ────────────────────────────────────────────────────────────────────────────────────────────
import type {FindingInput} from '../report/finding.js'
import type {RuleMeta} from '../report/rule-meta.js'

export const INJECTION_WIRED = false

export interface StagedText {
  /** repo-relative path of the staged file */
  path: string
  /** the whole staged content of the file */
  text: string
  /** 1-based line numbers this commit adds */
  lines: Set<number>
}

export interface TextScan {
  findings: FindingInput[]
  /** findings the scanner dropped because of an inline codex-guard:ignore comment */
  suppressed: FindingInput[]
}

/** Hidden Unicode (bidi, tags, zero-width…) and injection phrases in the lines a commit adds. */
export async function scanAddedText(input: StagedText): Promise<TextScan> {
  void input
  return {findings: [], suppressed: []}
}

/** A new file name (added, renamed or copied): shell metacharacters, invisible characters… */
export async function scanNewFileName(path: string): Promise<FindingInput[]> {
  void path
  return []
}

/** The branch being committed to (ref-name rules: command substitution, bidi, homoglyphs…). */
export async function scanBranchName(name: string): Promise<FindingInput[]> {
  void name
  return []
}

/** Metadata of the scanner's rules, for SARIF output. */
export function injectionRules(): RuleMeta[] {
  return []
}
