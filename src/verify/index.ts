// `codex-guard verify`: live proof with the real codex binary. Canary secrets are planted in a
// scratch copy of the layout (scratch HOME, CODEX_HOME, TMPDIR and workspace: the user's own
// files and config are never touched) and read, written and connected to through `codex sandbox`
// with the repository's permission profile.
import {randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {dirname, join} from 'node:path'
import {stringify} from 'smol-toml'
import {execPolicyCheck, runCodex} from '../codex/binary.js'
import {type LoadedLayers, loadLayers} from '../codex/layers.js'
import {effectiveProfile} from '../codex/permissions.js'
import {describeRequirements} from '../codex/requirements.js'
import {listRulesDir} from '../codex/rules/loader.js'
import {profileGlobs, SECRET_TEMPLATES} from '../policy/catalogue.js'
import {buildPolicy, type EffectivePolicy} from '../policy/effective.js'
import {loadProjectPolicy} from '../policy/project-policy.js'
import type {Category, ProfileName} from '../policy/types.js'
import {ConfigError} from '../util/errors.js'
import {globsMatcher} from '../util/glob.js'
import {shellQuote} from '../util/shell.js'
import {isTable, readToml, type TomlTable} from '../util/toml.js'
import {scratchBase} from './scratch.js'

export type ProbeKind = 'config' | 'read' | 'write' | 'network' | 'env' | 'rules'
export type Expectation = 'blocked' | 'allowed'

export interface ProbeResult {
  id: string
  kind: ProbeKind
  category: Category | 'sandbox' | 'rules'
  target: string
  expected: Expectation
  observed: Expectation | 'error'
  detail?: string
  pass: boolean
}

export interface VerifyOptions {
  root: string
  codex: string
  profile?: ProfileName
  keepScratch?: boolean
}

const FILE_LIKE =
  /(history|credentials|\.json|\.toml|\.xml|\.conf|\.config|\.cnf|\.yml|\.yaml|\.properties|\.npmrc|\.netrc|_netrc|\.pypirc|\.pgpass|\.s3cfg|\.git-credentials|\.vault-token|\.terraformrc|\.env|\.tugboat)$/i

/** Where to plant a canary for a home-scope deny entry: the file itself or a file inside the directory. */
export function homeCanary(pattern: string): string {
  return FILE_LIKE.test(pattern) ? pattern : `${pattern}/codex-guard-canary`
}

/** A concrete path matched by a project glob, or undefined when none can be derived. */
export function projectCanaries(pattern: string): string[] {
  if (/[[{]/.test(pattern)) return []
  const concrete = (glob: string) =>
    glob
      .replace(/\/\*\*$/, '/canary-dir/canary')
      .replace(/\*\*\//g, '')
      .replace(/\*/g, 'canary')
  if (pattern.startsWith('**/')) {
    const rest = pattern.slice(3)
    return [concrete(rest), `nested/deeper/${concrete(rest)}`]
  }
  return [concrete(pattern)]
}

interface PlannedRead {
  id: string
  category: Category | 'sandbox'
  target: string
  absolute: string
  expected: Expectation
  token: string
}

/**
 * The canaries run with `-P`, which forces the profile; real sessions only get it when the
 * project is trusted and no layer sets sandbox_mode, or when managed requirements select it
 * (Codex then keeps it even against `--sandbox danger-full-access`). This probe reports that separately.
 */
function profileInEffect(layers: LoadedLayers): ProbeResult {
  const profile = effectiveProfile(layers.effective)
  const managed = layers.managed?.requirements
  const managedProfile = managed?.defaultPermissions !== undefined && managed.definedProfiles.includes(managed.defaultPermissions) ? managed.defaultPermissions : undefined
  const problems: string[] = []
  if (!managedProfile) {
    if (layers.trust !== 'trusted') problems.push(`project not trusted in ${layers.userConfig}`)
    if (!profile) problems.push('no default_permissions in effect')
    else if (!profile.defined) problems.push(`profile "${profile.name}" undefined`)
    if (profile?.overriddenBySandboxMode || layers.effective['sandbox_mode'] !== undefined) problems.push('sandbox_mode set in a layer overrides the profile')
  }
  return {
    id: 'profile.in-effect',
    kind: 'config',
    category: 'sandbox',
    target: 'profile applies to codex sessions here',
    expected: 'allowed',
    observed: problems.length === 0 ? 'allowed' : 'blocked',
    detail: problems.join('; ') || (managedProfile ? `managed requirements ${managed?.file} select profile "${managedProfile}"` : undefined),
    pass: problems.length === 0,
  }
}

/** The managed requirements layer, when present: what it enforces, or why every session would refuse to start. */
function managedInEffect(layers: LoadedLayers): ProbeResult[] {
  const managed = layers.managed
  if (!managed) return []
  const base = {id: 'managed.requirements', kind: 'config' as const, category: 'sandbox' as const, target: `managed requirements ${managed.file}`, expected: 'allowed' as const}
  if (managed.error) return [{...base, observed: 'error', detail: `${managed.error.located}: Codex refuses to start any session`, pass: false}]
  return [{...base, observed: 'allowed', detail: describeRequirements(managed.requirements!).join('; ') || 'constrains nothing codex-guard checks', pass: true}]
}

export async function runVerify(options: VerifyOptions): Promise<ProbeResult[]> {
  const configFile = join(options.root, '.codex', 'config.toml')
  if (!existsSync(configFile)) throw new ConfigError('no .codex/config.toml here: run `codex-guard init` first', configFile)
  const project = readToml(configFile)
  const profileName = project.data['default_permissions']
  if (typeof profileName !== 'string') throw new ConfigError('default_permissions is not set: run `codex-guard init` first', configFile)
  const permissions = project.data['permissions']
  if (!isTable(permissions) || !isTable(permissions[profileName])) {
    throw new ConfigError(`default_permissions = "${profileName}" but [permissions.${profileName}] is not defined`, configFile)
  }
  const policy: EffectivePolicy = buildPolicy(options.profile ?? loadProjectPolicy(options.root)?.profile ?? 'standard', loadProjectPolicy(options.root))

  const scratch = mkdtempSync(join(scratchBase(), 'verify-'))
  const home = join(scratch, 'home')
  const codexHomeDir = join(scratch, 'codex-home')
  const tmp = join(scratch, 'tmp') // CODEX_HOME must not sit under TMPDIR (codex-reference §4.4)
  const workspace = join(scratch, 'workspace')
  for (const dir of [home, codexHomeDir, tmp, workspace, join(workspace, '.git')]) mkdirSync(dir, {recursive: true})

  const scratchConfig: TomlTable = {default_permissions: profileName, permissions}
  if (project.data['shell_environment_policy'] !== undefined) scratchConfig['shell_environment_policy'] = project.data['shell_environment_policy']
  if (project.data['sandbox_mode'] !== undefined) scratchConfig['sandbox_mode'] = project.data['sandbox_mode']
  if (project.data['sandbox_workspace_write'] !== undefined) scratchConfig['sandbox_workspace_write'] = project.data['sandbox_workspace_write']
  writeFileSync(join(codexHomeDir, 'config.toml'), stringify(scratchConfig))

  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: home,
    CODEX_HOME: codexHomeDir,
    TMPDIR: tmp,
    LANG: 'C.UTF-8',
    GITHUB_TOKEN: `ghp_codexguardcanary${randomBytes(8).toString('hex')}`,
    AWS_SECRET_ACCESS_KEY: `codexguardcanary${randomBytes(8).toString('hex')}`,
  }

  const reads: PlannedRead[] = []
  const plant = (read: Omit<PlannedRead, 'token'>) => {
    if (reads.some((existing) => existing.absolute === read.absolute)) return
    const token = `CODEX_GUARD_CANARY_${randomBytes(6).toString('hex')}`
    try {
      mkdirSync(dirname(read.absolute), {recursive: true})
      writeFileSync(read.absolute, `SECRET=${token}\n`, {flag: 'wx'})
    } catch {
      return // two patterns want the same name as file and directory (".secrets" and ".secrets/**"): one canary is enough
    }
    reads.push({...read, token})
  }
  for (const entry of policy.sensitivePaths) {
    if (!entry.actions.includes('deny-read')) continue
    for (const pattern of entry.patterns) {
      if (entry.scope === 'home') {
        const target = homeCanary(pattern)
        plant({id: entry.id, category: entry.category, target, absolute: join(home, target.replace(/^~\/?/, '')), expected: 'blocked'})
      } else {
        for (const target of projectCanaries(pattern)) plant({id: entry.id, category: entry.category, target, absolute: join(workspace, target), expected: 'blocked'})
      }
    }
  }
  // Templates must stay readable: the profile's globs leave them out (profileGlobs), which this proves.
  const deniedInProfile = globsMatcher(
    policy.sensitivePaths.filter((entry) => entry.scope === 'project' && entry.actions.includes('deny-read')).flatMap((entry) => entry.patterns.flatMap(profileGlobs)),
  )
  const readableTemplates = SECRET_TEMPLATES.filter((name) => !name.includes('*') && !deniedInProfile(name))
  for (const template of [...readableTemplates, 'config/id_rsa.pub', 'src/ordinary.txt']) {
    plant({id: 'allowed.readable', category: 'sandbox', target: template, absolute: join(workspace, template), expected: 'allowed'})
  }

  const layers = loadLayers(options.root)
  const results: ProbeResult[] = [profileInEffect(layers), ...managedInEffect(layers)]
  try {
    const sandbox = (script: string, args: string[] = []) =>
      runCodex(options.codex, ['sandbox', '-P', profileName, '-C', workspace, '--', 'sh', '-c', script, 'sh', ...args], {env, cwd: workspace, timeoutMs: 120_000})

    // Reads: one sandbox run for all canaries; a canary token in the output means it was read.
    const readRun = await sandbox(
      'for f in "$@"; do cat -- "$f" 2>/dev/null; echo; done',
      reads.map((read) => read.absolute),
    )
    const sandboxBroken = /No such file or directory|Failed to execvp|panicked/.test(readRun.stderr) && readRun.stdout.trim() === ''
    for (const read of reads) {
      const observed: Expectation = readRun.stdout.includes(read.token) ? 'allowed' : 'blocked'
      results.push({
        id: read.id,
        kind: 'read',
        category: read.category,
        target: read.target,
        expected: read.expected,
        observed: sandboxBroken ? 'error' : observed,
        detail: sandboxBroken ? readRun.stderr.trim().split('\n').slice(-1)[0] : undefined,
        pass: !sandboxBroken && observed === read.expected,
      })
    }

    // A secret file created after the sandbox started is not covered (globs are pre-expanded).
    // Reported as information, not a failure: the session monitor and hook cover it.

    // Writes: outside the workspace (blocked), protected paths (blocked), ordinary file (allowed).
    const writes: {id: string; target: string; absolute: string; expected: Expectation; category: Category | 'sandbox'}[] = [
      {id: 'write.outside-workspace', target: '~/codex-guard-write-probe', absolute: join(home, 'codex-guard-write-probe'), expected: 'blocked', category: 'sandbox'},
      {id: 'write.workspace', target: 'src/written-by-probe.txt', absolute: join(workspace, 'src', 'written-by-probe.txt'), expected: 'allowed', category: 'sandbox'},
    ]
    // Protected (read-only) entries of the repository's profile; the targets exist before the
    // sandbox starts, as they do in the repository (init writes entries only for existing paths).
    const profileTable = permissions[profileName] as TomlTable
    const filesystem = isTable(profileTable['filesystem']) ? profileTable['filesystem'] : {}
    const roots = filesystem[':workspace_roots'] ?? filesystem[':project_roots']
    const readOnly = isTable(roots)
      ? Object.entries(roots)
          .filter(([path, access]) => access === 'read' && path !== '.')
          .map(([path]) => path)
      : []
    for (const path of readOnly) {
      const directory = path.endsWith('/**') ? path.slice(0, -3) : undefined
      const target = directory ? `${directory}/codex-guard-probe` : path
      if (directory) mkdirSync(join(workspace, directory), {recursive: true})
      else {
        mkdirSync(dirname(join(workspace, path)), {recursive: true})
        writeFileSync(join(workspace, path), 'original\n')
      }
      writes.push({id: `protect.${path}`, target, absolute: join(workspace, target), expected: 'blocked', category: 'agent'})
    }
    const writeRun = await sandbox(
      'for f in "$@"; do mkdir -p -- "$(dirname -- "$f")" 2>/dev/null; echo probe >> "$f" 2>/dev/null; done; true',
      writes.map((write) => write.absolute),
    )
    for (const write of writes) {
      const content = existsSync(write.absolute) ? readFileSync(write.absolute, 'utf8') : ''
      const observed: Expectation = content.includes('probe') ? 'allowed' : 'blocked'
      results.push({
        id: write.id,
        kind: 'write',
        category: write.category,
        target: write.target,
        expected: write.expected,
        observed,
        pass: observed === write.expected,
        detail: writeRun.code !== 0 ? `exit ${writeRun.code}` : undefined,
      })
    }

    // Network: a loopback listener on the host; the sandbox must not reach it.
    const server = createServer((socket) => socket.end('codex-guard-listener\n'))
    let connections = 0
    server.on('connection', () => connections++)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as {port: number}).port
    const probe = `const s=require('net').connect(${port},'127.0.0.1');s.on('data',d=>{process.stdout.write('CONNECTED '+d);process.exit(0)});s.on('error',e=>{console.log('ERR '+e.code);process.exit(3)});setTimeout(()=>{console.log('TIMEOUT');process.exit(4)},5000)`
    const netRun = await sandbox(`${shellQuote(process.execPath)} -e ${shellQuote(probe)}`)
    await new Promise<void>((resolve) => server.close(() => resolve()))
    const connected = connections > 0 || netRun.stdout.includes('CONNECTED')
    results.push({
      id: 'network.loopback',
      kind: 'network',
      category: 'sandbox',
      target: `127.0.0.1:${port} (host listener)`,
      expected: 'blocked',
      observed: connected ? 'allowed' : 'blocked',
      detail: (netRun.stdout.trim() || netRun.stderr.trim()).split('\n')[0],
      pass: !connected,
    })

    // Environment: secret variables must not reach commands.
    const envRun = await sandbox('env')
    for (const name of ['GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY']) {
      const leaked = envRun.stdout.includes(env[name]!)
      results.push({id: `env.${name}`, kind: 'env', category: 'sandbox', target: `$${name}`, expected: 'blocked', observed: leaked ? 'allowed' : 'blocked', pass: !leaked})
    }

    // Rules: every rules file in the repository loads, and each catalogue rule decides as declared.
    const rulesDir = join(options.root, '.codex', 'rules')
    // Only the files Codex itself loads, in its order (symlinks are skipped).
    const rulesFiles = listRulesDir(rulesDir)
      .filter((entry) => !entry.symlink)
      .map((entry) => entry.file)
    if (rulesFiles.length === 0) {
      results.push({id: 'rules.load', kind: 'rules', category: 'rules', target: '.codex/rules/*.rules', expected: 'allowed', observed: 'error', detail: 'no rules files', pass: false})
    } else {
      try {
        await execPolicyCheck(options.codex, rulesFiles, ['true'], env)
        results.push({
          id: 'rules.load',
          kind: 'rules',
          category: 'rules',
          target: '.codex/rules/*.rules',
          expected: 'allowed',
          observed: 'allowed',
          detail: `${rulesFiles.length} file(s) load`,
          pass: true,
        })
        for (const rule of policy.commandRules) {
          const example = rule.match[0]!
          const {shlexSplit} = await import('../codex/rules/index.js')
          const result = await execPolicyCheck(options.codex, rulesFiles, shlexSplit(example), env)
          const blocked = result.decision === 'forbidden' || result.decision === 'prompt'
          results.push({
            id: `rules.${rule.id}`,
            kind: 'rules',
            category: 'rules',
            target: example,
            expected: 'blocked',
            observed: blocked ? 'blocked' : 'allowed',
            detail: `decision ${result.decision ?? 'none'} (policy: ${rule.effectiveDecision})`,
            pass: result.decision === rule.effectiveDecision || result.decision === 'forbidden',
          })
        }
      } catch (error) {
        const detail = error instanceof ConfigError ? error.located : (error as Error).message
        results.push({id: 'rules.load', kind: 'rules', category: 'rules', target: '.codex/rules/*.rules', expected: 'allowed', observed: 'error', detail, pass: false})
      }
    }
  } finally {
    if (!options.keepScratch) rmSync(scratch, {recursive: true, force: true})
  }
  return results
}
