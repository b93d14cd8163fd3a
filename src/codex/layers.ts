// Loads the Codex configuration layers that apply to a repository, in Codex's precedence
// order (codex-reference.md §1.1): system < user < project (only when trusted).
// `$CODEX_HOME/<name>.config.toml` profiles apply only with `-p <name>` and are kept apart.
// Managed requirements (requirements.ts) are not a config layer: they constrain all of them.
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {ConfigError} from '../util/errors.js'
import {isTable, type LoadedToml, readToml, type TomlTable} from '../util/toml.js'
import {loadManagedLayer, type ManagedLayer} from './requirements.js'
import {listRulesDir, rulesDirectories} from './rules/loader.js'
import {codexHome, type TrustState, trustState} from './trust.js'

export type LayerKind = 'system' | 'user' | 'profile' | 'project'

export interface ConfigLayer {
  kind: LayerKind
  file: string
  doc?: LoadedToml
  error?: ConfigError
  /** false for untrusted project layers and for profile files (which need -p). */
  enabled: boolean
  disabledReason?: string
}

export interface RulesSource {
  kind: LayerKind
  file: string
  enabled: boolean
  symlink: boolean
}

export interface LoadedLayers {
  root: string
  codexHome: string
  userConfig: string
  trust: TrustState
  layers: ConfigLayer[]
  rules: RulesSource[]
  /** Deep merge of the enabled layers: what Codex will use without -p / -c. */
  effective: TomlTable
  /** `<systemDir>/requirements.toml` (or $CODEX_GUARD_MANAGED_REQUIREMENTS) when present */
  managed?: ManagedLayer
}

export const SYSTEM_CONFIG_DIR = '/etc/codex'

function loadLayer(kind: LayerKind, file: string, enabled: boolean, disabledReason?: string): ConfigLayer {
  try {
    return {kind, file, doc: readToml(file), enabled, disabledReason}
  } catch (error) {
    if (error instanceof ConfigError) return {kind, file, error, enabled, disabledReason}
    throw error
  }
}

export function loadLayers(root: string, env: NodeJS.ProcessEnv = process.env, systemDir = SYSTEM_CONFIG_DIR): LoadedLayers {
  const home = codexHome(env)
  const layers: ConfigLayer[] = []
  const systemConfig = join(systemDir, 'config.toml')
  if (existsSync(systemConfig)) layers.push(loadLayer('system', systemConfig, true))

  const userConfig = join(home, 'config.toml')
  const userLayer = existsSync(userConfig) ? loadLayer('user', userConfig, true) : undefined
  if (userLayer) layers.push(userLayer)
  if (existsSync(home)) {
    for (const name of readdirSync(home)
      .filter((entry) => entry.endsWith('.config.toml'))
      .sort()) {
      layers.push(loadLayer('profile', join(home, name), false, `applies only with codex -p ${name.replace(/\.config\.toml$/, '')}`))
    }
  }

  let trust: TrustState = 'unlisted'
  if (userLayer?.doc) trust = trustState(userLayer.doc.text, root, userConfig)
  const trusted = trust === 'trusted'
  const reason = trusted ? undefined : `project is ${trust === 'untrusted' ? 'marked untrusted' : 'not trusted'} in ${userConfig}`
  const projectConfig = join(root, '.codex', 'config.toml')
  if (existsSync(projectConfig)) layers.push(loadLayer('project', projectConfig, trusted, reason))
  // Codex's own order and file selection (rules/loader.ts); untrusted project rules are listed, disabled.
  const rules: RulesSource[] = rulesDirectories(systemDir, home, root).flatMap(({kind, dir}) =>
    listRulesDir(dir).map((entry) => ({kind, file: entry.file, enabled: kind !== 'project' || trusted, symlink: entry.symlink})),
  )

  const effective: TomlTable = {}
  for (const layer of layers) if (layer.enabled && layer.doc) deepMerge(effective, layer.doc.data)
  return {root, codexHome: home, userConfig, trust, layers, rules, effective, managed: loadManagedLayer(systemDir, env)}
}

function deepMerge(target: TomlTable, source: TomlTable): TomlTable {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key]
    if (isTable(existing) && isTable(value)) deepMerge(existing, value)
    else target[key] = isTable(value) ? deepMerge({}, value) : value
  }
  return target
}
