import {Flags} from '@oclif/core'
import {AGENT_FILE_GLOBS} from '../../policy/catalogue.js'
import {reportFlags} from '../../report/emit.js'
import type {Severity} from '../../report/finding.js'
import type {Format} from '../../report/render.js'
import {BaseCommand} from '../../util/base-command.js'
import {startProgress} from '../../util/progress.js'
import {parseSize} from '../../util/size.js'

export default class ScanDiff extends BaseCommand {
  static override summary = 'Scan only what a branch adds: added lines, new and renamed file names, commit messages'
  static override description = `Compares HEAD (or --head) with its merge base against --base (default: the default branch,
origin/HEAD or main/master). Reports hidden Unicode and prompt injection on added lines (judged
with the whole file for comment context), hostile new file names, payloads in commit messages
and the branch name, and every change to an agent instruction file (${AGENT_FILE_GLOBS.join(', ')}),
which needs human review.`

  static override examples = ['<%= config.bin %> scan diff', '<%= config.bin %> scan diff --base origin/main --format sarif > scan.sarif']

  static override flags = {
    base: Flags.string({description: 'base revision (default: merge base with the default branch)'}),
    head: Flags.string({description: 'head revision', default: 'HEAD'}),
    root: Flags.directory({description: 'repository (default: the current directory)', exists: true}),
    'max-size': Flags.string({description: 'skip files larger than this (bytes, or with k/M/G)', default: '256M'}),
    ...reportFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ScanDiff)
    const {scanDiff} = await import('../../detect/scan-runner.js')
    const {report} = await import('../../detect/scan-report.js')
    const {withoutOwnText} = await import('../../generate/own-text.js')
    const progress = startProgress('codex-guard scan diff')
    const outcome = await scanDiff({cwd: flags.root ?? process.cwd(), base: flags.base, head: flags.head, maxBytes: parseSize(flags['max-size']), ownText: withoutOwnText, progress}).finally(() =>
      progress.stop(),
    )
    const code = report(outcome, {format: flags.format as Format, failOn: flags['fail-on'] as Severity, category: 'scan-diff'})
    if (code !== 0) this.exit(code)
  }
}
