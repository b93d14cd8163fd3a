import {statSync} from 'node:fs'
import {resolve} from 'node:path'
import {pathCandidates} from '../../../analysis/paths.js'
import {UNKNOWN} from '../../../analysis/shell.js'
import {LISTING_PROGRAMS} from '../../../policy/programs.js'
import type {SensitiveMatch} from '../../../policy/sensitive.js'
import {type HookRule, type HookRuleContext, hookMeta} from './types.js'

function judge(word: string, verb: string, context: HookRuleContext, evenIfMissing: boolean, keep: (found: SensitiveMatch) => boolean = () => true): string | undefined {
  for (const candidate of pathCandidates(word, UNKNOWN)) {
    const found = context.secretAt(candidate, evenIfMissing)
    if (found && keep(found))
      return `${verb} ${found.display}: ${found.entry.description}. Secret files must not be read, copied, encoded or written by the agent; use the template (e.g. .env.example) or ask the user`
  }
  return undefined
}

function isDirectory(word: string, cwd: string): boolean {
  try {
    return statSync(resolve(cwd, word.replaceAll(UNKNOWN, '')), {throwIfNoEntry: false})?.isDirectory() === true
  } catch {
    return false
  }
}

export const secretPath: HookRule = {
  meta: hookMeta(
    'CG-HOOK-SECRET-PATH',
    'Command touches a secret file',
    'The command names a file the catalogue treats as secret (also through ./, $PWD, ~, globs, variables and loop variables (for f in …), redirections of simple and compound commands, nested sh -c, substitutions, wrappers, operands that embed a path: if=.env, --env-file=.env, HEAD:.env, .env:/app/.env, and paths relative to a directory the command enters: cd config && cat master.key, git -C, tar -C).',
    'use the template (.env.example) or ask the user for the value',
    [
      'cat ./.env',
      'cd config && cat master.key',
      'git show HEAD:.env',
      'docker run --env-file=.env alpine true',
      'cat ~/.ssh/id_ed25519',
      'echo .env | xargs cat',
      'for f in README.md .env; do cat "$f"; done',
    ],
    [
      'cat .env.example',
      'grep -rn --exclude=.env TODO .',
      'rg "process.env" src',
      'cat src/app.ts',
      'test -f .env',
      'ls -la .env*',
      "echo '.env.local' >> .gitignore",
      'git rm --cached .env',
      'git check-ignore -v .env',
    ],
  ),
  check(facts, context) {
    const reasons: (string | undefined)[] = []
    for (const redirect of facts.redirects) if (redirect.operator.includes('>')) reasons.push(judge(redirect.target, 'it writes', context, true))
    // A command that only names its operands may name secret files, but not list a secret
    // directory: an existing one, one written with a trailing slash, or a home credential folder.
    for (const word of facts.words) {
      if (!facts.namesOnly || word.endsWith('/') || isDirectory(word, facts.cwd)) reasons.push(judge(word, 'it names', context, false))
      else if (LISTING_PROGRAMS.has(facts.program)) reasons.push(judge(word, 'it lists', context, false, (found) => found.entry.scope === 'home' && found.absolute === found.pattern))
    }
    if (facts.argv[0]?.includes('/')) reasons.push(judge(facts.argv[0], 'it runs', context, false))
    return reasons.filter((reason) => reason !== undefined)
  },
}
