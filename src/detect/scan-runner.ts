// The four scans behind `codex-guard scan refs|diff|files|text`: gather the inputs (git refs, a
// diff, files, stdin), run the pure detectors and collect findings, inline suppressions and notes.
// Commands stay thin: they parse flags, call one of these, then report() (scan-report.ts).
import {lstatSync, readdirSync, readFileSync, realpathSync, statSync} from 'node:fs'
import {isAbsolute, join, relative, resolve, sep} from 'node:path'
import {findRepoRoot, projectRoot} from '../git/repo.js'
import type {FindingInput} from '../report/finding.js'
import {ConfigError} from '../util/errors.js'
import type {Progress} from '../util/progress.js'
import {walkRepository} from '../util/walk.js'
import {isAgentInstructionFile} from './context.js'
import {meta as changeMeta, checkChangedPath} from './files/instruction-file-change.js'
import {scanFiles} from './files/pool.js'
import {decodeText, looksBinary} from './files/scan-file.js'
import {scanFileName, scanRefName} from './names.js'
import {analyzeText} from './text/scan.js'

export interface ScanOutcome {
  findings: FindingInput[]
  /** removed by inline codex-guard:ignore comments */
  inlineSuppressed: FindingInput[]
  notes: string[]
  stats: Record<string, number>
  /** directory whose .codex/codex-guard.toml applies */
  root: string
}

/**
 * Separates findings in codex-guard's own generated text (its AGENTS.md section, rules file,
 * hooks.json) from the rest. Supplied by the commands from the generators (a higher layer).
 */
export type OwnTextFilter = <T extends {line?: number}>(path: string, text: string, findings: T[]) => {kept: T[]; exempt: T[]}

/** Applies an own-text filter to one file's findings, counting what it exempts. */
function dropOwnText(outcome: ScanOutcome, filter: OwnTextFilter | undefined, path: string, text: () => string | undefined, findings: FindingInput[]): FindingInput[] {
  if (!filter || findings.length === 0) return findings
  const content = text()
  if (content === undefined) return findings
  const {kept, exempt} = filter(path, content, findings)
  if (exempt.length > 0) outcome.stats['ownText'] = (outcome.stats['ownText'] ?? 0) + exempt.length
  return kept
}

const noteOwnText = (outcome: ScanOutcome) => {
  const count = outcome.stats['ownText']
  if (count) outcome.notes.push(`${count} finding(s) in text codex-guard generated (its AGENTS.md section, rules file, hooks.json) not reported`)
}

const newOutcome = (root: string): ScanOutcome => ({findings: [], inlineSuppressed: [], notes: [], stats: {}, root})

/** The repository root (real path) without running git: where .codex/codex-guard.toml lives. */
function projectRootOf(dir: string): string | undefined {
  const root = projectRoot(dir)
  return root === undefined ? undefined : realpathSync(root)
}

// ---------------------------------------------------------------------------------------------
// refs

export interface RefsOptions {
  cwd: string
  /** names given on the command line (checked as given, not resolved) */
  names: string[]
  /** raw standard input when --stdin was given */
  stdin?: string
}

/** Names from --stdin: one per line, or the ref fields of JSON (gh pr view --json headRefName,…). */
function namesFromStdin(input: string): {name: string; location: string}[] {
  const trimmed = input.trim()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const found: {name: string; location: string}[] = []
      const visit = (value: unknown, path: string) => {
        if (Array.isArray(value)) {
          for (const [index, item] of value.entries()) visit(item, `${path}[${index}]`)
        } else if (value && typeof value === 'object') {
          for (const [key, child] of Object.entries(value)) {
            if (typeof child === 'string' && /^(?:head|base)?Ref(?:Name)?$|^(?:headRefName|baseRefName|ref|name|branch|head_ref|base_ref)$/i.test(key))
              found.push({name: child, location: `stdin:${path}${path ? '.' : ''}${key}`})
            else visit(child, `${path}${path ? '.' : ''}${key}`)
          }
        }
      }
      visit(JSON.parse(trimmed), '')
      if (found.length > 0) return found
    } catch {
      // not JSON: a branch name may well start with "{"
    }
  }
  return input
    .split('\n')
    .map((line, index) => ({name: line.replace(/\r$/, ''), location: `stdin:${index + 1}`}))
    .filter((entry) => entry.name.length > 0)
}

