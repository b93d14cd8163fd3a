// Merges codex-guard's settings into a project `.codex/config.toml` without touching user
// text: codex-guard owns only the lines between its markers. Re-running replaces those
// blocks and nothing else, so the result is idempotent and user comments survive byte for byte.

import {type DiscoveredEntries, renderPermissionProfile, renderStringArray, shellEnvironmentKeys} from '../codex/profile.js'
import {PERMISSION_PROFILE_NAME} from '../policy/catalogue.js'
import type {EffectivePolicy} from '../policy/effective.js'
import {ConfigError} from '../util/errors.js'
import {isTable, type LoadedToml, lineOf, parseTomlText, tableHeaders} from '../util/toml.js'
import {dominantEol, keepingBom} from './text-file.js'

const START = '# >>> codex-guard'
const END = '# <<< codex-guard <<<'
const TOP_MARKER = `${START}: top-level keys (managed by codex-guard init; edits here are overwritten) >>>`
const PROFILE_MARKER = `${START}: permission profile (managed by codex-guard init; edits here are overwritten) >>>`
const ENV_MARKER = `${START}: environment filter keys (managed by codex-guard init) >>>`
const DISABLED_PREFIX = '# [disabled by codex-guard init --force] '

export interface Conflict {
  key: string
  line?: number
  message: string
  fix: string
  /** Whether --force can resolve it (by commenting out the user's line(s)). */
  forceable: boolean
}

export interface MergeResult {
  text: string
  conflicts: Conflict[]
  /** Conflicts that --force resolved in `text`. */
  forced: Conflict[]
}

interface UserLineRange {
  start: number // 0-based, inclusive
  end: number // inclusive
}

const bare = (line: string) => line.replace(/\r$/, '')
const isBlank = (line: string | undefined) => line === '' || line === '\r'
const MARKERS = [TOP_MARKER, PROFILE_MARKER, ENV_MARKER]

/**
 * Checks that every codex-guard marker line is exact and paired before anything is removed: a
 * start marker whose end marker the user deleted, a stray end marker, a duplicated block or a
 * user comment that merely starts like "# >>> codex-guard" is an error naming the line, never a
 * guess (the old guess deleted everything up to the next end marker, user lines included).
 */
export function checkManagedMarkers(text: string, file: string): void {
  const damaged = (line: number, message: string, fix: string) => new ConfigError(`${message}. codex-guard stopped without writing anything. Fix: ${fix}, then rerun codex-guard init.`, file, line)
  const seen = new Map<string, number>()
  let open: {marker: string; line: number} | undefined
  for (const [index, row] of text.split('\n').entries()) {
    const line = bare(row).trimEnd()
    const number = index + 1
    if (line === END) {
      if (!open)
        throw damaged(number, `the codex-guard end marker on line ${number} has no start marker before it`, 'delete that line, or put back the "# >>> codex-guard: …" start marker line of its block')
      open = undefined
    } else if (MARKERS.includes(line)) {
      if (open) {
        throw damaged(
          open.line,
          `the codex-guard block that starts on line ${open.line} has no end marker ("${END}") before the next block on line ${number}`,
          `put the line "${END}" back where the block ends (after its last managed line)`,
        )
      }
      const first = seen.get(line)
      if (first !== undefined)
        throw damaged(
          number,
          `the codex-guard block on line ${number} duplicates the one on line ${first}`,
          'delete one of the two blocks (from its "# >>> codex-guard" line to its "# <<< codex-guard <<<" line)',
        )
      seen.set(line, number)
      open = {marker: line, line: number}
    } else if (line.trimStart().startsWith(START) || line.trimStart().startsWith('# <<< codex-guard')) {
      throw damaged(
        number,
        `line ${number} starts like a codex-guard marker but is not one (${JSON.stringify(line.slice(0, 60))}); codex-guard cannot tell whether it opens or closes a managed block`,
        `reword that comment so it does not start with "${START}", or restore the exact marker line codex-guard wrote`,
      )
    }
  }
  if (open)
    throw damaged(open.line, `the codex-guard block that starts on line ${open.line} has no end marker ("${END}")`, `put the line "${END}" back where the block ends (after its last managed line)`)
}

