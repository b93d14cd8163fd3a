import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {isAbsolute, join, relative} from 'node:path'
import {Flags} from '@oclif/core'
import {findRepoRoot} from '../../git/repo.js'
import {BaseCommand} from '../../util/base-command.js'
import {ConfigError} from '../../util/errors.js'

export default class PrecommitBaseline extends BaseCommand {
  static override summary = 'Record known findings so that the pre-commit check accepts them (hashed, never the secret)'
  static override description = `Scans every file in the index (or, with --staged, only what is staged now) with the pre-commit
checks and writes their fingerprints to .codex-guard-baseline.json: sha256-derived from the rule, the
file and a hash of the secret or line, like detect-secrets' baseline, so no secret is stored. Later
commits are not blocked by these findings; new ones still are. Commit the file: inside a Codex
session only the baseline committed in HEAD counts, and the command refuses to run there.`

  static override examples = ['<%= config.bin %> precommit baseline', '<%= config.bin %> precommit baseline --staged']

  static override flags = {
    root: Flags.directory({description: 'repository (default: the git root of the current directory)', exists: true}),
    staged: Flags.boolean({description: 'add only the findings of the staged changes (keeps the existing entries)'}),
    baseline: Flags.string({description: 'baseline file, relative to the repository root', default: '.codex-guard-baseline.json'}),
    'max-file-size': Flags.string({description: 'larger files are not scanned (e.g. 4MiB, 512k; default 4MiB)'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(PrecommitBaseline)
    const {codexSessionSignal, emptyTree, runPrecommit} = await import('../../precommit/run.js')
    const signal = codexSessionSignal(process.env)
    if (signal) throw new ConfigError(`refusing to write a baseline inside a Codex session (${signal} is set): accepting findings is a decision for a person`)
    const root = await findRepoRoot(flags.root ?? process.cwd())
    const {parseSize} = await import('../../util/size.js')
    const {baselineable, parseBaseline, renderBaseline} = await import('../../precommit/suppress.js')
    const result = await runPrecommit({
      cwd: root,
      base: flags.staged ? undefined : await emptyTree(root),
      useBaseline: false,
      failOn: 'info',
      maxFileBytes: flags['max-file-size'] === undefined ? undefined : parseSize(flags['max-file-size'], '--max-file-size'),
    })
    const file = isAbsolute(flags.baseline) ? flags.baseline : join(root, flags.baseline)
    const before = existsSync(file) ? parseBaseline(readFileSync(file, 'utf8'), file) : new Set<string>()
    const findings = result.findings.filter(baselineable)
    let entries = findings
    if (flags.staged && existsSync(file)) {
      // keep what was recorded before: rebuild those entries from the file itself
      const previous = (JSON.parse(readFileSync(file, 'utf8')) as {findings: {fingerprint: string; ruleId: string; file: string; line?: number}[]}).findings
      const known = new Set(findings.map((finding) => finding.fingerprint))
      entries = [
        ...findings,
        ...previous
          .filter((entry) => !known.has(entry.fingerprint))
          .map((entry) => ({fingerprint: entry.fingerprint, ruleId: entry.ruleId, file: entry.file, line: entry.line, severity: 'info' as const, message: ''})),
      ]
    }
    writeFileSync(file, renderBaseline(entries))
    const after = new Set(entries.map((entry) => entry.fingerprint))
    const added = [...after].filter((fingerprint) => !before.has(fingerprint)).length
    const dropped = [...before].filter((fingerprint) => !after.has(fingerprint)).length
    this.log(`wrote ${relative(root, file) || file}: ${after.size} known finding(s) (${added} new, ${dropped} no longer present); fingerprints only, no secrets.`)
    for (const finding of findings.slice(0, 20)) this.log(`  ${finding.ruleId}  ${finding.file}${finding.line ? `:${finding.line}` : ''}  ${finding.evidence ?? ''}`)
    if (findings.length > 20) this.log(`  … and ${findings.length - 20} more`)
    this.log('Commit this file: inside a Codex session only the baseline committed in HEAD is honoured.')
  }
}
