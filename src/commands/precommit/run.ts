import {Flags} from '@oclif/core'
import {SECRET_TEMPLATES} from '../../policy/catalogue.js'
import {SEVERITIES, type Severity} from '../../report/finding.js'
import {BaseCommand} from '../../util/base-command.js'

export default class PrecommitRun extends BaseCommand {
  static override summary = 'Check the staged changes: secret files, secrets, hidden payloads, agent files, .codex/ validity'
  static override description = `What the git pre-commit hook runs. Reads the staged content from the index (never the working tree)
and reports: staged paths the policy marks block-on-commit (.env variants, private keys, keystores,
*.tfstate, kubeconfig…; templates such as ${SECRET_TEMPLATES.slice(0, 3).join(', ')} pass), files holding a
credential under any name, secrets in added lines (the secret engine, secretlint's rules as a second
pass, the repository's .gitleaks.toml; redacted in all output), hidden Unicode and injection text in added lines, new file
names and the branch name, changes to agent instruction files and .codex/** (for review), and staged
.codex/ files that would not load. Inside a Codex session (CODEX_THREAD_ID or CODEX_SANDBOX* set)
warnings block as well.

Suppress with "codex-guard:ignore RULE-ID" on the line, a [[suppress]] entry in
.codex/codex-guard.toml, or the baseline written by "codex-guard precommit baseline". Bypass once
with "git commit --no-verify". Exit 0 pass, 1 blocked, 2 internal error (fails closed; set
CODEX_GUARD_PRECOMMIT_FAIL_OPEN=1 to let commits through when the check itself breaks).`

  static override examples = ['<%= config.bin %> precommit run', '<%= config.bin %> precommit run --format json', '<%= config.bin %> precommit run --fail-on medium']

  static override flags = {
    format: Flags.string({description: 'output format', options: ['text', 'json', 'sarif'], default: 'text'}),
    'fail-on': Flags.string({description: 'block at this severity or above (default high; medium inside a Codex session)', options: [...SEVERITIES]}),
    root: Flags.directory({description: 'repository to check (default: the current directory)', exists: true}),
    baseline: Flags.string({description: 'baseline file, relative to the repository root (default .codex-guard-baseline.json)'}),
    'max-file-size': Flags.string({description: 'larger staged files are not scanned (e.g. 4MiB, 512k; default 4MiB)'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(PrecommitRun)
    const [{execute}, {parseSize}] = await Promise.all([import('../../precommit/entry.js'), import('../../util/size.js')])
    const code = await execute({
      format: flags.format as 'text' | 'json' | 'sarif',
      failOn: flags['fail-on'] as Severity | undefined,
      root: flags.root,
      baseline: flags.baseline,
      maxFileBytes: flags['max-file-size'] === undefined ? undefined : parseSize(flags['max-file-size'], '--max-file-size'),
    })
    if (code !== 0) this.exit(code)
  }
}
