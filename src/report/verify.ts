// `verify` results as a text table: one row per probe, or per category when every probe passed.
import type {ProbeResult} from '../verify/index.js'
import type {LiveProbe} from '../verify/live.js'

/** One row per category and kind, except failures, which are always listed individually. */
export function summariseProbes(results: ProbeResult[]): ProbeResult[] {
  const rows: ProbeResult[] = []
  const groups = new Map<string, ProbeResult[]>()
  for (const result of results) {
    if (!result.pass || result.kind === 'network' || result.kind === 'env' || result.kind === 'config') {
      rows.push(result)
      continue
    }
    const key = `${result.kind}:${result.category}:${result.expected}`
    groups.set(key, [...(groups.get(key) ?? []), result])
  }
  for (const group of groups.values()) {
    const first = group[0]!
    if (group.every((result) => result.pass)) {
      rows.push({...first, target: group.length > 1 ? `${first.target} (+${group.length - 1} more)` : first.target})
    }
  }
  return rows.sort((a, b) => Number(a.pass) - Number(b.pass) || a.kind.localeCompare(b.kind) || String(a.category).localeCompare(String(b.category)))
}

export function renderProbeTable(rows: ProbeResult[]): string {
  const header = ['probe', 'category', 'target', 'expected', 'observed', 'result']
  const lines = rows.map((row) => [row.kind, String(row.category), row.target, row.expected, row.observed, row.pass ? 'PASS' : 'FAIL'])
  const widths = header.map((title, column) => Math.min(60, Math.max(title.length, ...lines.map((line) => line[column]!.length))))
  const format = (cells: string[]) => cells.map((cell, column) => (cell.length > widths[column]! ? `${cell.slice(0, widths[column]! - 1)}…` : cell.padEnd(widths[column]!))).join('  ')
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map(format)].join('\n')
}

/** The live-mode table: which layer stopped each probe. Names, fingerprint prefixes and lengths only. */
export function renderLiveTable(probes: LiveProbe[]): string {
  const header = ['probe', 'target', 'call', 'stopped by', 'verdict']
  const lines = probes.map((probe) => [
    probe.kind,
    probe.fingerprint ? `${probe.target} (sha256 ${probe.fingerprint}…, ${probe.length} B)` : probe.target,
    probe.call.split('\n')[0]!,
    probe.layer === 'none' ? '—' : probe.layer,
    probe.verdict,
  ])
  const widths = header.map((title, column) => Math.min(60, Math.max(title.length, ...lines.map((line) => line[column]!.length))))
  const format = (cells: string[]) => cells.map((cell, column) => (cell.length > widths[column]! ? `${cell.slice(0, widths[column]! - 1)}…` : cell.padEnd(widths[column]!))).join('  ')
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map(format)].join('\n')
}
