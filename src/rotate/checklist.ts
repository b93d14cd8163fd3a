// The rotation checklist: credentials the session touched first, then those it could reach
// unprotected, then those it could reach but that were protected; each with evidence and steps.
// Acknowledgements live in the state directory (outside the workspace) until every item is done.
import {existsSync, mkdirSync, readdirSync, readFileSync} from 'node:fs'
import {userInfo} from 'node:os'
import {join} from 'node:path'
import type {CredentialKind, Thresholds} from '../policy/types.js'
import {type AuditEvent, stateDir} from '../session/audit-log.js'
import {type SummaryInput, touchesFrom, triggersFor} from '../session/triggers.js'
import {writeFileAtomic} from '../util/files.js'
import type {InventoryItem} from './inventory.js'
import {type RotationSteps, stepsFor} from './steps.js'

export type Rank = 'touched' | 'reachable' | 'protected'

export interface ChecklistItem {
  id: string
  kind: CredentialKind
  label: string
  rank: Rank
  evidence: string[]
  steps: RotationSteps
  /** Where the credential lives: a variable name, a project-relative or ~/ path. */
  location?: string
  done?: {by: string; at: string}
  /** Its value changed since the checklist was first recorded: rotated without `--done`. */
  rotated?: {at: string}
  /** A fingerprint was recorded and the same value is still in place. */
  unchanged?: boolean
}

/**
 * The one count of what is left to do, used by `run`, `status`, `rotate` and the hand-off:
 * items done or rotated are closed, and protected items nobody touched are for review only.
 */
export const isPending = (item: Partial<Pick<ChecklistItem, 'rank' | 'done' | 'rotated'>>): boolean => item.rank !== 'protected' && !item.done && !item.rotated
export const pendingCount = (items: readonly Partial<Pick<ChecklistItem, 'rank' | 'done' | 'rotated'>>[]): number => items.filter(isPending).length

export interface Checklist {
  session: string
  /** The repository inspected: the one the session recorded, else the one asked for. */
  root?: string
  triggered: boolean
  triggers: string[]
  items: ChecklistItem[]
  /** pendingCount(items): the one count every command prints. */
  pending: number
}

const normalise = (path: string, home: string) => (path.startsWith(home) ? `~${path.slice(home.length)}` : path)

/** Builds the ranked checklist for one session from the inventory and what the session did. */
export function buildChecklist(session: string, inventory: InventoryItem[], summary: SummaryInput | undefined, events: AuditEvent[], thresholds: Thresholds, home: string): Checklist {
  const touches = touchesFrom(summary, events)
  const evidence = new Map<string, string[]>()
  const add = (id: string, text: string) => evidence.set(id, [...(evidence.get(id) ?? []), text])
  const extra: ChecklistItem[] = []
  for (const touch of touches) {
    let matched = false
    for (const item of inventory) {
      const path = touch.path ? normalise(touch.path, home) : undefined
      const byPath = path !== undefined && (item.location === path || path.startsWith(`${item.location}/`) || path.endsWith(`/${item.location}`))
      // A touch with a file touched that file only; a credential of some kind seen without a
      // location (a token in output, a credential command) may be any unprotected one of that kind.
      const byKind = touch.path === undefined && touch.kind !== undefined && item.kind === touch.kind && !item.protected
      const byEnv = touch.allEnv === true && item.source === 'env' && !item.protected
      if (byPath || byKind || byEnv) {
        add(item.id, touch.evidence)
        matched = true
      }
    }
    if (!matched && (touch.path || touch.kind)) {
      const kind = touch.kind ?? 'generic'
      const id = touch.path ? `file:${normalise(touch.path, home)}` : `seen:${kind}`
      const existing = extra.find((item) => item.id === id)
      if (existing) existing.evidence.push(touch.evidence)
      else
        extra.push({
          id,
          kind,
          label: touch.path ? normalise(touch.path, home) : `a ${stepsFor(kind).title} seen during the session`,
          rank: 'touched',
          location: touch.path ? normalise(touch.path, home) : undefined,
          evidence: [touch.evidence],
          steps: stepsFor(kind),
        })
    } else if (!matched) {
      extra.push({id: `seen:network-${extra.length}`, kind: 'generic', label: 'data may have left the machine', rank: 'touched', evidence: [touch.evidence], steps: stepsFor('generic')})
    }
  }
  const items: ChecklistItem[] = inventory.map((item) => {
    const seen = evidence.get(item.id)
    const rank: Rank = seen ? 'touched' : item.protected ? 'protected' : 'reachable'
    const why = seen ?? [item.protected ? `reachable but protected: ${item.protection}` : item.source === 'env' ? 'passed to every command the agent ran' : 'readable by the agent']
    return {id: item.id, kind: item.kind, label: item.label, rank, evidence: why, steps: stepsFor(item.kind), location: item.location}
  })
  const order: Record<Rank, number> = {touched: 0, reachable: 1, protected: 2}
  const all = [...extra, ...items].sort((a, b) => order[a.rank] - order[b.rank] || a.id.localeCompare(b.id))
  const triggers = triggersFor(summary, events, thresholds, touches)
  return {session, triggered: triggers.length > 0, triggers, items: all, pending: pendingCount(all)}
}

