// Planned file edits: shown as a unified diff (--dry-run) or applied atomically with backups.
import {randomBytes} from 'node:crypto'
import {chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, relative} from 'node:path'
import {createTwoFilesPatch} from 'diff'
import {faultPoint} from '../util/fault.js'

export interface PlannedEdit {
  /** absolute path */
  path: string
  /** undefined when the file does not exist yet */
  before: string | undefined
  after: string
  /** keep a copy of the previous content (always true when user content is rewritten) */
  backup: boolean
  mode?: number
  description: string
  /** how before/after map to bytes (default utf8; latin1 for a user file that is not UTF-8, see text-file.ts) */
  encoding?: 'utf8' | 'latin1'
}

export const changed = (edit: PlannedEdit) => edit.before !== edit.after

export function renderDiff(edits: PlannedEdit[], root: string): string {
  return edits
    .filter(changed)
    .map((edit) => {
      const name = relative(root, edit.path) || edit.path
      const label = name.startsWith('..') ? edit.path : name
      return createTwoFilesPatch(edit.before === undefined ? '/dev/null' : `a/${label}`, `b/${label}`, edit.before ?? '', edit.after, undefined, undefined, {context: 3})
    })
    .join('')
}

export interface ApplyResult {
  written: string[]
  backups: string[]
}

/**
 * Writes every changed file through a temp file and rename, so no file is ever half
 * written; all temp files are written before the first rename, so a failure part-way
 * (disk full, permissions) leaves every target untouched.
 */
export function applyEdits(edits: PlannedEdit[], now = new Date()): ApplyResult {
  const pending = edits.filter(changed)
  const temps: {temp: string; edit: PlannedEdit}[] = []
  const backups: string[] = []
  for (const edit of edits) sweepTemps(edit.path)
  try {
    for (const edit of pending) {
      mkdirSync(dirname(edit.path), {recursive: true})
      const temp = `${edit.path}.codex-guard-${randomBytes(4).toString('hex')}.tmp`
      const mode = edit.mode ?? (existsSync(edit.path) ? statSync(edit.path).mode & 0o777 : 0o644)
      writeFileSync(temp, Buffer.from(edit.after, edit.encoding ?? 'utf8'), {mode, flag: 'wx'})
      chmodSync(temp, mode)
      temps.push({temp, edit})
    }
    for (const {edit} of temps) {
      if (edit.backup && edit.before !== undefined && existsSync(edit.path)) {
        // copied under a temp name and renamed: a kill mid-copy never leaves a truncated file that looks like a backup
        const backup = backupPath(edit.path, now)
        const partial = `${backup}.codex-guard-${randomBytes(4).toString('hex')}.tmp`
        copyFileSync(edit.path, partial)
        renameSync(partial, backup)
        backups.push(backup)
      }
    }
  } catch (error) {
    for (const {temp} of temps) rmSync(temp, {force: true})
    throw error
  }
  faultPoint('init-apply-before-rename')
  for (const [index, {temp, edit}] of temps.entries()) {
    renameSync(temp, edit.path)
    if (index === 0) faultPoint('init-apply-after-first-rename')
  }
  return {written: temps.map(({edit}) => edit.path), backups}
}

/**
 * Temp files a killed run left next to a target (`<name>.codex-guard-<8 hex>.tmp`, also those of
 * a backup copy): the next run recomputes every edit from the files as they are, so they are garbage.
 */
function sweepTemps(path: string): void {
  const dir = dirname(path)
  const name = basename(path)
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const candidate of names) {
    if (candidate.startsWith(`${name}.codex-guard-`) && /\.codex-guard-[0-9a-f]{8}\.tmp$/.test(candidate)) rmSync(join(dir, candidate), {force: true})
  }
}

function backupPath(path: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  let candidate = `${path}.codex-guard-${stamp}.bak`
  for (let counter = 1; existsSync(candidate); counter++) candidate = `${path}.codex-guard-${stamp}-${counter}.bak`
  return candidate
}
