// Progress lines: shown on a terminal only, rendered with count, share and elapsed time, cleared at the end.
import {describe, expect, it} from 'vitest'
import {type ProgressStream, progressWanted, renderProgress, startProgress} from '../../src/util/progress.js'

function stream(isTTY: boolean): ProgressStream & {text: string} {
  const out = {isTTY, text: '', write: (chunk: string) => (out.text += chunk)}
  return out
}

describe('progressWanted', () => {
  it('only on a TTY, and not with TERM=dumb or CODEX_GUARD_NO_PROGRESS', () => {
    expect(progressWanted({isTTY: true, write() {}}, {})).toBe(true)
    expect(progressWanted({isTTY: false, write() {}}, {})).toBe(false)
    expect(progressWanted({write() {}}, {})).toBe(false)
    expect(progressWanted({isTTY: true, write() {}}, {TERM: 'dumb'})).toBe(false)
    expect(progressWanted({isTTY: true, write() {}}, {CODEX_GUARD_NO_PROGRESS: '1'})).toBe(false)
  })
})

describe('renderProgress', () => {
  it('count, total, share and seconds', () => {
    expect(renderProgress('scan files', 2400, 120, 4000)).toBe('scan files: 120/4000 (3%) 2.4 s')
    expect(renderProgress('scan files', 0, 4000, 4000)).toBe('scan files: 4000/4000 (100%) 0.0 s')
    expect(renderProgress('verify', 15_050)).toBe('verify 15.1 s')
    expect(renderProgress('x', 1000, 7)).toBe('x: 7 1.0 s')
    // a count past the total never shows more than 100%
    expect(renderProgress('x', 0, 9, 4)).toBe('x: 9/4 (100%) 0.0 s')
  })
})

describe('startProgress', () => {
  it('writes nothing but notes when piped', () => {
    const out = stream(false)
    const progress = startProgress('scan', {stream: out, env: {}})
    progress.update(1, 10)
    progress.note('phase two')
    progress.stop()
    expect(out.text).toBe('phase two\n')
  })

  it('redraws one line on a TTY, throttled, and clears it on stop', () => {
    const out = stream(true)
    let clock = 0
    const progress = startProgress('scan', {stream: out, env: {}, intervalMs: 100, now: () => clock})
    expect(out.text).toBe('\r\u001b[2Kscan 0.0 s')
    clock = 50
    progress.update(1, 10)
    expect(out.text).toBe('\r\u001b[2Kscan 0.0 s')
    clock = 150
    progress.update(2, 10)
    expect(out.text.endsWith('\r\u001b[2Kscan: 2/10 (20%) 0.1 s')).toBe(true)
    progress.note('live: session started')
    expect(out.text).toContain('\r\u001b[2Klive: session started\n')
    progress.stop()
    expect(out.text.endsWith('\r\u001b[2K')).toBe(true)
    const length = out.text.length
    progress.update(3, 10)
    progress.stop()
    expect(out.text.length).toBe(length)
    expect(out.text).not.toContain('\n\n')
  })
})
