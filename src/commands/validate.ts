import {Flags} from '@oclif/core'
import {findRepoRoot} from '../git/repo.js'
import {PROFILES, type ProfileName} from '../policy/types.js'
import {reportFlags} from '../report/emit.js'
import type {Severity} from '../report/finding.js'
import {exitCodeFor, type Format, render} from '../report/render.js'
import {BaseCommand} from '../util/base-command.js'
import {runValidate, VALIDATE_RULES} from '../validate/index.js'

export default class Validate extends BaseCommand {
  static override summary = 'Check every Codex layer that applies to this repository for traps, gaps and syntax errors'
  static override description = `Loads the system, user and project Codex config, the rules files and .codex/codex-guard.toml,
then reports: files that do not parse, settings that silently disable protection (untrusted
project, sandbox_mode overriding the profile, danger-full-access, network on, approvals off,
broad writable roots, allow rules), secrets passed through the environment, and sensitive files
in the repository that the effective profile leaves readable, that git tracks, or that
.gitignore misses. Exit 0 clean, 1 findings at or above --fail-on, 2 unreadable input.`

  static override examples = ['<%= config.bin %> validate', '<%= config.bin %> validate --format sarif > codex-guard.sarif', '<%= config.bin %> validate --fail-on medium']

  static override flags = {
    root: Flags.directory({description: 'repository to check (default: the git root of the current directory)', exists: true}),
    profile: Flags.string({description: 'policy profile to check against (default: the project policy’s, else standard)', options: [...PROFILES]}),
    codex: Flags.string({
      description: 'codex binary used to check hook trust and rules files codex-guard cannot evaluate (default: $CODEX_GUARD_CODEX, PATH, the npm global prefix, the checkout’s .cache/codex)',
    }),
    ...reportFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Validate)
    const root = await findRepoRoot(flags.root ?? process.cwd())
    const {codexInfo} = await import('../verify/scratch.js')
    let codex: string | undefined
    try {
      const info = await codexInfo(flags.codex)
      codex = info.path
      // Machine formats keep stderr for problems: the path is said only in text, the warning always.
      if (flags.format === 'text') process.stderr.write(`${info.line}\n`)
      if (info.warning) process.stderr.write(`${info.warning}\n`)
    } catch (error) {
      if (flags.codex || process.env['CODEX_GUARD_CODEX']) throw error
      if (flags.format === 'text') process.stderr.write(`codex: ${(error as Error).message}\n`)
    }
    const result = await runValidate({root, profile: flags.profile as ProfileName | undefined, codex})
    process.stdout.write(render(result.findings, flags.format as Format, VALIDATE_RULES, 'validate', {root}))
    if (result.suppressed.length > 0) {
      process.stderr.write(`${result.suppressed.length} finding(s) suppressed by .codex/codex-guard.toml [[suppress]] entries\n`)
    }
    if (result.brokenInputs) this.exit(2)
    const code = exitCodeFor(result.findings, flags['fail-on'] as Severity)
    if (code !== 0) this.exit(code)
  }
}
