import type {Finding} from './finding.js'

const SEVERITY_LABEL: Record<Finding['severity'], string> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFO',
}

export function formatText(findings: Finding[], options: {color?: boolean; header?: string} = {}): string {
  const paint = (code: number, text: string) => (options.color ? `\u001B[${code}m${text}\u001B[0m` : text)
  const colorOf: Record<Finding['severity'], number> = {critical: 35, high: 31, medium: 33, low: 36, info: 2}
  const out: string[] = []
  if (options.header) out.push(options.header)
  for (const finding of findings) {
    const where = finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ''}${finding.column ? `:${finding.column}` : ''}` : '(global)'
    out.push(`${paint(colorOf[finding.severity], SEVERITY_LABEL[finding.severity].padEnd(8))} ${finding.ruleId}  ${where}`)
    out.push(`         ${finding.message}`)
    if (finding.evidence) out.push(`         evidence: ${finding.evidence}`)
    if (finding.remediation) out.push(`         fix: ${finding.remediation}`)
  }
  const counts = new Map<string, number>()
  for (const finding of findings) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1)
  const summary = ['critical', 'high', 'medium', 'low', 'info']
    .filter((severity) => counts.has(severity))
    .map((severity) => `${counts.get(severity)} ${severity}`)
    .join(', ')
  out.push(findings.length === 0 ? 'No findings.' : `${findings.length} finding(s): ${summary}`)
  return `${out.join('\n')}\n`
}
