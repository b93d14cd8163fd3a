// Glob lists as one predicate (minimatch syntax, compiled once): the catalogue keeps globs and
// every consumer matches them the same way instead of converting them to regular expressions.
import {Minimatch, type MinimatchOptions} from 'minimatch'

const MAGIC = /[*?[\]{}()!+@\\]/

/**
 * A predicate: does any of the globs match the path? (default options: dot: true). When every
 * glob has a literal path part (AGENTS.md, .codex), a path without one of them is rejected
 * before any glob runs: most paths of a repository are, and scanners test every one. The globs
 * compile on first use: modules build their predicates when loaded, and a pre-commit check or a
 * hook call that never asks should not pay for them.
 */
export function globsMatcher(globs: readonly string[], options: MinimatchOptions = {dot: true}): (path: string) => boolean {
  let matchers: Minimatch[] | undefined
  const literals = globs.map((glob) =>
    glob
      .split('/')
      .filter((part) => part !== '' && !MAGIC.test(part))
      .at(-1),
  )
  const any = (path: string) => {
    matchers ??= globs.map((glob) => new Minimatch(glob, options))
    return matchers.some((matcher) => matcher.match(path))
  }
  if (options.nocase || literals.some((literal) => literal === undefined)) return any
  const parts = new Set(literals as string[])
  return (path) => path.split('/').some((part) => parts.has(part)) && any(path)
}
