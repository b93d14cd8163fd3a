// The secret-detection rules, as data: one table for every consumer (pre-commit, the hook's
// output check, content-aware coverage, rotation, redaction). The engine that runs it is
// policy/secret-engine.ts. Regexes are written from the providers' documented token formats
// (the provider list follows gitleaks' default set); every rule carries true and false examples
// that test/unit/rule-examples.test.ts runs.
//
// Examples are generated from pieces when read (a seeded generator, a prefix split in the
// source), so no scanner, this repository's own pre-commit check included, flags this file.

export type SecretMatcher = 'regex' | 'assignment' | 'private-key'

export interface SecretRule {
  /** Becomes the finding's messageId (SCREAMING_SNAKE, stable: baselines and inline ignores use it). */
  id: string
  /** Provider or family, for reports and the evaluation tables. */
  family: string
  label: string
  /** How the engine runs the rule; 'regex' (the default) needs `pattern`. */
  matcher?: SecretMatcher
  /** Regular expression source, without flags; must be linear (no nested unbounded quantifiers). */
  pattern?: string
  /** Case-insensitive matching. */
  ignoreCase?: boolean
  /** Lowercase literals, one of which every match contains: the prefilter (a rule runs only when one occurs). */
  keywords: string[]
  /** Capture group holding the secret (default: the whole match). */
  secretGroup?: number
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number
  /** Regex source: secrets it matches are not findings (documented sample values, public parts). */
  allow?: string
  /** Skip the placeholder filter (formats whose real values contain long runs, e.g. Twitter's AAAA…). */
  keepPlaceholders?: boolean
  /** Built on access (a getter in the table): the hook loads this table and never reads them. */
  readonly examples: {flagged: string[]; clean: string[]}
}

// ---- example generation ----------------------------------------------------------------------

const LOWER = 'abcdefghijklmnopqrstuvwxyz'
const UPPER = LOWER.toUpperCase()
const DIGITS = '0123456789'
export const ALPHABETS = {
  alnum: UPPER + LOWER + DIGITS,
  hex: `${DIGITS}abcdef`,
  upperAlnum: UPPER + DIGITS,
  lowerAlnum: LOWER + DIGITS,
  base32: `${UPPER}234567`,
  base32lower: `${LOWER}234567`,
  base64: `${UPPER + LOWER + DIGITS}+/`,
  url: `${UPPER + LOWER + DIGITS}_-`,
  letters: UPPER + LOWER,
  bech32: 'qpzry9x8gf2tvdw0s3jn54khce6mua7l',
} as const

/** A deterministic random string (FNV seed from the alphabet and a salt): realistic entropy, nothing stored. */
export function sample(alphabet: string, length: number, salt = ''): string {
  let state = 2166136261
  for (const char of `${alphabet}${length}${salt}`) state = Math.imul(state ^ char.charCodeAt(0), 16777619) >>> 0
  let out = ''
  for (let index = 0; index < length; index++) {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    out += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length]
  }
  return out
}

const {alnum, hex, upperAlnum, lowerAlnum, base32, base32lower, base64, url, letters, bech32} = ALPHABETS
const s = sample
/** Joins pieces: the prefix never appears whole in this file. */
const j = (...pieces: string[]) => pieces.join('')

// ---- helpers for the common shape: a literal prefix and a body of one alphabet ------------------

interface TokenSpec {
  id: string
  family: string
  label: string
  /** Regex source of the prefix (already escaped). */
  prefix: string
  /** The prefix as a literal, split in two so the source holds no whole token prefix. */
  literal: [string, string]
  /** Regex character class of the body, e.g. '[A-Za-z0-9]'. */
  body: string
  /** Body length: exact or [min, max] (max undefined: unbounded). */
  length: number | [number, number?]
  /** Alphabet for the generated example body. */
  alphabet: string
  /** Regex source after the body (e.g. a fixed suffix). */
  suffix?: string
  suffixLiteral?: string
  ignoreCase?: boolean
  entropy?: number
  extraFlagged?: string[]
  extraClean?: string[]
}

function token(spec: TokenSpec): SecretRule {
  const [min, max] = typeof spec.length === 'number' ? [spec.length, spec.length] : spec.length
  const count = min === max ? `{${min}}` : `{${min},${max ?? ''}}`
  const startsWord = /^[A-Za-z0-9_]/.test(spec.literal[0])
  const lead = startsWord ? '(?<![A-Za-z0-9_])' : ''
  const pattern = `${lead}${spec.prefix}${spec.body}${count}${spec.suffix ?? ''}(?![A-Za-z0-9_])`
  const literal = spec.literal.join('')
  const exampleLength = max === undefined ? min + 8 : Math.min(max, min + 40)
  return {
    id: spec.id,
    family: spec.family,
    label: spec.label,
    pattern,
    ignoreCase: spec.ignoreCase,
    keywords: [literal.toLowerCase().replace(/[^a-z0-9_.+~-]+$/, '')].filter((keyword) => keyword.length >= 2),
    entropy: spec.entropy,
    get examples() {
      const flagged = j(literal, s(spec.alphabet, exampleLength, spec.id), spec.suffixLiteral ?? '')
      return {
        flagged: [`TOKEN = "${flagged}"`, ...(spec.extraFlagged ?? [])],
        clean: [`TOKEN = "${literal}${'x'.repeat(exampleLength)}${spec.suffixLiteral ?? ''}"`, `token: ${literal}<your-token>`, ...(spec.extraClean ?? [])],
      }
    },
  }
}

/** A provider whose key has no prefix: the secret must follow the provider's name in an assignment. */
function contextual(spec: {id: string; family: string; label: string; names: string[]; body: string; alphabet: string; length: number; entropy?: number}): SecretRule {
  const names = spec.names.join('|')
  // name, up to 30 identifier characters, an operator, then the value (quoted or not)
  const pattern = String.raw`(?:${names})[A-Za-z0-9_.-]{0,30}["']?[ \t]{0,4}(?::=|=>|[:=])[ \t]{0,4}["'\x60]?(${spec.body}{${spec.length}})(?![A-Za-z0-9_+/=-])`
  return {
    id: spec.id,
    family: spec.family,
    label: spec.label,
    pattern,
    ignoreCase: true,
    keywords: spec.names.map((name) => name.toLowerCase().replace(/[^a-z0-9_]/g, '')),
    secretGroup: 1,
    entropy: spec.entropy ?? 3,
    get examples() {
      const value = s(spec.alphabet, spec.length, spec.id)
      return {
        flagged: [`${spec.names[0]!.toUpperCase()}_KEY = "${value}"`],
        clean: [`${spec.names[0]!.toUpperCase()}_KEY = "${'0'.repeat(spec.length)}"`, `${spec.names[0]}_region = "${'x'.repeat(spec.length)}"`],
      }
    },
  }
}

// ---- structural examples (private keys, PuTTY, age, WireGuard) ---------------------------------

const PEM_DASHES = '-----'
const pemLines = (salt: string, lines: number) => Array.from({length: lines}, (_, index) => s(base64, 64, `${salt}${index}`))
const pemBlock = (label: string, lines: number, salt = label) => [`${PEM_DASHES}BEGIN ${label}${PEM_DASHES}`, ...pemLines(salt, lines), `${PEM_DASHES}END ${label}${PEM_DASHES}`].join('\n')
const PRIVATE = j('PRIV', 'ATE KEY')
/** `${…}` in an example (a variable reference), without a template placeholder in the source. */
const DOLLAR = '$'

