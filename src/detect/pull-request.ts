// A pull request from a GitHub event payload ($GITHUB_EVENT_PATH, events pull_request and
// pull_request_target): its title, body and branch names (read like `gh pr view --json`, by
// scanTextCommand) and what it adds (scanDiff: added lines judged with their file, new file
// names, agent instruction files, commit messages base..head), as one outcome.
import {readFileSync} from 'node:fs'
import * as v from 'valibot'
import {ConfigError} from '../util/errors.js'
import type {Progress} from '../util/progress.js'
import {type ScanOutcome, scanDiff, scanTextCommand} from './scan-runner.js'

const Sha = v.pipe(v.string(), v.regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'a full commit id'))
const Branch = v.object({ref: v.string(), sha: Sha})
const PullRequestEvent = v.object({
  pull_request: v.object({
    number: v.optional(v.number()),
    title: v.optional(v.nullable(v.string())),
    body: v.optional(v.nullable(v.string())),
    head: Branch,
    base: Branch,
  }),
})

export type PullRequest = v.InferOutput<typeof PullRequestEvent>['pull_request']

/** Reads the event payload; a file that is not a pull-request event is a ConfigError naming it. */
export function readPullRequestEvent(path: string): PullRequest {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigError(`cannot read the event payload (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, path)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(`the event payload is not JSON: ${(error as Error).message}`, path)
  }
  if (!value || typeof value !== 'object' || !('pull_request' in value)) {
    throw new ConfigError('not a pull-request event: no "pull_request" object (run the action on pull_request or pull_request_target)', path)
  }
  const parsed = v.safeParse(PullRequestEvent, value)
  if (!parsed.success) {
    const issue = parsed.issues[0]
    const where = issue.path?.map((item) => String(item.key)).join('.') ?? 'pull_request'
    throw new ConfigError(`pull-request event: ${where}: ${issue.message}`, path)
  }
  return parsed.output.pull_request
}

export interface PullRequestOptions {
  cwd: string
  eventPath: string
  maxBytes: number
  progress?: Progress
}

export async function scanPullRequest(options: PullRequestOptions): Promise<ScanOutcome> {
  const pr = readPullRequestEvent(options.eventPath)
  // "pull/12:title": a location no SARIF consumer reads as a URI scheme or a file of the repository
  const label = `pull/${pr.number ?? 'event'}`
  const text = await scanTextCommand({
    cwd: options.cwd,
    label,
    text: JSON.stringify({title: pr.title ?? '', body: pr.body ?? '', headRefName: pr.head.ref, baseRefName: pr.base.ref}),
  })
  let diff: ScanOutcome
  try {
    diff = await scanDiff({cwd: options.cwd, base: pr.base.sha, head: pr.head.sha, maxBytes: options.maxBytes, progress: options.progress})
  } catch (error) {
    if (error instanceof ConfigError && /unknown revision/.test(error.message)) {
      throw new ConfigError(`${error.message}: the pull request's commits are not in this clone; check out with fetch-depth: 0 (actions/checkout)`, options.eventPath)
    }
    throw error
  }
  return {
    root: diff.root,
    findings: [...text.findings, ...diff.findings],
    inlineSuppressed: [...text.inlineSuppressed, ...diff.inlineSuppressed],
    notes: [...diff.notes, ...text.notes],
    stats: {...diff.stats, textBytes: text.stats['bytes'] ?? 0},
  }
}