/** Removes codex-guard blocks (and the blank line each one added); throws on damaged markers. */
export function stripManagedBlocks(text: string, file = '.codex/config.toml'): string {
  checkManagedMarkers(text, file)
  const lines = text.split('\n')
  const out: string[] = []
  for (let index = 0; index < lines.length; index++) {
    const line = bare(lines[index]!).trimEnd()
    if (!MARKERS.includes(line)) {
      out.push(lines[index]!)
      continue
    }
    let end = index
    while (end < lines.length && bare(lines[end]!).trimEnd() !== END) end++
    if (line === PROFILE_MARKER && out.length > 0 && isBlank(out[out.length - 1])) out.pop()
    else if (line === TOP_MARKER && isBlank(lines[end + 1])) end++
    index = end
  }
  return out.join('\n')
}

export function mergeProjectConfig(
  existing: string | undefined,
  policy: EffectivePolicy,
  file: string,
  force: boolean,
  protectedExists?: (path: string) => boolean,
  discovered?: DiscoveredEntries,
): MergeResult {
  // A UTF-8 byte-order mark (Codex accepts one) stays the first thing in the file.
  let result: Omit<MergeResult, 'text'> = {conflicts: [], forced: []}
  const text = keepingBom(existing ?? '', (body) => {
    const merged = mergeBody(body, policy, file, force, protectedExists, discovered)
    result = merged
    return merged.text
  })
  return {...result, text}
}

/**
 * The merge proper, on a file without a byte-order mark. Lines keep their own "\r" (a file
 * converted to CRLF after init, e.g. by core.autocrlf, round-trips byte for byte outside the
 * managed blocks); the managed blocks are written with the file's dominant line ending.
 */
function mergeBody(existing: string, policy: EffectivePolicy, file: string, force: boolean, protectedExists?: (path: string) => boolean, discovered?: DiscoveredEntries): MergeResult {
  const cr = dominantEol(existing) === '\r\n' ? '\r' : ''
  const nl = `${cr}\n`
  /** managed lines (entries may hold several lines) with the file's line ending */
  const managed = (lines: string[]) => lines.flatMap((line) => line.split('\n')).map((line) => line + cr)
  let user = stripManagedBlocks(existing, file)
  const doc = parseTomlText(user, file)
  const conflicts = findConflicts(doc, policy.envExclude)
  const forced = force ? conflicts.filter((conflict) => conflict.forceable) : []
  const excludeConflict = forced.find((conflict) => conflict.key === 'shell_environment_policy.exclude')
  if (forced.length > 0) {
    user = disableUserKeys(
      user,
      forced.filter((conflict) => conflict !== excludeConflict),
    )
  }
  if (excludeConflict?.line !== undefined) {
    // The user's list stays theirs, rewritten in place as the union with codex-guard's patterns.
    const env = doc.data['shell_environment_policy'] as Record<string, unknown>
    const union = [...new Set([...(env['exclude'] as unknown[]).filter((item): item is string => typeof item === 'string'), ...policy.envExclude])]
    const lines = user.split('\n')
    const start = excludeConflict.line - 1
    lines.splice(start, valueEnd(lines, start) - start + 1, ...managed([`exclude = ${renderStringArray(union)}`]))
    user = lines.join('\n')
  }
  const unresolved = new Set(conflicts.filter((conflict) => !forced.includes(conflict)).map((conflict) => conflict.key))
  let text = user

  // Top-level keys go before the first table header.
  if (!unresolved.has('default_permissions')) {
    const topBlock = managed([TOP_MARKER, `default_permissions = "${PERMISSION_PROFILE_NAME}"`, END])
    const lines = text.split('\n')
    const firstHeader = tableHeaders(text)[0]?.index ?? -1
    if (firstHeader === -1) {
      text = text === '' ? `${topBlock.join('\n')}\n` : `${topBlock.join('\n')}\n${nl}${text}`
    } else {
      lines.splice(firstHeader, 0, ...topBlock, cr)
      text = lines.join('\n')
    }
  }

  const userEnv = doc.data['shell_environment_policy']
  const envKeys = shellEnvironmentKeys(policy)
  const envHeaderLine = findHeaderLine(text, ['shell_environment_policy'])
  let envInProfileBlock = false
  if (userEnv === undefined) {
    envInProfileBlock = true
  } else if (envHeaderLine !== undefined && !unresolved.has('shell_environment_policy')) {
    const userTable = isTable(userEnv) ? userEnv : {}
    const missing = envKeys.filter(([key]) => !(key in userTable) || (key !== 'exclude' && forced.some((conflict) => conflict.key === `shell_environment_policy.${key}`)))
    if (missing.length > 0) {
      const lines = text.split('\n')
      lines.splice(envHeaderLine + 1, 0, ...managed([ENV_MARKER, ...missing.map(([key, value]) => `${key} = ${value}`), END]))
      text = lines.join('\n')
    }
  }

  if (!unresolved.has(`permissions.${PERMISSION_PROFILE_NAME}`)) {
    const profile = [PROFILE_MARKER, renderPermissionProfile(policy, protectedExists, undefined, discovered)]
    if (envInProfileBlock) {
      profile.push('', '[shell_environment_policy]', ...envKeys.map(([key, value]) => `${key} = ${value}`))
    }
    profile.push(END)
    const separator = text === '' ? '' : text.endsWith('\n') ? nl : nl + nl
    text = `${text}${separator}${managed(profile).join('\n')}\n`
  }
  return {text, conflicts, forced}
}