export async function scanRefs(options: RefsOptions): Promise<ScanOutcome> {
  const repo = await findRepoRoot(options.cwd).catch(() => undefined)
  const root = repo ?? options.cwd
  const outcome = newOutcome(root)
  const inRepo = repo !== undefined
  let protectedBranches: string[] = []
  if (inRepo) {
    const {defaultBranch} = await import('../git/refs.js')
    const found = await defaultBranch(root).catch(() => undefined)
    if (found) protectedBranches = [found.name]
  }
  const targets: {name: string; location: string}[] = []
  for (const name of options.names) targets.push({name, location: name})
  if (options.stdin !== undefined) targets.push(...namesFromStdin(options.stdin))
  if (options.names.length === 0 && options.stdin === undefined) {
    if (!inRepo) throw new ConfigError('not inside a git repository: pass ref names as arguments or with --stdin', options.cwd)
    const {currentBranch, listRefs} = await import('../git/refs.js')
    const seen = new Set<string>()
    const current = await currentBranch(root)
    const refs = await listRefs(root)
    for (const entry of current ? [current, ...refs] : refs) {
      if (seen.has(entry.ref) || entry.ref.endsWith('/HEAD')) continue
      seen.add(entry.ref)
      // the full ref name: refs/remotes/origin/x is judged as branch x (look-alikes of main…)
      targets.push({name: entry.ref, location: entry.ref})
    }
  }
  for (const target of targets) outcome.findings.push(...scanRefName(target.name, {location: target.location, protectedBranches}))
  outcome.stats['refs'] = targets.length
  return outcome
}

// ---------------------------------------------------------------------------------------------
// diff

export interface DiffOptions {
  cwd: string
  ownText?: OwnTextFilter
  base?: string
  head?: string
  maxBytes: number
  /** Told after each file with added lines (see util/progress). */
  progress?: Progress
}

