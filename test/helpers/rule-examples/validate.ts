// Example runner for the validate rules: a fresh git repository (scratch home and Codex home)
// gets the example's `files`, then `codex-guard init --trust` (the real planner), then the
// example's `file` (replaced whole, or created), and the real runValidate reports the rule ids.
// "/path/to/repo" and "/home/me" in examples stand for the scratch repository and home; `~/…` and
// `$CODEX_HOME/…` and `$SYSTEM/…` paths land in the scratch home, Codex home and system config dir; "-> TARGET" content is a symlink.
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {discoverEntries} from '../../../src/detect/coverage.js'
import {installRuntime} from '../../../src/generate/hook-runtime.js'
import {initPolicy, planInit} from '../../../src/generate/init.js'
import {applyEdits} from '../../../src/generate/plan.js'
import {exampleInput, type RuleExample} from '../../../src/report/rule-meta.js'
import {runValidate} from '../../../src/validate/index.js'
import {cliEnv, codexHomeOf, git, makeRepo, scratchOf} from '../cli.js'

export const VALIDATE_EXAMPLE_FILE = '.codex/config.toml'

export async function runValidateExample(example: RuleExample): Promise<string[]> {
  const input = exampleInput(example)
  const repo = makeRepo()
  const home = scratchOf(repo).home
  const env = cliEnv(repo)
  const fill = (text: string) => text.replaceAll('/path/to/repo', repo).replaceAll('/home/me', home)
  const systemDir = join(home, '..', 'system-codex')
  const place = (path: string) =>
    path.startsWith('~/')
      ? join(home, path.slice(2))
      : path.startsWith('$CODEX_HOME/')
        ? join(codexHomeOf(repo), path.slice('$CODEX_HOME/'.length))
        : path.startsWith('$SYSTEM/')
          ? join(systemDir, path.slice('$SYSTEM/'.length))
          : join(repo, path)
  const write = (path: string, content: string) => {
    const target = place(path)
    mkdirSync(dirname(target), {recursive: true})
    if (content.startsWith('-> ')) symlinkSync(fill(content.slice(3)), target)
    else writeFileSync(target, fill(content))
  }
  for (const [path, content] of Object.entries(input.files ?? {})) write(path, content)
  // The hooks run the runtime init installs in the scratch home, as for a user.
  const runtime = installRuntime(env)
  const discovered = (await discoverEntries(repo, initPolicy(repo), {env})).entries
  applyEdits(planInit({root: repo, force: false, trust: true, agentsMd: true, gitignore: true, hooks: true, runtimeId: runtime.id, env, discovered}).edits)
  const file = input.file ?? VALIDATE_EXAMPLE_FILE
  write(file, input.text)
  if (input.tracked) git(repo, ['add', '-f', '--', file])
  const result = await runValidate({root: repo, env, systemDir})
  return result.findings.map((finding) => finding.ruleId)
}
