// The strace output parser on lines captured from strace 6.1 on this machine (cat, a node
// connect to 127.0.0.1 and ::1, getent's DNS connect, a multi-threaded node process whose opens
// were interleaved), then the TraceMonitor around a real strace run.
import {execFileSync} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, describe, expect, it} from 'vitest'
import {SensitiveLocations} from '../../../src/analysis/locations.js'
import {buildPolicy} from '../../../src/policy/effective.js'
import {
  checkTraceSupport,
  decodeStraceString,
  findExecutable,
  isCodexItself,
  parseSyscallLine,
  type StraceEvent,
  StraceParser,
  straceArgs,
  TraceMonitor,
  type TraceReport,
  traceUnavailableMessage,
} from '../../../src/session/monitors/trace.js'

// Verbatim from `strace -f -qq -y -e trace=connect,sendto,openat,?open,execve,clone,clone3,fork,vfork -e signal=none -o out.txt -- bash -c '…'`.
const CAPTURED = [
  '32134 execve("/usr/bin/bash", ["bash", "-c", "cat /etc/hostname; cat .env; set"...], 0x7ffe5044d330 /* 39 vars */) = 0',
  '32134 openat(AT_FDCWD</tmp/stx>, "/dev/tty", O_RDWR|O_NONBLOCK) = -1 ENXIO (No such device or address)',
  '32134 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f13aca80a10) = 32135',
  '32135 execve("/usr/bin/cat", ["cat", "/etc/hostname"], 0x5587c4978db0 /* 39 vars */) = 0',
  '32135 openat(AT_FDCWD</tmp/stx>, "/etc/hostname", O_RDONLY) = 3</etc/hostname>',
  '32134 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f13aca80a10) = 32136',
  '32136 execve("/usr/bin/cat", ["cat", ".env"], 0x5587c497d090 /* 39 vars */) = 0',
  '32136 openat(AT_FDCWD</tmp/stx>, ".env", O_RDONLY) = 3</tmp/stx/.env>',
  '32134 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f13aca80a10) = 32137',
  '32137 execve("/usr/bin/setpriv", ["setpriv", "--reuid=65534", "cat", ".env"], 0x5587c497d090 /* 39 vars */) = 0',
  '32137 connect(3<socket:[136793]>, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)',
  '32137 execve("/usr/local/bin/cat", ["cat", ".env"], 0x7ffebc6c3860 /* 39 vars */) = -1 ENOENT (No such file or directory)',
  '32137 execve("/usr/bin/cat", ["cat", ".env"], 0x7ffebc6c3860 /* 39 vars */) = 0',
  '32137 openat(AT_FDCWD</tmp/stx>, ".env", O_RDONLY) = -1 EACCES (Permission denied)',
  '32134 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f13aca80a10) = 32138',
  '32138 execve("/usr/bin/cat", ["cat", "stx/.env"], 0x5587c497d090 /* 39 vars */) = 0',
  '32138 openat(AT_FDCWD</tmp>, "stx/.env", O_RDONLY) = 3</tmp/stx/.env>',
  '32134 openat(AT_FDCWD</tmp>, "/tmp/stx/f \\303\\251\\"x", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</tmp/stx/f \\303\\251\\"x>',
]
const CAPTURED_NODE = [
  '32175 connect(20<socket:[136003]>, {sa_family=AF_INET, sin_port=htons(42859), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)',
  '32175 connect(21<socket:[136004]>, {sa_family=AF_INET6, sin6_port=htons(1), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 EINPROGRESS (Operation now in progress)',
]
// getent hosts localhost, traced without -y (no fd decorations).
const CAPTURED_DNS = '32198 connect(3, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0'
// Two node threadpool threads opening at once.
const CAPTURED_INTERLEAVED = [
  '32410 openat(AT_FDCWD</tmp/stx>, "/etc/hostname", O_RDONLY|O_CLOEXEC <unfinished ...>',
  '32411 openat(AT_FDCWD</tmp/stx>, "/etc/hostname", O_RDONLY|O_CLOEXEC <unfinished ...>',
  '32410 <... openat resumed>)             = 20</etc/hostname>',
  '32411 <... openat resumed>)             = 21</etc/hostname>',
]

const events = (lines: string[]) => {
  const parser = new StraceParser()
  return {parser, events: lines.map((line) => parser.push(line)).filter((event): event is StraceEvent => event !== undefined)}
}

