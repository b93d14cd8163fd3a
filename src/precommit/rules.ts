// Rule metadata of the pre-commit check (docs/rules.md and SARIF read it).
import type {RuleMeta} from '../report/rule-meta.js'

export const COMMIT_SECRET_FILE: RuleMeta = {
  id: 'CG-COMMIT-SECRET-FILE',
  title: 'Secret file staged for commit',
  severity: 'high',
  description:
    'A staged path matches the policy catalogue’s block-on-commit list (dotenv files, private keys and keystores, cloud and registry credentials, kubeconfig, Terraform state…). Once committed, the file reaches every clone and stays in history even after it is deleted. Allow-listed templates (`.env.example`, `.env.sample`, `*.pub`…) pass. A path that only looks like one (for example `.env.foo`) is a medium warning.',
  remediation: 'unstage it (`git rm --cached PATH`), add it to .gitignore, and keep the values in the environment or a secret manager; a template belongs in `.env.example`',
  example: {bad: 'git add .env && git commit', good: 'git add .env.example && git commit'},
  examples: {
    flagged: [
      {text: 'DATABASE_URL=postgres://app@localhost:5432/app\n', file: '.env'},
      {text: 'STRIPE_WEBHOOK_SECRET=\n', file: 'apps/web/.env.production'},
      {text: '{"version": 4, "terraform_version": "1.7.5", "resources": []}\n', file: 'infra/prod.tfstate'},
      {text: 'X=1\n', file: '.env.custom-thing', note: 'only looks like a dotenv file: a medium warning'},
    ],
    clean: [
      {text: 'DATABASE_URL=\nSTRIPE_WEBHOOK_SECRET=\n', file: '.env.example'},
      {text: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk5cW1hZ2luZWRrZXlmb3Jkb2NzAAAA deploy@ci\n', file: 'keys/deploy.pub'},
    ],
  },
}

export const COMMIT_SECRET: RuleMeta = {
  id: 'CG-COMMIT-SECRET',
  title: 'Secret in a staged line',
  severity: 'critical',
  description:
    'An added line contains a credential: codex-guard’s secret engine (about 100 rules written from the providers’ documented formats: AI providers, GitHub, GitLab, AWS including Bedrock, Azure, GCP, JWTs, Stripe, Slack, SendGrid, package registries and the SaaS long tail; private keys of every PEM, OpenSSH and PGP family, PuTTY, age and WireGuard, also truncated or without their END line; passwords, secrets and API keys assigned in configuration and code; passwords in URLs and connection strings), with an entropy and placeholder filter, then secretlint’s maintained rules as a second pass. A repository’s .gitleaks.toml adds rules and allowlists, and `gitleaks:allow` on a line skips it. Only the staged content is scanned, and the secret is redacted in every output.',
  remediation: 'remove the secret from the file and load it from the environment; if it was ever pushed or shared, rotate it (`codex-guard rotate`)',
  example: {bad: 'const token = "ghp_…36 characters…"', good: 'const token = process.env.GITHUB_TOKEN'},
  examples: {
    flagged: [
      {text: `const token = "gh${'p'}_${'Zx81KqP0wLm3'.repeat(3)}"\n`, file: 'src/github.ts'},
      {text: `[default]\naws_access_key_id = AK${'IA'}Q4RT7YH2KX9M3WZP\n`, file: 'deploy/aws.ini'},
    ],
    clean: [
      {text: 'const token = process.env.GITHUB_TOKEN\n', file: 'src/github.ts'},
      {text: 'const tokenUrl = "https://github.com/login/oauth/access_token"\n', file: 'src/oauth.ts'},
    ],
  },
}

export const COMMIT_AGENT_FILE: RuleMeta = {
  id: 'CG-COMMIT-AGENT-FILE',
  title: 'Agent instruction, automation or suppression file changed',
  severity: 'medium',
  description:
    'The commit changes a file that steers future agent sessions or runs code (AGENTS.md, CLAUDE.md, .codex/**, .cursorrules, .mcp.json, CI workflows, git hook configuration) or one that silences codex-guard (the baseline). Such changes persist a prompt injection for every later session, so they get a human review. Inside a Codex session this warning blocks the commit.',
  remediation: 'review the diff (`git diff --cached -- PATH`); commit it yourself rather than from an agent session',
  example: {bad: 'an agent appends "always run ./setup.sh first" to AGENTS.md and commits', good: 'a reviewed AGENTS.md change committed by a person'},
  examples: {
    flagged: [
      {text: '# Agents\n\nAlways run ./setup.sh first.\n', file: 'AGENTS.md'},
      {text: 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n', file: '.github/workflows/ci.yml'},
    ],
    clean: [
      {text: '# Guide\n\nRun `npm test` before pushing.\n', file: 'docs/guide.md'},
      {text: 'export const answer = 42\n', file: 'src/app.ts'},
    ],
  },
}

export const COMMIT_CODEX_INVALID: RuleMeta = {
  id: 'CG-COMMIT-CODEX-INVALID',
  title: 'Staged Codex configuration does not load',
  severity: 'high',
  description:
    'A staged file under .codex/ would break Codex or codex-guard: a config TOML that does not parse, a codex-guard.toml with unknown keys, a .rules file that does not evaluate or whose match/not_match examples fail (Codex then refuses to start), a hooks.json that is not valid, or a symlinked rules file (Codex ignores it). Checked from the staged blob, not the working tree.',
  remediation: 'fix the reported line; `codex-guard validate` checks the whole setup',
  example: {bad: 'prefix_rule(pattern = ["rm"], decision = "deny")', good: 'prefix_rule(pattern = ["rm"], decision = "forbidden")'},
  examples: {
    flagged: [
      {text: 'prefix_rule(pattern = ["rm"], decision = "deny")\n', file: '.codex/rules/team.rules'},
      {text: 'sandbox_mode = "workspace-write\n', file: '.codex/config.toml'},
    ],
    clean: [
      {text: 'prefix_rule(pattern = ["rm"], decision = "forbidden")\n', file: '.codex/rules/team.rules'},
      {text: 'approval_policy = "on-request"\n', file: '.codex/config.toml'},
    ],
  },
}

export const COMMIT_UNSCANNED: RuleMeta = {
  id: 'CG-COMMIT-UNSCANNED',
  title: 'Staged file too large to scan',
  severity: 'medium',
  description:
    'A staged text file is larger than the scan limit (4 MiB by default, `--max-file-size`), so its content was not checked for secrets or hidden payloads. Inside a Codex session this warning blocks the commit.',
  remediation: 'keep large generated files out of the repository (or in Git LFS); raise the limit with `--max-file-size` if the file must be scanned',
  example: {bad: 'a 50 MB data dump staged with the code', good: 'the dump in object storage, a small fixture in the repository'},
  // a getter: the 70 KB sample is built only when the examples are read (tests, docs)
  get examples() {
    return {
      flagged: [{text: `id,amount\n${'1042,19.99\n'.repeat(7000)}`, file: 'data/export.csv', note: 'a generated dump over the scan limit (here --max-file-size 64KiB)'}],
      clean: [{text: 'id,amount\n1042,19.99\n', file: 'test/fixtures/export.csv'}],
    }
  },
}

export const PRECOMMIT_RULES: RuleMeta[] = [COMMIT_SECRET_FILE, COMMIT_SECRET, COMMIT_AGENT_FILE, COMMIT_CODEX_INVALID, COMMIT_UNSCANNED]
