import {Flags} from '@oclif/core'
import {pendingRotations} from '../rotate/checklist.js'
import {BaseCommand} from '../util/base-command.js'

export default class Status extends BaseCommand {
  static override summary = 'Pending credential rotations across Codex sessions'
  static override examples = ['<%= config.bin %> status']
  static override flags = {format: Flags.string({options: ['text', 'json'], default: 'text', description: 'output format'})}

  async run(): Promise<void> {
    const {flags} = await this.parse(Status)
    const pending = pendingRotations()
    if (flags.format === 'json') {
      process.stdout.write(`${JSON.stringify({pending}, null, 2)}\n`)
      return
    }
    if (pending.length === 0) {
      this.log('No pending credential rotations.')
      return
    }
    for (const entry of pending) this.log(`${entry.session}: ${entry.pending} of ${entry.total} item(s) pending — ${entry.triggers.join('; ')}\n  codex-guard rotate --session ${entry.session}`)
  }
}