describe('parseSyscallLine', () => {
  it('splits pid, call, result, errno and the -y result path', () => {
    expect(parseSyscallLine(CAPTURED[4]!, new Map())).toEqual({pid: 32135, name: 'openat', args: 'AT_FDCWD</tmp/stx>, "/etc/hostname", O_RDONLY', result: 3, resultPath: '/etc/hostname'})
    expect(parseSyscallLine(CAPTURED[13]!, new Map())).toMatchObject({pid: 32137, name: 'openat', result: -1, errno: 'EACCES'})
    expect(parseSyscallLine(CAPTURED_DNS, new Map())).toMatchObject({pid: 32198, name: 'connect', result: 0})
  })

  it('joins <unfinished ...> and <... resumed> lines per pid', () => {
    const pending = new Map<number, string>()
    expect(parseSyscallLine(CAPTURED_INTERLEAVED[0]!, pending)).toBeUndefined()
    expect(parseSyscallLine(CAPTURED_INTERLEAVED[1]!, pending)).toBeUndefined()
    expect(parseSyscallLine(CAPTURED_INTERLEAVED[2]!, pending)).toMatchObject({pid: 32410, name: 'openat', result: 20, resultPath: '/etc/hostname'})
    expect(parseSyscallLine(CAPTURED_INTERLEAVED[3]!, pending)).toMatchObject({pid: 32411, name: 'openat', result: 21})
    expect(pending.size).toBe(0)
  })

  it('ignores lines that are not completed syscalls', () => {
    const pending = new Map<number, string>()
    for (const line of ['', 'garbage', '32134 +++ exited with 0 +++', '32134 --- SIGCHLD {si_signo=SIGCHLD} ---', '32411 <... openat resumed>) = 3']) {
      expect(parseSyscallLine(line, pending)).toBeUndefined()
    }
  })

  it('decodes C escapes and octal UTF-8 bytes in paths', () => {
    expect(decodeStraceString('/tmp/stx/f \\303\\251\\"x')).toBe('/tmp/stx/f é"x')
    expect(decodeStraceString('a\\nb\\tc\\\\d\\x41')).toBe('a\nb\tc\\dA')
  })
})

describe('StraceParser', () => {
  it('reports opens with the absolute path, access and outcome, attributed to the exec’d program', () => {
    const opens = events(CAPTURED).events.filter((event) => event.type === 'open')
    expect(opens.map((event) => (event.type === 'open' ? [event.path, event.access, event.ok, event.errno, event.program] : []))).toEqual([
      ['/dev/tty', 'read', false, 'ENXIO', '/usr/bin/bash'],
      ['/etc/hostname', 'read', true, undefined, '/usr/bin/cat'],
      ['/tmp/stx/.env', 'read', true, undefined, '/usr/bin/cat'],
      ['/tmp/stx/.env', 'read', false, 'EACCES', '/usr/bin/cat'],
      ['/tmp/stx/.env', 'read', true, undefined, '/usr/bin/cat'],
      ['/tmp/stx/f é"x', 'write', true, undefined, '/usr/bin/bash'],
    ])
  })

  it('tracks lineage through clone and execve, and only counts successful execs', () => {
    const {parser} = events(CAPTURED)
    expect(parser.rootPid).toBe(32134)
    expect(parser.programOf(32137)).toBe('/usr/bin/cat')
    expect(parser.lineage(32136)).toEqual(['cat', 'bash'])
  })

  it('reports AF_INET and AF_INET6 connects (in progress counts as attempted) and skips AF_UNIX', () => {
    const network = events([...CAPTURED, ...CAPTURED_NODE, CAPTURED_DNS]).events.filter((event) => event.type === 'network')
    expect(network).toEqual([
      expect.objectContaining({pid: 32175, family: 'AF_INET', address: '127.0.0.1', port: 42859, ok: true, errno: 'EINPROGRESS', syscall: 'connect'}),
      expect.objectContaining({pid: 32175, family: 'AF_INET6', address: '::1', port: 1, ok: true}),
      expect.objectContaining({pid: 32198, family: 'AF_INET', address: '10.255.255.53', port: 53, ok: true}),
    ])
  })

  it('reports sendto with a destination address, and not on a connected socket', () => {
    const {events: found} = events([
      '7 sendto(3<socket:[1]>, "\\x12\\x34"..., 33, MSG_NOSIGNAL, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("1.1.1.1")}, 16) = 33',
      '7 sendto(3<socket:[1]>, "abc", 3, 0, NULL, 0) = 3',
    ])
    expect(found).toEqual([expect.objectContaining({syscall: 'sendto', address: '1.1.1.1', port: 53})])
  })

  it('tells Codex’s own activity from the agent’s by lineage', () => {
    expect(isCodexItself(['codex', 'node'])).toBe(true)
    expect(isCodexItself(['git-remote-https', 'git', 'codex', 'node'])).toBe(true)
    expect(isCodexItself(['cat', 'bash', 'codex-linux-sandbox', 'bwrap', 'codex'])).toBe(false)
    expect(isCodexItself(['git', 'bash', 'codex'])).toBe(false)
    expect(isCodexItself(['curl', 'bash'])).toBe(false)
  })
})

