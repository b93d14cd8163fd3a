// Scans many files on worker threads (one per core, at most two on the 2-core machines this
// targets), in batches handed out as workers free up; small jobs stay on the main thread where
// starting workers would cost more than it saves. Results arrive in input order.
import {existsSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import {type FileScanResult, scanFile} from './scan-file.js'

export interface PoolFile {
  path: string
  display: string
}

export interface PoolOptions {
  maxBytes: number
  /** worker threads; 0 = scan on the main thread; default: min(cores, 2) when there are enough files */
  jobs?: number
}

const BATCH = 48
const PARALLEL_FROM = 200

/** The worker entry: next to this module, or — when bundled into dist/scan.js — dist/scan-worker.js or the unbundled dist/detect/files/worker.js. */
export function workerScript(): string | undefined {
  for (const candidate of ['./worker.js', './scan-worker.js', './detect/files/worker.js']) {
    const file = fileURLToPath(new URL(candidate, import.meta.url))
    if (existsSync(file) && !file.endsWith('.ts')) return file
  }
  return undefined
}

export async function scanFiles(files: PoolFile[], options: PoolOptions, onResult?: (result: FileScanResult, index: number) => void): Promise<FileScanResult[]> {
  const script = workerScript()
  const wanted = options.jobs ?? (files.length >= PARALLEL_FROM ? Math.min(2, availableParallelism()) : 0)
  if (wanted <= 0 || !script) {
    return files.map((file, index) => {
      const result = scanFile(file.path, {display: file.display, maxBytes: options.maxBytes, name: false})
      onResult?.(result, index)
      return result
    })
  }
  const results: FileScanResult[] = new Array(files.length)
  let nextBatch = 0
  const batches: number[] = []
  for (let start = 0; start < files.length; start += BATCH) batches.push(start)
  const workers = Array.from({length: Math.min(wanted, batches.length)}, () => new Worker(script, {workerData: {maxBytes: options.maxBytes}}))
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (nextBatch >= batches.length) {
                resolve()
                return
              }
              const start = batches[nextBatch++]!
              worker.postMessage({id: start, files: files.slice(start, start + BATCH)})
            }
            worker.on('message', (message: {id: number; results: FileScanResult[]}) => {
              message.results.forEach((result, offset) => {
                results[message.id + offset] = result
                onResult?.(result, message.id + offset)
              })
              send()
            })
            worker.on('error', reject)
            worker.on('exit', (code) => {
              if (nextBatch < batches.length || code !== 0) reject(new Error(`scan worker exited with code ${code}`))
            })
            send()
          }),
      ),
    )
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
  return results
}
