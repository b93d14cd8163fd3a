// Traps in Codex configuration: settings that switch protections off silently or weaken them.
import {resolve} from 'node:path'
import {NETWORK_KEYS, PROFILE_KEYS, SECURITY_TABLE_KEYS, TOP_LEVEL_SECURITY_KEYS, VALID_VALUES} from '../../codex/config-keys.js'
import type {ConfigLayer} from '../../codex/layers.js'
import {BUILTIN_PROFILES} from '../../codex/permissions.js'
import {PERMISSION_PROFILE_NAME} from '../../policy/catalogue.js'
import {closest} from '../../policy/project-policy.js'
import type {FindingInput} from '../../report/finding.js'
import {isTable, type LoadedToml, lineOf, type TomlTable} from '../../util/toml.js'
import {type Check, finding, type ValidateContext} from '../check.js'

/** Every loaded layer with a parsed document, plus where it applies. */
function* documents(context: ValidateContext): Generator<{layer: ConfigLayer; doc: LoadedToml; where: string}> {
  for (const layer of context.layers.layers) {
    if (!layer.doc) continue
    const where = layer.enabled ? `${layer.kind} config` : `${layer.kind} config (${layer.disabledReason})`
    yield {layer, doc: layer.doc, where}
  }
}

export const unknownKey: Check = {
  meta: {
    id: 'CG-CFG-UNKNOWN-KEY',
    title: 'Unknown or misspelled security key',
    severity: 'medium',
    description: 'Codex ignores unknown keys with only a start-up warning, so a typo such as `network_acess` silently leaves the default in place.',
    remediation: 'fix the spelling (run `codex --strict-config` to make Codex reject unknown keys)',
    example: {bad: '[sandbox_workspace_write]\nnetwork_acess = false', good: '[sandbox_workspace_write]\nnetwork_access = false'},
    examples: {
      flagged: ['[sandbox_workspace_write]\nnetwork_acess = false\n', 'sandbox_mod = "read-only"\n'],
      clean: ['[sandbox_workspace_write]\nnetwork_access = false\n', 'model = "gpt-5-codex"\n'],
    },
  },
  run(context) {
    const out: FindingInput[] = []
    const report = (doc: LoadedToml, where: string, path: string[], known: string[]) => {
      const key = path[path.length - 1]!
      const hint = closest(key, known)
      out.push(
        finding(this.meta, {
          file: context.display(doc.file),
          line: lineOf(doc, ...path),
          message: `${where}: unknown key "${path.join('.')}"${hint ? ` (did you mean "${hint}"?)` : ''}; Codex ignores it`,
        }),
      )
    }
    for (const {doc, where} of documents(context)) {
      const data = doc.data
      for (const key of Object.keys(data)) {
        if (TOP_LEVEL_SECURITY_KEYS.includes(key)) continue
        const hint = closest(key, TOP_LEVEL_SECURITY_KEYS)
        if (hint) report(doc, where, [key], TOP_LEVEL_SECURITY_KEYS)
      }
      for (const [table, known] of Object.entries(SECURITY_TABLE_KEYS)) {
        const value = data[table]
        if (!isTable(value)) continue
        for (const key of Object.keys(value)) if (!known.includes(key)) report(doc, where, [table, key], known)
      }
      const permissions = data['permissions']
      if (isTable(permissions)) {
        for (const [name, profile] of Object.entries(permissions)) {
          if (!isTable(profile)) continue
          for (const key of Object.keys(profile)) if (!PROFILE_KEYS.includes(key)) report(doc, where, ['permissions', name, key], PROFILE_KEYS)
          const network = profile['network']
          if (isTable(network)) for (const key of Object.keys(network)) if (!NETWORK_KEYS.includes(key)) report(doc, where, ['permissions', name, 'network', key], NETWORK_KEYS)
        }
      }
      const projects = data['projects']
      if (isTable(projects)) {
        for (const [path, entry] of Object.entries(projects)) {
          if (!isTable(entry)) continue
          for (const key of Object.keys(entry)) if (key !== 'trust_level') report(doc, where, ['projects', path, key], ['trust_level'])
        }
      }
    }
    return out
  },
}

