import {existsSync, readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {Flags} from '@oclif/core'
import {parseRequirements} from '../../codex/requirements.js'
import {installRuntime, runtimeHome, runtimeId, runtimeSource} from '../../generate/hook-runtime.js'
import {planManagedRequirements} from '../../generate/managed.js'
import {applyEdits, changed, renderDiff} from '../../generate/plan.js'
import {buildPolicy} from '../../policy/effective.js'
import {PROFILES, type ProfileName} from '../../policy/types.js'
import {BaseCommand} from '../../util/base-command.js'
import {ConfigError} from '../../util/errors.js'
import {parseTomlText} from '../../util/toml.js'

export default class FleetRequirements extends BaseCommand {
  static override summary = 'Write (or check) a managed Codex requirements.toml from the codex-guard policy'
  static override description = `Renders the policy init writes into a repository as Codex's managed requirements layer, which
users cannot loosen and which needs no project trust: the deny-read permission profile as the
default and only allowed profile, home secrets in [permissions.filesystem] deny_read, the command
rules as [rules] prefix_rules, sandbox modes without danger-full-access, and the codex-guard hooks
as managed hooks running one machine-wide runtime (installed into --runtime-home). Deploy the file
to /etc/codex/requirements.toml (MDM). --check compares a deployed file with what this version
would write: exit 0 when identical, 1 when it differs or is missing, 2 when it does not parse.`

  static override examples = [
    '<%= config.bin %> fleet requirements --out build/requirements.toml --runtime-home /opt/codex-guard/runtime',
    '<%= config.bin %> fleet requirements --out /etc/codex/requirements.toml --check',
    '<%= config.bin %> fleet requirements --out requirements.toml --profile strict --managed-hooks-only --dry-run',
  ]

  static override flags = {
    out: Flags.string({char: 'o', description: 'file to write or, with --check, the deployed file to compare', required: true}),
    check: Flags.boolean({description: 'compare --out with what would be written; write nothing'}),
    'dry-run': Flags.boolean({description: 'print a unified diff of what would change and write nothing'}),
    profile: Flags.string({description: 'policy profile', options: [...PROFILES], default: 'standard'}),
    'runtime-home': Flags.string({description: 'machine-wide folder for the hook runtime the managed hooks run (default: this user’s runtime folder)'}),
    'no-hooks': Flags.boolean({description: 'write no managed hooks'}),
    'managed-hooks-only': Flags.boolean({description: 'set allow_managed_hooks_only: user and project hooks stop running'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(FleetRequirements)
    if (flags['no-hooks'] && flags['managed-hooks-only']) throw new ConfigError('--managed-hooks-only with --no-hooks would leave no hook running at all')
    const home = resolve(flags['runtime-home'] ?? runtimeHome())
    const id = flags['no-hooks'] ? undefined : runtimeId()
    const policy = buildPolicy(flags.profile as ProfileName)
    const options = {policy, runtime: id ? {id, home} : undefined, managedHooksOnly: flags['managed-hooks-only']}
    const edit = planManagedRequirements(flags.out, options)

    if (flags.check) {
      if (edit.before === undefined) {
        process.stderr.write(`codex-guard: ${edit.path} does not exist: no managed requirements deployed there\n`)
        this.exit(1)
      }
      // A file Codex cannot parse is a configuration error (every session refuses to start).
      parseRequirements(parseTomlText(readFileSync(edit.path, 'utf8'), edit.path))
      if (!changed(edit)) {
        this.log(`${edit.path} matches the codex-guard ${policy.profile} policy.`)
        if (id && !existsSync(resolve(home, id))) process.stderr.write(`codex-guard: warning: the hook runtime ${resolve(home, id)} is not installed; managed hooks deny every call until it is\n`)
        return
      }
      process.stdout.write(renderDiff([edit], process.cwd()))
      process.stderr.write(`codex-guard: ${edit.path} differs from what codex-guard would write (diff above: - deployed, + expected)\n`)
      this.exit(1)
    }
    if (flags['dry-run']) {
      process.stdout.write(renderDiff([edit], process.cwd()))
      if (!changed(edit)) this.log('codex-guard: nothing to change (already up to date).')
      return
    }
    const result = applyEdits([edit])
    this.log(changed(edit) ? `${edit.before === undefined ? 'created' : 'updated'} ${edit.path}  (profile ${policy.profile})` : `${edit.path} is up to date.`)
    for (const backup of result.backups) this.log(`backup   ${backup}`)
    if (id) {
      const runtime = installRuntime({...process.env, CODEX_GUARD_RUNTIME_HOME: home}, runtimeSource(), id)
      this.log(`hooks: runtime ${runtime.id} ${runtime.installed ? 'installed in' : 'in place at'} ${runtime.dir} (install it at the same path on every machine)`)
    }
  }
}
