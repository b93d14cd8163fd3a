// `codex-guard init` on awkward real-world files: byte-order marks, CRLF checkouts, Latin-1 and
// UTF-16 files, damaged markers, symbolic links out of the repository, hooks.json of the wrong
// shape. Each refusal is exit 2 naming the file, and leaves every file as it was.
import {existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {cleanup, makeRepo, read, runCli, scratchOf, snapshot, userConfigOf} from '../helpers/cli.js'

afterEach(cleanup)

const USER_CONFIG = `# my settings
model = "gpt-5.5"

[mcp_servers.docs]
command = "npx"
`
const AGENTS_START = '<!-- codex-guard:start (managed by codex-guard init; edits inside are overwritten) -->'
const AGENTS_END = '<!-- codex-guard:end -->'
const bytes = (repo: string, path: string) => readFileSync(join(repo, path))
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n')
const toCrlf = (repo: string, path: string) => writeFileSync(join(repo, path), crlf(read(repo, path)))

/** Every file's bytes (snapshot() decodes as UTF-8, which would hide a change of encoding). */
function rawSnapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const [path, content] of snapshot(dir)) out.set(path, content.startsWith('-> ') ? content : readFileSync(join(dir, path)).toString('base64'))
  return out
}

describe('init and encodings', () => {
  it('keeps a UTF-8 byte-order mark first in .codex/config.toml and AGENTS.md', async () => {
    // No table header: the top-level block goes first in the file, where the mark must stay ahead of it.
    const repo = makeRepo({'.codex/config.toml': '\uFEFF# my settings\nmodel = "gpt-5.5"\n', 'AGENTS.md': '\uFEFF# Guide\n'})
    const result = await runCli(['init', '--no-precommit'], {cwd: repo})
    expect(result.code, result.stderr).toBe(0)
    for (const path of ['.codex/config.toml', 'AGENTS.md']) {
      const written = bytes(repo, path)
      expect(written.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), path).toBe(true)
      expect(written.indexOf(Buffer.from([0xef, 0xbb, 0xbf]), 1), path).toBe(-1)
    }
    expect(read(repo, '.codex/config.toml').startsWith('\uFEFF# >>> codex-guard: top-level keys')).toBe(true)
    const again = await runCli(['init', '--no-precommit'], {cwd: repo})
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toMatch(/up to date/i)
  })

  it('files converted to CRLF after init (core.autocrlf): the next init succeeds and changes nothing', async () => {
    const repo = makeRepo({'.codex/config.toml': USER_CONFIG, 'AGENTS.md': '# Guide\n', '.gitignore': 'node_modules/\n'})
    expect((await runCli(['init', '--no-precommit'], {cwd: repo})).code).toBe(0)
    for (const path of ['.codex/config.toml', 'AGENTS.md', '.gitignore']) toCrlf(repo, path)
    const before = rawSnapshot(repo)
    const result = await runCli(['init', '--no-precommit'], {cwd: repo})
    expect(result.stderr).not.toMatch(/invalid TOML/)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/up to date/i)
    expect(rawSnapshot(repo)).toEqual(before)
  })

  it('a CRLF config gets CRLF managed blocks; user lines stay byte for byte', async () => {
    const repo = makeRepo({'.codex/config.toml': crlf(USER_CONFIG)})
    const result = await runCli(['init', '--no-precommit'], {cwd: repo})
    expect(result.code, result.stderr).toBe(0)
    const config = read(repo, '.codex/config.toml')
    expect(config.replace(/\r\n/g, '')).not.toContain('\n')
    expect(config.startsWith('# my settings\r\nmodel = "gpt-5.5"\r\n\r\n# >>> codex-guard: top-level keys')).toBe(true)
    expect(config).toContain('[mcp_servers.docs]\r\ncommand = "npx"\r\n')
  })

  it('a Latin-1 .gitignore is edited as bytes: no U+FFFD, every user byte kept', async () => {
    const latin1 = Buffer.from('# fichiers générés\nbuild/\n', 'latin1')
    const repo = makeRepo()
    writeFileSync(join(repo, '.gitignore'), latin1)
    const result = await runCli(['init', '--no-precommit'], {cwd: repo})
    expect(result.code, result.stderr).toBe(0)
    const written = bytes(repo, '.gitignore')
    expect(written.subarray(0, latin1.length).equals(latin1)).toBe(true)
    expect(written.includes(Buffer.from('\uFFFD'))).toBe(false)
    expect(written.toString('latin1').split('\n')).toContain('.env')
    const again = await runCli(['init', '--no-precommit'], {cwd: repo})
    expect(again.stdout).toMatch(/up to date/i)
  })

  it('a UTF-16 AGENTS.md is refused (exit 2, named), and nothing is written', async () => {
    const repo = makeRepo()
    writeFileSync(join(repo, 'AGENTS.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Guide\r\n\r\nUse pnpm.\r\n', 'utf16le')]))
    const before = rawSnapshot(repo)
    const result = await runCli(['init', '--no-precommit'], {cwd: repo})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/AGENTS\.md: is UTF-16/)
    expect(result.stderr).toContain('--no-agents-md')
    expect(rawSnapshot(repo)).toEqual(before)
  })

  it('a .codex/config.toml that is not UTF-8 is refused with its line, never rewritten', async () => {
    const repo = makeRepo()
    mkdirSync(join(repo, '.codex'))
    writeFileSync(join(repo, '.codex/config.toml'), Buffer.from('model = "x"\n# r\xe9glages\n', 'latin1'))
    const before = rawSnapshot(repo)
    const result = await runCli(['init', '--no-precommit'], {cwd: repo})
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/\.codex\/config\.toml:2: is not valid UTF-8/)
    expect(rawSnapshot(repo)).toEqual(before)
  })
})

