// CG-PI-008: a diff adds, changes, renames or deletes an agent instruction file (or other
// automation that persists an injection for the next session).
import {AUTOMATION_GLOBS} from '../../policy/catalogue.js'
import type {RuleMeta} from '../../report/rule-meta.js'
import {globsMatcher} from '../../util/glob.js'
import {isAgentInstructionFile} from '../context.js'
import type {Hit} from '../types.js'

export const meta: RuleMeta = {
  id: 'CG-PI-008',
  title: 'Agent instruction file changed',
  severity: 'high',
  description:
    'The change touches a file agents load as instructions or configuration — AGENTS.md / AGENTS.override.md at any level, .codex/**, CLAUDE.md, .claude/**, .cursorrules, .cursor/**, .github/copilot-instructions.md, .mcp.json — which persists an injection into every later session (hackerbot-claw replaced CLAUDE.md). High; medium for other automation files from the policy catalogue (CI workflows, git hooks, devcontainer). A human must review these changes.',
  remediation: 'review the change by hand (git diff BASE -- PATH), with the hidden-Unicode findings for the same file; require CODEOWNERS approval for these paths',
  example: {bad: 'M  AGENTS.md  (in a pull request from a fork)', good: 'M  src/app.ts'},
  examples: {
    flagged: [
      {text: 'AGENTS.md', note: 'modified in a pull request from a fork'},
      '.github/copilot-instructions.md',
      'packages/api/AGENTS.override.md',
      {text: '.github/workflows/ci.yml', note: 'automation file: medium'},
    ],
    clean: ['src/app.ts', 'docs/guide.md'],
  },
}

const isAutomationFile = globsMatcher(AUTOMATION_GLOBS)

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed'

/** One hit for an agent instruction or automation file touched by a change; none for other paths. */
export function checkChangedPath(path: string, status: ChangeStatus, from?: string): Hit[] {
  const detail = status === 'renamed' && from ? `renamed from ${from}` : status
  if (isAgentInstructionFile(path) || (from !== undefined && isAgentInstructionFile(from))) {
    return [{message: `agent instruction file ${detail}: every later agent session loads it; a human must review this change`, seed: `${status}:${path}`}]
  }
  if (isAutomationFile(path)) {
    return [{severity: 'medium', message: `automation file ${detail} (runs with the repository's permissions); review it by hand`, seed: `${status}:${path}`}]
  }
  return []
}
