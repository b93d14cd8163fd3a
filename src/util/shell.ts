// Shell text built from data (paths, argv): one quoting rule for every place that writes it.
import {join} from 'node:path'
import {packageRoot} from './paths.js'

/** POSIX-shell quoting: safe words stay as they are, anything else goes in single quotes. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

/** A command line running this installation (its node and bin/run.js, by absolute path). */
export function selfCommand(...args: string[]): string {
  return [process.execPath, join(packageRoot(), 'bin', 'run.js'), ...args].map(shellQuote).join(' ')
}
