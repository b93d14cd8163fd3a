// Example runners for the scanner's rule families: each returns the rule ids the real detector
// reports for one example (ref names, file names, text with its path, changed paths of a diff).
import {checkChangedPath} from '../../../src/detect/files/instruction-file-change.js'
import {scanFileName, scanRefName, scanText} from '../../../src/detect/index.js'
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
