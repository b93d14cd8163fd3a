// Public detection API for the injection / hidden-Unicode scanner. Pure functions: the scan
// commands, the pre-commit hook and the session hook all call these.
//
//   scanRefName(name, {location?, protectedBranches?}): FindingInput[]   branch / tag / ref names
//   scanFileName(path): FindingInput[]                                    file names (new files in a diff, trees)
//   scanText(text, {path?, language?, region?, lines?}): FindingInput[]   code, docs, PR text, commit messages
//   analyzeText(text, context): {findings, suppressed}                    same, with inline suppressions returned
//   scanFile(path, {display?, maxBytes?, name?}): FileScanResult         a file from disk (binary/huge/UTF-8 safe)
//   checkChangedPath(path, status, from?): Hit[]                           CG-PI-008 for a changed path
export {checkChangedPath} from './files/instruction-file-change.js'
export {DEFAULT_MAX_BYTES, type FileScanResult, scanFile} from './files/scan-file.js'
export {scanFileName, scanRefName} from './names.js'
export {FILE_NAME_RULES, REF_RULES, SCAN_RULES, SCAN_RULES as INJECTION_RULES, TEXT_RULES} from './registry.js'
export {analyzeText, scanText, type TextScanResult} from './text/scan.js'
export type {Region, TextContext} from './types.js'
