// Workflow-command annotations: levels by severity, file only for files of the checkout, and
// escaping that keeps a hostile path or message from ending the command or starting another.
import {describe, expect, it} from 'vitest'
import {makeFinding} from '../../../src/report/finding.js'
import {formatGithub} from '../../../src/report/github.js'

const finding = (input: Partial<Parameters<typeof makeFinding>[0]>) => makeFinding({ruleId: 'CG-TEST-1', severity: 'high', message: 'bad thing', ...input})

describe('formatGithub', () => {
  it('maps severities to error, warning and notice', () => {
    const out = formatGithub([finding({severity: 'critical'}), finding({severity: 'medium'}), finding({severity: 'low'}), finding({severity: 'info'})], () => false)
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ')[0]),
    ).toEqual(['::error', '::warning', '::notice', '::notice'])
  })

  it('puts file, line and column only on files of the checkout; other locations go in the message', () => {
    const onFile = formatGithub([finding({file: 'src/a.js', line: 3, column: 7, remediation: 'remove it'})], (path) => path === 'src/a.js')
    expect(onFile).toBe('::error file=src/a.js,line=3,col=7,title=codex-guard CG-TEST-1 (high)::bad thing Fix: remove it\n')
    const text = formatGithub([finding({file: 'pull/7:body', line: 2})], () => false)
    expect(text).toBe('::error title=codex-guard CG-TEST-1 (high)::pull/7:body:2: bad thing\n')
  })

  it('escapes newlines, percent signs, colons and commas so nothing can inject a command', () => {
    const hostile = finding({file: 'a,b:c\n::error::owned.js', line: 1, message: 'x\r\n::add-mask::secret 100%'})
    const out = formatGithub([hostile], () => true)
    expect(out.split('\n').filter(Boolean)).toHaveLength(1)
    expect(out).toContain('file=a%2Cb%3Ac%0A%3A%3Aerror%3A%3Aowned.js,line=1')
    expect(out).toContain('::x%0D%0A::add-mask::secret 100%25\n')
  })
})
