// What a Codex session could reach: secret environment variables (after Codex's own
// shell_environment_policy), credential files in $HOME and the repository (and whether the
// permission profile denied them), and logged-in tools. Values are never kept: only a redacted
// form and the credential family.
import {existsSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {applyShellEnvironmentPolicy, readShellEnvironmentPolicy} from '../codex/env-policy.js'
import type {LoadedLayers} from '../codex/layers.js'
import {effectiveProfile, expandHome, ProfileMatcher} from '../codex/permissions.js'
import {credentialInValue} from '../detect/credential-files.js'
import type {HistorySecret} from '../detect/history.js'
import {credentialKindOfName, credentialKindOfValue} from '../policy/catalogue.js'
import {type EffectivePolicy, PathClassifier, secretEnvName} from '../policy/effective.js'
import type {CredentialKind} from '../policy/types.js'
import {redact} from '../report/redact.js'
import {walkRepository} from '../util/walk.js'

export type InventorySource = 'env' | 'file' | 'tool'

export interface InventoryItem {
  /** Stable id used by `rotate --done`: env:NAME, file:~/.aws, file:.env, tool:gh */
  id: string
  kind: CredentialKind
  source: InventorySource
  /** Redacted description: never a secret value. */
  label: string
  /** Path or variable name the item lives at. */
  location: string
  /** The session could not read it: stripped from the environment or denied by the profile. */
  protected: boolean
  protection?: string
}

/** The credential family of a variable, from its value's format first, then its name. */
function classifyEnv(name: string, value: string): {kind: CredentialKind; format?: string} {
  return credentialKindOfValue(value) ?? {kind: credentialKindOfName(name)}
}

/**
 * The credential family of a file by the tokens in it (a GitHub token in .npmrc is a GitHub
 * credential, whatever the file is for): the first value with a known token format.
 */
export function kindOfContent(text: string): {kind: CredentialKind; format: string} | undefined {
  for (const line of text.slice(0, 1_000_000).split(/\r?\n/)) {
    for (const word of line.split(/[\s=:,;"'`]+/)) {
      const found = word.length >= 12 ? credentialKindOfValue(word) : undefined
      if (found) return found
    }
  }
  return undefined
}

const readSmallFile = (path: string): string | undefined => {
  try {
    const stat = statSync(path)
    return stat.isFile() && stat.size <= 1_000_000 ? readFileSync(path, 'utf8') : undefined
  } catch {
    return undefined
  }
}

export interface InventoryContext {
  root: string
  home: string
  env: NodeJS.ProcessEnv
  policy: EffectivePolicy
  layers: LoadedLayers
  /** Secret files added in the repository's history (detect/history.ts), gathered by the caller. */
  history?: HistorySecret[]
  /** Output of `git remote -v` and `git config --get-all credential.helper`, gathered by the caller. */
  git?: {remotes: string[]; credentialHelpers: string[]}
}

const kindOfFile = (path: string) => {
  const text = readSmallFile(path)
  return text === undefined ? undefined : kindOfContent(text)
}

export function collectInventory(context: InventoryContext): InventoryItem[] {
  const items: InventoryItem[] = []
  const {policy, layers, env, home} = context

  // Environment: what reached commands under the effective shell_environment_policy.
  const envPolicy = readShellEnvironmentPolicy(layers.effective['shell_environment_policy'])
  const passed = applyShellEnvironmentPolicy(env, envPolicy)
  const isSecretName = secretEnvName(policy)
  for (const [name, value] of Object.entries(env)) {
    // Secret by name, or by value whatever the name (a URL with a password, a token format, a private key).
    if (value === undefined || value === '' || (!isSecretName(name) && !credentialInValue(value))) continue
    const {kind, format} = classifyEnv(name, value)
    const reached = name in passed
    items.push({
      id: `env:${name}`,
      kind,
      source: 'env',
      label: `$${name}${format ? ` (${format})` : ''} = ${redact(value)}`,
      location: name,
      protected: !reached,
      protection: reached ? undefined : 'stripped by shell_environment_policy',
    })
  }

  // Files: catalogue locations that exist, and whether the effective profile denies them.
  const matcher = new ProfileMatcher(effectiveProfile(layers.effective), context.root, home)
  for (const entry of policy.sensitivePaths) {
    if (entry.scope !== 'home') continue
    for (const pattern of entry.patterns) {
      const absolute = expandHome(pattern, home)
      if (!existsSync(absolute)) continue
      const denied = matcher.deniesAbsolute(absolute)
      const found = kindOfFile(absolute)
      items.push({
        id: `file:${pattern}`,
        kind: found?.kind ?? entry.credential,
        source: 'file',
        label: `${pattern} (${entry.description}${found ? `; holds a ${found.format}` : ''})`,
        location: pattern,
        protected: Boolean(denied),
        protection: denied ? `denied by the permission profile (${denied.replace(home, '~')})` : undefined,
      })
    }
  }
  const classifier = new PathClassifier(policy)
  for (const path of walkRepository(context.root).files) {
    const match = classifier.classify(path)[0]
    if (!match) continue
    const denied = matcher.denyingEntry(path)
    const found = kindOfFile(join(context.root, path))
    items.push({
      id: `file:${path}`,
      kind: found?.kind ?? match.entry.credential,
      source: 'file',
      label: `${path} (${match.entry.description}${found ? `; holds a ${found.format}` : ''})`,
      location: path,
      protected: Boolean(denied),
      protection: denied ? `denied by the permission profile (${denied})` : undefined,
    })
  }

  // History: whatever was committed is on every clone, readable with git show whatever the profile says.
  for (const secret of context.history ?? []) {
    items.push({
      id: `history:${secret.path}`,
      kind: credentialKindOfName(secret.path),
      source: 'file',
      label: `${secret.path} in git history since ${secret.commit} (${secret.reason})${secret.inTree ? '' : '; deleted from the tree, still in history'}: rotate it, then purge it (git filter-repo --invert-paths --path ${secret.path})`,
      location: secret.path,
      protected: false,
    })
  }

  // Tools: logged-in CLIs, detected from their files without printing secrets.
  const read = (path: string) => {
    try {
      return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined
    } catch {
      return undefined
    }
  }
  const fileItem = (path: string) => items.find((item) => item.source === 'file' && (item.location === path || path.startsWith(`${item.location}/`)))
  const tool = (id: string, kind: CredentialKind, label: string, location: string) => {
    const file = fileItem(location)
    // The same credential as a file already listed: add the detail there instead of a second item.
    if (file) file.label = `${file.label}: ${label}`
    else items.push({id: `tool:${id}`, kind, source: 'tool', label, location, protected: false})
  }
  const ghHosts = read(join(home, '.config', 'gh', 'hosts.yml'))
  if (ghHosts) {
    const hosts = [...ghHosts.matchAll(/^([^\s#][^:]*):\s*$/gm)].map((match) => match[1])
    const stored = /oauth_token:/.test(ghHosts)
    tool('gh', 'github', `gh CLI logged in to ${hosts.join(', ') || 'a host'}${stored ? ' (OAuth token stored in hosts.yml)' : ' (token in the OS keyring)'}`, '~/.config/gh/hosts.yml')
  }
  for (const [location, text] of [
    ['~/.npmrc', read(join(home, '.npmrc'))],
    ['.npmrc', read(join(context.root, '.npmrc'))],
  ] as const) {
    const tokens = text ? [...text.matchAll(/^\s*(\/\/[^:\s]+\/)?:?_authToken\s*=\s*(\S+)/gm)] : []
    // The token's own format decides the steps: a ghp_… token here is a GitHub token.
    const format = tokens.map((match) => credentialKindOfValue(match[2]!.replace(/^["']|["']$/g, ''))).find((found) => found !== undefined)
    if (tokens.length > 0)
      tool(
        `npm:${location}`,
        format?.kind ?? 'npm',
        `${tokens.length} ${format ? format.format : 'npm auth token'}(s) in ${location} for ${tokens.map((match) => match[1] ?? 'the default registry').join(', ')}`,
        location,
      )
  }
  const awsCredentials = read(join(home, '.aws', 'credentials'))
  if (awsCredentials) {
    const profiles = [...awsCredentials.matchAll(/^\[([^\]]+)\]/gm)].map((match) => match[1])
    tool('aws', 'aws', `AWS profiles with stored keys: ${profiles.join(', ')}`, '~/.aws')
  }
  if (existsSync(join(home, '.config', 'gcloud', 'application_default_credentials.json'))) tool('gcloud-adc', 'gcp', 'gcloud application-default credentials', '~/.config/gcloud')
  const dockerConfig = read(join(home, '.docker', 'config.json'))
  if (dockerConfig) {
    try {
      const registries = Object.keys((JSON.parse(dockerConfig) as {auths?: Record<string, unknown>}).auths ?? {})
      if (registries.length > 0) tool('docker', 'kubernetes', `container registry logins: ${registries.join(', ')}`, '~/.docker/config.json')
    } catch {}
  }
  const kubeConfig = read(join(home, '.kube', 'config'))
  if (kubeConfig) {
    const contexts = [...kubeConfig.matchAll(/^\s*-?\s*context:\s*\n(?:\s+\w+:.*\n)*?\s+name:\s*(\S+)/gm)].map((match) => match[1])
    const names = contexts.length > 0 ? contexts : [...kubeConfig.matchAll(/current-context:\s*(\S+)/g)].map((match) => match[1])
    tool('kube', 'kubernetes', `kube contexts: ${names.join(', ') || 'present'}`, '~/.kube')
  }
  for (const remote of context.git?.remotes ?? []) {
    const match = /(\S+)\s+([a-z][a-z0-9+.-]*:\/\/)([^\s/:@]+)(?::([^\s/@]+))?@(\S+)/i.exec(remote)
    if (!match) continue
    const secret = match[4] ?? match[3]!
    if (!match[4] && !/^(gh[pousr]_|github_pat_|glpat-|x-access-token)/.test(secret) && secret.length < 20) continue
    tool(`git-remote:${match[1]}`, secret.startsWith('glpat-') ? 'git-credentials' : 'github', `token embedded in git remote "${match[1]}": ${match[2]}${redact(secret)}@${match[5]}`, '.git/config')
  }
  for (const helper of context.git?.credentialHelpers ?? []) {
    if (helper === 'store' || helper.startsWith('store ')) tool('git-credential-store', 'git-credentials', 'git credential.helper = store (plain-text ~/.git-credentials)', '~/.git-credentials')
  }
  return dedupe(items)
}

function dedupe(items: InventoryItem[]): InventoryItem[] {
  return [...new Map(items.map((item) => [item.id, item])).values()]
}
