// Worker thread for `scan files`: scans batches of files and posts the results back.
import {parentPort, workerData} from 'node:worker_threads'
import {type FileScanResult, scanFile} from './scan-file.js'

interface Job {
  id: number
  files: {path: string; display: string}[]
}

const {maxBytes} = workerData as {maxBytes: number}

parentPort!.on('message', (job: Job) => {
  const results: FileScanResult[] = job.files.map((file) => scanFile(file.path, {display: file.display, maxBytes, name: false}))
  parentPort!.postMessage({id: job.id, results})
})
