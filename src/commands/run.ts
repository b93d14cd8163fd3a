import {Flags} from '@oclif/core'
import {version} from '../report/emit.js'
import {runSession} from '../session/run.js'
import {BaseCommand} from '../util/base-command.js'
import {ConfigError} from '../util/errors.js'

export default class Run extends BaseCommand {
  static override summary = 'Run a Codex session (or any command) under codex-guard’s monitors and audit log'
  static override description = `Runs the command after "--" with the terminal handed over unchanged, and records the session in the tamper-evident audit log under $XDG_STATE_HOME/codex-guard/sessions: every command Codex runs (from its rollout transcript, classified for network access, sensitive reads and credential commands), blocked actions, patches, token use, secret files created mid-session (Codex's deny globs do not cover them), writes to protected agent/CI files, and — with --trace on Linux — the files opened and connections made by every process (strace). CODEX_GUARD_SESSION is set for the child, so the codex-guard hooks log into the same session. At the end a summary goes to stderr and <session>.summary.json next to the log. Exits with the command's exit code (128+N when it was killed by signal N).`

  static override examples = [
    '<%= config.bin %> run -- codex',
    '<%= config.bin %> run --trace -- codex exec "fix the failing test"',
    '<%= config.bin %> run --no-watch --session-id review-42 -- codex',
  ]

  // Everything after "--" is the command, flags included.
  static override strict = false

  static override flags = {
    trace: Flags.boolean({description: 'also trace file opens and connections at the OS level (Linux, needs strace)'}),
    watch: Flags.boolean({description: 'watch the workspace and sensitive home folders for changes', default: true, allowNo: true}),
    'session-id': Flags.string({description: 'session id to record under (default: a new timestamped id)'}),
    ignore: Flags.string({description: 'extra file-monitor ignore: a name (anywhere) or a root-relative glob', multiple: true}),
    checklist: Flags.boolean({description: 'show the credential-rotation checklist when the session crossed a threshold', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Run)
    const command = (argv as string[]).filter((word, index) => !(index === 0 && word === '--'))
    if (command.length === 0) throw new ConfigError('no command given: codex-guard run [flags] -- <command…>')
    const result = await runSession({
      command,
      trace: flags.trace,
      watch: flags.watch,
      sessionId: flags['session-id'],
      ignore: flags.ignore,
      version: version(),
    })
    // Not this.exit(): the child's code (2, 3, 130…) must pass through unchanged.
    process.exitCode = result.exitCode
    if (flags.checklist && (result.summary.large || result.summary.exposure)) await this.rotationHandOff(result.summary.root, result.summary.session)
    // Every monitor has been stopped; should a library still hold a handle, say so rather than hang the terminal.
    setTimeout(() => {
      process.stderr.write('codex-guard: forced exit: a monitor left a handle open\n')
      process.exit(result.exitCode)
    }, 3000).unref()
  }

  private async rotationHandOff(root: string, session: string): Promise<void> {
    try {
      const {prepareChecklist} = await import('../rotate/index.js')
      const {handOff} = await import('../rotate/prompt.js')
      const checklist = await prepareChecklist({root, session})
      if (!checklist.triggered) return
      const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true
      await handOff(checklist, {input: process.stdin, output: process.stderr, interactive})
    } catch (error) {
      process.stderr.write(`codex-guard: could not build the rotation checklist: ${(error as Error).message}\n`)
    }
  }
}
