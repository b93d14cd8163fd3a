import {Flags} from '@oclif/core'
import {findRepoRoot} from '../../git/repo.js'
import {BaseCommand} from '../../util/base-command.js'

export default class PrecommitStatus extends BaseCommand {
  static override summary = 'Show which pre-commit hook is installed and what it runs'
  static override description = `Reports the hooks directory git uses (core.hooksPath included), whether the pre-commit hook is
codex-guard's, which codex-guard installation it runs (and whether that still exists), the hook it
chains, and whether .pre-commit-config.yaml lists codex-guard. "--format json" gives the same as
data ("installed": true|false).`

  static override examples = ['<%= config.bin %> precommit status', '<%= config.bin %> precommit status --format json']

  static override flags = {
    root: Flags.directory({description: 'repository (default: the git root of the current directory)', exists: true}),
    format: Flags.string({description: 'output format', options: ['text', 'json'], default: 'text'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(PrecommitStatus)
    const root = await findRepoRoot(flags.root ?? process.cwd())
    const {precommitHookStatus} = await import('../../precommit/install.js')
    const status = await precommitHookStatus(root)
    if (flags.format === 'json') {
      const {messages, ...rest} = status
      process.stdout.write(`${JSON.stringify({tool: 'codex-guard', root, ...rest}, null, 2)}\n`)
    } else {
      for (const message of status.messages) this.log(message)
    }
  }
}
