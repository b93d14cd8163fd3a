// What to do for each credential family (anchors.md §D.2). Order follows the incident-response
// habit: create the replacement, swap consumers, revoke the old one, verify it is dead.
import type {CredentialKind} from '../policy/types.js'

export interface RotationSteps {
  title: string
  steps: string[]
  verify: string
}

const GENERIC: RotationSteps = {
  title: 'secret',
  steps: [
    'Identify the service that issued the secret and who owns it',
    'Create a replacement secret in that service',
    'Update every consumer (local .env files, CI secrets, deployed configuration)',
    'Revoke or delete the old secret in the issuing service',
  ],
  verify: 'confirm the old value is rejected by the service',
}

export const ROTATION_STEPS: Partial<Record<CredentialKind, RotationSteps>> & {generic: RotationSteps} = {
  generic: GENERIC,
  dotenv: {
    title: '.env secrets',
    steps: [
      'List the variables in the file (names only) and the service behind each',
      'Rotate each real credential at its issuer (see the specific steps for GitHub, AWS, npm, OpenAI… below)',
      'Write the new values into the .env file and your secret manager / CI secrets',
      'Revoke the old values at each issuer',
    ],
    verify: 'start the app with the new values; confirm the old ones are rejected',
  },
  github: {
    title: 'GitHub token (PAT, fine-grained PAT or gh CLI OAuth token)',
    steps: [
      'gh CLI OAuth token (gho_): `gh auth logout` does NOT revoke it; revoke at https://github.com/settings/applications → GitHub CLI → Revoke access (revokes it on every device), then `gh auth login`',
      'Classic PAT (ghp_): https://github.com/settings/tokens → delete it → create a replacement with an expiry and minimal scopes',
      'Fine-grained PAT (github_pat_): https://github.com/settings/personal-access-tokens → revoke; SSH keys created with the token keep working, so also review https://github.com/settings/keys and deploy keys',
      'A token you cannot reach any more: POST https://api.github.com/credentials/revoke with the token (owner is notified)',
      'Update GITHUB_TOKEN/GH_TOKEN in your shell profile, .env files and CI secrets',
    ],
    verify: '`gh auth status`; review https://github.com/settings/security-log for use of the old token',
  },
  'git-credentials': {
    title: 'git credential store / netrc password',
    steps: [
      'Find the host for each stored entry (~/.git-credentials, ~/.netrc) — the password is usually a forge token',
      'Rotate that token at the forge (GitHub: see GitHub steps; GitLab: Preferences → Access Tokens → revoke)',
      'Replace the entry (`git credential reject` then log in again) or move to a credential helper backed by the OS keychain',
    ],
    verify: '`git ls-remote <url>` prompts or uses the new credential',
  },
  aws: {
    title: 'AWS access key',
    steps: [
      '`aws iam create-access-key --user-name <user>` (a user may have two keys)',
      'Update ~/.aws/credentials, environment variables and CI secrets with the new key',
      '`aws iam get-access-key-last-used --access-key-id <old>` to see whether the old key was used',
      '`aws iam update-access-key --access-key-id <old> --status Inactive`, observe, then `aws iam delete-access-key --access-key-id <old>`',
      'If exposure is likely: deactivate first and review CloudTrail; for SSO sessions run `aws sso logout`',
    ],
    verify: '`aws sts get-caller-identity` with the new key; the old key returns InvalidClientTokenId',
  },
  gcp: {
    title: 'Google Cloud credentials',
    steps: [
      'User ADC: `gcloud auth application-default revoke` and `gcloud auth revoke`, then log in again',
      'Service-account key: create a new key (`gcloud iam service-accounts keys create`), update consumers, then `gcloud iam service-accounts keys delete <old-key-id>`',
      'API key (AIza…): Console → APIs & Services → Credentials → regenerate, restrict it',
    ],
    verify: '`gcloud auth list`; check the key list shows only the new key',
  },
  azure: {
    title: 'Azure credentials',
    steps: [
      '`az logout` and `az account clear`, then `az login`',
      'Service principal secret: `az ad sp credential reset --id <app-id>`; update consumers',
      'Storage keys / SAS: regenerate the account key that signed them',
    ],
    verify: '`az account show`; old secrets fail to authenticate',
  },
  'cloud-other': GENERIC,
  npm: {
    title: 'npm token',
    steps: [
      '`npm token list --json` to get the full token id',
      '`npm token revoke <id>` (or the Access Tokens page on npmjs.com); it can take up to an hour to apply',
      'Create a granular replacement: `npm token create --name … --expires <days> --packages …`, or move publishing to OIDC trusted publishing',
      'Update ~/.npmrc, project .npmrc files and CI secrets',
    ],
    verify: '`npm whoami` with the new token; `npm token list` no longer shows the old one',
  },
  pypi: GENERIC,
  'package-registry': {
    title: 'package-registry token',
    steps: [
      'Revoke the token on the registry site (PyPI: Account settings → API tokens; crates.io: Account Settings → API Tokens; RubyGems: API keys)',
      'Create a scoped replacement',
      'Update ~/.pypirc, ~/.cargo/credentials.toml, ~/.gem/credentials and CI secrets',
    ],
    verify: 'a dry-run publish or `whoami` with the new token',
  },
  openai: {
    title: 'OpenAI API key / Codex login',
    steps: [
      'API key: https://platform.openai.com/api-keys → create a new secret key → replace it everywhere → revoke the old one (trash icon)',
      'Codex ChatGPT login (~/.codex/auth.json): `codex logout`, then log in again',
    ],
    verify: 'a request with the old key returns 401',
  },
  anthropic: {
    title: 'Anthropic API key / agent login',
    steps: [
      'https://console.anthropic.com/settings/keys → create a new key → replace it → delete the old key',
      'Agent OAuth logins (Claude, Copilot, Gemini): log out and back in to invalidate the stored token',
    ],
    verify: 'a request with the old key returns 401',
  },
  ssh: {
    title: 'SSH key',
    steps: [
      '`ssh-keygen -t ed25519 -C <you@host>` for a new key',
      'Add the new public key where the old one was trusted (`gh ssh-key add`, GitLab, servers’ authorized_keys)',
      'Remove the old public key from GitHub (https://github.com/settings/keys or `gh ssh-key delete <id>`), deploy keys and every authorized_keys file',
      '`ssh-add -D` and delete the old private key',
    ],
    verify: '`ssh -T git@github.com` works with the new key; the old one is refused',
  },
  gpg: {
    title: 'GPG key',
    steps: [
      'Generate a revocation certificate and revoke the key (`gpg --gen-revoke`, publish it)',
      'Create a new key, upload the public key to forges and keyservers',
      'Re-encrypt secrets that were encrypted to the old key',
    ],
    verify: '`gpg --list-keys` shows the old key as revoked',
  },
  kubernetes: {
    title: 'Kubernetes / container-registry credentials',
    steps: [
      'Rotate cluster credentials (cloud: re-issue via `gcloud/aws/az … get-credentials`; static tokens: delete the ServiceAccount token Secret)',
      '`docker logout <registry>` then log in with a new token; revoke the old registry token',
      'Review kube contexts in ~/.kube/config and remove unused ones',
    ],
    verify: '`kubectl auth whoami`; the old token is rejected',
  },
  docker: GENERIC,
  'password-store': {
    title: 'password store',
    steps: ['Treat every entry the session could read as exposed: rotate the high-value ones first', 'Change the master password / re-key the store'],
    verify: 'spot-check rotated entries',
  },
  'shell-history': {
    title: 'secrets in shell history',
    steps: [
      'Search your history for tokens and passwords (`grep -E "TOKEN|SECRET|PASSWORD|AKIA|ghp_" ~/.bash_history ~/.zsh_history`)',
      'Rotate every credential found at its issuer',
      'Remove those lines from the history files',
    ],
    verify: 'the history no longer contains secrets',
  },
  database: {
    title: 'database password',
    steps: ['`ALTER USER … PASSWORD …` (or the cloud console) for each user in ~/.pgpass / ~/.my.cnf', 'Update connection strings and secret stores', 'Review recent logins'],
    verify: 'the old password is rejected',
  },
  terraform: {
    title: 'Terraform / IaC secrets',
    steps: [
      'Terraform state holds outputs and provider secrets in plain text: rotate every secret output and provider credential it contains',
      'Regenerate Terraform Cloud / Pulumi tokens (`terraform login` / `pulumi logout && pulumi login`)',
      'Move state to an encrypted remote backend',
    ],
    verify: '`terraform plan` works with the new credentials',
  },
  vault: {
    title: 'Vault token / Ansible vault password',
    steps: ['`vault token revoke <token>` (or `vault token revoke -self`)', 'Change the Ansible vault password: `ansible-vault rekey`'],
    verify: '`vault token lookup` with the old token fails',
  },
  'private-key': {
    title: 'private key / certificate',
    steps: ['Generate a new key pair and certificate', 'Deploy them to every service that used the old one', 'Revoke the old certificate at the CA; remove the old key everywhere'],
    verify: 'the service presents the new certificate; the old one is on the CRL/OCSP as revoked',
  },
  'agent-session': {title: 'agent transcripts', steps: ['Review what the transcripts contain; delete old sessions you do not need (~/.codex/sessions)'], verify: 'sensitive transcripts removed'},
}

export function stepsFor(kind: CredentialKind): RotationSteps {
  return ROTATION_STEPS[kind] ?? GENERIC
}
