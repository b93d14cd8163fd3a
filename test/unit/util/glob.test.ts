import {Minimatch, type MinimatchOptions} from 'minimatch'
import {describe, expect, it} from 'vitest'
import {ALLOW_PATTERNS, HOME_PROTECTED, PROTECTED_GLOBS, SECRET_ENV_PATTERNS, SENSITIVE_PATHS} from '../../../src/policy/catalogue.js'
import {Glob, GlobPath, GlobSet, globsMatcher} from '../../../src/util/glob.js'

// Globs whose meaning the string pre-test must leave to Minimatch, beside the catalogue's own.
const HOSTILE_GLOBS = [
  '{a,b}/*.x',
  '**/*.{pem,key}',
  '!*.md',
  '#comment',
  'a/../b',
  '../x',
  '**',
  '*',
  '?',
  '',
  '/',
  '.env[-_]*',
  '*.[ch]',
  '[!a]*',
  '[]]x',
  '+(a|b)',
  '@(x).env',
  '!(y)',
  'foo@bar',
  'a]b',
  'a+b',
  'x/**/',
  'x/',
  'a//b',
  './a/.env',
  'a\\*b',
  '\\!x',
  'ſecret*',
  '*SECRET*',
  '**/.aws/**',
  '.aws/**',
  'a/*/b',
  '**/a?c',
  '*.*',
  '**/.*',
  '.*',
  '**/*',
  'a/**/b/*.c',
  '***',
  'x**y',
  '*x*y*',
  '?*?',
  'a/./b',
  '*/',
  'A/B',
]

const SAMPLE_PATHS = [
  '',
  '/',
  '.',
  '..',
  '.env',
  'a/.env',
  'a/b/.env',
  '.env.example',
  'A/.ENV',
  '.ENV',
  'secrets/x.pem',
  'x.pem/',
  'a//.env',
  'a\\.env',
  './.env',
  '../.env',
  '/abs/.env',
  '.aws/credentials',
  'home/.aws/config',
  '.aws',
  'ß',
  'ſecret',
  'SECRET_KEY',
  'secret_key',
  'process.env',
  'x/y/z.key',
  'id_rsa',
  'id_rsa.pub',
  'a',
  'b',
  'a/b',
  'ab',
  'a/x/b',
  'a/x/b/y.c',
  'abc',
  'aXc',
  'AGENTS.md',
  'docs/AGENTS.md',
  '.github/workflows/ci.yml',
  'x',
  'x/',
  'x/y',
  'xy',
  'x.y',
  'foo@bar',
  'a]b',
  'a+b',
  'a*b',
  '!x',
  'README.md',
  'src/index.ts',
  '.npmrc',
  'terraform.tfstate',
  'deploy/.env.production',
  'node_modules/x/.env',
  'y',
  '.x',
  'é.env',
  '.git/x/.env',
  '.a/.b/c.env',
  'a/.x/.env',
  'a/./.env',
  'a/../.env',
  '/.env',
  '.env/x',
  'x.env',
  '..env',
  '.env-local',
  '.env_x',
  '.env.',
  'a/.env-',
  '.ENV-x',
  'id_rsa/',
  'c/.pem',
  '.pem',
]

/** Paths built from a glob the way a matching path would look, plus near misses. */
function pathsFor(glob: string): string[] {
  const fill = (wild: string, star: string) =>
    glob
      .replaceAll('**', wild)
      .replaceAll('*', star)
      .replaceAll('?', 'q')
      .replace(/\[!?\]?[^\]]*\]/g, 'z')
  const base = [fill('', ''), fill('d', 'x'), fill('d/e', '.y'), fill('', 'long-name.with.dots')].map((path) => path.replace(/^\/+/, '').replaceAll('//', '/'))
  return base.flatMap((path) => [path, path.toUpperCase(), `${path}x`, `x${path}`, `${path}/`, `pre/${path}`, path.slice(1), path.slice(0, -1)])
}

const OPTIONS: MinimatchOptions[] = [{dot: true}, {dot: true, nocase: true}, {}, {nocase: true}, {dot: true, matchBase: true}]