export const removedValue: Check = {
  meta: {
    id: 'CG-CFG-REMOVED',
    title: 'Setting removed in this Codex version',
    severity: 'high',
    description: 'Codex 0.169 rejects `approval_policy = "untrusted"` and the legacy `profile` / `[profiles.*]` settings: Codex refuses to start.',
    remediation: 'remove the setting; move legacy profiles to $CODEX_HOME/<name>.config.toml and select them with `codex -p <name>`',
    example: {bad: 'approval_policy = "untrusted"', good: 'approval_policy = "on-request"'},
    examples: {
      flagged: ['approval_policy = "untrusted"\n', 'profile = "work"\n'],
      clean: ['approval_policy = "on-request"\n'],
    },
  },
  run(context) {
    const out: FindingInput[] = []
    for (const {doc, where} of documents(context)) {
      const file = context.display(doc.file)
      if (doc.data['approval_policy'] === 'untrusted') {
        out.push(finding(this.meta, {file, line: lineOf(doc, 'approval_policy'), message: `${where}: approval_policy = "untrusted" is no longer supported; Codex exits with an error`}))
      }
      if (doc.data['profile'] !== undefined) {
        out.push(finding(this.meta, {file, line: lineOf(doc, 'profile'), message: `${where}: legacy "profile" key is rejected by Codex 0.169`}))
      }
      if (doc.data['profiles'] !== undefined) {
        out.push(finding(this.meta, {file, line: lineOf(doc, 'profiles'), message: `${where}: legacy [profiles] tables are rejected by Codex 0.169`}))
      }
    }
    return out
  },
}

