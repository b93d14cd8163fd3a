// The PreToolUse hook's checks: one rule a file, each with its metadata, judging the facts of
// one simple command (src/analysis/command.ts).
import type {CommandFacts} from '../../../analysis/command.js'
import type {ProfiledCommandRule} from '../../../policy/effective.js'
import type {SensitiveMatch} from '../../../policy/sensitive.js'
import type {RuleMeta} from '../../../report/rule-meta.js'

export interface HookRuleContext {
  /** The catalogue entry a path names under any directory the command may resolve it against. `evenIfMissing` also counts wildcard hits on files that do not exist (yet). */
  secretAt(path: string, evenIfMissing: boolean): SensitiveMatch | undefined
  /** The protected file a path names under any of those directories. */
  protectedAt(path: string): string | undefined
  /** Whether an environment variable name is secret under the policy. */
  secretVariable(name: string): boolean
  /** Catalogue command rules the profile forbids. */
  forbiddenRules: readonly ProfiledCommandRule[]
}

export interface HookRule {
  meta: RuleMeta
  /** Why the command must be denied; empty when this rule has nothing against it. */
  check(facts: CommandFacts, context: HookRuleContext): string[]
}

/** Hook rule metadata; the first flagged and clean examples are the rule's summary pair. */
export const hookMeta = (id: string, title: string, description: string, remediation: string, flagged: string[], clean: string[]): RuleMeta => ({
  id,
  title,
  severity: 'high',
  description,
  remediation,
  example: {bad: flagged[0]!, good: clean[0]!},
  examples: {flagged, clean},
})
