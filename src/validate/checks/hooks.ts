import type {HookInfo} from '../../codex/app-server.js'
import {HOOKS_FILE, isCodexGuardCommand, readHooksJson} from '../../codex/hooks.js'
import type {FindingInput} from '../../report/finding.js'
import type {RuleMeta} from '../../report/rule-meta.js'

export const HOOKS_MISSING: RuleMeta = {
  id: 'CG-HOOKS-MISSING',
  title: 'codex-guard hooks are not wired',
  severity: 'medium',
  description: 'Without the PreToolUse hook, commands that prefix rules cannot see (`cat ./.env`, `sh -c …`, uploads with options after the URL) are checked only by the sandbox.',
  remediation: 'run `codex-guard init --trust`',
  example: {bad: '.codex/hooks.json missing', good: '.codex/hooks.json with a PreToolUse group running `codex-guard hook pre-tool-use`'},
  examples: {
    flagged: [
      {text: '{"hooks": {}}\n', file: '.codex/hooks.json'},
      {text: '{"hooks": {"PreToolUse": [{"hooks": [{"type": "command", "command": "./scripts/lint.sh"}]}]}}\n', file: '.codex/hooks.json'},
    ],
    clean: [{text: '{"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": "codex-guard hook pre-tool-use"}]}]}}\n', file: '.codex/hooks.json'}],
  },
}

export const HOOKS_UNTRUSTED: RuleMeta = {
  id: 'CG-HOOKS-UNTRUSTED',
  title: 'Hook not trusted: Codex will not run it',
  severity: 'high',
  description: 'Codex runs a non-managed hook only when $CODEX_HOME/config.toml has a [hooks.state."<key>"] trusted_hash equal to the hook’s current hash. A new or edited hook silently does nothing.',
  remediation: 'run `codex-guard init --trust` (records the hashes through `codex app-server`), or approve the hooks with /hooks in Codex',
  example: {bad: 'hooks/list → trustStatus "untrusted"', good: '[hooks.state."/repo/.codex/hooks.json:pre_tool_use:0:0"]\ntrusted_hash = "sha256:…"'},
}

export const HOOKS_UNVERIFIED: RuleMeta = {
  id: 'CG-HOOKS-UNVERIFIED',
  title: 'Hook trust could not be checked',
  severity: 'info',
  description: 'Checking hook trust needs the codex binary (`codex app-server` computes the hashes).',
  remediation: 'put codex on PATH or pass --codex PATH',
  example: {bad: 'codex not on PATH', good: 'codex-guard validate --codex ./node_modules/.bin/codex'},
}

export const HOOK_CHECK_RULES = [HOOKS_MISSING, HOOKS_UNTRUSTED, HOOKS_UNVERIFIED]

export function hooksWired(root: string): boolean {
  try {
    return (readHooksJson(root).hooks['PreToolUse'] ?? []).some((group) => group.hooks?.some((handler) => isCodexGuardCommand(handler.command)))
  } catch {
    return false
  }
}

export async function checkHooks(root: string, codex: string | undefined, env: NodeJS.ProcessEnv, trusted: boolean): Promise<FindingInput[]> {
  const finding = (meta: RuleMeta, message: string, file?: string): FindingInput => ({ruleId: meta.id, severity: meta.severity, message, remediation: meta.remediation, file})
  if (!hooksWired(root)) return [finding(HOOKS_MISSING, 'no PreToolUse hook runs `codex-guard hook pre-tool-use` for this project', HOOKS_FILE)]
  if (!trusted) return [] // CG-TRUST-UNTRUSTED already says the whole .codex/ layer is ignored
  if (!codex) return [finding(HOOKS_UNVERIFIED, 'codex binary not found; hook trust not checked', HOOKS_FILE)]
  const {listHooks} = await import('../../codex/app-server.js')
  let hooks: HookInfo[]
  try {
    hooks = await listHooks(codex, root, env)
  } catch (error) {
    return [finding(HOOKS_UNVERIFIED, `hook trust not checked: ${(error as Error).message}`, HOOKS_FILE)]
  }
  const ours = hooks.filter((hook) => isCodexGuardCommand(hook.command))
  if (ours.length === 0) return [finding(HOOKS_UNTRUSTED, 'Codex does not list the codex-guard hooks for this project', HOOKS_FILE)]
  return ours
    .filter((hook) => hook.trustStatus !== 'trusted')
    .map((hook) => finding(HOOKS_UNTRUSTED, `${hook.eventName} hook ${hook.key} is ${hook.trustStatus} (current hash ${hook.currentHash}); Codex will not run it`, HOOKS_FILE))
}