export async function scanDiff(options: DiffOptions): Promise<ScanOutcome> {
  const root = await findRepoRoot(options.cwd)
  const git = await import('../git/diff.js')
  const refs = await import('../git/refs.js')
  const outcome = newOutcome(root)
  const head = await git.resolveCommit(root, options.head ?? 'HEAD')
  let base: string
  let baseLabel: string
  if (options.base) {
    const given = await git.resolveCommit(root, options.base)
    base = (await git.mergeBase(root, given, head)) ?? given
    baseLabel = options.base
  } else {
    const found = await refs.defaultBranch(root)
    if (!found) throw new ConfigError('no default branch found (origin/HEAD, origin/main, main, master…); pass --base REF', root)
    const merge = await git.mergeBase(root, found.ref, head)
    if (!merge) throw new ConfigError(`${found.ref} and ${options.head ?? 'HEAD'} have no common ancestor; pass --base REF`, root)
    base = merge
    baseLabel = found.ref
  }
  outcome.notes.push(`scanning ${baseLabel} (${base.slice(0, 12)})..${options.head ?? 'HEAD'} (${head.slice(0, 12)})`)

  // the branch name itself is part of what a pull request adds
  if (!options.head || options.head === 'HEAD') {
    const current = await refs.currentBranch(root)
    if (current) outcome.findings.push(...scanRefName(current.name, {location: current.ref}))
  }

  const changed = await git.changedPaths(root, base, head)
  for (const change of changed) {
    for (const hit of checkChangedPath(change.path, change.status, change.from)) {
      outcome.findings.push({
        ruleId: changeMeta.id,
        severity: hit.severity ?? changeMeta.severity,
        message: hit.message,
        file: change.path,
        remediation: changeMeta.remediation,
        fingerprintSeed: hit.seed,
      })
    }
    if (change.status === 'added' || change.status === 'renamed' || change.status === 'copied') outcome.findings.push(...scanFileName(change.path))
  }

  const added = await git.addedLines(root, base, head)
  let files = 0
  let seen = 0
  for (const [path, lines] of added) {
    options.progress?.update(++seen, added.size)
    if (lines.size === 0) continue
    const blob = await git.blobAt(root, head, path)
    if (!blob) continue
    files++
    if (blob.length > options.maxBytes) {
      outcome.notes.push(`${path}: ${blob.length} bytes at ${head.slice(0, 12)}, over --max-size; not scanned`)
      continue
    }
    if (looksBinary(blob.subarray(0, 8000))) continue
    const text = decodeText(blob, outcome.notes, path)
    const result = analyzeText(text, {path, lines})
    outcome.findings.push(...dropOwnText(outcome, options.ownText, path, () => text, result.findings))
    outcome.inlineSuppressed.push(...result.suppressed)
    if (result.notes) outcome.notes.push(...result.notes)
  }

  const commits = await git.commitsBetween(root, base, head)
  for (const commit of commits) {
    const result = analyzeText(commit.message, {path: `commit:${commit.id.slice(0, 12)}`, language: 'text', region: 'prose'})
    outcome.findings.push(...result.findings)
    outcome.inlineSuppressed.push(...result.suppressed)
    if (result.notes) outcome.notes.push(...result.notes)
  }
  noteOwnText(outcome)
  outcome.stats['changedPaths'] = changed.length
  outcome.stats['filesWithAddedLines'] = files
  outcome.stats['commits'] = commits.length
  return outcome
}

// ---------------------------------------------------------------------------------------------
// files

export interface FilesOptions {
  cwd: string
  paths: string[]
  maxBytes: number
  jobs?: number
  ownText?: OwnTextFilter
  /** Told after each scanned file (see util/progress). */
  progress?: Progress
}

/** Basenames and paths that agents load or read first (the default `scan files` surface). */
function isInstructionSurface(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1)
  return isAgentInstructionFile(path) || /^README(?:\.[^/]*)?$/i.test(base)
}

function displayPath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute)
  return rel === '' ? '.' : rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel) ? absolute : rel.split(sep).join('/')
}

