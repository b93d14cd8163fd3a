// The managed requirements layer (/etc/codex/requirements.toml): what it enforces, what it
// breaks in Codex, and what it switches off in the repository's own layers.
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {isCodexGuardCommand, readHooksJson, runtimeIdOf} from '../../codex/hooks.js'
import {describeRequirements, type ManagedRequirements} from '../../codex/requirements.js'
import {RUNTIME_ENTRY} from '../../generate/hook-runtime.js'
import {MANAGED_PERMISSION_PROFILE_NAME} from '../../policy/catalogue.js'
import type {FindingInput} from '../../report/finding.js'
import {isTable, lineOf} from '../../util/toml.js'
import {type Check, finding, type ValidateContext} from '../check.js'

const REQUIREMENTS = '$SYSTEM/requirements.toml'

function managed(context: ValidateContext): ManagedRequirements | undefined {
  return context.layers.managed?.requirements
}

export const managedSyntax: Check = {
  meta: {
    id: 'CG-SYNTAX-MANAGED',
    title: 'Managed requirements.toml does not load',
    severity: 'critical',
    description:
      'Codex refuses to start any session ("failed to parse requirements layer") when the managed requirements file is not valid TOML or has a value of the wrong shape: a list where Codex wants a table, a prefix rule with decision "allow", an empty rule list.',
    remediation: 'fix the file at the reported line, or regenerate it with `codex-guard fleet requirements --out FILE`',
    example: {bad: 'allowed_permission_profiles = ["codex-guard"]', good: '[allowed_permission_profiles]\ncodex-guard = true'},
    examples: {
      flagged: [
        {text: 'allowed_permission_profiles = ["codex-guard"]\n', file: REQUIREMENTS},
        {text: '[rules]\nprefix_rules = [{ pattern = [{ token = "ls" }], decision = "allow" }]\n', file: REQUIREMENTS},
        {text: 'allowed_sandbox_modes = ["read-only"\n', file: REQUIREMENTS},
      ],
      clean: [{text: 'allowed_sandbox_modes = ["read-only", "workspace-write"]\n', file: REQUIREMENTS}],
    },
  },
  run(context) {
    const layer = context.layers.managed
    if (!layer?.error) return []
    return [finding(this.meta, {file: layer.file, line: layer.error.line, column: layer.error.column, message: `managed requirements: ${layer.error.message}; every Codex session refuses to start`})]
  },
}

export const managedActive: Check = {
  meta: {
    id: 'CG-MANAGED-ACTIVE',
    title: 'Managed requirements in effect',
    severity: 'info',
    description: 'A managed requirements.toml applies to every Codex session on this machine, above every config layer and without project trust. This note lists what it enforces.',
    remediation: 'none needed; compare it with the codex-guard policy with `codex-guard fleet requirements --out FILE --check`',
    example: {bad: '/etc/codex/requirements.toml present', good: 'no managed file (nothing to report)'},
    examples: {
      flagged: [{text: 'allowed_sandbox_modes = ["read-only", "workspace-write"]\n', file: REQUIREMENTS}],
      clean: ['model = "gpt-5-codex"\n'],
    },
  },
  run(context) {
    const requirements = managed(context)
    if (!requirements) return []
    const enforced = describeRequirements(requirements)
    return [finding(this.meta, {file: requirements.file, message: `managed requirements: ${enforced.length ? enforced.join('; ') : 'present, but they constrain nothing codex-guard checks'}`})]
  },
}

export const managedDisablesHooks: Check = {
  meta: {
    id: 'CG-MANAGED-HOOKS-ONLY',
    title: 'Managed requirements switch off the project hooks',
    severity: 'high',
    description:
      'With `allow_managed_hooks_only = true` Codex ignores every user and project hook. The codex-guard hooks of this repository then never run unless the managed file carries them itself.',
    remediation: 'add the codex-guard hooks to the managed file (`codex-guard fleet requirements --out FILE`), or ask the fleet administrator to',
    example: {bad: 'allow_managed_hooks_only = true  # and no managed codex-guard hook', good: 'allow_managed_hooks_only = true\n[[hooks.PreToolUse]] … codex-guard-hook pre-tool-use …'},
    examples: {
      flagged: [{text: 'allow_managed_hooks_only = true\n', file: REQUIREMENTS}],
      clean: [{text: 'allow_managed_hooks_only = false\n', file: REQUIREMENTS}],
    },
  },
  run(context) {
    const requirements = managed(context)
    if (!requirements?.allowManagedHooksOnly) return []
    if (requirements.hooks.some((hook) => hook.event === 'PreToolUse' && isCodexGuardCommand(hook.command))) return []
    let projectHooks = false
    try {
      projectHooks = Object.values(readHooksJson(context.root).hooks).some((groups) => groups.some((group) => group.hooks.some((handler) => isCodexGuardCommand(handler.command))))
    } catch {
      // a damaged hooks.json is reported by the hooks checks
    }
    const what = projectHooks ? 'the codex-guard hooks in .codex/hooks.json never run' : 'no codex-guard hook can run on this machine'
    return [
      finding(this.meta, {
        file: requirements.file,
        line: lineOf(requirements.doc, 'allow_managed_hooks_only'),
        message: `managed allow_managed_hooks_only = true and no managed codex-guard PreToolUse hook: ${what}`,
      }),
    ]
  },
}

