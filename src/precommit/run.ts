// `codex-guard precommit run`: every check over the staged changes, then suppressions and the
// blocking threshold. Runs on the hook's hot path (bundled to dist/precommit.js): node builtins,
// minimatch and the catalogue only; secretlint and the TOML/rules parsers load when needed.
import {existsSync, readFileSync} from 'node:fs'
import {isAbsolute, join, relative} from 'node:path'
import {CredentialClassifier} from '../detect/credential-files.js'
import {runGit} from '../git/run.js'
import {PROTECTED_FILES} from '../policy/catalogue.js'
import {buildPolicy, type EffectivePolicy, PathClassifier} from '../policy/effective.js'
import type {ProjectPolicy} from '../policy/project-policy.js'
import {type Finding, type FindingInput, makeFinding, type Severity, severityRank, sortFindings} from '../report/finding.js'
import {inlineIgnored, policySuppression} from '../report/suppress.js'
import {ConfigError} from '../util/errors.js'
import {GlobSet} from '../util/glob.js'
import {scanAddedText, scanBranchName, scanNewFileName} from './injection.js'
import {COMMIT_AGENT_FILE, COMMIT_CODEX_INVALID, COMMIT_SECRET, COMMIT_SECRET_FILE, COMMIT_UNSCANNED} from './rules.js'
import {ENGINE_RULE_ID, scanAddedSecrets, secretAliases, secretLabel} from './secrets.js'
import {DEFAULT_MAX_FILE_BYTES, readBlobs, type StagedChanges, type StagedFile, stagedTexts, startStagedRead} from './staged.js'
import {BASELINE_FILE, baselineable, parseBaseline} from './suppress.js'

export interface PrecommitOptions {
  cwd: string
  env?: NodeJS.ProcessEnv
  /** block at this severity or above (default high; inside a Codex session at most medium) */
  failOn?: Severity
  /** baseline file, relative to the repository root (default .codex-guard-baseline.json) */
  baseline?: string
  /** false: ignore the baseline (used when writing one) */
  useBaseline?: boolean
  maxFileBytes?: number
  /** compare the index with this tree-ish instead of HEAD */
  base?: string
}

export type SuppressedBy = 'inline' | 'policy' | 'baseline'

export interface PrecommitResult {
  root: string
  branch?: string
  /** the commit comes from inside a Codex session: warnings block, inline ignores do not count */
  session: boolean
  /** the environment variable that revealed the session */
  sessionSignal?: string
  threshold: Severity
  stagedFiles: number
  findings: Finding[]
  blocking: Finding[]
  suppressed: {finding: Finding; by: SuppressedBy; reason: string}[]
  notes: string[]
}

/** CODEX_THREAD_ID or CODEX_SANDBOX* in the environment: the commit runs inside a Codex session. */
export function codexSessionSignal(env: NodeJS.ProcessEnv): string | undefined {
  if (env['CODEX_THREAD_ID']) return 'CODEX_THREAD_ID'
  return Object.keys(env).find((key) => key.startsWith('CODEX_SANDBOX') && env[key] !== undefined && env[key] !== '')
}

/** A finding plus other names an inline ignore may use (secretlint's rule and message ids). */
type InternalInput = FindingInput & {aliases?: string[]}

const atLeast = (finding: Finding, threshold: Severity) => severityRank(finding.severity) >= severityRank(threshold)

// Not imported statically: repositories without a policy file never load the TOML parser.
const POLICY_FILE = '.codex/codex-guard.toml'

async function loadPolicy(root: string): Promise<{project?: ProjectPolicy; error?: ConfigError}> {
  if (!existsSync(join(root, POLICY_FILE))) return {}
  const {loadProjectPolicy} = await import('../policy/project-policy.js')
  try {
    return {project: loadProjectPolicy(root)}
  } catch (error) {
    if (error instanceof ConfigError) return {error}
    throw error
  }
}

function describe(file: StagedFile): string {
  switch (file.status) {
    case 'A':
      return 'added'
    case 'D':
      return 'deleted'
    case 'R':
      return `renamed from ${file.oldPath}`
    case 'C':
      return `copied from ${file.oldPath}`
    default:
      return 'modified'
  }
}

