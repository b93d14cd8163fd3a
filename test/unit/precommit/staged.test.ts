// The staged-content reader against real temporary repositories: what it reports must be the
// index, never the working tree, for every awkward case git allows.
import {chmodSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {unquoteCPath} from '../../../src/git/run.js'
import {parseStagedDiff, readStaged, type StagedFile, stagedTexts} from '../../../src/precommit/staged.js'
import {cleanup, cliEnv, git, makeRepo, writeFiles} from '../../helpers/cli.js'

afterEach(cleanup)

const read = (repo: string, options: {maxFileBytes?: number; base?: string} = {}) => readStaged(repo, {...options, env: cliEnv(repo)})
const byPath = (files: StagedFile[]) => new Map(files.map((file) => [file.path, file]))
const texts = (file: StagedFile | undefined) => file?.added.map((line) => line.text)

function commitAll(repo: string, message = 'c'): void {
  git(repo, ['add', '-A'])
  git(repo, ['commit', '-q', '--no-verify', '-m', message])
}

describe('unquoteCPath', () => {
  it('decodes git C-quoting to bytes', () => {
    expect(unquoteCPath('"a\\tb\\n\\"c\\\\"').toString('utf8')).toBe('a\tb\n"c\\')
    expect(unquoteCPath('"\\303\\274n\\303\\257"').toString('utf8')).toBe('ünï')
    expect(unquoteCPath('plain name').toString('utf8')).toBe('plain name')
  })
})

describe('readStaged', () => {
  it('reads added lines of the initial commit (no HEAD yet) with their line numbers', async () => {
    const repo = makeRepo({'a.txt': 'one\ntwo\n', 'dir/b.js': 'const x = 1\n'})
    git(repo, ['add', '-A'])
    const staged = await read(repo)
    expect(staged.branch).toBe('main')
    const files = byPath(staged.files)
    expect(files.get('a.txt')?.added).toEqual([
      {line: 1, text: 'one'},
      {line: 2, text: 'two'},
    ])
    expect(files.get('a.txt')?.status).toBe('A')
    expect(files.get('a.txt')?.wholeFile).toBe(true)
    expect(texts(files.get('dir/b.js'))).toEqual(['const x = 1'])
  })

  it('reads the index, not the working tree', async () => {
    const repo = makeRepo({'f.txt': 'base\n'})
    commitAll(repo)
    writeFileSync(join(repo, 'f.txt'), 'base\nstaged line\n')
    git(repo, ['add', 'f.txt'])
    writeFileSync(join(repo, 'f.txt'), 'base\nworking tree only\n')
    writeFileSync(join(repo, 'untracked.txt'), 'not staged\n')
    const staged = await read(repo)
    expect(staged.files.map((file) => file.path)).toEqual(['f.txt'])
    expect(staged.files[0]?.added).toEqual([{line: 2, text: 'staged line'}])
  })

  it('handles paths with spaces, unicode, quotes, tabs and newlines', async () => {
    const names = ['with space.txt', 'ünïcödé/名前.txt', 'quote"d.txt', 'tab\there.txt', 'new\nline.txt', 'back\\slash.txt', ' lead and trail .txt']
    const repo = makeRepo(Object.fromEntries(names.map((name, index) => [name, `content ${index}\n`])))
    git(repo, ['add', '-A'])
    const files = byPath((await read(repo)).files)
    for (const [index, name] of names.entries()) expect(texts(files.get(name)), name).toEqual([`content ${index}`])
  })

  it('reports renames with their old name, deletions without lines, and mode-only changes', async () => {
    const repo = makeRepo({'old name.txt': 'a\nb\nc\nd\ne\n', 'gone.txt': 'bye\n', 'run.sh': 'echo hi\n'})
    commitAll(repo)
    git(repo, ['mv', 'old name.txt', 'new name.txt'])
    writeFileSync(join(repo, 'new name.txt'), 'a\nb\nc\nd\ne\nf\n')
    git(repo, ['rm', '-q', 'gone.txt'])
    chmodSync(join(repo, 'run.sh'), 0o755)
    git(repo, ['add', '-A'])
    const files = byPath((await read(repo)).files)
    expect(files.get('new name.txt')).toMatchObject({status: 'R', oldPath: 'old name.txt', kind: 'text'})
    expect(texts(files.get('new name.txt'))).toEqual(['f'])
    expect(files.get('gone.txt')).toMatchObject({status: 'D', kind: 'deleted', added: []})
    expect(files.get('run.sh')).toMatchObject({status: 'M', oldMode: '100644', newMode: '100755', added: []})
  })

  it('reports only the added lines of a modified file, across hunks', async () => {
    const lines = Array.from({length: 30}, (_, index) => `line ${index + 1}`)
    const repo = makeRepo({'f.txt': `${lines.join('\n')}\n`})
    commitAll(repo)
    const changed = [...lines]
    changed[2] = 'changed 3'
    changed.splice(20, 0, 'inserted a', 'inserted b')
    changed.push('+++ looks like a header', '@@ -1 +1 @@ looks like a hunk', 'diff --git a/x b/x')
    writeFileSync(join(repo, 'f.txt'), `${changed.join('\n')}\n`)
    git(repo, ['add', '-A'])
    git(repo, ['config', 'diff.interHunkContext', '10'])
    git(repo, ['config', 'diff.context', '5'])
    const file = (await read(repo)).files[0]!
    expect(file.added).toEqual([
      {line: 3, text: 'changed 3'},
      {line: 21, text: 'inserted a'},
      {line: 22, text: 'inserted b'},
      {line: 33, text: '+++ looks like a header'},
      {line: 34, text: '@@ -1 +1 @@ looks like a hunk'},
      {line: 35, text: 'diff --git a/x b/x'},
    ])
  })

  it('is not fooled by user diff configuration (noprefix, mnemonic prefixes, external diff, colour, order file)', async () => {
    const repo = makeRepo({'a.txt': 'x\n'})
    commitAll(repo)
    writeFiles(repo, {'a.txt': 'x\ny\n', order: 'b.txt\n', 'b.txt': 'z\n'})
    for (const [key, value] of [
      ['diff.noprefix', 'true'],
      ['diff.mnemonicPrefix', 'true'],
      ['diff.external', 'false'],
      ['color.ui', 'always'],
      ['diff.orderFile', 'order'],
      ['diff.relative', 'true'],
      ['core.quotePath', 'false'],
      ['diff.renames', 'copies'],
    ] as const) {
      git(repo, ['config', key, value])
    }
    git(repo, ['add', '-A'])
    const files = byPath((await read(repo)).files)
    expect(texts(files.get('a.txt'))).toEqual(['y'])
    expect(texts(files.get('b.txt'))).toEqual(['z'])
  })

  it('classifies binary, symlink, submodule and empty files; scans text that a diff attribute hides', async () => {
    const repo = makeRepo({
      '.gitattributes': '*.env -diff\n*.dat binary\n',
      'secret.env': 'TOKEN=abc\n',
      'image.png': '',
      'empty.txt': '',
      'real.dat': 'plain text marked binary\n',
    })
    writeFileSync(join(repo, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]))
    symlinkSync('empty.txt', join(repo, 'link'))
    const sub = makeRepo({'s.txt': 's\n'})
    commitAll(sub)
    git(repo, ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'sub'])
    git(repo, ['add', '-A'])
    const files = byPath((await read(repo)).files)
    expect(files.get('image.png')?.kind).toBe('binary')
    expect(files.get('link')?.kind).toBe('symlink')
    expect(files.get('sub')?.kind).toBe('submodule')
    expect(files.get('sub')?.added).toEqual([])
    expect(files.get('empty.txt')).toMatchObject({kind: 'text', added: []})
    expect(files.get('secret.env')).toMatchObject({kind: 'text', added: [{line: 1, text: 'TOKEN=abc'}]})
    expect(texts(files.get('real.dat'))).toEqual(['plain text marked binary'])
  })

  it('scans only new lines of a modified file hidden by a diff attribute', async () => {
    const repo = makeRepo({'.gitattributes': '*.cfg -diff\n', 'app.cfg': 'a=1\nb=2\n'})
    commitAll(repo)
    writeFileSync(join(repo, 'app.cfg'), 'a=1\nb=2\nc=3\n')
    git(repo, ['add', '-A'])
    expect((await read(repo)).files[0]?.added).toEqual([{line: 3, text: 'c=3'}])
  })

  it('marks files over the size limit as too large instead of reading them', async () => {
    const repo = makeRepo({'big.txt': 'x'.repeat(5000), 'small.txt': 'y\n'})
    git(repo, ['add', '-A'])
    const files = byPath((await read(repo, {maxFileBytes: 1000})).files)
    expect(files.get('big.txt')).toMatchObject({kind: 'too-large', size: 5000, added: []})
    expect(texts(files.get('small.txt'))).toEqual(['y'])
  })

  it('handles an empty commit and a merge in progress', async () => {
    const repo = makeRepo({'a.txt': 'a\n'})
    commitAll(repo)
    expect((await read(repo)).files).toEqual([])
    git(repo, ['checkout', '-q', '-b', 'topic'])
    writeFiles(repo, {'b.txt': 'from topic\n'})
    commitAll(repo, 'topic')
    git(repo, ['checkout', '-q', 'main'])
    writeFiles(repo, {'c.txt': 'from main\n'})
    commitAll(repo, 'main')
    git(repo, ['merge', '-q', '--no-commit', '--no-ff', 'topic'])
    const staged = await read(repo)
    expect(staged.files.map((file) => [file.path, texts(file)])).toEqual([['b.txt', ['from topic']]])
  })

  it('diffs the whole index against another tree (the baseline uses the empty tree)', async () => {
    const repo = makeRepo({'a.txt': 'a\n', 'b.txt': 'b\n'})
    commitAll(repo)
    const empty = git(repo, ['hash-object', '-t', 'tree', '--stdin']).trim()
    const staged = await read(repo, {base: empty})
    expect(staged.files.map((file) => file.path).sort()).toEqual(['a.txt', 'b.txt'])
  })

  it('reports a detached HEAD as no branch, and works from a subdirectory', async () => {
    const repo = makeRepo({'d/a.txt': 'a\n'})
    commitAll(repo)
    git(repo, ['checkout', '-q', '--detach'])
    writeFiles(repo, {'d/b.txt': 'b\n'})
    git(repo, ['add', '-A'])
    const staged = await read(join(repo, 'd'))
    expect(staged.branch).toBeUndefined()
    expect(staged.root).toBe(repo)
    expect(staged.files.map((file) => file.path)).toEqual(['d/b.txt'])
  })

  it('rebuilds new files and fetches changed ones for full-text scanners', async () => {
    const repo = makeRepo({'m.txt': 'one\n'})
    commitAll(repo)
    writeFiles(repo, {'m.txt': 'one\ntwo\n', 'n.txt': 'new\nfile\n'})
    git(repo, ['add', '-A'])
    const staged = await read(repo)
    const full = await stagedTexts(staged.root, staged.files, cliEnv(repo))
    expect([...full.entries()].map(([file, text]) => [file.path, text])).toEqual([
      ['n.txt', 'new\nfile\n'],
      ['m.txt', 'one\ntwo\n'],
    ])
  })

  it('fails with a git error outside a repository', async () => {
    const dir = makeRepo({}, {git: false})
    mkdirSync(join(dir, 'x'))
    await expect(readStaged(join(dir, 'x'), {env: {...cliEnv(dir), GIT_CEILING_DIRECTORIES: dir}})).rejects.toThrow(/git/)
  })
})

describe('parseStagedDiff', () => {
  it('parses raw records and the patch, typechange included', () => {
    const z = (...parts: string[]) => parts.join('\0')
    const patch = [
      'diff --git a/x b/x',
      'deleted file mode 100644',
      '--- a/x',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-old',
      'diff --git a/x b/x',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/x',
      '@@ -0,0 +1,2 @@',
      '+n1',
      '+n2',
      '\\ No newline at end of file',
      '',
    ].join('\n')
    const output = Buffer.from(`${z(':100644 100644 1111111111111111111111111111111111111111 2222222222222222222222222222222222222222 T', 'x', '')}\0${patch}`)
    const [file] = parseStagedDiff(output)
    expect(file).toMatchObject({status: 'T', path: 'x', kind: 'text'})
    expect(texts(file)).toEqual(['n1', 'n2'])
  })
})