// Acknowledgements ---------------------------------------------------------------------------

export interface AckFile {
  session: string
  triggers: string[]
  /** The repository the session ran in, as recorded (rotate and status inspect it, not the cwd). */
  root?: string
  items: {id: string; label: string; rank?: Rank; done?: {by: string; at: string}; fingerprint?: string; rotated?: {at: string}}[]
}

const rotationsDir = (env: NodeJS.ProcessEnv = process.env) => join(stateDir(env), 'rotations')
const ackPath = (session: string, env?: NodeJS.ProcessEnv) => join(rotationsDir(env), `${session.replace(/[^A-Za-z0-9._-]/g, '_')}.json`)

export function loadAcks(session: string, env?: NodeJS.ProcessEnv): AckFile | undefined {
  const file = ackPath(session, env)
  if (!existsSync(file)) return undefined
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as AckFile
    return typeof data?.session === 'string' && Array.isArray(data.items) ? data : undefined
  } catch {
    return undefined // damaged: recordedChecklists reports it, the next recording rewrites it
  }
}

function saveAcks(data: AckFile, env?: NodeJS.ProcessEnv): void {
  const file = ackPath(data.session, env)
  mkdirSync(rotationsDir(env), {recursive: true, mode: 0o700})
  writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`, {mode: 0o600})
}

/**
 * Records the checklist (keeping earlier acknowledgements) and applies what changed since: the
 * first time an open item is recorded its credential's fingerprint is kept; later, a different
 * fingerprint marks it rotated, the same one keeps it pending ("old value still in place").
 */
export function recordPending(checklist: Checklist, env?: NodeJS.ProcessEnv, fingerprint: (item: ChecklistItem) => string | undefined = () => undefined, now = new Date()): Checklist {
  const previous = new Map((loadAcks(checklist.session, env)?.items ?? []).map((item) => [item.id, item]))
  const recorded: AckFile['items'] = []
  const items = checklist.items.map((item) => {
    const before = previous.get(item.id)
    const next: ChecklistItem = {...item, done: before?.done}
    let stored = before?.fingerprint
    if (item.rank !== 'protected' && !next.done) {
      const current = fingerprint(item)
      if (stored === undefined) stored = current
      else if (before?.rotated) next.rotated = before.rotated
      else if (current !== undefined && current !== stored) next.rotated = {at: now.toISOString()}
      else if (current === stored) next.unchanged = true
    }
    recorded.push({id: item.id, label: item.label, rank: item.rank, done: next.done, fingerprint: stored, rotated: next.rotated})
    return next
  })
  saveAcks({session: checklist.session, triggers: checklist.triggers, root: checklist.root, items: recorded}, env)
  return {...checklist, items, pending: pendingCount(items)}
}

/** Marks items done (who, when); returns ids that were not on the checklist. */
export function acknowledge(session: string, ids: string[], env?: NodeJS.ProcessEnv, now = new Date()): string[] {
  const data = loadAcks(session, env)
  if (!data) return ids
  const unknown: string[] = []
  const by = (() => {
    try {
      return userInfo().username
    } catch {
      return 'unknown'
    }
  })()
  for (const id of ids) {
    const item = data.items.find((candidate) => candidate.id === id)
    if (!item) unknown.push(id)
    else item.done = {by, at: now.toISOString()}
  }
  saveAcks(data, env)
  return unknown
}

/** Sessions with a recorded checklist (ack file), newest first by file time. */
export function recordedChecklists(env?: NodeJS.ProcessEnv): AckFile[] {
  const dir = rotationsDir(env)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      // one damaged record must not hide every other session's pending rotations: report it, go on
      try {
        const data = JSON.parse(readFileSync(join(dir, name), 'utf8')) as AckFile
        if (typeof data?.session === 'string' && Array.isArray(data.items)) return [data]
      } catch {}
      process.stderr.write(`codex-guard: ${join(dir, name)}:1: skipped: not a rotation record (damaged; rotate --session rebuilds it)
`)
      return []
    })
}
