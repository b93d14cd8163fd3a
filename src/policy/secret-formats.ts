// Provider tokens that secretlint's recommended preset has no rule for, checked through
// secretlint's own pattern rule (@secretlint/secretlint-rule-pattern) alongside the preset, and
// whose shapes the redactor masks in every output (src/report/redact.ts).
// Each has a distinctive prefix or shape (the formats gitleaks and the providers document),
// so a match is a credential, not a guess; generic "KEY=long string" heuristics are left out on
// purpose: a commit hook that cries wolf gets bypassed.

export interface SecretPattern {
  /** Becomes the finding's messageId (the pattern rule reports it as PATTERN_NAME). */
  id: string
  label: string
  /** Regular expression source, without flags. */
  pattern: string
  /** Literal-ish text every match contains: feeds the keyword prefilters (regex source). */
  keyword: string
  /** A fake but well-formed example (tests, the seeded corpus); split in the source so no scanner flags this file. */
  example: string
  /** A realistic near miss the pattern must not match (test/unit/rule-examples.test.ts checks both). */
  clean: string
}

export const EXTRA_SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    id: 'STRIPE_SECRET_KEY',
    label: 'Stripe secret or restricted key',
    pattern: String.raw`\b[sr]k_(?:live|test)_[0-9a-zA-Z]{20,99}\b`,
    keyword: '[sr]k_(?:live|test)_',
    example: `sk_${'live'}_51HqLm2KZx8v9QwErTyUiOpAsDfGh`,
    clean: `const publishable = "pk_${'live'}_51HqLm2KZx8v9QwErTyUiOpAsDfGh"`,
  },
  {
    id: 'GOOGLE_API_KEY',
    label: 'Google API key',
    pattern: String.raw`\bAIza[0-9A-Za-z_-]{35}`,
    keyword: 'AIza',
    example: `AI${'za'}SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q`,
    clean: 'const mapsKey = "AIzaTooShort123"',
  },
  {
    id: 'GITLAB_TOKEN',
    label: 'GitLab token',
    pattern: String.raw`\bgl(?:pat|ptt|dt|rt|soat|ffct)-[0-9A-Za-z_-]{20,}`,
    keyword: 'gl(?:pat|ptt|dt|rt|soat|ffct)-',
    example: `gl${'pat'}-Ab12Cd34Ef56Gh78Ij90`,
    clean: 'GITLAB_TOKEN=glpat-xxxx  # set in CI',
  },
  {
    id: 'HUGGINGFACE_TOKEN',
    label: 'Hugging Face token',
    pattern: String.raw`\bhf_[A-Za-z0-9]{34,40}\b`,
    keyword: 'hf_',
    example: `h${'f'}_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789`,
    clean: 'model = "hf_internal_testing/tiny-random-bert"',
  },
  {
    id: 'TWILIO_API_KEY',
    label: 'Twilio API key',
    pattern: String.raw`\bSK[0-9a-f]{32}\b`,
    keyword: 'SK[0-9a-f]{32}',
    example: `S${'K'}0123456789abcdef0123456789abcdef`,
    clean: `account_sid = "A${'C'}0123456789abcdef0123456789abcdef"`,
  },
  {
    id: 'DIGITALOCEAN_TOKEN',
    label: 'DigitalOcean token',
    pattern: String.raw`\bdo[opr]_v1_[a-f0-9]{64}\b`,
    keyword: 'do[opr]_v1_',
    example: `do${'p'}_v1_${'0123456789abcdef'.repeat(4)}`,
    clean: 'DIGITALOCEAN_TOKEN=dop_v1_your_token_here',
  },
  {
    id: 'PYPI_TOKEN',
    label: 'PyPI upload token',
    pattern: String.raw`\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}`,
    keyword: 'pypi-AgEIcHlwaS5vcmc',
    example: `py${'pi'}-AgEIcHlwaS5vcmc${'AbCdEfGhIj'.repeat(6)}`,
    clean: 'password = pypi-<your API token>',
  },
  {
    id: 'TELEGRAM_BOT_TOKEN',
    label: 'Telegram bot token',
    pattern: String.raw`\b\d{8,10}:AA[0-9A-Za-z_-]{33}\b`,
    keyword: ':AA',
    example: `123456789:A${'A'}HdqTcvCH1vGWJxfSeofSAs0K5PALDsawq`,
    clean: 'const ratio = "16:9"',
  },
  {
    id: 'DATABRICKS_TOKEN',
    label: 'Databricks token',
    pattern: String.raw`\bdapi[a-f0-9]{32}(?:-\d)?\b`,
    keyword: 'dapi',
    example: `da${'pi'}0123456789abcdef0123456789abcdef`,
    clean: 'const api = "dapinotahex0123456789abcdef012345"',
  },
  {
    id: 'SQUARE_TOKEN',
    label: 'Square access token',
    pattern: String.raw`\b(?:sq0atp-[0-9A-Za-z_-]{22}|sq0csp-[0-9A-Za-z_-]{43}|EAAA[0-9A-Za-z_-]{60})\b`,
    keyword: 'sq0atp-|sq0csp-|EAAA',
    example: `sq0${'atp'}-AbCdEfGhIjKlMnOpQrStUv`,
    clean: 'SQUARE_ACCESS_TOKEN=sq0atp-REPLACE_ME',
  },
  {
    id: 'NEWRELIC_KEY',
    label: 'New Relic API key',
    pattern: String.raw`\bNRAK-[A-Z0-9]{27}\b`,
    keyword: 'NRAK-',
    example: `NR${'AK'}-ABCDEFGHIJKLMNOPQRSTUVWXYZ0`,
    clean: 'NEW_RELIC_API_KEY=NRAK-XXXXXXXX',
  },
  {
    id: 'GRAFANA_TOKEN',
    label: 'Grafana token',
    pattern: String.raw`\b(?:glc_[A-Za-z0-9+/]{32,}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})`,
    keyword: 'glc_|glsa_',
    example: `gl${'sa'}_${'AbCdEfGh'.repeat(4)}_0a1b2c3d`,
    clean: 'GRAFANA_TOKEN=glsa_changeme',
  },
  {
    id: 'SUPABASE_TOKEN',
    label: 'Supabase access token',
    pattern: String.raw`\bsbp_[a-f0-9]{40}\b`,
    keyword: 'sbp_',
    example: `sb${'p'}_${'0123456789'.repeat(4)}`,
    clean: 'SUPABASE_ACCESS_TOKEN=sbp_...',
  },
  {
    id: 'VAULT_TOKEN',
    label: 'HashiCorp Vault token',
    pattern: String.raw`\bhv[sb]\.[A-Za-z0-9_-]{90,}`,
    keyword: String.raw`hv[sb]\.`,
    example: `hv${'s'}.${'CAESIAbCdEfGhIj'.repeat(7)}`,
    clean: 'VAULT_TOKEN=hvs.dev-only',
  },
  {
    id: 'DOPPLER_TOKEN',
    label: 'Doppler token',
    pattern: String.raw`\bdp\.(?:pt|st|sa|ct|scim)\.[A-Za-z0-9]{40,44}\b`,
    keyword: String.raw`dp\.(?:pt|st|sa|ct|scim)\.`,
    example: `dp.${'pt'}.${'AbCdEfGhIj'.repeat(4)}AbC`,
    clean: 'DOPPLER_TOKEN=dp.pt.xxxx',
  },
]
