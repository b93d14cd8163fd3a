// CG-FN-004: a look-alike of an agent instruction file or directory name.
import {AGENT_FILE_NAMES} from '../../policy/catalogue.js'
import type {RuleMeta} from '../../report/rule-meta.js'
import {confusableWith} from '../confusables.js'
import {escapeVisible} from '../text/chars.js'
import type {Hit, NameRule} from '../types.js'

export const meta: RuleMeta = {
  id: 'CG-FN-004',
  title: 'Look-alike of an agent instruction file',
  severity: 'high',
  description:
    'A file or directory whose name has the same UTS #39 skeleton as AGENTS.md, CLAUDE.md, .cursorrules, .mcp.json, .codex, .github… without being it (AGENTS.md with a Cyrillic А, .codex with a zero-width space): reviewers believe they saw the real instruction file, tools do not load it, or the other way round.',
  remediation: 'rename or delete it; keep one real instruction file',
  example: {bad: '<U+0410>GENTS.md  (Cyrillic А)', good: 'AGENTS.md'},
  examples: {
    flagged: [
      {escaped: true, text: '\\u{0410}GENTS.md', note: 'Cyrillic А'},
      {escaped: true, text: '.codex\\u{200B}/config.toml', note: 'zero-width space'},
    ],
    clean: ['AGENTS.md', '.codex/config.toml'],
  },
}

/** The catalogue's agent file names, the folder of CI workflows, and the names of Codex's own files inside .codex/. */
const TARGETS = [...AGENT_FILE_NAMES, '.github', 'config.toml', 'hooks.json']

export const rule: NameRule = {
  meta,
  check(path: string): Hit[] {
    for (const component of path.split('/')) {
      if (/^[\x20-\x7e]*$/.test(component)) continue // ASCII-only look-alikes (rn/m) are too common in file names
      const target = TARGETS.find((name) => confusableWith(component, name))
      if (target) return [{message: `"${escapeVisible(component, {asciiOnly: true})}" looks like ${target} but is a different name`}]
    }
    return []
  },
}
