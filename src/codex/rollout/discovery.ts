// Finding the rollout a wrapped session writes under $CODEX_HOME/sessions.
import {closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {zstdDecompressSync} from '../../util/tailer.js'
import {parseRolloutLine} from './records.js'

const FIRST_LINE_LIMIT = 8 << 20

/** The first line of a file (up to 8 MiB; session_meta carries the ~21k-char system prompt), or undefined while it is incomplete. */
function readFirstLine(file: string): string | undefined {
  if (file.endsWith('.zst')) {
    if (!zstdDecompressSync) return undefined
    try {
      const text = zstdDecompressSync(readFileSync(file)).toString('utf8')
      const end = text.indexOf('\n')
      return end < 0 ? undefined : text.slice(0, end)
    } catch {
      return undefined
    }
  }
  const fd = openSync(file, 'r')
  try {
    const chunks: Buffer[] = []
    let total = 0
    const buffer = Buffer.allocUnsafe(64 * 1024)
    while (total < FIRST_LINE_LIMIT) {
      const read = readSync(fd, buffer, 0, buffer.length, total)
      if (read <= 0) return undefined
      const newline = buffer.subarray(0, read).indexOf(10)
      if (newline >= 0) {
        chunks.push(Buffer.from(buffer.subarray(0, newline)))
        return Buffer.concat(chunks).toString('utf8')
      }
      chunks.push(Buffer.from(buffer.subarray(0, read)))
      total += read
    }
    return undefined
  } finally {
    closeSync(fd)
  }
}

function canonical(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return resolve(path)
  }
}

const pad = (value: number) => String(value).padStart(2, '0')

/** sessions/YYYY/MM/DD directories (local and UTC dates) from a day before start to a day after now. */
function dayDirs(sessionsRoot: string, from: Date, to: Date): string[] {
  const dirs = new Set<string>()
  const start = from.getTime() - 86_400_000
  const end = Math.min(to.getTime() + 86_400_000, start + 60 * 86_400_000)
  for (let time = start; time <= end; time += 86_400_000) {
    const day = new Date(time)
    dirs.add(join(sessionsRoot, String(day.getFullYear()), pad(day.getMonth() + 1), pad(day.getDate())))
    dirs.add(join(sessionsRoot, String(day.getUTCFullYear()), pad(day.getUTCMonth() + 1), pad(day.getUTCDate())))
  }
  return [...dirs]
}

/** Every sessions/YYYY/MM/DD directory: a resumed session appends to a rollout of its first day. */
function allDayDirs(sessionsRoot: string): string[] {
  const dirs: string[] = []
  const children = (dir: string) => {
    try {
      return readdirSync(dir).filter((name) => /^\d+$/.test(name))
    } catch {
      return []
    }
  }
  for (const year of children(sessionsRoot)) {
    for (const month of children(join(sessionsRoot, year))) {
      for (const day of children(join(sessionsRoot, year, month))) dirs.push(join(sessionsRoot, year, month, day))
    }
  }
  return dirs
}

/** Remembers first-line verdicts so the rollout monitor's repeated scans read each file once. */
export type RolloutScanCache = Map<string, boolean>

/**
 * Every rollout under $CODEX_HOME/sessions/YYYY/MM/DD/ modified after startedAfter whose
 * session_meta cwd is cwd (compared after realpath), newest first. By default only the days
 * around the start are listed; `allDays` also finds old rollouts that a resumed session
 * (`codex resume`) appends to.
 */
export function findSessionRollouts(codexHome: string, cwd: string, startedAfter: Date, cache: RolloutScanCache = new Map(), options: {allDays?: boolean} = {}): string[] {
  const want = canonical(cwd)
  // mtime granularity and clock skew between the check and Codex's first write.
  const since = startedAfter.getTime() - 2000
  const found: {file: string; mtime: number}[] = []
  const sessionsRoot = join(codexHome, 'sessions')
  const dirs = options.allDays ? allDayDirs(sessionsRoot) : dayDirs(sessionsRoot, startedAfter, new Date())
  for (const dir of dirs) {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      continue
    }
    for (const name of names) {
      if (!name.startsWith('rollout-') || !(name.endsWith('.jsonl') || name.endsWith('.jsonl.zst'))) continue
      const file = join(dir, name)
      let mtime: number
      try {
        mtime = statSync(file).mtimeMs
      } catch {
        continue
      }
      if (mtime < since) continue
      let verdict = cache.get(file)
      if (verdict === undefined) {
        let first: string | undefined
        try {
          first = readFirstLine(file)
        } catch {
          first = undefined
        }
        if (first === undefined) continue // not written yet: look again next time
        const record = parseRolloutLine(first)
        verdict = record.kind === 'session_meta' && record.cwd !== undefined && canonical(record.cwd) === want
        cache.set(file, verdict)
      }
      if (verdict) found.push({file, mtime})
    }
  }
  return found.sort((a, b) => b.mtime - a.mtime).map((entry) => entry.file)
}

/** The newest rollout written for cwd since startedAfter, if Codex has created one yet. */
export function findSessionRollout(codexHome: string, cwd: string, startedAfter: Date): string | undefined {
  return findSessionRollouts(codexHome, cwd, startedAfter)[0]
}
