import {Args, Flags} from '@oclif/core'
import {verifyLog} from '../../session/audit-log.js'
import {resolveSession} from '../../session/run/store.js'
import {BaseCommand} from '../../util/base-command.js'

export default class LogVerify extends BaseCommand {
  static override summary = 'Check a session’s audit log for tampering and damage'
  static override description =
    `Recomputes the keyed hash chain of the log (HMAC-SHA256 with the per-user key $XDG_STATE_HOME/codex-guard/audit.key; logs from before keying are checked unkeyed). Tampering: an edited, removed, inserted or reordered line, lines added or removed at the end (checked against the .head file), a keyed log rewritten unkeyed. Damage: a write cut short by a full disk or a killed writer (a torn last line, recovered or not yet recovered by the next append), a head left behind by a killed writer. Each is reported with its line number. Exit 0 intact, 1 tampered, 2 unknown session or missing key, 3 damaged but not tampered.`

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
    else if (result.ok)
      process.stdout.write(`ok: ${ref.id}: ${result.events} events, hash chain intact${result.keyed ? '' : ' (unkeyed log from before keying: not proof against rewriting)'} (${ref.file})\n`)
    else {
      const first = result.problems.find((problem) => problem.kind === 'damage')
      const lines = [
        result.state === 'tampered'
          ? `TAMPERED: ${ref.id}: ${result.problems.length} problem(s) in ${ref.file}`
          : `DAMAGED, not tampered: ${ref.id}: log damaged at line ${first?.line ?? 0} (${ref.file})`,
      ]
      for (const problem of result.problems) lines.push(`  line ${problem.line}: ${problem.kind === 'damage' ? 'damage: ' : ''}${problem.problem}`)
      process.stdout.write(`${lines.join('\n')}\n`)
    }
    if (result.state === 'tampered') this.exit(1)
    // 3 is set, not thrown: the shared error handler maps thrown exits other than 0 and 1 to 2
    if (result.state === 'damaged') process.exitCode = 3
  }
}
