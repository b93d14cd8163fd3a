// .gitignore entries for block-on-commit paths, with the templates re-included.
import type {EffectivePolicy} from '../policy/effective.js'
import type {Markers} from './marked-section.js'

export const GITIGNORE_MARKERS: Markers = {
  start: '# >>> codex-guard: secret files (managed by codex-guard init) >>>',
  end: '# <<< codex-guard <<<',
  lookalikes: ['# >>> codex-guard', '# <<< codex-guard'],
}

/** Converts a catalogue glob to gitignore syntax: a leading "**\/" is implied for slash-free names. */
function toGitignore(pattern: string): string {
  const stripped = pattern.startsWith('**/') ? pattern.slice(3) : pattern
  return stripped.includes('/') && !pattern.startsWith('**/') ? `/${stripped}` : stripped.includes('/') ? `**/${stripped}` : stripped
}

export function renderGitignoreSection(policy: EffectivePolicy): string {
  const ignore = new Set<string>()
  for (const entry of policy.sensitivePaths) {
    if (entry.scope !== 'project' || !entry.actions.includes('block-on-commit')) continue
    for (const pattern of entry.patterns) ignore.add(toGitignore(pattern))
  }
  const allow = policy.allowPatterns.map((pattern) => `!${toGitignore(pattern)}`)
  // Backups init keeps of files it changed may contain secrets of their own (user configs).
  return [...ignore, ...allow, '*.codex-guard-*.bak'].join('\n')
}
