// `codex-guard doctor`: one view of what protects a repository right now, built from validate's
// loaders and checks (never a second reading): the codex binary, trust, every config layer and
// where the permission profile comes from, rules files, hooks with their probe, the environment
// policy, managed policy files, the git pre-commit hook, and each secret file's verdict.
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {SYSTEM_CONFIG_DIR} from '../codex/layers.js'
import type {ProfileName} from '../policy/types.js'
import {atOrAbove, type Finding} from '../report/finding.js'
import {secretFileVerdicts} from './checks/coverage.js'
import {envPassesSecrets} from './checks/env.js'
import {HOOKS_BROKEN} from './checks/hook-probe.js'
import {HOOK_CHECK_RULES, hooksWired} from './checks/hooks.js'
import {runValidate} from './index.js'

/** Managed policy files Codex reads from the system directory (an administrator's, users cannot loosen them). */
export const MANAGED_FILES = ['requirements.toml', 'managed_config.toml']

export interface DoctorCodex {
  path?: string
  source?: string
  version?: string
  tested?: string
  warning?: string
  error?: string
}

export interface DoctorReport {
  root: string
  codex: DoctorCodex
  trust: {state: string; userConfig: string}
  layers: {kind: string; file: string; enabled: boolean; note?: string}[]
  profile: {name?: string; setIn?: string; defined: boolean; overriddenBySandboxMode: boolean; workspaceDenies: number; homeDenies: number; network: boolean}
  rules: {file: string; kind: string; enabled: boolean; note?: string}[]
  hooks: {wired: boolean; healthy: boolean; problems: string[]}
  envPolicy: {passesSecrets: boolean; detail?: string}
  managed: {file: string; present: boolean}[]
  secretFiles: {path: string; verdict: 'denied' | 'readable'; category: string; tracked: boolean; ignored: boolean; reason?: string}[]
  /** the git pre-commit hook (filled by the command: precommit/ is a sibling feature) */
  precommit?: {installed: boolean; viaFramework: boolean; summary: string}
  /** validate findings at high or above: what leaves the repository unprotected */
  problems: Finding[]
  healthy: boolean
}

export async function runDoctor(options: {root: string; codex: DoctorCodex; profile?: ProfileName; env?: NodeJS.ProcessEnv; systemDir?: string}): Promise<DoctorReport> {
  const systemDir = options.systemDir ?? SYSTEM_CONFIG_DIR
  const result = await runValidate({root: options.root, profile: options.profile, codex: options.codex.path, env: options.env, systemDir})
  const {context, findings} = result
  const {layers} = context
  const enabledLayers = layers.layers.filter((layer) => layer.enabled && layer.doc)
  const setIn = enabledLayers.filter((layer) => layer.doc!.data['default_permissions'] !== undefined).pop()?.file
  const hookIds = new Set([HOOKS_BROKEN.id, ...HOOK_CHECK_RULES.map((rule) => rule.id)])
  const hookProblems = findings.filter((finding) => hookIds.has(finding.ruleId)).map((finding) => finding.message)
  const env = findings.find((finding) => finding.ruleId === envPassesSecrets.meta.id)
  const problems = atOrAbove(findings, 'high')
  return {
    root: options.root,
    codex: options.codex,
    trust: {state: layers.trust, userConfig: layers.userConfig},
    layers: layers.layers.map((layer) => ({kind: layer.kind, file: layer.file, enabled: layer.enabled, note: layer.error?.located ?? layer.disabledReason})),
    profile: {
      name: context.profile?.name,
      setIn,
      defined: context.profile?.defined ?? false,
      overriddenBySandboxMode: context.profile?.overriddenBySandboxMode ?? false,
      workspaceDenies: context.profile?.workspaceDenies.length ?? 0,
      homeDenies: context.profile?.homeDenies.length ?? 0,
      network: context.profile?.networkEnabled ?? false,
    },
    rules: context.rules.map((rules) => ({
      file: rules.source.file,
      kind: rules.source.kind,
      enabled: rules.source.enabled && !rules.source.symlink,
      note: rules.source.symlink ? 'symlink: Codex skips it' : rules.error ? rules.error.message : !rules.source.enabled ? 'project not trusted' : undefined,
    })),
    hooks: {wired: hooksWired(options.root), healthy: hookProblems.length === 0, problems: hookProblems},
    envPolicy: {passesSecrets: env !== undefined, detail: env?.message},
    managed: MANAGED_FILES.map((name) => ({file: join(systemDir, name), present: existsSync(join(systemDir, name))})),
    secretFiles: secretFileVerdicts(context).map(({file, matches, denied, reason}) => ({
      path: file.path,
      verdict: denied ? 'denied' : 'readable',
      category: matches[0]!.entry.category,
      tracked: file.tracked,
      ignored: file.ignored,
      reason,
    })),
    problems,
    healthy: problems.length === 0 && !result.brokenInputs,
  }
}
