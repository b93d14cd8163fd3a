// Where verify keeps scratch directories. Not under /tmp: the workspace profile makes /tmp and
// $TMPDIR writable (a failed "write outside the workspace" probe would go unseen), and a
// CODEX_HOME must not sit under TMPDIR (codex-reference §4.4).
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {join} from 'node:path'
import {type CodexLocation, codexVersion, describeCodex, locateCodex, testedVerdict} from '../codex/binary.js'

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

export interface CodexInfo extends CodexLocation {
  version: string
  verdict: ReturnType<typeof testedVerdict>
  /** "codex: PATH (source), version …" */
  line: string
  warning?: string
}

/** Locates codex (see locateCodex) and reads its version without touching the user's CODEX_HOME. */
export async function codexInfo(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<CodexInfo> {
  const location = locateCodex(explicit, env)
  const version = await isolatedCodexVersion(location.path, env)
  return {...location, version, verdict: testedVerdict(version), ...describeCodex(location, version)}
}
