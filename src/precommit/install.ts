// `precommit install | uninstall | status`: a git pre-commit hook that runs this installation of
// codex-guard (node + bin/run.js by absolute path, like the Codex hooks in src/codex/hooks.ts).
// The hooks directory comes from `git rev-parse --git-path hooks`, so core.hooksPath and worktrees
// are respected. An existing hook is never overwritten: it is renamed next to ours and still runs
// (first, because it may re-stage files; its exit code still counts). Uninstall renames it back,
// which restores it byte for byte with its mode. What was done is recorded in the hook script.
// The two-step changes (rename the user's hook aside, then write ours; rename it back) are
// journaled in pre-commit.codex-guard-journal: the next install, uninstall or status run after a
// kill at any step completes the change, so the user's hook is never lost or left unchained.
import {chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, relative, resolve} from 'node:path'
import {runGit} from '../git/run.js'
import {faultPoint} from '../util/fault.js'
import {selfCommand} from '../util/shell.js'

export const HOOK_MARKER = '# codex-guard pre-commit hook'
export const PREVIOUS_SUFFIX = '.codex-guard-chained'
export const JOURNAL_NAME = 'pre-commit.codex-guard-journal'

/** An install or uninstall in progress: enough to finish it after a kill. */
interface Journal {
  op: 'install' | 'uninstall'
  /** the user's hook, set aside under this name (install) or to be renamed back (uninstall) */
  previous?: string
  /** install: the complete hook script to write */
  hook?: string
}

function writeJournal(hooksDir: string, journal: Journal): void {
  const path = join(hooksDir, JOURNAL_NAME)
  const temporary = `${path}.tmp-${process.pid}`
  writeFileSync(temporary, JSON.stringify(journal), {mode: 0o600, flush: true})
  renameSync(temporary, path)
}

/**
 * Finishes a change a killed run left half done (roll forward: every step is idempotent).
 * Returns a message when something was completed.
 */
function completeJournal(hooksDir: string): string | undefined {
  const path = join(hooksDir, JOURNAL_NAME)
  let journal: Journal
  try {
    journal = JSON.parse(readFileSync(path, 'utf8')) as Journal
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    // a journal cut short was never acted on (it is written before the first rename): drop it
    unlinkSync(path)
    return undefined
  }
  const hookPath = join(hooksDir, 'pre-commit')
  const previous = journal.previous === undefined ? undefined : join(hooksDir, journal.previous)
  let done: string | undefined
  if (journal.op === 'install' && journal.hook !== undefined) {
    const current = readIfFile(hookPath)
    if (previous && !exists(previous)) {
      // killed before the rename: the user's hook is still in place; nothing was changed
    } else if (current === undefined || !parseHook(current)) {
      if (previous && current !== undefined) {
        // the user's hook is already aside and another one appeared meanwhile: leave both to the user
      } else {
        writeExecutable(hookPath, journal.hook)
        done = `completed an interrupted install of the codex-guard pre-commit hook${journal.previous ? ` (the previous hook ${journal.previous} still runs)` : ''}`
      }
    }
  } else if (journal.op === 'uninstall' && previous && exists(previous)) {
    renameSync(previous, hookPath)
    done = `completed an interrupted uninstall: restored the previous pre-commit hook from ${journal.previous}`
  }
  unlinkSync(path)
  return done
}

/** The command the hook runs: this installation's node and bin/run.js, by absolute path. */
export function precommitCommand(): string {
  return selfCommand('precommit', 'run')
}

export interface InstallOptions {
  /** keep running an existing hook after installing (default true); false: set it aside (uninstall restores it) */
  chain?: boolean
  /** report what would happen and change nothing */
  dryRun?: boolean
  env?: NodeJS.ProcessEnv
}

export interface InstallResult {
  action: 'installed' | 'updated' | 'unchanged' | 'refused'
  hooksDir: string
  hookPath: string
  /** the hook that was there before, now kept under this path */
  previous?: string
  /** whether that previous hook still runs */
  previousRuns?: boolean
  /** one line per thing done (or refused), for the user */
  messages: string[]
}

interface HookMeta {
  previous?: string
  runPrevious: boolean
  createdDir: boolean
}

