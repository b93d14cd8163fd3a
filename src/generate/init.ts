// `codex-guard init`: plans every file edit from the effective policy; the command applies them.
import {existsSync, lstatSync, readFileSync, readlinkSync, realpathSync} from 'node:fs'
import {dirname, join, relative, resolve, sep} from 'node:path'
import {HOOKS_FILE, mergeHooksJson} from '../codex/hooks.js'
import type {DiscoveredEntries} from '../codex/profile.js'
import {readUserConfig, type TrustState, trustState, withProjectTrusted} from '../codex/trust.js'
import {buildPolicy, type EffectivePolicy} from '../policy/effective.js'
import {loadProjectPolicy, PROJECT_POLICY_FILE} from '../policy/project-policy.js'
import type {ProfileName} from '../policy/types.js'
import {ConfigError} from '../util/errors.js'
import {templatePath} from '../util/paths.js'
import {AGENTS_MARKERS, renderAgentsSection} from './agents-md.js'
import {type Conflict, mergeProjectConfig} from './config-toml.js'
import {GITIGNORE_MARKERS, renderGitignoreSection} from './gitignore.js'
import {runtimeId} from './hook-runtime.js'
import {type Markers, upsertSection} from './marked-section.js'
import type {PlannedEdit} from './plan.js'
import {RULES_FILE, RULES_HEADER, renderRulesFile} from './rules-file.js'
import {assertSectionFits, type DecodedText, type DecodeOptions, readUserFile} from './text-file.js'

export const PROJECT_CONFIG_FILE = '.codex/config.toml'

export interface InitOptions {
  root: string
  profile?: ProfileName
  force: boolean
  trust: boolean
  agentsMd: boolean
  gitignore: boolean
  hooks: boolean
  /** The installed hook runtime the hooks.json commands run (see generate/hook-runtime.ts). */
  runtimeId?: string
  env?: NodeJS.ProcessEnv
  /** Exact entries from the content walk (detect/coverage.ts discoverEntries); none when omitted. */
  discovered?: DiscoveredEntries
}

export interface FileConflict extends Conflict {
  file: string
}

export interface InitPlan {
  policy: EffectivePolicy
  edits: PlannedEdit[]
  conflicts: FileConflict[]
  forced: FileConflict[]
  trust: {state: TrustState; userConfig: string; willTrust: boolean}
}

function readIfExists(path: string, options: DecodeOptions = {latin1: false}): DecodedText | undefined {
  if (!existsSync(path)) return undefined
  if (lstatSync(path).isSymbolicLink()) {
    throw new ConfigError('is a symbolic link; codex-guard will not write through it (Codex ignores symlinked rules files too)', path)
  }
  return readUserFile(path, options)
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return resolve(path)
  }
}

const isInside = (root: string, path: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)

/**
 * Refuses to write through a symbolic link (the file itself or any folder on its way) that leads
 * outside the repository: a cloned repository can ship `.codex -> ~/.codex` or
 * `AGENTS.md -> ~/.bashrc`, and init would then edit the user's own files. Links that stay inside
 * the repository are followed (the file itself still may not be a link, see readIfExists). Checked
 * before anything is read or written, so a refusal leaves every file as it was.
 */
export function assertInsideRepository(root: string, relativePath: string): void {
  const realRoot = realOrResolved(root)
  let current = root
  for (const segment of relativePath.split('/')) {
    current = join(current, segment)
    let link: boolean
    try {
      link = lstatSync(current).isSymbolicLink()
    } catch {
      return // missing: init creates it (and anything below it) inside the repository
    }
    if (!link) continue
    const target = readlinkSync(current)
    let resolved: string
    try {
      resolved = realpathSync(current)
    } catch {
      resolved = resolve(realOrResolved(dirname(current)), target) // a dangling link: where a write would land
    }
    if (isInside(realRoot, resolved)) continue
    const shown = relative(root, current)
    throw new ConfigError(
      `is a symbolic link to ${target}${resolved === target ? '' : ` (${resolved})`}, outside the repository ${realRoot}; codex-guard will not write ${relativePath} through it (a cloned repository can ship such a link to make init edit files in your home directory). Fix: if the link is not yours, delete it (rm ${shown}); otherwise replace it with a real ${segment === relativePath.split('/').pop() ? 'file' : 'directory'} inside the repository, then rerun codex-guard init`,
      current,
    )
  }
}

/** The policy init writes: the --profile flag, else the project policy's, else standard. */
export function initPolicy(root: string, profile?: ProfileName): EffectivePolicy {
  const project = loadProjectPolicy(root)
  return buildPolicy(profile ?? project?.profile ?? 'standard', project)
}

