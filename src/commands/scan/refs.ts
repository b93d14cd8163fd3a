import {Args, Flags} from '@oclif/core'
import {readStdin} from '../../detect/stdin.js'
import {reportFlags} from '../../report/emit.js'
import type {Severity} from '../../report/finding.js'
import type {Format} from '../../report/render.js'
import {BaseCommand} from '../../util/base-command.js'

export default class ScanRefs extends BaseCommand {
  static override summary = 'Flag branch, tag and ref names built to inject commands or spoof protected branches'
  static override description = `With NAME arguments, checks those names as given (e.g. a pull request's head branch in CI);
with --stdin, one name per line or the JSON of \`gh pr view --json headRefName,baseRefName\`;
otherwise the current branch and every local branch, remote-tracking branch and tag.
Finds command substitution, \${IFS}, brace lists, shell operators, pipes into interpreters,
base64 -d, URLs, hidden and look-alike Unicode (U+3000 padding, bidi, tags, "main" spelled
with a Cyrillic U+0430) and prompt-injection phrases. Exit 0 clean, 1 findings at or above --fail-on, 2 error.`

  static override examples = ['<%= config.bin %> scan refs', `<%= config.bin %> scan refs "$HEAD_REF" --format sarif`, 'gh pr view 42 --json headRefName | <%= config.bin %> scan refs --stdin']

  static override strict = false
  static override args = {names: Args.string({description: 'ref names to check (default: all refs of the repository)', required: false, ignoreStdin: true})}
  static override flags = {
    stdin: Flags.boolean({description: 'read names from standard input (one per line, or gh JSON)', default: false}),
    root: Flags.directory({description: 'repository (default: the current directory)', exists: true}),
    ...reportFlags,
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(ScanRefs)
    const {scanRefs} = await import('../../detect/scan-runner.js')
    const {report} = await import('../../detect/scan-report.js')
    const outcome = await scanRefs({cwd: flags.root ?? process.cwd(), names: argv as string[], stdin: flags.stdin ? await readStdin() : undefined})
    const code = report(outcome, {format: flags.format as Format, failOn: flags['fail-on'] as Severity, category: 'scan-refs'})
    if (code !== 0) this.exit(code)
  }
}