export const invalidValue: Check = {
  meta: {
    id: 'CG-CFG-INVALID-VALUE',
    title: 'Invalid value for a security setting',
    severity: 'high',
    description: 'A security setting has a value Codex does not accept (it refuses to start) or that cannot work, such as "read" on a glob in a permission profile or `filters` mixed with `exclude`.',
    remediation: 'use one of the values listed in the message',
    example: {bad: '"**/*.pem" = "read"', good: '"**/*.pem" = "none"'},
    examples: {
      flagged: ['[permissions.team.filesystem]\n"**/*.pem" = "read"\n', 'sandbox_mode = "readonly"\n'],
      clean: ['[permissions.team.filesystem]\n"**/*.pem" = "none"\n', 'sandbox_mode = "read-only"\n'],
    },
  },
  run(context) {
    const out: FindingInput[] = []
    for (const {doc, where} of documents(context)) {
      const file = context.display(doc.file)
      for (const [path, allowed] of VALID_VALUES) {
        let value: unknown = doc.data
        for (const segment of path) value = isTable(value) ? value[segment] : undefined
        if (typeof value === 'string' && !allowed.includes(value)) {
          out.push(finding(this.meta, {file, line: lineOf(doc, ...path), message: `${where}: ${path.join('.')} = "${value}" is not one of ${allowed.join(', ')}`}))
        }
      }
      const env = doc.data['shell_environment_policy']
      if (isTable(env) && env['filters'] !== undefined && (env['exclude'] !== undefined || env['include_only'] !== undefined)) {
        out.push(
          finding(this.meta, {
            file,
            line: lineOf(doc, 'shell_environment_policy', 'filters'),
            message: `${where}: shell_environment_policy.filters cannot be mixed with exclude/include_only (Codex: "cannot mix filters with legacy exclude or include_only")`,
          }),
        )
      }
      const permissions = doc.data['permissions']
      if (!isTable(permissions)) continue
      for (const [name, profile] of Object.entries(permissions)) {
        const filesystem = isTable(profile) ? profile['filesystem'] : undefined
        if (!isTable(filesystem)) continue
        const entries: [string[], unknown][] = Object.entries(filesystem).map(([key, value]) => [[key], value])
        for (const [key, value] of Object.entries(filesystem)) {
          if (isTable(value)) for (const [inner, access] of Object.entries(value)) entries.push([[key, inner], access])
        }
        for (const [keys, access] of entries) {
          if (keys[0] === 'glob_scan_max_depth' || isTable(access)) continue
          const pattern = keys[keys.length - 1]!
          const path = ['permissions', name, 'filesystem', ...keys]
          if (typeof access !== 'string' || !['read', 'write', 'none', 'deny'].includes(access)) {
            out.push(finding(this.meta, {file, line: lineOf(doc, ...path), message: `${where}: access for "${pattern}" must be "read", "write", "none" or "deny"`}))
          } else if (access !== 'none' && access !== 'deny' && /[*?[]/.test(pattern.replace(/\/\*\*$/, ''))) {
            out.push(
              finding(this.meta, {file, line: lineOf(doc, ...path), message: `${where}: glob "${pattern}" only supports "none"; Codex fails with "filesystem glob path … only supports deny access"`}),
            )
          }
        }
      }
    }
    return out
  },
}

export const untrustedProject: Check = {
  meta: {
    id: 'CG-TRUST-UNTRUSTED',
    title: 'Project is not trusted: .codex/ is ignored',
    severity: 'critical',
    description:
      'Codex loads a repository’s .codex/config.toml, .codex/rules and .codex/hooks.json only when the project is trusted in $CODEX_HOME/config.toml. Otherwise every guardrail there is silently ignored.',
    remediation: 'run `codex-guard init --trust` (or `codex exec --trust` once in the repository)',
    example: {bad: '(no [projects."/path/to/repo"] entry in ~/.codex/config.toml)', good: '[projects."/path/to/repo"]\ntrust_level = "trusted"'},
    examples: {
      flagged: [
        {text: 'model = "gpt-5-codex"\n', file: '$CODEX_HOME/config.toml', note: 'no [projects."/path/to/repo"] entry'},
        {text: '[projects."/path/to/repo"]\ntrust_level = "untrusted"\n', file: '$CODEX_HOME/config.toml'},
      ],
      clean: [{text: '[projects."/path/to/repo"]\ntrust_level = "trusted"\n', file: '$CODEX_HOME/config.toml'}],
    },
  },
  run(context) {
    const hasProjectLayer = context.layers.layers.some((layer) => layer.kind === 'project') || context.layers.rules.some((rules) => rules.kind === 'project')
    if (!hasProjectLayer || context.layers.trust === 'trusted') return []
    return [
      finding(this.meta, {
        file: context.display(context.layers.userConfig),
        message: `${context.root} is ${context.layers.trust === 'untrusted' ? 'marked untrusted' : 'not listed as trusted'}; Codex ignores .codex/config.toml, .codex/rules/ and .codex/hooks.json here`,
      }),
    ]
  },
}

export const profileNotSelected: Check = {
  meta: {
    id: 'CG-PROFILE-NOT-SELECTED',
    title: 'No deny-read permission profile is in effect',
    severity: 'high',
    description: 'Without `default_permissions` naming a profile with deny entries, the sandbox can read every file: .env, ~/.ssh, ~/.aws, ~/.codex/auth.json.',
    remediation: 'run `codex-guard init` (writes default_permissions = "codex-guard") and trust the project',
    example: {bad: '(no default_permissions)', good: 'default_permissions = "codex-guard"'},
    examples: {
      flagged: [
        {text: 'approval_policy = "on-request"\n', note: 'no default_permissions'},
        {text: 'default_permissions = "codex-guard"\n', note: 'no [permissions.codex-guard] table'},
        {text: 'default_permissions = ":workspace"\n', note: 'a built-in profile'},
      ],
      clean: ['default_permissions = "codex-guard"\n\n[permissions.codex-guard]\nextends = ":workspace"\n\n[permissions.codex-guard.filesystem]\n"~/.ssh" = "none"\n'],
    },
  },
  run(context) {
    const profile = context.profile
    if (profile === undefined) return [finding(this.meta, {message: 'no layer in effect sets default_permissions, so nothing is denied for reading'})]
    if (!profile.defined) {
      return [finding(this.meta, {message: `default_permissions = "${profile.name}" but no [permissions.${profile.name}] table is in effect; Codex cannot apply it`, severity: 'critical'})]
    }
    if (BUILTIN_PROFILES.includes(profile.name)) {
      return [
        finding(this.meta, {
          message: `default_permissions = "${profile.name}" is a built-in profile with no deny-read entries`,
          remediation: `use default_permissions = "${PERMISSION_PROFILE_NAME}" (codex-guard init)`,
        }),
      ]
    }
    return []
  },
}

export const sandboxModeOverride: Check = {
  meta: {
    id: 'CG-SANDBOX-MODE-OVERRIDE',
    title: 'sandbox_mode disables the permission profile',
    severity: 'critical',
    description:
      'When `sandbox_mode` appears in any layer (or `--sandbox` is passed) Codex uses the legacy sandbox settings and ignores `default_permissions`, so deny-read entries for secrets do nothing.',
    remediation: 'remove sandbox_mode from every layer and never pass --sandbox/-s; the profile already extends ":workspace"',
    example: {bad: 'sandbox_mode = "workspace-write"\ndefault_permissions = "codex-guard"', good: 'default_permissions = "codex-guard"'},
    examples: {
      flagged: [
        'sandbox_mode = "workspace-write"\ndefault_permissions = "codex-guard"\n\n[permissions.codex-guard]\nextends = ":workspace"\n',
        {text: 'sandbox_mode = "read-only"\n\n[projects."/path/to/repo"]\ntrust_level = "trusted"\n', file: '$CODEX_HOME/config.toml'},
      ],
      clean: ['default_permissions = "codex-guard"\n\n[permissions.codex-guard]\nextends = ":workspace"\n'],
    },
  },
  run(context) {
    const out: FindingInput[] = []
    const profileWanted = context.profile !== undefined
    for (const {layer, doc, where} of documents(context)) {
      if (doc.data['sandbox_mode'] === undefined) continue
      out.push(
        finding(this.meta, {
          file: context.display(doc.file),
          line: lineOf(doc, 'sandbox_mode'),
          severity: profileWanted && layer.enabled ? 'critical' : 'medium',
          message: `${where}: sandbox_mode = ${JSON.stringify(doc.data['sandbox_mode'])} ${profileWanted ? 'overrides default_permissions: the deny-read profile is ignored' : 'prevents any permission profile from applying'}`,
        }),
      )
    }
    return out
  },
}

export const fullAccess: Check = {
  meta: {
    id: 'CG-SANDBOX-FULL-ACCESS',
    title: 'Sandbox switched off (danger-full-access)',
    severity: 'critical',
    description: 'danger-full-access runs every command without a sandbox: full filesystem write, network, no seccomp. A trusted project config can set it.',
    remediation: 'remove sandbox_mode = "danger-full-access" / the ":danger-full-access" profile',
    example: {bad: 'sandbox_mode = "danger-full-access"', good: 'default_permissions = "codex-guard"'},
    examples: {
      flagged: ['sandbox_mode = "danger-full-access"\n', 'default_permissions = ":danger-full-access"\n'],
      clean: ['default_permissions = "codex-guard"\n\n[permissions.codex-guard]\nextends = ":workspace"\n', 'sandbox_mode = "workspace-write"\n'],
    },
  },
  run(context) {
    const out: FindingInput[] = []
    for (const {doc, where} of documents(context)) {
      const file = context.display(doc.file)
      if (doc.data['sandbox_mode'] === 'danger-full-access') {
        out.push(finding(this.meta, {file, line: lineOf(doc, 'sandbox_mode'), message: `${where}: sandbox_mode = "danger-full-access" disables the sandbox`}))
      }
      if (doc.data['default_permissions'] === ':danger-full-access') {
        out.push(finding(this.meta, {file, line: lineOf(doc, 'default_permissions'), message: `${where}: default_permissions = ":danger-full-access" disables the sandbox`}))
      }
      const permissions = doc.data['permissions']
      if (isTable(permissions)) {
        for (const [name, profile] of Object.entries(permissions)) {
          if (isTable(profile) && profile['extends'] === ':danger-full-access') {
            out.push(finding(this.meta, {file, line: lineOf(doc, 'permissions', name, 'extends'), message: `${where}: profile "${name}" extends ":danger-full-access"`}))
          }
        }
      }
    }
    return out
  },
}

export const networkOn: Check = {
  meta: {
    id: 'CG-NETWORK-ON',
    title: 'Network access enabled for sandboxed commands',
    severity: 'high',
    description: 'With network access on, commands can upload files, and DNS lookups resolve, so data can leave in subdomain labels.',
    remediation: 'set network_access = false / [permissions.<name>.network] enabled = false; allow specific hosts through the network proxy instead',
    example: {bad: '[sandbox_workspace_write]\nnetwork_access = true', good: '[permissions.codex-guard.network]\nenabled = false'},
    examples: {
      flagged: [
        '[sandbox_workspace_write]\nnetwork_access = true\n',
        'default_permissions = "codex-guard"\n\n[permissions.codex-guard]\nextends = ":workspace"\n\n[permissions.codex-guard.network]\nenabled = true\n',
      ],
      clean: ['[permissions.codex-guard.network]\nenabled = false\n', '[sandbox_workspace_write]\nnetwork_access = false\n'],
    },
  },
  run(context) {
    const out: FindingInput[] = []
    for (const {doc, where} of documents(context)) {
      const file = context.display(doc.file)
      const write = doc.data['sandbox_workspace_write']
      if (isTable(write) && write['network_access'] === true) {
        out.push(finding(this.meta, {file, line: lineOf(doc, 'sandbox_workspace_write', 'network_access'), message: `${where}: sandbox_workspace_write.network_access = true`}))
      }
      const permissions = doc.data['permissions']
      if (!isTable(permissions)) continue
      for (const [name, profile] of Object.entries(permissions)) {
        const network = isTable(profile) ? profile['network'] : undefined
        if (isTable(network) && network['enabled'] === true) {
          const viaProxy = network['mode'] === 'limited' && isTable(context.layers.effective['features']) && (context.layers.effective['features'] as TomlTable)['network_proxy'] === true
          out.push(
            finding(this.meta, {
              file,
              line: lineOf(doc, 'permissions', name, 'network', 'enabled'),
              severity: viaProxy ? 'medium' : 'high',
              message: `${where}: profile "${name}" enables the network${viaProxy ? ' (limited through the network proxy)' : ''}`,
            }),
          )
        }
      }
    }
    return out
  },
}

export const approvalNever: Check = {
  meta: {
    id: 'CG-APPROVAL-NEVER',
    title: 'Approvals switched off',
    severity: 'medium',
    description: '`approval_policy = "never"` means rules that say "prompt" can never reach you, and the agent is never asked to justify escalations.',
    remediation: 'remove approval_policy (default "on-request") or use a granular policy',
    example: {bad: 'approval_policy = "never"', good: 'approval_policy = "on-request"'},
    examples: {
      flagged: ['approval_policy = "never"\n', {text: 'approval_policy = "never"\n\n[projects."/path/to/repo"]\ntrust_level = "trusted"\n', file: '$CODEX_HOME/config.toml'}],
      clean: ['approval_policy = "on-request"\n', 'approval_policy = "on-failure"\n'],
    },
  },
  run(context) {
    const out: FindingInput[] = []
    for (const {doc, where} of documents(context)) {
      if (doc.data['approval_policy'] === 'never') {
        out.push(finding(this.meta, {file: context.display(doc.file), line: lineOf(doc, 'approval_policy'), message: `${where}: approval_policy = "never"`}))
      }
    }
    return out
  },
}

export const broadWritableRoots: Check = {
  meta: {
    id: 'CG-WRITABLE-ROOTS-BROAD',
    title: 'Writable roots cover the home directory or the system',
    severity: 'high',
    description: 'A writable root such as "/", "~" or $HOME lets sandboxed commands rewrite shell rc files, ~/.ssh/authorized_keys, git hooks and Codex’s own configuration.',
    remediation: 'list only the specific directories the task needs',
    example: {bad: 'writable_roots = ["/home/me"]', good: 'writable_roots = ["/home/me/src/app/build"]'},
    examples: {
      flagged: ['[sandbox_workspace_write]\nwritable_roots = ["/home/me"]\n', '[sandbox_workspace_write]\nwritable_roots = ["/"]\n'],
      clean: ['[sandbox_workspace_write]\nwritable_roots = ["/home/me/src/app/build"]\n'],
    },
  },
  run(context) {
    const out: FindingInput[] = []
    const broad = new Set(['/', '~', '~/', context.home, resolve(context.home, '..'), '/etc', '/usr', '/home', '/root', '/Users', context.layers.codexHome, ':root'])
    const isBroad = (path: string) => broad.has(path.replace(/\/+$/, '') || '/')
    for (const {doc, where} of documents(context)) {
      const file = context.display(doc.file)
      const write = doc.data['sandbox_workspace_write']
      const roots = isTable(write) && Array.isArray(write['writable_roots']) ? write['writable_roots'] : []
      for (const root of roots) {
        if (typeof root === 'string' && isBroad(root)) {
          out.push(finding(this.meta, {file, line: lineOf(doc, 'sandbox_workspace_write', 'writable_roots'), message: `${where}: writable root "${root}" is too broad`}))
        }
      }
      const permissions = doc.data['permissions']
      if (!isTable(permissions)) continue
      for (const [name, profile] of Object.entries(permissions)) {
        const filesystem = isTable(profile) ? profile['filesystem'] : undefined
        if (!isTable(filesystem)) continue
        for (const [path, access] of Object.entries(filesystem)) {
          if (access === 'write' && isBroad(path)) {
            out.push(finding(this.meta, {file, line: lineOf(doc, 'permissions', name, 'filesystem', path), message: `${where}: profile "${name}" makes "${path}" writable`}))
          }
        }
      }
    }
    return out
  },
}

export const CONFIG_CHECKS = [unknownKey, removedValue, invalidValue, untrustedProject, profileNotSelected, sandboxModeOverride, fullAccess, networkOn, approvalNever, broadWritableRoots]
