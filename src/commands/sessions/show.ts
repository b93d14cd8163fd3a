import {Args, Flags} from '@oclif/core'
import {formatEvent, formatSummary} from '../../report/session-text.js'
import {readEvents} from '../../session/audit-log.js'
import {readSummary, resolveSession} from '../../session/run/store.js'
import {BaseCommand} from '../../util/base-command.js'

export default class SessionsShow extends BaseCommand {
  static override summary = 'Show a session: its summary and every audit event'
  static override examples = ['<%= config.bin %> sessions show --last', '<%= config.bin %> sessions show 20261125T105525Z-1a2b3c4d --alerts']

  static override args = {
    session: Args.string({description: 'session id (see sessions list)'}),
  }

  static override flags = {
    last: Flags.boolean({description: 'the most recent session'}),
    alerts: Flags.boolean({description: 'only alert events'}),
    json: Flags.boolean({description: 'print {summary, events} as JSON'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SessionsShow)
    const ref = resolveSession(args.session, {last: flags.last})
    const summary = readSummary(ref)
    const {events, malformed, skipped} = readEvents(ref.file)
    const shown = flags.alerts ? events.filter((event) => event.event.kind === 'alert') : events
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({session: ref.id, log: ref.file, summary: summary ?? null, events: shown, malformedLines: malformed, skippedLines: skipped}, null, 2)}\n`)
      return
    }
    const out: string[] = []
    if (summary) out.push(formatSummary(summary).trimStart())
    else out.push(`session ${ref.id} (no summary: hook events only, or the run is still going)`, `  audit log        ${ref.file}`, '')
    out.push(`events (${shown.length}${flags.alerts ? ` alerts of ${events.length}` : ''}; ! = alert):`)
    for (const event of shown) out.push(formatEvent(event))
    if (malformed > 0) {
      out.push(`${malformed} line(s) skipped, not audit events (run codex-guard log verify ${ref.id}):`)
      for (const line of skipped.slice(0, 20)) out.push(`  ${ref.file}:${line.line}: ${line.reason}`)
      if (skipped.length > 20) out.push(`  … and ${skipped.length - 20} more`)
    }
    process.stdout.write(`${out.join('\n')}\n`)
  }
}
