// simple-git adapter: repository root and tracked files. Ref names and paths are data, never shell text.
import {realpathSync} from 'node:fs'
import {resolve} from 'node:path'
import {ConfigError} from '../util/errors.js'

export async function findRepoRoot(start: string): Promise<string> {
  const {simpleGit} = await import('simple-git')
  const dir = resolve(start)
  try {
    const top = (await simpleGit({baseDir: dir}).revparse(['--show-toplevel'])).trim()
    return realpathSync(top)
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0]
    throw new ConfigError(
      `not inside a git repository (${reason}). Codex finds project configuration from the .git root; run "git init" first or pass --root`,
      dir,
    )
  }
}

/** Tracked paths (repo-relative, NUL-separated so names with newlines survive). */
export async function trackedFiles(root: string): Promise<Set<string>> {
  const {simpleGit} = await import('simple-git')
  const output = await simpleGit({baseDir: root}).raw(['ls-files', '-z', '--cached'])
  return new Set(output.split('\0').filter(Boolean))
}

/** Which of the given untracked paths git ignores (paths go through stdin: no argv limit, any bytes). */
export async function ignoredPaths(root: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set()
  const {execa} = await import('execa')
  const result = await execa('git', ['check-ignore', '--no-index', '--stdin', '-z'], {cwd: root, input: `${paths.join('\0')}\0`, reject: false})
  // Exit 1 means "none ignored"; anything else but 0 is a real error.
  if (result.exitCode !== 0 && result.exitCode !== 1) throw new Error(`git check-ignore failed: ${result.stderr}`)
  return new Set(result.stdout.split('\0').filter(Boolean))
}
