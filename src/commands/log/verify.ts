import {Args, Flags} from '@oclif/core'
import {verifyLog} from '../../session/audit-log.js'
import {resolveSession} from '../../session/run/store.js'
import {BaseCommand} from '../../util/base-command.js'

export default class LogVerify extends BaseCommand {
  static override summary = 'Check a session’s audit log for tampering'
  static override description =
    `Recomputes the hash chain of the log: an edited, removed, inserted or reordered line, a truncated last line, or lines added or removed at the end (checked against the .head file) are each reported with their line number. Exit 0 intact, 1 tampered, 2 unknown session.`

  static override examples = ['<%= config.bin %> log verify --last', '<%= config.bin %> log verify 20261125T105525Z-1a2b3c4d']

  static override args = {
    session: Args.string({description: 'session id (see sessions list)'}),
  }

  static override flags = {
    last: Flags.boolean({description: 'the most recent session'}),
    json: Flags.boolean({description: 'print the result as JSON'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(LogVerify)
    const ref = resolveSession(args.session, {last: flags.last})
    const result = verifyLog(ref.file, ref.id, ref.headFile)
    if (flags.json) process.stdout.write(`${JSON.stringify({session: ref.id, log: ref.file, ...result}, null, 2)}\n`)
    else if (result.ok) process.stdout.write(`ok: ${ref.id}: ${result.events} events, hash chain intact (${ref.file})\n`)
    else {
      const lines = [`TAMPERED: ${ref.id}: ${result.problems.length} problem(s) in ${ref.file}`]
      for (const problem of result.problems) lines.push(`  line ${problem.line}: ${problem.problem}`)
      process.stdout.write(`${lines.join('\n')}\n`)
    }
    if (!result.ok) this.exit(1)
  }
}
