// Small input helpers for the scan commands.
import {ConfigError} from '../util/errors.js'

/** All of standard input as UTF-8 text ("" when stdin is a terminal). */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return ''
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  const buffer = Buffer.concat(chunks)
  // a BOM-less UTF-16 pipe is rare; a UTF-8 BOM is dropped
  return buffer.toString('utf8').replace(/^\uFEFF/, '')
}

/** "256M", "10k", "1G", "4096" → bytes. */
export function parseSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kKmMgG]?)(?:i?[bB])?$/.exec(value.trim())
  if (!match) throw new ConfigError(`--max-size: expected a size such as 4096, 512k, 10M or 1G (got "${value}")`)
  const unit = {'': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3}[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g']
  return Math.floor(Number(match[1]) * unit)
}
