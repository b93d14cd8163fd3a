// Salted fingerprints of credentials, so the checklist can tell a rotated credential from one
// still in place without ever storing a value: HMAC-SHA256 under a per-user salt kept in the
// state directory (outside every workspace, mode 0600).
import {createHmac, randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {expandHome} from '../codex/permissions.js'
import {credentialKindOfValue} from '../policy/catalogue.js'
import {stateDir} from '../session/audit-log.js'

const MAX_FILE_BYTES = 1_000_000
const MAX_DIRECTORY_FILES = 50

export interface FingerprintContext {
  root: string
  home: string
  env: NodeJS.ProcessEnv
  isSecretName: (name: string) => boolean
}

/** The per-user salt, created on first use (never inside a repository). */
export function fingerprintSalt(env: NodeJS.ProcessEnv = process.env): Buffer {
  const file = join(stateDir(env), 'fingerprint.salt')
  if (!existsSync(file)) {
    mkdirSync(stateDir(env), {recursive: true, mode: 0o700})
    try {
      writeFileSync(file, randomBytes(32), {mode: 0o600, flag: 'wx'})
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error // another process made it first
    }
  }
  const salt = readFileSync(file)
  if (salt.length < 16) throw new Error(`${file} is damaged (${salt.length} bytes); delete it to start new fingerprints`)
  return salt
}

function readSmall(path: string): string | undefined {
  try {
    const stat = statSync(path)
    return stat.isFile() && stat.size <= MAX_FILE_BYTES ? readFileSync(path, 'utf8') : undefined
  } catch {
    return undefined
  }
}

/**
 * The secret part of a credential file: `NAME=value` / `name: value` lines whose name is secret
 * or whose value has a credential format; the whole text when none does (keys, JSON blobs). So
 * editing a comment or PORT=3000 in .env does not count as rotating its keys.
 */
function secretMaterial(text: string, isSecretName: (name: string) => boolean): string {
  const lines: string[] = []
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*[=:]\s*(.+?)\s*$/.exec(line)
    if (match && (isSecretName(match[1]!) || credentialKindOfValue(match[2]!.replace(/^["']|["'],?$/g, '')))) lines.push(`${match[1]}=${match[2]}`)
  }
  return lines.length > 0 ? lines.sort().join('\n') : text
}

/** What an inventory location holds now (variable value, file or folder content), or undefined when it is gone. */
function currentMaterial(id: string, location: string, context: FingerprintContext): string | undefined {
  if (id.startsWith('env:')) return context.env[location] || undefined
  const path = location.startsWith('~') ? expandHome(location, context.home) : join(context.root, location)
  let stat: ReturnType<typeof statSync>
  try {
    stat = statSync(path)
  } catch {
    return undefined
  }
  if (stat.isFile()) {
    const text = readSmall(path)
    return text === undefined ? undefined : secretMaterial(text, context.isSecretName)
  }
  if (!stat.isDirectory()) return undefined
  const parts = readdirSync(path)
    .sort()
    .slice(0, MAX_DIRECTORY_FILES)
    .map((name) => {
      const text = readSmall(join(path, name))
      return text === undefined ? '' : `${name}\0${secretMaterial(text, context.isSecretName)}`
    })
  return parts.join('\0\0')
}

/** HMAC-SHA256 (hex) of what an item's location holds now; undefined when nothing is there. */
export function fingerprintOf(item: {id: string; location?: string}, context: FingerprintContext, salt: Buffer): string | undefined {
  if (!item.location) return undefined
  const material = currentMaterial(item.id, item.location, context)
  return material === undefined ? undefined : createHmac('sha256', salt).update(material).digest('hex')
}
