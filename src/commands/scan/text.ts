import {Flags} from '@oclif/core'
import {readStdin} from '../../detect/stdin.js'
import {reportFlags} from '../../report/emit.js'
import type {Severity} from '../../report/finding.js'
import type {Format} from '../../report/render.js'
import {BaseCommand} from '../../util/base-command.js'

export default class ScanText extends BaseCommand {
  static override summary = 'Scan text from standard input (PR titles and bodies, issue text, review comments)'
  static override description = `Reads standard input and reports hidden Unicode (tags, bidi, zero-width, variation
selectors), prompt-injection phrasing, hidden markup, encoded payloads and shell payloads.
The text is treated as Markdown unless --language says otherwise; the JSON of
\`gh pr view --json title,body,headRefName,comments\` is split into its fields.`

  static override examples = [
    'gh pr view 42 --json title,body,headRefName,comments | <%= config.bin %> scan text --label "PR #42"',
    'git log -1 --format=%B | <%= config.bin %> scan text --label commit --language text',
  ]

  static override flags = {
    label: Flags.string({description: 'location shown in reports', default: 'stdin'}),
    language: Flags.string({description: 'syntax of the text: markdown, text, html, js, python, shell… (default: markdown)'}),
    ...reportFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(ScanText)
    const {scanTextCommand} = await import('../../detect/scan-runner.js')
    const {report} = await import('../../detect/scan-report.js')
    const outcome = await scanTextCommand({cwd: process.cwd(), text: await readStdin(), label: flags.label, language: flags.language})
    const code = report(outcome, {format: flags.format as Format, failOn: flags['fail-on'] as Severity, category: 'scan-text'})
    if (code !== 0) this.exit(code)
  }
}
