// `codex-guard init`: plans every file edit from the effective policy; the command applies them.
import {existsSync, lstatSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {HOOKS_FILE, mergeHooksJson} from '../codex/hooks.js'
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
import {upsertSection} from './marked-section.js'
import type {PlannedEdit} from './plan.js'
import {RULES_FILE, RULES_HEADER, renderRulesFile} from './rules-file.js'

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

function readIfExists(path: string): string | undefined {
  if (!existsSync(path)) return undefined
  if (lstatSync(path).isSymbolicLink()) {
    throw new ConfigError('is a symbolic link; codex-guard will not write through it (Codex ignores symlinked rules files too)', path)
  }
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigError(`cannot read: ${(error as Error).message}`, path)
  }
}

export function planInit(options: InitOptions): InitPlan {
  const {root} = options
  const project = loadProjectPolicy(root)
  const profile = options.profile ?? project?.profile ?? 'standard'
  const policy = buildPolicy(profile, project)
  const edits: PlannedEdit[] = []
  const conflicts: FileConflict[] = []
  const forced: FileConflict[] = []

  const configPath = join(root, PROJECT_CONFIG_FILE)
  const configBefore = readIfExists(configPath)
  // AGENTS.md counts as existing when this run writes it.
  const protectedExists = (path: string) => existsSync(join(root, path)) || (path === 'AGENTS.md' && options.agentsMd)
  const merged = mergeProjectConfig(configBefore, policy, configPath, options.force, protectedExists)
  for (const conflict of merged.conflicts) {
    const located: FileConflict = {...conflict, file: PROJECT_CONFIG_FILE}
    conflicts.push(located)
    if (merged.forced.includes(conflict)) forced.push(located)
  }
  edits.push({path: configPath, before: configBefore, after: merged.text, backup: true, description: 'permission profile, environment filter'})

  const rulesPath = join(root, RULES_FILE)
  const rulesBefore = readIfExists(rulesPath)
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
    const before = readIfExists(hooksPath)
    edits.push({path: hooksPath, before, after: mergeHooksJson(before, hooksPath, options.runtimeId ?? runtimeId()), backup: true, description: 'PreToolUse/PostToolUse/Stop hooks'})
  }

  const policyPath = join(root, PROJECT_POLICY_FILE)
  if (!existsSync(policyPath)) {
    const starter = readFileSync(templatePath('codex-guard.toml'), 'utf8').replace('{{PROFILE}}', profile)
    edits.push({path: policyPath, before: undefined, after: starter, backup: false, description: 'project policy (yours to edit)'})
  }

  if (options.agentsMd) {
    const agentsPath = join(root, 'AGENTS.md')
    const before = readIfExists(agentsPath)
    edits.push({path: agentsPath, before, after: upsertSection(before, renderAgentsSection(policy), AGENTS_MARKERS), backup: true, description: 'agent guardrails section'})
  }
  if (options.gitignore) {
    const ignorePath = join(root, '.gitignore')
    const before = readIfExists(ignorePath)
    edits.push({path: ignorePath, before, after: upsertSection(before, renderGitignoreSection(policy), GITIGNORE_MARKERS), backup: true, description: 'ignore secret files'})
  }

  const user = readUserConfig(options.env)
  const state = trustState(user.text, root, user.file)
  const willTrust = options.trust && state !== 'trusted'
  if (willTrust) {
    edits.push({path: user.file, before: user.text, after: withProjectTrusted(user.text, root), backup: true, mode: 0o600, description: 'trust this project in your Codex config'})
  }
  return {policy, edits, conflicts, forced, trust: {state, userConfig: user.file, willTrust}}
}
