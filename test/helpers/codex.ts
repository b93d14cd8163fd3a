// Locates the pinned Codex binary for end-to-end tests. A missing binary is a failure, never a skip.
import {existsSync} from 'node:fs'
import {join} from 'node:path'

export const REPO_ROOT = join(import.meta.dirname, '..', '..')

export function codexBin(): string {
  const fromEnv = process.env['CODEX_GUARD_TEST_CODEX']
  const candidate = fromEnv ?? join(REPO_ROOT, '.cache', 'codex', 'node_modules', '.bin', 'codex')
  if (!existsSync(candidate)) {
    throw new Error(`codex binary not found at ${candidate}; run "npm run codex:install" (the test global setup does this)`)
  }
  return candidate
}
