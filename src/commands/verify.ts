import {Flags} from '@oclif/core'
import {codexVersion, findCodex} from '../codex/binary.js'
import {findRepoRoot} from '../git/repo.js'
import {PROFILES, type ProfileName} from '../policy/types.js'
import {renderProbeTable, summariseProbes} from '../report/verify.js'
import {BaseCommand} from '../util/base-command.js'
import {runVerify} from '../verify/index.js'

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
      this.log(renderProbeTable(flags.verbose ? results : summariseProbes(results)))
      for (const result of failed) this.log(`FAIL ${result.id}: ${result.target}${result.detail ? ` — ${result.detail}` : ''}`)
      this.log(failed.length === 0 ? `PASS: all ${results.length} probes behaved as the policy claims.` : `FAIL: ${failed.length} of ${results.length} probes were not blocked/allowed as expected.`)
    }
    if (failed.length > 0) this.exit(1)
  }
}
