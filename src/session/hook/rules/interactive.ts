import {type HookRule, hookMeta} from './types.js'

export const interactive: HookRule = {
  meta: hookMeta(
    'CG-HOOK-INTERACTIVE',
    'Command starts an interactive shell or REPL',
    'A shell or REPL started with nothing to run (bash, python3, node, sqlite3 app.db, psql…) waits for lines on its terminal. Codex feeds such a session through write_stdin, which fires no hook: every line typed into it would run unchecked. Give the program its script, code or command instead.',
    'run the command directly (`bash -c …`, `python3 script.py`, `sqlite3 app.db "select …"`), or pipe the input in',
    ['bash', 'python3', 'node', 'bash -i', 'sqlite3 app.db', 'env FOO=1 python3'],
    ['bash -c "npm test"', 'python3 script.py', 'python3 --version', 'echo "print(1)" | python3', 'sqlite3 app.db "select 1"', 'node -e "console.log(1)"'],
  ),
  check(facts) {
    return facts.interactive
      ? [`${facts.program} would start an interactive session; Codex feeds those through write_stdin, which no hook checks. Give it the script, code or command to run instead`]
      : []
  },
}
