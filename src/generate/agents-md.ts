// The AGENTS.md guardrail section, between markers so re-running replaces only that section.
import {readFileSync} from 'node:fs'
import {AGENT_FILES} from '../policy/catalogue.js'
import type {EffectivePolicy} from '../policy/effective.js'
import {templatePath} from '../util/paths.js'
import type {Markers} from './marked-section.js'

export const AGENTS_MARKERS: Markers = {
  start: '<!-- codex-guard:start (managed by codex-guard init; edits inside are overwritten) -->',
  end: '<!-- codex-guard:end -->',
  lookalikes: ['<!-- codex-guard:start', '<!-- codex-guard:end'],
}

export function renderAgentsSection(policy: EffectivePolicy): string {
  const secretExamples = ['`.env` and `.env.*` (except templates)', '`~/.ssh`', '`~/.aws`', '`*.pem`/`*.key`', '`*.tfstate`', '`~/.codex/auth.json`']
  // the agent files every profile protects (AGENTS.md, .codex/**), then the profile's first read-only entries
  const agentExamples = AGENT_FILES.filter((file) => file.id === 'agent.agents-md' || file.id === 'agent.codex-dir').map((file) => `\`${file.glob?.replace(/^\*\*\//, '')}\``)
  const protectedExamples = policy.protectedPaths.slice(0, 6).map((entry) => `\`${entry.path}\``)
  return readFileSync(templatePath('agents-section.md'), 'utf8')
    .replace('{{SECRET_EXAMPLES}}', secretExamples.join(', '))
    .replace('{{PROTECTED_EXAMPLES}}', [...agentExamples, ...protectedExamples].join(', '))
}