function renderHook(command: string, meta: HookMeta): string {
  const lines = [
    '#!/bin/sh',
    `${HOOK_MARKER}: installed by \`codex-guard precommit install\`; \`codex-guard precommit uninstall\` restores what was here before.`,
    `# codex-guard-previous: ${meta.previous ?? '-'}`,
    `# codex-guard-run-previous: ${meta.runPrevious && meta.previous ? 'yes' : 'no'}`,
    `# codex-guard-created-dir: ${meta.createdDir ? 'yes' : 'no'}`,
    '# Skip all pre-commit hooks once with `git commit --no-verify`.',
    'status=0',
  ]
  if (meta.previous && meta.runPrevious) {
    lines.push(
      '# the hook that was installed before runs first (it may re-stage files); its exit code counts',
      `previous="$(dirname "$0")/${meta.previous}"`,
      'if [ -x "$previous" ]; then',
      '  "$previous" "$@" || status=$?',
      'fi',
    )
  }
  lines.push(
    // after the previous hook (it may need them): the check never connects, and extra CA
    // certificates only cost Node ~45 ms of start-up
    'unset NODE_EXTRA_CA_CERTS',
    `${command} || { code=$?; [ "$status" -ne 0 ] || status=$code; }`,
    'exit "$status"',
    '',
  )
  return lines.join('\n')
}

export function parseHook(content: string): HookMeta | undefined {
  if (!content.includes(HOOK_MARKER)) return undefined
  const field = (name: string) => new RegExp(`^# codex-guard-${name}: (.*)$`, 'm').exec(content)?.[1]?.trim()
  const previous = field('previous')
  return {previous: previous && previous !== '-' ? previous : undefined, runPrevious: field('run-previous') === 'yes', createdDir: field('created-dir') === 'yes'}
}

/** The hooks directory git uses for this repository (core.hooksPath, worktrees and all). */
async function hooksDirectory(root: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const out = (await runGit(['rev-parse', '--git-path', 'hooks'], {cwd: root, env})).toString('utf8').replace(/\n$/, '')
  return resolve(root, out)
}

async function configuredHooksPath(root: string, env?: NodeJS.ProcessEnv): Promise<string | undefined> {
  const out = (await runGit(['config', '--get', 'core.hooksPath'], {cwd: root, env, okCodes: [1]})).toString('utf8').trim()
  return out === '' ? undefined : out
}

