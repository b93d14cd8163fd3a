// What a branch adds against its base, for `scan diff`: changed paths, added line numbers per
// file, file contents at the head commit and the commit messages of the range. The diff is
// streamed line by line (bounded memory on huge diffs); paths are taken NUL-separated or C-unquoted.
import {ConfigError} from '../util/errors.js'
import {gitLines, gitResult, unquoteCPath} from './run.js'

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed'

export interface ChangedPath {
  path: string
  status: ChangeStatus
  /** previous path of a rename or copy */
  from?: string
}

const STATUS: Record<string, ChangeStatus> = {A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type-changed'}

const run = (root: string, args: string[]) => gitResult(['-c', 'core.quotePath=false', ...args], {cwd: root})

/** Resolves a revision to a commit id, or throws a ConfigError naming it. */
export async function resolveCommit(root: string, revision: string): Promise<string> {
  const result = await run(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`])
  const id = result.stdout.toString('utf8').trim()
  if (result.code !== 0 || !id) throw new ConfigError(`unknown revision "${revision}"`)
  return id
}

export async function mergeBase(root: string, a: string, b: string): Promise<string | undefined> {
  const result = await run(root, ['merge-base', a, b])
  const id = result.stdout.toString('utf8').trim()
  return result.code === 0 && id ? id : undefined
}

/** Paths changed between two commits (renames detected), from NUL-separated output. */
export async function changedPaths(root: string, base: string, head: string): Promise<ChangedPath[]> {
  const result = await run(root, ['diff', '--name-status', '-z', '-M', '--no-ext-diff', base, head, '--'])
  if (result.code !== 0) throw new Error(`git diff --name-status failed: ${result.stderr}`)
  const fields = result.stdout.toString('utf8').split('\0')
  const out: ChangedPath[] = []
  for (let i = 0; i < fields.length; ) {
    const code = fields[i++] ?? ''
    if (!code) continue
    const status = STATUS[code[0]!] ?? 'modified'
    if (status === 'renamed' || status === 'copied') {
      const from = fields[i++] ?? ''
      const path = fields[i++] ?? ''
      out.push({path, status, from})
    } else out.push({path: fields[i++] ?? '', status})
  }
  return out
}

/** Added line numbers (1-based, in the head version) per path, from a streamed `git diff -U0`. */
export async function addedLines(root: string, base: string, head: string): Promise<Map<string, Set<number>>> {
  const out = new Map<string, Set<number>>()
  let current: Set<number> | undefined
  let next = 0
  for await (const text of gitLines(['-c', 'core.quotePath=false', 'diff', '-U0', '--no-color', '--no-ext-diff', '-M', base, head, '--'], {cwd: root})) {
    if (text.startsWith('diff --git ')) {
      current = undefined
    } else if (text.startsWith('+++ ')) {
      const target = text.slice(4)
      if (target === '/dev/null') current = undefined
      else {
        const path = unquoteCPath(target).toString('utf8').replace(/^b\//, '')
        current = out.get(path) ?? new Set<number>()
        out.set(path, current)
      }
    } else if (text.startsWith('@@')) {
      const match = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text)
      next = match ? Number(match[1]) : 0
    } else if (current && text.startsWith('+')) {
      current.add(next++)
    }
  }
  return out
}

/** The bytes of a file at a commit (undefined when it is not a blob there). */
export async function blobAt(root: string, commit: string, path: string): Promise<Buffer | undefined> {
  const result = await run(root, ['cat-file', 'blob', `${commit}:${path}`])
  return result.code === 0 ? result.stdout : undefined
}

export interface Commit {
  id: string
  message: string
}

/** Commits in base..head with their full messages. */
export async function commitsBetween(root: string, base: string, head: string): Promise<Commit[]> {
  const result = await run(root, ['log', '--format=%H%x1f%B%x1e', `${base}..${head}`, '--'])
  if (result.code !== 0) throw new Error(`git log failed: ${result.stderr}`)
  return result.stdout
    .toString('utf8')
    .split('\x1e')
    .map((entry) => entry.replace(/^\n+/, ''))
    .filter((entry) => entry.includes('\x1f'))
    .map((entry) => {
      const [id, message] = entry.split('\x1f') as [string, string]
      return {id, message: message.replace(/\n+$/, '')}
    })
}
