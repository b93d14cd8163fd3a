// Staged .codex/ files must still load: config TOML parses, codex-guard.toml matches its schema,
// rules files evaluate and their match/not_match examples hold, hooks.json has the right shape.
// Everything is read from the staged blobs (the working tree may differ).
import {mergeHooksJson} from '../codex/hooks.js'
import {checkExamples, parseRules, type RulesFile, RulesSyntaxError} from '../codex/rules.js'
import {runGit} from '../git/run.js'
import {PROJECT_POLICY_FILE, projectPolicyFromToml} from '../policy/project-policy.js'
import type {FindingInput} from '../report/finding.js'
import {ConfigError} from '../util/errors.js'
import {parseTomlText} from '../util/toml.js'
import {COMMIT_CODEX_INVALID} from './rules.js'
import {readBlobs, type StagedFile} from './staged.js'

const RULES_FILE = /^\.codex\/rules\/[^/]+\.rules$/

const invalid = (file: string, message: string, extra: Partial<FindingInput> = {}): FindingInput => ({
  ruleId: COMMIT_CODEX_INVALID.id,
  severity: COMMIT_CODEX_INVALID.severity,
  remediation: COMMIT_CODEX_INVALID.remediation,
  file,
  message,
  fingerprintSeed: message,
  ...extra,
})

function fromError(file: string, error: unknown, what: string): FindingInput {
  if (error instanceof RulesSyntaxError) {
    return invalid(file, `${what}: ${error.reason}${error.unsupported ? ' (codex-guard cannot evaluate this construct; check the file with `codex execpolicy check`)' : ''}`, {
      line: error.line,
      column: error.column,
      severity: error.unsupported ? 'medium' : COMMIT_CODEX_INVALID.severity,
      fingerprintSeed: error.reason,
    })
  }
  if (error instanceof ConfigError) return invalid(file, `${what}: ${error.message}`, {line: error.line, column: error.column, fingerprintSeed: error.message})
  throw error
}

function isCodexPath(path: string): boolean {
  return path.startsWith('.codex/')
}

export async function checkCodexFiles(root: string, files: StagedFile[], env?: NodeJS.ProcessEnv): Promise<FindingInput[]> {
  const staged = files.filter((file) => isCodexPath(file.path) && file.kind !== 'deleted' && file.kind !== 'unmerged')
  if (staged.length === 0) return []
  const findings: FindingInput[] = []
  const texts = await readBlobs(
    root,
    staged.filter((file) => file.kind === 'text').map((file) => file.newBlob),
    env,
  )
  const text = (file: StagedFile) => texts.get(file.newBlob)?.toString('utf8')
  for (const file of staged) {
    if (RULES_FILE.test(file.path) && file.kind === 'symlink') {
      findings.push(invalid(file.path, 'symlinked .rules file: Codex only loads regular files from rules/, so none of its rules would apply'))
      continue
    }
    const content = text(file)
    if (content === undefined) continue
    if (file.path.endsWith('.toml')) {
      try {
        const doc = parseTomlText(content, file.path)
        if (file.path === PROJECT_POLICY_FILE) projectPolicyFromToml(doc)
      } catch (error) {
        findings.push(fromError(file.path, error, file.path === PROJECT_POLICY_FILE ? 'codex-guard policy' : 'TOML'))
      }
    } else if (file.path === '.codex/hooks.json') {
      try {
        mergeHooksJson(content, file.path)
      } catch (error) {
        findings.push(fromError(file.path, error, 'hooks.json'))
      }
    }
  }
  if (staged.some((file) => RULES_FILE.test(file.path) && file.kind === 'text')) findings.push(...(await checkRules(root, staged, env)))
  return findings
}

/**
 * Every project rules file as staged, in Codex's load order (sorted names), so that examples see
 * the host_executable declarations of the files loaded before theirs. Only staged files report.
 */
async function checkRules(root: string, staged: StagedFile[], env?: NodeJS.ProcessEnv): Promise<FindingInput[]> {
  const listing = (await runGit(['ls-files', '--stage', '-z', '--', '.codex/rules'], {cwd: root, env})).toString('utf8')
  const entries = listing
    .split('\0')
    .map((record) => /^(\d+) ([0-9a-f]+) 0\t(.*)$/s.exec(record))
    .filter((match): match is RegExpExecArray => match !== null && RULES_FILE.test(match[3]!) && match[1] !== '120000')
    .map((match) => ({path: match[3]!, blob: match[2]!}))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const blobs = await readBlobs(
    root,
    entries.map((entry) => entry.blob),
    env,
  )
  const stagedPaths = new Set(staged.map((file) => file.path))
  const findings: FindingInput[] = []
  const loaded: RulesFile[] = []
  for (const entry of entries) {
    const content = blobs.get(entry.blob)?.toString('utf8')
    if (content === undefined) continue
    const reports = stagedPaths.has(entry.path)
    try {
      const parsed = parseRules(content, entry.path)
      if (reports) {
        for (const failure of checkExamples(parsed, loaded)) {
          findings.push(invalid(entry.path, `rule example fails (Codex refuses to load the file): ${failure.message}`, {line: failure.line, column: failure.column, fingerprintSeed: failure.message}))
        }
      }
      loaded.push(parsed)
    } catch (error) {
      if (reports) findings.push(fromError(entry.path, error, 'rules'))
    }
  }
  return findings
}
