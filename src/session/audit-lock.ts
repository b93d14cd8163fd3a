// The audit log's writer lock: a lock file created atomically (link of a complete temp file, so
// it is never seen half-written) that records its owner (token, pid, host, process start time).
// A lock is taken over only when it is provably stale: its owner pid is dead on this host (or the
// pid now belongs to a process started later), or it is older than STALE_MS and its owner is not
// known to be alive here. Taking over someone's lock goes through a claim file created with O_EXCL and named after the lock's token: one claimant per
// lock, which re-reads the lock under the claim before renaming it away. Tokens never repeat, so a
// slow claimant that finds another token backs off; no two writers are ever in the critical section.
import {linkSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {basename, dirname, join} from 'node:path'
import {faultPoint} from '../util/fault.js'
import {uniqueHex} from '../util/hash.js'

/** A lock whose owner cannot be checked (another host, unreadable) is stale after this long. */
export const STALE_MS = 30_000

export interface LockOwner {
  token: string
  pid: number
  host: string
  /** ms since the epoch */
  started: number
  /** the owner's start time in clock ticks since boot (/proc/<pid>/stat), when known: tells a reused pid */
  procStart?: string
  /** claim files: the identity of the lock this claim is taking over */
  protects?: string
}

/** Fields after the command name of /proc/<pid>/stat (Linux): [0] state, [19] start time. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name (field 2) may contain spaces and parentheses: count fields after the last ")"
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

const processStart = (pid: number) => procStat(pid)?.[19]

let ownStart: string | undefined | null = null
const selfStart = () => {
  if (ownStart === null) ownStart = processStart(process.pid)
  return ownStart
}

/** true: alive; false: provably dead; undefined: cannot tell (another host). */
export function ownerAlive(owner: LockOwner): boolean | undefined {
  if (owner.host !== hostname()) return undefined
  try {
    process.kill(owner.pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false
  }
  const stat = procStat(owner.pid)
  // a killed process not yet reaped by its parent still answers kill(0): a zombie holds nothing
  if (stat?.[0] === 'Z' || stat?.[0] === 'X') return false
  if (owner.procStart !== undefined && stat?.[19] !== undefined && stat[19] !== owner.procStart) return false
  return true
}

interface LockState {
  owner?: LockOwner
  /** identity when the content is unreadable: inode and change time never repeat together for a live file */
  identity: string
  ageMs: number
}

function readLock(path: string): LockState | undefined {
  try {
    const stat = statSync(path)
    const identity = `ino${stat.ino}-${stat.ctimeMs}`
    let owner: LockOwner | undefined
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as LockOwner
      if (typeof parsed.token === 'string' && /^[0-9a-f]{8,64}$/.test(parsed.token) && typeof parsed.pid === 'number' && typeof parsed.host === 'string') owner = parsed
    } catch {}
    return {owner, identity: owner?.token ?? identity, ageMs: Date.now() - stat.mtimeMs}
  } catch {
    return undefined
  }
}

function isStale(state: LockState): boolean {
  const alive = state.owner ? ownerAlive(state.owner) : undefined
  if (alive === false) return true
  return alive === undefined && state.ageMs > STALE_MS
}

const tempName = (path: string, kind: string) => `${path}.${kind}-${process.pid}-${uniqueHex()}`

/** Creates `path` with `content` only if it does not exist (never visible half-written). */
function createExclusive(path: string, content: string): boolean {
  const temp = tempName(path, 'new')
  try {
    writeFileSync(temp, content, {mode: 0o600})
    linkSync(temp, path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    try {
      unlinkSync(temp)
    } catch {}
  }
}

function newOwner(): LockOwner {
  const start = selfStart()
  return {token: uniqueHex(), pid: process.pid, host: hostname(), started: Date.now(), ...(start ? {procStart: start} : {})}
}

/**
 * Removes the lock at `path` if it is still the one identified by `identity`. Serialised per
 * lock by a claim file; a claim whose holder died is passed on to a claim named after that holder.
 */
function removeIfStill(path: string, identity: string): void {
  let claim = `${path}.claim-${identity}`
  let mine: string | undefined
  try {
    for (;;) {
      if (createExclusive(claim, JSON.stringify({...newOwner(), protects: identity}))) {
        mine = claim
        break
      }
      const holder = readLock(claim)
      if (!holder) continue // released meanwhile: try again
      // a claimant that died passes the claim on to one named after it; its file is left for the sweep
      if (holder.owner && ownerAlive(holder.owner) === false) {
        claim = `${path}.claim-${holder.owner.token}`
        continue
      }
      return // a live claimant is removing it
    }
    // under the claim nobody else removes this lock: check it is still the same one, then move it away
    if (readLock(path)?.identity !== identity) return
    const aside = tempName(path, 'stale')
    renameSync(path, aside)
    faultPoint('audit-lock-taken-over')
    unlinkSync(aside)
  } finally {
    if (mine) {
      try {
        unlinkSync(mine)
      } catch {}
    }
  }
}

/**
 * Temp, claim and set-aside files left by killed processes (never a live process's). A dead
 * claimant's claim is removed only when the lock it was taking over is gone: tokens never
 * repeat, so nobody can need that claim again.
 */
function sweepLeftovers(path: string): void {
  const current = readLock(path)?.identity
  const dir = dirname(path)
  const prefix = `${basename(path)}.`
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const pid = /^(?:new|stale)-(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length))?.[1]
    const owner = pid ? undefined : readLock(join(dir, name))?.owner
    const dead = pid ? ownerAlive({token: '', pid: Number(pid), host: hostname(), started: 0}) === false : owner?.protects !== undefined && owner.protects !== current && ownerAlive(owner) === false
    if (!dead) continue
    try {
      unlinkSync(join(dir, name))
    } catch {}
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Runs `body` holding the lock at `path`; throws when it stays busy past `timeoutMs`. */
export function withLock<T>(path: string, body: () => T, timeoutMs = 30_000): T {
  const owner = newOwner()
  const content = JSON.stringify(owner)
  const deadline = Date.now() + timeoutMs
  let swept = false
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(path, content)) break
    const state = readLock(path)
    if (!state) continue // released meanwhile
    if (isStale(state)) {
      if (!swept) sweepLeftovers(path)
      swept = true
      removeIfStill(path, state.identity)
      if (readLock(path)?.identity !== state.identity) continue
    }
    if (Date.now() > deadline) throw new Error(`audit log lock busy: ${path}${state?.owner ? ` (held by pid ${state.owner.pid} on ${state.owner.host})` : ''}`)
    sleep(Math.min(1 + attempt, 20))
  }
  faultPoint('audit-lock-held')
  try {
    return body()
  } finally {
    // Our own lock: nobody on this host takes over a live owner's lock, so a plain check and
    // unlink suffices (and needs no disk space: a full disk must not leave the lock behind).
    if (readLock(path)?.identity === owner.token) unlinkSync(path)
  }
}
