// Following a growing rollout: partial lines wait for their newline, truncation and replacement
// restart from the top, compressed rollouts are reported once, and nothing keeps the process alive.
import {appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import * as zlib from 'node:zlib'
import {afterAll, describe, expect, it} from 'vitest'
import type {RolloutRecord} from '../../../src/codex/rollout/records.js'
import {RolloutTailer} from '../../../src/codex/rollout/tailer.js'
import {FileTailer} from '../../../src/util/tailer.js'

const dir = mkdtempSync(join(tmpdir(), 'codex-guard-tailer-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))
let counter = 0
const scratch = (name: string) => join(dir, `${++counter}-${name}`)

const waitFor = async (condition: () => boolean, timeoutMs = 3000) => {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const meta = (id: string) => `${JSON.stringify({type: 'session_meta', payload: {id, cwd: '/w'}})}\n`
const tokens = (total: number) => `${JSON.stringify({type: 'event_msg', payload: {type: 'token_count', info: {total_token_usage: {total_tokens: total}}}})}\n`

describe('FileTailer', () => {
  it('emits complete lines only, holding a partial line until its newline arrives', () => {
    const file = scratch('partial.jsonl')
    writeFileSync(file, 'one\ntw')
    const lines: string[] = []
    const tailer = new FileTailer(file, {onLine: (line) => lines.push(line)})
    tailer.poll()
    expect(lines).toEqual(['one'])
    appendFileSync(file, 'o\nthr')
    tailer.poll()
    expect(lines).toEqual(['one', 'two'])
    appendFileSync(file, 'ee\r\n\n')
    tailer.poll()
    expect(lines).toEqual(['one', 'two', 'three'])
    tailer.stop()
  })

  it('keeps multi-byte UTF-8 characters split across reads intact', () => {
    const file = scratch('utf8.jsonl')
    const bytes = Buffer.from('héllo wörld\n')
    writeFileSync(file, bytes.subarray(0, 2))
    const lines: string[] = []
    const tailer = new FileTailer(file, {onLine: (line) => lines.push(line)})
    tailer.poll()
    appendFileSync(file, bytes.subarray(2))
    tailer.poll()
    expect(lines).toEqual(['héllo wörld'])
    tailer.stop()
  })

  it('flushes a trailing partial line on stop, and stops polling', () => {
    const file = scratch('flush.jsonl')
    writeFileSync(file, 'a\nunterminated')
    const lines: string[] = []
    const tailer = new FileTailer(file, {onLine: (line) => lines.push(line)})
    tailer.start()
    tailer.stop()
    expect(lines).toEqual(['a', 'unterminated'])
    appendFileSync(file, '\nlater\n')
    tailer.poll()
    expect(lines).toEqual(['a', 'unterminated'])
  })

  it('restarts from the beginning when the file is truncated', () => {
    const file = scratch('truncate.jsonl')
    writeFileSync(file, 'first\nsecond\n')
    const lines: string[] = []
    const tailer = new FileTailer(file, {onLine: (line) => lines.push(line)})
    tailer.poll()
    truncateSync(file, 0)
    appendFileSync(file, 'new\n')
    tailer.poll()
    expect(lines).toEqual(['first', 'second', 'new'])
    tailer.stop()
  })

  it('restarts from the beginning when the file is replaced (rotation), even if longer', () => {
    const file = scratch('rotate.jsonl')
    writeFileSync(file, 'old\n')
    const lines: string[] = []
    const tailer = new FileTailer(file, {onLine: (line) => lines.push(line)})
    tailer.poll()
    const replacement = `${file}.new`
    writeFileSync(replacement, 'rotated one\nrotated two\n')
    renameSync(replacement, file)
    tailer.poll()
    expect(lines).toEqual(['old', 'rotated one', 'rotated two'])
    tailer.stop()
  })

  it('waits for a file that does not exist yet', () => {
    const file = scratch('later.jsonl')
    const lines: string[] = []
    const tailer = new FileTailer(file, {onLine: (line) => lines.push(line)})
    tailer.poll()
    writeFileSync(file, 'hello\n')
    tailer.poll()
    expect(lines).toEqual(['hello'])
    tailer.stop()
  })

  it('follows a file written by another process while polling on its own timer', async () => {
    const file = scratch('live.jsonl')
    writeFileSync(file, '')
    const lines: string[] = []
    const tailer = new FileTailer(file, {pollMs: 25, onLine: (line) => lines.push(line)}).start()
    const {spawn} = await import('node:child_process')
    const writer = spawn(process.execPath, [
      '-e',
      `const fs=require('fs');let i=0;const t=setInterval(()=>{fs.appendFileSync(${JSON.stringify(file)}, i%2 ? 'line'+i+'\\n' : 'li');if(++i>9)clearInterval(t)},15)`,
    ])
    await new Promise((resolve) => writer.on('exit', resolve))
    await waitFor(() => lines.length >= 5)
    tailer.stop()
    expect(lines.join('|')).toBe('liline1|liline3|liline5|liline7|liline9')
  })

  it('reports compressed rollouts once when Node has no zstd, and never throws', () => {
    const file = scratch('rollout.jsonl.zst')
    writeFileSync(file, Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0]))
    const notices: string[] = []
    const errors: Error[] = []
    const tailer = new FileTailer(file, {onLine: () => {}, onNotice: (message) => notices.push(message), onError: (error) => errors.push(error)})
    tailer.poll()
    tailer.poll()
    tailer.stop()
    const hasZstd = typeof (zlib as unknown as {zstdDecompressSync?: unknown}).zstdDecompressSync === 'function'
    if (hasZstd) expect(notices).toEqual([])
    else expect(notices).toEqual([expect.stringMatching(/^compressed rollout not supported on this Node version/)])
    expect(errors).toEqual([])
  })
})

describe('RolloutTailer', () => {
  it('parses each line, counts and keeps unknown ones', () => {
    const file = scratch('rollout.jsonl')
    writeFileSync(file, `${meta('s1')}garbage\n${tokens(10)}{"type":"response_item","pay`)
    const records: RolloutRecord[] = []
    const tailer = new RolloutTailer(file, {onRecord: (record) => records.push(record)})
    tailer.poll()
    expect(records.map((record) => record.kind)).toEqual(['session_meta', 'unknown', 'token_count'])
    appendFileSync(file, `load":{"type":"reasoning"}}\n${tokens(20)}`)
    tailer.poll()
    expect(records.map((record) => record.kind)).toEqual(['session_meta', 'unknown', 'token_count', 'other', 'token_count'])
    expect(tailer.counts).toEqual({lines: 5, unknown: 1})
    expect(tailer.unknown).toEqual([{kind: 'unknown', raw: 'garbage', reason: expect.stringMatching(/not valid JSON/)}])
    tailer.stop()
  })

  it('a truncated last line at stop becomes an unknown record, not a crash', () => {
    const file = scratch('cut.jsonl')
    writeFileSync(file, `${meta('s2')}${tokens(5).slice(0, 30)}`)
    const records: RolloutRecord[] = []
    const tailer = new RolloutTailer(file, {onRecord: (record) => records.push(record)})
    tailer.start()
    tailer.stop()
    expect(records.map((record) => record.kind)).toEqual(['session_meta', 'unknown'])
    expect(tailer.counts.unknown).toBe(1)
  })

  it('a consumer that throws is reported through onError and tailing goes on', () => {
    const file = scratch('throwing.jsonl')
    writeFileSync(file, `${meta('a')}${meta('b')}`)
    const errors: string[] = []
    let seen = 0
    const tailer = new RolloutTailer(file, {
      onRecord: () => {
        seen++
        if (seen === 1) throw new Error('consumer broke')
      },
      onError: (error) => errors.push(error.message),
    })
    tailer.poll()
    tailer.stop()
    expect(seen).toBe(2)
    expect(errors).toEqual(['consumer broke'])
  })
})
