// Files Codex (or codex-guard) cannot load at all.
import {join} from 'node:path'
import {HOOKS_FILE, readHooksJson} from '../../codex/hooks.js'
import type {FindingInput} from '../../report/finding.js'
import {ConfigError} from '../../util/errors.js'
import {type Check, finding} from '../check.js'

export const tomlSyntax: Check = {
  meta: {
    id: 'CG-SYNTAX-TOML',
    title: 'Codex config file does not parse',
    severity: 'critical',
    description: 'A config.toml layer is not valid TOML. Codex refuses to start (or, for a project layer, the TUI may drop it), so none of its settings apply.',
    remediation: 'fix the TOML syntax at the reported line',
    example: {bad: 'sandbox_mode = "workspace-write', good: 'default_permissions = "codex-guard"'},
    examples: {
      flagged: ['sandbox_mode = "workspace-write\n', '[permissions.codex-guard\nextends = ":workspace"\n'],
      clean: ['default_permissions = "codex-guard"\n', 'approval_policy = "on-request"\n'],
    },
  },
  run(context) {
    return context.layers.layers
      .filter((layer) => layer.error)
      .map((layer) =>
        finding(this.meta, {
          file: context.display(layer.file),
          line: layer.error?.line,
          column: layer.error?.column,
          message: `${layer.kind} config: ${layer.error?.message}`,
        }),
      )
  },
}

export const rulesSyntax: Check = {
  meta: {
    id: 'CG-SYNTAX-RULES',
    title: 'Rules file does not parse',
    severity: 'critical',
    description: 'A .rules file has a Starlark or rule error. `codex exec` refuses to start with "Error loading rules".',
    remediation: 'fix the rule at the reported line; check it with `codex execpolicy check --rules FILE true`',
    example: {bad: 'prefix_rule(pattern = ["rm"], decision = "deny")', good: 'prefix_rule(pattern = ["rm"], decision = "forbidden")'},
    examples: {
      flagged: [
        {text: 'prefix_rule(pattern = ["rm"], decision = "deny")\n', file: '.codex/rules/team.rules'},
        {text: 'prefix_rule(pattern = ["git", "push"], decision = "forbidden"\n', file: '.codex/rules/team.rules'},
      ],
      clean: [{text: 'prefix_rule(pattern = ["rm"], decision = "forbidden")\n', file: '.codex/rules/team.rules'}],
    },
  },
  run(context) {
    const out: FindingInput[] = []
    for (const rules of context.rules) {
      const file = context.display(rules.source.file)
      if (rules.error) out.push(finding(this.meta, {file, line: rules.error.line, column: rules.error.column, message: rules.error.message}))
      const delegated = rules.delegated
      if (!delegated) continue
      // Valid Starlark beyond the subset: only the real Codex can say whether it loads.
      const at = {file, line: delegated.construct.line, column: delegated.construct.column, fingerprintSeed: delegated.construct.reason}
      if (delegated.codex === 'loaded') {
        out.push(
          finding(this.meta, {
            ...at,
            severity: 'info',
            message: `codex-guard cannot evaluate this file itself (${delegated.construct.reason}); \`codex execpolicy check\` loads it, so Codex accepts it, but codex-guard's other rules checks do not see its rules`,
            remediation: 'nothing to fix; write the file without that construct if codex-guard should check its rules too',
          }),
        )
      } else {
        out.push(
          finding(this.meta, {
            ...at,
            severity: 'medium',
            message: `could not be checked: codex-guard cannot evaluate this file itself (${delegated.construct.reason}) and no codex binary was found to check it with`,
            remediation: 'put codex on PATH or pass --codex so that validate can have Codex check the file',
          }),
        )
      }
    }
    return out
  },
}

export const policySyntax: Check = {
  meta: {
    id: 'CG-SYNTAX-POLICY',
    title: 'codex-guard project policy is invalid',
    severity: 'high',
    description: '.codex/codex-guard.toml does not parse or has unknown keys or wrong types; codex-guard cannot apply the repository’s additions and exceptions.',
    remediation: 'fix the key at the reported line (see docs/policy.md)',
    example: {bad: '[paths]\ndeny_reed = ["config/prod.yaml"]', good: '[paths]\ndeny_read = ["config/prod.yaml"]'},
    examples: {
      flagged: [
        {text: '[paths]\ndeny_reed = ["config/prod.yaml"]\n', file: '.codex/codex-guard.toml'},
        {text: 'profile = "paranoid"\n', file: '.codex/codex-guard.toml'},
      ],
      clean: [
        {text: '[paths]\ndeny_read = ["config/prod.yaml"]\n', file: '.codex/codex-guard.toml'},
        {text: 'profile = "strict"\n', file: '.codex/codex-guard.toml'},
      ],
    },
  },
  run(context) {
    const error = context.projectPolicyError
    if (!error) return []
    return [finding(this.meta, {file: context.display(error.file ?? '.codex/codex-guard.toml'), line: error.line, column: error.column, message: error.message})]
  },
}

export const hooksSyntax: Check = {
  meta: {
    id: 'CG-SYNTAX-HOOKS',
    title: 'hooks.json does not parse or has the wrong shape',
    severity: 'high',
    description:
      '.codex/hooks.json is not valid JSON, or valid JSON of the wrong shape (an event that is not a list, a group without a "hooks" list, a handler that is not an object). Codex loads no hook from it, so the codex-guard hooks never run, and init cannot merge its entries into it.',
    remediation: 'fix the file at the reported line (or the named entry), then rerun `codex-guard init --trust`',
    example: {bad: '{"hooks": {"PreToolUse": {"matcher": "*"}}}', good: '{"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": "…"}]}]}}'},
    examples: {
      flagged: [
        {text: '{"hooks": {"PreToolUse": [\n  {"matcher": "*",,}\n]}}\n', file: '.codex/hooks.json'},
        {text: '{"hooks": {"PreToolUse": {"matcher": "*"}}}\n', file: '.codex/hooks.json'},
      ],
      clean: [{text: '{"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": "./scripts/check.sh"}]}]}}\n', file: '.codex/hooks.json'}],
    },
  },
  run(context) {
    try {
      readHooksJson(context.root)
      return []
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      return [finding(this.meta, {file: context.display(join(context.root, error.file ?? HOOKS_FILE)), line: error.line, column: error.column, message: error.message})]
    }
  },
}

export const SYNTAX_CHECKS = [tomlSyntax, rulesSyntax, policySyntax, hooksSyntax]
