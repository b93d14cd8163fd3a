import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {PassThrough} from 'node:stream'
import {afterAll, describe, expect, it} from 'vitest'
import {type Checklist, loadAcks, recordPending} from '../../src/rotate/checklist.js'
import {handOff} from '../../src/rotate/prompt.js'
import {stepsFor} from '../../src/rotate/steps.js'

const state = mkdtempSync(join(tmpdir(), 'cg-prompt-'))
const env = {XDG_STATE_HOME: state, HOME: state}
afterAll(() => rmSync(state, {recursive: true, force: true}))

function checklist(session: string): Checklist {
  const item = (id: string, rank: 'touched' | 'reachable' | 'protected') => ({id, kind: 'github' as const, label: id, rank, evidence: ['because'], steps: stepsFor('github')})
  return recordPending({session, triggered: true, triggers: ['exposure'], items: [item('a', 'touched'), item('b', 'reachable'), item('c', 'reachable'), item('p', 'protected')], pending: 3}, env)
}

function collect(stream: PassThrough): () => string {
  let text = ''
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return () => text
}

describe('end-of-session hand-off', () => {
  it('in a terminal: records the items confirmed, stops at "defer", leaves the rest pending', async () => {
    const input = new PassThrough()
    const output = new PassThrough()
    const text = collect(output)
    input.end('y\nd\n')
    const result = await handOff(checklist('s1'), {input, output, interactive: true}, env)
    expect(result.done).toEqual(['a'])
    expect(result.deferred).toBe(2)
    const acks = loadAcks('s1', env)!
    expect(acks.items.find((item) => item.id === 'a')?.done?.by).toBeTruthy()
    expect(acks.items.find((item) => item.id === 'b')?.done).toBeUndefined()
    expect(text()).toMatch(/rotated\? \[y\]es/)
    expect(text()).not.toContain('(3/')
  })

  it('outside a terminal: prints the checklist and records nothing as done', async () => {
    const output = new PassThrough()
    const text = collect(output)
    const result = await handOff(checklist('s2'), {input: new PassThrough(), output, interactive: false}, env)
    expect(result).toEqual({done: [], deferred: 3})
    expect(text()).toMatch(/Credential rotation checklist — session s2/)
    expect(text()).toMatch(/stays pending/)
    expect(loadAcks('s2', env)!.items.every((item) => !item.done)).toBe(true)
  })
})
