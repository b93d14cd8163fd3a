// End-of-session hand-off: in a terminal the developer confirms each item (or defers the rest);
// elsewhere the checklist is printed and stays pending for `codex-guard status`.
import {createInterface} from 'node:readline'
import type {Readable, Writable} from 'node:stream'
import {renderChecklist} from '../report/checklist.js'
import {acknowledge, type Checklist, isPending} from './checklist.js'

export async function handOff(checklist: Checklist, io: {input: Readable; output: Writable; interactive: boolean}, env?: NodeJS.ProcessEnv): Promise<{done: string[]; deferred: number}> {
  const actionable = checklist.items.filter(isPending)
  if (!io.interactive) {
    io.output.write(renderChecklist(checklist, 'text', {includeProtected: false}))
    io.output.write(`The checklist stays pending: \`codex-guard status\`, then \`codex-guard rotate --session ${checklist.session} --done <id>\`.\n`)
    return {done: [], deferred: actionable.length}
  }
  io.output.write(`\ncodex-guard: this session crossed a rotation trigger (${checklist.triggers.join('; ')}).\n`)
  const rl = createInterface({input: io.input, terminal: false})
  const lines = rl[Symbol.asyncIterator]()
  const done: string[] = []
  try {
    for (const [index, item] of actionable.entries()) {
      io.output.write(`\n(${index + 1}/${actionable.length}) ${item.label}\n  why: ${item.evidence.join('; ')}\n`)
      for (const [number, step] of item.steps.steps.entries()) io.output.write(`  ${number + 1}) ${step}\n`)
      io.output.write('  rotated? [y]es, [n]ot yet, [d]efer the rest: ')
      const next = await lines.next()
      if (next.done) break // input closed (Ctrl-D): defer the rest
      const answer = String(next.value).trim().toLowerCase()
      if (answer === 'y' || answer === 'yes') done.push(item.id)
      else if (answer === 'd' || answer === 'defer') break
    }
  } finally {
    rl.close()
  }
  if (done.length > 0) acknowledge(checklist.session, done, env)
  const deferred = actionable.length - done.length
  if (deferred > 0) io.output.write(`\n${deferred} item(s) left pending: \`codex-guard rotate --session ${checklist.session}\`.\n`)
  return {done, deferred}
}
