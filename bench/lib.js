// Shared benchmark helpers: wall-clock medians of interleaved runs and a markdown ratio table
// against the first (baseline) row, so every target is judged against a number from the same run.

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** Milliseconds for one process run; throws unless it exits with one of options.okCodes (default 0). */
export function time(spawnSync, command, args, options = {}) {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, {stdio: ['pipe', 'ignore', 'ignore'], ...options})
  const ok = options.okCodes ?? [0]
  if (!ok.includes(result.status)) throw new Error(`${command} ${args.slice(0, 6).join(' ')}${args.length > 6 ? ' …' : ''} exited ${result.status}${result.error ? ` (${result.error.message})` : ''}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}

/** Runs every case once per round, round after round, so load changes hit all cases alike. */
export function interleaved(cases, runs) {
  const samples = cases.map(() => [])
  for (let round = 0; round < runs; round++) {
    for (const [index, entry] of cases.entries()) samples[index].push(entry.run())
  }
  return cases.map((entry, index) => ({name: entry.name, ms: median(samples[index])}))
}

export function table(title, results, targets, runs) {
  const base = results[0].ms
  console.log(`\n## ${title} (median of ${runs})`)
  console.log('| case | median ms | × baseline | target |')
  console.log('|---|---:|---:|---|')
  for (const result of results) {
    const ratio = result.ms / base
    const target = targets[result.name]
    const verdict = target === undefined ? '' : `≤ ${target}× ${ratio <= target ? 'OK' : 'MISSED'}`
    console.log(`| ${result.name} | ${result.ms.toFixed(1)} | ${ratio.toFixed(2)} | ${verdict} |`)
  }
}
