// `codex app-server` (JSON-RPC over stdio): the only way to learn the key and hash Codex uses
// to trust a hook (codex-reference.md §5.2). Codex runs an untrusted hook silently never.
import {spawn} from 'node:child_process'
import {ConfigError} from '../util/errors.js'
import {tomlString} from '../util/toml.js'

export interface HookInfo {
  key: string
  eventName: string
  command?: string
  matcher?: string
  sourcePath: string
  source: string
  currentHash: string
  trustStatus: string
  isManaged: boolean
  enabled: boolean
}

export async function listHooks(codex: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<HookInfo[]> {
  const child = spawn(codex, ['app-server'], {cwd, env, stdio: ['pipe', 'pipe', 'pipe']})
  const requests = [
    {jsonrpc: '2.0', id: 1, method: 'initialize', params: {clientInfo: {name: 'codex-guard', version: '0'}}},
    {jsonrpc: '2.0', method: 'initialized'},
    {jsonrpc: '2.0', id: 2, method: 'hooks/list', params: {cwd}},
  ]
  child.stdin.write(requests.map((request) => JSON.stringify(request)).join('\n') + '\n')
  let buffer = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  try {
    return await new Promise<HookInfo[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ConfigError(`codex app-server did not answer hooks/list within ${timeoutMs / 1000}s`)), timeoutMs)
      child.on('error', (error) => {
        clearTimeout(timer)
        reject(new ConfigError(`cannot start codex app-server: ${error.message}`))
      })
      child.on('exit', (code) => {
        clearTimeout(timer)
        reject(new ConfigError(`codex app-server exited (${code}) before answering: ${stderr.trim().split('\n').pop() ?? ''}`))
      })
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString()
        let newline = buffer.indexOf('\n')
        while (newline !== -1) {
          const line = buffer.slice(0, newline)
          buffer = buffer.slice(newline + 1)
          newline = buffer.indexOf('\n')
          let message: {id?: number; result?: {data?: {hooks?: HookInfo[]}[]}; error?: {message?: string}}
          try {
            message = JSON.parse(line)
          } catch {
            continue
          }
          if (message.id !== 2) continue
          clearTimeout(timer)
          if (message.error) reject(new ConfigError(`codex app-server hooks/list failed: ${message.error.message ?? 'unknown error'}`))
          else resolve((message.result?.data ?? []).flatMap((entry) => entry.hooks ?? []))
        }
      })
    })
  } finally {
    child.stdin.end()
    child.kill('SIGTERM')
  }
}

/** Adds or updates `[hooks.state."<key>"] trusted_hash = "<hash>"` tables in user config text. */
export function withHooksTrusted(text: string | undefined, hooks: {key: string; currentHash: string}[]): string {
  let result = text ?? ''
  for (const hook of hooks) {
    const header = `[hooks.state.${tomlString(hook.key)}]`
    const lines = result.split('\n')
    const index = lines.findIndex((line) => line.trim() === header)
    if (index !== -1) {
      let replaced = false
      for (let cursor = index + 1; cursor < lines.length && !/^\s*\[/.test(lines[cursor]!); cursor++) {
        if (/^\s*trusted_hash\s*=/.test(lines[cursor]!)) {
          lines[cursor] = `trusted_hash = ${tomlString(hook.currentHash)}`
          replaced = true
          break
        }
      }
      if (!replaced) lines.splice(index + 1, 0, `trusted_hash = ${tomlString(hook.currentHash)}`)
      result = lines.join('\n')
    } else {
      const body = result.replace(/\n*$/, '')
      result = `${body === '' ? '' : `${body}\n\n`}${header}\ntrusted_hash = ${tomlString(hook.currentHash)}\n`
    }
  }
  return result
}