describe('init and damaged markers: exit 2 naming file:line, nothing written, no user line lost', () => {
  async function refused(repo: string, file: RegExp, reason: RegExp): Promise<void> {
    const before = rawSnapshot(repo)
    const result = await runCli(['init', '--no-precommit'], {cwd: repo})
    expect(result.code, result.stdout).toBe(2)
    expect(result.stderr).toMatch(file)
    expect(result.stderr).toMatch(reason)
    expect(result.stderr).toMatch(/Fix: /)
    expect(result.stderr).not.toMatch(/internal error/)
    expect(rawSnapshot(repo)).toEqual(before)
  }

  it('AGENTS.md: the end marker is gone and the user wrote more text after the section', async () => {
    const repo = makeRepo({'AGENTS.md': '# Guide\n'})
    expect((await runCli(['init', '--no-precommit'], {cwd: repo})).code).toBe(0)
    const damaged = `${read(repo, 'AGENTS.md').replace(`${AGENTS_END}\n`, '')}\n## Release process\n\nTag from main only.\n`
    writeFileSync(join(repo, 'AGENTS.md'), damaged)
    await refused(repo, new RegExp(`AGENTS\\.md:${damaged.split('\n').indexOf(AGENTS_START) + 1}: `), /has no end marker/)
    expect(read(repo, 'AGENTS.md')).toContain('Tag from main only.')
  })

  it('AGENTS.md: duplicated marker pairs', async () => {
    const repo = makeRepo({'AGENTS.md': '# Guide\n'})
    expect((await runCli(['init', '--no-precommit'], {cwd: repo})).code).toBe(0)
    const once = read(repo, 'AGENTS.md')
    writeFileSync(join(repo, 'AGENTS.md'), `${once}\n## Mine\n\n${once.slice(once.indexOf(AGENTS_START))}`)
    await refused(repo, /AGENTS\.md:\d+: the codex-guard start marker appears 2 times/, /keep one start\/end marker pair/)
  })

  it('config.toml: the user removed the end marker of the top-level block', async () => {
    const repo = makeRepo({'.codex/config.toml': USER_CONFIG})
    expect((await runCli(['init', '--no-precommit'], {cwd: repo})).code).toBe(0)
    const merged = read(repo, '.codex/config.toml')
    writeFileSync(join(repo, '.codex/config.toml'), merged.replace('default_permissions = "codex-guard"\n# <<< codex-guard <<<\n', 'default_permissions = "codex-guard"\n'))
    await refused(repo, /\.codex\/config\.toml:4: /, /has no end marker/)
  })

  it('config.toml: a user comment that merely starts like "# >>> codex-guard"', async () => {
    const user = '# >>> codex-guard: ask Sam before changing the profile\nmodel = "gpt-5.5"\n\n[tui]\nnotifications = true\n'
    const repo = makeRepo({'.codex/config.toml': user})
    await refused(repo, /\.codex\/config\.toml:1: line 1 starts like a codex-guard marker/, /reword that comment/)
    expect(read(repo, '.codex/config.toml')).toBe(user)
  })
})

