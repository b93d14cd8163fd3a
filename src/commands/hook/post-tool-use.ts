import {main} from '../../session/hook/entry.js'
import {BaseCommand} from '../../util/base-command.js'

// bin/run.js normally dispatches hooks before oclif loads; this command exists for --help and
// for environments that call oclif directly.
export default class HookPostToolUse extends BaseCommand {
  static override summary = 'PostToolUse hook: record the result and withhold tool output that holds a secret'
  static override description = 'Reads the Codex hook JSON on stdin and replies in Codex’s hook format on stdout. Wired by `codex-guard init` in .codex/hooks.json.'

  async run(): Promise<void> {
    await main('post-tool-use')
  }
}