export const managedExcludesProject: Check = {
  meta: {
    id: 'CG-MANAGED-EXCLUDES',
    title: 'Managed requirements refuse what the project selects',
    severity: 'high',
    description:
      'The managed file limits sandbox modes and permission profiles. When the sandbox mode or permission profile the repository’s layers select is not allowed, Codex refuses to start the session or runs it without the project’s deny-read profile.',
    remediation: 'allow the project’s choice in the managed file (`codex-guard fleet requirements` allows the codex-guard profile), or change the project layer',
    example: {
      bad: '[allowed_permission_profiles]\n":workspace" = true  # the project selects codex-guard',
      good: 'default_permissions = "codex-guard"\n[allowed_permission_profiles]\ncodex-guard = true',
    },
    examples: {
      flagged: [
        {text: 'default_permissions = ":workspace"\n\n[allowed_permission_profiles]\n":workspace" = true\n":read-only" = true\n', file: REQUIREMENTS},
        {text: 'allowed_sandbox_modes = ["read-only"]\n', file: REQUIREMENTS, files: {'$CODEX_HOME/config.toml': 'sandbox_mode = "workspace-write"\n'}},
      ],
      clean: [
        {
          text: 'default_permissions = "codex-guard-managed"\n\n[allowed_permission_profiles]\ncodex-guard-managed = true\n\n[permissions.codex-guard-managed]\nextends = ":workspace"\n',
          file: REQUIREMENTS,
        },
        {text: '[allowed_permission_profiles]\ncodex-guard = true\n":workspace" = true\n":read-only" = true\n', file: REQUIREMENTS},
      ],
    },
  },
  run(context) {
    const requirements = managed(context)
    if (!requirements) return []
    const out: FindingInput[] = []
    const selected = context.layers.effective['default_permissions']
    const allowed = requirements.allowedPermissionProfiles
    // codex-guard's own managed profile takes over from the project's (same policy; `fleet requirements --check` compares them).
    const ownProfile = requirements.defaultPermissions === MANAGED_PERMISSION_PROFILE_NAME && requirements.definedProfiles.includes(MANAGED_PERMISSION_PROFILE_NAME)
    if (typeof selected === 'string' && allowed && !allowed.includes(selected) && !ownProfile) {
      out.push(
        finding(this.meta, {
          file: requirements.file,
          line: lineOf(requirements.doc, 'allowed_permission_profiles'),
          message: `the repository selects permission profile "${selected}", which the managed allowed_permission_profiles (${allowed.join(', ') || 'none'}) excludes`,
        }),
      )
    }
    const mode = context.layers.effective['sandbox_mode']
    if (typeof mode === 'string' && requirements.allowedSandboxModes && !requirements.allowedSandboxModes.includes(mode)) {
      out.push(
        finding(this.meta, {
          file: requirements.file,
          line: lineOf(requirements.doc, 'allowed_sandbox_modes'),
          message: `sandbox_mode = "${mode}" is not in the managed allowed_sandbox_modes (${requirements.allowedSandboxModes.join(', ')}); Codex refuses to start with it`,
        }),
      )
    }
    return out
  },
}

export const managedProfileConflict: Check = {
  meta: {
    id: 'CG-MANAGED-PROFILE-CONFLICT',
    title: 'A config layer redefines a managed permission profile',
    severity: 'critical',
    description:
      'Codex refuses to start ("requirements.toml permissions profile `X` conflicts with a config-defined profile of the same name") when the user or project config defines a permission profile with the name of one in the managed requirements.',
    remediation: 'rename the profile in one of the two files (`codex-guard fleet requirements` names its profile codex-guard-managed, apart from the project’s codex-guard)',
    example: {bad: '# requirements.toml\n[permissions.codex-guard]\n# .codex/config.toml\n[permissions.codex-guard]', good: '# requirements.toml\n[permissions.codex-guard-managed]'},
    examples: {
      flagged: [{text: '[permissions.codex-guard]\nextends = ":workspace"\n', file: REQUIREMENTS}],
      clean: [{text: '[permissions.codex-guard-managed]\nextends = ":workspace"\n', file: REQUIREMENTS}],
    },
  },
  run(context) {
    const requirements = managed(context)
    if (!requirements) return []
    const out: FindingInput[] = []
    for (const layer of context.layers.layers) {
      const permissions = layer.doc?.data['permissions']
      if (!layer.enabled || !isTable(permissions)) continue
      for (const name of requirements.definedProfiles.filter((profile) => isTable(permissions[profile]))) {
        out.push(
          finding(this.meta, {
            file: requirements.file,
            line: lineOf(requirements.doc, 'permissions', name),
            message: `managed profile "${name}" is also defined in ${context.display(layer.file)}: Codex refuses to start any session here`,
          }),
        )
      }
    }
    return out
  },
}

