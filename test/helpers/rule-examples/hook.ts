// Example runner for the PreToolUse hook rules (HOOK_RULES): the example is a shell command,
// decided by the real HookDecider in a scratch project. Kept apart so it can follow the hook's API
// when src/session/hook changes; it reads the rules' `example.bad/good` until they carry `examples`.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {buildPolicy} from '../../../src/policy/effective.js'
import {SensitivePathMatcher} from '../../../src/policy/sensitive.js'
import {exampleInput, type RuleExample, type RuleMeta} from '../../../src/report/rule-meta.js'
import {HOOK_RULES, HookDecider} from '../../../src/session/hook/decide.js'
import {runHook} from '../../../src/session/hook/entry.js'

export interface HookExampleRunner {
  /** a shell command, decided by HookDecider.bash */
  run(example: RuleExample): string[]
  /** a hook payload (stdin of `codex-guard hook pre-tool-use`), through the hook entry */
  runPayload(example: RuleExample): Promise<string[]>
  dispose(): void
}

/** A JSON payload object gets the scratch project as its cwd; anything else goes to the hook as is. */
function inProject(payload: string, cwd: string): string {
  try {
    const parsed: unknown = JSON.parse(payload)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? JSON.stringify({cwd, ...parsed}) : payload
  } catch {
    return payload
  }
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
  const env = {PATH: process.env['PATH'], HOME: home, XDG_STATE_HOME: join(root, 'state')}
  return {
    run: (example) => decider.bash(exampleInput(example).text, home).reasons.map((reason) => reason.ruleId),
    async runPayload(example) {
      const result = await runHook('pre-tool-use', inProject(exampleInput(example).text, project), env)
      const ids = result.decision?.reasons.map((reason) => reason.ruleId) ?? []
      // a failed hook replies with a bare deny and no decision: that is CG-HOOK-ERROR
      if (!result.decision && result.stdout.includes('"permissionDecision":"deny"')) ids.push(HOOK_RULES.internalError.id)
      return ids
    },
    dispose: () => rmSync(root, {recursive: true, force: true}),
  }
}

/** The hook rules' examples: `examples` when a rule has them, else its example pair. */
export const hookExamplesOf = (rule: RuleMeta): {flagged: RuleExample[]; clean: RuleExample[]} => rule.examples ?? {flagged: [rule.example.bad], clean: [rule.example.good]}
