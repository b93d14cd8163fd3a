// A validate check: metadata (id, severity, docs, example) plus a function over the loaded layers.
import type {LoadedLayers, RulesSource} from '../codex/layers.js'
import type {EffectiveProfile} from '../codex/permissions.js'
import type {LoadedRules} from '../codex/rules/loader.js'
import type {Discovery} from '../detect/coverage.js'
import type {HistoryScan} from '../detect/history.js'
import type {EffectivePolicy} from '../policy/effective.js'
import type {ProjectPolicy} from '../policy/project-policy.js'
import type {FindingInput} from '../report/finding.js'
import type {RuleMeta} from '../report/rule-meta.js'
import type {ConfigError} from '../util/errors.js'

/** A rules file of some layer as loaded in Codex's order (examples checked with the files before it). */
export type ParsedRules = LoadedRules<RulesSource>

export interface RepoFile {
  /** repo-relative, "/"-separated */
  path: string
  tracked: boolean
  ignored: boolean
}

export interface ValidateContext {
  root: string
  env: NodeJS.ProcessEnv
  home: string
  layers: LoadedLayers
  profile: EffectiveProfile | undefined
  projectPolicy?: ProjectPolicy
  projectPolicyError?: ConfigError
  policy: EffectivePolicy
  rules: ParsedRules[]
  /** Files found by the repository walk (ignored files included; node_modules and .git skipped). */
  files: RepoFile[]
  walkNotes: FindingInput[]
  /** Credential files by content and name, nested agent files, $HOME entries (detect/coverage.ts). */
  discovery: Discovery
  /** Secret files added anywhere in git history (detect/history.ts). */
  history: HistoryScan
  /** Show a path relative to the repository when inside it. */
  display(file: string): string
}

export interface Check {
  meta: RuleMeta
  run(context: ValidateContext): FindingInput[]
}

/** Finding with the check's id and default severity filled in. */
export function finding(meta: RuleMeta, input: Omit<FindingInput, 'ruleId' | 'severity' | 'remediation'> & Partial<Pick<FindingInput, 'severity' | 'remediation'>>): FindingInput {
  return {ruleId: meta.id, severity: meta.severity, remediation: meta.remediation, ...input}
}
