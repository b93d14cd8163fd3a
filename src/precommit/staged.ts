// What a commit would add, read from the index (never the working tree): one
// `git diff --cached --raw -p -U0 -z -M` gives status, modes and blob ids (NUL-separated raw
// records) and the added lines (the patch, whose paths are C-quoted). Files git does not diff as
// text are re-checked from their blobs (`git cat-file --batch`), because a `.gitattributes` line
// such as `*.env -diff` must not hide a text file from the scan. (--numstat would say which files
// are binary, but makes git read every blob twice.)
import {readFileSync} from 'node:fs'
import {isAbsolute, join} from 'node:path'
import {repoPaths} from '../git/repo.js'
import {runGit, STABLE_CONFIG, unquoteCPath} from '../git/run.js'

export type FileKind = 'text' | 'binary' | 'too-large' | 'symlink' | 'submodule' | 'deleted' | 'unmerged'

export interface AddedLine {
  /** 1-based line number in the staged (new) version of the file */
  line: number
  /** the line without its newline (a CRLF file keeps the \r) */
  text: string
}

export interface StagedFile {
  /** A added, M modified, D deleted, R renamed, C copied, T type changed, U unmerged */
  status: string
  /** repo-relative, "/"-separated; the new name for renames, the old one for deletions */
  path: string
  /** renames and copies: the previous name */
  oldPath?: string
  oldMode: string
  newMode: string
  oldBlob: string
  newBlob: string
  kind: FileKind
  /** staged size in bytes, when it was needed (binary and too-large files) */
  size?: number
  /** lines this commit adds (text files only) */
  added: AddedLine[]
  /** true when the whole staged content is added (a new file) */
  wholeFile: boolean
}

export interface StagedChanges {
  root: string
  gitDir: string
  /** current branch (short name); undefined when HEAD is detached */
  branch?: string
  files: StagedFile[]
}

