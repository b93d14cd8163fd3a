import {relative} from 'node:path'
import {Flags} from '@oclif/core'
import {findRepoRoot} from '../git/repo.js'
import {PROFILES, type ProfileName} from '../policy/types.js'
import {BaseCommand} from '../util/base-command.js'

export default class Doctor extends BaseCommand {
  static override summary = 'One view of what protects this repository now: codex binary, trust, layers, rules, hooks, env policy, managed policy, secret files'
  static override description = `Reads everything validate reads and shows it as a status view: the codex binary (path, where it
was found, version, tested range), whether the project is trusted, each config layer and which one
sets the permission profile, the rules files, the codex-guard hooks (wired, trusted, and answering
the probe), the shell environment policy, managed policy files in /etc/codex, and every secret
file in the repository with its verdict (denied or readable by the agent). Exit 0 when nothing
is at high severity or above, 1 when something is unprotected, 2 for unreadable input.`

  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --json']

  static override flags = {
    root: Flags.directory({description: 'repository (default: the git root of the current directory)', exists: true}),
    profile: Flags.string({description: 'policy profile to judge against (default: the project policy’s, else standard)', options: [...PROFILES]}),
    codex: Flags.string({description: 'codex binary (default: $CODEX_GUARD_CODEX, PATH, the npm global prefix, the checkout’s .cache/codex)'}),
    json: Flags.boolean({description: 'print the report as JSON'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Doctor)
    const root = await findRepoRoot(flags.root ?? process.cwd())
    const {codexInfo} = await import('../verify/scratch.js')
    const {runDoctor} = await import('../validate/doctor.js')
    let codex: Awaited<ReturnType<typeof runDoctor>>['codex']
    try {
      const info = await codexInfo(flags.codex)
      codex = {path: info.path, source: info.source, version: info.version, tested: info.verdict, warning: info.warning}
    } catch (error) {
      if (flags.codex || process.env['CODEX_GUARD_CODEX']) throw error
      codex = {error: (error as Error).message}
    }
    const report = await runDoctor({root, codex, profile: flags.profile as ProfileName | undefined})
    const {precommitHookStatus} = await import('../precommit/install.js')
    const hook = await precommitHookStatus(root)
    report.precommit = {installed: hook.installed, viaFramework: hook.viaFramework, summary: hook.messages[0] ?? ''}
    if (flags.json) process.stdout.write(`${JSON.stringify({tool: 'codex-guard', ...report}, null, 2)}\n`)
    else {
      const {renderDoctor} = await import('../report/doctor.js')
      process.stdout.write(renderDoctor(report, (file) => (relative(root, file).startsWith('..') ? file : relative(root, file))))
    }
    if (!report.healthy) this.exit(1)
  }
}
