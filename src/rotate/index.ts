// Assembles a session's checklist: finds its audit log and summary, takes the credential
// inventory, ranks, records it as pending when a trigger fired, and renders it.
import {existsSync, statSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import {loadLayers} from '../codex/layers.js'
import {projectRoot} from '../git/repo.js'
import {gitText} from '../git/run.js'
import {buildPolicy, secretEnvName} from '../policy/effective.js'
import {loadProjectPolicy} from '../policy/project-policy.js'
import {type AuditEvent, listSessions, readEvents, reportSkipped, sessionsDir} from '../session/audit-log.js'
import {readSummary, summaryPathFor} from '../session/run/store.js'
import {type SummaryInput, triggersFor} from '../session/triggers.js'
import {ConfigError} from '../util/errors.js'
import {buildChecklist, type Checklist, loadAcks, pendingCount, recordedChecklists, recordPending} from './checklist.js'
import {fingerprintOf, fingerprintSalt} from './fingerprint.js'
import {collectInventory} from './inventory.js'

export interface RotateOptions {
  /** The repository asked for (--root); without it the session's recorded one, then `fallbackRoot`. */
  root?: string
  /** Where to look when the session recorded no repository (the cwd's git root). */
  fallbackRoot?: () => Promise<string>
  session?: string
  env?: NodeJS.ProcessEnv
}

/**
 * The repository a session ran in: the root `run` recorded (summary, session-start event),
 * else the git root of the directory the hooks reported (hook-only sessions).
 */
export function recordedRoot(summary: {root?: unknown} | undefined, events: AuditEvent[]): string | undefined {
  if (typeof summary?.root === 'string' && summary.root) return summary.root
  const start = events.find((event) => event.event.action === 'session-start' && typeof event.labels?.['root'] === 'string')
  if (start) return String(start.labels!['root'])
  const cwd = events.find((event) => typeof event.labels?.['cwd'] === 'string')?.labels?.['cwd']
  return typeof cwd === 'string' ? (projectRoot(cwd) ?? cwd) : undefined
}

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

async function gitFacts(root: string): Promise<{remotes: string[]; credentialHelpers: string[]}> {
  const safe = async (args: string[]) => {
    try {
      return (await gitText(args, {cwd: root})).split('\n').filter(Boolean)
    } catch {
      return []
    }
  }
  return {remotes: await safe(['remote', '-v']), credentialHelpers: await safe(['config', '--get-all', 'credential.helper'])}
}

/** The session to report on: an explicit id, else the most recent log. */
export function resolveSession(session: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const sessions = listSessions(sessionsDir(env))
  if (session) {
    if (!sessions.some((entry) => entry.id === session)) throw new ConfigError(`no audit log for session "${session}" in ${sessionsDir(env)} (see \`codex-guard sessions list\`)`)
    return session
  }
  return sessions[0]?.id
}

export async function prepareChecklist(options: RotateOptions): Promise<Checklist> {
  const env = options.env ?? process.env
  const home = env['HOME'] || homedir()
  const session = resolveSession(options.session, env)
  const dir = sessionsDir(env)
  const logFile = session ? join(dir, `${session}.jsonl`) : undefined
  const read = logFile ? readEvents(logFile) : undefined
  if (logFile && read) reportSkipped(logFile, read.skipped)
  const events = read?.events ?? []
  const summaryFile = session ? summaryPathFor(dir, session) : undefined
  const summary = summaryFile && existsSync(summaryFile) ? (readSummary({summaryFile}) as (SummaryInput & {root?: unknown}) | undefined) : undefined
  const recorded = session ? (recordedRoot(summary, events) ?? loadAcks(session, env)?.root) : undefined
  const root = options.root ?? (recorded && isDirectory(recorded) ? recorded : undefined) ?? (await fallback(options, recorded))
  const project = loadProjectPolicy(root)
  const policy = buildPolicy(project?.profile ?? 'standard', project)
  const layers = loadLayers(root, env)
  const {secretsInHistory} = await import('../detect/history.js')
  const history = await secretsInHistory(root, policy, (path) => existsSync(join(root, path)))
  const inventory = collectInventory({root, home, env, policy, layers, history: history.secrets, git: await gitFacts(root)})
  const checklist = {...buildChecklist(session ?? 'no-session', inventory, summary, events, policy.thresholds, home), root}
  if (!session || (!checklist.triggered && !loadAcks(session, env))) return checklist
  const salt = fingerprintSalt(env)
  const context = {root, home, env, isSecretName: secretEnvName(policy)}
  return recordPending(checklist, env, (item) => fingerprintOf(item, context, salt))
}

async function fallback(options: RotateOptions, recorded: string | undefined): Promise<string> {
  if (!options.fallbackRoot) throw new ConfigError(`the repository this session ran in (${recorded ?? 'not recorded'}) is gone; pass --root`)
  return options.fallbackRoot()
}

export interface SessionStatus {
  session: string
  root?: string
  pending: number
  total: number
  rotated: number
  review: number
  triggers: string[]
}

/**
 * Every session that needs attention, hook-only ones included, counted with the checklist's one
 * pending count: sessions with a recorded checklist, and sessions whose audit log crossed a
 * rotation trigger. A session whose repository is gone is reported with what was recorded.
 */
export async function sessionStatuses(env: NodeJS.ProcessEnv = process.env): Promise<SessionStatus[]> {
  const dir = sessionsDir(env)
  const records = recordedChecklists(env)
  const recorded = new Set(records.map((entry) => entry.session))
  const out: SessionStatus[] = []
  const logged = listSessions(dir)
  const hasLog = new Set(logged.map((info) => info.id))
  // a recorded checklist whose audit log is gone is still owed: report it from the record
  for (const record of records.filter((entry) => !hasLog.has(entry.session))) {
    out.push({
      session: record.session,
      root: record.root,
      pending: pendingCount(record.items),
      total: record.items.length,
      rotated: record.items.filter((item) => item.rotated).length,
      review: record.items.filter((item) => item.rank === 'protected').length,
      triggers: record.triggers ?? [],
    })
  }
  for (const info of logged) {
    if (!recorded.has(info.id)) {
      const events = readEvents(info.file).events
      const summary = readSummary({summaryFile: summaryPathFor(dir, info.id)}) as SummaryInput | undefined
      if (triggersFor(summary, events, buildPolicy('standard').thresholds).length === 0) continue
    }
    try {
      const checklist = await prepareChecklist({session: info.id, env})
      out.push({
        session: info.id,
        root: checklist.root,
        pending: checklist.pending,
        total: checklist.items.length,
        rotated: checklist.items.filter((item) => item.rotated).length,
        review: checklist.items.filter((item) => item.rank === 'protected').length,
        triggers: checklist.triggers,
      })
    } catch (error) {
      out.push({session: info.id, pending: -1, total: 0, rotated: 0, review: 0, triggers: [`could not build the checklist: ${(error as Error).message}`]})
    }
  }
  return out.filter((entry) => entry.pending !== 0)
}
