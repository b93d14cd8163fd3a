// Coverage: sensitive files that exist but that the effective profile does not deny, that git
// tracks, or that .gitignore misses; credential locations in $HOME the profile leaves readable.
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {expandHome, ProfileMatcher} from '../../codex/permissions.js'
import {PathClassifier} from '../../policy/effective.js'
import type {FindingInput} from '../../report/finding.js'
import {type Check, finding, type ValidateContext} from '../check.js'

function sensitiveFiles(context: ValidateContext) {
  const classifier = new PathClassifier(context.policy)
  return context.files.flatMap((file) => {
    const matches = classifier.classify(file.path)
    return matches.length > 0 ? [{file, matches}] : []
  })
}

/** Every secret file of the repository with its verdict under the effective profile (and why, when readable). */
export function secretFileVerdicts(context: ValidateContext) {
  const matcher = new ProfileMatcher(context.profile, context.root, context.home)
  const reason = !context.profile
    ? 'no permission profile is in effect'
    : context.profile.overriddenBySandboxMode
      ? 'sandbox_mode overrides the permission profile'
      : !context.profile.defined
        ? `profile "${context.profile.name}" is not defined`
        : `no deny entry in profile "${context.profile.name}" covers it`
  return sensitiveFiles(context).map(({file, matches}) => {
    const denied = matcher.denyingEntry(file.path) !== undefined
    return {file, matches, denied, reason: denied ? undefined : reason}
  })
}

export const undenied: Check = {
  meta: {
    id: 'CG-COV-UNDENIED',
    title: 'Sensitive file readable by the agent',
    severity: 'high',
    description:
      'A file the catalogue treats as secret exists in the repository, but no deny entry in the effective permission profile covers it (or no profile applies), so sandboxed commands can read it.',
    remediation: 'run `codex-guard init` (and trust the project); for a name the catalogue lacks, add it to [paths] deny_read in .codex/codex-guard.toml and rerun init',
    example: {bad: '.env.production with no "**/.env.production" = "none" entry', good: '"**/.env.production" = "none" in [permissions.codex-guard.filesystem.":workspace_roots"]'},
    examples: {
      flagged: [
        {
          text: 'default_permissions = "codex-guard"\n\n[permissions.codex-guard]\nextends = ":workspace"\n',
          files: {'.env.production': 'DATABASE_URL=postgres://app@db.internal:5432/app\n'},
          note: 'a hand-written profile without deny entries',
        },
        {text: 'sandbox_mode = "workspace-write"\n', files: {'config/master.key': '8c2f0e5b7a1d4c3e9f6b2a0d5e8c1f47\n'}, note: 'sandbox_mode overrides the profile'},
      ],
      clean: [{text: 'DATABASE_URL=postgres://app@db.internal:5432/app\n', file: '.env.production', note: 'denied by the profile codex-guard init writes'}],
    },
  },
  run(context) {
    const out: FindingInput[] = []
    for (const {file, matches, denied, reason} of secretFileVerdicts(context)) {
      if (denied) continue
      const entry = matches[0]!.entry
      const detectOnly = matches.every((match) => match.detectOnly)
      out.push(
        finding(this.meta, {
          file: file.path,
          message: `${entry.description} (${entry.category}) is readable by the agent: ${reason}${detectOnly ? '; the catalogue has no deny entry for this name' : ''}`,
          remediation: detectOnly ? `add "${file.path}" to [paths] deny_read in .codex/codex-guard.toml, then rerun codex-guard init` : this.meta.remediation,
        }),
      )
    }
    return out
  },
}

export const tracked: Check = {
  meta: {
    id: 'CG-COV-TRACKED',
    title: 'Secret file committed to git',
    severity: 'critical',
    description:
      'A file the catalogue blocks from commits is tracked by git, or a secret file (by name or content) was committed and later deleted: its contents are in the history and on every clone.',
    remediation: 'rotate the credentials it holds, `git rm --cached` it, add it to .gitignore, and purge it from history (git filter-repo)',
    example: {bad: 'git ls-files → .env', good: '.env untracked and listed in .gitignore'},
    examples: {
      flagged: [{text: 'DATABASE_URL=postgres://app@db.internal:5432/app\n', file: '.env', tracked: true}],
      clean: [
        {text: 'DATABASE_URL=postgres://app@db.internal:5432/app\n', file: '.env', note: 'untracked and ignored'},
        {text: 'DATABASE_URL=\n', file: '.env.example', tracked: true},
      ],
    },
  },
  run(context) {
    const inTree = sensitiveFiles(context)
      .filter(({file, matches}) => file.tracked && matches.some((match) => match.entry.actions.includes('block-on-commit')))
      .map(({file, matches}) => finding(this.meta, {file: file.path, message: `${matches[0]!.entry.description} is tracked by git`}))
    // Deleted from the tree but still in history: `git show <rev>:path` prints it on every clone.
    const inHistory = context.history.secrets
      .filter((secret) => !secret.inTree)
      .map((secret) =>
        finding(this.meta, {
          file: secret.path,
          message: `${secret.path} (${secret.reason}) was committed in ${secret.commit} and is still in the git history, though no longer in the tree`,
          remediation: `rotate the credentials it held, then purge it from every ref: git filter-repo --invert-paths --path ${secret.path} (and force-push, tell collaborators to re-clone)`,
        }),
      )
    const truncated = context.history.truncated ? [finding(this.meta, {message: 'the history scan stopped at its commit limit; older commits were not checked', severity: 'low'})] : []
    return [...inTree, ...inHistory, ...truncated]
  },
}

