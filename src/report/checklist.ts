// The credential rotation checklist as text (terminal) or Markdown (`rotate --format markdown`).
import type {Checklist, ChecklistItem} from '../rotate/checklist.js'

const RANK_TITLE = {
  touched: 'Touched during the session — rotate now',
  reachable: 'Reachable and unprotected — rotate after large sessions',
  protected: 'Review (not pending): protected, not touched',
}

export function renderChecklist(checklist: Checklist, format: 'text' | 'markdown', options: {includeProtected?: boolean} = {}): string {
  const markdown = format === 'markdown'
  const out: string[] = []
  out.push(markdown ? `# Credential rotation checklist — session ${checklist.session}` : `Credential rotation checklist — session ${checklist.session}`)
  out.push(checklist.triggered ? `Why now: ${checklist.triggers.join('; ')}` : 'No rotation trigger fired for this session (below the large-session thresholds, no exposure seen).')
  const ranks = (['touched', 'reachable', 'protected'] as const).filter((rank) => rank !== 'protected' || options.includeProtected !== false)
  for (const rank of ranks) {
    const items = checklist.items.filter((item) => item.rank === rank)
    if (items.length === 0) continue
    out.push('', markdown ? `## ${RANK_TITLE[rank]}` : `== ${RANK_TITLE[rank]} ==`)
    for (const item of items) out.push(...renderItem(item, markdown, rank !== 'protected'))
  }
  const rotated = checklist.items.filter((item) => item.rotated).length
  out.push('', `${checklist.pending} item(s) pending${rotated ? `, ${rotated} rotated (value changed)` : ''}. Mark done with: codex-guard rotate --session ${checklist.session} --done <id> …`)
  return `${out.join('\n')}\n`
}

function renderItem(item: ChecklistItem, markdown: boolean, withSteps: boolean): string[] {
  const box = item.done || item.rotated ? '[x]' : '[ ]'
  const lines = [markdown ? `- ${box} **${item.label}** (\`${item.id}\`, ${item.steps.title})` : `${box} ${item.label}  [${item.id}] — ${item.steps.title}`]
  const indent = markdown ? '  ' : '    '
  for (const why of item.evidence) lines.push(`${indent}${markdown ? '- ' : ''}why: ${why}`)
  if (item.done) lines.push(`${indent}${markdown ? '- ' : ''}done by ${item.done.by} at ${item.done.at}`)
  if (item.rotated) lines.push(`${indent}${markdown ? '- ' : ''}rotated: the value changed since the checklist was recorded (seen ${item.rotated.at})`)
  else if (item.unchanged && !item.done) lines.push(`${indent}${markdown ? '- ' : ''}still pending: the old value is still in place`)
  if (withSteps && !item.done && !item.rotated) {
    for (const [index, step] of item.steps.steps.entries()) lines.push(`${indent}${markdown ? `${index + 1}. ` : `${index + 1}) `}${step}`)
    lines.push(`${indent}${markdown ? '- ' : ''}verify: ${item.steps.verify}`)
  }
  return lines
}