export const SECRET_RULES: readonly SecretRule[] = [
  // ---- private keys by structure --------------------------------------------------------------
  {
    id: 'PRIVATE_KEY',
    family: 'private-key',
    label: 'private key (PEM / OpenSSH / PGP block)',
    matcher: 'private-key',
    // header of any PRIVATE KEY family, then (after optional RFC 1421 headers and blank lines, raw
    // or \n-escaped) a base64 body line: the header alone, in code that handles PEM, is no key
    pattern: String.raw`-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----[ \t]*(?:(?:\r?\n|(?:\\r)?\\n|\\\\n)(?:[ \t"',]*(?:[A-Za-z][A-Za-z0-9-]{1,30}:[^\r\n\\]{0,200})?[ \t]*(?:\r?\n|(?:\\r)?\\n|\\\\n)){0,8}|[ \t]+)[ \t"',>|-]*[A-Za-z0-9+/=]{40,}`,
    keywords: ['private key'],
    keepPlaceholders: true,
    get examples() {
      return {
        flagged: [
          pemBlock(j('RSA ', PRIVATE), 6),
          pemBlock(j('EC ', PRIVATE), 3),
          pemBlock(PRIVATE, 3),
          pemBlock(j('ENCRYPTED ', PRIVATE), 4),
          pemBlock(j('OPENSSH ', PRIVATE), 5),
          // truncated: header and one body line, no END
          `${PEM_DASHES}BEGIN ${j('OPENSSH ', PRIVATE)}${PEM_DASHES}\n${s(base64, 70, 'trunc')}`,
          // JSON-escaped, as in a service-account file
          `{"private_key": "${PEM_DASHES}BEGIN ${PRIVATE}${PEM_DASHES}\\n${pemLines('json', 3).join('\\n')}\\n${PEM_DASHES}END ${PRIVATE}${PEM_DASHES}\\n"}`,
          // encrypted PEM with RFC 1421 headers
          `${PEM_DASHES}BEGIN ${j('RSA ', PRIVATE)}${PEM_DASHES}\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${s(hex, 32, 'dek').toUpperCase()}\n\n${pemLines('enc', 3).join('\n')}`,
          // PGP armour: headers, a blank line, the body
          `${PEM_DASHES}BEGIN PGP ${PRIVATE} BLOCK${PEM_DASHES}\nVersion: GnuPG v2\n\n${pemLines('pgp', 3).join('\n')}`,
          // YAML block scalar
          `tls:\n  key: |\n    ${PEM_DASHES}BEGIN ${j('EC ', PRIVATE)}${PEM_DASHES}\n    ${pemLines('yaml', 2).join('\n    ')}`,
        ],
        clean: [
          pemBlock('CERTIFICATE', 6),
          pemBlock('PUBLIC KEY', 3),
          pemBlock(j('RSA PUBLIC', ' KEY'), 3),
          `if (pem.startsWith('${PEM_DASHES}BEGIN ${PRIVATE}${PEM_DASHES}')) return parse(pem)`,
          `const header = "${PEM_DASHES}BEGIN ${j('RSA ', PRIVATE)}${PEM_DASHES}\\n" + body`,
          `${PEM_DASHES}BEGIN ${PRIVATE}${PEM_DASHES}\n...\n${PEM_DASHES}END ${PRIVATE}${PEM_DASHES}`,
          `${PEM_DASHES}BEGIN ${PRIVATE}${PEM_DASHES}\n<your key here>\n${PEM_DASHES}END ${PRIVATE}${PEM_DASHES}`,
        ],
      }
    },
  },
  {
    id: 'PUTTY_PRIVATE_KEY',
    family: 'private-key',
    label: 'PuTTY private key (.ppk)',
    matcher: 'private-key',
    pattern: String.raw`PuTTY-User-Key-File-[1-3]:[ \t]*[A-Za-z0-9@.-]{3,40}[ \t]*(?:\r?\n|(?:\\r)?\\n)[ \t]*Encryption:`,
    keywords: ['putty-user-key-file-'],
    keepPlaceholders: true,
    get examples() {
      return {
        flagged: [
          `PuTTY-User-Key-File-3: ssh-ed25519\n${'Encryption'}: none\nComment: deploy\nPublic-Lines: 2\n${s(base64, 64, 'pp1')}\n${s(base64, 20, 'pp2')}\nPrivate-Lines: 1\n${s(base64, 44, 'pp3')}\nPrivate-MAC: ${s(hex, 64, 'pp4')}`,
        ],
        clean: [
          'if (line.startsWith("PuTTY-User-Key-File-")) version = line.split(":")[0]',
          `---- BEGIN SSH2 PUBLIC KEY ----\nComment: "rsa-key"\n${s(base64, 64, 'ssh2')}\n---- END SSH2 PUBLIC KEY ----`,
        ],
      }
    },
  },
  {
    id: 'AGE_SECRET_KEY',
    family: 'private-key',
    label: 'age secret key',
    pattern: '(?<![A-Za-z0-9])AGE-(?:SECRET-KEY|PLUGIN-[A-Z0-9]{1,30}-)-?1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58,}',
    keywords: ['age-secret-key-1', 'age-plugin-'],
    get examples() {
      return {
        flagged: [`# created: 2024-01-01\n# public key: age1${s(bech32, 58, 'agepub')}\n${j('AGE-SECRET', '-KEY-1')}${s(bech32, 58, 'age').toUpperCase()}`],
        clean: [`recipient = "age1${s(bech32, 58, 'agepub')}"`, `${j('AGE-SECRET', '-KEY-1')}XXXXXXXX`],
      }
    },
  },
  {
    id: 'WIREGUARD_PRIVATE_KEY',
    family: 'private-key',
    label: 'WireGuard private key',
    pattern: String.raw`(?:PrivateKey|private_key|privatekey)["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9+/]{42}[AEIMQUYcgkosw480]=)`,
    keywords: ['privatekey', 'private_key'],
    secretGroup: 1,
    entropy: 3,
    get examples() {
      return {
        flagged: [`[Interface]\nAddress = 10.0.0.2/32\nPrivateKey = ${s(base64, 42, 'wg')}A=\n\n[Peer]\nPublicKey = ${s(base64, 42, 'wgpub')}E=`],
        clean: [`[Peer]\nPublicKey = ${s(base64, 42, 'wgpub')}E=`, 'PrivateKey = <generated by wg genkey>'],
      }
    },
  },

  // ---- AI providers ---------------------------------------------------------------------------
  {
    id: 'OPENAI_API_KEY',
    family: 'openai',
    label: 'OpenAI API key',
    pattern: '(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin|None)-)?(?:[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}|[A-Za-z0-9]{48})(?![A-Za-z0-9_-])',
    keywords: ['sk-'],
    get examples() {
      return {
        flagged: [
          `OPENAI_API_KEY=${j('sk-', 'proj-')}${s(url, 74, 'oa1')}${j('T3Blbk', 'FJ')}${s(url, 74, 'oa2')}`,
          `openai.api_key = "${j('sk', '-')}${s(alnum, 20, 'oa3')}${j('T3Blbk', 'FJ')}${s(alnum, 20, 'oa4')}"`,
          `key: ${j('sk', '-')}${s(alnum, 48, 'oa5')}`,
        ],
        clean: [`OPENAI_API_KEY=${j('sk', '-')}...`, `OPENAI_API_KEY=${j('sk-', 'proj-')}${'x'.repeat(40)}`],
      }
    },
  },
  {
    id: 'ANTHROPIC_API_KEY',
    family: 'anthropic',
    label: 'Anthropic API key',
    pattern: String.raw`(?<![A-Za-z0-9_-])sk-ant-api\d{2}-[A-Za-z0-9_-]{80,120}(?![A-Za-z0-9_-])`,
    keywords: ['sk-ant-api'],
    get examples() {
      return {flagged: [`ANTHROPIC_API_KEY=${j('sk-ant', '-api03-')}${s(url, 93, 'an')}AA`], clean: [`ANTHROPIC_API_KEY=${j('sk-ant', '-api03-')}...`]}
    },
  },
  {
    id: 'ANTHROPIC_ADMIN_KEY',
    family: 'anthropic',
    label: 'Anthropic admin API key',
    pattern: String.raw`(?<![A-Za-z0-9_-])sk-ant-admin\d{2}-[A-Za-z0-9_-]{80,120}(?![A-Za-z0-9_-])`,
    keywords: ['sk-ant-admin'],
    get examples() {
      return {flagged: [`admin_key = "${j('sk-ant', '-admin01-')}${s(url, 93, 'anad')}AA"`], clean: [`admin_key = "${j('sk-ant', '-admin01-')}${'X'.repeat(95)}"`]}
    },
  },
  {
    id: 'ANTHROPIC_OAUTH_TOKEN',
    family: 'anthropic',
    label: 'Anthropic OAuth token (Claude)',
    pattern: String.raw`(?<![A-Za-z0-9_-])sk-ant-(?:oat|ort|sid)\d{2}-[A-Za-z0-9_-]{40,200}(?![A-Za-z0-9_-])`,
    keywords: ['sk-ant-oat', 'sk-ant-ort', 'sk-ant-sid'],
    get examples() {
      return {
        flagged: [`CLAUDE_CODE_OAUTH_TOKEN=${j('sk-ant', '-oat01-')}${s(url, 93, 'anoa')}AA`, `"refreshToken": "${j('sk-ant', '-ort01-')}${s(url, 93, 'anor')}AA"`],
        clean: [`CLAUDE_CODE_OAUTH_TOKEN=${j('sk-ant', '-oat01-')}<token>`],
      }
    },
  },
  token({id: 'OPENROUTER_API_KEY', family: 'openrouter', label: 'OpenRouter API key', prefix: 'sk-or-v1-', literal: ['sk-or', '-v1-'], body: '[a-f0-9]', length: 64, alphabet: hex}),
  token({id: 'GROQ_API_KEY', family: 'groq', label: 'Groq API key', prefix: 'gsk_', literal: ['gs', 'k_'], body: '[A-Za-z0-9]', length: 52, alphabet: alnum}),
  token({id: 'XAI_API_KEY', family: 'xai', label: 'xAI API key', prefix: 'xai-', literal: ['xa', 'i-'], body: '[A-Za-z0-9]', length: 80, alphabet: alnum}),
  token({id: 'PERPLEXITY_API_KEY', family: 'perplexity', label: 'Perplexity API key', prefix: 'pplx-', literal: ['pp', 'lx-'], body: '[A-Za-z0-9]', length: 48, alphabet: alnum}),
  token({id: 'REPLICATE_API_TOKEN', family: 'replicate', label: 'Replicate API token', prefix: 'r8_', literal: ['r8', '_'], body: '[A-Za-z0-9]', length: 37, alphabet: alnum}),
  token({
    id: 'HUGGINGFACE_TOKEN',
    family: 'huggingface',
    label: 'Hugging Face token',
    prefix: '(?:hf_|api_org_)',
    literal: ['h', 'f_'],
    body: '[A-Za-z0-9]',
    length: [34, 40],
    alphabet: letters,
    extraClean: ['model = "hf_internal_testing/tiny-random-bert"'],
  }),
  token({
    id: 'LANGSMITH_API_KEY',
    family: 'langchain',
    label: 'LangSmith API key',
    prefix: 'lsv2_(?:pt|sk)_',
    literal: ['lsv2', '_pt_'],
    body: '[a-f0-9]',
    length: 32,
    alphabet: hex,
    suffix: '_[a-f0-9]{10}',
    suffixLiteral: `_${s(hex, 10, 'ls')}`,
  }),
  token({id: 'PINECONE_API_KEY', family: 'pinecone', label: 'Pinecone API key', prefix: 'pcsk_', literal: ['pcs', 'k_'], body: '[A-Za-z0-9_]', length: [50, 120], alphabet: alnum}),

  // ---- source hosting and package registries ----------------------------------------------------
  token({id: 'GITHUB_PAT', family: 'github', label: 'GitHub token (classic personal access token)', prefix: 'ghp_', literal: ['gh', 'p_'], body: '[A-Za-z0-9]', length: [36, 255], alphabet: alnum}),
  token({id: 'GITHUB_OAUTH_TOKEN', family: 'github', label: 'GitHub OAuth token', prefix: 'gho_', literal: ['gh', 'o_'], body: '[A-Za-z0-9]', length: [36, 255], alphabet: alnum}),
  token({id: 'GITHUB_APP_TOKEN', family: 'github', label: 'GitHub app token', prefix: '(?:ghu|ghs)_', literal: ['gh', 's_'], body: '[A-Za-z0-9]', length: [36, 255], alphabet: alnum}),
  token({id: 'GITHUB_REFRESH_TOKEN', family: 'github', label: 'GitHub refresh token', prefix: 'ghr_', literal: ['gh', 'r_'], body: '[A-Za-z0-9]', length: [36, 76], alphabet: alnum}),
  token({
    id: 'GITHUB_FINE_GRAINED_PAT',
    family: 'github',
    label: 'GitHub fine-grained token',
    prefix: 'github_pat_',
    literal: ['github', '_pat_'],
    body: '[A-Za-z0-9_]',
    length: [82, 90],
    alphabet: alnum,
  }),
  {
    id: 'GITLAB_TOKEN',
    family: 'gitlab',
    label: 'GitLab token',
    // personal/project/group, deploy, runner, feed, SCIM, feature-flag, CI job, agent, OAuth app
    // secret, incoming mail, pipeline trigger; routable tokens append ".01.xxxxxxxxx"
    pattern: String.raw`(?<![A-Za-z0-9_])gl(?:pat|dt|rt|ft|soat|ffct|cbt|agent|oas|imt|ptt)-[A-Za-z0-9_-]{20,300}(?:\.[A-Za-z0-9]{2}\.[a-z0-9]{9})?(?![A-Za-z0-9_-])`,
    keywords: ['glpat-', 'gldt-', 'glrt-', 'glft-', 'glsoat-', 'glffct-', 'glcbt-', 'glagent-', 'gloas-', 'glimt-', 'glptt-'],
    get examples() {
      return {
        flagged: [
          `GITLAB_TOKEN=${j('glp', 'at-')}${s(url, 20, 'gl1')}`,
          `CI_JOB_TOKEN: ${j('glc', 'bt-')}64_${s(url, 20, 'gl2')}`,
          `feed: ${j('gl', 'ft-')}${s(url, 20, 'gl3')}`,
          `runner_token = "${j('gl', 'rt-')}${s(url, 20, 'gl4')}"`,
          `client_secret: ${j('glo', 'as-')}${s(url, 64, 'gl5')}`,
          `agent: ${j('glag', 'ent-')}${s(url, 50, 'gl6')}`,
          `trigger: ${j('glp', 'tt-')}${s(hex, 40, 'gl7')}`,
        ],
        clean: ['GITLAB_TOKEN=glpat-xxxx  # set in CI', `GITLAB_TOKEN=${j('glp', 'at-')}${'x'.repeat(20)}`],
      }
    },
  },
  token({
    id: 'GITLAB_RUNNER_REGISTRATION',
    family: 'gitlab',
    label: 'GitLab runner registration token',
    prefix: 'GR1348941',
    literal: ['GR134', '8941'],
    body: '[A-Za-z0-9_-]',
    length: 20,
    alphabet: url,
  }),
  token({id: 'BITBUCKET_APP_PASSWORD', family: 'bitbucket', label: 'Atlassian / Bitbucket app password', prefix: 'ATBB', literal: ['AT', 'BB'], body: '[A-Za-z0-9_=.-]', length: 32, alphabet: alnum}),
  token({id: 'ATLASSIAN_API_TOKEN', family: 'atlassian', label: 'Atlassian API token', prefix: 'AT(?:ATT|CTT)3', literal: ['ATA', 'TT3'], body: '[A-Za-z0-9_=-]', length: [180, 200], alphabet: url}),
  token({id: 'NPM_TOKEN', family: 'npm', label: 'npm access token', prefix: 'npm_', literal: ['np', 'm_'], body: '[A-Za-z0-9]', length: 36, alphabet: alnum}),
  token({id: 'PYPI_TOKEN', family: 'pypi', label: 'PyPI upload token', prefix: 'pypi-AgEIcHlwaS5vcmc', literal: ['pypi-AgEI', 'cHlwaS5vcmc'], body: '[A-Za-z0-9_-]', length: [50, 300], alphabet: url}),
  token({id: 'RUBYGEMS_API_KEY', family: 'rubygems', label: 'RubyGems API key', prefix: 'rubygems_', literal: ['rubyge', 'ms_'], body: '[a-f0-9]', length: 48, alphabet: hex}),
  token({id: 'NUGET_API_KEY', family: 'nuget', label: 'NuGet API key', prefix: 'oy2', literal: ['oy', '2'], body: '[a-z0-9]', length: 43, alphabet: lowerAlnum}),
  token({id: 'DOCKERHUB_PAT', family: 'docker', label: 'Docker Hub access token', prefix: 'dckr_(?:pat|oat)_', literal: ['dckr', '_pat_'], body: '[A-Za-z0-9_-]', length: [27, 40], alphabet: url}),
  token({id: 'CLOJARS_TOKEN', family: 'clojars', label: 'Clojars deploy token', prefix: 'CLOJARS_', literal: ['CLOJ', 'ARS_'], body: '[a-z0-9]', length: 60, alphabet: lowerAlnum}),
  token({id: 'ARTIFACTORY_API_KEY', family: 'jfrog', label: 'JFrog Artifactory API key', prefix: 'AKCp', literal: ['AK', 'Cp'], body: '[A-Za-z0-9]', length: 69, alphabet: alnum}),
  token({id: 'ARTIFACTORY_REFERENCE_TOKEN', family: 'jfrog', label: 'JFrog reference token', prefix: 'cmVmdGtu', literal: ['cmVm', 'dGtu'], body: '[A-Za-z0-9]', length: 56, alphabet: alnum}),

  // ---- cloud --------------------------------------------------------------------------------------
  {
    id: 'AWS_ACCESS_KEY_ID',
    family: 'aws',
    label: 'AWS access key ID',
    pattern: '(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}(?![A-Za-z0-9])',
    keywords: ['akia', 'asia', 'a3t', 'abia', 'acca', 'agpa', 'aida', 'aroa', 'aipa', 'anpa', 'anva', 'apka'],
    entropy: 3,
    get examples() {
      return {
        flagged: [`aws_access_key_id = ${j('AK', 'IA')}${s(base32, 16, 'awsid')}`, `"AccessKeyId": "${j('AS', 'IA')}${s(base32, 16, 'awsid2')}"`],
        clean: [`aws_access_key_id = ${j('AK', 'IA')}${'X'.repeat(16)}`, `aws_access_key_id = ${j('AKIAIOSF', 'ODNN7EXAMPLE')}`],
      }
    },
  },
  {
    id: 'AWS_SECRET_ACCESS_KEY',
    family: 'aws',
    label: 'AWS secret access key',
    pattern: String.raw`(?:aws|AWS|Aws)[A-Za-z0-9_.-]{0,30}(?:secret|SECRET|Secret)[A-Za-z0-9_.-]{0,30}["']?[ \t]{0,4}(?::=|=>|[:=])[ \t]{0,4}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
    keywords: ['secret'],
    secretGroup: 1,
    entropy: 3.5,
    get examples() {
      return {
        flagged: [`aws_secret_access_key = ${s(base64, 40, 'awssk')}`, `AWS_SECRET_ACCESS_KEY: "${s(base64, 40, 'awssk2')}"`],
        clean: [`aws_secret_access_key = ${'X'.repeat(40)}`, `aws_secret_access_key = ${j('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY')}`],
      }
    },
  },
  {
    id: 'AWS_BEDROCK_API_KEY',
    family: 'aws',
    label: 'Amazon Bedrock API key',
    pattern: String.raw`(?<![A-Za-z0-9])(?:ABSK[A-Za-z0-9+/]{109,269}={0,2}|bedrock-api-key-[A-Za-z0-9+/]{40,3000}={0,2}(?:&Version=\d+)?)`,
    keywords: ['absk', 'bedrock-api-key-'],
    get examples() {
      return {
        flagged: [
          `AWS_BEARER_TOKEN_BEDROCK=${j('AB', 'SK')}${s(base64, 132, 'bedrock')}`,
          `AWS_BEARER_TOKEN_BEDROCK=${j('bedrock-api', '-key-')}YmVkcm9jay5hbWF6b25hd3MuY29t${s(base64, 300, 'bedrock2')}`,
        ],
        clean: [`AWS_BEARER_TOKEN_BEDROCK=${j('AB', 'SK')}<your-key>`],
      }
    },
  },
  token({
    id: 'GOOGLE_API_KEY',
    family: 'gcp',
    label: 'Google API key',
    prefix: 'AIza',
    literal: ['AI', 'za'],
    body: '[A-Za-z0-9_-]',
    length: 35,
    alphabet: url,
    extraClean: ['const mapsKey = "AIzaTooShort123"'],
  }),
  token({id: 'GCP_OAUTH_CLIENT_SECRET', family: 'gcp', label: 'Google OAuth client secret', prefix: 'GOCSPX-', literal: ['GOC', 'SPX-'], body: '[A-Za-z0-9_-]', length: 28, alphabet: url}),
  token({id: 'GOOGLE_OAUTH_ACCESS_TOKEN', family: 'gcp', label: 'Google OAuth access token', prefix: 'ya29\\.', literal: ['ya', '29.'], body: '[A-Za-z0-9_-]', length: [40, 2048], alphabet: url}),
  {
    id: 'AZURE_AD_CLIENT_SECRET',
    family: 'azure',
    label: 'Microsoft Entra ID (Azure AD) client secret',
    pattern: String.raw`(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`,
    keywords: ['q~'],
    entropy: 3,
    get examples() {
      return {
        flagged: [`AZURE_CLIENT_SECRET=${s(alnum, 3, 'az1')}8Q~${s(url, 34, 'az2')}`, `"clientSecret": "${s(alnum, 3, 'az3')}7Q~${s(alnum, 31, 'az4')}"`],
        clean: [`AZURE_CLIENT_SECRET=abc8Q~${'x'.repeat(34)}`, 'const q = "Q~"'],
      }
    },
  },
  {
    id: 'AZURE_STORAGE_KEY',
    family: 'azure',
    label: 'Azure storage / Cosmos DB account key',
    pattern: String.raw`(?:AccountKey|accountkey|ACCOUNT_KEY|account_key|AccountKey")[ \t]*[=:][ \t]*["']?([A-Za-z0-9+/]{86}==)`,
    keywords: ['accountkey', 'account_key'],
    secretGroup: 1,
    entropy: 4,
    get examples() {
      return {
        flagged: [
          `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=prodstore;AccountKey=${s(base64, 86, 'azsk')}==;EndpointSuffix=core.windows.net"`,
          `"CosmosDb": "AccountEndpoint=https://prod.documents.azure.com:443/;AccountKey=${s(base64, 86, 'azcos')}==;"`,
        ],
        clean: [`AccountKey=${'A'.repeat(86)}==`, 'UseDevelopmentStorage=true'],
      }
    },
  },
  {
    id: 'AZURE_SHARED_ACCESS_KEY',
    family: 'azure',
    label: 'Azure Service Bus / Event Hubs / IoT Hub / SignalR access key',
    pattern: String.raw`(?:SharedAccessKey|AccessKey|accesskey|Secret)[ \t]*=[ \t]*([A-Za-z0-9+/]{40,86}={0,2})(?=[;"'\s]|$)`,
    keywords: ['sharedaccesskey', 'accesskey=', 'secret='],
    secretGroup: 1,
    entropy: 3.8,
    get examples() {
      return {
        flagged: [
          `SERVICEBUS="Endpoint=sb://prod.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${s(base64, 43, 'azsb')}="`,
          `"SignalR": "Endpoint=https://prod.service.signalr.net;AccessKey=${s(base64, 43, 'azsr')}=;Version=1.0;"`,
          `APPCONFIG="Endpoint=https://prod.azconfig.io;Id=abc1-l0-s0:${s(alnum, 20, 'azac')};Secret=${s(base64, 43, 'azacs')}="`,
          `"iot": "HostName=prod.azure-devices.net;DeviceId=d1;SharedAccessKey=${s(base64, 43, 'aziot')}="`,
        ],
        clean: ['SharedAccessKey=<key>', `SharedAccessKey=${'x'.repeat(43)}=`],
      }
    },
  },
  {
    id: 'AZURE_SAS_TOKEN',
    family: 'azure',
    label: 'Azure shared access signature (SAS) token',
    pattern: '(?<![A-Za-z0-9])sig=((?:[A-Za-z0-9+/]|%2[BbFf]){30,120}(?:%3[Dd]|=){0,2})',
    keywords: ['sig='],
    secretGroup: 1,
    entropy: 3.5,
    get examples() {
      return {
        flagged: [
          `https://prod.blob.core.windows.net/backups/db.bak?sp=r&st=2024-05-01T00:00:00Z&se=2024-06-01T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=${s(alnum, 44, 'azsas')}%3D`,
          `SharedAccessSignature=sv=2021-08-06&ss=b&srt=sco&sp=rwdlac&se=2030-01-01T00:00:00Z&sig=${s(alnum, 43, 'azsas2')}=`,
        ],
        clean: ['?sv=2022-11-02&sig=<signature>', `&sig=${'X'.repeat(44)}`],
      }
    },
  },
  {
    id: 'AZURE_IDENTIFIABLE_KEY',
    family: 'azure',
    label: 'Azure service key (identifiable format)',
    // Microsoft's identifiable keys carry a service signature at a fixed place: storage +ASt,
    // Cosmos ACDb, Container Registry +ACR, Search AzSe, API Management APIM, Functions AzFu,
    // Event Grid AZEG, Cache AzCa, Cognitive Services/OpenAI ACOG, DevOps AZDO, Service Bus +ASb,
    // Event Hubs +AEh, IoT AIoT, Relay +ARm; the common annotated format JQQJ9
    pattern: String.raw`(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{30,80}(?:\+ASt|ACDb|\+ACR|AzSe|APIM|AzFu|AZEG|AzCa|ACOG|AZDO|\+ASb|\+AEh|AIoT|\+ARm|JQQJ9)[A-Za-z0-9+/]{4,40}={0,2}(?![A-Za-z0-9+/=])`,
    keywords: ['+ast', 'acdb', '+acr', 'azse', 'apim', 'azfu', 'azeg', 'azca', 'acog', 'azdo', '+asb', '+aeh', 'aiot', '+arm', 'jqqj9'],
    entropy: 4,
    get examples() {
      return {
        flagged: [
          `AZURE_OPENAI_API_KEY=${s(alnum, 76, 'azoai')}ACOG${s(alnum, 4, 'azoai2')}`,
          `AZURE_DEVOPS_PAT=${s(alnum, 76, 'azdo')}AZDO${s(alnum, 4, 'azdo2')}`,
          `ACR_PASSWORD=${s(alnum, 42, 'acr')}+ACR${s(alnum, 6, 'acr2')}`,
          `SEARCH_ADMIN_KEY=${s(alnum, 42, 'azse')}AzSe${s(alnum, 6, 'azse2')}`,
          `key: ${s(alnum, 52, 'cask')}JQQJ9${s(alnum, 27, 'cask2')}`,
        ],
        clean: ['const api = "APIM"', 'AZURE_OPENAI_API_KEY=<from portal>'],
      }
    },
  },
  contextual({
    id: 'AZURE_DEVOPS_PAT',
    family: 'azure',
    label: 'Azure DevOps personal access token',
    names: ['azure_devops', 'azuredevops', 'ado_', 'devops', 'vsts', 'system_accesstoken'],
    body: '[a-z2-7]',
    alphabet: base32lower,
    length: 52,
  }),
  contextual({
    id: 'AZURE_OPENAI_KEY',
    family: 'azure',
    label: 'Azure OpenAI / Cognitive Services key (legacy 32 hex)',
    names: ['azure_openai', 'azureopenai', 'azure_cognitive', 'cognitive', 'azure_api', 'ocp-apim'],
    body: '[a-f0-9]',
    alphabet: hex,
    length: 32,
  }),
  token({
    id: 'DIGITALOCEAN_TOKEN',
    family: 'digitalocean',
    label: 'DigitalOcean token',
    prefix: 'do[opr]_v1_',
    literal: ['do', 'p_v1_'],
    body: '[a-f0-9]',
    length: 64,
    alphabet: hex,
    extraClean: ['DIGITALOCEAN_TOKEN=dop_v1_your_token_here'],
  }),
  token({id: 'HEROKU_API_KEY', family: 'heroku', label: 'Heroku API key', prefix: 'HRKU-', literal: ['HR', 'KU-'], body: '[A-Za-z0-9_-]', length: 60, alphabet: url}),
  contextual({id: 'HEROKU_API_KEY_LEGACY', family: 'heroku', label: 'Heroku API key (UUID)', names: ['heroku'], body: '[0-9a-f-]', alphabet: hex, length: 36, entropy: 2.5}),
  token({id: 'ALIBABA_ACCESS_KEY_ID', family: 'alibaba', label: 'Alibaba Cloud AccessKey ID', prefix: 'LTAI', literal: ['LT', 'AI'], body: '[A-Za-z0-9]', length: [20, 24], alphabet: alnum}),
  token({id: 'FLY_TOKEN', family: 'fly', label: 'Fly.io token', prefix: '(?:fo1_|fm[12][ar]?_)', literal: ['fo', '1_'], body: '[A-Za-z0-9_+/=-]', length: [43, 2000], alphabet: url}),
  token({id: 'RENDER_API_KEY', family: 'render', label: 'Render API key', prefix: 'rnd_', literal: ['rn', 'd_'], body: '[A-Za-z0-9]', length: 32, alphabet: alnum}),
  token({id: 'NETLIFY_TOKEN', family: 'netlify', label: 'Netlify access token', prefix: 'nfp_', literal: ['nf', 'p_'], body: '[A-Za-z0-9]', length: 36, alphabet: alnum}),
  token({id: 'VERCEL_TOKEN', family: 'vercel', label: 'Vercel token', prefix: 'vc[pkiar]_', literal: ['vc', 'p_'], body: '[A-Za-z0-9]', length: [24, 64], alphabet: alnum}),
  token({
    id: 'SUPABASE_TOKEN',
    family: 'supabase',
    label: 'Supabase access / secret key',
    prefix: '(?:sbp_|sb_secret_)',
    literal: ['sb', 'p_'],
    body: '[A-Za-z0-9_-]',
    length: [31, 64],
    alphabet: hex,
  }),
  token({
    id: 'PLANETSCALE_TOKEN',
    family: 'planetscale',
    label: 'PlanetScale password or token',
    prefix: 'pscale_(?:pw|tkn|oauth)_',
    literal: ['pscale', '_pw_'],
    body: '[A-Za-z0-9_.-]',
    length: [32, 64],
    alphabet: alnum,
  }),
  token({id: 'NEON_API_KEY', family: 'neon', label: 'Neon API key', prefix: 'napi_', literal: ['na', 'pi_'], body: '[a-z0-9]', length: 64, alphabet: lowerAlnum}),
  token({
    id: 'DATABRICKS_TOKEN',
    family: 'databricks',
    label: 'Databricks token',
    prefix: 'dapi',
    literal: ['da', 'pi'],
    body: '[a-f0-9]',
    length: 32,
    alphabet: hex,
    suffix: '(?:-\\d)?',
    extraClean: ['const api = "dapinotahex0123456789abcdef012345"'],
  }),
  token({
    id: 'TERRAFORM_CLOUD_TOKEN',
    family: 'hashicorp',
    label: 'Terraform Cloud / Enterprise token',
    prefix: '[A-Za-z0-9]{14}\\.atlasv1\\.',
    literal: [s(alnum, 14, 'tfc'), '.atlasv1.'],
    body: '[A-Za-z0-9_=-]',
    length: [60, 70],
    alphabet: url,
  }),
  token({
    id: 'VAULT_TOKEN',
    family: 'hashicorp',
    label: 'HashiCorp Vault token',
    prefix: 'hv[sbr]\\.',
    literal: ['hv', 's.'],
    body: '[A-Za-z0-9_-]',
    length: [90, 300],
    alphabet: url,
    extraClean: ['VAULT_TOKEN=hvs.dev-only'],
  }),
  token({id: 'PULUMI_TOKEN', family: 'pulumi', label: 'Pulumi access token', prefix: 'pul-', literal: ['pu', 'l-'], body: '[a-f0-9]', length: 40, alphabet: hex}),
  token({
    id: 'DOPPLER_TOKEN',
    family: 'doppler',
    label: 'Doppler token',
    prefix: 'dp\\.(?:pt|st|sa|ct|scim|audit)\\.',
    literal: ['dp', '.pt.'],
    body: '[A-Za-z0-9]',
    length: [40, 44],
    alphabet: alnum,
  }),
  token({
    id: 'ONEPASSWORD_SERVICE_TOKEN',
    family: '1password',
    label: '1Password service-account token',
    prefix: 'ops_eyJ',
    literal: ['ops', '_eyJ'],
    body: '[A-Za-z0-9+/]',
    length: [250, 2000],
    alphabet: base64,
    suffix: '={0,3}',
  }),
  token({id: 'INFRACOST_API_KEY', family: 'infracost', label: 'Infracost API key', prefix: 'ico-', literal: ['ic', 'o-'], body: '[A-Za-z0-9]', length: 32, alphabet: alnum}),
  token({id: 'SCALINGO_TOKEN', family: 'scalingo', label: 'Scalingo API token', prefix: 'tk-us-', literal: ['tk', '-us-'], body: '[A-Za-z0-9_-]', length: 48, alphabet: url}),
  token({id: 'OCTOPUS_DEPLOY_API_KEY', family: 'octopus', label: 'Octopus Deploy API key', prefix: 'API-', literal: ['AP', 'I-'], body: '[A-Z0-9]', length: 26, alphabet: upperAlnum}),
  token({
    id: 'HARNESS_TOKEN',
    family: 'harness',
    label: 'Harness access token',
    prefix: '(?:pat|sat)\\.[A-Za-z0-9_-]{22}\\.[a-f0-9]{24}\\.',
    literal: ['pat', `.${s(url, 22, 'har')}.${s(hex, 24, 'har2')}.`],
    body: '[A-Za-z0-9]',
    length: 20,
    alphabet: alnum,
  }),
  token({
    id: 'DYNATRACE_TOKEN',
    family: 'dynatrace',
    label: 'Dynatrace API token',
    prefix: 'dt0c01\\.[A-Z0-9]{24}\\.',
    literal: ['dt0c', `01.${s(upperAlnum, 24, 'dt')}.`],
    body: '[A-Z0-9]',
    length: 64,
    alphabet: upperAlnum,
  }),
  token({id: 'NEWRELIC_KEY', family: 'newrelic', label: 'New Relic API key', prefix: '(?:NRAK-|NRII-|NRJS-)', literal: ['NR', 'AK-'], body: '[A-Za-z0-9]', length: [19, 32], alphabet: upperAlnum}),
  {
    id: 'GRAFANA_TOKEN',
    family: 'grafana',
    label: 'Grafana token',
    pattern: '(?<![A-Za-z0-9_])(?:glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})(?![A-Za-z0-9_])',
    keywords: ['glc_', 'glsa_'],
    get examples() {
      return {flagged: [`GRAFANA_TOKEN=${j('gl', 'sa_')}${s(alnum, 32, 'gr')}_${s(hex, 8, 'gr2')}`, `grafana: ${j('gl', 'c_')}${s(base64, 80, 'grc')}`], clean: ['GRAFANA_TOKEN=glsa_changeme']}
    },
  },
  token({id: 'SENTRY_TOKEN', family: 'sentry', label: 'Sentry auth token', prefix: '(?:sntrys_eyJ|sntryu_)', literal: ['sntr', 'yu_'], body: '[A-Za-z0-9+/=_-]', length: [64, 400], alphabet: hex}),
  contextual({
    id: 'DATADOG_API_KEY',
    family: 'datadog',
    label: 'Datadog API or application key',
    names: ['datadog', 'dd_api', 'dd_app', 'dd-api', 'dd-app'],
    body: '[a-f0-9]',
    alphabet: hex,
    length: 32,
  }),
  token({id: 'POSTMAN_API_KEY', family: 'postman', label: 'Postman API key', prefix: 'PMAK-[a-f0-9]{24}-', literal: ['PM', `AK-${s(hex, 24, 'pm')}-`], body: '[a-f0-9]', length: 34, alphabet: hex}),

  // ---- messaging, payments, SaaS ----------------------------------------------------------------
  {
    id: 'SLACK_TOKEN',
    family: 'slack',
    label: 'Slack token',
    pattern: String.raw`(?<![A-Za-z0-9_-])(?:xox[abposre]-(?:\d+-)?[A-Za-z0-9-]{10,250}|xoxe\.xox[bp]-\d-[A-Za-z0-9]{100,300}|xapp-\d-[A-Z0-9]{8,12}-\d{10,14}-[a-f0-9]{40,64})(?![A-Za-z0-9_-])`,
    keywords: ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-', 'xoxe', 'xapp-'],
    get examples() {
      return {
        flagged: [
          `SLACK_BOT_TOKEN=${j('xo', 'xb-')}${s(DIGITS, 12, 'sl1')}-${s(DIGITS, 13, 'sl2')}-${s(alnum, 24, 'sl3')}`,
          `app: ${j('xa', 'pp-')}1-A${s(upperAlnum, 10, 'sl4')}-${s(DIGITS, 13, 'sl5')}-${s(hex, 64, 'sl6')}`,
        ],
        clean: ['SLACK_BOT_TOKEN=xoxb-your-token', `SLACK_BOT_TOKEN=${j('xo', 'xb-')}${'X'.repeat(30)}`],
      }
    },
  },
  token({
    id: 'SLACK_WEBHOOK',
    family: 'slack',
    label: 'Slack webhook URL',
    prefix: 'hooks\\.slack\\.com/(?:services|workflows|triggers)/',
    literal: ['hooks.sla', 'ck.com/services/'],
    body: '[A-Za-z0-9+/_-]',
    length: [43, 120],
    alphabet: alnum,
    extraClean: ['url = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"'],
  }),
  {
    id: 'DISCORD_WEBHOOK',
    family: 'discord',
    label: 'Discord webhook URL',
    pattern: String.raw`discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_-]{60,70}`,
    keywords: ['discord.com/api/webhooks', 'discordapp.com/api/webhooks'],
    get examples() {
      return {flagged: [`WEBHOOK=https://${j('discord', '.com/api/webhooks/')}${s(DIGITS, 18, 'dw')}/${s(url, 68, 'dw2')}`], clean: ['WEBHOOK=https://discord.com/api/webhooks/<id>/<token>']}
    },
  },
  {
    id: 'DISCORD_BOT_TOKEN',
    family: 'discord',
    label: 'Discord bot token',
    pattern: String.raw`(?:discord|DISCORD|Discord|bot_token|BOT_TOKEN)[A-Za-z0-9_.-]{0,30}["']?[ \t]{0,4}[:=][ \t]{0,4}["']?([MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})`,
    keywords: ['discord', 'bot_token'],
    secretGroup: 1,
    entropy: 3.5,
    get examples() {
      return {flagged: [`DISCORD_TOKEN=M${s(url, 23, 'dbt')}.${s(url, 6, 'dbt2')}.${s(url, 38, 'dbt3')}`], clean: ['DISCORD_TOKEN=<bot token>']}
    },
  },
  token({
    id: 'TELEGRAM_BOT_TOKEN',
    family: 'telegram',
    label: 'Telegram bot token',
    prefix: '\\d{8,10}:AA',
    literal: [s(DIGITS, 9, 'tg'), ':AA'],
    body: '[A-Za-z0-9_-]',
    length: 33,
    alphabet: url,
    extraClean: ['const ratio = "16:9"'],
  }),
  {
    id: 'STRIPE_SECRET_KEY',
    family: 'stripe',
    label: 'Stripe secret or restricted key',
    pattern: '(?<![A-Za-z0-9_])[sr]k_(?:live|test|prod)_[A-Za-z0-9]{10,247}(?![A-Za-z0-9_])',
    keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'sk_prod_', 'rk_prod_'],
    entropy: 3,
    get examples() {
      return {
        flagged: [`STRIPE_SECRET_KEY=${j('sk_', 'live_')}51${s(alnum, 97, 'st')}`, `stripe.api_key = "${j('rk_', 'test_')}${s(alnum, 24, 'st2')}"`],
        clean: [`const publishable = "${j('pk_', 'live_')}51${s(alnum, 40, 'pk')}"`, 'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx'],
      }
    },
  },
  token({id: 'STRIPE_WEBHOOK_SECRET', family: 'stripe', label: 'Stripe webhook signing secret', prefix: 'whsec_', literal: ['wh', 'sec_'], body: '[A-Za-z0-9]', length: [32, 64], alphabet: alnum}),
  {
    id: 'SENDGRID_KEY',
    family: 'sendgrid',
    label: 'SendGrid API key',
    pattern: String.raw`(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])`,
    keywords: ['sg.'],
    entropy: 3,
    get examples() {
      return {
        flagged: [`SENDGRID_API_KEY=${j('S', 'G.')}${s(url, 10, 'sg')}-${s(url, 11, 'sg1')}.${s(url, 43, 'sg2')}`],
        clean: [`SENDGRID_API_KEY=${j('S', 'G.')}${'x'.repeat(22)}.${'x'.repeat(43)}`],
      }
    },
  },
  token({
    id: 'TWILIO_API_KEY',
    family: 'twilio',
    label: 'Twilio API key',
    prefix: 'SK',
    literal: ['S', 'K'],
    body: '[0-9a-fA-F]',
    length: 32,
    alphabet: hex,
    entropy: 3,
    extraClean: [`account_sid = "A${'C'}${s(hex, 32, 'twac')}"`],
  }),
  contextual({id: 'TWILIO_AUTH_TOKEN', family: 'twilio', label: 'Twilio auth token', names: ['twilio'], body: '[a-f0-9]', alphabet: hex, length: 32}),
  {
    id: 'MAILGUN_API_KEY',
    family: 'mailgun',
    label: 'Mailgun API key',
    pattern: '(?<![A-Za-z0-9_-])(?:key-[0-9a-z]{32}|[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8})(?![A-Za-z0-9_-])',
    keywords: ['key-', 'mailgun'],
    entropy: 3,
    get examples() {
      return {
        flagged: [`MAILGUN_API_KEY=${j('ke', 'y-')}${s(lowerAlnum, 32, 'mg')}`, `mailgun: ${s(hex, 32, 'mg2')}-${s(hex, 8, 'mg3')}-${s(hex, 8, 'mg4')}`],
        clean: [`MAILGUN_API_KEY=key-${'x'.repeat(32)}`, 'const kebab = "key-value-store"'],
      }
    },
  },
  token({id: 'MAILCHIMP_API_KEY', family: 'mailchimp', label: 'Mailchimp API key', prefix: '[0-9a-f]{32}-us', literal: [s(hex, 32, 'mc'), '-us'], body: '[0-9]', length: [1, 2], alphabet: DIGITS}),
  token({id: 'SHOPIFY_TOKEN', family: 'shopify', label: 'Shopify access token or secret', prefix: 'shp(?:at|ca|pa|ss)_', literal: ['sh', 'pat_'], body: '[a-fA-F0-9]', length: 32, alphabet: hex}),
  {
    id: 'SQUARE_TOKEN',
    family: 'square',
    label: 'Square access token',
    pattern: '(?<![A-Za-z0-9_-])(?:sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43}|EAAA[A-Za-z0-9_-]{60})(?![A-Za-z0-9_-])',
    keywords: ['sq0atp-', 'sq0csp-', 'eaaa'],
    entropy: 3,
    get examples() {
      return {flagged: [`SQUARE_ACCESS_TOKEN=${j('sq0', 'atp-')}${s(url, 22, 'sq')}`, `square: ${j('EA', 'AA')}${s(url, 60, 'sq2')}`], clean: ['SQUARE_ACCESS_TOKEN=sq0atp-REPLACE_ME']}
    },
  },
  token({
    id: 'PAYPAL_BRAINTREE_TOKEN',
    family: 'paypal',
    label: 'PayPal Braintree access token',
    prefix: 'access_token\\$production\\$[0-9a-z]{16}\\$',
    literal: ['access_token$pro', `duction$${s(lowerAlnum, 16, 'bt')}$`],
    body: '[0-9a-f]',
    length: 32,
    alphabet: hex,
  }),
  {
    id: 'PLAID_ACCESS_TOKEN',
    family: 'plaid',
    label: 'Plaid access token',
    pattern: '(?<![A-Za-z0-9_-])access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
    keywords: ['access-sandbox-', 'access-development-', 'access-production-'],
    entropy: 3,
    get examples() {
      return {
        flagged: [`plaid_token = "${j('access-', 'production-')}${s(hex, 8, 'pl')}-${s(hex, 4, 'pl2')}-${s(hex, 4, 'pl3')}-${s(hex, 4, 'pl4')}-${s(hex, 12, 'pl5')}"`],
        clean: ['plaid_token = "access-sandbox-<token>"'],
      }
    },
  },
  token({
    id: 'FLUTTERWAVE_SECRET_KEY',
    family: 'flutterwave',
    label: 'Flutterwave secret key',
    prefix: 'FLWSECK(?:_TEST)?-',
    literal: ['FLWSE', 'CK-'],
    body: '[a-h0-9]',
    length: 32,
    alphabet: hex,
    suffix: '-X',
    suffixLiteral: '-X',
  }),
  token({id: 'EASYPOST_API_KEY', family: 'easypost', label: 'EasyPost API key', prefix: 'EZ[AT]K', literal: ['EZ', 'AK'], body: '[A-Za-z0-9]', length: 54, alphabet: alnum}),
  token({id: 'SHIPPO_API_TOKEN', family: 'shippo', label: 'Shippo API token', prefix: 'shippo_(?:live|test)_', literal: ['shippo', '_live_'], body: '[a-f0-9]', length: 40, alphabet: hex}),
  token({id: 'LINEAR_API_KEY', family: 'linear', label: 'Linear API key', prefix: 'lin_(?:api|oauth)_', literal: ['lin', '_api_'], body: '[A-Za-z0-9]', length: 40, alphabet: alnum}),
  token({
    id: 'NOTION_TOKEN',
    family: 'notion',
    label: 'Notion integration token',
    prefix: 'ntn_[0-9]{11}',
    literal: ['nt', `n_${s(DIGITS, 11, 'nt')}`],
    body: '[A-Za-z0-9]',
    length: 35,
    alphabet: alnum,
  }),
  token({
    id: 'AIRTABLE_PAT',
    family: 'airtable',
    label: 'Airtable personal access token',
    prefix: 'pat[A-Za-z0-9]{14}\\.',
    literal: ['pat', `${s(alnum, 14, 'at')}.`],
    body: '[a-f0-9]',
    length: 64,
    alphabet: hex,
  }),
  token({id: 'FIGMA_TOKEN', family: 'figma', label: 'Figma personal access token', prefix: 'fig[dou][rh]?_', literal: ['fi', 'gd_'], body: '[A-Za-z0-9_-]', length: [40, 128], alphabet: url}),
  token({id: 'CONTENTFUL_TOKEN', family: 'contentful', label: 'Contentful personal access token', prefix: 'CFPAT-', literal: ['CF', 'PAT-'], body: '[A-Za-z0-9_-]', length: 43, alphabet: url}),
  token({id: 'TYPEFORM_TOKEN', family: 'typeform', label: 'Typeform personal token', prefix: 'tfp_', literal: ['tf', 'p_'], body: '[A-Za-z0-9_.=-]', length: [59, 70], alphabet: alnum}),
  token({id: 'FRAMEIO_TOKEN', family: 'frameio', label: 'Frame.io API token', prefix: 'fio-u-', literal: ['fio', '-u-'], body: '[A-Za-z0-9_=-]', length: 64, alphabet: url}),
  token({id: 'PREFECT_API_KEY', family: 'prefect', label: 'Prefect API key', prefix: 'pnu_', literal: ['pn', 'u_'], body: '[A-Za-z0-9]', length: 36, alphabet: alnum}),
  token({id: 'MAPBOX_SECRET_TOKEN', family: 'mapbox', label: 'Mapbox secret token', prefix: 'sk\\.eyJ', literal: ['sk', '.eyJ'], body: '[A-Za-z0-9._-]', length: [80, 300], alphabet: url}),
  token({
    id: 'DROPBOX_TOKEN',
    family: 'dropbox',
    label: 'Dropbox access token',
    prefix: 'sl\\.[A-Za-z0-9_-]{2}',
    literal: ['sl', `.${s(url, 2, 'dbx')}`],
    body: '[A-Za-z0-9_=-]',
    length: [130, 1400],
    alphabet: url,
  }),
  {
    id: 'FACEBOOK_ACCESS_TOKEN',
    family: 'meta',
    label: 'Facebook / Meta access token',
    pattern: '(?<![A-Za-z0-9])EAA[MC][A-Za-z0-9]{100,400}',
    keywords: ['eaam', 'eaac'],
    entropy: 3.5,
    get examples() {
      return {flagged: [`FB_TOKEN=${j('EA', 'AM')}${s(alnum, 160, 'fb')}`], clean: [`FB_TOKEN=${j('EA', 'AM')}${'x'.repeat(120)}`]}
    },
  },
  {
    id: 'TWITTER_BEARER_TOKEN',
    family: 'twitter',
    label: 'Twitter / X bearer token',
    pattern: '(?<![A-Za-z0-9])A{22}[A-Za-z0-9%]{80,120}',
    keywords: ['aaaaaaaaaaaaaaaaaaaaaa'],
    keepPlaceholders: true,
    entropy: 3.5,
    get examples() {
      return {flagged: [`TWITTER_BEARER_TOKEN=${'A'.repeat(22)}${s(alnum, 90, 'tw')}`], clean: [`padding = "${'A'.repeat(120)}"`]}
    },
  },
  contextual({id: 'OKTA_API_TOKEN', family: 'okta', label: 'Okta API token', names: ['okta'], body: '[A-Za-z0-9_-]', alphabet: url, length: 42}),
  {
    id: 'JWT',
    family: 'jwt',
    label: 'JSON Web Token',
    // header and payload are base64url JSON objects ("ey" = '{"'); the signature may be empty (alg none)
    pattern: String.raw`(?<![A-Za-z0-9_-])ey[A-Za-z0-9_-]{15,2000}\.ey[A-Za-z0-9_-]{15,8000}\.(?:[A-Za-z0-9_-]{10,2000}(?:\.[A-Za-z0-9_-]{10,8000}){0,2})?(?![A-Za-z0-9_-])`,
    keywords: ['ey'],
    get examples() {
      return {
        flagged: [
          `Authorization: Bearer ${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${s(DIGITS, 10, 'jwt')}","name":"svc","iat":1716239022}`)}.${s(url, 43, 'jwt2')}`,
          `token = "${b64url('{"alg":"none"}')}.${b64url(`{"sub":"${s(alnum, 12, 'jwt3')}","admin":true}`)}."`,
        ],
        clean: ['const parts = token.split(".")', 'eyJhbGciOiJIUzI1NiJ9.<payload>.<signature>'],
      }
    },
  },

  // ---- generic: assignments, URLs, connection strings ---------------------------------------------
  {
    id: 'URL_CREDENTIALS',
    family: 'connection-string',
    label: 'password in a URL or connection string',
    pattern: String.raw`(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}://([^\s:/?#@"'<>\x60]{1,128}):([^\s/?#@"'<>\x60]{3,256})@(?=[A-Za-z0-9\[._-])`,
    keywords: ['://'],
    secretGroup: 2,
    allow: '^(?:password|passwd|pass|pwd|postgres|root|admin|guest|user|username|secret|test|mysql|redis|default|changeme)$',
    get examples() {
      return {
        flagged: [
          `DATABASE_URL=postgres://app:${s(alnum, 18, 'pg')}@db.prod.internal:5432/main`,
          `mongo_uri: "mongodb+srv://svc:${s(alnum, 16, 'mg')}@cluster0.x1y2z.mongodb.net/app"`,
          `git remote add origin https://deploy:${s(alnum, 20, 'git')}@git.internal-corp.net/acme/app.git`,
          `REDIS_URL=redis://default:${s(alnum, 24, 'redis')}@redis.internal:6379/0`,
        ],
        clean: [
          `DATABASE_URL=postgres://user:${DOLLAR}{DB_PASSWORD}@localhost/app`,
          'url: postgres://user:password@localhost:5432/db',
          'postgres://postgres:postgres@localhost/test',
          'mysql://root:<password>@host/db',
          'https://user:****@example.com',
          'amqp://guest:guest@localhost:5672/',
        ],
      }
    },
  },
  {
    id: 'CONNECTION_STRING_PASSWORD',
    family: 'connection-string',
    label: 'password in a key=value connection string',
    pattern: String.raw`[;,"'](?:Password|PASSWORD|password|Pwd|PWD|pwd)[ \t]*=[ \t]*([^;"'\s,]{4,128})(?=;|"|'|,|\s|$)`,
    keywords: ['password=', 'pwd=', 'password =', 'pwd ='],
    secretGroup: 1,
    // references and expressions, not values
    allow: String.raw`^(?:\$|%|<|\{\{|(?:os|process|self|this|env|config|settings|getpass|System)\.)|\(`,
    get examples() {
      return {
        flagged: [
          `"Default": "Server=tcp:prod.database.windows.net,1433;Initial Catalog=app;User ID=svc;Password=${s(alnum, 14, 'sql')}!;Encrypt=True;"`,
          `prod.redis.cache.windows.net:6380,password=${s(base64, 43, 'azr')}=,ssl=True,abortConnect=False`,
          `jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=${s(alnum, 12, 'jdbc')}9;`,
        ],
        clean: [`Server=localhost;Database=app;User Id=sa;Password=${DOLLAR}{SA_PASSWORD};`, 'Server=.;Database=app;Trusted_Connection=True;', 'Password=<your password>;'],
      }
    },
  },
  {
    id: 'GENERIC_PASSWORD',
    family: 'generic',
    label: 'password assigned in configuration or code',
    matcher: 'assignment',
    keywords: ['pass', 'pwd', 'passphrase'],
    get examples() {
      return {
        flagged: [
          `  password: "${s(alnum, 10, 'gp2')}#4"`,
          `DB_PASSWORD=${s(alnum, 12, 'gp1')}7!`,
          `spring.datasource.password=${s(alnum, 14, 'gp3')}3`,
          `{"db": {"user": "app", "password": "${s(alnum, 16, 'gp4')}"}}`,
          `  <add key="DbPassword" value="${s(alnum, 12, 'gp5')}2$" />`,
          `<password>${s(alnum, 12, 'gp6')}9</password>`,
          `db_password = "${s(alnum, 12, 'gp7')}5"`,
          `const dbPassword = '${s(alnum, 13, 'gp8')}1'`,
          `[database]\npassword = ${s(alnum, 12, 'gp9')}8`,
        ],
        clean: [
          `password: ${DOLLAR}{DB_PASSWORD}`,
          'DB_PASSWORD=changeme',
          'password = os.environ["DB_PASSWORD"]',
          'const password = process.env.DB_PASSWORD',
          'password: "<your-password>"',
          'DB_PASSWORD=your_password_here',
          'password = getpass.getpass()',
          'password: "{{ vault_db_password }}"',
          'PASSWORD=********',
          'password_file = "/run/secrets/db"',
          'password: string',
          'password = self.password',
          `password: "${'x'.repeat(12)}"`,
          'if (password === confirmPassword) submit()',
          'password: ""',
        ],
      }
    },
  },
  {
    id: 'GENERIC_SECRET',
    family: 'generic',
    label: 'secret, token or API key assigned in configuration or code',
    matcher: 'assignment',
    keywords: ['secret', 'token', 'key', 'credential'],
    get examples() {
      return {
        flagged: [
          `const apiKey = "${s(hex, 40, 'gs3')}"`,
          `API_KEY=${s(alnum, 32, 'gs1')}`,
          `  client_secret: "${s(url, 40, 'gs2')}"`,
          `SECRET_KEY = '${s(alnum, 50, 'gs4')}'`,
          `"authToken": "${s(alnum, 32, 'gs5')}"`,
          `app.secret=${s(base64, 32, 'gs6')}`,
          `  <entry key="accessKey">${s(alnum, 24, 'gs7')}</entry>`,
          `encryption_key: ${s(base64, 44, 'gs8')}`,
          `x-api-key: ${s(alnum, 40, 'gs9')}`,
        ],
        clean: [
          'API_KEY=your_api_key_here',
          'apiKey: process.env.API_KEY',
          'SECRET_KEY = os.getenv("SECRET_KEY")',
          `token: ${DOLLAR}{{ secrets.GITHUB_TOKEN }}`,
          'client_secret: <client-secret>',
          'const tokenizer = "bert-base-uncased-v2-2024"',
          'secret_name = "prod-db-credentials-2024"',
          'api_key = "REPLACE_WITH_YOUR_KEY"',
          'token_type: "Bearer"',
          'const token = await getToken(scope)',
          'primaryKey: "user_id_2024"',
          `secret: "${'*'.repeat(32)}"`,
          'csrf_token = request.form["csrf_token"]',
          'api_key = "sk-..."',
        ],
      }
    },
  },
]

function b64url(text: string): string {
  return Buffer.from(text).toString('base64url')
}

export const SECRET_RULE_BY_ID: ReadonlyMap<string, SecretRule> = new Map(SECRET_RULES.map((rule) => [rule.id, rule]))
