// The rules files Codex loads, in its order, evaluated as one chain: what `validate` and the
// pre-commit check both use, so that they agree. Mirrors `load_exec_policy` and
// `collect_policy_files` in codex-rs/core/src/exec_policy.rs: `<config folder>/rules/` of every
// enabled layer, lowest precedence first; per folder, regular files named `*.rules` (no recursion,
// symlinks skipped: `DirEntry::file_type().is_file()`), sorted by path; all parsed into one policy
// in that order.
import {type Dirent, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ConfigError} from '../../util/errors.js'
import {execPolicyCheck} from '../binary.js'
import {parseRules} from './evaluator.js'
import {checkExamples, type ExampleFailure} from './examples.js'
import {type RulesFile, RulesSyntaxError} from './types.js'

export type RulesLayer = 'system' | 'user' | 'project'

/** The rules folders of the layers, lowest precedence first (the cwd is the project root). */
export function rulesDirectories(systemDir: string, codexHome: string, root: string): {kind: RulesLayer; dir: string}[] {
  return [
    {kind: 'system', dir: join(systemDir, 'rules')},
    {kind: 'user', dir: join(codexHome, 'rules')},
    {kind: 'project', dir: join(root, '.codex', 'rules')},
  ]
}

/** Rust's `Path::extension() == "rules"`: a leading dot does not start an extension (".rules" has none). */
export function isRulesFileName(name: string): boolean {
  const dot = name.lastIndexOf('.')
  return dot > 0 && name.slice(dot + 1) === 'rules'
}

/** Rust sorts paths by their UTF-8 bytes, not by UTF-16 code units. */
export const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))

export interface RulesDirEntry {
  file: string
  /** Codex skips it; listed so that callers can say so. */
  symlink: boolean
}

/** One rules folder as Codex reads it, plus the symlinked `*.rules` entries it skips. */
export function listRulesDir(dir: string): RulesDirEntry[] {
  let entries: Dirent[]
  try {
    entries = readdirSync(dir, {withFileTypes: true})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return []
    throw error
  }
  return entries
    .filter((entry) => isRulesFileName(entry.name) && (entry.isFile() || entry.isSymbolicLink()))
    .sort((a, b) => byUtf8(a.name, b.name))
    .map((entry) => ({file: join(dir, entry.name), symlink: entry.isSymbolicLink()}))
}

export interface RulesInput {
  /** The path Codex would load (used in messages). */
  file: string
  symlink: boolean
  /** Content when it does not come from `file` on disk (a staged blob); otherwise `file` is read. */
  text?: string
}

export interface LoadedRules<S extends RulesInput = RulesInput> {
  source: S
  /** The evaluated file, when codex-guard's own evaluator could read it. */
  file?: RulesFile
  /** Why Codex would refuse to load the file (its own error when it was asked). */
  error?: ConfigError
  /** match/not_match examples that fail, checked with the files loaded before this one. */
  examples: ExampleFailure[]
  /**
   * The file uses Starlark beyond the subset codex-guard evaluates (`construct` says where), and
   * `codex execpolicy check` either loaded it or was not available. A refusal is `error` instead.
   */
  delegated?: {construct: RulesSyntaxError; codex: 'loaded' | 'unavailable'}
}

export interface LoadRulesOptions {
  /** codex binary for files the subset cannot evaluate; without one they are reported unchecked. */
  codex?: string
  env?: NodeJS.ProcessEnv
}

/**
 * Evaluates `sources` in order as Codex does: each file's examples see the host_executable
 * declarations of the files loaded before it. Symlinks are skipped; a file that fails does not
 * count as loaded for the files after it.
 */
export async function loadRulesChain<S extends RulesInput>(sources: S[], options: LoadRulesOptions = {}): Promise<LoadedRules<S>[]> {
  const results: LoadedRules<S>[] = []
  const loaded: {source: S; text: string; file?: RulesFile}[] = []
  const evaluated = () => loaded.flatMap((entry) => (entry.file ? [entry.file] : []))
  for (const source of sources) {
    if (source.symlink) {
      results.push({source, examples: []})
      continue
    }
    let text: string
    try {
      text = source.text ?? readFileSync(source.file, 'utf8')
    } catch (error) {
      if (!(error as NodeJS.ErrnoException).code) throw error
      results.push({source, examples: [], error: new ConfigError(`cannot read: ${(error as Error).message}`, source.file)})
      continue
    }
    try {
      const file = parseRules(text, source.file)
      results.push({source, file, examples: checkExamples(file, evaluated())})
      loaded.push({source, text, file})
    } catch (error) {
      if (!(error instanceof RulesSyntaxError)) throw error
      if (!error.unsupported) {
        results.push({source, examples: [], error: new ConfigError(error.message, error.file, error.line, error.column)})
        continue
      }
      const verdict = await askCodex(loaded, {source, text}, options)
      if (verdict instanceof ConfigError) {
        results.push({source, examples: [], error: verdict})
        continue
      }
      results.push({source, examples: [], delegated: {construct: error, codex: verdict}})
      if (verdict === 'loaded') loaded.push({source, text})
    }
  }
  return results
}

/**
 * `codex execpolicy check --rules <prior files…> --rules <file> true` on copies of the texts (staged
 * content need not be on disk), with CODEX_HOME pointing at the scratch folder so that the user's
 * config cannot make the check fail. Codex checks the examples itself while loading.
 */
async function askCodex(prior: {text: string}[], target: {source: RulesInput; text: string}, options: LoadRulesOptions): Promise<'loaded' | 'unavailable' | ConfigError> {
  if (!options.codex) return 'unavailable'
  const scratch = mkdtempSync(join(tmpdir(), 'codex-guard-rules-'))
  try {
    const files = [...prior.map((entry) => entry.text), target.text].map((text, index) => {
      const file = join(scratch, `${String(index).padStart(4, '0')}.rules`)
      writeFileSync(file, text)
      return file
    })
    const copy = files.at(-1)!
    try {
      await execPolicyCheck(options.codex, files, ['true'], {...(options.env ?? process.env), CODEX_HOME: scratch})
      return 'loaded'
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      // Locations in earlier files are theirs; Codex stops at the first file that fails.
      const line = error.file === copy ? error.line : undefined
      const reason = error.message.replaceAll(copy, target.source.file)
      return new ConfigError(`codex execpolicy check: ${reason}`, target.source.file, line)
    }
  } finally {
    rmSync(scratch, {recursive: true, force: true})
  }
}
