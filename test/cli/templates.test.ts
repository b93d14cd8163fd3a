// Committed secret-file templates are never treated as secrets, by any command, in a real
// repository shaped like the Rails / Next.js apps of issue 13; a real secret beside them still is.
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BIN, cleanup, cliEnv, git, makeRepo, parseFindings, runCli, writeFiles} from '../helpers/cli.js'

const TEMPLATES = {
  '.env.local.example': 'DATABASE_URL=postgres://user:password@localhost:5432/app\nSECRET_KEY_BASE=changeme\n',
  '.env.test.example': 'STRIPE_SECRET_KEY=sk_test_your_key_here\n',
  'example.env': 'API_TOKEN=<your token>\n',
  'config/database.yml.sample': 'production:\n  password: <%= ENV["DB_PASSWORD"] %>\n',
  'web/.env-example': 'NEXT_PUBLIC_API=https://api.example.com\n',
  'secrets.example.json': '{"apiKey": "YOUR_API_KEY"}\n',
}
const TEMPLATE_PATHS = Object.keys(TEMPLATES)
const GITHUB_TOKEN = `ghp_${'R8sT1uV2wX3yZ4aB5cD6eF7gH8iJ9kL0mN1o'.slice(0, 36)}`

let repo: string

async function hook(event: string, payload: unknown): Promise<string> {
  const result = await execa(process.execPath, [BIN, 'hook', event], {cwd: repo, env: cliEnv(repo), extendEnv: false, input: JSON.stringify(payload), reject: false, timeout: 60_000})
  expect(result.exitCode).toBe(0)
  return String(result.stdout)
}

beforeAll(async () => {
  repo = makeRepo({...TEMPLATES, 'app.rb': 'puts 1\n'})
  git(repo, ['add', '-A'])
  git(repo, ['commit', '-qm', 'templates'])
  const init = await runCli(['init', '--trust'], {cwd: repo})
  expect(init.code, init.stderr).toBe(0)
  git(repo, ['add', '-A'])
  git(repo, ['commit', '-qm', 'codex-guard init', '--no-verify'])
}, 120_000)

afterAll(cleanup)

describe('templates on every command', () => {
  it('validate reports none of them and exits 0', async () => {
    const result = await runCli(['validate', '--format', 'json'], {cwd: repo})
    const findings = parseFindings(result.stdout)
    expect(findings.filter((finding) => TEMPLATE_PATHS.some((path) => finding.file === path || finding.message.includes(path)))).toEqual([])
    expect(findings.filter((finding) => finding.severity === 'critical')).toEqual([])
    expect(result.code).toBe(0)
  })

  it('the generated profile does not deny example.env', async () => {
    const config = (await import('node:fs')).readFileSync(`${repo}/.codex/config.toml`, 'utf8')
    expect(config).not.toContain('"**/*.env" = "none"')
    expect(config).toContain('"**/[!est]*.env" = "none"')
  })

  it('the hook lets the agent read them and still denies .env', async () => {
    for (const path of TEMPLATE_PATHS) expect(await hook('pre-tool-use', {tool_name: 'Bash', cwd: repo, tool_input: {command: `cat ${path}`}}), path).toBe('')
    expect(await hook('pre-tool-use', {tool_name: 'Bash', cwd: repo, tool_input: {command: 'cat .env.local'}})).toContain('"deny"')
  })

  it('PostToolUse passes placeholder values of a template but withholds a real token in one', async () => {
    expect(await hook('post-tool-use', {tool_name: 'Bash', cwd: repo, tool_input: {command: 'cat .env.local.example'}, tool_response: TEMPLATES['.env.local.example']})).toBe('')
    expect(await hook('post-tool-use', {tool_name: 'Bash', cwd: repo, tool_input: {command: 'cat .env.local.example'}, tool_response: `GITHUB_TOKEN=${GITHUB_TOKEN}\n`})).toContain('block')
  })

  it('rotate never lists them', async () => {
    const result = await runCli(['rotate', '--format', 'json'], {cwd: repo})
    expect(result.code, result.stderr).toBe(0)
    const ids = (JSON.parse(result.stdout) as {items: {id: string}[]}).items.map((item) => item.id)
    for (const path of TEMPLATE_PATHS) expect(ids).not.toContain(`file:${path}`)
  })

  it('pre-commit passes edits to templates but flags a real secret inside one and a real secret file', async () => {
    writeFiles(repo, {'.env.local.example': `${TEMPLATES['.env.local.example']}REDIS_URL=redis://localhost:6379\n`, '.env.test.example': `STRIPE_SECRET_KEY=sk_test_x\n`})
    git(repo, ['add', '-A'])
    const clean = await runCli(['precommit', 'run', '--format', 'json'], {cwd: repo})
    expect(parseFindings(clean.stdout)).toEqual([])
    expect(clean.code).toBe(0)
    writeFiles(repo, {'example.env': `GITHUB_TOKEN=${GITHUB_TOKEN}\n`})
    git(repo, ['add', '-A'])
    const leaked = await runCli(['precommit', 'run', '--format', 'json'], {cwd: repo})
    const findings = parseFindings(leaked.stdout)
    expect(findings.some((finding) => finding.file === 'example.env' && !finding.ruleId.includes('SECRET-FILE'))).toBe(true)
    expect(JSON.stringify(findings)).not.toContain(GITHUB_TOKEN)
    expect(leaked.code).toBe(1)
  })
})
