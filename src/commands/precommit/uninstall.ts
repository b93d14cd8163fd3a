import {Flags} from '@oclif/core'
import {findRepoRoot} from '../../git/repo.js'
import {BaseCommand} from '../../util/base-command.js'

export default class PrecommitUninstall extends BaseCommand {
  static override summary = 'Remove the codex-guard pre-commit hook and restore the hook that was there before'
  static override description = `Removes the hook written by "codex-guard precommit install". A hook that was there before is
renamed back, byte for byte and with its mode. A pre-commit hook that is not codex-guard's is left alone.`

  static override examples = ['<%= config.bin %> precommit uninstall']

  static override flags = {
    root: Flags.directory({description: 'repository (default: the git root of the current directory)', exists: true}),
    'dry-run': Flags.boolean({description: 'say what would change and change nothing'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(PrecommitUninstall)
    const root = await findRepoRoot(flags.root ?? process.cwd())
    const {uninstallPrecommitHook} = await import('../../precommit/install.js')
    const result = await uninstallPrecommitHook(root, {dryRun: flags['dry-run']})
    // a hook that is not codex-guard's is left alone: nothing of ours to remove, so no error
    for (const message of result.messages) this.log(message)
  }
}
