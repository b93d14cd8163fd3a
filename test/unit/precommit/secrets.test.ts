// Secret scanning of added lines: the per-line keyword prefilter (windows in front of secretlint)
// must report exactly what secretlint reports over every added line, on a seeded corpus of
// ordinary source files with every kind of credential planted in every layout.
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {SECRET_PREFILTER} from '../../../src/detect/secrets/scan.js'
import {secretSnippets, seedCorpus, seeded, wholeFileSamples} from '../../../src/precommit/corpus.js'
import {type SecretHit, type SecretInput, scanAddedSecrets, secretLabel, WINDOW_KEYWORDS, windowLines} from '../../../src/precommit/secrets.js'

const ROOT = join(import.meta.dirname, '..', '..', '..')

/** Ordinary JavaScript from the installed dependencies (deterministic order). */
function ordinaryJs(limit: number): {path: string; text: string}[] {
  const out: {path: string; text: string}[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= limit) return
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.js') && statSync(path).size > 500 && statSync(path).size < 40_000) out.push({path: path.slice(ROOT.length + 1), text: readFileSync(path, 'utf8')})
    }
  }
  for (const pkg of ['@oclif/core/lib', 'minimatch/dist', 'smol-toml/dist', 'execa/lib', 'simple-git/dist', 'chokidar', 'unbash']) {
    if (existsSync(join(ROOT, 'node_modules', pkg))) walk(join(ROOT, 'node_modules', pkg))
  }
  return out
}

const asInputs = (files: {path: string; lines: string[]}[]): SecretInput[] => files.map((file) => ({path: file.path, added: file.lines.map((text, index) => ({line: index + 1, text}))}))
const keyOf = (hit: SecretHit) => `${hit.path}:${hit.line}:${hit.column}:${hit.rule}:${hit.messageId}:${hit.secretHash}`

describe('scanAddedSecrets', () => {
  it('finds every planted credential, and the same findings with and without the prefilter', async () => {
    const corpus = seedCorpus(ordinaryJs(150), {seed: 42, every: 3})
    const inputs = asInputs(corpus)
    const stats = {files: 0, windowLines: 0, wholeFiles: 0, secretlintCalls: 0}
    const [fast, reference] = await Promise.all([scanAddedSecrets(inputs, {stats}), scanAddedSecrets(inputs, {prefilter: false})])
    expect(fast.map(keyOf)).toEqual(reference.map(keyOf))
    const planted = corpus.filter((_, index) => index % 3 === 0 && index < corpus.length - wholeFileSamples(seeded(1)).length).length
    // every planted snippet is reported (some ordinary files contain test URLs with passwords too)
    expect(new Set(fast.map((hit) => hit.path)).size).toBeGreaterThanOrEqual(planted)
    // secretlint's message id, or the engine rule that claims the same range first
    for (const ids of [
      ['GITHUB_TOKEN', 'GITHUB_PAT'],
      ['GITHUB_TOKEN', 'GITHUB_FINE_GRAINED_PAT'],
      ['OPENAI_TOKEN', 'OPENAI_API_KEY'],
      ['ANTHROPIC_API_KEY'],
      ['AWSSecretAccessKey', 'AWS_SECRET_ACCESS_KEY'],
      ['AWSAccessKeyID', 'AWS_ACCESS_KEY_ID'],
      ['PrivateKey', 'PRIVATE_KEY'],
      ['NPM_ACCESS_TOKEN', 'NPM_TOKEN'],
      ['Npmrc_authToken', 'GENERIC_SECRET'],
      ['PackageJSON_xOauthToken'],
      ['SLACK_TOKEN'],
      ['IncomingWebhook', 'SLACK_WEBHOOK'],
      ['BasicAuth', 'URL_CREDENTIALS'],
      ['SENDGRID_KEY'],
      ['SHOPIFY_KEY', 'SHOPIFY_TOKEN'],
      ['LINEAR_API_TOKEN', 'LINEAR_API_KEY'],
      ['OPS_TOKEN', 'ONEPASSWORD_SERVICE_TOKEN'],
    ]) {
      expect(
        fast.some((hit) => ids.includes(hit.messageId)),
        ids.join(' / '),
      ).toBe(true)
    }
    // the prefilter did its job: one call over a small part of the text
    const total = inputs.reduce((sum, input) => sum + input.added.length, 0)
    expect(stats.windowLines).toBeLessThan(total / 4)
    expect(stats.secretlintCalls).toBeLessThanOrEqual(1 + stats.wholeFiles)
  })

  it('reports each snippet kind at its first line, in files and in whole-file samples', async () => {
    const random = seeded(3)
    const files = [...secretSnippets(random).map((snippet) => ({path: `src/${snippet.kind}.ts`, lines: ['// before', ...snippet.lines, '// after']})), ...wholeFileSamples(random)]
    const hits = await scanAddedSecrets(asInputs(files))
    for (const file of files) {
      if (file.path === 'src/fixtures.js') continue
      expect(
        hits.some((hit) => hit.path === file.path),
        file.path,
      ).toBe(true)
    }
    // secretlint's own disable comment is honoured (whole-file handling keeps its scope)
    expect(hits.filter((hit) => hit.path === 'src/fixtures.js').map((hit) => hit.line)).toEqual([3])
  })

  it('keeps the real line numbers of non-contiguous added lines and never leaks the secret', async () => {
    const token = `gh${'p'}_${'a1B2c3D4e5'.repeat(3)}abcdef`
    const hits = await scanAddedSecrets([
      {
        path: 'app.js',
        added: [
          {line: 4, text: 'const a = 1'},
          {line: 90, text: `const t = "${token}"`},
        ],
      },
    ])
    expect(hits).toHaveLength(1)
    expect(hits[0]).toMatchObject({path: 'app.js', line: 90, column: 12, messageId: 'GITHUB_PAT'})
    expect(JSON.stringify(hits)).not.toContain(token)
    expect(hits[0]!.evidence).toMatch(/^ghp_…\[redacted 40 chars\]$/)
  })

  it('finds a private key over added lines, and the first hunk of one split across hunks (a truncated paste is a key)', async () => {
    const {privateKeyPem} = await import('../../../src/precommit/corpus.js')
    const lines = privateKeyPem().trimEnd().split('\n')
    const contiguous = lines.map((text, index) => ({line: 10 + index, text}))
    const split = lines.map((text, index) => ({line: 10 + index + (index > 1 ? 5 : 0), text}))
    expect(await scanAddedSecrets([{path: 'k.txt', added: contiguous}])).toHaveLength(1)
    // header and first body line are added together: the engine reports the partial key once
    for (const prefilter of [true, false]) {
      const hits = await scanAddedSecrets([{path: 'k.txt', added: split}], {prefilter})
      expect(hits.map((hit) => [hit.line, hit.messageId])).toEqual([[10, 'PRIVATE_KEY']])
    }
  })

  it('covers two layouts that the generic SECRET_PREFILTER misses', async () => {
    const snippets = secretSnippets(seeded(9)).filter((snippet) => snippet.kind === 'slack-app-bare' || snippet.kind === 'mongodb-at-in-user')
    expect(snippets).toHaveLength(2)
    for (const snippet of snippets) {
      expect(SECRET_PREFILTER.test(snippet.lines.join('\n')), snippet.kind).toBe(false)
      expect(await scanAddedSecrets(asInputs([{path: 'x.js', lines: snippet.lines}])), snippet.kind).toHaveLength(1)
    }
  })
})

