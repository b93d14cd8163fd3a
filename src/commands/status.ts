import {Flags} from '@oclif/core'
import {sessionStatuses} from '../rotate/index.js'
import {BaseCommand} from '../util/base-command.js'

export default class Status extends BaseCommand {
  static override summary = 'Pending credential rotations across Codex sessions (with or without `codex-guard run`)'
  static override description =
    "Counts what each session's checklist still has open — the same count `rotate` and the end of `run` print: items touched, or reachable and unprotected, that are neither done nor rotated. A credential whose value changed since the checklist was recorded counts as rotated; protected items nobody touched are listed for review by `rotate`, not counted. Each session is judged in the repository it ran in, hook-only sessions included."
  static override examples = ['<%= config.bin %> status']
  static override flags = {format: Flags.string({options: ['text', 'json'], default: 'text', description: 'output format'})}

  async run(): Promise<void> {
    const {flags} = await this.parse(Status)
    const pending = await sessionStatuses()
    if (flags.format === 'json') {
      process.stdout.write(`${JSON.stringify({pending}, null, 2)}\n`)
      return
    }
    if (pending.length === 0) {
      this.log('No pending credential rotations.')
      return
    }
    for (const entry of pending) {
      const counts =
        entry.pending < 0 ? 'checklist unavailable' : `${entry.pending} item(s) pending${entry.rotated ? `, ${entry.rotated} rotated` : ''}${entry.review ? `, ${entry.review} to review` : ''}`
      this.log(`${entry.session}${entry.root ? ` (${entry.root})` : ''}: ${counts} — ${entry.triggers.join('; ')}\n  codex-guard rotate --session ${entry.session}`)
    }
  }
}
