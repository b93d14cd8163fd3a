// Ref listing for `scan refs`: local branches, remote-tracking branches, tags, the current branch
// and the default branch. Names are data: they go through argv/stdout, never through a shell.
import {gitResult, gitText} from './run.js'

export interface RefEntry {
  /** full ref name, e.g. refs/heads/x */
  ref: string
  /** short name, e.g. x, origin/x, v1.0 */
  name: string
  kind: 'branch' | 'remote' | 'tag' | 'other'
}

function classifyRef(ref: string): RefEntry {
  if (ref.startsWith('refs/heads/')) return {ref, name: ref.slice('refs/heads/'.length), kind: 'branch'}
  if (ref.startsWith('refs/remotes/')) return {ref, name: ref.slice('refs/remotes/'.length), kind: 'remote'}
  if (ref.startsWith('refs/tags/')) return {ref, name: ref.slice('refs/tags/'.length), kind: 'tag'}
  return {ref, name: ref, kind: 'other'}
}

/** Every local branch, remote-tracking branch and tag (for-each-ref, one name a line: git forbids newlines in ref names). */
export async function listRefs(root: string): Promise<RefEntry[]> {
  const output = await gitText(['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/remotes', 'refs/tags'], {cwd: root})
  return output
    .split('\n')
    .filter((line) => line.length > 0)
    .map(classifyRef)
}

/** The checked-out branch (undefined when HEAD is detached or the repository has no commits on it). */
export async function currentBranch(root: string): Promise<RefEntry | undefined> {
  const result = await gitStatus(root, ['symbolic-ref', '-q', 'HEAD'])
  const ref = result.stdout.replace(/\n$/, '')
  return result.code === 0 && ref ? classifyRef(ref) : undefined
}

/** git with an exit code. */
async function gitStatus(root: string, args: string[]): Promise<{code: number; stdout: string}> {
  const result = await gitResult(args, {cwd: root})
  return {code: result.code ?? 1, stdout: result.stdout.toString('utf8')}
}

async function refExists(root: string, ref: string): Promise<boolean> {
  return (await gitStatus(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).code === 0
}

/**
 * The default branch as a ref usable in `git merge-base`: origin/HEAD's target, else the first of
 * origin/main, origin/master, main, master, trunk, develop that exists.
 */
export async function defaultBranch(root: string): Promise<{ref: string; name: string} | undefined> {
  const origin = await gitStatus(root, ['symbolic-ref', '-q', 'refs/remotes/origin/HEAD'])
  const target = origin.stdout.trim()
  if (origin.code === 0 && target) return {ref: target, name: target.replace(/^refs\/remotes\/[^/]+\//, '')}
  for (const candidate of ['origin/main', 'origin/master', 'main', 'master', 'trunk', 'develop']) {
    if (await refExists(root, candidate)) return {ref: candidate, name: candidate.replace(/^origin\//, '')}
  }
  return undefined
}
