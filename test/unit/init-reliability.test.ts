// init on files in other encodings and line endings, with damaged markers, and hooks.json of the
// wrong shape: what the planners do with the text (the CLI side is test/cli/init-reliability.test.ts).
import {parse} from 'smol-toml'
import {describe, expect, it} from 'vitest'
import {mergeHooksJson, parseHooksJson} from '../../src/codex/hooks.js'
import {AGENTS_MARKERS} from '../../src/generate/agents-md.js'
import {mergeProjectConfig, stripManagedBlocks} from '../../src/generate/config-toml.js'
import {GITIGNORE_MARKERS} from '../../src/generate/gitignore.js'
import {upsertSection} from '../../src/generate/marked-section.js'
import {assertSectionFits, decodeUserFile, dominantEol} from '../../src/generate/text-file.js'
import {buildPolicy} from '../../src/policy/effective.js'
import {ConfigError} from '../../src/util/errors.js'

const policy = buildPolicy('standard')
const merge = (text: string | undefined, force = false) => mergeProjectConfig(text, policy, '.codex/config.toml', force)
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n')

const USER = `# my settings
model = "gpt-5.5"

[mcp_servers.docs]
command = "npx"

[shell_environment_policy]
inherit = "core"
`

function configError(run: () => unknown): ConfigError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error('expected a ConfigError')
}

describe('config.toml encodings and line endings', () => {
  it('keeps a UTF-8 byte-order mark first, and a rerun changes nothing', () => {
    const once = merge('\uFEFF# my settings\nmodel = "gpt-5.5"\n').text
    expect(once.startsWith('\uFEFF# >>> codex-guard: top-level keys')).toBe(true)
    expect(count(once, '\uFEFF')).toBe(1)
    expect(merge(once).text).toBe(once)
    expect((parse(once.slice(1)) as Record<string, unknown>)['default_permissions']).toBe('codex-guard')
  })

  it('a merged file converted to CRLF (core.autocrlf) merges again without change and stays CRLF', () => {
    const converted = crlf(merge(USER).text)
    const again = merge(converted)
    expect(again.conflicts).toEqual([])
    expect(again.text).toBe(converted)
    expect(again.text.replace(/\r\n/g, '')).not.toContain('\n')
  })

  it('writes the managed blocks of a CRLF file with CRLF and keeps user bytes as they are', () => {
    const user = crlf(USER)
    const merged = merge(user).text
    expect(merged.replace(/\r\n/g, '')).not.toContain('\n')
    expect(stripManagedBlocks(merged)).toBe(user)
    expect((parse(merged) as Record<string, any>)['shell_environment_policy']['ignore_default_excludes']).toBe(false)
  })

  it('a mixed file: the dominant ending for the managed blocks, the odd LF line kept as it is', () => {
    const user = `# lone LF line\n${crlf('# a\r\nmodel = "x"\r\nmodel_reasoning_effort = "high"\r\n[tui]\r\nnotifications = true\r\n')}`
    const merged = merge(user).text
    expect(merged.startsWith('# lone LF line\n# a\r\n')).toBe(true)
    expect(merged).toContain('# >>> codex-guard: top-level keys (managed by codex-guard init; edits here are overwritten) >>>\r\n')
    expect(stripManagedBlocks(merged)).toBe(user)
    expect(merge(merged).text).toBe(merged)
  })

  it('--force on a CRLF file: disabled lines and the merged exclude list keep CRLF; reruns are stable', () => {
    const user = crlf('sandbox_mode = "workspace-write"\n\n[shell_environment_policy]\nexclude = [\n  "MY_APP_*",\n]\n')
    const forced = merge(user, true).text
    expect(forced.replace(/\r\n/g, '')).not.toContain('\n')
    expect(forced).toContain('# [disabled by codex-guard init --force] sandbox_mode = "workspace-write"\r\n')
    expect((parse(forced) as Record<string, any>)['shell_environment_policy']['exclude']).toContain('MY_APP_*')
    expect(merge(forced).text).toBe(forced)
    expect(merge(forced, true).text).toBe(forced)
  })

  it('dominantEol counts CRLF against LF-only lines', () => {
    expect(dominantEol('a\r\nb\r\nc\n')).toBe('\r\n')
    expect(dominantEol('a\r\nb\nc\n')).toBe('\n')
    expect(dominantEol('')).toBe('\n')
  })
})