function findHeaderLine(text: string, table: string[]): number | undefined {
  return tableHeaders(text).find((header) => !header.array && sameKey(header.segments, table))?.index
}

const sameKey = (a: string[], b: string[]) => a.length === b.length && a.every((segment, index) => segment === b[index])

/** User settings that stop codex-guard's profile from applying, or weaken it. */
export function findConflicts(doc: LoadedToml, policyExclude: string[] = []): Conflict[] {
  const conflicts: Conflict[] = []
  const data = doc.data
  const line = (...path: string[]) => lineOf(doc, ...path)
  if (data['default_permissions'] !== undefined && data['default_permissions'] !== PERMISSION_PROFILE_NAME) {
    conflicts.push({
      key: 'default_permissions',
      line: line('default_permissions'),
      message: `default_permissions = ${JSON.stringify(data['default_permissions'])} selects another permission profile, so codex-guard's deny-read profile would not apply`,
      fix: `remove it or set default_permissions = "${PERMISSION_PROFILE_NAME}"`,
      forceable: true,
    })
  }
  if (data['sandbox_mode'] !== undefined) {
    conflicts.push({
      key: 'sandbox_mode',
      line: line('sandbox_mode'),
      message: `sandbox_mode = ${JSON.stringify(data['sandbox_mode'])} switches Codex to the legacy sandbox settings and silently disables every permission profile (deny-read of .env, keys, credentials)`,
      fix: 'remove sandbox_mode; the codex-guard permission profile already extends ":workspace"',
      forceable: true,
    })
  }
  const workspaceWrite = data['sandbox_workspace_write']
  if (isTable(workspaceWrite) && workspaceWrite['network_access'] === true) {
    conflicts.push({
      key: 'sandbox_workspace_write.network_access',
      line: line('sandbox_workspace_write', 'network_access'),
      message: 'network_access = true lets sandboxed commands reach the network (exfiltration, DNS tunnelling)',
      fix: 'set network_access = false or remove it',
      forceable: true,
    })
  }
  if (data['approval_policy'] === 'never') {
    conflicts.push({
      key: 'approval_policy',
      line: line('approval_policy'),
      message: 'approval_policy = "never" means Codex never asks before running commands that rules mark "prompt"',
      fix: 'remove approval_policy (default "on-request") for interactive sessions',
      forceable: true,
    })
  }
  const permissions = data['permissions']
  if (isTable(permissions) && permissions[PERMISSION_PROFILE_NAME] !== undefined) {
    conflicts.push({
      key: `permissions.${PERMISSION_PROFILE_NAME}`,
      line: line('permissions', PERMISSION_PROFILE_NAME),
      message: `a [permissions.${PERMISSION_PROFILE_NAME}] profile exists outside codex-guard's managed block`,
      fix: `rename or remove your [permissions.${PERMISSION_PROFILE_NAME}] tables so codex-guard can manage its profile`,
      forceable: false,
    })
  }
  const env = data['shell_environment_policy']
  if (env !== undefined) {
    const header = findHeaderLine(doc.text, ['shell_environment_policy'])
    if (header === undefined || !isTable(env)) {
      conflicts.push({
        key: 'shell_environment_policy',
        line: line('shell_environment_policy'),
        message: 'shell_environment_policy is written as dotted keys or an inline table, which codex-guard cannot merge into',
        fix: 'rewrite it as a [shell_environment_policy] table, or set ignore_default_excludes = false and the exclude list yourself',
        forceable: false,
      })
    } else {
      if ('filters' in env) {
        conflicts.push({
          key: 'shell_environment_policy',
          line: line('shell_environment_policy', 'filters'),
          message: 'shell_environment_policy.filters cannot be mixed with exclude, so codex-guard cannot add its secret-variable excludes',
          fix: 'add "exclude" entries for secret variables to your filters table (see docs/generated-files.md), or drop filters',
          forceable: false,
        })
      }
      if (env['ignore_default_excludes'] === true) {
        conflicts.push({
          key: 'shell_environment_policy.ignore_default_excludes',
          line: line('shell_environment_policy', 'ignore_default_excludes'),
          message: 'ignore_default_excludes = true passes *KEY*, *SECRET* and *TOKEN* variables to every command',
          fix: 'set ignore_default_excludes = false',
          forceable: true,
        })
      }
      const userExclude = Array.isArray(env['exclude']) ? env['exclude'] : undefined
      const missingPatterns = userExclude ? policyExclude.filter((pattern) => !userExclude.includes(pattern)) : []
      if (userExclude && missingPatterns.length > 0) {
        conflicts.push({
          key: 'shell_environment_policy.exclude',
          line: line('shell_environment_policy', 'exclude'),
          message: `your exclude list lacks ${missingPatterns.length} of codex-guard’s secret-variable patterns (${missingPatterns.slice(0, 4).join(', ')}${missingPatterns.length > 4 ? ', …' : ''}), so those variables reach commands`,
          fix: 'add them to your exclude list (codex-guard init --force merges them in place and keeps a backup)',
          forceable: true,
        })
      }
    }
  }
  return conflicts
}

/** Comments out the user's lines for forced conflicts (a multi-line array as a whole). */
function disableUserKeys(text: string, forced: Conflict[]): string {
  const lines = text.split('\n')
  const ranges: UserLineRange[] = []
  for (const conflict of forced) {
    if (conflict.line === undefined) continue
    ranges.push({start: conflict.line - 1, end: valueEnd(lines, conflict.line - 1)})
  }
  for (const range of ranges) {
    for (let index = range.start; index <= range.end; index++) lines[index] = `${DISABLED_PREFIX}${lines[index]}`
  }
  return lines.join('\n')
}

function valueEnd(lines: string[], start: number): number {
  let depth = 0
  for (let index = start; index < lines.length; index++) {
    const clean = lines[index]!.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""').replace(/#.*$/, '')
    for (const char of clean) {
      if (char === '[' || char === '{') depth++
      else if (char === ']' || char === '}') depth--
    }
    if (depth <= 0) return index
  }
  return start
}
