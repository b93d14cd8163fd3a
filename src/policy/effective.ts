// The effective policy: catalogue filtered by profile, plus a repository's project policy.
import {GlobPath, GlobSet, globsMatcher} from '../util/glob.js'
import {ALLOW_PATTERNS, COMMAND_RULES, DEFAULT_THRESHOLDS, isSecretTemplate, PROTECTED_PATHS, SAFE_ENV_NAMES, SECRET_ENV_PATTERNS, SENSITIVE_PATHS} from './catalogue.js'
import type {ProjectPolicy, Suppression} from './project-policy.js'
import type {CommandRule, ProfileName, ProtectedPath, RuleDecision, SensitivePath, Thresholds} from './types.js'

export interface ProfiledCommandRule extends CommandRule {
  effectiveDecision: Exclude<RuleDecision, 'allow'>
}

export interface EffectivePolicy {
  profile: ProfileName
  sensitivePaths: SensitivePath[]
  allowPatterns: string[]
  protectedPaths: ProtectedPath[]
  commandRules: ProfiledCommandRule[]
  envExclude: string[]
  safeEnvNames: string[]
  thresholds: Thresholds
  suppressions: Suppression[]
}

const includes = (entryProfile: ProfileName, profile: ProfileName) => profile === 'strict' || entryProfile === 'standard'

export function buildPolicy(profile: ProfileName, project?: ProjectPolicy): EffectivePolicy {
  const sensitivePaths = SENSITIVE_PATHS.filter((entry) => includes(entry.profile, profile))
  if (project?.denyRead.length) {
    sensitivePaths.push({
      id: 'project.deny-read',
      category: 'env-files',
      scope: 'project',
      patterns: project.denyRead,
      actions: ['deny-read', 'deny-write', 'block-on-commit'],
      profile,
      credential: 'generic',
      description: `added by ${project.file}`,
    })
  }
  if (project?.homeDenyRead.length) {
    sensitivePaths.push({
      id: 'project.home-deny-read',
      category: 'env-files',
      scope: 'home',
      patterns: project.homeDenyRead,
      actions: ['deny-read', 'deny-write'],
      profile,
      credential: 'generic',
      description: `added by ${project.file}`,
    })
  }
  const protectedPaths = PROTECTED_PATHS.filter((entry) => includes(entry.profile, profile))
  for (const [index, path] of (project?.protect ?? []).entries()) {
    protectedPaths.push({id: `project.protect.${index}`, path, profile, reason: `protected by ${project?.file}`})
  }
  const commandRules: ProfiledCommandRule[] = []
  for (const rule of COMMAND_RULES) {
    const decision = rule.decision[profile]
    if (decision) commandRules.push({...rule, effectiveDecision: decision})
  }
  return {
    profile,
    sensitivePaths,
    allowPatterns: [...ALLOW_PATTERNS, ...(project?.allow ?? []).map((pattern) => (pattern.includes('/') ? pattern : `**/${pattern}`))],
    protectedPaths,
    commandRules,
    envExclude: unique([...SECRET_ENV_PATTERNS, ...(project?.envExclude ?? [])]),
    safeEnvNames: SAFE_ENV_NAMES,
    thresholds: {...DEFAULT_THRESHOLDS, ...project?.thresholds},
    suppressions: project?.suppressions ?? [],
  }
}

/**
 * Whether an environment variable name is secret under the policy: one of its env-exclude globs
 * (case-insensitive, Codex's shell_environment_policy syntax) matches and it is not a known-safe name.
 */
export function secretEnvName(policy: EffectivePolicy): (name: string) => boolean {
  const excluded = globsMatcher(policy.envExclude, {nocase: true, dot: true})
  return (name) => !policy.safeEnvNames.includes(name) && excluded(name)
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)]
}

export interface PathMatch {
  entry: SensitivePath
  pattern: string
  /** true when only a detect-only pattern matched: the Codex profile has no entry for it. */
  detectOnly: boolean
}

/** Classifies repository-relative paths against the project-scope catalogue. */
export class PathClassifier {
  // Built on first use, each glob compiled only for a path it may match (util/glob.ts): the
  // PreToolUse hook builds a classifier per call and tests a few paths, most of them no secret.
  private compiled?: {allow: GlobSet; globs: GlobSet; entries: {entry: SensitivePath; pattern: string; detectOnly: boolean}[]}

  constructor(private readonly policy: EffectivePolicy) {}

  private get patterns() {
    if (this.compiled) return this.compiled
    const options = {dot: true, nocase: false}
    const entries: {entry: SensitivePath; pattern: string; detectOnly: boolean}[] = []
    for (const entry of this.policy.sensitivePaths) {
      if (entry.scope !== 'project') continue
      for (const pattern of entry.patterns) entries.push({entry, pattern, detectOnly: false})
      for (const pattern of entry.detectPatterns ?? []) entries.push({entry, pattern, detectOnly: true})
    }
    const globs = new GlobSet(
      entries.map(({pattern}) => pattern),
      options,
    )
    this.compiled = {allow: new GlobSet(this.policy.allowPatterns, options), globs, entries}
    return this.compiled
  }

  isAllowed(relativePath: string | GlobPath): boolean {
    const path = typeof relativePath === 'string' ? new GlobPath(relativePath) : relativePath
    return isSecretTemplate(path.path) || this.patterns.allow.some(path)
  }

  /** Sensitive-path matches for a file; empty for allow-listed templates and ordinary files. */
  classify(relativePath: string): PathMatch[] {
    const path = new GlobPath(relativePath.split('\\').join('/'))
    if (this.isAllowed(path)) return []
    const {entries, globs} = this.patterns
    const matches = globs.matching(path).map((index) => entries[index] as (typeof entries)[number])
    const covered = matches.some((match) => !match.detectOnly)
    return matches.map(({entry, pattern}) => ({entry, pattern, detectOnly: !covered}))
  }
}
