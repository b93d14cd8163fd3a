// Small file-system helpers shared by modules that must tell "absent" from "unreadable".
import {readFileSync} from 'node:fs'

/** A file's UTF-8 text, or undefined when it does not exist (any other error throws). */
export function readTextIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
