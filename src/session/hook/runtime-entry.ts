// The installed hook runtime (bundled as CommonJS into dist/hook-runtime/hook-main.cjs and
// loaded by hook.cjs through V8's code cache; copied by `init` to a per-user location):
// `node hook.cjs <event>` reads Codex's payload on stdin and prints either Codex's reply or the
// allow marker. The hooks.json wrapper (src/codex/hooks.ts) treats anything else, a non-zero exit
// or no output at all, as a failure and denies.
import {readFileSync} from 'node:fs'
import {HOOK_ALLOW_MARKER} from '../../codex/hooks.js'
import {runHook} from './entry.js'

/** Codex pipes the payload: read it in one call (the async stream iterator alone cost milliseconds of start-up). */
async function readStdin(): Promise<string> {
  try {
    return readFileSync(0, 'utf8')
  } catch {
    // Non-blocking or unusual stdin (EAGAIN): the stream reads it either way.
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  }
}

void (async () => {
  const result = await runHook(process.argv[2] ?? '', await readStdin())
  if (result.stderr) process.stderr.write(result.stderr)
  process.stdout.write(result.stdout || `${HOOK_ALLOW_MARKER}\n`)
  process.exitCode = result.exitCode
})()
