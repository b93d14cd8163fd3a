// Codex exec-policy ".rules" files: a Starlark-subset evaluator with the builtins of Codex 0.169
// (prefix_rule, host_executable, network_rule), the matcher behind `codex execpolicy check`, the
// load-time match/not_match example checks, a printer for generated rules, and the loader that
// finds rules files in Codex's order. Semantics were checked against the 0.169 binary; where it
// disagrees with the upstream source or docs the binary wins (see the comments marked "0.169").
export {parseRules} from './evaluator.js'
export {checkExamples, type ExampleFailure} from './examples.js'
export {type CheckOptions, type CheckResult, ExecPolicy, type PrefixRuleMatch, strictestDecision} from './exec-policy.js'
export {quoteStarlark, renderPrefixRule} from './printer.js'
export {ShlexSyntaxError, shlexJoin, shlexSplit} from './shlex.js'
export {
  type Decision,
  type HostExecutable,
  type NetworkRule,
  type PatternToken,
  type PrefixRule,
  type RulesFile,
  RulesSyntaxError,
  type SourcePos,
  UNSUPPORTED_CONSTRUCT,
} from './types.js'
