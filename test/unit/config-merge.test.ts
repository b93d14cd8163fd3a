import {parse} from 'smol-toml'
import {describe, expect, it} from 'vitest'
import {findConflicts, mergeProjectConfig, stripManagedBlocks} from '../../src/generate/config-toml.js'
import {buildPolicy} from '../../src/policy/effective.js'
import {ConfigError} from '../../src/util/errors.js'
import {parseTomlText} from '../../src/util/toml.js'

const policy = buildPolicy('standard')
const merge = (text: string | undefined, force = false) => mergeProjectConfig(text, policy, '.codex/config.toml', force)

const USER = `# my codex settings
model = "gpt-5.5"   # keep this comment

# MCP servers
[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-server"]  # trailing

[shell_environment_policy]
# only core vars
inherit = "core"
`

describe('project config merge', () => {
  it('writes the profile into an empty file', () => {
    const {text, conflicts} = merge(undefined)
    expect(conflicts).toEqual([])
    const data = parse(text) as Record<string, any>
    expect(data['default_permissions']).toBe('codex-guard')
    expect(data['permissions']['codex-guard']['extends']).toBe(':workspace')
    expect(data['permissions']['codex-guard']['filesystem']['~/.ssh']).toBe('none')
    expect(data['permissions']['codex-guard']['filesystem'][':workspace_roots']['**/.env']).toBe('none')
    expect(data['permissions']['codex-guard']['filesystem'][':workspace_roots']).not.toHaveProperty('**/.env.example')
    expect(data['permissions']['codex-guard']['network']['enabled']).toBe(false)
    expect(data['shell_environment_policy']['ignore_default_excludes']).toBe(false)
    expect(data).not.toHaveProperty('sandbox_mode')
  })

  it('keeps user text byte for byte and merges into the user env table', () => {
    const {text} = merge(USER)
    expect(stripManagedBlocks(text)).toBe(USER.replace(/\n$/, '\n'))
    const data = parse(text) as Record<string, any>
    expect(data['model']).toBe('gpt-5.5')
    expect(data['shell_environment_policy']['inherit']).toBe('core')
    expect(data['shell_environment_policy']['ignore_default_excludes']).toBe(false)
    expect(data['shell_environment_policy']['exclude']).toContain('*TOKEN*')
    expect(data['default_permissions']).toBe('codex-guard')
  })

  it('is idempotent', () => {
    const once = merge(USER).text
    expect(merge(once).text).toBe(once)
    const empty = merge(undefined).text
    expect(merge(empty).text).toBe(empty)
  })

  it('reports sandbox_mode and network_access conflicts and leaves them without --force', () => {
    const input = 'sandbox_mode = "workspace-write"\n\n[sandbox_workspace_write]\nnetwork_access = true\n'
    const {text, conflicts, forced} = merge(input)
    expect(conflicts.map((conflict) => [conflict.key, conflict.line])).toEqual([
      ['sandbox_mode', 1],
      ['sandbox_workspace_write.network_access', 4],
    ])
    expect(forced).toEqual([])
    expect(text).toContain('sandbox_mode = "workspace-write"\n')
    const forcedResult = merge(input, true)
    expect(forcedResult.forced).toHaveLength(2)
    expect(forcedResult.text).toContain('# [disabled by codex-guard init --force] sandbox_mode = "workspace-write"')
    expect(parse(forcedResult.text)).not.toHaveProperty('sandbox_mode')
  })

  it('--force replaces a user exclude list (multi-line) with the merged one', () => {
    const input = '[shell_environment_policy]\nexclude = [\n  "MY_APP_*",\n  "AWS_*",\n]\n'
    expect(merge(input).conflicts.map((conflict) => conflict.key)).toEqual(['shell_environment_policy.exclude'])
    const {text} = merge(input, true)
    const data = parse(text) as Record<string, any>
    expect(data['shell_environment_policy']['exclude']).toContain('*SECRET*')
    expect(data['shell_environment_policy']['exclude'][0]).toBe('MY_APP_*')
    expect(data['shell_environment_policy']['ignore_default_excludes']).toBe(false)
    expect(merge(text).conflicts).toEqual([])
    expect(merge(text, true).text).toBe(text)
    expect(merge(text).text).toBe(text)
  })

  it('keeps trailing blank lines and multi-line strings that contain "[" lines', () => {
    const input = 'developer_instructions = """\nSome text\n[important] not a table\n"""\n\n\n'
    const {text} = merge(input)
    expect(stripManagedBlocks(text)).toBe(input)
    const data = parse(text) as Record<string, any>
    expect(data['developer_instructions']).toContain('[important]')
    expect(data['default_permissions']).toBe('codex-guard')
  })

  it('writes read-only entries only for protected paths that exist (Codex masks missing ones with a file)', () => {
    const without = parse(mergeProjectConfig(undefined, policy, 'x', false, () => false).text) as Record<string, any>
    const roots = without['permissions']['codex-guard']['filesystem'][':workspace_roots']
    expect(Object.values(roots)).not.toContain('read')
    const withCi = parse(mergeProjectConfig(undefined, policy, 'x', false, (path) => path === '.github/workflows').text) as Record<string, any>
    expect(withCi['permissions']['codex-guard']['filesystem'][':workspace_roots']['.github/workflows/**']).toBe('read')
  })

  it('does not merge into filters or inline env tables', () => {
    expect(findConflicts(parseTomlText('[shell_environment_policy]\nfilters = { "A" = "exclude" }\n', 'x')).map((conflict) => conflict.forceable)).toEqual([false])
    expect(findConflicts(parseTomlText('shell_environment_policy = { inherit = "all" }\n', 'x'))[0]?.key).toBe('shell_environment_policy')
  })

  it('rejects malformed TOML with file and line', () => {
    try {
      merge('model = "x"\n[a\n')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).line).toBe(2)
      expect((error as ConfigError).located).toMatch(/^\.codex\/config\.toml:2/)
    }
  })
})
