import {writeFileSync} from 'node:fs'
import {Args, Flags} from '@oclif/core'
import {toEcsEvent} from '../../report/ecs.js'
import {type AuditEvent, listSessions, readEvents, reportSkipped} from '../../session/audit-log.js'
import {parseSince, resolveSession} from '../../session/run/store.js'
import {BaseCommand} from '../../util/base-command.js'

export default class SessionsExport extends BaseCommand {
  static override summary = 'Export audit events as ECS JSON lines for a SIEM'
  static override description =
    `Writes one Elastic Common Schema event per line (event.kind/category/type/action/outcome, process.command_line, file.path, destination, rule.id, labels, plus codex_guard.session/seq/prev_hash for the hash chain). Without a session id every session is exported, oldest event first.`

  static override examples = ['<%= config.bin %> sessions export --since 24h > codex-guard.ndjson', '<%= config.bin %> sessions export 20261125T105525Z-1a2b3c4d --output session.ndjson']

  static override args = {
    session: Args.string({description: 'session id (default: all sessions)'}),
  }

  static override flags = {
    last: Flags.boolean({description: 'only the most recent session'}),
    since: Flags.string({description: 'only events at or after this time: ISO date/time or 30m, 24h, 7d'}),
    output: Flags.string({char: 'o', description: 'write to this file instead of stdout'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SessionsExport)
    const since = flags.since ? parseSince(flags.since) : undefined
    const files = args.session || flags.last ? [resolveSession(args.session, {last: flags.last}).file] : listSessions().map((session) => session.file)
    const events: AuditEvent[] = []
    for (const file of files) {
      const read = readEvents(file)
      events.push(...read.events)
      // Reported, not fatal: one stray line must not stop the export of every other event.
      reportSkipped(file, read.skipped)
    }
    const selected = events
      .filter((event) => !since || new Date(event['@timestamp']).getTime() >= since.getTime())
      .sort((a, b) => a['@timestamp'].localeCompare(b['@timestamp']) || a.codex_guard.seq - b.codex_guard.seq)
    const text = selected.map((event) => JSON.stringify(toEcsEvent(event))).join('\n') + (selected.length ? '\n' : '')
    if (flags.output) {
      writeFileSync(flags.output, text, {mode: 0o600})
      process.stderr.write(`wrote ${selected.length} event(s) to ${flags.output}\n`)
    } else process.stdout.write(text)
  }
}
