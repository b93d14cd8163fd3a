// Secret files in the repository's history, not only in the tree: every path ever added on any
// ref (`git log --all --diff-filter=A`), judged by catalogue name and, for files no longer in
// the tree, by the content of the blob that added them. Bounded in commits and blob bytes, so
// a large history costs seconds, not minutes. Feeds validate and rotate.
import {gitResult} from '../git/run.js'
import {CONTENT_SCAN} from '../policy/catalogue.js'
import type {EffectivePolicy} from '../policy/effective.js'
import {CredentialClassifier} from './credential-files.js'

/** How far back the history scan looks and how much blob content it reads. */
export const HISTORY_SCAN = {maxCommits: 5000, maxBlobs: 2000}

export interface HistorySecret {
  path: string
  /** The commit that added it (abbreviated). */
  commit: string
  reason: string
  /** Still present in the working tree (then the tree checks report it too). */
  inTree: boolean
}

export interface HistoryScan {
  secrets: HistorySecret[]
  /** The history had more commits than HISTORY_SCAN.maxCommits. */
  truncated: boolean
}

/** Secret files added anywhere in history; `inTree` tells the caller which are also on disk. */
export async function secretsInHistory(root: string, policy: EffectivePolicy, inTree: (path: string) => boolean): Promise<HistoryScan> {
  const log = await gitResult(['-c', 'core.quotePath=false', 'log', '--all', '--diff-filter=A', '--name-only', '--no-renames', '--format=%x00%h', `-n${HISTORY_SCAN.maxCommits + 1}`], {cwd: root})
  if (log.code !== 0) return {secrets: [], truncated: false}
  const classifier = new CredentialClassifier(policy)
  const added = new Map<string, string>() // path → oldest commit that added it
  let commits = 0
  for (const block of log.stdout.toString('utf8').split('\0').slice(1)) {
    const [commit, ...paths] = block.split('\n').filter(Boolean)
    commits++
    if (commits > HISTORY_SCAN.maxCommits) break
    for (const path of paths) added.set(path, commit!)
  }
  const secrets: HistorySecret[] = []
  const blobs: {path: string; commit: string}[] = []
  for (const [path, commit] of added) {
    const named = classifier.classifySync(path, undefined)
    if (named) secrets.push({path, commit, reason: named.reason, inTree: inTree(path)})
    else if (!inTree(path) && blobs.length < HISTORY_SCAN.maxBlobs) blobs.push({path, commit})
  }
  // Deleted files: read the added blob (bounded prefix) through one cat-file batch.
  if (blobs.length > 0) {
    const input = blobs.map(({path, commit}) => `${commit}:${path}`).join('\n')
    const batch = await gitResult(['cat-file', '--batch'], {cwd: root, input: `${input}\n`})
    const out = batch.stdout
    let offset = 0
    for (const {path, commit} of blobs) {
      const newline = out.indexOf(10, offset)
      if (newline < 0) break
      const header = out.subarray(offset, newline).toString('utf8').split(' ')
      offset = newline + 1
      if (header[1] === 'missing' || header.length < 3) continue
      const size = Number(header[2])
      const body = out.subarray(offset, offset + Math.min(size, CONTENT_SCAN.prefixBytes))
      offset += size + 1
      if (size > CONTENT_SCAN.maxFileBytes || body.subarray(0, 8000).includes(0)) continue
      const found = classifier.classifySync(path, body.toString('utf8'))
      if (found) secrets.push({path, commit, reason: found.reason, inTree: false})
    }
  }
  secrets.sort((a, b) => a.path.localeCompare(b.path))
  return {secrets, truncated: commits > HISTORY_SCAN.maxCommits}
}
