// Text rendering of `codex-guard doctor` (the JSON is the report itself).
import type {DoctorReport} from '../validate/doctor.js'

const mark = (ok: boolean) => (ok ? 'ok  ' : 'FIX ')

export function renderDoctor(report: DoctorReport, display: (file: string) => string): string {
  const out: string[] = [`codex-guard doctor — ${report.root}`, '']
  const {codex} = report
  out.push(
    codex.path
      ? `${mark(!codex.warning)}codex      ${codex.path} (${codex.source}), ${codex.version || 'version unknown'}${codex.tested === 'tested' ? ', in the tested range' : ''}`
      : `${mark(false)}codex      not found: ${codex.error}`,
  )
  if (codex.warning) out.push(`           ${codex.warning}`)
  out.push(
    `${mark(report.trust.state === 'trusted')}trust      project ${report.trust.state} in ${report.trust.userConfig}${report.trust.state === 'trusted' ? '' : ' — Codex ignores .codex/ (run codex-guard init --trust)'}`,
  )
  out.push('', 'Config layers (Codex precedence, lowest first):')
  if (report.layers.length === 0) out.push('  (none)')
  for (const layer of report.layers) out.push(`  ${layer.enabled ? 'on ' : 'off'} ${layer.kind.padEnd(8)} ${display(layer.file)}${layer.note ? ` — ${layer.note}` : ''}`)
  const {profile} = report
  const profileOk = profile.name !== undefined && profile.defined && !profile.overriddenBySandboxMode
  out.push(
    '',
    `${mark(profileOk)}profile    ${profile.name ?? '(none: default_permissions is not set)'}${profile.setIn ? ` from ${display(profile.setIn)}` : ''}${profile.name && !profile.defined ? ' — not defined' : ''}${profile.overriddenBySandboxMode ? ' — IGNORED: sandbox_mode is set' : ''}`,
  )
  if (profile.name) out.push(`           ${profile.workspaceDenies} workspace and ${profile.homeDenies} home deny entries; network ${profile.network ? 'ON' : 'off'}`)
  out.push(`${mark(report.rules.length > 0)}rules      ${report.rules.length === 0 ? 'no rules files' : `${report.rules.length} file(s)`}`)
  for (const rules of report.rules) out.push(`  ${rules.enabled ? 'on ' : 'off'} ${rules.kind.padEnd(8)} ${display(rules.file)}${rules.note ? ` — ${rules.note}` : ''}`)
  out.push(
    `${mark(report.hooks.wired && report.hooks.healthy)}hooks      ${report.hooks.wired ? (report.hooks.healthy ? 'codex-guard hooks wired, trusted and answering (probe)' : 'wired, but:') : 'not wired'}`,
  )
  for (const problem of report.hooks.problems) out.push(`           ${problem}`)
  out.push(`${mark(!report.envPolicy.passesSecrets)}env        ${report.envPolicy.passesSecrets ? report.envPolicy.detail : 'secret-looking variables are stripped from commands'}`)
  if (report.precommit) out.push(`${mark(report.precommit.installed)}pre-commit ${report.precommit.summary}`)
  for (const managed of report.managed) out.push(`    managed    ${managed.file}: ${managed.present ? 'present (enforced by Codex over every user setting)' : 'absent'}`)
  out.push('', 'Secret files in the repository:')
  if (report.secretFiles.length === 0) out.push('  (none found)')
  for (const file of report.secretFiles) {
    out.push(
      `  ${file.verdict === 'denied' ? 'denied  ' : 'READABLE'} ${file.path} (${file.category}${file.tracked ? ', TRACKED by git' : ''}${file.ignored ? '' : ', not git-ignored'})${file.reason ? ` — ${file.reason}` : ''}`,
    )
  }
  out.push('')
  if (report.healthy) out.push('Healthy: nothing at high severity or above. (codex-guard verify proves it with the real binary.)')
  else {
    out.push(`UNPROTECTED: ${report.problems.length} problem(s):`)
    for (const problem of report.problems) out.push(`  ${problem.severity.toUpperCase()} ${problem.ruleId} ${problem.file ? `${display(problem.file)}: ` : ''}${problem.message}`)
    out.push('Run codex-guard validate for every finding with its fix.')
  }
  return `${out.join('\n')}\n`
}