describe('init and symbolic links out of the repository', () => {
  it('.codex -> ~/.codex (shipped by a cloned repository): exit 2 naming the link and its target; nothing written', async () => {
    const repo = makeRepo({'AGENTS.md': '# Guide\n'})
    const home = scratchOf(repo).home
    const personal = join(home, '.codex')
    mkdirSync(personal)
    writeFileSync(join(personal, 'config.toml'), 'model = "gpt-5.5"\n')
    symlinkSync(personal, join(repo, '.codex'))
    const homeBefore = rawSnapshot(home)
    const repoBefore = rawSnapshot(repo)
    const result = await runCli(['init', '--no-precommit'], {cwd: repo})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${join(repo, '.codex')}: is a symbolic link to ${personal}`)
    expect(result.stderr).toMatch(/outside the repository/)
    expect(result.stderr).not.toMatch(/internal error/)
    expect(rawSnapshot(home)).toEqual(homeBefore)
    expect(rawSnapshot(repo)).toEqual(repoBefore)
  })

  it('AGENTS.md -> a file in the home directory (relative link): refused', async () => {
    const repo = makeRepo()
    const home = scratchOf(repo).home
    writeFileSync(join(home, 'notes.md'), '# my notes\n')
    symlinkSync('../home/notes.md', join(repo, 'AGENTS.md'))
    const result = await runCli(['init', '--no-precommit'], {cwd: repo})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${join(repo, 'AGENTS.md')}: is a symbolic link to ../home/notes.md (${join(home, 'notes.md')})`)
    expect(readFileSync(join(home, 'notes.md'), 'utf8')).toBe('# my notes\n')
    expect(existsSync(join(repo, '.codex'))).toBe(false)
  })

  it('a .codex link that stays inside the repository is followed, and --trust writes a $CODEX_HOME reached through a link', async () => {
    const repo = makeRepo({'config/codex/README': 'kept here\n'})
    symlinkSync('config/codex', join(repo, '.codex'))
    const scratch = scratchOf(repo)
    const linkedHome = join(scratch.base, 'codex-home-link')
    symlinkSync(scratch.codexHome, linkedHome)
    const result = await runCli(['init', '--no-precommit', '--trust', '--no-hooks'], {cwd: repo, env: {CODEX_HOME: linkedHome}})
    expect(result.code, result.stderr).toBe(0)
    expect(read(repo, 'config/codex/config.toml')).toContain('default_permissions = "codex-guard"')
    expect(readFileSync(userConfigOf(repo), 'utf8')).toContain('trust_level = "trusted"')
  })
})

describe('init and a hooks.json of the wrong shape', () => {
  const cases: [string, string, RegExp][] = [
    ['an event that is not a list', '{"hooks": {"PreToolUse": {}}}', /hooks\.PreToolUse must be an array of hook groups/],
    ['"hooks" as a list', '{"hooks": []}', /"hooks" must be an object keyed by event name/],
    ['a group without a hooks list', '{"hooks": {"Stop": [{"matcher": ".*"}]}}', /hooks\.Stop\[0\]\.hooks must be an array of handlers/],
    ['a handler that is not an object', '{"hooks": {"PostToolUse": [{"hooks": ["echo hi"]}]}}', /hooks\.PostToolUse\[0\]\.hooks\[0\] must be an object/],
  ]
  for (const [name, json, message] of cases) {
    it(`${name}: exit 2 naming the file and the JSON path`, async () => {
      const repo = makeRepo({'.codex/hooks.json': json})
      const before = rawSnapshot(repo)
      const result = await runCli(['init', '--no-precommit'], {cwd: repo})
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('.codex/hooks.json: ')
      expect(result.stderr).toMatch(message)
      expect(result.stderr).not.toMatch(/internal error/)
      expect(rawSnapshot(repo)).toEqual(before)
    })
  }

  it('a syntax error names the line and column', async () => {
    const repo = makeRepo({'.codex/hooks.json': '{\n  "hooks": {\n    "Stop": [,]\n  }\n}\n'})
    const result = await runCli(['init', '--no-precommit'], {cwd: repo})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('.codex/hooks.json:3:14: invalid JSON at line 3, column 14')
  })
})
