// The paths a shell word can name: globs listed like the shell lists them, and the paths that
// operands embed (`if=.env`, `--env-file=.env`, `HEAD:.env`, `.env:/app/.env`, `-d @.env`).
import {existsSync, readdirSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {Minimatch} from 'minimatch'

const GLOB_CHARS = /[*?[]/

/**
 * The files an absolute pattern with a glob in its last segment names, up to `limit`. `*`
 * matches dotfiles too (dot: true): the hook over-approximates rather than miss `cat *`.
 */
export function listGlob(absolutePattern: string, limit: number): string[] {
  const dir = dirname(absolutePattern)
  const last = absolutePattern.slice(dir.length + 1)
  if (!GLOB_CHARS.test(last) || GLOB_CHARS.test(dir)) return []
  try {
    const matcher = new Minimatch(last, {dot: true})
    return readdirSync(dir)
      .filter((name) => matcher.match(name))
      .slice(0, limit)
      .map((name) => join(dir, name))
  } catch {
    return []
  }
}

export const hasGlob = (path: string) => GLOB_CHARS.test(path)

/**
 * A wildcard catalogue pattern (`*.env` at any depth) matched a word that names no existing file: more
 * likely an identifier (`process.env`) than a path. Exact secret names always count.
 */
export function wildcardMiss(pattern: string, absolute: string): boolean {
  return GLOB_CHARS.test(pattern.split('/').pop() ?? '') && !existsSync(absolute)
}

/** Options whose value names what is skipped, not what is read (`--exclude=.env`). */
const EXCLUSION = /exclude|ignore|skip/i

/**
 * Every path a word may name, with `unknown` marking an expansion that cannot be known
 * statically: the word itself, the literal tail after an unknown prefix (`$X/.env`), the value
 * of `name=value` and `--opt=value`, each side of `a:b` (not URLs), and `@file`/`file://` forms.
 */
export function pathCandidates(word: string, unknown: string): string[] {
  if (!word || word === unknown) return []
  const candidates = [word.replaceAll(unknown, '')]
  const lastUnknown = word.lastIndexOf(unknown)
  if (lastUnknown !== -1) candidates.push(word.slice(lastUnknown + 1).replace(/^\/+/, ''))
  for (const candidate of [...candidates]) {
    const equals = candidate.indexOf('=')
    if (equals > 0 && !EXCLUSION.test(candidate.slice(0, equals))) candidates.push(candidate.slice(equals + 1))
    if (!candidate.includes('://')) for (const part of candidate.split(':')) if (part && part !== candidate) candidates.push(part)
  }
  const out = new Set<string>()
  for (const candidate of candidates) {
    if (!candidate || (candidate.startsWith('-') && !candidate.includes('='))) continue
    if (/^--?[\w-]*(exclude|ignore|skip)[\w-]*=/i.test(candidate)) continue
    const value = candidate.startsWith('--') && candidate.includes('=') ? candidate.slice(candidate.indexOf('=') + 1) : candidate
    const cleaned = value.replace(/^@/, '').replace(/^file:\/\//, '')
    if (cleaned) out.add(cleaned)
  }
  return [...out]
}

/** Words in one-line programs that may be paths: they hold a dot or a slash. */
export function codePathTokens(code: string): string[] {
  return (code.match(/[A-Za-z0-9_.~/$@{}+-]+/g) ?? []).filter((token) => /[./]/.test(token)).map((token) => token.replace(/^@/, ''))
}
