// A delimited section inside a user file (AGENTS.md, .gitignore): re-running replaces only
// the text between the markers; everything else stays byte for byte.

export interface Markers {
  start: string
  end: string
}

export function upsertSection(existing: string | undefined, body: string, markers: Markers): string {
  const section = `${markers.start}\n${body.replace(/\n+$/, '')}\n${markers.end}\n`
  if (existing === undefined || existing === '') return section
  const startIndex = existing.indexOf(markers.start)
  const endIndex = startIndex === -1 ? -1 : existing.indexOf(markers.end, startIndex)
  if (startIndex !== -1 && endIndex !== -1) {
    let after = endIndex + markers.end.length
    if (existing[after] === '\n') after++
    return existing.slice(0, startIndex) + section + existing.slice(after)
  }
  const separator = existing.endsWith('\n\n') ? '' : existing.endsWith('\n') ? '\n' : '\n\n'
  return existing + separator + section
}
