import {Flags} from '@oclif/core'
import {codexVersion, findCodex} from '../codex/binary.js'
import {findRepoRoot} from '../git/repo.js'
import {PROFILES, type ProfileName} from '../policy/types.js'
import {BaseCommand} from '../util/base-command.js'
import {type ProbeResult, runVerify} from '../verify/index.js'

export default class Verify extends BaseCommand {
  static override summary = 'Prove the guardrails work: canary reads, writes and connections through the real codex sandbox'
  static override description = `Plants a fake secret for every sensitive-path category in a scratch copy of the layout (scratch
HOME, CODEX_HOME and workspace; your own files and Codex config are not touched), then uses
\`codex sandbox\` with this repository's permission profile to try to read each one, write
outside the workspace and to protected files, connect to a loopback listener, and see secret
environment variables. Also checks that the rules files load (\`codex execpolicy check\`).
Exit 1 if anything the policy claims to block was not blocked.`

  static override examples = ['<%= config.bin %> verify', '<%= config.bin %> verify --codex ./node_modules/.bin/codex --format json']

  static override flags = {
    root: Flags.directory({description: 'repository to verify (default: the git root of the current directory)', exists: true}),
    codex: Flags.string({description: 'path to the codex binary (default: codex on PATH)'}),
    profile: Flags.string({description: 'policy profile the probes expect (default: the project policy’s, else standard)', options: [...PROFILES]}),
    format: Flags.string({description: 'output format', options: ['text', 'json'], default: 'text'}),
    verbose: Flags.boolean({char: 'v', description: 'list every probe, not one line per category'}),
    'keep-scratch': Flags.boolean({description: 'keep the scratch directory for inspection', hidden: true}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Verify)
    const root = await findRepoRoot(flags.root ?? process.cwd())
    const codex = findCodex(flags.codex)
    const version = await codexVersion(codex, process.env)
    const results = await runVerify({root, codex, profile: flags.profile as ProfileName | undefined, keepScratch: flags['keep-scratch']})
    const failed = results.filter((result) => !result.pass)
    if (flags.format === 'json') {
      process.stdout.write(`${JSON.stringify({tool: 'codex-guard', codex: version, root, passed: failed.length === 0, probes: results}, null, 2)}\n`)
    } else {
      this.log(`codex-guard verify — ${version} — ${root}`)
      this.log(renderTable(flags.verbose ? results : summarise(results)))
      for (const result of failed) this.log(`FAIL ${result.id}: ${result.target}${result.detail ? ` — ${result.detail}` : ''}`)
      this.log(failed.length === 0 ? `PASS: all ${results.length} probes behaved as the policy claims.` : `FAIL: ${failed.length} of ${results.length} probes were not blocked/allowed as expected.`)
    }
    if (failed.length > 0) this.exit(1)
  }
}

/** One row per category and kind, except failures, which are always listed individually. */
function summarise(results: ProbeResult[]): ProbeResult[] {
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

function renderTable(rows: ProbeResult[]): string {
  const header = ['probe', 'category', 'target', 'expected', 'observed', 'result']
  const lines = rows.map((row) => [row.kind, String(row.category), row.target, row.expected, row.observed, row.pass ? 'PASS' : 'FAIL'])
  const widths = header.map((title, column) => Math.min(60, Math.max(title.length, ...lines.map((line) => line[column]!.length))))
  const format = (cells: string[]) => cells.map((cell, column) => (cell.length > widths[column]! ? `${cell.slice(0, widths[column]! - 1)}…` : cell.padEnd(widths[column]!))).join('  ')
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map(format)].join('\n')
}
