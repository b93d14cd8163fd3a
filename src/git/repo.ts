// The repository root, found one of two ways: from git (`rev-parse`, honours GIT_DIR and the
// hook's environment, also gives the git dir) for commands, or from the file system (the nearest
// directory with a .git entry, Codex's own project root) where no git process may run (the
// Codex hook, the session wrapper) or none is needed. Tracked and ignored files for validate.
import {existsSync, realpathSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {ConfigError} from '../util/errors.js'
import {type GitError, runGit} from './run.js'

/** The nearest directory at or above `dir` holding .git (without running git); undefined outside a repository. */
export function projectRoot(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current
    if (dirname(current) === current) return undefined
  }
}

/** Top-level directory and absolute git dir of the repository containing cwd (asks git). */
export async function repoPaths(cwd: string, env?: NodeJS.ProcessEnv): Promise<{root: string; gitDir: string}> {
  let out: string
  try {
    out = (await runGit(['rev-parse', '--show-toplevel', '--absolute-git-dir'], {cwd, env})).toString('utf8')
  } catch (error) {
    const reason = ((error as GitError).stderr || (error as Error).message).split('\n')[0]
    throw new Error(`not inside a git work tree (${reason})`)
  }
  const [root, gitDir] = out.replace(/\n$/, '').split('\n')
  if (!root || !gitDir) throw new Error(`not inside a git work tree (${cwd})`)
  return {root, gitDir}
}

/** The repository root (real path) for a command, or a ConfigError that says what to do. */
export async function findRepoRoot(start: string): Promise<string> {
  const dir = resolve(start)
  try {
    return realpathSync((await repoPaths(dir)).root)
  } catch (error) {
    const reason = (error as Error).message.replace(/^not inside a git work tree \((.*)\)$/s, '$1').split('\n')[0]
    throw new ConfigError(`not inside a git repository (${reason}). Codex finds project configuration from the .git root; run "git init" first or pass --root`, dir)
  }
}

/** Tracked paths (repo-relative, NUL-separated so names with newlines survive). */
export async function trackedFiles(root: string): Promise<Set<string>> {
  const output = await runGit(['ls-files', '-z', '--cached'], {cwd: root})
  return new Set(output.toString('utf8').split('\0').filter(Boolean))
}

/** Which of the given untracked paths git ignores (paths go through stdin: no argv limit, any bytes). */
export async function ignoredPaths(root: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set()
  // Exit 1 means "none ignored"; anything else but 0 is a real error.
  const output = await runGit(['check-ignore', '--no-index', '--stdin', '-z'], {cwd: root, input: `${paths.join('\0')}\0`, okCodes: [1]})
  return new Set(output.toString('utf8').split('\0').filter(Boolean))
}
