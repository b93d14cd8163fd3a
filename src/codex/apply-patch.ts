// The apply_patch envelope, parsed once for the hook, the rollout parser and the monitors.
// Codex's own parser (codex-rs/apply-patch) is lenient: it trims each line before matching a
// header, so an indented "  *** Add File: x" is applied. Ours is at least as lenient, so a
// patch Codex would apply is never one we fail to see.

export type PatchOperation = 'add' | 'update' | 'delete' | 'move'

export interface PatchFile {
  path: string
  op: PatchOperation
}

const HEADER = /^\*\*\* (Add File|Update File|Delete File|Move to):\s*(.+?)\s*$/
const OPERATIONS: Record<string, PatchOperation> = {'Add File': 'add', 'Update File': 'update', 'Delete File': 'delete', 'Move to': 'move'}

/** Files named in an apply_patch envelope ("*** Add File: x", "*** Update File: y", "*** Move to: z"), in order. */
export function parsePatch(patch: string): PatchFile[] {
  const files: PatchFile[] = []
  for (const line of patch.split('\n')) {
    const match = HEADER.exec(line.trim())
    if (match) files.push({path: match[2]!, op: OPERATIONS[match[1]!]!})
  }
  return files
}

/** Programs Codex intercepts and applies natively when a shell command invokes them. */
export const APPLY_PATCH_PROGRAMS: ReadonlySet<string> = new Set(['apply_patch', 'applypatch'])
