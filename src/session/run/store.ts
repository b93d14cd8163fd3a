// Recorded sessions on disk: the summary file next to each audit log, and the lookups behind
// `sessions …`, `log verify` and `rotate` (resolve a session, read its summary, list them all).
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {ConfigError} from '../../util/errors.js'
import {listSessions, type SessionInfo, safeSessionId, sessionsDir} from '../audit-log.js'
import type {SessionSummary} from './summary.js'

export const summaryPathFor = (dir: string, session: string) => join(dir, `${session}.summary.json`)

export interface SessionRef {
  id: string
  file: string
  headFile: string
  summaryFile: string
}

/** A session by id, or the most recent one; unknown ones are a ConfigError (exit 2). */
export function resolveSession(id: string | undefined, options: {last?: boolean; env?: NodeJS.ProcessEnv} = {}): SessionRef {
  const dir = sessionsDir(options.env)
  if (id === undefined) {
    if (!options.last) throw new ConfigError('name a session id, or pass --last')
    const newest = listSessions(dir)[0]
    if (!newest) throw new ConfigError(`no sessions recorded yet in ${dir}`)
    id = newest.id
  }
  let safe: string
  try {
    safe = safeSessionId(id)
  } catch {
    throw new ConfigError(`unknown session: ${JSON.stringify(id)}`)
  }
  const file = join(dir, `${safe}.jsonl`)
  if (safe !== id || !existsSync(file)) throw new ConfigError(`unknown session: ${id} (no ${file}); see codex-guard sessions list`)
  return {id: safe, file, headFile: join(dir, `${safe}.head`), summaryFile: summaryPathFor(dir, safe)}
}

export function readSummary(ref: {summaryFile: string}): SessionSummary | undefined {
  try {
    return JSON.parse(readFileSync(ref.summaryFile, 'utf8')) as SessionSummary
  } catch {
    return undefined
  }
}

export interface SessionListing extends SessionInfo {
  summary?: SessionSummary
}

export function listSessionsWithSummaries(env?: NodeJS.ProcessEnv): SessionListing[] {
  const dir = sessionsDir(env)
  return listSessions(dir).map((info) => {
    const summary = readSummary({summaryFile: summaryPathFor(dir, info.id)})
    return summary ? {...info, summary} : info
  })
}

/** "2026-11-25", an ISO timestamp, or a relative "30m" / "24h" / "7d". */
export function parseSince(text: string, now = new Date()): Date {
  const relativeMatch = /^(\d+)\s*([smhdw])$/.exec(text.trim())
  if (relativeMatch) {
    const unit = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000}[relativeMatch[2] as 's' | 'm' | 'h' | 'd' | 'w']
    return new Date(now.getTime() - Number(relativeMatch[1]) * unit)
  }
  const date = new Date(text)
  if (Number.isNaN(date.getTime())) throw new ConfigError(`--since: not a date or duration: ${JSON.stringify(text)} (e.g. 2026-11-25, 2026-11-25T10:00:00Z, 24h, 7d)`)
  return date
}
