// The match/not_match example checks Codex runs when it loads a rules file.
import {hostMap, RuleIndex} from './exec-policy.js'
import {shlexJoin} from './shlex.js'
import type {PatternToken, RulesFile, SourcePos} from './types.js'

export interface ExampleFailure extends SourcePos {
  kind: 'match' | 'not_match'
  example: string[]
  message: string
}

/**
 * The example checks Codex runs after evaluating a file (it refuses to load the file if one
 * fails). Each rule's examples are matched against that rule alone, with host-executable
 * resolution on and the host_executable declarations of this file and of the files loaded
 * before it (`priorFiles`). Codex stops at the first failure; this reports all of them.
 */
export function checkExamples(file: RulesFile, priorFiles: RulesFile[] = []): ExampleFailure[] {
  const hosts = hostMap([...priorFiles, file])
  const failures: ExampleFailure[] = []
  for (const rule of file.prefixRules) {
    const index = new RuleIndex([rule], hosts)
    const at = {file: rule.file, line: rule.line, column: rule.column}
    for (const example of rule.notMatch) {
      if (index.matches(example, true).length === 0) continue
      failures.push({
        ...at,
        kind: 'not_match',
        example,
        message: `expected example to not match rule ${describePattern(rule.pattern)}: ${shlexJoin(example)}`,
      })
    }
    for (const example of rule.match) {
      if (index.matches(example, true).length > 0) continue
      failures.push({
        ...at,
        kind: 'match',
        example,
        message: `expected every example to match at least one rule ${describePattern(rule.pattern)}; unmatched example: ${shlexJoin(example)}`,
      })
    }
  }
  return failures
}

function describePattern(pattern: PatternToken[]): string {
  return '[' + pattern.map((token) => (typeof token === 'string' ? token : `[${token.join('|')}]`)).join(' ') + ']'
}
