// Exec-policy rules that bypass the sandbox, are ignored, or stop Codex from starting.
import type {FindingInput} from '../../report/finding.js'
import {isTable} from '../../util/toml.js'
import {type Check, finding} from '../check.js'

const describePattern = (pattern: (string | string[])[]) => pattern.map((token) => (Array.isArray(token) ? `[${token.join('|')}]` : token)).join(' ')

export const allowRule: Check = {
  meta: {
    id: 'CG-RULES-ALLOW',
    title: 'allow rule runs commands outside the sandbox',
    severity: 'high',
    description:
      'When every part of a command matches a `decision = "allow"` rule, Codex runs it unsandboxed: writes anywhere, network on. Broad allow rules (a bare program name) are a sandbox bypass.',
    remediation: 'delete the allow rule, or narrow it to a read-only subcommand that cannot take a file or URL argument',
    example: {bad: 'prefix_rule(pattern = ["python3"], decision = "allow")', good: 'prefix_rule(pattern = ["python3"], decision = "prompt")'},
    examples: {
      flagged: [
        {text: 'prefix_rule(pattern = ["python3"], decision = "allow")\n', file: '.codex/rules/team.rules'},
        {text: 'prefix_rule(pattern = ["git", "status"], decision = "allow")\n', file: '.codex/rules/team.rules', note: 'narrow: medium'},
        {text: 'prefix_rule(pattern = ["npm", "run"])\n', file: '.codex/rules/team.rules', note: 'allow is the default decision'},
      ],
      clean: [
        {text: 'prefix_rule(pattern = ["python3"], decision = "prompt")\n', file: '.codex/rules/team.rules'},
        {text: 'prefix_rule(pattern = ["git", "push", "--force"], decision = "forbidden")\n', file: '.codex/rules/team.rules'},
      ],
    },
  },
  run(context) {
    const out: FindingInput[] = []
    for (const rules of context.rules) {
      for (const rule of rules.file?.prefixRules ?? []) {
        if (rule.decision !== 'allow') continue
        const broad = rule.pattern.length === 1
        out.push(
          finding(this.meta, {
            file: context.display(rules.source.file),
            line: rule.line,
            severity: broad ? 'high' : 'medium',
            message: `${rules.source.enabled ? '' : '(not loaded: project untrusted) '}prefix_rule [${describePattern(rule.pattern)}] is an allow rule${rule.decisionExplicit ? '' : ' (allow is the default when decision is omitted)'}: matching commands run outside the sandbox`,
            fingerprintSeed: describePattern(rule.pattern),
          }),
        )
      }
    }
    return out
  },
}

export const symlinkRules: Check = {
  meta: {
    id: 'CG-RULES-SYMLINK',
    title: 'Symlinked rules file is ignored',
    severity: 'high',
    description: 'Codex only loads regular files from rules/ directories; a symlinked .rules file is skipped without a warning.',
    remediation: 'replace the symlink with a copy of the file',
    example: {bad: '.codex/rules/team.rules -> ../../shared/team.rules', good: '.codex/rules/team.rules (a regular file)'},
    examples: {
      flagged: [{text: 'prefix_rule(pattern = ["rm"], decision = "forbidden")\n', file: 'shared/team.rules', files: {'.codex/rules/team.rules': '-> ../../shared/team.rules'}}],
      clean: [{text: 'prefix_rule(pattern = ["rm"], decision = "forbidden")\n', file: '.codex/rules/team.rules'}],
    },
  },
  run(context) {
    return context.rules
      .filter((rules) => rules.source.symlink)
      .map((rules) => finding(this.meta, {file: context.display(rules.source.file), message: 'symlinked .rules file: Codex ignores it, so none of its rules apply'}))
  },
}

export const failingExamples: Check = {
  meta: {
    id: 'CG-RULES-EXAMPLE',
    title: 'Rule example does not hold',
    severity: 'critical',
    description: 'Codex checks every `match` / `not_match` example when it loads rules; one failing example makes `codex exec` refuse to start.',
    remediation: 'fix the rule pattern or the example',
    example: {
      bad: 'prefix_rule(pattern = ["git", "push"], decision = "prompt", match = ["git pull"])',
      good: 'prefix_rule(pattern = ["git", "push"], decision = "prompt", match = ["git push origin x"])',
    },
    examples: {
      flagged: [
        {text: 'prefix_rule(pattern = ["git", "push"], decision = "prompt", match = ["git pull"])\n', file: '.codex/rules/team.rules'},
        {text: 'prefix_rule(pattern = ["git", "push"], decision = "prompt", not_match = ["git push origin main"])\n', file: '.codex/rules/team.rules'},
      ],
      clean: [{text: 'prefix_rule(pattern = ["git", "push"], decision = "prompt", match = ["git push origin x"], not_match = ["git pull"])\n', file: '.codex/rules/team.rules'}],
    },
  },
  run(context) {
    const out: FindingInput[] = []
    for (const rules of context.rules) {
      for (const failure of rules.examples) {
        out.push(finding(this.meta, {file: context.display(rules.source.file), line: failure.line, message: failure.message, fingerprintSeed: `${failure.kind}:${failure.example.join(' ')}`}))
      }
    }
    return out
  },
}

export const domainRulesWithoutProxy: Check = {
  meta: {
    id: 'CG-RULES-NETWORK-NO-PROXY',
    title: 'Domain rules without the network proxy',
    severity: 'medium',
    description: '`network_rule(...)` and profile `domains` only take effect through the network proxy (`features.network_proxy = true`); without it they are ignored.',
    remediation: 'set [features] network_proxy = true, or keep the network disabled and drop the domain rules',
    example: {bad: 'network_rule(host = "api.example.com", protocol = "https", decision = "allow")', good: '[features]\nnetwork_proxy = true'},
    examples: {
      flagged: [{text: 'network_rule(host = "api.example.com", protocol = "https", decision = "allow")\n', file: '.codex/rules/team.rules'}],
      clean: [
        {text: '[features]\nnetwork_proxy = true\n', files: {'.codex/rules/team.rules': 'network_rule(host = "api.example.com", protocol = "https", decision = "allow")\n'}},
        {text: 'prefix_rule(pattern = ["curl"], decision = "prompt")\n', file: '.codex/rules/team.rules'},
      ],
    },
  },
  run(context) {
    const features = context.layers.effective['features']
    if (isTable(features) && features['network_proxy'] === true) return []
    const out: FindingInput[] = []
    for (const rules of context.rules) {
      for (const rule of rules.file?.networkRules ?? []) {
        out.push(
          finding(this.meta, {
            file: context.display(rules.source.file),
            line: rule.line,
            message: `network_rule for ${rule.host} has no effect without features.network_proxy = true`,
            fingerprintSeed: rule.host,
          }),
        )
      }
    }
    const permissions = context.layers.effective['permissions']
    if (isTable(permissions)) {
      for (const [name, profile] of Object.entries(permissions)) {
        const network = isTable(profile) ? profile['network'] : undefined
        if (isTable(network) && network['domains'] !== undefined) {
          out.push(finding(this.meta, {message: `profile "${name}" lists network domains, which are not enforced without features.network_proxy = true`, fingerprintSeed: name}))
        }
      }
    }
    return out
  },
}

export const RULES_CHECKS = [allowRule, symlinkRules, failingExamples, domainRulesWithoutProxy]
