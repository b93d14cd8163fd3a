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
import {ConfigError} from '../util/errors.js'
import {buildChecklist, type Checklist, type ChecklistItem, recordPending, type SummaryInput} from './checklist.js'
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
  const summaryFile = session ? join(dir, `${session}.summary.json`) : undefined
  const summary = summaryFile && existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as SummaryInput) : undefined
  const project = loadProjectPolicy(options.root)
  const policy = buildPolicy(project?.profile ?? 'standard', project)
  const layers = loadLayers(options.root, env)
  const inventory = collectInventory({root: options.root, home, env, policy, layers, git: await gitFacts(options.root)})
  const checklist = buildChecklist(session ?? 'no-session', inventory, summary, events, policy.thresholds, home)
  return session && checklist.triggered ? recordPending(checklist, env) : checklist
}

const RANK_TITLE = {touched: 'Touched during the session — rotate now', reachable: 'Reachable and unprotected — rotate after large sessions', protected: 'Reachable but protected — review'}

export function renderChecklist(checklist: Checklist, format: 'text' | 'markdown', options: {includeProtected?: boolean} = {}): string {
  const markdown = format === 'markdown'
  const out: string[] = []
  out.push(markdown ? `# Credential rotation checklist — session ${checklist.session}` : `Credential rotation checklist — session ${checklist.session}`)
  out.push(checklist.triggered ? `Why now: ${checklist.triggers.join('; ')}` : 'No rotation trigger fired for this session (below the large-session thresholds, no exposure seen).')
  const ranks = (['touched', 'reachable', 'protected'] as const).filter((rank) => rank !== 'protected' || options.includeProtected !== false)
  for (const rank of ranks) {
    const items = checklist.items.filter((item) => item.rank === rank)
    if (items.length === 0) continue
    out.push('', markdown ? `## ${RANK_TITLE[rank]}` : `== ${RANK_TITLE[rank]} ==`)
    for (const item of items) out.push(...renderItem(item, markdown, rank !== 'protected'))
  }
  const pending = checklist.items.filter((item) => !item.done && item.rank !== 'protected').length
  out.push('', `${pending} item(s) pending. Mark done with: codex-guard rotate --session ${checklist.session} --done <id> …`)
  return `${out.join('\n')}\n`
}

function renderItem(item: ChecklistItem, markdown: boolean, withSteps: boolean): string[] {
  const box = item.done ? '[x]' : '[ ]'
  const lines = [markdown ? `- ${box} **${item.label}** (\`${item.id}\`, ${item.steps.title})` : `${box} ${item.label}  [${item.id}] — ${item.steps.title}`]
  const indent = markdown ? '  ' : '    '
  for (const why of item.evidence) lines.push(`${indent}${markdown ? '- ' : ''}why: ${why}`)
  if (item.done) lines.push(`${indent}${markdown ? '- ' : ''}done by ${item.done.by} at ${item.done.at}`)
  if (withSteps && !item.done) {
    for (const [index, step] of item.steps.steps.entries()) lines.push(`${indent}${markdown ? `${index + 1}. ` : `${index + 1}) `}${step}`)
    lines.push(`${indent}${markdown ? '- ' : ''}verify: ${item.steps.verify}`)
  }
  return lines
}