export const notIgnored: Check = {
  meta: {
    id: 'CG-COV-NOT-IGNORED',
    title: 'Secret file not in .gitignore',
    severity: 'medium',
    description: 'An untracked secret file is not ignored by git, so `git add -A` (by you or the agent) would commit it.',
    remediation: 'run `codex-guard init` (adds .gitignore entries) or add the path to .gitignore',
    example: {bad: '.env untracked, not ignored', good: '.env matched by .gitignore'},
    examples: {
      flagged: [{text: 'node_modules/\ndist/\n', file: '.gitignore', files: {'.env': 'DATABASE_URL=postgres://app@db.internal:5432/app\n'}}],
      clean: [{text: 'DATABASE_URL=postgres://app@db.internal:5432/app\n', file: '.env', note: 'matched by the .gitignore codex-guard init writes'}],
    },
  },
  run(context) {
    return sensitiveFiles(context)
      .filter(({file, matches}) => !file.tracked && !file.ignored && matches.some((match) => match.entry.actions.includes('block-on-commit')))
      .map(({file, matches}) => finding(this.meta, {file: file.path, message: `${matches[0]!.entry.description} is neither tracked nor ignored`}))
  },
}

export const homeUndenied: Check = {
  meta: {
    id: 'CG-COV-HOME-UNDENIED',
    title: 'Credential location in $HOME readable by the agent',
    severity: 'medium',
    description: 'A credential file or directory exists in your home directory and the effective profile does not deny it; any sandboxed command can read it.',
    remediation: 'run `codex-guard init` and trust the project, or add the path to [paths] home_deny_read',
    example: {bad: '~/.aws/credentials exists, no "~/.aws" = "none"', good: '"~/.aws" = "none" in [permissions.codex-guard.filesystem]'},
    examples: {
      flagged: [
        {
          text: 'default_permissions = "codex-guard"\n\n[permissions.codex-guard]\nextends = ":workspace"\n',
          files: {'~/.aws/credentials': '[default]\nregion = eu-west-1\n'},
          note: 'a hand-written profile without "~/.aws" = "none"',
        },
      ],
      clean: [{text: '[default]\nregion = eu-west-1\n', file: '~/.aws/credentials', note: 'denied by the profile codex-guard init writes'}],
    },
  },
  run(context) {
    const matcher = new ProfileMatcher(context.profile, context.root, context.home)
    const out: FindingInput[] = []
    for (const entry of context.policy.sensitivePaths) {
      if (entry.scope !== 'home' || !entry.actions.includes('deny-read')) continue
      for (const pattern of entry.patterns) {
        const absolute = expandHome(pattern, context.home)
        if (!existsSync(absolute) || matcher.deniesAbsolute(absolute)) continue
        out.push(finding(this.meta, {file: pattern, message: `${pattern} (${entry.description}) exists and is readable by the agent`, severity: entry.category === 'history-db' ? 'low' : 'medium'}))
      }
    }
    return out
  },
}