export function planInit(options: InitOptions): InitPlan {
  const {root} = options
  const targets = [PROJECT_CONFIG_FILE, RULES_FILE, PROJECT_POLICY_FILE]
  if (options.hooks) targets.push(HOOKS_FILE)
  if (options.agentsMd) targets.push('AGENTS.md')
  if (options.gitignore) targets.push('.gitignore')
  // $CODEX_HOME/config.toml (--trust) is the user's own file, asked for by name: not checked.
  for (const target of targets) assertInsideRepository(root, target)
  const policy = initPolicy(root, options.profile)
  const profile = policy.profile
  const edits: PlannedEdit[] = []
  const conflicts: FileConflict[] = []
  const forced: FileConflict[] = []

  const configPath = join(root, PROJECT_CONFIG_FILE)
  const configFile = readIfExists(configPath)
  const configBefore = configFile?.text
  // AGENTS.md counts as existing when this run writes it.
  const protectedExists = (path: string) => existsSync(join(root, path)) || (path === 'AGENTS.md' && options.agentsMd)
  const merged = mergeProjectConfig(configBefore, policy, configPath, options.force, protectedExists, options.discovered)
  for (const conflict of merged.conflicts) {
    const located: FileConflict = {...conflict, file: PROJECT_CONFIG_FILE}
    conflicts.push(located)
    if (merged.forced.includes(conflict)) forced.push(located)
  }
  edits.push({path: configPath, before: configBefore, after: merged.text, backup: true, description: 'permission profile, environment filter'})

  const rulesPath = join(root, RULES_FILE)
  // Replaced whole when it is codex-guard's (or with --force, after a byte-exact backup).
  const rulesBefore = readIfExists(rulesPath, {latin1: true})?.text
  const rulesAfter = renderRulesFile(policy)
  if (rulesBefore !== undefined && !rulesBefore.startsWith(RULES_HEADER)) {
    const conflict: FileConflict = {
      file: RULES_FILE,
      key: RULES_FILE,
      message: `${RULES_FILE} exists and was not written by codex-guard`,
      fix: 'move your rules to another .rules file in .codex/rules/ (all are loaded), or rerun with --force (a backup is kept)',
      forceable: true,
    }
    conflicts.push(conflict)
    if (options.force) forced.push(conflict)
  }
  if (rulesBefore === undefined || rulesBefore.startsWith(RULES_HEADER) || options.force) {
    edits.push({path: rulesPath, before: rulesBefore, after: rulesAfter, backup: !rulesBefore?.startsWith(RULES_HEADER), description: 'exec-policy rules'})
  }

  if (options.hooks) {
    const hooksPath = join(root, HOOKS_FILE)
    const before = readIfExists(hooksPath)?.text
    edits.push({path: hooksPath, before, after: mergeHooksJson(before, hooksPath, options.runtimeId ?? runtimeId()), backup: true, description: 'PreToolUse/PostToolUse/Stop hooks'})
  }

  const policyPath = join(root, PROJECT_POLICY_FILE)
  if (!existsSync(policyPath)) {
    const starter = readFileSync(templatePath('codex-guard.toml'), 'utf8').replace('{{PROFILE}}', profile)
    edits.push({path: policyPath, before: undefined, after: starter, backup: false, description: 'project policy (yours to edit)'})
  }

  // A marked section in a user's file: read with its encoding, checked to fit, upserted.
  const sectionEdit = (name: string, section: string, markers: Markers, skipFlag: string, description: string): PlannedEdit => {
    const path = join(root, name)
    const before = readIfExists(path, {latin1: true, alternative: `or rerun with ${skipFlag}`})
    assertSectionFits(section, before, path)
    return {path, before: before?.text, after: upsertSection(before?.text, section, markers, path), backup: true, encoding: before?.encoding, description}
  }
  if (options.agentsMd) edits.push(sectionEdit('AGENTS.md', renderAgentsSection(policy), AGENTS_MARKERS, '--no-agents-md', 'agent guardrails section'))
  if (options.gitignore) edits.push(sectionEdit('.gitignore', renderGitignoreSection(policy), GITIGNORE_MARKERS, '--no-gitignore', 'ignore secret files'))

  const user = readUserConfig(options.env)
  const state = trustState(user.text, root, user.file)
  const willTrust = options.trust && state !== 'trusted'
  if (willTrust) {
    edits.push({path: user.file, before: user.text, after: withProjectTrusted(user.text, root), backup: true, mode: 0o600, description: 'trust this project in your Codex config'})
  }
  return {policy, edits, conflicts, forced, trust: {state, userConfig: user.file, willTrust}}
}
