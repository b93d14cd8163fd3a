// Metadata every rule (validate check, verify probe, detector) carries; reporters and docs read it.
import type {Severity} from './finding.js'

export interface RuleMeta {
  id: string
  title: string
  severity: Severity
  description: string
  remediation: string
  /** A configuration or input that triggers the rule, and one that does not. */
  example: {bad: string; good: string}
}
