// Repository walk that sees ignored files (secrets usually are), never follows symlinks
// (so loops cannot hang it), and reports unreadable directories instead of failing.
import {type Dirent, readdirSync} from 'node:fs'
import {join} from 'node:path'

export interface WalkResult {
  /** repo-relative, "/"-separated; symlinks to files are included as entries, never followed */
  files: string[]
  unreadable: {path: string; reason: string}[]
}

export const DEFAULT_SKIP_DIRS = new Set(['node_modules', '.git'])

export function walkRepository(root: string, skipDirs = DEFAULT_SKIP_DIRS): WalkResult {
  const files: string[] = []
  const unreadable: WalkResult['unreadable'] = []
  const stack: string[] = ['']
  while (stack.length > 0) {
    const relative = stack.pop()!
    let entries: Dirent[]
    try {
      entries = readdirSync(relative === '' ? root : join(root, relative), {withFileTypes: true})
    } catch (error) {
      unreadable.push({path: relative || '.', reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message})
      continue
    }
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.isDirectory()) {
        if (!skipDirs.has(entry.name)) stack.push(path)
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push(path)
      }
    }
  }
  files.sort()
  return {files, unreadable}
}
