// Shapes of the policy catalogue. Every feature reads these; nothing re-lists paths by hand.

export type ProfileName = 'standard' | 'strict'
export const PROFILES: readonly ProfileName[] = ['standard', 'strict']

export type Scope = 'project' | 'home'
export type PathAction = 'deny-read' | 'deny-write' | 'block-on-commit'

export type Category = 'env-files' | 'ssh-gpg' | 'cloud' | 'registry' | 'git-forge' | 'kube-docker' | 'password-stores' | 'history-db' | 'iac-state' | 'certs-keystores' | 'agent'

/** Credential families, used to pick rotation steps. */
export type CredentialKind =
  | 'dotenv'
  | 'ssh'
  | 'gpg'
  | 'aws'
  | 'gcp'
  | 'azure'
  | 'cloud-other'
  | 'npm'
  | 'pypi'
  | 'package-registry'
  | 'github'
  | 'git-credentials'
  | 'kubernetes'
  | 'docker'
  | 'password-store'
  | 'shell-history'
  | 'database'
  | 'terraform'
  | 'vault'
  | 'private-key'
  | 'openai'
  | 'anthropic'
  | 'agent-session'
  | 'generic'

export interface SensitivePath {
  id: string
  category: Category
  scope: Scope
  /**
   * project scope: globs relative to the project root (minimatch with dot:true; Codex
   * permission-profile glob syntax is the same subset). home scope: paths beginning "~/";
   * a directory covers its whole subtree.
   */
  patterns: string[]
  /** Wider globs used only to detect files (validate coverage, pre-commit); never written to Codex. */
  detectPatterns?: string[]
  actions: PathAction[]
  /** The least strict profile that writes this entry into the Codex config. */
  profile: ProfileName
  credential: CredentialKind
  description: string
  /** A path (relative to the project root, or "~/…") where `verify` plants a canary secret. */
  canary?: string
}

/**
 * An agent-instruction or automation file (catalogue AGENT_FILES / AUTOMATION_FILES): the
 * agent must not rewrite it, and a change to it needs a human review.
 */
export interface ProtectedFile {
  id: string
  kind: 'agent' | 'automation'
  /**
   * Project-relative glob (minimatch, dot: true) the scanners, the hook, the file monitor and
   * the pre-commit check match in every profile. Absent: protected only through `codex`.
   */
  glob?: string
  reason: string
  /** The permission profile's read-only entry (exact path or "dir/**") and the least strict profile that writes it. */
  codex?: {path: string; profile: ProfileName}
}

/** A read-only entry of the permission profile (derived from ProtectedFile, or added by the project policy). */
export interface ProtectedPath {
  id: string
  /** Exact project-relative path, or a directory written as "dir/**". */
  path: string
  profile: ProfileName
  reason: string
}

export type RuleDecision = 'allow' | 'prompt' | 'forbidden'

export type CommandCategory = 'egress' | 'dns' | 'publish' | 'credential' | 'destructive-git' | 'env-dump'

/** A command prefix turned into a Codex prefix_rule; decisions per profile (absent = no rule). */
export interface CommandRule {
  id: string
  category: CommandCategory
  pattern: (string | string[])[]
  decision: Partial<Record<ProfileName, Exclude<RuleDecision, 'allow'>>>
  justification: string
  match: string[]
  notMatch?: string[]
}

export interface Thresholds {
  durationMinutes: number
  commands: number
  filesChanged: number
  tokens: number
}
