// The installed hook runtime (bundled into dist/hook-runtime/hook.mjs, copied by `init` to a
// per-user location): `node hook.mjs <event>` reads Codex's payload on stdin and prints either
// Codex's reply or the allow marker. The hooks.json wrapper (src/codex/hooks.ts) treats anything
// else, a non-zero exit or no output at all, as a failure and denies.
import {HOOK_ALLOW_MARKER} from '../../codex/hooks.js'
import {runHook} from './entry.js'

const chunks: Buffer[] = []
for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
const result = await runHook(process.argv[2] ?? '', Buffer.concat(chunks).toString('utf8'))
if (result.stderr) process.stderr.write(result.stderr)
process.stdout.write(result.stdout || `${HOOK_ALLOW_MARKER}\n`)
process.exitCode = result.exitCode