/** `engineChecked`: the engine's default rules already ran over every file's added lines (no .gitleaks.toml replaced them). */
function secretFileFindings(files: StagedFile[], classifier: PathClassifier, credentials: CredentialClassifier, withSecretFindings: Set<string>, engineChecked: boolean): FindingInput[] {
  const out: FindingInput[] = []
  for (const file of files) {
    if (file.kind === 'deleted' || file.kind === 'unmerged' || file.kind === 'submodule') continue
    const matches = classifier.classify(file.path).filter((match) => match.entry.actions.includes('block-on-commit'))
    const match = matches.find((candidate) => !candidate.detectOnly) ?? matches[0]
    if (!match) {
      // By content, whatever the name (the rules init and validate use); a file secretlint already flagged is not repeated.
      const hit = withSecretFindings.has(file.path) || file.added.length === 0 ? undefined : credentials.byContentSync(file.path, file.added.map((line) => line.text).join('\n'), {engineChecked})
      if (hit)
        out.push({
          ruleId: COMMIT_SECRET_FILE.id,
          severity: COMMIT_SECRET_FILE.severity,
          file: file.path,
          line: file.added[hit.line - 1]?.line,
          message: `staged (${describe(file)}) and holds ${hit.reason} (judged by content); a committed file reaches every clone and stays in history`,
          remediation: COMMIT_SECRET_FILE.remediation,
          fingerprintSeed: 'content',
        })
      continue
    }
    out.push({
      ruleId: COMMIT_SECRET_FILE.id,
      severity: match.detectOnly ? 'medium' : COMMIT_SECRET_FILE.severity,
      file: file.path,
      message: `staged (${describe(file)}) and ${match.detectOnly ? 'looks like' : 'is'} one of the ${match.entry.description} (catalogue ${match.entry.id}, pattern ${match.pattern}); a committed file reaches every clone and stays in history`,
      remediation: `${COMMIT_SECRET_FILE.remediation}${match.detectOnly ? '; if this is a template, add it to [paths].allow in .codex/codex-guard.toml' : ''}`,
      fingerprintSeed: 'path',
    })
  }
  return out
}

function agentFileFindings(files: StagedFile[], policy: EffectivePolicy, baselineFile: string): FindingInput[] {
  const protectedFiles = [
    ...PROTECTED_FILES.flatMap((file) => (file.glob ? [{glob: file.glob, reason: file.reason}] : [])),
    ...policy.protectedPaths.map((entry) => ({glob: entry.path, reason: entry.reason})),
    {glob: baselineFile, reason: 'the baseline silences codex-guard findings'},
  ]
  const globs = new GlobSet(protectedFiles.map(({glob}) => glob))
  const out: FindingInput[] = []
  for (const file of files) {
    if (file.kind === 'unmerged') continue
    const hit = [file.path, file.oldPath].flatMap((path) => {
      if (path === undefined) return []
      return globs.matching(path).map((index) => protectedFiles[index] as (typeof protectedFiles)[number])
    })[0]
    if (!hit) continue
    out.push({
      ruleId: COMMIT_AGENT_FILE.id,
      severity: COMMIT_AGENT_FILE.severity,
      file: file.path,
      message: `${file.path} ${describe(file)}${file.added.length > 0 ? ` (+${file.added.length} line${file.added.length === 1 ? '' : 's'})` : ''}: ${hit.reason}; a change here persists into later agent sessions, so review it`,
      remediation: COMMIT_AGENT_FILE.remediation,
      fingerprintSeed: `${file.status}\0${file.newBlob}`,
    })
  }
  return out
}

async function secretFindings(root: string, files: StagedFile[]): Promise<{findings: InternalInput[]; defaultRules: boolean}> {
  const inputs = files.filter((file) => file.kind === 'text' && file.added.length > 0).map((file) => ({path: file.path, added: file.added}))
  if (inputs.length === 0) return {findings: [], defaultRules: true}
  // the team's .gitleaks.toml (rules, allowlists); invalid: a ConfigError naming file and line, exit 2
  const {loadGitleaksConfig} = await import('../detect/secrets/gitleaks.js')
  const config = loadGitleaksConfig(root)
  const hits = await scanAddedSecrets(inputs, {config})
  const findings = hits.map((hit) => ({
    ruleId: COMMIT_SECRET.id,
    severity: COMMIT_SECRET.severity,
    file: hit.path,
    line: hit.line,
    column: hit.column,
    message: `${secretLabel(hit.messageId)} in an added line (${hit.rule === ENGINE_RULE_ID ? hit.messageId : `secretlint: ${hit.rule.replace('@secretlint/secretlint-rule-', '')}`}); anything committed is copied to every clone and kept in history`,
    evidence: hit.evidence,
    remediation: COMMIT_SECRET.remediation,
    fingerprintSeed: `${hit.rule}\0${hit.secretHash}`,
    aliases: secretAliases(hit),
  }))
  return {findings, defaultRules: config === undefined}
}