export const managedDenyRelative: Check = {
  meta: {
    id: 'CG-MANAGED-DENY-RELATIVE',
    title: 'Managed deny_read entry is relative',
    severity: 'medium',
    description:
      'Codex resolves a relative `[permissions.filesystem] deny_read` entry against the folder of requirements.toml (/etc/codex), not against each repository, so `.env` or `**/*.pem` there protects nothing (verified with 0.169: the repository’s .env stayed readable). Project paths belong in a managed permission profile’s ":workspace_roots" table.',
    remediation: 'use `~/` or absolute paths in deny_read; put repository patterns in [permissions.codex-guard.filesystem.":workspace_roots"] (as `codex-guard fleet requirements` writes)',
    example: {bad: '[permissions.filesystem]\ndeny_read = [".env"]', good: '[permissions.filesystem]\ndeny_read = ["~/.ssh"]'},
    examples: {
      flagged: [{text: '[permissions.filesystem]\ndeny_read = [".env", "~/.ssh"]\n', file: REQUIREMENTS}],
      clean: [{text: '[permissions.filesystem]\ndeny_read = ["~/.ssh", "/srv/**/*.pem"]\n', file: REQUIREMENTS}],
    },
  },
  run(context) {
    const requirements = managed(context)
    if (!requirements) return []
    return requirements.denyRead
      .filter((path) => !path.startsWith('/') && !path.startsWith('~/') && path !== '~')
      .map((path) =>
        finding(this.meta, {
          file: requirements.file,
          line: lineOf(requirements.doc, 'permissions', 'filesystem', 'deny_read'),
          message: `managed deny_read "${path}" is relative: Codex resolves it against ${requirements.file.replace(/\/[^/]*$/, '')}, not the repository`,
        }),
      )
  },
}

export const managedHookRuntime: Check = {
  meta: {
    id: 'CG-MANAGED-HOOK-RUNTIME',
    title: 'Managed codex-guard hooks cannot run',
    severity: 'high',
    description:
      'Codex skips every managed hook when `[hooks] managed_dir` is missing or not a directory, and the codex-guard wrapper denies every call when the runtime version it names is not installed in that folder.',
    remediation: 'install the runtime on this machine: `codex-guard fleet requirements --out FILE --runtime-home DIR` (the same DIR as in the deployed file)',
    example: {bad: '[hooks]\nmanaged_dir = "/opt/codex-guard/runtime"  # folder missing', good: 'the folder exists and holds the runtime version the hooks name'},
    examples: {
      flagged: [
        {
          text: '[hooks]\nmanaged_dir = "/home/me/missing-runtime"\n\n[[hooks.PreToolUse]]\nmatcher = "*"\n\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = "/usr/bin/env CODEX_GUARD_RUNTIME_HOME=/home/me/missing-runtime /bin/sh -c \'true\' codex-guard-hook pre-tool-use 0.1.0-abc 10"\n',
          file: REQUIREMENTS,
        },
      ],
      clean: [{text: 'allowed_sandbox_modes = ["read-only", "workspace-write"]\n', file: REQUIREMENTS}],
    },
  },
  run(context) {
    const requirements = managed(context)
    const ours = requirements?.hooks.filter((hook) => isCodexGuardCommand(hook.command)) ?? []
    if (!requirements || ours.length === 0) return []
    const at = {file: requirements.file, line: lineOf(requirements.doc, 'hooks')}
    const dir = requirements.managedHookDir
    if (!dir || !existsSync(dir)) return [finding(this.meta, {...at, message: `managed hooks: managed_dir ${dir ?? '(not set)'} does not exist, so Codex skips every managed hook`})]
    const missing = [...new Set(ours.map((hook) => runtimeIdOf(hook.command)).filter((id): id is string => id !== undefined))].filter((id) => !existsSync(join(dir, id, RUNTIME_ENTRY)))
    return missing.map((id) => finding(this.meta, {...at, message: `managed hooks: runtime ${id} is not installed in ${dir}; the codex-guard hooks deny every call`}))
  },
}

export const MANAGED_CHECKS: Check[] = [managedSyntax, managedActive, managedDisablesHooks, managedExcludesProject, managedProfileConflict, managedDenyRelative, managedHookRuntime]
