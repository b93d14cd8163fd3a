import {join, relative} from 'node:path'
import {Flags} from '@oclif/core'
import {installRuntime, runtimeHome, runtimeId, runtimeSource} from '../generate/hook-runtime.js'
import {initPolicy, planInit} from '../generate/init.js'
import {applyEdits, changed, renderDiff} from '../generate/plan.js'
import {findRepoRoot} from '../git/repo.js'
import {PROFILES, type ProfileName} from '../policy/types.js'
import {BaseCommand} from '../util/base-command.js'

export default class Init extends BaseCommand {
  static override summary = 'Write Codex guardrails for this repository from the codex-guard policy'
  static override description = `Writes or merges .codex/config.toml (a deny-read permission profile, network off, secret
environment variables stripped), .codex/rules/codex-guard.rules (egress, publish, credential and
destructive-git rules), an AGENTS.md guardrail section, .gitignore entries for secret files and a
starter .codex/codex-guard.toml. Your own keys and comments are kept byte for byte; conflicting
settings are reported and left alone unless --force (which keeps a backup). Idempotent.`

  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --dry-run', '<%= config.bin %> init --profile strict --trust']

  static override flags = {
    root: Flags.directory({description: 'repository to configure (default: the git root of the current directory)', exists: true}),
    profile: Flags.string({description: 'policy profile (default: the project policy’s, else standard)', options: [...PROFILES]}),
    'dry-run': Flags.boolean({description: 'print a unified diff of what would change and write nothing'}),
    force: Flags.boolean({description: 'resolve conflicting settings by commenting them out (a backup is kept)'}),
    trust: Flags.boolean({description: 'mark this project trusted in $CODEX_HOME/config.toml (a backup is kept)'}),
    'no-agents-md': Flags.boolean({description: 'do not add the guardrail section to AGENTS.md'}),
    'no-gitignore': Flags.boolean({description: 'do not add secret-file entries to .gitignore'}),
    'no-hooks': Flags.boolean({description: 'do not wire the codex-guard hooks in .codex/hooks.json'}),
    'no-precommit': Flags.boolean({description: 'do not install the git pre-commit hook (codex-guard precommit install)'}),
    codex: Flags.string({description: 'codex binary used by --trust to record hook trust (default: $CODEX_GUARD_CODEX, PATH, the npm global prefix, the checkout’s .cache/codex)'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Init)
    const root = await findRepoRoot(flags.root ?? process.cwd())
    // Planned first: a refusal (damaged markers, a symlink out of the repository, a file in
    // another encoding) then leaves everything untouched, the runtime folder included.
    const id = flags['no-hooks'] ? undefined : runtimeId()
    const {discoverEntries} = await import('../detect/coverage.js')
    const discovery = await discoverEntries(root, initPolicy(root, flags.profile as ProfileName | undefined))
    const plan = planInit({
      discovered: discovery.entries,
      runtimeId: id,
      root,
      profile: flags.profile as ProfileName | undefined,
      force: flags.force,
      trust: flags.trust,
      agentsMd: !flags['no-agents-md'],
      gitignore: !flags['no-gitignore'],
      hooks: !flags['no-hooks'],
    })
    // The hooks run an installed copy of this version's runtime, never this checkout or the npx cache.
    const runtime = id === undefined ? undefined : flags['dry-run'] ? {id, dir: join(runtimeHome(), id), installed: false} : installRuntime(process.env, runtimeSource(), id)
    const pending = plan.edits.filter(changed)
    const show = (path: string) => (relative(root, path).startsWith('..') ? path : relative(root, path))

    if (flags['dry-run']) {
      process.stdout.write(renderDiff(plan.edits, root))
      if (pending.length === 0) this.log('codex-guard: nothing to change (already up to date).')
    } else {
      const result = applyEdits(plan.edits)
      for (const edit of pending) this.log(`${edit.before === undefined ? 'created' : 'updated'} ${show(edit.path)}  (${edit.description})`)
      for (const backup of result.backups) this.log(`backup   ${show(backup)}`)
      if (pending.length === 0) this.log('Already up to date: nothing changed.')
      this.log(`profile: ${plan.policy.profile}`)
      if (runtime) this.log(`hooks: runtime ${runtime.id} ${runtime.installed ? 'installed in' : 'in place at'} ${runtime.dir}`)
    }

    // Which files got an exact deny entry and why (never the value).
    for (const file of discovery.denied) this.log(`deny     ${file.path}:${file.line}  (${file.by === 'content' ? `holds ${file.reason}` : `${file.reason}, deeper than the profile's globs reach`})`)
    for (const entry of discovery.home) this.log(`deny     ${entry.path}  (${entry.reason})`)
    if (!discovery.homeComplete)
      process.stderr.write("warning: the $HOME walk for other projects' secret files stopped at its time or entry budget; rerun init, or add paths to [paths] home_deny_read\n")
    for (const conflict of plan.forced) this.log(`forced   ${conflict.file}${conflict.line ? `:${conflict.line}` : ''}: disabled ${conflict.key} — ${conflict.message}`)
    const unresolved = plan.conflicts.filter((conflict) => !plan.forced.includes(conflict))
    for (const conflict of unresolved) {
      process.stderr.write(
        `conflict ${conflict.file}${conflict.line ? `:${conflict.line}` : ''}: ${conflict.message}\n         fix: ${conflict.fix}${conflict.forceable ? ' (or rerun with --force)' : ''}\n`,
      )
    }

    const trusted = plan.trust.state === 'trusted' || (plan.trust.willTrust && !flags['dry-run'])
    if (trusted) {
      this.log(`trust: ${root} is trusted in ${plan.trust.userConfig}${plan.trust.willTrust ? ' (added now)' : ''}.`)
    } else {
      process.stderr.write(
        `\nWARNING: this project is ${plan.trust.state === 'untrusted' ? 'marked UNTRUSTED' : 'not trusted'} in ${plan.trust.userConfig}.\n` +
          'Codex ignores every file under .codex/ (config, rules, hooks) in an untrusted project, so none of\n' +
          'these guardrails take effect. Fix: rerun with --trust, or run `codex exec --trust` once here,\n' +
          'or accept the trust prompt when you start Codex in this directory.\n',
      )
    }
    if (!flags['no-hooks'] && !flags['dry-run']) {
      // this run already backed up (or created) the user config when it recorded project trust
      if (flags.trust) await this.trustHooks(root, flags.codex, !plan.trust.willTrust)
      else this.log('hooks: Codex runs hooks only once they are trusted; rerun with --trust (uses `codex app-server`) or approve them with /hooks in Codex.')
    }
    if (!flags['no-precommit']) {
      const {installPrecommitHook} = await import('../precommit/install.js')
      const result = await installPrecommitHook(root, {chain: true, dryRun: flags['dry-run']})
      for (const message of result.messages) this.log(`pre-commit: ${message}`)
    } else if (!flags['dry-run']) this.log('pre-commit: skipped (install later with `codex-guard precommit install`)')
    if (!flags['dry-run']) this.log('Next: codex-guard validate && codex-guard verify')
    if (unresolved.length > 0) this.exit(1)
  }

  /** Records trust for codex-guard's hooks with the hashes Codex itself computes. */
  private async trustHooks(root: string, codexFlag: string | undefined, backup: boolean): Promise<void> {
    const {codexInfo} = await import('../verify/scratch.js')
    const {listHooks, withHooksTrusted} = await import('../codex/app-server.js')
    const {isCodexGuardCommand} = await import('../codex/hooks.js')
    const {readUserConfig} = await import('../codex/trust.js')
    let codex: string
    try {
      const info = await codexInfo(codexFlag)
      codex = info.path
      this.log(`hooks: ${info.line}`)
      if (info.warning) process.stderr.write(`hooks: ${info.warning}\n`)
    } catch (error) {
      process.stderr.write(`hooks: cannot record hook trust: ${(error as Error).message}. Approve them with /hooks in Codex, or rerun with --trust --codex PATH.\n`)
      return
    }
    const hooks = (await listHooks(codex, root, process.env)).filter((hook) => hook.source === 'project' && isCodexGuardCommand(hook.command))
    const pending = hooks.filter((hook) => hook.trustStatus !== 'trusted')
    if (hooks.length === 0) {
      process.stderr.write('hooks: Codex does not list the codex-guard hooks for this project (is the project trusted?)\n')
      return
    }
    if (pending.length === 0) {
      this.log(`hooks: ${hooks.length} codex-guard hook(s) already trusted.`)
      return
    }
    const user = readUserConfig()
    const result = applyEdits([{path: user.file, before: user.text, after: withHooksTrusted(user.text, pending), backup, mode: 0o600, description: 'trust codex-guard hooks'}])
    this.log(`hooks: trusted ${pending.length} codex-guard hook(s) in ${user.file}${result.backups[0] ? ` (backup ${result.backups[0]})` : ''}.`)
  }
}
