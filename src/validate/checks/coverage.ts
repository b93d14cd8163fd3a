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
    description: 'A file the catalogue blocks from commits is tracked by git: its contents are in the history and on every clone.',
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
    return sensitiveFiles(context)
      .filter(({file, matches}) => file.tracked && matches.some((match) => match.entry.actions.includes('block-on-commit')))
      .map(({file, matches}) => finding(this.meta, {file: file.path, message: `${matches[0]!.entry.description} is tracked by git`}))
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
  },
}

export const COVERAGE_CHECKS = [undenied, tracked, notIgnored, homeUndenied, protectedWritable]
