import {Args, Flags} from '@oclif/core'
import {AGENT_FILE_GLOBS} from '../../policy/catalogue.js'
import {reportFlags} from '../../report/emit.js'
import type {Severity} from '../../report/finding.js'
import type {Format} from '../../report/render.js'
import {BaseCommand} from '../../util/base-command.js'
import {startProgress} from '../../util/progress.js'
import {parseSize} from '../../util/size.js'

export default class ScanFiles extends BaseCommand {
  static override summary = 'Scan whole files for hidden Unicode, prompt injection and hostile file names'
  static override description = `With PATH arguments (files or directories, walked recursively without following symlinks),
scans every file. Without, scans the agent instruction surface of the repository — the policy
catalogue's agent files (${AGENT_FILE_GLOBS.join(', ')}) and README* — and checks the names of all other files.
Comments and strings are recognised in the common languages, so prose in comments is judged as
prose. Binary files are skipped, invalid UTF-8 is decoded with replacement characters, files over
16 MiB are scanned in chunks and files over --max-size are reported as skipped. Text codex-guard
generated itself (its AGENTS.md section, rules file and hooks.json, unchanged) is recognised by
content and not reported; the count is noted.`

  static override examples = ['<%= config.bin %> scan files', '<%= config.bin %> scan files src docs --format json', '<%= config.bin %> scan files node_modules --fail-on critical']

  static override strict = false
  static override args = {paths: Args.string({description: 'files or directories (default: the agent instruction surface)', required: false, ignoreStdin: true})}
  static override flags = {
    'max-size': Flags.string({description: 'skip files larger than this (bytes, or with k/M/G)', default: '256M'}),
    jobs: Flags.integer({description: 'worker threads (default: up to 2 for large trees; 0 = none)', min: 0, max: 64}),
    ...reportFlags,
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(ScanFiles)
    const {scanFilesCommand} = await import('../../detect/scan-runner.js')
    const {report} = await import('../../detect/scan-report.js')
    const {withoutOwnText} = await import('../../generate/own-text.js')
    const progress = startProgress('codex-guard scan files')
    const outcome = await scanFilesCommand({cwd: process.cwd(), paths: argv as string[], maxBytes: parseSize(flags['max-size']), jobs: flags.jobs, ownText: withoutOwnText, progress}).finally(() =>
      progress.stop(),
    )
    const code = report(outcome, {format: flags.format as Format, failOn: flags['fail-on'] as Severity, category: 'scan-files'})
    if (code !== 0) this.exit(code)
  }
}
