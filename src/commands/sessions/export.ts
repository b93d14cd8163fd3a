import {writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {Args, Flags} from '@oclif/core'
import {toEcsEvent} from '../../report/ecs.js'
import {toOcsfEvent} from '../../report/ocsf.js'
import {type AuditEvent, listSessions, readEvents, reportSkipped} from '../../session/audit-log.js'
import {parseSince, resolveSession} from '../../session/run/store.js'
import {BaseCommand} from '../../util/base-command.js'
import {packageVersion} from '../../util/paths.js'

export default class SessionsExport extends BaseCommand {
  static override summary = 'Export audit events as ECS or OCSF JSON lines for a SIEM'
  static override description =
    `Writes one event per line. ecs (default): Elastic Common Schema 9.1 (event.kind/category/type/action/outcome, process.command_line, file.path, destination, rule.id, labels, the gen_ai agent fields: gen_ai.system, gen_ai.agent.name/id, gen_ai.operation.name, gen_ai.tool.name, gen_ai.tool.call.id), plus codex_guard.session/seq/prev_hash for the hash chain. ocsf: OCSF 1.3 (Process Activity, File System Activity, Network Activity, Detection Finding, Application Lifecycle by event kind). Mapping: docs/audit-export.md. Without a session id every session is exported, oldest event first.`

  static override examples = [
    '<%= config.bin %> sessions export --since 24h > codex-guard.ndjson',
    '<%= config.bin %> sessions export 20261125T105525Z-1a2b3c4d --output session.ndjson',
    '<%= config.bin %> sessions export --last --format ocsf > session.ocsf.jsonl',
  ]

  static override args = {
    session: Args.string({description: 'session id (default: all sessions)'}),
  }

  static override flags = {
    last: Flags.boolean({description: 'only the most recent session'}),
    since: Flags.string({description: 'only events at or after this time: ISO date/time or 30m, 24h, 7d'}),
    output: Flags.string({char: 'o', description: 'write to this file instead of stdout'}),
    format: Flags.string({description: 'event schema', options: ['ecs', 'ocsf'], default: 'ecs'}),
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
    const ocsf = {productVersion: packageVersion(), hostname: hostname()}
    const convert = flags.format === 'ocsf' ? (event: AuditEvent) => toOcsfEvent(event, ocsf) : toEcsEvent
    const text = selected.map((event) => JSON.stringify(convert(event))).join('\n') + (selected.length ? '\n' : '')
    if (flags.output) {
      writeFileSync(flags.output, text, {mode: 0o600})
      process.stderr.write(`wrote ${selected.length} event(s) to ${flags.output}\n`)
    } else process.stdout.write(text)
  }
}
