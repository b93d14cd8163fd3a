import type {Finding} from './finding.js'

export function formatJson(findings: Finding[], extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({tool: 'codex-guard', ...extra, findings}, null, 2)}\n`
}
