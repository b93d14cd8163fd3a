// `init` killed (SIGKILL through CODEX_GUARD_FAULT_AT) before its first rename, between two
// renames, and between setting the user's pre-commit hook aside and writing its own: the next
// `init` completes the job — user text kept, no temp file left in the repository, the user's hook
// chained, every backup complete — and a further `init --dry-run` has nothing left to do.
import {chmodSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {parseHook} from '../../src/precommit/install.js'
import {cleanup, makeRepo, read, runCli, snapshot} from '../helpers/cli.js'

afterEach(cleanup)

const USER_CONFIG = '# my settings\nmodel = "gpt-5.5"\n\n[mcp_servers.docs]\ncommand = "npx"\n'
const USER_AGENTS = '# Guide\n\nBe brief.\n'
const USER_HOOK = '#!/bin/sh\necho user checks\n'

describe('init killed part-way', () => {
  for (const step of ['init-apply-before-rename', 'init-apply-after-first-rename', 'precommit-install-renamed-aside']) {
    it(`killed at ${step}: the next init completes it`, async () => {
      const repo = makeRepo({'.codex/config.toml': USER_CONFIG, 'AGENTS.md': USER_AGENTS})
      const hook = join(repo, '.git', 'hooks', 'pre-commit')
      writeFileSync(hook, USER_HOOK)
      chmodSync(hook, 0o755)
      const killed = await runCli(['init'], {cwd: repo, env: {CODEX_GUARD_FAULT_AT: step}})
      expect(killed.code, killed.stderr).not.toBe(0)

      const next = await runCli(['init'], {cwd: repo})
      expect(next.code, next.stderr).toBe(0)
      const files = [...snapshot(repo).keys()]
      expect(files.filter((path) => path.endsWith('.tmp'))).toEqual([])
      expect(read(repo, '.codex/config.toml')).toContain('model = "gpt-5.5"')
      expect(read(repo, '.codex/config.toml')).toContain('[mcp_servers.docs]')
      expect(read(repo, '.codex/config.toml')).toContain('default_permissions = "codex-guard"')
      expect(read(repo, 'AGENTS.md')).toContain('Be brief.')
      for (const backup of files.filter((path) => path.endsWith('.bak'))) {
        expect([USER_CONFIG, USER_AGENTS], backup).toContain(read(repo, backup))
      }
      expect(parseHook(readFileSync(hook, 'utf8'))).toMatchObject({previous: 'pre-commit.codex-guard-chained', runPrevious: true})
      expect(readFileSync(join(repo, '.git', 'hooks', 'pre-commit.codex-guard-chained'), 'utf8')).toBe(USER_HOOK)
      expect(readdirSync(join(repo, '.git', 'hooks')).filter((name) => name.includes('journal') || name.includes('tmp'))).toEqual([])

      const again = await runCli(['init', '--dry-run'], {cwd: repo})
      expect(again.code, again.stderr).toBe(0)
      expect(again.stdout).not.toMatch(/^[+-][^+-]/m)
    }, 120_000)
  }
})