const exists = (path: string) => {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

const readIfFile = (path: string) => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** husky runs `.husky/<hook>` found from the name of the script git started; renaming breaks it. */
function huskyManaged(hooksDir: string, existing: string | undefined): boolean {
  return exists(join(hooksDir, 'husky.sh')) || (basename(hooksDir) === '_' && exists(join(hooksDir, 'h'))) || /\bhusky\b/.test(existing ?? '')
}

const FRAMEWORK = 'the pre-commit framework'

/** Names an existing hook manager from its generated script. */
function managerOf(content: string | undefined): string | undefined {
  if (!content) return undefined
  if (/pre-commit\.com|hook-impl|INSTALL_PYTHON/.test(content)) return FRAMEWORK
  if (/lefthook/.test(content)) return 'lefthook'
  if (/simple-git-hooks/.test(content)) return 'simple-git-hooks'
  return undefined
}

/**
 * Whether .pre-commit-config.yaml runs codex-guard: a hook `id: codex-guard`, or an entry running
 * `codex-guard precommit run` (a local hook). Commented-out lines do not count.
 */
export function frameworkRunsCodexGuard(configText: string): boolean {
  return configText.split(/\r?\n/).some((line) => {
    const code = line.replace(/(^|\s)#.*$/, '')
    return /^\s*(-\s+)?id:\s*["']?codex-guard["']?\s*$/.test(code) || /^\s*(-\s+)?entry:.*\bcodex-guard\b.*\bprecommit\s+run\b/.test(code)
  })
}

function frameworkConfigRuns(root: string): boolean {
  const text = readIfFile(join(root, '.pre-commit-config.yaml'))
  return text !== undefined && frameworkRunsCodexGuard(text)
}

function writeExecutable(path: string, content: string): void {
  const temporary = `${path}.codex-guard-tmp-${process.pid}`
  writeFileSync(temporary, content, {mode: 0o755})
  chmodSync(temporary, 0o755)
  renameSync(temporary, path)
}

function freeBackupName(hooksDir: string): string {
  for (let index = 0; ; index++) {
    const name = `pre-commit${PREVIOUS_SUFFIX}${index === 0 ? '' : `.${index}`}`
    if (!exists(join(hooksDir, name))) return name
  }
}

export async function installPrecommitHook(root: string, options: InstallOptions = {}): Promise<InstallResult> {
  const chain = options.chain !== false
  const hooksDir = await hooksDirectory(root, options.env)
  const hookPath = join(hooksDir, 'pre-commit')
  const show = (path: string) => relative(root, path) || path
  const command = precommitCommand()
  const completed = options.dryRun ? undefined : completeJournal(hooksDir)
  const existing = exists(hookPath) ? (readIfFile(hookPath) ?? '') : undefined
  const meta = existing === undefined ? undefined : parseHook(existing)
  const result: InstallResult = {action: 'installed', hooksDir, hookPath, messages: completed ? [completed] : []}

  // The framework already runs codex-guard (or will once `pre-commit install` runs): a hook of our
  // own, chained or taken over by the framework as pre-commit.legacy, would run it twice.
  if (!meta && (existing === undefined || managerOf(existing) === FRAMEWORK) && frameworkConfigRuns(root)) {
    result.action = 'unchanged'
    result.messages.push(
      existing === undefined
        ? '.pre-commit-config.yaml runs codex-guard: run `pre-commit install` to activate it (no separate codex-guard hook, so it never runs twice).'
        : `codex-guard already runs through ${FRAMEWORK} (${show(hookPath)}, listed in .pre-commit-config.yaml); not chaining (it would run twice).`,
    )
    return result
  }

  if (existing !== undefined && !meta && huskyManaged(hooksDir, existing)) {
    result.action = 'refused'
    result.messages.push(
      `${show(hookPath)} belongs to husky, which finds .husky/pre-commit from the name of the script git runs, so it cannot be chained by renaming.`,
      `Add this line to .husky/pre-commit instead (see docs/precommit.md): codex-guard precommit run`,
    )
    return result
  }

  if (meta) {
    // ours already: refresh the command (installation moved, node upgraded) and the chain flag
    const previousExists = meta.previous !== undefined && exists(join(hooksDir, meta.previous))
    const next = renderHook(command, {previous: previousExists ? meta.previous : undefined, runPrevious: chain, createdDir: meta.createdDir})
    if (previousExists) {
      result.previous = join(hooksDir, meta.previous!)
      result.previousRuns = chain
    }
    if (next === existing) {
      result.action = 'unchanged'
      result.messages.push(`codex-guard pre-commit hook already installed in ${show(hookPath)}${previousExists ? ` (previous hook ${meta.previous} ${chain ? 'still runs' : 'set aside'})` : ''}.`)
      return result
    }
    result.action = 'updated'
    if (!options.dryRun) writeExecutable(hookPath, next)
    result.messages.push(`${options.dryRun ? 'would update' : 'updated'} the codex-guard pre-commit hook in ${show(hookPath)}`)
    return result
  }

  const createdDir = !existsSync(hooksDir)
  let previous: string | undefined
  // a hook codex-guard set aside with no hook of ours in front of it (a run killed without a journal,
  // by an older version): adopt it, so it runs again and uninstall restores it
  const orphan = `pre-commit${PREVIOUS_SUFFIX}`
  if (existing === undefined && exists(join(hooksDir, orphan))) {
    previous = orphan
    result.previous = join(hooksDir, orphan)
    result.previousRuns = chain
    result.messages.push(
      `found ${show(result.previous)}, a hook codex-guard set aside with nothing in front of it: it ${chain ? 'runs first again (chained)' : 'stays set aside'}; uninstall restores it.`,
    )
  }
  if (existing !== undefined) {
    previous = freeBackupName(hooksDir)
    result.previous = join(hooksDir, previous)
    result.previousRuns = chain
    const manager = managerOf(existing)
    const what = `an existing pre-commit hook${manager ? ` (${manager})` : ''}`
    result.messages.push(
      chain
        ? `${options.dryRun ? 'would keep' : 'kept'} ${what} as ${show(result.previous)}: it still runs first and its exit code still counts (chained).`
        : `${options.dryRun ? 'would set' : 'set'} ${what} aside as ${show(result.previous)}; it no longer runs (--no-chain). \`codex-guard precommit uninstall\` restores it.`,
    )
  }
  if (!options.dryRun) {
    if (createdDir) mkdirSync(hooksDir, {recursive: true})
    const hook = renderHook(command, {previous, runPrevious: chain, createdDir})
    writeJournal(hooksDir, {op: 'install', previous, hook})
    faultPoint('precommit-install-journaled')
    if (previous && existing !== undefined) renameSync(hookPath, join(hooksDir, previous))
    faultPoint('precommit-install-renamed-aside')
    writeExecutable(hookPath, hook)
    faultPoint('precommit-install-written')
    unlinkSync(join(hooksDir, JOURNAL_NAME))
  }
  result.messages.unshift(`${options.dryRun ? 'would install' : 'installed'} the codex-guard pre-commit hook in ${show(hookPath)} (runs: ${command})`)
  result.messages.push('Bypass it once with `git commit --no-verify`; remove it with `codex-guard precommit uninstall`.')
  return result
}

export interface UninstallResult {
  action: 'removed' | 'restored' | 'not-installed' | 'refused'
  hookPath: string
  restored?: string
  messages: string[]
}

export async function uninstallPrecommitHook(root: string, options: {dryRun?: boolean; env?: NodeJS.ProcessEnv} = {}): Promise<UninstallResult> {
  const hooksDir = await hooksDirectory(root, options.env)
  const hookPath = join(hooksDir, 'pre-commit')
  const show = (path: string) => relative(root, path) || path
  const completed = options.dryRun ? undefined : completeJournal(hooksDir)
  if (completed?.startsWith('completed an interrupted uninstall')) return {action: 'restored', hookPath, messages: [completed]}
  if (!exists(hookPath)) {
    const orphan = join(hooksDir, `pre-commit${PREVIOUS_SUFFIX}`)
    if (exists(orphan)) {
      // set aside by a run killed before it wrote its own hook: put it back
      if (!options.dryRun) renameSync(orphan, hookPath)
      return {action: 'restored', hookPath, restored: orphan, messages: [`${options.dryRun ? 'would restore' : 'restored'} the previous pre-commit hook from ${show(orphan)} to ${show(hookPath)}.`]}
    }
  }
  if (!exists(hookPath)) return {action: 'not-installed', hookPath, messages: [`no pre-commit hook in ${show(hooksDir)}: nothing to uninstall.`]}
  const meta = parseHook(readIfFile(hookPath) ?? '')
  if (!meta) {
    const stray = exists(join(hooksDir, `pre-commit${PREVIOUS_SUFFIX}`)) ? ` (${show(join(hooksDir, `pre-commit${PREVIOUS_SUFFIX}`))} is a hook codex-guard once set aside)` : ''
    return {action: 'refused', hookPath, messages: [`${show(hookPath)} is not codex-guard's hook; left alone${stray}.`]}
  }
  const previous = meta.previous === undefined ? undefined : join(hooksDir, meta.previous)
  if (previous && exists(previous)) {
    if (!options.dryRun) {
      writeJournal(hooksDir, {op: 'uninstall', previous: meta.previous})
      faultPoint('precommit-uninstall-journaled')
      renameSync(previous, hookPath)
      faultPoint('precommit-uninstall-renamed')
      unlinkSync(join(hooksDir, JOURNAL_NAME))
    }
    return {
      action: 'restored',
      hookPath,
      restored: previous,
      messages: [
        `${options.dryRun ? 'would remove' : 'removed'} the codex-guard pre-commit hook and ${options.dryRun ? 'restore' : 'restored'} the previous hook from ${show(previous)} to ${show(hookPath)}.`,
      ],
    }
  }
  if (!options.dryRun) {
    unlinkSync(hookPath)
    if (meta.createdDir) {
      try {
        if (readdirSync(hooksDir).length === 0) rmdirSync(hooksDir)
      } catch {
        // the directory is not empty or not ours to remove any more
      }
    }
  }
  const lost = previous ? ` (the previous hook ${show(previous)} is gone, so there is nothing to restore)` : ''
  return {action: 'removed', hookPath, messages: [`${options.dryRun ? 'would remove' : 'removed'} the codex-guard pre-commit hook ${show(hookPath)}${lost}.`]}
}

export interface HookStatus {
  hooksDir: string
  hookPath: string
  /** core.hooksPath, when set */
  hooksPathConfig?: string
  /** a pre-commit hook exists */
  present: boolean
  /** it is codex-guard's */
  installed: boolean
  /** the command in our hook, and whether its bin/run.js still exists */
  command?: string
  commandMissing?: boolean
  /** it runs this installation */
  current?: boolean
  previous?: {path: string; runs: boolean; exists: boolean}
  /** another manager's hook, or husky's directory */
  manager?: string
  /** .pre-commit-config.yaml runs codex-guard */
  frameworkConfig: boolean
  /** codex-guard runs through the pre-commit framework, which owns the hook */
  viaFramework: boolean
  messages: string[]
}

export async function precommitHookStatus(root: string, options: {env?: NodeJS.ProcessEnv} = {}): Promise<HookStatus> {
  const [hooksDir, hooksPathConfig] = await Promise.all([hooksDirectory(root, options.env), configuredHooksPath(root, options.env)])
  const hookPath = join(hooksDir, 'pre-commit')
  const show = (path: string) => relative(root, path) || path
  const content = exists(hookPath) ? (readIfFile(hookPath) ?? '') : undefined
  const meta = content === undefined ? undefined : parseHook(content)
  const frameworkConfig = frameworkConfigRuns(root)
  const viaFramework = meta === undefined && frameworkConfig && managerOf(content) === FRAMEWORK
  const status: HookStatus = {hooksDir, hookPath, hooksPathConfig, present: content !== undefined, installed: meta !== undefined || viaFramework, frameworkConfig, viaFramework, messages: []}
  const where = `${show(hookPath)}${hooksPathConfig ? ` (core.hooksPath = ${hooksPathConfig})` : ''}`
  if (meta && content !== undefined) {
    const line = content.split('\n').find((candidate) => /\bprecommit run\b/.test(candidate) && !candidate.startsWith('#'))
    status.command = line?.replace(/ \|\| \{.*$/, '')
    const runJs = /'([^']*bin\/run\.js)'|(\S*bin\/run\.js)/.exec(status.command ?? '')
    const runPath = runJs?.[1] ?? runJs?.[2]
    status.commandMissing = runPath !== undefined && !existsSync(runPath)
    status.current = status.command === precommitCommand()
    if (meta.previous) status.previous = {path: join(hooksDir, meta.previous), runs: meta.runPrevious, exists: exists(join(hooksDir, meta.previous))}
    status.messages.push(`installed: codex-guard pre-commit hook in ${where}`, `  runs: ${status.command ?? '(command not found in the hook)'}`)
    if (status.commandMissing) status.messages.push('  WARNING: that codex-guard installation no longer exists; every commit will fail. Run `codex-guard precommit install` again.')
    else if (!status.current) status.messages.push('  note: it runs another codex-guard installation than this one; `codex-guard precommit install` points it here.')
    if (status.previous) {
      status.messages.push(
        `  previous hook: ${show(status.previous.path)} (${status.previous.exists ? (status.previous.runs ? 'runs first, exit code counts' : 'set aside, not run') : 'missing'}); uninstall restores it`,
      )
    }
  } else if (viaFramework) {
    status.manager = FRAMEWORK
    status.messages.push(`installed (via the pre-commit framework): ${where} runs pre-commit, and .pre-commit-config.yaml runs codex-guard.`)
  } else if (content !== undefined) {
    status.manager = huskyManaged(hooksDir, content) ? 'husky' : (managerOf(content) ?? 'another tool')
    status.messages.push(
      `not installed: ${where} belongs to ${status.manager}; \`codex-guard precommit install\` ${status.manager === 'husky' ? 'cannot chain husky (see docs/precommit.md)' : 'would chain it'}.`,
    )
  } else {
    status.messages.push(`not installed: no pre-commit hook in ${show(dirname(hookPath))}${hooksPathConfig ? ` (core.hooksPath = ${hooksPathConfig})` : ''}.`)
  }
  if (exists(join(hooksDir, JOURNAL_NAME)))
    status.messages.push(`interrupted: ${show(join(hooksDir, JOURNAL_NAME))} records an install or uninstall that was killed; \`codex-guard precommit install\` (or uninstall) finishes it.`)
  if (frameworkConfig && !viaFramework) {
    status.messages.push(`pre-commit framework: .pre-commit-config.yaml lists codex-guard${content === undefined ? '; run `pre-commit install` to activate it' : ''}.`)
  }
  return status
}
