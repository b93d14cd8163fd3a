// Small file-system helpers shared by modules that must tell "absent" from "unreadable", and the
// temp-file-and-rename write that never leaves a file half-written.
import {readFileSync, renameSync, rmSync, type WriteFileOptions, writeFileSync} from 'node:fs'

/** A file's UTF-8 text, or undefined when it does not exist (any other error throws). */
export function readTextIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * Writes `file` through a temporary file beside it renamed into place (atomic on one file system):
 * readers see the old content or the new, never part of it. A failed write leaves no temporary
 * file behind and throws.
 */
export function writeFileAtomic(file: string, data: string | NodeJS.ArrayBufferView, options?: WriteFileOptions): void {
  const temporary = `${file}.${process.pid}.tmp`
  try {
    writeFileSync(temporary, data, options)
    renameSync(temporary, file)
  } catch (error) {
    try {
      rmSync(temporary, {force: true})
    } catch {}
    throw error
  }
}
