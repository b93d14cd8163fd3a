// Where verify keeps scratch directories. Not under /tmp: the workspace profile makes /tmp and
// $TMPDIR writable (a failed "write outside the workspace" probe would go unseen), and a
// CODEX_HOME must not sit under TMPDIR (codex-reference §4.4).
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {join} from 'node:path'
import {codexVersion} from '../codex/binary.js'

export function scratchBase(env: NodeJS.ProcessEnv = process.env): string {
  const xdgCache = env['XDG_CACHE_HOME']
  const underTmp = (path: string) => path === '/tmp' || path.startsWith('/tmp/') || path.startsWith(`${tmpdir()}/`)
  const base = join(xdgCache && !underTmp(xdgCache) ? xdgCache : join(env['HOME'] ?? homedir(), '.cache'), 'codex-guard')
  mkdirSync(base, {recursive: true})
  return base
}

/** `codex --version` with a throwaway CODEX_HOME: even that writes under $CODEX_HOME/tmp, and verify never writes the user's. */
export async function isolatedCodexVersion(codex: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const home = mkdtempSync(join(scratchBase(env), 'version-'))
  try {
    return await codexVersion(codex, {...env, CODEX_HOME: home})
  } finally {
    rmSync(home, {recursive: true, force: true})
  }
}