describe('user files that are not UTF-8', () => {
  it('Latin-1 is kept as bytes where allowed, refused otherwise, never replaced with U+FFFD', () => {
    const bytes = Buffer.from('# caf\xe9 files\nnode_modules/\n', 'latin1')
    const decoded = decodeUserFile(bytes, '.gitignore', {latin1: true})
    expect(decoded.encoding).toBe('latin1')
    expect(decoded.text).not.toContain('\uFFFD')
    const after = upsertSection(decoded.text, '.env', GITIGNORE_MARKERS, '.gitignore')
    expect(Buffer.from(after, 'latin1').subarray(0, bytes.length).equals(bytes)).toBe(true)
    const refused = configError(() => decodeUserFile(bytes, '.codex/config.toml', {latin1: false}))
    expect(refused.located).toMatch(/^\.codex\/config\.toml:1: is not valid UTF-8/)
  })

  it('a Latin-1 file only takes an ASCII section (a non-ASCII policy path is refused, not mis-encoded)', () => {
    const decoded = decodeUserFile(Buffer.from('caf\xe9/\n', 'latin1'), '.gitignore', {latin1: true})
    expect(() => assertSectionFits('.env\n*.pem', decoded, '.gitignore')).not.toThrow()
    expect(configError(() => assertSectionFits('données/.env', decoded, '.gitignore')).located).toMatch(/^\.gitignore: is not UTF-8 .*save the file as UTF-8/)
    expect(() => assertSectionFits('données/.env', decodeUserFile(Buffer.from('x\n'), '.gitignore', {latin1: true}), '.gitignore')).not.toThrow()
  })

  it('UTF-16 (by its byte-order mark) is refused with the file named', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Agents\n', 'utf16le')])
    const error = configError(() => decodeUserFile(bytes, 'AGENTS.md', {latin1: true, alternative: 'or rerun with --no-agents-md'}))
    expect(error.located).toMatch(/^AGENTS\.md: is UTF-16/)
    expect(error.message).toContain('--no-agents-md')
  })

  it('a UTF-8 byte-order mark in AGENTS.md stays first', () => {
    const text = upsertSection('\uFEFF# Agents\n', 'rules', AGENTS_MARKERS, 'AGENTS.md')
    expect(text.startsWith('\uFEFF# Agents\n')).toBe(true)
    expect(upsertSection(text, 'rules', AGENTS_MARKERS, 'AGENTS.md')).toBe(text)
  })

  it('a CRLF .gitignore gets a CRLF section and is otherwise unchanged', () => {
    const user = 'node_modules/\r\ndist/\r\n'
    const once = upsertSection(user, '.env\n*.pem', GITIGNORE_MARKERS, '.gitignore')
    expect(once.startsWith(user)).toBe(true)
    expect(once.replace(/\r\n/g, '')).not.toContain('\n')
    expect(upsertSection(once, '.env\n*.pem', GITIGNORE_MARKERS, '.gitignore')).toBe(once)
  })
})

const count = (text: string, needle: string) => text.split(needle).length - 1