export const protectedWritable: Check = {
  meta: {
    id: 'CG-COV-PROTECTED-WRITABLE',
    title: 'Protected file writable by the agent',
    severity: 'medium',
    description:
      'A CI workflow folder, git-hook folder or agent instruction file exists but the profile has no read-only entry for it (init writes them only for paths that exist, because Codex masks missing ones).',
    remediation: 'rerun `codex-guard init` so the profile makes it read-only',
    example: {bad: '.github/workflows/ exists, no ".github/workflows/**" = "read"', good: '".github/workflows/**" = "read" in the profile'},
    examples: {
      flagged: [
        {text: 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n', file: '.github/workflows/ci.yml', note: 'added after codex-guard init'},
      ],
      clean: [
        {
          text: '# app\n',
          file: 'README.md',
          files: {'.github/workflows/ci.yml': 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n'},
          note: 'the workflow existed when codex-guard init ran',
        },
      ],
    },
  },
  run(context) {
    if (!context.profile?.defined || context.profile.overriddenBySandboxMode) return []
    const readOnly = new Set(context.profile.workspaceReadOnly)
    return context.policy.protectedPaths
      .filter((entry) => {
        const target = entry.path.endsWith('/**') ? entry.path.slice(0, -3) : entry.path
        return existsSync(join(context.root, target)) && !readOnly.has(entry.path)
      })
      .map((entry) => finding(this.meta, {file: entry.path, message: `${entry.path} (${entry.reason}) can be changed by sandboxed commands`}))
      .concat(
        context.discovery.entries.readOnly
          .filter((path) => !readOnly.has(path))
          .map((path) => finding(this.meta, {file: path, message: `${path} (agent instructions, found after init) can be changed by sandboxed commands`})),
      )
  },
}

export const contentUndenied: Check = {
  meta: {
    id: 'CG-COV-CONTENT',
    title: 'File holding a credential readable by the agent',
    severity: 'critical',
    description:
      'A file holds a credential by its content (a private key, a kubeconfig with a client key or token, a registry config with an auth token, a cloud service-account key, dotenv-style secrets, a provider token) under a name the catalogue does not know, or one of your other projects under $HOME holds one, and the effective profile has no deny entry for it.',
    remediation: 'rerun `codex-guard init`: it walks the workspace and $HOME and writes an exact deny entry for every such file',
    example: {bad: 'deploy/hetzner_deploy_key holds an OpenSSH private key, no entry', good: '"deploy/hetzner_deploy_key" = "none" written by codex-guard init'},
    examples: {
      flagged: [
        {
          text: `apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: admin\n  user:\n    client-key-data: ${'LS0tLS1CRUdJTi'}BSU0EgUFJJVkFURSBLRVktLS0tLQo=\n`,
          file: 'infra/prod_kubeconfig.yaml',
          note: 'added after codex-guard init',
        },
      ],
      clean: [{text: 'apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: admin\n  user:\n    client-key-data: <base64>\n', file: 'docs/kubeconfig.example.yaml', note: 'a placeholder'}],
    },
  },
  run(context) {
    const matcher = new ProfileMatcher(context.profile, context.root, context.home)
    const out: FindingInput[] = []
    for (const file of context.discovery.credentials) {
      if (file.by !== 'content' || matcher.denyingEntry(file.path)) continue
      out.push(finding(this.meta, {file: file.path, line: file.line, message: `${file.path} holds ${file.reason} and is readable by the agent`}))
    }
    for (const entry of context.discovery.home) {
      if (matcher.deniesAbsolute(expandHome(entry.path, context.home))) continue
      out.push(finding(this.meta, {file: entry.path, message: `${entry.path} (${entry.reason}) is outside the workspace and readable by the agent`, severity: 'high'}))
    }
    return out
  },
}

export const staleDeny: Check = {
  meta: {
    id: 'CG-COV-STALE-DENY',
    title: 'Deny entry for a file that no longer exists',
    severity: 'low',
    description: 'An exact deny entry of the profile names a file that is gone (moved or deleted); if it moved, the new place is readable.',
    remediation: 'rerun `codex-guard init` to rewrite the exact entries from the files on disk',
    example: {bad: '"old/deploy_key" = "none" and old/deploy_key deleted', good: 'entries match the files on disk'},
    examples: {
      flagged: [
        {
          text: 'default_permissions = "codex-guard"\n\n[permissions.codex-guard]\nextends = ":workspace"\n\n[permissions.codex-guard.filesystem]\nglob_scan_max_depth = 9\n\n[permissions.codex-guard.filesystem.":workspace_roots"]\n"." = "write"\n"keys/gone_key" = "none"\n',
          note: 'the key was deleted after init',
        },
      ],
      clean: [{text: '# app\n', file: 'README.md'}],
    },
  },
  run(context) {
    if (!context.profile?.defined || context.profile.overriddenBySandboxMode) return []
    const catalogueHome = new Set(context.policy.sensitivePaths.filter((entry) => entry.scope === 'home').flatMap((entry) => entry.patterns))
    const exact = (pattern: string) => !/[*?[{]/.test(pattern)
    const gone = [
      ...context.profile.workspaceDenies.filter((pattern) => exact(pattern) && !existsSync(join(context.root, pattern))),
      ...context.profile.homeDenies.filter(
        (pattern) => exact(pattern) && !catalogueHome.has(pattern) && !context.discovery.home.some((entry) => entry.path === pattern) && !existsSync(expandHome(pattern, context.home)),
      ),
    ]
    return gone.map((pattern) => finding(this.meta, {file: pattern, message: `deny entry "${pattern}" names a file that no longer exists`}))
  },
}

export const COVERAGE_CHECKS = [undenied, tracked, notIgnored, homeUndenied, protectedWritable, contentUndenied, staleDeny]
