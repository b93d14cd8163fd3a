// Shared shapes for the injection / hidden-Unicode detectors (scan refs|diff|files|text and the
// pre-commit hook). Detection functions are pure: text or a name in, FindingInput[] out.
import type {Severity} from '../report/finding.js'
import type {RuleMeta} from '../report/rule-meta.js'

/**
 * Where a piece of text sits, which decides how it is judged:
 * - code: executable tokens (identifiers, operators)
 * - comment: code comments and docstrings (prose nobody runs, often skimmed in review)
 * - string: string literals and data values
 * - prose: Markdown / plain text / PR text / commit messages (rendered for humans)
 * - codeblock: Markdown fenced or inline code (shown verbatim)
 * - hidden: not rendered at all (HTML comments, CSS-hidden elements, collapsed <details>)
 * - name: a ref name or file name
 */
export type Region = 'code' | 'comment' | 'string' | 'prose' | 'codeblock' | 'hidden' | 'name'

/** A match reported by one rule module, before location and context are applied. */
export interface Hit {
  /** defaults to the rule's severity */
  severity?: Severity
  message: string
  /** UTF-16 offset into the scanned text (text rules); names have no offset */
  index?: number
  /** already escaped / redacted, never a raw secret or raw invisible characters */
  evidence?: string
  /** stable part of the fingerprint (defaults to the message) */
  seed?: string
  /** false: the orchestrator must not lower it for test fixtures / security docs */
  adjustable?: boolean
}

export interface NameRule {
  meta: RuleMeta
  check(name: string): Hit[]
}

/** Lazily computed facts about a text, shared by every text rule. */
export interface TextView {
  readonly text: string
  readonly path?: string
  readonly language: string
  /** the region at a UTF-16 offset (lexes the text on first use) */
  regionAt(index: number): Region
  /** the [start, end) of the region span containing index */
  spanAt(index: number): {start: number; end: number; region: Region}
  /** the file is an agent instruction surface (AGENTS.md, .codex/**, CLAUDE.md, .cursorrules…) */
  readonly agentFile: boolean
  /** plain ASCII text: no Unicode rule can match */
  readonly ascii: boolean
  /** the text with invisibles dropped and look-alike letters read as ASCII (phrase rules match on it) */
  readonly folded: {text: string; changed: boolean; toOriginal(index: number): number}
  /** whether an anchor of the named group (TextRule.anchors as a record) occurs; true when unknown */
  anchored(group: string): boolean
  /**
   * The folded text as anchors read it (anchors.ts asAnchorText), for
   * phrase-level anchors (Phrase.anchors); undefined in agent files and exhaustive scans, where
   * every phrase runs.
   */
  anchorText(): string | undefined
  /**
   * Ranges of the folded text around the current rule's anchor matches (whole lines, at least
   * 400 characters each side), merged; the whole text when anchors are unknown or too many.
   */
  windows(group?: string): {start: number; end: number}[]
  /** [start, end) of every hidden span (HTML comments, CSS-hidden elements…) */
  hiddenSpans(): {start: number; end: number}[]
}

export interface TextRule {
  meta: RuleMeta
  /**
   * Phrase rules: lower-case literals (a space stands for any whitespace run), at least one of
   * which occurs in every match of the rule; check() only runs when one is present (or always,
   * in agent instruction files). Found in one Aho–Corasick pass for all rules (anchors.ts).
   */
  anchors?: string[] | Record<string, string[]>
  /** also run when a 40+ character base64 run occurs in a text of one of these languages */
  base64Languages?: string[]
  /** only run for these languages */
  languages?: string[]
  /** Unicode rules: a cheap regex over the decoded text; check() only runs when it matches */
  trigger?: RegExp
  /** the rule only looks at non-ASCII characters */
  unicodeOnly?: boolean
  check(view: TextView): Hit[]
}

export interface TextContext {
  /** repo-relative path or a label ("stdin", "commit:abc123"); decides language and fixture status */
  path?: string
  /** override the language guessed from path (e.g. "markdown", "python", "text") */
  language?: string
  /** treat the whole text as one region instead of lexing it (e.g. "prose" for a commit message) */
  region?: Region
  /** force agent-instruction-file treatment (default: decided from path) */
  agentFile?: boolean
  /** report findings at these 1-based lines only (scan diff: added lines) */
  lines?: Set<number>
  /** added to every line number (chunked scanning of huge files) */
  lineOffset?: number
  /** run every rule on the whole text, ignoring the anchor/trigger prefilter (tests, audits) */
  exhaustive?: boolean
  /** only report hits whose offset is in [from, to) (chunk overlap de-duplication) */
  window?: {from: number; to: number}
}
