// Sections of docs/rules.md; each feature registers its rule metadata here.
import {renderRulesDoc} from './report/rules-doc.js'
import {HOOK_RULES} from './session/hook/decide.js'
import {VALIDATE_RULES} from './validate/index.js'

export function rulesDoc(): string {
  return renderRulesDoc([
    {
      title: 'validate',
      intro: '`codex-guard validate` checks every Codex layer that applies to a repository. Exit 0 clean, 1 findings at or above `--fail-on` (default high), 2 when a file cannot be loaded.',
      rules: VALIDATE_RULES,
    },
    {
      title: 'hook (PreToolUse)',
      intro: '`codex-guard hook pre-tool-use` runs before every shell command and patch. A denied call gets Codex’s `permissionDecision = "deny"` with one of these reasons; every decision is written to the audit log.',
      rules: Object.values(HOOK_RULES),
    },
  ])
}
