import {Flags} from '@oclif/core'
import {AGENT_FILE_GLOBS} from '../../policy/catalogue.js'
import {reportFlags} from '../../report/emit.js'
import type {Severity} from '../../report/finding.js'
import type {Format} from '../../report/render.js'
import {BaseCommand} from '../../util/base-command.js'
import {startProgress} from '../../util/progress.js'
import {parseSize} from '../../util/size.js'

export default class ScanPr extends BaseCommand {
  static override summary = 'Scan a pull request from its GitHub event payload: branch name, title, body, commit messages and the diff'
  static override description = `Reads the pull_request (or pull_request_target) event payload ($GITHUB_EVENT_PATH by default)
and reports hidden Unicode, prompt injection and shell payloads in the title, the body and the
branch names, then scans what the pull request adds between base.sha and head.sha like
\`scan diff\`: added lines (judged with the whole file for comment context), new file names,
commit messages, and every change to an agent instruction file (${AGENT_FILE_GLOBS.join(', ')}).
The commits must be in the clone (actions/checkout with fetch-depth: 0). --format github prints
workflow-command annotations; --sarif-file also writes SARIF for code-scanning upload. This is
what the GitHub Action (action.yml) runs.`

  static override examples = ['<%= config.bin %> scan pr --format github --sarif-file codex-guard.sarif', '<%= config.bin %> scan pr --event recorded-event.json --fail-on medium']

  static override flags = {
    event: Flags.string({description: 'event payload file (default: $GITHUB_EVENT_PATH)'}),
    root: Flags.directory({description: 'repository checkout (default: the current directory)', exists: true}),
    'sarif-file': Flags.string({description: 'also write the findings as SARIF to this file'}),
    'max-size': Flags.string({description: 'skip files larger than this (bytes, or with k/M/G)', default: '256M'}),
    ...reportFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ScanPr)
    const eventPath = flags.event ?? process.env['GITHUB_EVENT_PATH']
    if (!eventPath) this.error('no event payload: pass --event FILE or run in GitHub Actions ($GITHUB_EVENT_PATH)', {exit: 2})
    const {scanPullRequest} = await import('../../detect/pull-request.js')
    const {report} = await import('../../detect/scan-report.js')
    const progress = startProgress('codex-guard scan pr: files')
    const outcome = await scanPullRequest({cwd: flags.root ?? process.cwd(), eventPath, maxBytes: parseSize(flags['max-size']), progress}).finally(() => progress.stop())
    const code = report(outcome, {format: flags.format as Format, failOn: flags['fail-on'] as Severity, category: 'scan-pr', sarifFile: flags['sarif-file']})
    if (code !== 0) this.exit(code)
  }
}
