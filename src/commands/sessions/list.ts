import {Flags} from '@oclif/core'
import {DEFAULT_THRESHOLDS} from '../../policy/catalogue.js'
import {formatDuration} from '../../report/session-text.js'
import {readEvents, sessionsDir} from '../../session/audit-log.js'
import {listSessionsWithSummaries} from '../../session/run/store.js'
import {flagsFromEvents} from '../../session/triggers.js'
import {BaseCommand} from '../../util/base-command.js'

export default class SessionsList extends BaseCommand {
  static override summary = 'List recorded sessions, newest first'
  static override description =
    `Sessions are the audit logs written by "codex-guard run" and the codex-guard hooks under $XDG_STATE_HOME/codex-guard/sessions. Flags: L = large session (policy thresholds), E = possible credential exposure (sensitive read, secret in output, network after a sensitive read).`

  static override examples = ['<%= config.bin %> sessions list', '<%= config.bin %> sessions list --json']

  static override flags = {
    json: Flags.boolean({description: 'print JSON instead of a table'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(SessionsList)
    // Hook-only sessions (plain `codex` with the hooks) have no summary: flag them from their events.
    const sessions = listSessionsWithSummaries().map((session) => ({
      ...session,
      flags: session.summary ? {large: session.summary.large, exposure: session.summary.exposure} : flagsFromEvents(readEvents(session.file).events, DEFAULT_THRESHOLDS),
    }))
    if (flags.json) {
      const rows = sessions.map(({id, file, events, modified, summary, flags: sessionFlags}) => ({
        id,
        file,
        events,
        modified: modified.toISOString(),
        kind: summary ? 'run' : 'hooks',
        flags: sessionFlags,
        ...(summary ? {summary} : {}),
      }))
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
      return
    }
    if (sessions.length === 0) {
      process.stdout.write(`no sessions recorded in ${sessionsDir()}\n`)
      return
    }
    const rows = sessions.map(({id, events, modified, summary, flags: sessionFlags}) => [
      id,
      (summary?.startedAt ? new Date(summary.startedAt) : modified)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z'),
      summary ? formatDuration(summary.durationSeconds * 1000) : '-',
      summary ? String(summary.exitCode) : '-',
      String(events),
      `${sessionFlags.large ? 'L' : '-'}${sessionFlags.exposure ? 'E' : '-'}`,
      summary ? (Array.isArray(summary.command) ? summary.command.join(' ').slice(0, 60) : '') : '(codex with the hooks, no `run`; or still running)',
    ])
    const header = ['SESSION', 'STARTED', 'DURATION', 'EXIT', 'EVENTS', 'FLAGS', 'COMMAND']
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
    const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')
    process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`)
  }
}
