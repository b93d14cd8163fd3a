// Staged .codex/ files must still load: config TOML parses, codex-guard.toml matches its schema,
// rules files evaluate and their match/not_match examples hold, hooks.json has the right shape.
// Everything is read from the staged blobs (the working tree may differ).

import {findCodex} from '../codex/binary.js'
import {parseHooksJson} from '../codex/hooks.js'
import {SYSTEM_CONFIG_DIR} from '../codex/layers.js'
import {byUtf8, listRulesDir, loadRulesChain, type RulesInput, rulesDirectories} from '../codex/rules/loader.js'
import {codexHome} from '../codex/trust.js'
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
        parseHooksJson(content, file.path)
      } catch (error) {
        findings.push(fromError(file.path, error, 'hooks.json'))
      }
    }
  }
  if (staged.some((file) => RULES_FILE.test(file.path) && file.kind === 'text')) findings.push(...(await checkRules(root, staged, env)))
  return findings
}

/**
 * The rules files Codex would load, in its order: system and user rules from disk, then the
 * project's as staged (the working tree may differ). Only staged files report.
 */
async function checkRules(root: string, staged: StagedFile[], env: NodeJS.ProcessEnv = process.env): Promise<FindingInput[]> {
  const listing = (await runGit(['ls-files', '--stage', '-z', '--', '.codex/rules'], {cwd: root, env})).toString('utf8')
  const entries = listing
    .split('\0')
    .map((record) => /^(100644|100755) ([0-9a-f]+) 0\t(.*)$/s.exec(record))
    .filter((match): match is RegExpExecArray => match !== null && RULES_FILE.test(match[3]!))
    .map((match) => ({path: match[3]!, blob: match[2]!}))
    .sort((a, b) => byUtf8(a.path, b.path))
  const blobs = await readBlobs(
    root,
    entries.map((entry) => entry.blob),
    env,
  )
  const outside: RulesInput[] = rulesDirectories(SYSTEM_CONFIG_DIR, codexHome(env), root)
    .filter(({kind}) => kind !== 'project')
    .flatMap(({dir}) => listRulesDir(dir))
  const project = entries.flatMap((entry) => {
    const text = blobs.get(entry.blob)?.toString('utf8')
    return text === undefined ? [] : [{file: entry.path, symlink: false, text}]
  })
  let codex: string | undefined
  try {
    codex = findCodex(undefined, env)
  } catch {}
  const stagedPaths = new Set(staged.map((file) => file.path))
  const findings: FindingInput[] = []
  for (const loaded of await loadRulesChain([...outside, ...project], {codex, env})) {
    const path = loaded.source.file
    if (!stagedPaths.has(path)) continue
    if (loaded.error) findings.push(fromError(path, loaded.error, 'rules'))
    for (const failure of loaded.examples) {
      findings.push(invalid(path, `rule example fails (Codex refuses to load the file): ${failure.message}`, {line: failure.line, column: failure.column, fingerprintSeed: failure.message}))
    }
    const delegated = loaded.delegated
    if (delegated) {
      const checked = delegated.codex === 'loaded'
      findings.push(
        invalid(
          path,
          `rules: codex-guard cannot evaluate this file itself (${delegated.construct.reason}); ${checked ? '`codex execpolicy check` loads it' : 'no codex binary was found to check it with'}`,
          {
            line: delegated.construct.line,
            column: delegated.construct.column,
            severity: checked ? 'info' : 'medium',
            fingerprintSeed: delegated.construct.reason,
          },
        ),
      )
    }
  }
  return findings
}
