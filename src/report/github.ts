// GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,title=…::message`
// line per finding, which the runner turns into annotations on the pull request. Values are
// escaped as the runner expects (% CR LF everywhere; also : and , in properties), so a hostile
// path or message cannot end the command early or inject another one.
import type {Finding, Severity} from './finding.js'

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice'}

const escapeData = (value: string) => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (value: string) => escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** isFile: whether a finding's location is a file of the repository (others are named in the message only). */
export function formatGithub(findings: Finding[], isFile: (path: string) => boolean): string {
  return findings
    .map((finding) => {
      const properties: string[] = []
      const onFile = finding.file !== undefined && isFile(finding.file)
      if (onFile) {
        properties.push(`file=${escapeProperty(finding.file!)}`)
        if (finding.line) properties.push(`line=${finding.line}`)
        if (finding.column) properties.push(`col=${finding.column}`)
      }
      properties.push(`title=${escapeProperty(`codex-guard ${finding.ruleId} (${finding.severity})`)}`)
      const where = finding.file && !onFile ? `${finding.file}${finding.line ? `:${finding.line}` : ''}: ` : ''
      const message = `${where}${finding.message}${finding.remediation ? ` Fix: ${finding.remediation}` : ''}`
      return `::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(message)}\n`
    })
    .join('')
}
