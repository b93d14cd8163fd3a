// One home for the project's address and version: package.json. Every place users copy them from
// (README, docs, the pre-commit hook manifest, the Action) must say the same, and SARIF derives it.
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {TESTED_CODEX_RANGE} from '../../src/codex/binary.js'
import {SEVERITIES} from '../../src/report/finding.js'
import {formatSarif} from '../../src/report/sarif.js'
import {packageRoot, packageVersion, projectUrl} from '../../src/util/paths.js'

const root = packageRoot()
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const userFacing = ['README.md', '.pre-commit-hooks.yaml', 'action.yml', ...readdirSync(join(root, 'docs')).map((name) => `docs/${name}`)]

describe('project address and version', () => {
  it('comes from package.json "repository" and is a GitHub repository URL', () => {
    expect(projectUrl()).toMatch(/^https:\/\/github\.com\/[A-Za-z0-9-]+\/codex-guard$/)
    const sarif = JSON.parse(formatSarif([], {version: packageVersion(), category: 'test', rules: []}))
    expect(sarif.runs[0].tool.driver.informationUri).toBe(projectUrl())
  })

  it('is the same everywhere users copy it from, with no placeholders', () => {
    const owner = projectUrl().split('/')[3]
    for (const file of userFacing) {
      const text = read(file)
      expect(text, file).not.toMatch(/<owner>|OWNER\/codex-guard|your-org\/codex-guard/)
      for (const match of text.matchAll(/https:\/\/github\.com\/([\w.-]+)\/codex-guard\b/g)) expect(match[0], file).toBe(projectUrl())
      for (const match of text.matchAll(/uses: ([\w.-]+)\/codex-guard@v(\S+)/g)) expect([match[1], match[2]], file).toEqual([owner, packageVersion()])
      for (const match of text.matchAll(/^\s+rev: v(\S+)$/gm)) expect(match[1], file).toBe(packageVersion())
    }
  })

  it('the README names the tested Codex range from the one constant', () => {
    expect(read('README.md')).toContain(`range ${TESTED_CODEX_RANGE}`)
  })

  it('action.yml: a valid fail-on default and the outputs the README uses', () => {
    const action = read('action.yml')
    const failOn = /^ {2}fail-on:\n(?: {4}.*\n)*? {4}default: (\S+)$/m.exec(action)?.[1]
    expect(SEVERITIES).toContain(failOn)
    expect(action).toMatch(/^ {2}sarif-file:\n {4}description: .*\n {4}value: \$\{\{ steps\.scan\.outputs\.sarif-file \}\}$/m)
    expect(read('README.md')).toContain('steps.codex-guard.outputs.sarif-file')
  })
})