/** Files under a directory (never following symlinks, skipping .git), as absolute paths. */
function walkDirectory(dir: string, out: string[], notes: string[]): void {
  const stack = [dir]
  while (stack.length > 0) {
    const current = stack.pop()!
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(current, {withFileTypes: true})
    } catch (error) {
      notes.push(`${current}: directory not readable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
      continue
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))
    for (const entry of entries) {
      const full = join(current, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== '.git') stack.push(full)
      } else if (entry.isFile()) out.push(full)
    }
  }
}

export async function scanFilesCommand(options: FilesOptions): Promise<ScanOutcome> {
  const repo = projectRootOf(options.cwd)
  const root = repo ?? options.cwd
  const outcome = newOutcome(root)
  const files: string[] = []
  const nameOnly: string[] = []
  if (options.paths.length > 0) {
    for (const given of options.paths) {
      const absolute = resolve(options.cwd, given)
      let stat: import('node:fs').Stats
      try {
        stat = lstatSync(absolute)
      } catch {
        throw new ConfigError(`no such file or directory: ${given}`)
      }
      if (stat.isSymbolicLink()) {
        try {
          stat = statSync(absolute)
        } catch {
          outcome.notes.push(`${given}: dangling symbolic link; not scanned`)
          continue
        }
      }
      if (stat.isDirectory()) walkDirectory(absolute, files, outcome.notes)
      else if (stat.isFile()) files.push(absolute)
      else outcome.notes.push(`${given}: not a regular file; not scanned`)
    }
  } else {
    // the agent instruction surface: contents; every other file: its name
    const walk = walkRepository(root)
    for (const entry of walk.unreadable) outcome.notes.push(`${entry.path}: directory not readable (${entry.reason})`)
    for (const path of walk.files) {
      const absolute = join(root, path)
      let isFile = false
      try {
        isFile = lstatSync(absolute).isFile()
      } catch {
        isFile = false
      }
      if (isFile && isInstructionSurface(path)) files.push(absolute)
      else nameOnly.push(absolute)
    }
  }
  for (const absolute of [...files, ...nameOnly]) outcome.findings.push(...scanFileName(displayPath(options.cwd, absolute)))
  const list = files.map((absolute) => ({path: absolute, display: displayPath(options.cwd, absolute)}))
  let binary = 0
  let bytes = 0
  let scanned = 0
  const results = await scanFiles(list, {maxBytes: options.maxBytes, jobs: options.jobs}, () => options.progress?.update(++scanned, list.length))
  for (const [index, result] of results.entries()) {
    bytes += result.bytes
    if (result.skipped === 'binary') binary++
    const file = list[index]!
    const readText = () => {
      try {
        return readFileSync(file.path, 'utf8')
      } catch {
        return undefined
      }
    }
    outcome.findings.push(...dropOwnText(outcome, options.ownText, file.display, readText, result.findings))
    outcome.inlineSuppressed.push(...result.suppressed)
    outcome.notes.push(...result.notes)
  }
  if (binary > 0) outcome.notes.push(`${binary} binary file(s) skipped`)
  noteOwnText(outcome)
  outcome.stats['files'] = list.length
  outcome.stats['binary'] = binary
  outcome.stats['bytes'] = bytes
  outcome.stats['namesChecked'] = files.length + nameOnly.length
  return outcome
}

// ---------------------------------------------------------------------------------------------
// text

export interface TextOptions {
  cwd: string
  text: string
  label: string
  language?: string
}

const GH_FIELDS = ['title', 'body', 'headRefName', 'baseRefName', 'comments', 'reviews']

/** PR/issue text from stdin: plain text, or the JSON of `gh pr view --json title,body,headRefName,comments`. */
export async function scanTextCommand(options: TextOptions): Promise<ScanOutcome> {
  const root = projectRootOf(options.cwd) ?? options.cwd
  const outcome = newOutcome(root)
  const add = (text: string, label: string, language: string) => {
    const result = analyzeText(text, {path: label, language})
    outcome.findings.push(...result.findings)
    outcome.inlineSuppressed.push(...result.suppressed)
    if (result.notes) outcome.notes.push(...result.notes)
  }
  let parsed: Record<string, unknown> | undefined
  const trimmed = options.text.trim()
  if (!options.language && trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as unknown
      if (value && typeof value === 'object' && !Array.isArray(value) && GH_FIELDS.some((field) => field in value)) parsed = value as Record<string, unknown>
    } catch {
      parsed = undefined
    }
  }
  if (!parsed) {
    add(options.text, options.label, options.language ?? 'markdown')
    outcome.stats['bytes'] = Buffer.byteLength(options.text)
    return outcome
  }
  if (typeof parsed['title'] === 'string') add(parsed['title'], `${options.label}:title`, 'text')
  if (typeof parsed['body'] === 'string') add(parsed['body'], `${options.label}:body`, 'markdown')
  for (const key of ['headRefName', 'baseRefName']) {
    if (typeof parsed[key] === 'string') outcome.findings.push(...scanRefName(parsed[key], {location: `${options.label}:${key}`}))
  }
  for (const key of ['comments', 'reviews']) {
    const list = parsed[key]
    if (!Array.isArray(list)) continue
    list.forEach((item, index) => {
      const body = item && typeof item === 'object' ? (item as Record<string, unknown>)['body'] : undefined
      if (typeof body === 'string') add(body, `${options.label}:${key}[${index}]`, 'markdown')
    })
  }
  outcome.stats['bytes'] = Buffer.byteLength(options.text)
  return outcome
}
