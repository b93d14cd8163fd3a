// What programs do, as data: the one table the command analysis (src/analysis), the PreToolUse
// hook and the session monitors read. Network and DNS programs derive from the catalogue's
// egress and DNS command rules, so a program added there is judged everywhere.
import {COMMAND_RULES} from './catalogue.js'
import type {CommandCategory} from './types.js'

const firstTokens = (categories: CommandCategory[], ruleIds?: string[]): string[] =>
  COMMAND_RULES.filter((rule) => categories.includes(rule.category) && (!ruleIds || ruleIds.includes(rule.id))).flatMap((rule) => {
    const first = rule.pattern[0]
    return first === undefined ? [] : Array.isArray(first) ? first : [first]
  })

const optionsOf = (ruleId: string): string[] => {
  const token = COMMAND_RULES.find((rule) => rule.id === ruleId)?.pattern[1]
  return token === undefined ? [] : Array.isArray(token) ? token : [token]
}

/** Shells whose `-c` argument or stdin is a script of its own. */
export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'mksh', 'fish', 'busybox'])

/** Interpreters and the options that take a one-line program (`python3 -c CODE`). Versioned names (python3.12) fold onto these. */
export const INTERPRETERS: Readonly<Record<string, readonly string[]>> = {
  python: ['-c'],
  python2: ['-c'],
  python3: ['-c'],
  pypy: ['-c'],
  pypy3: ['-c'],
  node: ['-e', '--eval', '-p', '--print'],
  nodejs: ['-e', '--eval', '-p', '--print'],
  deno: ['eval'],
  bun: ['-e', '--eval', '-p', '--print'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  php: ['-r'],
  lua: ['-e'],
  Rscript: ['-e'],
  osascript: ['-e'],
  pwsh: ['-c', '-Command'],
  powershell: ['-c', '-Command'],
}

/** A table's entry for a program name, folding version suffixes (python3.12, node20). */
export function byProgram<T>(table: Readonly<Record<string, T>>, program: string): T | undefined {
  return table[program] ?? table[program.replace(/[\d.]+$/, '')]
}

/** The interpreter table entry for a program name. */
export const interpreterFlags = (program: string): readonly string[] | undefined => byProgram(INTERPRETERS, program)

/** Programs that run code from stdin when something is piped into them (`curl … | sh`). */
export const CODE_RUNNERS: ReadonlySet<string> = new Set(['sh', 'bash', 'zsh', 'dash', 'python', 'python3', 'node', 'perl', 'ruby'])

/** Tools whose arguments are programs that can open files themselves (awk getline, sed r/w, sqlite .read, vim -c). */
export const EMBEDDED_PROGRAMS: ReadonlySet<string> = new Set([
  'awk',
  'gawk',
  'mawk',
  'nawk',
  'busybox-awk',
  'sed',
  'gsed',
  'sqlite3',
  'duckdb',
  'vim',
  'vi',
  'nvim',
  'ex',
  'ed',
  'gdb',
  'mysql',
  'psql',
])

/**
 * Launchers: programs that run the rest of their arguments as a command. `valueOptions` take a
 * value; `skipOperands` leading operands are not the command (`timeout 5 cmd`); `assignments`
 * NAME=value words precede the command (`env A=1 cmd`).
 */
export interface Launcher {
  valueOptions: readonly string[]
  skipOperands?: number
  assignments?: boolean
}
const TRACER_LIKE: Launcher = {valueOptions: ['-n', '-c', '-o', '-p', '-e', '-f', '-i', '-s']}
export const LAUNCHERS: Readonly<Record<string, Launcher>> = {
  env: {valueOptions: ['-u', '--unset', '-C', '--chdir', '-S'], assignments: true},
  sudo: {valueOptions: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U']},
  doas: {valueOptions: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U']},
  timeout: {valueOptions: ['-s', '--signal', '-k', '--kill-after'], skipOperands: 1},
  xargs: {valueOptions: ['-a', '-d', '-E', '-e', '-I', '-i', '-L', '-l', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-args', '--max-procs', '--replace']},
  npx: {valueOptions: ['-p', '--package', '-c', '--call']},
  pnpx: {valueOptions: ['-p', '--package', '-c', '--call']},
  bunx: {valueOptions: ['-p', '--package', '-c', '--call']},
  watch: {valueOptions: ['-n', '--interval', '-d']},
  ...Object.fromEntries(
    ['nice', 'ionice', 'stdbuf', 'nohup', 'command', 'builtin', 'exec', 'time', 'setsid', 'chronic', 'unbuffer', 'catchsegv', 'strace', 'ltrace', 'torsocks', 'proxychains', 'proxychains4'].map(
      (name) => [name, TRACER_LIKE],
    ),
  ),
}

/** Options of find/fd that run a command on each match, up to `;` or `+`. */
export const FIND_EXEC_OPTIONS: ReadonlySet<string> = new Set(['-exec', '-execdir', '-ok', '-okdir', '-x', '--exec', '-X', '--exec-batch'])

/**
 * Programs (and git subcommands) that only name a path: they test, list, stat, delete or print
 * its name, and neither read its content nor move it where it could be read. The hook lets them
 * name secret files (`test -f .env`, `ls -la .env*`, `echo .env.local >> .gitignore`,
 * `git rm --cached .env`); mv, cp and ln stay judged because they relocate the content.
 */
export const NAME_ONLY_PROGRAMS: ReadonlySet<string> = new Set([
  'ls',
  'stat',
  'test',
  '[',
  '[[',
  'echo',
  'printf',
  'realpath',
  'readlink',
  'basename',
  'dirname',
  'which',
  'type',
  'touch',
  'chmod',
  'chown',
  'chgrp',
  'rm',
  'rmdir',
  'mkdir',
  'du',
])
/**
 * Key tools that use a key or certificate file without printing its content: `openssl x509 -in
 * cert.pem -noout -text` (a private key is not a certificate: x509 fails, printing nothing),
 * `ssh-keygen -lf key.pub`, `ssh-keygen -y -f id_ed25519` (prints the public half). Subcommands
 * that print keys (`openssl rsa|pkey|ec|pkcs12|enc|base64`, `ssh-keygen -i`, which converts and
 * prints a key) stay judged as reads; `ssh-keygen -p`/`-c` rewrite the key file.
 */
export const KEY_USING_OPENSSL_SUBCOMMANDS: ReadonlySet<string> = new Set([
  'x509',
  'verify',
  'version',
  'rand',
  'req',
  'crl',
  'ciphers',
  'list',
  'help',
  's_client',
  's_server',
  's_time',
  'speed',
  'errstr',
])
const SSH_KEYGEN_PRINTING_OR_REWRITING = /[pci]/

/** Whether a key tool's argv only uses the files it names (see KEY_USING_OPENSSL_SUBCOMMANDS). */
export function usesKeysWithoutPrinting(program: string, argv: readonly string[]): boolean {
  if (program === 'openssl') return KEY_USING_OPENSSL_SUBCOMMANDS.has(argv[1] ?? 'help')
  if (program === 'ssh-keygen') {
    const letters = argv
      .slice(1)
      .filter((arg) => /^-[A-Za-z]+$/.test(arg))
      .map((arg) => arg.slice(1))
      .join('')
    return !SSH_KEYGEN_PRINTING_OR_REWRITING.test(letters)
  }
  return false
}

/** Name-only programs that show a directory's entries: listing a credential folder reveals what is in it. */
export const LISTING_PROGRAMS: ReadonlySet<string> = new Set(['ls', 'du'])
export const NAME_ONLY_GIT_SUBCOMMANDS: ReadonlySet<string> = new Set(['check-ignore', 'ls-files', 'status', 'rm'])

/** Programs that touch a path without reading its content: the name-only ones, plus those that move or link it and `cd`. */
export const METADATA_PROGRAMS: ReadonlySet<string> = new Set([...NAME_ONLY_PROGRAMS, 'ln', 'mv', 'cd', 'pushd'])

/** Programs that write their last operand (cp SRC DST). */
export const COPY_PROGRAMS: ReadonlySet<string> = new Set(['cp', 'mv', 'install', 'ln', 'rsync'])
/** Programs that edit their operands in place with -i / --in-place. */
export const IN_PLACE_EDITORS: ReadonlySet<string> = new Set(['sed', 'perl', 'ruby'])
/** Programs that change or remove every operand. */
export const MUTATING_PROGRAMS: ReadonlySet<string> = new Set(['rm', 'truncate', 'touch', 'chmod', 'chown', 'unlink', 'shred', 'dd'])
/** Options whose value is a file the program writes (`curl -o AGENTS.md URL`). */
export const OUTPUT_FILE_OPTIONS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['curl', new Set(['-o', '--output', '-c', '--cookie-jar', '-D', '--dump-header'])],
  ['wget', new Set(['-O', '--output-document', '-o', '--output-file', '-a', '--append-output'])],
  ['sort', new Set(['-o', '--output'])],
  ['openssl', new Set(['-out'])],
])
/** git subcommands that write the working-tree paths they are given. */
export const GIT_WORKTREE_WRITERS: ReadonlySet<string> = new Set(['checkout', 'restore', 'mv', 'rm'])
/** Code that writes a file: open() for writing, write/append/copy/rename/remove calls, awk/perl output redirection (bounded: linear on any input). */
export const FILE_WRITE_CODE =
  /\bopen\s{0,8}\([^)]{0,120},\s{0,8}['"][^'"]{0,8}[wax+]|\b(?:write_text|write_bytes|writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|copyFileSync|renameSync|unlinkSync|rmSync|truncateSync)\s*\(|\b(?:os\.(?:remove|rename|replace|unlink|truncate)|shutil\.(?:copy|copy2|copyfile|move)|fs\.(?:copyFile|rename|unlink|rm|truncate))\s*\(|\b(?:File|IO)\.write\b|\bprintf?\b[^;{}]{0,120}>>?\s{0,8}["']|['"]\s{0,8}\+?>>?/

/** Programs that reach the network: the catalogue's egress rules, plus tftp. */
export const NETWORK_PROGRAMS: ReadonlySet<string> = new Set([...firstTokens(['egress']), 'tftp'])
/** DNS lookup tools: the catalogue's DNS rule, plus resolvers it does not prompt for. */
export const DNS_PROGRAMS: ReadonlySet<string> = new Set([...firstTokens(['dns']), 'getent', 'kdig', 'delv'])
/** curl options that send data: the catalogue's upload rule, plus spellings it does not list. */
export const CURL_UPLOAD_OPTIONS: ReadonlySet<string> = new Set([...optionsOf('egress.upload'), '--form-string', '--data-ascii'])
/** wget options that send data (the catalogue's wget-post rule). */
export const WGET_UPLOAD_OPTIONS: ReadonlySet<string> = new Set(optionsOf('egress.wget-post'))
/** git subcommands that talk to a remote. */
export const GIT_NETWORK_SUBCOMMANDS: ReadonlySet<string> = new Set(['clone', 'fetch', 'pull', 'push', 'ls-remote', 'archive'])
/** git's global options that take a value (`git -C dir push`). */
export const GIT_GLOBAL_VALUE_OPTIONS: ReadonlySet<string> = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path'])

/** Code in an interpreter one-liner that opens network connections. */
export const NETWORK_CODE =
  /\b(socket|urllib|urlopen|requests\.(get|post|put)|http\.client|httplib|fetch\s*\(|XMLHttpRequest|net\.connect|net\.createConnection|https?\.request|https?\.get|dgram|IO::Socket|Net::HTTP|LWP::|open-uri|TCPSocket|curl_exec|fsockopen|Invoke-WebRequest|Invoke-RestMethod|WebClient)\b/
/** The environ file of any process: reading it dumps that process's environment. */
export const PROC_ENVIRON = /^\/proc\/[^/]+(?:\/task\/[^/]+)?\/environ$/
/** Shell builtins that print every variable (values included) when given no name: `set`, `export -p`, `declare -x`. */
const PRINTING_DECLARE_FLAGS = /^-[pxrgaAfFilnrtux]*[px][pxrgaAfFilnrtux]*$/
export const SHELL_VARIABLE_DUMPERS: ReadonlyMap<string, RegExp> = new Map([
  ['set', /^$/],
  ['export', /^-p$/],
  ['declare', PRINTING_DECLARE_FLAGS],
  ['typeset', PRINTING_DECLARE_FLAGS],
  ['readonly', /^-p$/],
])
/**
 * Code that prints the whole environment (`print(os.environ)`, `console.log(process.env)`, `p ENV`,
 * `print %ENV`, awk's `for (k in ENVIRON)`), not one variable of it (`os.environ["HOME"]`,
 * `process.env.PATH`, `ENV.fetch`) and not the environment handed to a child (`env=os.environ`,
 * `{...process.env}`, `{**os.environ}`, destructuring).
 */
export const ENVIRONMENT_CODE =
  /(?<!\benv\s{0,8}[=:]\s{0,8}|\.\.\.|\*\*|\}\s{0,8}=\s{0,8})\b(?:os\.environ\b(?!\s{0,8}(?:\[|\.(?:get|setdefault|pop|copy)\b))|process\.env\b(?!\s{0,8}(?:\[|\.\s{0,8}[A-Za-z_$])))|%ENV\b(?!\s{0,8}\{)|\bENV\.(?:to_h|to_a|to_hash|each|each_pair|inspect|map|select|sort|keys|values)\b|\b(?:p|pp|puts|print)\s{1,8}ENV\s{0,8}(?:$|[;})])|\bin\s{1,8}ENVIRON\b/
/** bash's pseudo-devices that open sockets. */
export const SOCKET_DEVICE = /^\/dev\/(tcp|udp)\//

/**
 * Programs that, started without a script, code or command to run, read commands from stdin: a
 * shell or REPL started on a TTY and then fed through Codex's `write_stdin` runs lines no hook
 * sees. The value is how many operands still leave it interactive (`sqlite3 app.db` is a REPL,
 * `sqlite3 app.db "select 1"` is not).
 */
export const INTERACTIVE_PROGRAMS: Readonly<Record<string, number>> = {
  ...Object.fromEntries([...SHELLS].filter((shell) => shell !== 'busybox').map((shell) => [shell, 0])),
  ...Object.fromEntries(Object.keys(INTERPRETERS).map((interpreter) => [interpreter, 0])),
  irb: 0,
  pry: 0,
  ghci: 0,
  erl: 0,
  iex: 0,
  julia: 0,
  R: 0,
  bc: 0,
  dc: 0,
  gdb: 1,
  sqlite3: 1,
  duckdb: 1,
  psql: 1,
  mysql: 1,
  mongosh: 1,
  mongo: 1,
  'redis-cli': 0,
  script: 0,
  expect: 0,
}

/** Options that give such a program its work (code, command, file) or make it print and exit. */
export const NON_INTERACTIVE_OPTIONS: ReadonlySet<string> = new Set([
  ...Object.values(INTERPRETERS).flat(),
  '-c',
  '--command',
  '-f',
  '--file',
  '-x',
  '--execute',
  '--eval',
  '--version',
  '-V',
  '--help',
  '-h',
  '-m',
  '-batch',
  '-cmd',
  '--batch',
])
