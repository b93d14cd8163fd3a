// PreToolUse decisions: what Codex's prefix rules and deny globs cannot see. The command is
// analysed once (src/analysis/command.ts, shared with the session monitors); each check is a
// rule module in ./rules/.
import {relative, resolve} from 'node:path'
import {analyzeCommand} from '../../analysis/command.js'
import {rebase} from '../../analysis/locations.js'
import {wildcardMiss} from '../../analysis/paths.js'
import {type PatchOperation, parsePatch} from '../../codex/apply-patch.js'
import {CredentialClassifier, contentEntry, credentialAtPath} from '../../detect/credential-files.js'
import {type EffectivePolicy, type ProfiledCommandRule, secretEnvName} from '../../policy/effective.js'
import type {SensitiveMatch, SensitivePathMatcher} from '../../policy/sensitive.js'
import type {RuleMeta} from '../../report/rule-meta.js'
import {monotonicMs} from '../../util/clock.js'
import {COMMAND_HOOK_RULES, dnsExfil, egress, forbiddenCommand, type HookRuleContext, interactive, interpreter, protectedWrite, pushNewRemote, secretPath} from './rules/index.js'
import {protectedMessage} from './rules/protected-write.js'
import {hookMeta} from './rules/types.js'

export interface Reason {
  ruleId: string
  message: string
}

export interface Decision {
  decision: 'allow' | 'deny'
  reasons: Reason[]
}

/** Every rule the hook reports under, for docs and reporters. */
export const HOOK_RULES = {
  secretPath: secretPath.meta,
  protectedWrite: protectedWrite.meta,
  egress: egress.meta,
  dnsExfil: dnsExfil.meta,
  pushNewRemote: pushNewRemote.meta,
  forbiddenCommand: forbiddenCommand.meta,
  interpreter: interpreter.meta,
  interactive: interactive.meta,
  unparsable: hookMeta(
    'CG-HOOK-UNPARSABLE',
    'Command could not be analysed',
    'The shell parser could not parse the command, so codex-guard cannot tell what it does: it fails closed.',
    'rewrite the command with balanced quotes and simple syntax',
    ['cat "unterminated', 'echo $(ls'],
    ['cat notes.txt', 'echo "$(ls)"'],
  ),
  internalError: hookMeta(
    'CG-HOOK-ERROR',
    'Hook failed',
    'The hook itself failed (bad payload, internal error); it denies rather than letting the call through unchecked.',
    'fix the payload or report the bug; see the reason',
    ['(not JSON on stdin)', '[1, 2]', '{"tool_name":"Bash","tool_input":{}}'],
    ['{"tool_name":"Bash","tool_input":{"command":"ls"}}', '{"tool_name":"apply_patch","tool_input":{"input":"*** Begin Patch\\n*** Update File: src/app.ts\\n+x\\n*** End Patch"}}'],
  ),
} satisfies Record<string, RuleMeta>

/** Longest command analysed (characters); longer ones are denied unread. */
export const MAX_COMMAND_CHARS = 1_000_000
/** Time one decision may take; Codex's own hook timeout is far longer, and the wrapper's budget longer still. */
export const DECISION_BUDGET_MS = 750

const PATCH_VERBS: Record<PatchOperation, string> = {add: 'adds', update: 'updates', delete: 'deletes', move: 'moves a file to'}

export interface DecideContext {
  cwd: string
  policy: EffectivePolicy
  matcher: SensitivePathMatcher
  /** $CODEX_HOME when it is not ~/.codex: its files are judged as the ~/.codex entries. */
  codexHome?: {path: string; defaultPath: string}
}

export class HookDecider {
  private readonly forbiddenRules: ProfiledCommandRule[]
  private readonly secretVariable: (name: string) => boolean
  private readonly credentials: CredentialClassifier
  /** secretOrCredential's answers within one decision (files may change between decisions) */
  private judged = new Map<string, SensitiveMatch | undefined>()

  constructor(private readonly context: DecideContext) {
    this.forbiddenRules = context.policy.commandRules.filter((rule) => rule.effectiveDecision === 'forbidden')
    this.secretVariable = secretEnvName(context.policy)
    this.credentials = new CredentialClassifier(context.policy)
  }

  /** The catalogue entry a path names, else the credential its content holds (an existing file under any name). */
  private secretOrCredential(path: string, base: string): SensitiveMatch | undefined {
    // a command names the same word many times (`grep x a; grep x a`): judge each once per call
    const key = `${base}\0${path}`
    if (this.judged.has(key)) return this.judged.get(key)
    const found = this.judgeOnce(path, base)
    this.judged.set(key, found)
    return found
  }

