// Sizes given on the command line (--max-size, --max-file-size).
import {ConfigError} from './errors.js'

/** "256M", "10k", "8MiB", "1G", "4096" → bytes (binary units); a ConfigError naming the flag otherwise. */
export function parseSize(value: string, flag = '--max-size'): number {
  const match = /^(\d+(?:\.\d+)?)\s*(k|m|g)?(?:i?b)?$/i.exec(value.trim())
  if (!match) throw new ConfigError(`${flag}: expected a size such as 4096, 512k, 10M or 8MiB (got "${value}")`)
  const unit = {k: 1024, m: 1024 ** 2, g: 1024 ** 3}[(match[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1
  return Math.floor(Number(match[1]) * unit)
}
