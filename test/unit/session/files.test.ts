// The chokidar file monitor on real directories: secret files appearing mid-session, protected
// files, ignores, home locations, bulk changes, and degradation on a real inotify limit (ENOSPC
// inside a user namespace whose max_inotify_watches is lowered, so the host is not affected).
import {execFile} from 'node:child_process'
import {mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, afterEach, describe, expect, it} from 'vitest'
import {buildPolicy} from '../../../src/policy/effective.js'
import {type FileChangeEvent, FileMonitor, type FileMonitorEvent, INOTIFY_LIMIT_MESSAGE, startFileMonitor} from '../../../src/session/monitors/files.js'

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..')
const base = realpathSync(mkdtempSync(join(tmpdir(), 'codex-guard-files-')))
afterAll(() => rmSync(base, {recursive: true, force: true}))
let counter = 0
const monitors: FileMonitor[] = []
afterEach(async () => {
  await Promise.all(monitors.splice(0).map((monitor) => monitor.stop()))
})

function scratch(): {root: string; home: string} {
  const dir = join(base, String(++counter))
  const root = join(dir, 'repo')
  const home = join(dir, 'home')
  for (const sub of ['.git/objects', '.git/hooks', 'node_modules/pkg', 'dist', 'src', 'vendor-cache']) mkdirSync(join(root, sub), {recursive: true})
  mkdirSync(join(home, '.ssh'), {recursive: true})
  return {root, home}
}

async function watch(options: {root: string; home: string; ignore?: string[]; bulkThreshold?: number}): Promise<FileMonitorEvent[]> {
  const events: FileMonitorEvent[] = []
  const monitor = await startFileMonitor({...options, policy: buildPolicy('standard'), onEvent: (event) => events.push(event)})
  monitors.push(monitor)
  return events
}

const waitFor = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
const changes = (events: FileMonitorEvent[]) => events.filter((event): event is FileChangeEvent => event.type === 'change')
const settle = () => new Promise((resolve) => setTimeout(resolve, 400))

