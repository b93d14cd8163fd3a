import {UNKNOWN} from '../../../analysis/shell.js'
import {type HookRule, hookMeta} from './types.js'

export const protectedWrite: HookRule = {
  meta: hookMeta(
    'CG-HOOK-PROTECTED-WRITE',
    'Command or patch changes a protected file',
    'Agent instructions, .codex/, CI workflows, git hooks and shell start-up files persist an injection for the next session; the agent may not change them.',
    'ask the user to make the change',
    ['echo x >> AGENTS.md', 'sed -i s/a/b/ .codex/config.toml', 'cp evil.sh .git/hooks/pre-commit', 'cd .github/workflows && echo "on: push" > ci.yml'],
    ['echo x >> notes.md', 'cat AGENTS.md', 'cp src/app.ts src/app.bak.ts'],
  ),
  check(facts, context) {
    const reasons: string[] = []
    for (const target of facts.writes) {
      const path = target.replaceAll(UNKNOWN, '')
      const hit = path ? context.protectedAt(path) : undefined
      if (hit) reasons.push(protectedMessage('it writes', hit))
    }
    return reasons
  },
}

export const protectedMessage = (what: string, file: string) =>
  `${what} ${file}, a protected file (agent instructions, Codex config, CI, git hooks or shell start-up); ask the user to make this change`