describe('Glob', () => {
  const catalogue = [...SENSITIVE_PATHS.flatMap((entry) => [...entry.patterns, ...(entry.detectPatterns ?? [])]), ...ALLOW_PATTERNS, ...PROTECTED_GLOBS, ...HOME_PROTECTED, ...SECRET_ENV_PATTERNS]

  it('answers exactly as Minimatch for every catalogue glob, hostile glob and option set', () => {
    let compared = 0
    const prepared = new Map<string, GlobPath>()
    for (const glob of [...new Set([...catalogue, ...HOSTILE_GLOBS])]) {
      const paths = [...new Set([...SAMPLE_PATHS, ...pathsFor(glob)])]
      for (const options of OPTIONS) {
        const expected = new Minimatch(glob, options)
        const actual = new Glob(glob, options)
        for (const path of paths) {
          const want = expected.match(path)
          expect(actual.match(path), `${glob} ${JSON.stringify(options)} ${JSON.stringify(path)}`).toBe(want)
          // a path prepared once and shared by every glob and option set
          prepared.set(path, prepared.get(path) ?? new GlobPath(path))
          expect(actual.match(prepared.get(path)!), `prepared ${glob} ${JSON.stringify(options)} ${JSON.stringify(path)}`).toBe(want)
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(50_000)
  })

  it('matches what it should (the comparison above is not vacuous)', () => {
    expect(new Glob('**/.env').match('a/.env')).toBe(true)
    expect(new Glob('**/*.pem').match('certs/x.pem')).toBe(true)
    expect(new Glob('.env[-_]*').match('.env-local')).toBe(true)
    expect(new Glob('*SECRET*', {nocase: true, dot: true}).match('my_secret_key')).toBe(true)
    expect(new Glob('**/.aws/**').match('x/.aws/credentials')).toBe(true)
  })

  it('answers the commonest shapes (**/NAME, **/*SUFFIX) for plain paths without compiling', () => {
    for (const [glob, path] of [
      ['**/.env', 'a/b/.env'],
      ['**/*.pem', 'certs/.x/key.pem'],
    ] as const) {
      const compiled = new Glob(glob)
      expect(compiled.match(path)).toBe(true)
      expect((compiled as unknown as {compiled?: unknown}).compiled).toBeUndefined()
      // not plain: Minimatch decides
      expect(compiled.match(`./${path}`)).toBe(new Minimatch(glob, {dot: true}).match(`./${path}`))
    }
  })

  it('rejects a path that cannot match without compiling the glob', () => {
    const glob = new Glob('secrets/**/*.pem')
    expect(glob.match('src/index.ts')).toBe(false)
    expect(glob.match('certs/key.pem')).toBe(false)
    expect((glob as unknown as {compiled?: unknown}).compiled).toBeUndefined()
    expect(glob.match('secrets/a/key.pem')).toBe(true)
    expect((glob as unknown as {compiled?: unknown}).compiled).toBeDefined()
  })

  it('globsMatcher agrees with Minimatch over a list', () => {
    const any = globsMatcher(PROTECTED_GLOBS)
    const matchers = PROTECTED_GLOBS.map((glob) => new Minimatch(glob, {dot: true}))
    for (const path of [...SAMPLE_PATHS, ...PROTECTED_GLOBS.flatMap(pathsFor)]) expect(any(path), path).toBe(matchers.some((matcher) => matcher.match(path)))
  })

  it('GlobSet gives the matching globs of every list and option set, in order, as testing each glob would', () => {
    const lists = [catalogue, HOSTILE_GLOBS, ALLOW_PATTERNS, PROTECTED_GLOBS, ['**/.env', '**/.env', '.env*', '*.pem', '**/*.pem', 'x']]
    let compared = 0
    for (const list of lists) {
      const paths = [...new Set([...SAMPLE_PATHS, ...list.flatMap(pathsFor)])]
      for (const options of OPTIONS) {
        const set = new GlobSet(list, options)
        const each = list.map((glob) => new Minimatch(glob, options))
        for (const path of paths) {
          const want = each.flatMap((matcher, index) => (matcher.match(path) ? [index] : []))
          const label = `${JSON.stringify(options)} ${JSON.stringify(path)}`
          expect(set.matching(path), label).toEqual(want)
          expect(set.matching(new GlobPath(path)), label).toEqual(want)
          expect(set.some(path), label).toBe(want.length > 0)
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000)
  })

  it('GlobSet tries a path only against the globs its last segment can match', () => {
    const set = new GlobSet(['**/.env', '**/*.pem', 'id_*', 'secrets/**', '**/AGENTS.md'])
    const tried: string[] = []
    for (const glob of set.globs) {
      const match = glob.match.bind(glob)
      glob.match = (path) => {
        tried.push(glob.source)
        return match(path)
      }
    }
    expect(set.matching('certs/key.pem')).toEqual([1])
    expect(tried).toEqual(['**/*.pem', 'secrets/**'])
    tried.length = 0
    expect(set.matching('src/main.ts')).toEqual([])
    expect(tried).toEqual(['secrets/**'])
    tried.length = 0
    // a trailing slash: every glob is tried
    expect(set.matching('x.pem/')).toEqual(set.globs.flatMap((glob, index) => (new Minimatch(glob.source, {dot: true}).match('x.pem/') ? [index] : [])))
    expect(tried.length).toBe(5)
  })
})
