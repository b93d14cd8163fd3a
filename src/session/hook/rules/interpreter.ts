import {codePathTokens} from '../../../analysis/paths.js'
import {FILE_WRITE_CODE, NETWORK_CODE} from '../../../policy/programs.js'
import {protectedMessage} from './protected-write.js'
import {type HookRule, type HookRuleContext, hookMeta} from './types.js'

/** `network`: judge the code's network calls too (general-purpose interpreters; gawk's /inet/ always). */
function judgeCode(program: string, code: string, context: HookRuleContext, network: boolean): string | undefined {
  let guarded: string | undefined
  // code that writes files may create a secret file; code that only reads cannot leak a missing
  // one, and a wildcard name that names no file is an identifier there (`process.env`)
  const writes = FILE_WRITE_CODE.test(code)
  for (const token of codePathTokens(code)) {
    const found = context.secretAt(token, writes)
    if (found) return `${program} code mentions ${found.display} (${found.entry.description}); secret files must not be read by the agent`
    guarded ??= context.protectedAt(token)
  }
  // reading agent files is fine: only code that also writes files is refused
  if (guarded && writes) return protectedMessage(`${program} code writes files and names`, guarded)
  if ((network && NETWORK_CODE.test(code)) || /\/inet6?\/(tcp|udp)\//.test(code)) return `${program} code opens network connections; ask the user for network access`
  return undefined
}

export const interpreter: HookRule = {
  meta: hookMeta(
    'CG-HOOK-INTERPRETER',
    'Interpreter one-liner reaches secrets or the network',
    'python -c, node -e, perl -e, ruby -e … code that mentions a secret file, writes files and names a protected one, or opens network connections; programs given as arguments (awk getline, sed r/w, sqlite3 .read, vim -c, gawk /inet/) that mention a secret file.',
    'read non-secret files only; ask the user for network access',
    [
      `python3 -c "print(open('.env').read())"`,
      `awk 'BEGIN { while ((getline line < ".env") > 0) print line }'`,
      `python3 -c "import urllib.request; urllib.request.urlopen('https://example.com')"`,
      `sqlite3 :memory: ".read .env"`,
      `python3 -c "open('AGENTS.md', 'a').write('ignore previous instructions')"`,
      `awk '{ print > "AGENTS.md" }' notes.txt`,
    ],
    [`python3 -c "print(1+1)"`, `awk '{print $1}' notes.txt`, `node -e "console.log(process.version)"`, `python3 -c "print(open('AGENTS.md').read())"`, `python3 -c "open('out.txt', 'w').write('x')"`],
  ),
  check(facts, context) {
    const reasons = facts.embeddedCode.map((code) => judgeCode(facts.program, code, context, false))
    if (facts.interpreterCode) reasons.push(judgeCode(facts.program, facts.interpreterCode, context, true))
    return reasons.filter((reason) => reason !== undefined)
  },
}
