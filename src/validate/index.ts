// Runs every validate check over the Codex layers that apply to a repository.
import {homedir} from 'node:os'
import {relative} from 'node:path'
import {loadLayers, SYSTEM_CONFIG_DIR} from '../codex/layers.js'
import {effectiveProfile} from '../codex/permissions.js'
import {loadRulesChain} from '../codex/rules/loader.js'
import {ignoredPaths, trackedFiles} from '../git/repo.js'
import {buildPolicy} from '../policy/effective.js'
import {loadProjectPolicy, type ProjectPolicy} from '../policy/project-policy.js'
import type {ProfileName} from '../policy/types.js'
import {type Finding, makeFinding, severityRank, sortFindings} from '../report/finding.js'
import type {RuleMeta} from '../report/rule-meta.js'
import {policySuppression} from '../report/suppress.js'
import {ConfigError} from '../util/errors.js'
import {walkRepository} from '../util/walk.js'
import type {Check, ParsedRules, ValidateContext} from './check.js'
import {CONFIG_CHECKS} from './checks/config.js'
import {COVERAGE_CHECKS} from './checks/coverage.js'
import {ENV_CHECKS} from './checks/env.js'
import {HOOKS_BROKEN, probeHooks} from './checks/hook-probe.js'
import {checkHooks, HOOK_CHECK_RULES, hooksWired} from './checks/hooks.js'
import {MANAGED_CHECKS} from './checks/managed.js'
import {RULES_CHECKS} from './checks/rules.js'
import {SYNTAX_CHECKS} from './checks/syntax.js'

export const VALIDATE_CHECKS: Check[] = [...SYNTAX_CHECKS, ...CONFIG_CHECKS, ...ENV_CHECKS, ...RULES_CHECKS, ...COVERAGE_CHECKS, ...MANAGED_CHECKS]

export const WALK_META: RuleMeta = {
  id: 'CG-WALK-UNREADABLE',
  title: 'Directory could not be scanned',
  severity: 'low',
  description: 'A directory in the repository could not be read, so coverage could not be checked inside it.',
  remediation: 'fix its permissions or run codex-guard as a user who can read it',
  example: {bad: 'chmod 000 secrets/', good: 'chmod 700 secrets/'},
}

export interface ValidateOptions {
  root: string
  env?: NodeJS.ProcessEnv
  profile?: ProfileName
  systemDir?: string
  /** codex binary for the hook-trust check and for rules files the subset cannot evaluate; undefined skips both with a finding */
  codex?: string
}

export interface ValidateResult {
  findings: Finding[]
  suppressed: {finding: Finding; reason: string}[]
  /** Files that could not be loaded (syntax errors): the command exits 2. */
  brokenInputs: boolean
  /** What the checks saw (layers, profile, files), for doctor's status view. */
  context: ValidateContext
}

export async function runValidate(options: ValidateOptions): Promise<ValidateResult> {
  const env = options.env ?? process.env
  const root = options.root
  const home = env['HOME'] ?? homedir()
  const layers = loadLayers(root, env, options.systemDir)

  let projectPolicy: ProjectPolicy | undefined
  let projectPolicyError: ConfigError | undefined
  try {
    projectPolicy = loadProjectPolicy(root)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    projectPolicyError = error
  }
  const policy = buildPolicy(options.profile ?? projectPolicy?.profile ?? 'standard', projectPolicy)

  const rules: ParsedRules[] = await loadRulesChain(layers.rules, {codex: options.codex, env})

  const walk = walkRepository(root)
  const tracked = await trackedFiles(root)
  const untracked = walk.files.filter((file) => !tracked.has(file))
  const ignored = await ignoredPaths(root, untracked)
  const display = (file: string) => {
    const rel = relative(root, file)
    return rel.startsWith('..') || rel === '' ? file : rel
  }
  const {discoverEntries} = await import('../detect/coverage.js')
  const discovery = await discoverEntries(root, policy, {env})
  const {secretsInHistory} = await import('../detect/history.js')
  const onDisk = new Set(walk.files)
  const history = await secretsInHistory(root, policy, (path) => onDisk.has(path))
  const context: ValidateContext = {
    discovery,
    history,
    root,
    env,
    home,
    layers,
    profile: effectiveProfile(layers.effective),
    projectPolicy,
    projectPolicyError,
    policy,
    rules,
    files: walk.files.map((path) => ({path, tracked: tracked.has(path), ignored: ignored.has(path)})),
    walkNotes: walk.unreadable.map((entry) => ({
      ruleId: WALK_META.id,
      severity: WALK_META.severity,
      file: entry.path,
      message: `cannot read directory (${entry.reason})`,
      remediation: WALK_META.remediation,
    })),
    display,
  }

  const hookFindings = [...(await checkHooks(root, options.codex, env, layers.trust === 'trusted')), ...(hooksWired(root) ? await probeHooks(root, env, options.systemDir ?? SYSTEM_CONFIG_DIR) : [])]
  const all = [...VALIDATE_CHECKS.flatMap((check) => check.run(context)), ...hookFindings, ...context.walkNotes].map(makeFinding)
  const findings: Finding[] = []
  const suppressed: ValidateResult['suppressed'] = []
  for (const finding of all) {
    const rule = policySuppression(policy.suppressions, finding)
    if (rule) suppressed.push({finding, reason: rule.reason})
    else findings.push(finding)
  }
  // A rules file only Codex could check is reported below high and does not count as broken.
  const brokenInputs = findings.some((finding) => finding.ruleId.startsWith('CG-SYNTAX-') && severityRank(finding.severity) >= severityRank('high'))
  return {findings: sortFindings(findings), suppressed, brokenInputs, context}
}

export const VALIDATE_RULES: RuleMeta[] = [...VALIDATE_CHECKS.map((check) => check.meta), ...HOOK_CHECK_RULES, HOOKS_BROKEN, WALK_META]
