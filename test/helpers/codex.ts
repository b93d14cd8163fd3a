// Locates the pinned Codex binary for end-to-end tests. A missing binary is a failure, never a skip.
import {existsSync, mkdirSync, mkdtempSync} from 'node:fs'
import {homedir} from 'node:os'
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

/**
 * Scratch space for tests that run the Codex sandbox. Never under /tmp: the sandbox mounts a
 * fresh /tmp, so a HOME or workspace there vanishes inside it (and CODEX_HOME must not sit
 * under TMPDIR, codex-reference §4.4). CI may clone the project under /tmp, so not the repo either.
 */
export function sandboxScratch(prefix: string): string {
  const base = process.env['CODEX_GUARD_TEST_SCRATCH'] ?? join(homedir(), '.cache', 'codex-guard-tests')
  mkdirSync(base, {recursive: true})
  return mkdtempSync(join(base, prefix))
}

/**
 * A scratch machine for a scripted `codex exec`: HOME, CODEX_HOME, XDG state and TMPDIR under
 * one scratch folder (never the developer's), and an empty repository directory in it.
 */
export function scratchSession(prefix: string): {scratch: string; repo: string; env: NodeJS.ProcessEnv} {
  const scratch = sandboxScratch(prefix)
  const repo = join(scratch, 'repo')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: join(scratch, 'home'),
    CODEX_HOME: join(scratch, 'codex-home'),
    XDG_STATE_HOME: join(scratch, 'state'),
    TMPDIR: join(scratch, 'tmp'),
    LANG: 'C.UTF-8',
  }
  for (const dir of [env['HOME']!, env['CODEX_HOME']!, env['XDG_STATE_HOME']!, env['TMPDIR']!, repo]) mkdirSync(dir, {recursive: true})
  return {scratch, repo, env}
}