  private judgeOnce(path: string, base: string): SensitiveMatch | undefined {
    const found = this.context.matcher.match(path, base)
    if (found) return found
    const absolute = resolve(base, path)
    const hit = credentialAtPath(absolute, relative(base, absolute), this.credentials)
    if (hit?.by !== 'content') return undefined
    const display = relative(this.context.cwd, absolute)
    return {entry: contentEntry(hit), pattern: absolute, absolute, display: display.startsWith('..') ? absolute : display}
  }

  bash(command: string, home: string): Decision {
    this.judged = new Map()
    const reasons: Reason[] = []
    if (command.length > MAX_COMMAND_CHARS) {
      return finish([
        {
          ruleId: HOOK_RULES.unparsable.id,
          message: `the command is ${command.length} characters long, more than codex-guard analyses (${MAX_COMMAND_CHARS}); split it or write the script to a file first`,
        },
      ])
    }
    // One budget for the whole decision, well inside Codex's hook timeout: past it, deny.
    const deadline = monotonicMs() + DECISION_BUDGET_MS
    const known = this.context.codexHome ? {CODEX_HOME: this.context.codexHome.path} : undefined
    const analysis = analyzeCommand(command, {cwd: this.context.cwd, home, deadline, known})
    if (analysis.errors.length > 0) {
      reasons.push({
        ruleId: HOOK_RULES.unparsable.id,
        message: `codex-guard could not parse this command (${analysis.errors[0]}), so it cannot check it; rewrite it with balanced quotes and plain syntax`,
      })
    }
    for (const facts of analysis.commands) {
      if (monotonicMs() > deadline) {
        reasons.push({ruleId: HOOK_RULES.unparsable.id, message: `codex-guard could not check this command within its ${DECISION_BUDGET_MS} ms budget; split it into smaller commands`})
        break
      }
      // Relative paths are judged against the command's own directory, the cwd and every directory the script enters.
      const ruleContext = this.ruleContext([...new Set([facts.cwd, this.context.cwd, ...analysis.directories])])
      for (const rule of COMMAND_HOOK_RULES) for (const message of rule.check(facts, ruleContext)) reasons.push({ruleId: rule.meta.id, message})
      // `apply_patch <<EOF` through a shell: Codex applies it natively, so judge it as a patch.
      if (facts.patch !== undefined) reasons.push(...this.patch(facts.patch).reasons)
    }
    return finish(reasons)
  }

  private ruleContext(bases: string[]): HookRuleContext {
    const {matcher, codexHome} = this.context
    const judged = (path: string, base: string) => this.secretOrCredential(path, base)
    // A custom $CODEX_HOME holds auth.json, sessions and config like ~/.codex: judge it as that.
    const alias = (path: string, base: string) => (codexHome && rebase(resolve(base, path), codexHome.path, codexHome.defaultPath)) || path
    return {
      forbiddenRules: this.forbiddenRules,
      secretVariable: this.secretVariable,
      secretAt(path: string, evenIfMissing: boolean): SensitiveMatch | undefined {
        for (const base of bases) {
          const found = judged(alias(path, base), base)
          if (found && !evenIfMissing && wildcardMiss(found.pattern, found.absolute)) continue
          if (found) return found
        }
        return undefined
      },
      protectedAt(path: string): string | undefined {
        for (const base of bases) {
          const hit = matcher.isProtected(path, base)
          if (hit) return hit
        }
        return undefined
      },
    }
  }

  /** A tool that reads one file itself (view_image): Codex opens it outside the sandbox, so the hook is the layer that judges it. */
  readPath(tool: string, path: string): Decision {
    this.judged = new Map()
    const found = this.secretOrCredential(path, this.context.cwd)
    return finish(
      found
        ? [
            {
              ruleId: HOOK_RULES.secretPath.id,
              message: `${tool} reads ${found.display}: ${found.entry.description}; Codex opens it outside the sandbox, and secret files must not be read by the agent`,
            },
          ]
        : [],
    )
  }

  /** apply_patch: every file the patch adds, updates, deletes or moves to, against the cwd. */
  patch(text: string): Decision {
    this.judged = new Map()
    const reasons: Reason[] = []
    for (const {path, op} of parsePatch(text)) {
      const found = this.secretOrCredential(path, this.context.cwd)
      if (found) reasons.push({ruleId: HOOK_RULES.secretPath.id, message: `the patch ${PATCH_VERBS[op]} ${found.display}: ${found.entry.description}; the agent may not read or write secret files`})
      const hit = this.context.matcher.isProtected(path, this.context.cwd)
      if (hit) reasons.push({ruleId: HOOK_RULES.protectedWrite.id, message: protectedMessage('the patch changes', hit)})
    }
    return finish(reasons)
  }
}

function finish(reasons: Reason[]): Decision {
  const unique = reasons.filter((reason, index) => reasons.findIndex((other) => other.message === reason.message) === index)
  return {decision: unique.length > 0 ? 'deny' : 'allow', reasons: unique}
}
