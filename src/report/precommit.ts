// The pre-commit hook's output: findings as text, JSON or SARIF, the notes and suppressions on
// stderr, and the fail-closed message when the check itself broke.
import type {PrecommitResult} from '../precommit/run.js'
import {packageVersion} from '../util/paths.js'
import {formatJson} from './json.js'
import type {Format} from './render.js'
import type {RuleMeta} from './rule-meta.js'
import {formatSarif} from './sarif.js'
import {formatText} from './text.js'

export interface PrecommitRendering {
  color?: boolean
  /** Every rule the check can report, for SARIF. */
  rules: RuleMeta[]
  /** The default baseline file, named in the advice under a blocked commit. */
  baselineFile: string
}

export function renderResult(result: PrecommitResult, format: Format, options: PrecommitRendering): {stdout: string; stderr: string} {
  const stderr: string[] = []
  if (result.suppressed.length > 0) {
    const count = (by: string) => result.suppressed.filter((entry) => entry.by === by).length
    stderr.push(
      `codex-guard: ${result.suppressed.length} finding(s) suppressed (${count('inline')} by codex-guard:ignore comments, ${count('policy')} by [[suppress]] in .codex/codex-guard.toml, ${count('baseline')} by the baseline)`,
    )
  }
  for (const note of result.notes) stderr.push(`codex-guard: ${note}`)
  const err = stderr.length > 0 ? `${stderr.join('\n')}\n` : ''
  if (format === 'json') {
    return {
      stdout: formatJson(result.findings, {
        version: packageVersion(),
        category: 'precommit',
        root: result.root,
        branch: result.branch,
        blocked: result.blocking.length > 0,
        threshold: result.threshold,
        codexSession: result.session,
        stagedFiles: result.stagedFiles,
        suppressed: result.suppressed.map((entry) => ({
          ruleId: entry.finding.ruleId,
          file: entry.finding.file,
          line: entry.finding.line,
          fingerprint: entry.finding.fingerprint,
          by: entry.by,
          reason: entry.reason,
        })),
      }),
      stderr: err,
    }
  }
  if (format === 'sarif') return {stdout: formatSarif(result.findings, {version: packageVersion(), category: 'precommit', rules: options.rules}), stderr: err}
  return {stdout: renderText(result, options.color === true, options.baselineFile), stderr: err}
}

/** Control and format characters in a path shown on a terminal are escaped (JSON output keeps them). */
export function displayPath(path: string): string {
  return path.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (char) => {
    const named: Record<string, string> = {'\n': '\\n', '\t': '\\t', '\r': '\\r'}
    return named[char] ?? `\\u{${char.codePointAt(0)!.toString(16).toUpperCase()}}`
  })
}

function renderText(result: PrecommitResult, color: boolean, baselineFile: string): string {
  if (result.findings.length === 0) return `codex-guard pre-commit: ${result.stagedFiles} staged file(s) checked, no findings.\n`
  const blocked = result.blocking.length > 0
  const session = result.session ? ` Codex session detected (${result.sessionSignal}): warnings block too and inline ignores do not count.` : ''
  const header = blocked
    ? `codex-guard pre-commit: COMMIT BLOCKED — ${result.blocking.length} finding(s) at or above "${result.threshold}" in the staged changes.${session}\n`
    : `codex-guard pre-commit: commit allowed with ${result.findings.length} warning(s) below "${result.threshold}" (inside a Codex session warnings block).${session}\n`
  const shown = result.findings.map((finding) => (finding.file === undefined ? finding : {...finding, file: displayPath(finding.file)}))
  const out = [header, formatText(shown, {color})]
  if (blocked) {
    out.push(
      [
        'How to proceed:',
        '  - fix it: remove the secret / unstage the file (`git rm --cached PATH`), `git add` the fix, commit again;',
        '    a secret that was ever pushed or shared must also be rotated (`codex-guard rotate`)',
        '  - a false positive on one line: add `codex-guard:ignore RULE-ID` to that line (or alone on the line above)',
        `  - known, accepted findings: \`codex-guard precommit baseline\` records sha256 fingerprints in ${baselineFile} (never the secret)`,
        '  - a repository-wide exception: [[suppress]] with rule, path and reason in .codex/codex-guard.toml',
        "  - bypass every pre-commit hook once (git's own switch; CI should check again): git commit --no-verify",
        '',
      ].join('\n'),
    )
  }
  return out.join('\n')
}

export function renderInternalError(error: Error, failOpen: boolean, session: boolean): string {
  const reason = error instanceof Error ? error.message : String(error)
  const lines = [`codex-guard pre-commit: internal error: ${reason}`]
  if (failOpen) {
    lines.push('The check could not finish; the commit is ALLOWED because CODEX_GUARD_PRECOMMIT_FAIL_OPEN=1 is set. Nothing was verified.')
  } else {
    lines.push(
      'The commit is blocked because the check could not finish (fail closed).',
      `To let commits through when the check itself fails, set CODEX_GUARD_PRECOMMIT_FAIL_OPEN=1${session ? ' (ignored inside a Codex session)' : ''}; to skip it once: git commit --no-verify.`,
    )
  }
  return `${lines.join('\n')}\n`
}