describe('windowLines', () => {
  it('extends a keyword line over blank lines to two more lines, and a private key to its END line', () => {
    const text = ['a', 'secret_access =', '', '', 'x', 'y', 'z', '-----BEGIN PRIVATE KEY-----', 'b1', 'b2', 'b3', '-----END PRIVATE KEY-----', 'after', 'more', 'last']
    expect(windowLines(text)).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10, 11])
    expect(windowLines(['plain', 'code'])).toEqual([])
  })

  it('has a keyword for every secretlint preset rule', () => {
    for (const keyword of [
      '-----BEGIN',
      'https://user:pass@',
      'mongodb+srv://u:p@',
      'https://x:x-oauth-basic@',
      'HTTPS://HOOKS.SLACK.COM/services',
      'aws_secret_access',
      'AWS_SECRET_ACCESS',
      'SecretAccess',
      'npm_',
      '_authToken',
      'xoxb-',
      'xapp-',
      'SG.',
      'shpat_',
      'ghp_',
      'github_pat_',
      'sk-proj-x-T3BlbkFJ',
      'sk-ant-api03-',
      'lin_api_',
      'ops_',
      'AKIA',
      'ASIA',
    ]) {
      expect(WINDOW_KEYWORDS.test(`x ${keyword} y`), keyword).toBe(true)
    }
  })

  it('leaves everyday lines alone (each keyword line costs a secretlint call)', () => {
    for (const line of ['// see https://example.com/docs/a.html', 'const task-runner = 1', 'client_secret: config.secret', 'git@github.com:a/b.git', 'mailto:a@b.example']) {
      expect(WINDOW_KEYWORDS.test(line), line).toBe(false)
    }
  })
})

describe('secretLabel', () => {
  it('names secretlint message ids without echoing the secret', () => {
    expect(secretLabel('GITHUB_TOKEN')).toBe('GitHub token')
    expect(secretLabel('GITHUB_PAT')).toBe('GitHub token (classic personal access token)')
    expect(secretLabel('SOME_NEW_ID')).toBe('some new id')
  })
})