describe('availability', () => {
  it('builds the strace command line with the FIFO as output', () => {
    expect(straceArgs('/state/t.fifo', ['codex', 'exec', 'x'])).toEqual([
      '-f',
      '--seccomp-bpf',
      '-qq',
      '-y',
      '-e',
      'trace=connect,sendto,openat,?open,execve,clone,clone3,fork,vfork',
      '-e',
      'signal=none',
      '-o',
      '/state/t.fifo',
      '--',
      'codex',
      'exec',
      'x',
    ])
  })

  it('says clearly when strace is missing or the OS is not Linux', async () => {
    const missing = await checkTraceSupport({PATH: '/nonexistent'})
    expect(missing).toEqual({available: false, reason: 'strace not found', message: 'OS-level tracing unavailable (strace not found); falling back to transcript and file monitors'})
    const mac = await checkTraceSupport(process.env, 'darwin')
    expect(mac.available).toBe(false)
    expect(traceUnavailableMessage('x')).toContain('falling back to transcript and file monitors')
  })

  it('finds strace on this machine and can trace', async () => {
    expect(findExecutable('strace')).toBeDefined()
    expect(await checkTraceSupport()).toMatchObject({available: true})
  })
})

describe('TraceMonitor with real strace', () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'codex-guard-trace-')))
  afterAll(() => rmSync(base, {recursive: true, force: true}))

  it('reports sensitive reads (allowed and EACCES-denied) and connects with pid and program', async () => {
    const workspace = join(base, 'ws')
    const home = join(base, 'home')
    mkdirSync(join(home, '.aws'), {recursive: true})
    mkdirSync(workspace)
    writeFileSync(join(workspace, '.env'), 'SECRET=1\n')
    writeFileSync(join(workspace, 'notes.txt'), 'plain\n')
    writeFileSync(join(home, '.aws', 'credentials'), '[default]\n')
    writeFileSync(join(workspace, 'locked.pem'), 'key\n')
    chmodSync(join(workspace, 'locked.pem'), 0o000)
    const reports: TraceReport[] = []
    const monitor = new TraceMonitor({dir: join(base, 'state', 'trace'), matcher: new SensitiveLocations(buildPolicy('standard'), {root: workspace, home}), onEvent: (report) => reports.push(report)})
    monitor.prepare()
    const server = execFileSync(process.execPath, ['-e', 'const s=require("net").createServer(c=>c.end()).listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'], {
      encoding: 'utf8',
    }).trim()
    const script = [
      'cat .env notes.txt > /dev/null',
      'cat .env > /dev/null',
      `cat ${join(home, '.aws', 'credentials')} > /dev/null`,
      // root ignores mode 000; drop privileges so the open really fails with EACCES
      process.getuid?.() === 0 ? 'setpriv --reuid=65534 --regid=65534 --clear-groups cat locked.pem 2>/dev/null' : 'cat locked.pem 2>/dev/null',
      `node -e 'require("net").connect(${server},"127.0.0.1").on("error",()=>{})'`,
      'exit 3',
    ].join('; ')
    const [file, ...args] = monitor.command(findExecutable('strace')!, ['bash', '-c', script])
    const result = await execa(file!, args, {cwd: workspace, reject: false, stdio: 'ignore'})
    await monitor.stop()
    expect(result.exitCode).toBe(3)
    const opens = reports.filter((report) => report.type === 'sensitive-open')
    expect(opens).toEqual([
      expect.objectContaining({path: join(workspace, '.env'), access: 'read', ok: true, denied: false, program: '/usr/bin/cat'}),
      expect.objectContaining({path: join(home, '.aws', 'credentials'), access: 'read', ok: true, denied: false}),
      expect.objectContaining({path: join(workspace, 'locked.pem'), access: 'read', ok: false, denied: true, errno: 'EACCES'}),
    ])
    // The second `cat .env` is the same finding: reported once.
    expect(monitor.stats.duplicates).toBeGreaterThan(0)
    const network = reports.filter((report) => report.type === 'network')
    expect(network).toEqual([expect.objectContaining({address: '127.0.0.1', port: Number(server), family: 'AF_INET'})])
    expect(network[0]!.type === 'network' && network[0]!.program).toMatch(/node$/)
    expect(monitor.rootPid).toBeGreaterThan(0)
  })
})