export interface ReadOptions {
  /** compare the index with this tree-ish instead of HEAD (the baseline uses the empty tree) */
  base?: string
  /** larger staged files are not scanned (reported as too-large) */
  maxFileBytes?: number
  env?: NodeJS.ProcessEnv
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024
const ZERO_BLOB = /^0+$/

/** The checked-out branch, from HEAD itself (works on an unborn branch and in worktrees). */
export function currentBranch(gitDir: string): string | undefined {
  let head: string
  try {
    head = readFileSync(join(gitDir, 'HEAD'), 'utf8')
  } catch {
    return undefined
  }
  const match = /^ref: refs\/heads\/(.+?)\r?\n?$/s.exec(head)
  return match?.[1]
}

export interface StagedRead {
  /** resolves first (rev-parse is quick): lets the caller load the policy while git diff runs */
  paths: Promise<{root: string; gitDir: string}>
  changes: Promise<StagedChanges>
}

export function startStagedRead(cwd: string, options: ReadOptions = {}): StagedRead {
  const env = options.env
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES
  // The diff does not depend on the top-level directory (raw paths are always root-relative), so
  // both git processes start at once.
  const diffArgs = [
    ...STABLE_CONFIG,
    '-c',
    `core.bigFileThreshold=${Math.max(1, maxFileBytes)}`,
    'diff',
    '--cached',
    '--raw',
    '-p',
    '-U0',
    '--inter-hunk-context=0',
    '-z',
    '-M',
    '--no-abbrev',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--no-relative',
    '--submodule=short',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    '-O/dev/null',
    ...(options.base ? [options.base] : []),
    '--',
  ]
  const paths = repoPaths(cwd, env)
  const output = runGit(diffArgs, {cwd, env})
  // both rejections are handled by whoever awaits `changes`; avoid unhandled-rejection noise
  paths.catch(() => undefined)
  output.catch(() => undefined)
  const changes = (async () => {
    const [where, diff] = await Promise.all([paths, output])
    const files = parseStagedDiff(diff)
    await recheckBinaries(where.root, files, maxFileBytes, env)
    return {...where, branch: currentBranch(where.gitDir), files}
  })()
  changes.catch(() => undefined)
  return {paths, changes}
}

export async function readStaged(cwd: string, options: ReadOptions = {}): Promise<StagedChanges> {
  return startStagedRead(cwd, options).changes
}

/** Parses the combined raw + patch output (exported for unit tests). */
export function parseStagedDiff(output: Buffer): StagedFile[] {
  const files: StagedFile[] = []
  let position = 0
  const token = (): Buffer | undefined => {
    const end = output.indexOf(0, position)
    if (end < 0) return undefined
    const value = output.subarray(position, end)
    position = end + 1
    return value
  }
  // 1. raw records ":old new oldBlob newBlob STATUS\0path\0[path\0]"
  while (position < output.length && output[position] === 0x3a) {
    const header = token()?.toString('utf8')
    const fields = header?.slice(1).split(' ')
    if (!fields || fields.length < 5) throw new Error(`unexpected git diff --raw record: ${JSON.stringify(header)}`)
    const [oldMode, newMode, oldBlob, newBlob, statusField] = fields as [string, string, string, string, string]
    const status = statusField.charAt(0)
    const first = token()
    if (first === undefined) throw new Error('truncated git diff --raw output')
    let path = first.toString('utf8')
    let oldPath: string | undefined
    if (status === 'R' || status === 'C') {
      const second = token()
      if (second === undefined) throw new Error('truncated git diff --raw output')
      oldPath = path
      path = second.toString('utf8')
    }
    files.push({status, path, oldPath, oldMode, newMode, oldBlob, newBlob, kind: kindOf(status, newMode), added: [], wholeFile: status === 'A' || ZERO_BLOB.test(oldBlob)})
  }
  while (output[position] === 0) position++
  // 2. the patch: only "+++ b/path" and hunks matter. A changed file without a "+++" line is one
  // git did not diff as text (binary, too large, or a diff attribute): recheckBinaries decides.
  const byPath = new Map<string, StagedFile>()
  for (const file of files) if (file.kind !== 'deleted') byPath.set(file.path, file)
  const diffed = parsePatch(output.subarray(position).toString('utf8'), byPath)
  for (const file of files) if (file.kind === 'text' && !diffed.has(file) && file.oldBlob !== file.newBlob) file.kind = 'binary'
  return files
}

function kindOf(status: string, mode: string): FileKind {
  if (status === 'D') return 'deleted'
  if (status === 'U') return 'unmerged'
  if (mode === '160000') return 'submodule'
  if (mode === '120000') return 'symlink'
  return 'text'
}

function patchPath(value: string): string | undefined {
  if (value === '/dev/null') return undefined
  if (value.startsWith('"')) {
    const bytes = unquoteCPath(value)
    return bytes.subarray(bytes[0] === 0x62 && bytes[1] === 0x2f ? 2 : 0).toString('utf8')
  }
  // git appends a tab to an unquoted name containing a space (GNU diff convention)
  const name = value.endsWith('\t') ? value.slice(0, -1) : value
  return name.startsWith('b/') ? name.slice(2) : name
}

function parsePatch(patch: string, byPath: Map<string, StagedFile>): Set<StagedFile> {
  const diffed = new Set<StagedFile>()
  let target: StagedFile | undefined
  let oldLeft = 0
  let newLeft = 0
  let newLine = 0
  let start = 0
  while (start < patch.length) {
    let end = patch.indexOf('\n', start)
    if (end < 0) end = patch.length
    const line = patch.slice(start, end)
    start = end + 1
    if (oldLeft > 0 || newLeft > 0) {
      const first = line.charCodeAt(0)
      if (first === 43 /* + */) {
        target?.added.push({line: newLine, text: line.slice(1)})
        newLine++
        newLeft--
        continue
      }
      if (first === 45 /* - */) {
        oldLeft--
        continue
      }
      if (first === 32 /* space */) {
        newLine++
        oldLeft--
        newLeft--
        continue
      }
      if (first === 92 /* \ No newline at end of file */) continue
      // anything else ends the hunk early (should not happen); fall through to header parsing
      oldLeft = 0
      newLeft = 0
    }
    if (line.startsWith('diff --git ')) {
      target = undefined
    } else if (line.startsWith('+++ ')) {
      const path = patchPath(line.slice(4))
      target = path === undefined ? undefined : byPath.get(path)
      if (target) diffed.add(target)
      if (target && target.kind !== 'text') target = undefined
    } else if (line.startsWith('@@ ')) {
      const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line)
      if (!hunk) continue
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1])
      newLine = Number(hunk[2])
      newLeft = hunk[3] === undefined ? 1 : Number(hunk[3])
    }
  }
  return diffed
}

// ---------------------------------------------------------------------------------------------
// Blobs

/** `git cat-file --batch-check`: object name → size (undefined when missing). */
async function blobSizes(root: string, names: string[], env?: NodeJS.ProcessEnv): Promise<Map<string, number | undefined>> {
  const sizes = new Map<string, number | undefined>()
  if (names.length === 0) return sizes
  const out = (await runGit(['cat-file', '--batch-check'], {cwd: root, input: `${names.join('\n')}\n`, env})).toString('utf8').split('\n')
  for (const [index, name] of names.entries()) {
    const match = /^\S+ \S+ (\d+)$/.exec(out[index] ?? '')
    sizes.set(name, match ? Number(match[1]) : undefined)
  }
  return sizes
}

