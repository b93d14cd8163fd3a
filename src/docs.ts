// Sections of docs/rules.md; each feature registers its rule metadata here.
import {SCAN_RULES} from './detect/registry.js'
import {PRECOMMIT_RULES} from './precommit/rules.js'
import {renderRulesDoc} from './report/rules-doc.js'
import {HOOK_RULES} from './session/hook/decide.js'
import {VALIDATE_RULES} from './validate/index.js'

export function rulesDoc(): string {
  return renderRulesDoc([
    {
      title: 'validate',
      intro:
        '`codex-guard validate` checks every Codex layer that applies to a repository. Exit 0 clean, 1 findings at or above `--fail-on` (default high), 2 when a file cannot be loaded. Each example is one file of a repository set up by `codex-guard init --trust` (`$CODEX_HOME/` is the user-level Codex home, `~/` the home directory).',
      rules: VALIDATE_RULES,
      exampleFile: '.codex/config.toml',
    },
    {
      title: 'hook (PreToolUse)',
      intro:
        '`codex-guard hook pre-tool-use` runs before every shell command and patch. A denied call gets Codex’s `permissionDecision = "deny"` with one of these reasons; every decision is written to the audit log.',
      rules: Object.values(HOOK_RULES),
    },
    {
      title: 'scan (injection and hidden Unicode)',
      intro:
        '`codex-guard scan refs|diff|files|text` flags content built to attack agents and the scripts around them: shell-injection ref and file names (`CG-REF-*`, `CG-FN-*`), hidden or look-alike Unicode (`CG-UNI-*`) and prompt injection (`CG-PI-*`). Severity rises where reviewers do not look (comments, hidden markup, agent instruction files, disguised text) and drops one level in test fixtures and security docs (the message says so). Suppress a line with `codex-guard:ignore RULE-ID` (same line or the line above) or with `[[suppress]]` (rule, optional path glob, reason; the rule may end in `*`). Exit 0 clean, 1 findings at or above `--fail-on` (default high), 2 usage or input error.',
      rules: SCAN_RULES,
    },
    {
      title: 'precommit',
      intro:
        '`codex-guard precommit run` (the git pre-commit hook) checks the staged content only. It blocks at high and above (medium and above inside a Codex session, where `CODEX_THREAD_ID` or `CODEX_SANDBOX*` is set); it also reports the injection and hidden-Unicode rules of the scanner on added lines, new file names and the branch name. Suppress with `codex-guard:ignore RULE-ID` on the line, `[[suppress]]`, or the hashed baseline of `codex-guard precommit baseline`; bypass once with `git commit --no-verify`. See docs/precommit.md.',
      rules: PRECOMMIT_RULES,
    },
  ])
}
