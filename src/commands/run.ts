import {Flags} from '@oclif/core'
import {executeRun, RUN_FLAGS} from '../run-entry.js'
import {BaseCommand} from '../util/base-command.js'
import {ConfigError} from '../util/errors.js'

export default class Run extends BaseCommand {
  static override summary = 'Run a Codex session (or any command) under codex-guard’s monitors and audit log'
  static override description =
    `Runs the command after "--" with the terminal handed over unchanged, and records the session in the tamper-evident audit log under $XDG_STATE_HOME/codex-guard/sessions: every command Codex runs (from its rollout transcript, classified for network access, sensitive reads and credential commands), blocked actions, patches, token use, secret files created mid-session (Codex's deny globs do not cover them), writes to protected agent/CI files, and — with --trace on Linux — the files opened and connections made by every process (strace). CODEX_GUARD_SESSION is set for the child, so the codex-guard hooks log into the same session. At the end a summary goes to stderr and <session>.summary.json next to the log. Exits with the command's exit code (128+N when it was killed by signal N).`

  static override examples = [
    '<%= config.bin %> run -- codex',
    '<%= config.bin %> run --trace -- codex exec "fix the failing test"',
    '<%= config.bin %> run --no-watch --session-id review-42 -- codex',
  ]

  // Everything after "--" is the command, flags included.
  static override strict = false

  static override flags = {
    trace: Flags.boolean({description: RUN_FLAGS.trace.description}),
    watch: Flags.boolean({description: RUN_FLAGS.watch.description, default: RUN_FLAGS.watch.default, allowNo: RUN_FLAGS.watch.allowNo}),
    'session-id': Flags.string({description: RUN_FLAGS['session-id'].description}),
    ignore: Flags.string({description: RUN_FLAGS.ignore.description, multiple: RUN_FLAGS.ignore.multiple}),
    checklist: Flags.boolean({description: RUN_FLAGS.checklist.description, default: RUN_FLAGS.checklist.default, allowNo: RUN_FLAGS.checklist.allowNo}),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Run)
    const command = (argv as string[]).filter((word, index) => !(index === 0 && word === '--'))
    if (command.length === 0) throw new ConfigError('no command given: codex-guard run [flags] -- <command…>')
    await executeRun(flags, command)
  }
}
