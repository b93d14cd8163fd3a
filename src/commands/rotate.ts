import {Flags} from '@oclif/core'
import {findRepoRoot} from '../git/repo.js'
import {renderChecklist} from '../report/checklist.js'
import {acknowledge} from '../rotate/checklist.js'
import {prepareChecklist, resolveSession} from '../rotate/index.js'
import {BaseCommand} from '../util/base-command.js'

export default class Rotate extends BaseCommand {
  static override summary = 'Credential-rotation checklist for a Codex session: what it touched, what it could reach'
  static override description = `Ranks credentials by risk: touched during the session (secret reads that succeeded, secrets in
tool output, credential commands, files created with secrets) first, then those the session could
reach unprotected (environment variables that reached commands, readable credential files,
logged-in CLIs, tokens in git remotes), then those reachable but protected (stripped or denied).
Each item says why it is listed and how to rotate that credential type. Secrets are never printed.`

  static override examples = [
    '<%= config.bin %> rotate --last',
    '<%= config.bin %> rotate --session 20261125T101500Z-ab12cd34 --format markdown',
    '<%= config.bin %> rotate --last --done env:GITHUB_TOKEN file:.env',
  ]

  static override flags = {
    root: Flags.directory({description: 'repository to inspect (default: the one the session recorded, else the git root of the current directory)', exists: true}),
    session: Flags.string({description: 'session id (see `codex-guard sessions list`)', exclusive: ['last']}),
    last: Flags.boolean({description: 'the most recent session (the default)'}),
    format: Flags.string({options: ['text', 'json', 'markdown'], default: 'text', description: 'output format'}),
    done: Flags.string({description: 'mark checklist items as done (repeatable ids, e.g. env:GITHUB_TOKEN)', multiple: true}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Rotate)
    const root = flags.root ? await findRepoRoot(flags.root) : undefined
    if (flags.done?.length) {
      const session = resolveSession(flags.session, process.env)
      if (!session) this.error('no sessions recorded yet', {exit: 2})
      const unknown = acknowledge(session, flags.done)
      if (unknown.length > 0) {
        process.stderr.write(`codex-guard: not on the checklist of session ${session}: ${unknown.join(', ')} (run \`codex-guard rotate --session ${session}\` to list ids)\n`)
        this.exit(2)
      }
      this.log(`recorded ${flags.done.length} item(s) as done for session ${session}`)
      return
    }
    const checklist = await prepareChecklist({root, session: flags.session, fallbackRoot: () => findRepoRoot(process.cwd())})
    if (flags.format === 'json') process.stdout.write(`${JSON.stringify(checklist, null, 2)}\n`)
    else process.stdout.write(renderChecklist(checklist, flags.format as 'text' | 'markdown'))
  }
}
