// Every malformed input codex-guard reads names the file and the line, with exit 2: the project
// config.toml, .codex/hooks.json (syntax and shape) and .codex/codex-guard.toml, for validate and init.
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {cleanup, makeRepo, runCli} from '../helpers/cli.js'

afterEach(cleanup)

const CASES: {name: string; file: string; text: string; where: RegExp}[] = [
  {name: 'config.toml syntax', file: '.codex/config.toml', text: 'model = "x"\n[profile\nfoo = 1\n', where: /\.codex\/config\.toml:2/},
  {name: 'hooks.json syntax', file: '.codex/hooks.json', text: '{"hooks": {"PreToolUse": [\n  {"matcher": "x",,}\n]}}\n', where: /\.codex\/hooks\.json:2:19/},
  {name: 'hooks.json shape', file: '.codex/hooks.json', text: '{"hooks": {"PreToolUse": {"matcher": "*"}}}\n', where: /\.codex\/hooks\.json[\s\S]*hooks\.PreToolUse must be an array/},
  {name: 'codex-guard.toml syntax', file: '.codex/codex-guard.toml', text: 'profile = "standard"\n[paths\n', where: /\.codex\/codex-guard\.toml:2/},
  {name: 'codex-guard.toml value', file: '.codex/codex-guard.toml', text: '\nprofile = "nope"\n', where: /\.codex\/codex-guard\.toml:2/},
]

describe('malformed inputs: file, line, exit 2', () => {
  for (const testCase of CASES) {
    it(`${testCase.name}: validate and init name it and exit 2`, async () => {
      const repo = makeRepo()
      mkdirSync(join(repo, '.codex'), {recursive: true})
      writeFileSync(join(repo, testCase.file), testCase.text)
      const validate = await runCli(['validate'], {cwd: repo})
      expect(validate.code, validate.stdout + validate.stderr).toBe(2)
      expect(validate.stdout + validate.stderr).toMatch(testCase.where)
      const init = await runCli(['init', '--dry-run'], {cwd: repo})
      expect(init.code, init.stdout + init.stderr).toBe(2)
      expect(init.stderr).toMatch(testCase.where)
      expect(init.stderr).not.toMatch(/internal error/)
    }, 60_000)
  }
})
