import {main} from '../../session/hook/entry.js'
import {BaseCommand} from '../../util/base-command.js'

// bin/run.js normally dispatches hooks before oclif loads; this command exists for --help and
// for environments that call oclif directly.
export default class HookPreToolUse extends BaseCommand {
  static override summary = 'PreToolUse hook: deny tool calls that touch secrets, protected files or the network'
  static override description = 'Reads the Codex hook JSON on stdin and replies in Codex’s hook format on stdout. Wired by `codex-guard init` in .codex/hooks.json.'

  async run(): Promise<void> {
    await main('pre-tool-use')
  }
}
