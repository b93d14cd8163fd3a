// Example runners for the scanner's rule families: each returns the rule ids the real detector
// reports for one example (ref names, file names, text with its path, changed paths of a diff,
// files on disk).
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {checkChangedPath} from '../../../src/detect/files/instruction-file-change.js'
import {scanFile, scanFileName, scanRefName, scanText} from '../../../src/detect/index.js'
import {exampleInput, type RuleExample} from '../../../src/report/rule-meta.js'

/** CG-REF-*: the example is a branch or tag name. */
export const runRefExample = (example: RuleExample): string[] => scanRefName(exampleInput(example).text).map((finding) => finding.ruleId)

/** CG-FN-*: the example is a repo-relative path. */
export const runFileNameExample = (example: RuleExample): string[] => scanFileName(exampleInput(example).text).map((finding) => finding.ruleId)

/** CG-UNI-*, CG-PI-*: the example is a file's text; `file` decides language, region and agent-file status. */
export function runTextExample(example: RuleExample): string[] {
  const input = exampleInput(example)
  return scanText(input.text, {path: input.file}).map((finding) => finding.ruleId)
}

/** CG-PI-008: the example is a path a diff modifies. */
export function runChangedPathExample(ruleId: string, example: RuleExample): string[] {
  return checkChangedPath(exampleInput(example).text, 'modified').map(() => ruleId)
}

/** The size limit the file runner scans with (`scan files --max-size`), so that CG-SCAN-SKIPPED's example stays small. */
export const FILE_EXAMPLE_MAX_BYTES = 64 * 1024

/** CG-SCAN-SKIPPED: the example is a file on disk, scanned whole by scanFile. */
export function runFileExample(example: RuleExample): string[] {
  const input = exampleInput(example)
  const dir = mkdtempSync(join(tmpdir(), 'cg-scan-example-'))
  try {
    const path = join(dir, 'file')
    writeFileSync(path, input.text)
    return scanFile(path, {display: input.file, maxBytes: FILE_EXAMPLE_MAX_BYTES}).findings.map((finding) => finding.ruleId)
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
