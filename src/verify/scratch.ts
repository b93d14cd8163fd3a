// Where verify keeps scratch directories. Not under /tmp: the workspace profile makes /tmp and
// $TMPDIR writable (a failed "write outside the workspace" probe would go unseen), and a
// CODEX_HOME must not sit under TMPDIR (codex-reference §4.4).
import {mkdirSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {join} from 'node:path'

export function scratchBase(env: NodeJS.ProcessEnv = process.env): string {
  const xdgCache = env['XDG_CACHE_HOME']
  const underTmp = (path: string) => path === '/tmp' || path.startsWith('/tmp/') || path.startsWith(`${tmpdir()}/`)
  const base = join(xdgCache && !underTmp(xdgCache) ? xdgCache : join(env['HOME'] ?? homedir(), '.cache'), 'codex-guard')
  mkdirSync(base, {recursive: true})
  return base
}
