// Steps of the composite action (action.yml) as the runner would run them: the `run: |` script
// text of a step, and the defaults of the inputs.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'vitest'
import {REPO_ROOT} from './cli.js'

const ACTION = readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')

/** The `run: |` script of the step with the given id (the composite action's own text, dedented). */
export function stepScript(id: string): string {
  const lines = ACTION.split('\n')
  const start = lines.findIndex((line) => line.trim() === `id: ${id}`)
  expect(start, `step ${id} in action.yml`).toBeGreaterThan(-1)
  const run = lines.findIndex((line, index) => index > start && /^\s+run: \|$/.test(line))
  const indent = /^(\s*)/.exec(lines[run]!)![1]!.length + 2
  const body: string[] = []
  for (const line of lines.slice(run + 1)) {
    if (line.trim() !== '' && line.search(/\S/) < indent) break
    body.push(line.slice(indent))
  }
  return body.join('\n')
}

/** The default of an input in action.yml. */
export function inputDefault(name: string): string {
  const match = new RegExp(`^ {2}${name}:\\n(?: {4}.*\\n)*? {4}default: (.*)$`, 'm').exec(ACTION)
  expect(match, `input ${name}`).not.toBeNull()
  return match![1]!.trim().replace(/^'(.*)'$/, '$1')
}
