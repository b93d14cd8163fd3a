// Every provider format the detectors know is masked in free text (audit log, session views,
// exports, hook reasons): one table (policy/secret-formats.ts) feeds both.
import {describe, expect, it} from 'vitest'
import {findSecrets} from '../../src/policy/secret-engine.js'
import {SECRET_RULES} from '../../src/policy/secret-formats.js'
import {redactText} from '../../src/report/redact.js'
import {runHook} from '../../src/session/hook/entry.js'

describe('redactText', () => {
  // one example of every rule the engine knows: its secret body must not survive
  it.each(SECRET_RULES.map((rule) => [rule.id, rule.examples.flagged[0]!]))('masks %s', (_id, example) => {
    const text = `curl -H "x: ${example}" https://api.example.com`
    const redacted = redactText(text)
    const secrets = findSecrets(text).map((match) => text.slice(match.start, match.end))
    expect(secrets.length).toBeGreaterThan(0)
    for (const secret of secrets) for (const line of secret.split(/\n|\\n/).filter((part) => part.length >= 24)) expect(redacted).not.toContain(line.slice(6, 24))
    expect(redacted).toContain('https://api.example.com')
  })

  it.each([
    ['SendGrid', `SG.${'abcdefghijklmnopqrstuv'}.${'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq'}`],
    ['Shopify', `shp${'at'}_${'0123456789abcdef'.repeat(2)}`],
    ['GitHub', `gh${'p'}_0123456789abcdefghijklmnopqrstuvwxyzAB`],
  ])('masks %s tokens', (_name, token) => {
    expect(redactText(`token ${token} end`)).not.toContain(token)
  })

  it('masks secrets behind escapes: a literal \\n before a key, JSON-escaped quotes, shell quote splicing', () => {
    const age = `AGE-SECRET-KEY-1${'QYZ7F2KX9D4M'.repeat(5)}`
    const cases = [
      `printf '%s\\n' '# public key: age1xyz\\n${age}' > key.txt`,
      `{"command": "export API_KEY=\\"ZluMdWt4EFiHNyqgrHCWFUXTQw3Of9zS\\""}`,
      `sh -c 'echo const dbPassword = '\\''r9q36clm5gOzo1'\\'''`,
      `sh -c 'echo SECRET_KEY = '"'"'DH77TYYgJwtksrORqhjWNZJYAcXzJZBYhavBMPQgYVy62tjUgS'"'"''`,
    ]
    for (const text of cases) {
      const masked = redactText(text)
      expect(masked).toContain('…[redacted')
      for (const secret of [age, 'ZluMdWt4EFiHNyqgrHCWFUXTQw3Of9zS', 'r9q36clm5gOzo1', 'DH77TYYgJwtksrORqhjWNZJYAcXzJZBYhavBMPQgYVy62tjUgS']) expect(masked).not.toContain(secret.slice(4))
    }
    // escapes alone change nothing
    expect(redactText(String.raw`echo "a\nb" 'it'\''s' \t`)).toBe(String.raw`echo "a\nb" 'it'\''s' \t`)
  })

  it('leaves ordinary text alone', () => {
    expect(redactText('git push origin feature && npm test')).toBe('git push origin feature && npm test')
  })
})

describe('hook reasons', () => {
  it('never repeat a credential from the command', async () => {
    const token = `gh${'p'}_0123456789abcdefghijklmnopqrstuvwxyzAB`
    const payload = JSON.stringify({cwd: '/tmp', tool_name: 'Bash', tool_input: {command: `git push https://me:${token}@example.com/x.git HEAD`}})
    const result = await runHook('pre-tool-use', payload, {HOME: '/tmp', PATH: process.env['PATH']})
    expect(result.stdout).toContain('permissionDecision')
    expect(result.stdout).not.toContain(token)
  })
})
