// Metadata every rule (validate check, verify probe, detector) carries; reporters and docs read it.
import type {Severity} from './finding.js'

/**
 * One executable example: the input as the rule's family reads it (a ref name, a file path, a
 * text, a shell command, a config file…), bare or with the context the family's runner needs.
 * test/unit/rule-examples.test.ts runs every example through the real engine of its family.
 */
export type RuleExample =
  | string
  | {
      /** the input itself */
      text: string
      /**
       * where the text lives (repo-relative; `~/…` in the home directory, `$CODEX_HOME/…` in the
       * Codex home): decides language, agent-file status, which config layer…
       */
      file?: string
      /**
       * files the example needs around it (path → content; content "-> TARGET" is a symbolic link).
       * validate examples: the repository before `codex-guard init --trust`; `file` is written after.
       */
      files?: Record<string, string>
      /** `file` is committed to git (validate examples) */
      tracked?: boolean
      /**
       * text holds \u{…} escapes for invisible and look-alike characters, decoded before the
       * example runs: rule metadata (and the docs made from it) never holds them raw
       */
      escaped?: boolean
      /** one line of explanation shown in docs/rules.md */
      note?: string
    }

export interface RuleMeta {
  id: string
  title: string
  severity: Severity
  description: string
  remediation: string
  /** A configuration or input that triggers the rule, and one that does not (a short summary). */
  example: {bad: string; good: string}
  /**
   * Executable examples: every `flagged` one must produce a finding of exactly this rule id and no
   * `clean` one may (checked by test/unit/rule-examples.test.ts). docs/rules.md shows these when set.
   */
  examples?: {flagged: RuleExample[]; clean: RuleExample[]}
}

/** Decodes the \u{…} escapes of an `escaped` example. */
export const decodeExampleEscapes = (text: string) => text.replace(/\\u\{([0-9A-Fa-f]{1,6})\}/g, (_match, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))

/** The example as {text, file…}, with escapes decoded: the input a runner feeds to its engine. */
export function exampleInput(example: RuleExample): Exclude<RuleExample, string> {
  if (typeof example === 'string') return {text: example}
  return example.escaped ? {...example, text: decodeExampleEscapes(example.text)} : example
}
