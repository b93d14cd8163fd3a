import {describe, expect, it} from 'vitest'
import {isAgentInstructionFile} from '../../src/detect/context.js'
import {rule as lookalike} from '../../src/detect/files/agent-file-lookalike.js'
import {checkChangedPath} from '../../src/detect/files/instruction-file-change.js'
import {languageOf} from '../../src/detect/text/language.js'
import {AGENT_FILE_NAMES, AGENT_FILES, AUTOMATION_FILES, PROTECTED_GLOBS, PROTECTED_PATHS} from '../../src/policy/catalogue.js'
import {buildPolicy} from '../../src/policy/effective.js'
import {SensitivePathMatcher} from '../../src/policy/sensitive.js'

const root = '/work/project'
const matchers = {standard: new SensitivePathMatcher(buildPolicy('standard'), root, '/home/u'), strict: new SensitivePathMatcher(buildPolicy('strict'), root, '/home/u')}

/** Paths a glob stands for: at the root and nested ("**\/" prefix), files inside ("/**" suffix). */
function samples(glob: string): string[] {
  const file = glob.endsWith('/**') ? `${glob.slice(0, -3)}/notes.md` : glob
  return file.startsWith('**/') ? [file.slice(3), `packages/app/${file.slice(3)}`] : [file]
}

// Names an agent might read or that look like agent files, at several depths, and ordinary files.
const CORPUS = [
  ...AGENT_FILES.flatMap((entry) => (entry.glob ? samples(entry.glob) : [])),
  ...AUTOMATION_FILES.flatMap((entry) => (entry.glob ? samples(entry.glob) : [])),
  'AGENTS.md',
  'docs/AGENTS.md',
  'CLAUDE.local.md',
  'GEMINI.md',
  '.gemini/settings.json',
  '.windsurfrules',
  '.windsurf/rules/a.md',
  '.clinerules',
  '.clinerules/01.md',
  '.cursor/rules/a.mdc',
  '.cursor/mcp.json',
  '.claude/settings.json',
  '.claude/commands/x.md',
  '.codex/config.toml',
  '.codex/hooks.json',
  'svc/.codex/config.toml',
  '.github/copilot-instructions.md',
  '.github/instructions/ts.instructions.md',
  '.github/prompts/release.prompt.md',
  '.github/chatmodes/plan.chatmode.md',
  '.vscode/mcp.json',
  '.mcp.json',
  'README.md',
  'src/index.ts',
  'docs/agents.txt',
  '.github/workflows/ci.yml',
  '.husky/pre-commit',
]

describe('agent files: one list for the scanner and the write protection', () => {
  it('every agent file the scanner recognises is protected from agent writes in every profile', () => {
    for (const path of CORPUS) {
      if (!isAgentInstructionFile(path)) continue
      for (const [profile, matcher] of Object.entries(matchers)) expect(matcher.isProtected(path, root), `${path} (${profile})`).toBe(path)
    }
  })

  it('every protected agent file is recognised by the scanner, and automation is not an agent file', () => {
    for (const entry of AGENT_FILES) {
      expect(entry.glob, entry.id).toBeDefined()
      for (const path of samples(entry.glob!)) {
        expect(isAgentInstructionFile(path), `${entry.id}: ${path}`).toBe(true)
        expect(matchers.standard.isProtected(path, root), `${entry.id}: ${path}`).toBe(path)
        expect(checkChangedPath(path, 'modified')[0]?.severity, path).toBeUndefined() // high: the rule's own severity
      }
    }
    for (const entry of AUTOMATION_FILES) {
      for (const path of entry.glob ? samples(entry.glob) : []) {
        expect(isAgentInstructionFile(path), `${entry.id}: ${path}`).toBe(false)
        expect(matchers.standard.isProtected(path, root), `${entry.id}: ${path}`).toBe(path)
        expect(checkChangedPath(path, 'modified')[0]?.severity, path).toBe('medium')
      }
    }
  })

  it('derives the protected globs, the profile entries and the look-alike names from the same entries', () => {
    expect(PROTECTED_GLOBS).toEqual([...AGENT_FILES, ...AUTOMATION_FILES].flatMap((entry) => (entry.glob ? [entry.glob] : [])))
    for (const entry of PROTECTED_PATHS) expect([...AGENT_FILES, ...AUTOMATION_FILES].some((file) => file.id === entry.id && file.codex?.path === entry.path)).toBe(true)
    for (const name of ['AGENTS.md', 'GEMINI.md', '.windsurfrules', '.clinerules', 'copilot-instructions.md', '.mcp.json', '.codex', '.claude', '.cursor']) expect(AGENT_FILE_NAMES).toContain(name)
    expect(lookalike.check('\u0410GENTS.md')).toHaveLength(1)
    expect(lookalike.check('GEM\u0406NI.md')).toHaveLength(1)
    expect(languageOf('.windsurfrules')).toBe('markdown')
    expect(languageOf('.cursorrules')).toBe('markdown')
  })

  it('leaves ordinary files alone', () => {
    for (const path of ['README.md', 'src/index.ts', 'docs/agents.txt', '.codex/rules/codex-guard.rules']) expect(isAgentInstructionFile(path), path).toBe(false)
    expect(matchers.standard.isProtected('src/index.ts', root)).toBeUndefined()
  })
})
