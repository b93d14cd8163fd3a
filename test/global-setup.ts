// Installs the pinned Codex CLI before the suite so e2e tests never skip for lack of it.
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'

export default function setup(): void {
  if (process.env['CODEX_GUARD_TEST_CODEX']) return
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'install-codex.js')], {stdio: 'inherit'})
}
