import {Flags} from '@oclif/core'
import {findRepoRoot} from '../../git/repo.js'
import {BaseCommand} from '../../util/base-command.js'

export default class PrecommitInstall extends BaseCommand {
  static override summary = 'Install the git pre-commit hook that runs `codex-guard precommit run`'
  static override description = `Writes a pre-commit hook into the directory git uses (git rev-parse --git-path hooks, so
core.hooksPath and worktrees are respected). The hook calls this installation by absolute path.
An existing hook is kept: it is renamed to pre-commit.codex-guard-chained and still runs first, and
its exit code still counts (--no-chain sets it aside instead). "codex-guard precommit uninstall"
restores it byte for byte. Idempotent. For the pre-commit framework, husky, lefthook and
simple-git-hooks see docs/precommit.md.`

  static override examples = ['<%= config.bin %> precommit install', '<%= config.bin %> precommit install --dry-run', '<%= config.bin %> precommit install --no-chain']

  static override flags = {
    root: Flags.directory({description: 'repository (default: the git root of the current directory)', exists: true}),
    chain: Flags.boolean({description: 'keep running an existing pre-commit hook (default); --no-chain sets it aside until uninstall', default: true, allowNo: true}),
    'dry-run': Flags.boolean({description: 'say what would change and change nothing'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(PrecommitInstall)
    const root = await findRepoRoot(flags.root ?? process.cwd())
    const {installPrecommitHook} = await import('../../precommit/install.js')
    const result = await installPrecommitHook(root, {chain: flags.chain, dryRun: flags['dry-run']})
    for (const message of result.messages) this.log(message)
    if (result.action === 'refused') this.exit(2)
  }
}