async function injectionFindings(staged: StagedChanges, env?: NodeJS.ProcessEnv): Promise<{findings: FindingInput[]; inlineSuppressed: FindingInput[]; notes: string[]}> {
  const out: FindingInput[] = []
  const notes: string[] = []
  const inlineSuppressed: FindingInput[] = []
  const withFile = (path: string) => (finding: FindingInput) => ({...finding, file: finding.file ?? path})
  for (const file of staged.files) {
    if (file.kind === 'deleted' || file.kind === 'unmerged') continue
    if (file.status === 'A' || file.status === 'R' || file.status === 'C') out.push(...(await scanNewFileName(file.path)).map(withFile(file.path)))
  }
  if (staged.branch !== undefined) {
    // no file: a branch finding is neither a path for [[suppress]] globs nor baseline material
    for (const finding of await scanBranchName(staged.branch)) out.push({...finding, file: undefined, message: `current branch "${JSON.stringify(staged.branch).slice(1, -1)}": ${finding.message}`})
  }
  const textFiles = staged.files.filter((file) => file.kind === 'text' && file.added.length > 0)
  const texts = await stagedTexts(staged.root, textFiles, env)
  for (const file of textFiles) {
    const text = texts.get(file)
    if (text === undefined) continue
    const scanned = await scanAddedText({path: file.path, text, lines: new Set(file.added.map((line) => line.line))})
    out.push(...scanned.findings.map(withFile(file.path)))
    inlineSuppressed.push(...scanned.suppressed.map(withFile(file.path)))
    notes.push(...(scanned.notes ?? []))
  }
  return {findings: out, inlineSuppressed, notes}
}

