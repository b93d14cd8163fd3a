// The hook judges files by content too (a credential under a name the catalogue does not know),
// and denies commands that print historical content of secret paths from git.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildPolicy} from '../../src/policy/effective.js'
import {SensitivePathMatcher} from '../../src/policy/sensitive.js'
import {HookDecider} from '../../src/session/hook/decide.js'

let root: string
let home: string
let decider: HookDecider
const KEY = `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----\n${'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'}AAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACB\n-----END OPENSSH PRIVATE KEY-----\n`

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cg-hook-content-'))
  home = join(root, 'home')
  const project = join(root, 'proj')
  for (const dir of [join(project, '.git'), join(project, 'deploy'), join(project, 'infra'), join(project, 'src')]) mkdirSync(dir, {recursive: true})
  writeFileSync(join(project, 'deploy', 'hetzner_deploy_key'), KEY)
  writeFileSync(join(project, 'infra', 'settings.conf'), `APP=shop\nSTRIPE_API_KEY=${'rk_9f8e7d6c5b'}4a3f2e1d\n`)
  writeFileSync(join(project, 'src', 'app.ts'), 'export const password = process.env.DB_PASSWORD\n')
  writeFileSync(join(project, 'README.md'), '# app\n')
  const policy = buildPolicy('standard')
  decider = new HookDecider({cwd: project, policy, matcher: new SensitivePathMatcher(policy, project, home)})
})
afterAll(() => rmSync(root, {recursive: true, force: true}))

const decide = (command: string) => decider.bash(command, home)

describe('hook: credentials by content', () => {
  it.each(['cat deploy/hetzner_deploy_key', 'base64 < deploy/hetzner_deploy_key', 'grep KEY infra/settings.conf', "sh -c 'head infra/settings.conf'", 'cp deploy/hetzner_deploy_key /tmp/k'])(
    'denies %s',
    (command) => {
      const result = decide(command)
      expect(result.decision, JSON.stringify(result.reasons)).toBe('deny')
      expect(JSON.stringify(result.reasons)).not.toContain('rk_9f8e')
    },
  )

  it.each(['cat src/app.ts', 'cat README.md', 'ls deploy'])('allows %s', (command) => {
    expect(decide(command).decision).toBe('allow')
  })

  it('view_image and apply_patch on a credential file by content', () => {
    expect(decider.readPath('view_image', 'deploy/hetzner_deploy_key').decision).toBe('deny')
    expect(decider.patch('*** Begin Patch\n*** Update File: infra/settings.conf\n@@\n-APP=shop\n+APP=shop2\n*** End Patch\n').decision).toBe('deny')
  })
})

describe('hook: secret content from git history', () => {
  it.each([
    'git show HEAD~3:.env.staging',
    'git log -p -- .env',
    'git cat-file -p HEAD~1:.env',
    'git diff HEAD~1 -- .env',
    'git log -p --all -- config/master.key',
    'git show abc123:./.env.production',
  ])('denies %s', (command) => {
    const result = decide(command)
    expect(result.decision, command).toBe('deny')
  })

  it.each(['git log --oneline', 'git show HEAD:README.md', 'git diff HEAD~1 -- src/app.ts'])('allows %s', (command) => {
    expect(decide(command).decision).toBe('allow')
  })
})

describe('hook: each path judged once per decision, afresh in the next', () => {
  it('judges a word repeated across commands once, and sees a file written between two decisions', () => {
    const project = join(root, 'proj')
    const policy = buildPolicy('standard')
    const matcher = new SensitivePathMatcher(policy, project, home)
    const asked: string[] = []
    const match = matcher.match.bind(matcher)
    matcher.match = (path, cwd) => {
      asked.push(path)
      return match(path, cwd)
    }
    const own = new HookDecider({cwd: project, policy, matcher})
    expect(own.bash('grep x notes/later.txt; grep x notes/later.txt | wc -l; cat notes/later.txt', home).decision).toBe('allow')
    expect(asked.filter((path) => path === 'notes/later.txt')).toHaveLength(1)
    // the same decider, a later call: the file now holds a key, and the answer follows it
    mkdirSync(join(project, 'notes'), {recursive: true})
    writeFileSync(join(project, 'notes', 'later.txt'), KEY)
    expect(own.bash('cat notes/later.txt', home).decision).toBe('deny')
  })
})