/**
 * `git cat-file --batch`: object name (blob id, or "rev:path" without newlines) → content
 * (undefined when missing).
 */
export async function readBlobs(root: string, names: string[], env?: NodeJS.ProcessEnv): Promise<Map<string, Buffer | undefined>> {
  const blobs = new Map<string, Buffer | undefined>()
  const unique = [...new Set(names)]
  if (unique.length === 0) return blobs
  const out = await runGit(['cat-file', '--batch'], {cwd: root, input: `${unique.join('\n')}\n`, env})
  let position = 0
  for (const name of unique) {
    const headerEnd = out.indexOf(0x0a, position)
    if (headerEnd < 0) throw new Error('truncated git cat-file --batch output')
    const header = out.subarray(position, headerEnd).toString('utf8')
    position = headerEnd + 1
    const match = /^\S+ (\S+) (\d+)$/.exec(header)
    if (!match) {
      blobs.set(name, undefined)
      continue
    }
    const size = Number(match[2])
    blobs.set(name, match[1] === 'blob' ? out.subarray(position, position + size) : undefined)
    position += size + 1
  }
  return blobs
}

/** Like git: a NUL byte in the first 8000 bytes makes a blob binary. */
export const looksBinary = (content: Buffer) => content.subarray(0, 8000).includes(0)

/** Lines of a blob as text (the final newline does not start another line). */
function blobLines(content: Buffer): string[] {
  const lines = content.toString('utf8').split('\n')
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

/**
 * Files git reported as binary: too large (core.bigFileThreshold), really binary, or text that a
 * diff attribute hides. The last kind is scanned: a new file entirely, a changed file by the
 * lines that are not in its previous version.
 */
async function recheckBinaries(root: string, files: StagedFile[], maxFileBytes: number, env?: NodeJS.ProcessEnv): Promise<void> {
  const candidates = files.filter((file) => file.kind === 'binary')
  if (candidates.length === 0) return
  const sizes = await blobSizes(
    root,
    candidates.map((file) => file.newBlob),
    env,
  )
  const readable: StagedFile[] = []
  for (const file of candidates) {
    file.size = sizes.get(file.newBlob)
    if (file.size !== undefined && file.size > maxFileBytes) file.kind = 'too-large'
    else if (file.size !== undefined) readable.push(file)
  }
  if (readable.length === 0) return
  const names = readable.flatMap((file) => (file.wholeFile ? [file.newBlob] : [file.newBlob, file.oldBlob]))
  const oldSizes = await blobSizes(
    root,
    readable.filter((file) => !file.wholeFile).map((file) => file.oldBlob),
    env,
  )
  const blobs = await readBlobs(
    root,
    names.filter((name) => (oldSizes.get(name) ?? 0) <= maxFileBytes),
    env,
  )
  for (const file of readable) {
    const content = blobs.get(file.newBlob)
    if (content === undefined || looksBinary(content)) continue
    file.kind = 'text'
    const lines = blobLines(content)
    const previous = file.wholeFile ? undefined : blobs.get(file.oldBlob)
    const seen = new Map<string, number>()
    if (previous && !looksBinary(previous)) for (const line of blobLines(previous)) seen.set(line, (seen.get(line) ?? 0) + 1)
    for (const [index, text] of lines.entries()) {
      const count = seen.get(text) ?? 0
      if (count > 0) seen.set(text, count - 1)
      else file.added.push({line: index + 1, text})
    }
  }
}

/** Full staged text of text files (new files are rebuilt from their added lines, no git call). */
export async function stagedTexts(root: string, files: StagedFile[], env?: NodeJS.ProcessEnv): Promise<Map<StagedFile, string>> {
  const texts = new Map<StagedFile, string>()
  const fetch: StagedFile[] = []
  for (const file of files) {
    if (file.kind !== 'text') continue
    if (file.wholeFile && file.added.length > 0 && file.added.length === file.added[file.added.length - 1]!.line) {
      // without the "\ No newline" information the final newline is assumed; parsers do not care
      texts.set(file, `${file.added.map((line) => line.text).join('\n')}\n`)
    } else fetch.push(file)
  }
  const blobs = await readBlobs(
    root,
    fetch.map((file) => file.newBlob),
    env,
  )
  for (const file of fetch) {
    const content = blobs.get(file.newBlob)
    if (content !== undefined) texts.set(file, content.toString('utf8'))
  }
  return texts
}

export const absolute = (root: string, path: string) => (isAbsolute(path) ? path : join(root, path))