function unscannedFindings(files: StagedFile[], maxFileBytes: number): FindingInput[] {
  return files
    .filter((file) => file.kind === 'too-large')
    .map((file) => ({
      ruleId: COMMIT_UNSCANNED.id,
      severity: COMMIT_UNSCANNED.severity,
      file: file.path,
      message: `${file.path} is ${formatBytes(file.size ?? 0)}, over the ${formatBytes(maxFileBytes)} scan limit: its content was not checked for secrets or hidden text`,
      remediation: COMMIT_UNSCANNED.remediation,
      fingerprintSeed: file.newBlob,
    }))
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${bytes} B`
}

async function loadBaseline(root: string, file: string, session: boolean, env?: NodeJS.ProcessEnv): Promise<{fingerprints: Set<string>; source?: string}> {
  const path = isAbsolute(file) ? file : join(root, file)
  if (session) {
    // Inside a Codex session only the committed baseline counts: the agent can write the file.
    const rel = relative(root, path).split('\\').join('/')
    if (rel.startsWith('..') || rel.includes('\n')) return {fingerprints: new Set()}
    const blob = (await readBlobs(root, [`HEAD:${rel}`], env).catch(() => new Map<string, Buffer | undefined>())).get(`HEAD:${rel}`)
    if (blob === undefined) return {fingerprints: new Set()}
    return {fingerprints: parseBaseline(blob.toString('utf8'), `${rel} (HEAD)`), source: `${rel} as committed in HEAD`}
  }
  if (!existsSync(path)) return {fingerprints: new Set()}
  return {fingerprints: parseBaseline(readFileSync(path, 'utf8'), path), source: relative(root, path) || path}
}

export async function runPrecommit(options: PrecommitOptions): Promise<PrecommitResult> {
  const env = options.env ?? process.env
  const sessionSignal = codexSessionSignal(env)
  const session = sessionSignal !== undefined
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES
  const read = startStagedRead(options.cwd, {maxFileBytes, base: options.base, env})
  // the policy loads while git diff is still running
  const {root} = await read.paths
  const {project, error: policyError} = await loadPolicy(root)
  const policy = buildPolicy(project?.profile ?? 'standard', project)
  const classifier = new PathClassifier(policy)
  const baselineFile = options.baseline ?? BASELINE_FILE
  const staged = await read.changes
  const notes: string[] = []

  const injection = await injectionFindings(staged, env)
  if (!session) notes.push(...injection.notes)
  // the scanner applies inline ignores itself; inside a Codex session they do not count
  const {findings: contentSecrets, defaultRules} = await secretFindings(root, staged.files)
  const withSecretFindings = new Set(contentSecrets.flatMap((finding) => (finding.file ? [finding.file] : [])))
  const inputs: InternalInput[] = [
    ...secretFileFindings(staged.files, classifier, new CredentialClassifier(policy, classifier), withSecretFindings, defaultRules),
    ...contentSecrets,
    ...injection.findings,
    ...(session ? injection.inlineSuppressed : []),
    ...agentFileFindings(staged.files, policy, baselineFile),
    ...unscannedFindings(staged.files, maxFileBytes),
  ]
  if (staged.files.some((file) => file.path.startsWith('.codex/'))) {
    const {checkCodexFiles} = await import('./codex-files.js')
    inputs.push(...(await checkCodexFiles(root, staged.files, env)))
  }
  if (policyError) {
    inputs.push({
      ruleId: COMMIT_CODEX_INVALID.id,
      severity: COMMIT_CODEX_INVALID.severity,
      file: POLICY_FILE,
      line: policyError.line,
      column: policyError.column,
      message: `codex-guard policy: ${policyError.message} (its exceptions and [[suppress]] entries are not applied until it loads)`,
      remediation: COMMIT_CODEX_INVALID.remediation,
      fingerprintSeed: policyError.message,
    })
  }

  // findings, de-duplicated by fingerprint; the inline-ignore aliases stay beside them
  const byFingerprint = new Map<string, {finding: Finding; aliases: string[]}>()
  for (const {aliases, ...input} of inputs) {
    const finding = makeFinding(input)
    if (!byFingerprint.has(finding.fingerprint)) byFingerprint.set(finding.fingerprint, {finding, aliases: aliases ?? []})
  }

  const added = new Map<string, Map<number, string>>()
  for (const file of staged.files) if (file.added.length > 0) added.set(file.path, new Map(file.added.map((line) => [line.line, line.text])))
  const baseline = options.useBaseline === false ? {fingerprints: new Set<string>()} : await loadBaseline(root, baselineFile, session, env)

  const findings: Finding[] = []
  const suppressed: PrecommitResult['suppressed'] = []
  let inlineRefused = session ? injection.inlineSuppressed.length : 0
  if (!session) for (const input of injection.inlineSuppressed) suppressed.push({finding: makeFinding(input), by: 'inline', reason: 'codex-guard:ignore comment on the line'})
  for (const {finding, aliases} of byFingerprint.values()) {
    const ignore = finding.file === undefined ? undefined : inlineIgnored(added.get(finding.file), finding.line, [finding.ruleId, ...aliases])
    if (ignore) {
      if (ignore.deprecated) notes.push(`${finding.file}:${ignore.line}: ${ignore.deprecated}`)
      if (!session) {
        suppressed.push({finding, by: 'inline', reason: 'codex-guard:ignore comment on the line'})
        continue
      }
      inlineRefused++
    }
    const rule = policySuppression(policy.suppressions, finding)
    if (rule) {
      suppressed.push({finding, by: 'policy', reason: rule.reason})
      continue
    }
    if (baselineable(finding) && baseline.fingerprints.has(finding.fingerprint)) {
      suppressed.push({finding, by: 'baseline', reason: `recorded in ${baseline.source ?? baselineFile}`})
      continue
    }
    findings.push(finding)
  }
  if (inlineRefused > 0) notes.push(`${inlineRefused} codex-guard:ignore comment(s) not honoured: inside a Codex session an inline ignore could come from the agent itself`)

  let threshold: Severity = options.failOn ?? 'high'
  if (session && severityRank(threshold) > severityRank('medium')) threshold = 'medium'
  const sorted = sortFindings(findings)
  return {
    root,
    branch: staged.branch,
    session,
    sessionSignal,
    threshold,
    stagedFiles: staged.files.length,
    findings: sorted,
    blocking: sorted.filter((finding) => atLeast(finding, threshold)),
    suppressed,
    notes,
  }
}

/** The empty tree of this repository's hash algorithm (the baseline diffs the index against it). */
export async function emptyTree(root: string, env?: NodeJS.ProcessEnv): Promise<string> {
  return (await runGit(['hash-object', '-t', 'tree', '--stdin'], {cwd: root, input: '', env})).toString('utf8').trim()
}