describe('damaged markers are errors, never guesses', () => {
  const agents = upsertSection('# Guide\n\nUse pnpm.\n', 'Do not read .env', AGENTS_MARKERS, 'AGENTS.md')

  it('AGENTS.md: a start marker without its end marker', () => {
    const damaged = `${agents.replace(`${AGENTS_MARKERS.end}\n`, '')}\n## Release\n\nTag from main.\n`
    const error = configError(() => upsertSection(damaged, 'x', AGENTS_MARKERS, 'AGENTS.md'))
    expect(error.line).toBe(damaged.split('\n').indexOf(AGENTS_MARKERS.start) + 1)
    expect(error.message).toMatch(/has no end marker/)
    expect(error.message).toMatch(/Fix: /)
  })

  it('AGENTS.md: an end marker without a start, an end before the start, duplicated pairs, a look-alike line', () => {
    expect(configError(() => upsertSection(agents.replace(`${AGENTS_MARKERS.start}\n`, ''), 'x', AGENTS_MARKERS, 'AGENTS.md')).message).toMatch(/no start marker/)
    expect(configError(() => upsertSection(`${AGENTS_MARKERS.end}\n${AGENTS_MARKERS.start}\n`, 'x', AGENTS_MARKERS, 'AGENTS.md')).message).toMatch(/comes before/)
    const twice = configError(() => upsertSection(agents + agents, 'x', AGENTS_MARKERS, 'AGENTS.md'))
    expect(twice.message).toMatch(/appears 2 times/)
    const lookalike = configError(() => upsertSection(`# Guide\n<!-- codex-guard:start here, my note -->\n`, 'x', AGENTS_MARKERS, 'AGENTS.md'))
    expect(lookalike.line).toBe(2)
    expect(lookalike.message).toMatch(/starts like a codex-guard marker/)
  })

  it('.gitignore: a user comment that starts like the marker', () => {
    const error = configError(() => upsertSection('# >>> codex-guard notes: keep .env out\n.env\n', 'x', GITIGNORE_MARKERS, '.gitignore'))
    expect(error.located).toMatch(/^\.gitignore:1: /)
  })

  it('config.toml: an end marker the user removed', () => {
    const merged = merge(USER).text
    const damaged = merged.replace('default_permissions = "codex-guard"\n# <<< codex-guard <<<\n', 'default_permissions = "codex-guard"\n')
    const error = configError(() => merge(damaged))
    expect(error.line).toBe(damaged.split('\n').findIndex((line) => line.startsWith('# >>> codex-guard: top-level')) + 1)
    expect(error.line).toBeGreaterThan(1)
    expect(error.message).toMatch(/has no end marker/)
  })

  it('config.toml: a comment that merely starts like a marker, a stray end marker, a duplicated block', () => {
    const lookalike = configError(() => merge('model = "x"\n# >>> codex-guard: my own note about the profile\n[tui]\n'))
    expect(lookalike.line).toBe(2)
    expect(lookalike.message).toMatch(/starts like a codex-guard marker/)
    expect(configError(() => merge('model = "x"\n# <<< codex-guard <<<\n')).message).toMatch(/no start marker/)
    const merged = merge(USER).text
    const profile = merged.slice(merged.indexOf('# >>> codex-guard: permission profile'))
    expect(configError(() => merge(`${merged}\n${profile}`)).message).toMatch(/duplicates the one on line/)
  })
})

describe('hooks.json of the wrong shape', () => {
  const cases: [string, RegExp][] = [
    ['{"hooks": {"PreToolUse": {}}}', /hooks\.PreToolUse must be an array of hook groups, found an object/],
    ['{"hooks": []}', /"hooks" must be an object keyed by event name, found an array/],
    ['{"hooks": {"Stop": [{"matcher": "x"}]}}', /hooks\.Stop\[0\]\.hooks must be an array of handlers, found undefined/],
    ['{"hooks": {"Stop": [{"hooks": ["echo hi"]}]}}', /hooks\.Stop\[0\]\.hooks\[0\] must be an object/],
    ['[]', /the top level must be an object/],
  ]
  for (const [text, message] of cases) {
    it(text, () => {
      const error = configError(() => mergeHooksJson(text, '.codex/hooks.json', 'x-1'))
      expect(error.message).toMatch(message)
      expect(error.located.startsWith('.codex/hooks.json: ')).toBe(true)
    })
  }

  it('a syntax error names the line and column', () => {
    const error = configError(() => parseHooksJson('{\n  "hooks": {\n    "Stop": [,]\n  }\n}\n', '.codex/hooks.json'))
    expect(error.line).toBe(3)
    expect(error.column).toBe(14)
    expect(error.located).toMatch(/^\.codex\/hooks\.json:3:14: invalid JSON at line 3, column 14/)
  })

  it('a well-formed file with other tools’ groups still merges', () => {
    const other = '{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "my-tool check"}]}]}}'
    const merged = JSON.parse(mergeHooksJson(other, '.codex/hooks.json', 'x-1'))
    expect(merged.hooks.PreToolUse[0].hooks[0].command).toBe('my-tool check')
    expect(merged.hooks.PreToolUse).toHaveLength(2)
  })
})