describe('FileMonitor', () => {
  it('reports a .env.local created mid-session as not covered by deny globs', async () => {
    const {root, home} = scratch()
    const events = await watch({root, home})
    writeFileSync(join(root, '.env.local'), 'API_TOKEN=abc\n')
    await waitFor(() => changes(events).some((event) => event.relative === '.env.local'))
    const event = changes(events).find((candidate) => candidate.relative === '.env.local')!
    expect(event).toMatchObject({change: 'created', area: 'workspace', sensitive: {entryId: 'env.dotenv', scope: 'project'}})
    expect(event.message).toContain('not covered by deny globs')
    expect(event.message).toContain('Codex expands deny-read globs when the sandbox starts')
  })

  it('reports writes to protected files, including .git/hooks, and deletions of sensitive files', async () => {
    const {root, home} = scratch()
    writeFileSync(join(root, 'config.pem'), 'key')
    const events = await watch({root, home})
    mkdirSync(join(root, '.github', 'workflows'), {recursive: true})
    writeFileSync(join(root, '.github', 'workflows', 'x.yml'), 'on: push\n')
    writeFileSync(join(root, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\n')
    writeFileSync(join(root, 'AGENTS.md'), '# agents\n')
    unlinkSync(join(root, 'config.pem'))
    await waitFor(() => changes(events).length >= 4)
    const byPath = new Map(changes(events).map((event) => [event.relative, event]))
    expect(byPath.get('.github/workflows/x.yml')).toMatchObject({
      change: 'created',
      protectedGlob: '.github/workflows/**',
      message: expect.stringContaining('protected file created: .github/workflows/x.yml'),
    })
    expect(byPath.get('.git/hooks/pre-commit')).toMatchObject({protectedGlob: '.git/hooks/**'})
    expect(byPath.get('AGENTS.md')).toMatchObject({protectedGlob: '**/AGENTS.md'})
    expect(byPath.get('config.pem')).toMatchObject({change: 'deleted', sensitive: {entryId: 'certs.private'}, message: 'sensitive file deleted: config.pem (certs.private)'})
  })

  it('ignores dependencies, build output and .git internals, plus extra ignores', async () => {
    const {root, home} = scratch()
    const events = await watch({root, home, ignore: ['vendor-cache', 'src/generated/**']})
    mkdirSync(join(root, 'src', 'generated'), {recursive: true})
    for (const path of ['node_modules/pkg/.env', 'dist/app.js', '.git/objects/ab', 'vendor-cache/x', 'src/generated/.env', 'src/real.ts']) writeFileSync(join(root, path), 'x')
    await waitFor(() => changes(events).length >= 1)
    await settle()
    expect(changes(events).map((event) => event.relative)).toEqual(['src/real.ts'])
  })

  it('watches existing home locations and the parents of missing ones', async () => {
    const {root, home} = scratch()
    const events = await watch({root, home})
    writeFileSync(join(home, '.ssh', 'id_ed25519'), 'key')
    writeFileSync(join(home, '.npmrc'), '//registry/:_authToken=x')
    writeFileSync(join(home, 'unrelated.txt'), 'x')
    await waitFor(() => changes(events).length >= 2)
    await settle()
    const home_ = changes(events).filter((event) => event.area === 'home')
    expect(home_.map((event) => [event.path, event.sensitive?.entryId])).toEqual(
      expect.arrayContaining([
        [join(home, '.ssh', 'id_ed25519'), 'ssh.home'],
        [join(home, '.npmrc'), 'registry.home'],
      ]),
    )
    expect(home_.some((event) => event.path.endsWith('unrelated.txt'))).toBe(false)
    expect(home_.find((event) => event.path.endsWith('.npmrc'))!.message).toMatch(/did not exist when the session started/)
    expect(home_.find((event) => event.path.endsWith('id_ed25519'))!.message).toMatch(/which a codex-guard profile denies as a whole/)
  })

  it('stop(drain) reports what was written just before it, without a settle wait', async () => {
    const {root, home} = scratch()
    const events: FileMonitorEvent[] = []
    const monitor = await startFileMonitor({root, home, policy: buildPolicy('standard'), onEvent: (event) => events.push(event)})
    writeFileSync(join(root, 'src', 'last.ts'), 'x')
    writeFileSync(join(root, '.env.production'), 'A=1')
    writeFileSync(join(home, '.ssh', 'id_new'), 'key')
    await monitor.stop(true)
    const seen = changes(events).map((event) => event.relative ?? event.path)
    expect(seen).toEqual(expect.arrayContaining(['src/last.ts', '.env.production', join(home, '.ssh', 'id_new')]))
  })

  it('batches: repeated writes coalesce, directories report their files created and deleted, delete-and-recreate is seen', async () => {
    const {root, home} = scratch()
    writeFileSync(join(root, 'src', 'kept.ts'), 'x')
    const events = await watch({root, home})
    for (let index = 0; index < 20; index++) writeFileSync(join(root, 'src', 'kept.ts'), `v${index}`)
    mkdirSync(join(root, 'pkg', 'inner'), {recursive: true})
    writeFileSync(join(root, 'pkg', 'inner', 'a.ts'), 'a')
    writeFileSync(join(root, 'pkg', 'b.ts'), 'b')
    await waitFor(() => changes(events).filter((event) => event.relative?.startsWith('pkg/')).length >= 2)
    await settle()
    const kept = changes(events).filter((event) => event.relative === 'src/kept.ts')
    expect(kept.length).toBeGreaterThanOrEqual(1)
    expect(kept.length).toBeLessThan(20)
    expect(kept.every((event) => event.change === 'changed')).toBe(true)
    expect(
      changes(events)
        .filter((event) => event.relative?.startsWith('pkg/'))
        .map((event) => [event.relative, event.change]),
    ).toEqual(
      expect.arrayContaining([
        ['pkg/inner/a.ts', 'created'],
        ['pkg/b.ts', 'created'],
      ]),
    )
    events.length = 0
    rmSync(join(root, 'pkg'), {recursive: true})
    unlinkSync(join(root, 'src', 'kept.ts'))
    writeFileSync(join(root, 'src', 'kept.ts'), 'again')
    await waitFor(() => changes(events).length >= 3)
    await settle()
    const after = changes(events).map((event) => [event.relative, event.change])
    expect(after).toEqual(
      expect.arrayContaining([
        ['pkg/inner/a.ts', 'deleted'],
        ['pkg/b.ts', 'deleted'],
      ]),
    )
    // Deleted and written again: a change of the known file when both land in one batch.
    const keptAgain = JSON.stringify(after.filter(([path]) => path === 'src/kept.ts'))
    expect([
      JSON.stringify([['src/kept.ts', 'changed']]),
      JSON.stringify([
        ['src/kept.ts', 'deleted'],
        ['src/kept.ts', 'created'],
      ]),
    ]).toContain(keptAgain)
  })

  it('reports a bulk change once per window', async () => {
    const {root, home} = scratch()
    const events = await watch({root, home, bulkThreshold: 10})
    for (let index = 0; index < 25; index++) writeFileSync(join(root, 'src', `f${index}.txt`), 'x')
    await waitFor(() => changes(events).length >= 25)
    const bulk = events.filter((event) => event.type === 'bulk')
    expect(bulk).toHaveLength(1)
    expect(bulk[0]).toMatchObject({count: 11, message: expect.stringMatching(/^bulk change: 11 files changed within 10 s \(threshold 10\)/)})
  })

  it('degrades on ENOSPC/EMFILE: reported once, watchers closed', async () => {
    const {root, home} = scratch()
    const events: FileMonitorEvent[] = []
    const monitor = new FileMonitor({root, home, policy: buildPolicy('standard'), onEvent: (event) => events.push(event)})
    monitors.push(monitor)
    await monitor.start()
    const enospc = Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), {code: 'ENOSPC'})
    monitor.handleWatcherError(enospc)
    monitor.handleWatcherError(Object.assign(new Error('EMFILE'), {code: 'EMFILE'}))
    expect(events).toEqual([{type: 'disabled', message: INOTIFY_LIMIT_MESSAGE, error: enospc}])
    expect(monitor.disabled).toBe(INOTIFY_LIMIT_MESSAGE)
    writeFileSync(join(root, '.env'), 'x')
    await settle()
    expect(changes(events)).toEqual([])
  })

  it('degrades on a real inotify limit (user namespace with max_inotify_watches = 8) and the process exits', async () => {
    const {root, home} = scratch()
    // The workspace watcher takes one watch per directory: 40 directories exceed the limit of 8.
    for (let index = 0; index < 40; index++) {
      mkdirSync(join(root, 'src', `dir${index}`), {recursive: true})
      writeFileSync(join(root, 'src', `dir${index}`, 'file.ts'), 'x')
    }
    const script = join(base, 'limit.mts')
    writeFileSync(
      script,
      `import {startFileMonitor} from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'src', 'session', 'monitors', 'files.ts')).href)}
import {buildPolicy} from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'src', 'policy', 'effective.ts')).href)}
const events = []
const monitor = await startFileMonitor({root: process.argv[2], home: process.argv[3], policy: buildPolicy('standard'), readyTimeoutMs: 3000, onEvent: (event) => events.push({type: event.type, message: event.message})})
await monitor.stop()
console.log(JSON.stringify({disabled: monitor.disabled ?? null, events}))
`,
    )
    const started = Date.now()
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        'unshare',
        ['-r', 'sh', '-c', `echo 8 > /proc/sys/user/max_inotify_watches && exec "${process.execPath}" --import tsx "$0" "$1" "$2"`, script, root, home],
        {cwd: REPO_ROOT, timeout: 30_000},
        (error, out, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(out)),
      )
    })
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {disabled: string | null; events: {type: string; message: string}[]}
    expect(result.disabled).toBe(INOTIFY_LIMIT_MESSAGE)
    expect(result.events.filter((event) => event.type === 'disabled')).toEqual([{type: 'disabled', message: 'file monitor disabled: inotify limit reached (raise fs.inotify.max_user_watches)'}])
    expect(Date.now() - started).toBeLessThan(20_000)
  })
})
