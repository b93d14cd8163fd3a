// Project trust in the user's Codex config: an untrusted project's whole .codex/ layer
// (config, rules, hooks) is ignored by Codex, silently for the TUI.
import {existsSync, readFileSync, realpathSync} from 'node:fs'
import {homedir} from 'node:os'
import {join, resolve} from 'node:path'
import {isTable, parseTomlText, tableHeaders, tomlString} from '../util/toml.js'

export type TrustState = 'trusted' | 'untrusted' | 'unlisted'

export function codexHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['CODEX_HOME']
  return fromEnv ? resolve(fromEnv) : join(env['HOME'] ?? homedir(), '.codex')
}

function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(codexHome(env), 'config.toml')
}

/** Codex keys trust by the canonical project root path. */
function trustKey(root: string): string {
  try {
    return realpathSync(root)
  } catch {
    return resolve(root)
  }
}

export function trustState(userConfigText: string | undefined, root: string, file: string): TrustState {
  if (!userConfigText) return 'unlisted'
  const doc = parseTomlText(userConfigText, file)
  const projects = doc.data['projects']
  if (!isTable(projects)) return 'unlisted'
  for (const key of new Set([trustKey(root), resolve(root)])) {
    const entry = projects[key]
    if (isTable(entry) && typeof entry['trust_level'] === 'string') {
      return entry['trust_level'] === 'trusted' ? 'trusted' : 'untrusted'
    }
  }
  return 'unlisted'
}

export function readUserConfig(env: NodeJS.ProcessEnv = process.env): {file: string; text: string | undefined} {
  const file = userConfigPath(env)
  return {file, text: existsSync(file) ? readFileSync(file, 'utf8') : undefined}
}

/**
 * Returns the user config text with `[projects."<root>"] trust_level = "trusted"`; an existing
 * entry is edited in place, otherwise the table is appended (as `codex exec --trust` does).
 */
export function withProjectTrusted(text: string | undefined, root: string): string {
  const key = trustKey(root)
  const source = text ?? ''
  const lines = source.split('\n')
  const headers = tableHeaders(source)
  const position = headers.findIndex((header) => !header.array && header.segments.length === 2 && header.segments[0] === 'projects' && header.segments[1] === key)
  if (position !== -1) {
    const headerIndex = headers[position]!.index
    const end = headers[position + 1]?.index ?? lines.length
    for (let index = headerIndex + 1; index < end; index++) {
      if (/^\s*trust_level\s*=/.test(lines[index]!)) {
        lines[index] = 'trust_level = "trusted"'
        return lines.join('\n')
      }
    }
    lines.splice(headerIndex + 1, 0, 'trust_level = "trusted"')
    return lines.join('\n')
  }
  const body = source.replace(/\n*$/, '')
  return `${body === '' ? '' : `${body}\n\n`}[projects.${tomlString(key)}]\ntrust_level = "trusted"\n`
}
