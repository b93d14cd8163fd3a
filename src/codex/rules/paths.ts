// Path handling as Codex's AbsolutePathBuf and Rust's Path do it, for host_executable paths and
// the basename fallback of absolute program paths.
import {homedir} from 'node:os'

/** Lexical normalisation as Codex's AbsolutePathBuf does it: `.`, `..` and repeated slashes go. */
export function normalizeAbsolutePath(path: string): string {
  const parts: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') parts.pop()
    else parts.push(part)
  }
  return '/' + parts.join('/')
}

/** Rust's Path::file_name: the last component, unless that is `..`; trailing `/` and `.` are skipped. */
export function pathFileName(path: string): string | undefined {
  const parts = path.split('/').filter((part, index) => part !== '' && (part !== '.' || index === 0))
  const last = parts.at(-1)
  return last === undefined || last === '..' || last === '.' ? undefined : last
}

/** Absolute form of a command's program token as Codex resolves it, or undefined if relative. */
export function absoluteProgram(token: string): string | undefined {
  if (token === '~' || token.startsWith('~/')) return normalizeAbsolutePath(homedir() + token.slice(1))
  return token.startsWith('/') ? normalizeAbsolutePath(token) : undefined
}
