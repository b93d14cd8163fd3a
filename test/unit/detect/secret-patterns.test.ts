// codex-guard's provider patterns, run through secretlint's pattern rule next to the preset:
// each example is found, labelled and redacted; look-alikes are not; both keyword prefilters
// let every example through (they must never be narrower than the rules behind them).
import {describe, expect, it} from 'vitest'
import {EXTRA_SECRET_PATTERNS} from '../../../src/detect/secrets/patterns.js'
import {mayContainSecret, scanSecrets} from '../../../src/detect/secrets/scan.js'
import {secretLabel, WINDOW_KEYWORDS} from '../../../src/precommit/secrets.js'

describe('provider secret patterns', () => {
  it.each(EXTRA_SECRET_PATTERNS.map((entry) => [entry.id, entry] as const))('%s: found, labelled, redacted, and passes both prefilters', async (_id, entry) => {
    const line = `export const value = "${entry.example}" // config`
    const findings = await scanSecrets(line, 'src/config.ts')
    expect(findings.map((finding) => finding.messageId)).toContain(entry.id)
    const finding = findings.find((candidate) => candidate.messageId === entry.id)!
    expect(finding.evidence).not.toContain(entry.example)
    expect(secretLabel(entry.id)).toBe(entry.label)
    expect(mayContainSecret(line), 'SECRET_PREFILTER').toBe(true)
    expect(WINDOW_KEYWORDS.test(line), 'WINDOW_KEYWORDS').toBe(true)
  })

  it('leaves look-alikes alone', async () => {
    const text = [
      'const skill = "sk_live_short"',
      'const id = "AIzaTooShort123"',
      'const hf = "hf_abc"',
      'const SKILLS = ["SKILLSET0123456789abcdef0123456789abcdef"]',
      'const api = "dapinotahex0123456789abcdef012345"',
      'const gl = "glpat-short"',
      'const tg = "12:AAshort"',
    ].join('\n')
    const findings = await scanSecrets(text, 'src/ok.ts')
    expect(findings.filter((finding) => EXTRA_SECRET_PATTERNS.some((entry) => entry.id === finding.messageId))).toEqual([])
  })
})
