// Example runner for the PreToolUse hook rules (HOOK_RULES): the example is a shell command,
// decided by the real HookDecider in a scratch project. Kept apart so it can follow the hook's API
// when src/session/hook changes; it reads the rules' `example.bad/good` until they carry `examples`.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {buildPolicy} from '../../../src/policy/effective.js'
import {SensitivePathMatcher} from '../../../src/policy/sensitive.js'
import {exampleInput, type RuleExample, type RuleMeta} from '../../../src/report/rule-meta.js'
import {HookDecider} from '../../../src/session/hook/decide.js'

export interface HookExampleRunner {
  run(example: RuleExample): string[]
  dispose(): void
}

/** A project (with a .env, its template and ordinary files) and a home to decide commands in. */
export function hookExampleRunner(): HookExampleRunner {
  const root = mkdtempSync(join(tmpdir(), 'cg-hook-examples-'))
  const home = join(root, 'home')
  const project = join(root, 'proj')
  for (const dir of [join(project, '.git'), join(project, 'src'), join(project, 'config'), join(home, '.ssh')]) mkdirSync(dir, {recursive: true})
  for (const file of ['.env', '.env.example', 'notes', 'notes.md', 'notes.txt', 'README.md', 'src/app.ts', 'AGENTS.md']) writeFileSync(join(project, file), 'x\n')
  const policy = buildPolicy('standard')
  const decider = new HookDecider({cwd: project, policy, matcher: new SensitivePathMatcher(policy, project, home)})
  return {
    run: (example) => decider.bash(exampleInput(example).text, home).reasons.map((reason) => reason.ruleId),
    dispose: () => rmSync(root, {recursive: true, force: true}),
  }
}

/** The hook rules' examples: `examples` when a rule has them, else its example pair. */
export const hookExamplesOf = (rule: RuleMeta): {flagged: RuleExample[]; clean: RuleExample[]} => rule.examples ?? {flagged: [rule.example.bad], clean: [rule.example.good]}
