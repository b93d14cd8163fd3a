// Assembles a session's checklist: finds its audit log and summary, takes the credential
// inventory, ranks, records it as pending when a trigger fired, and renders it.
import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import {loadLayers} from '../codex/layers.js'
import {gitText} from '../git/run.js'
import {buildPolicy} from '../policy/effective.js'
import {loadProjectPolicy} from '../policy/project-policy.js'
import {listSessions, readEvents, sessionsDir} from '../session/audit-log.js'
import {summaryPathFor} from '../session/run/store.js'
import type {SummaryInput} from '../session/triggers.js'
import {ConfigError} from '../util/errors.js'
import {buildChecklist, type Checklist, recordPending} from './checklist.js'
import {collectInventory} from './inventory.js'

export interface RotateOptions {
  root: string
  session?: string
  env?: NodeJS.ProcessEnv
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
  const events = session ? readEvents(join(dir, `${session}.jsonl`)).events : []
  const summaryFile = session ? summaryPathFor(dir, session) : undefined
  const summary = summaryFile && existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as SummaryInput) : undefined
  const project = loadProjectPolicy(options.root)
  const policy = buildPolicy(project?.profile ?? 'standard', project)
  const layers = loadLayers(options.root, env)
  const {secretsInHistory} = await import('../detect/history.js')
  const history = await secretsInHistory(options.root, policy, (path) => existsSync(join(options.root, path)))
  const inventory = collectInventory({root: options.root, home, env, policy, layers, history: history.secrets, git: await gitFacts(options.root)})
  const checklist = buildChecklist(session ?? 'no-session', inventory, summary, events, policy.thresholds, home)
  return session && checklist.triggered ? recordPending(checklist, env) : checklist
}
