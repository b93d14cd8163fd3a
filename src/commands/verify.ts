import {Flags} from '@oclif/core'
import {findRepoRoot} from '../git/repo.js'
import {PROFILES, type ProfileName} from '../policy/types.js'
import {renderLiveTable, renderProbeTable, summariseProbes} from '../report/verify.js'
import {BaseCommand} from '../util/base-command.js'
import {startProgress} from '../util/progress.js'
import {runVerify} from '../verify/index.js'
import {type LiveResult, runLive} from '../verify/live.js'
import {codexInfo} from '../verify/scratch.js'

export default class Verify extends BaseCommand {
  static override summary = 'Prove the guardrails work: canaries through the real codex sandbox, and a live codex session in this repository'
  static override description = `Sandbox probes: plants a fake secret for every sensitive-path category in a scratch copy of the
layout (scratch HOME, CODEX_HOME and workspace), then uses \`codex sandbox\` with this
repository's permission profile to try to read each one, write outside the workspace and to
protected files, connect to a loopback listener, and see secret environment variables. Also
checks that the rules files load (\`codex execpolicy check\`).

Live mode (default; --no-live skips it): runs one real \`codex exec\` session in this repository,
with your project config, trust, rules and hooks, against a mock model built into codex-guard
(127.0.0.1 only: no API key, no network). The mock asks for tool calls that read each real
secret file found in the repository (plainly and through \`sh -c\`), a temporary
.env.codex-guard-canary file, a secret-named environment variable, writes to AGENTS.md (or a
file under .codex/), an interactive bash, and one ordinary command that must keep working. A
probe LEAKs when the secret reached the model, a protected write happened, or the ordinary
command was blocked. Codex runs with a temporary CODEX_HOME holding a copy of your config.toml
(never auth.json); your CODEX_HOME is not written, and a file the session changed is restored
byte for byte. Secrets are never printed: file names, SHA-256 prefixes and lengths only.

Exit 1 if anything the policy claims to block was not blocked, or the live session could not run.`

  static override examples = ['<%= config.bin %> verify', '<%= config.bin %> verify --no-live', '<%= config.bin %> verify --codex ./node_modules/.bin/codex --format json']

  static override flags = {
    root: Flags.directory({description: 'repository to verify (default: the git root of the current directory)', exists: true}),
    codex: Flags.string({description: 'path to the codex binary (default: $CODEX_GUARD_CODEX, PATH, the npm global prefix, the checkout’s .cache/codex)'}),
    profile: Flags.string({description: 'policy profile the probes expect (default: the project policy’s, else standard)', options: [...PROFILES]}),
    format: Flags.string({description: 'output format', options: ['text', 'json'], default: 'text'}),
    live: Flags.boolean({description: 'run a live codex exec session in this repository against a local mock model', default: true, allowNo: true}),
    verbose: Flags.boolean({char: 'v', description: 'list every probe, not one line per category'}),
    'keep-scratch': Flags.boolean({description: 'keep the scratch directory for inspection', hidden: true}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Verify)
    const root = await findRepoRoot(flags.root ?? process.cwd())
    const info = await codexInfo(flags.codex)
    const codex = info.path
    const version = info.version
    const progress = (line: string) => process.stderr.write(`codex-guard verify: ${line}\n`)
    progress(info.line)
    if (info.warning) progress(info.warning)
    const profile = flags.profile as ProfileName | undefined
    progress('sandbox probes (codex sandbox, scratch layout)…')
    // On a terminal, a ticking line shows the minutes-long phases are alive; piped, nothing extra.
    const sandboxTicker = startProgress('codex-guard verify: sandbox probes')
    const results = await runVerify({root, codex, profile, keepScratch: flags['keep-scratch']}).finally(() => sandboxTicker.stop())
    let live: LiveResult | undefined
    if (flags.live) {
      const liveTicker = startProgress('codex-guard verify: live session')
      live = await runLive({root, codex, profile, progress: (line) => liveTicker.note(`codex-guard verify: ${line}`)}).finally(() => liveTicker.stop())
      progress(live.ran ? `live: session finished in ${(live.durationMs / 1000).toFixed(1)} s` : `live: the session could not run: ${live.reason}`)
    }
    const failed = results.filter((result) => !result.pass)
    const leaks = live?.probes.filter((probe) => probe.verdict !== 'PASS') ?? []
    const liveFailed = live !== undefined && (!live.ran || leaks.length > 0)
    const passed = failed.length === 0 && !liveFailed
    if (flags.format === 'json') {
      process.stdout.write(
        `${JSON.stringify({tool: 'codex-guard', codex: version, codexPath: codex, codexSource: info.source, codexTested: info.verdict, root, passed, probes: results, ...(live ? {live} : {})}, null, 2)}\n`,
      )
    } else {
      this.log(`codex-guard verify — ${version} — ${root}`)
      this.log('\nSandbox probes (scratch layout, codex sandbox):')
      this.log(renderProbeTable(flags.verbose ? results : summariseProbes(results)))
      for (const result of failed) this.log(`FAIL ${result.id}: ${result.target}${result.detail ? ` — ${result.detail}` : ''}`)
      this.log(failed.length === 0 ? `PASS: all ${results.length} probes behaved as the policy claims.` : `FAIL: ${failed.length} of ${results.length} probes were not blocked/allowed as expected.`)
      if (live) {
        this.log(`\nLive session (codex exec in ${root}, ${(live.durationMs / 1000).toFixed(1)} s):`)
        // A session that never started has nothing per probe to show: its reason says it all.
        const observed = live.probes.some((probe) => probe.verdict !== 'ERROR')
        if (observed) this.log(renderLiveTable(live.probes))
        if (observed) for (const probe of leaks) this.log(`${probe.verdict} ${probe.id}: ${probe.detail ?? ''}`)
        if (!live.ran) this.log(`FAIL: the live session could not run: ${live.reason}`)
        else
          this.log(
            leaks.length === 0
              ? `PASS: all ${live.probes.length} live probes were stopped (or, for the ordinary command, allowed).`
              : `LEAK: ${leaks.length} of ${live.probes.length} live probes got through.`,
          )
      }
    }
    if (!passed) this.exit(1)
  }
}
