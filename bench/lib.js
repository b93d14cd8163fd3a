// Shared benchmark helpers: wall-clock medians of interleaved runs and a markdown ratio table
// against the first (baseline) row, so every target is judged against a number from the same run.

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/**
 * Variables that change Node's own start-up: NODE_EXTRA_CA_CERTS alone added ~45 ms to every
 * `node -e 0` on a sandbox that sets it (certificates are loaded before any script runs), which
 * shrank every ratio against that baseline. Every timed process runs without them.
 */
const STARTUP_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'NODE_COMPILE_CACHE']
const present = STARTUP_VARIABLES.filter((name) => process.env[name] !== undefined)
if (present.length > 0) console.log(`(timed processes run without ${present.join(', ')}: they change Node's own start-up)`)

/** `env` without the variables that change Node's start-up. */
export function startupNeutral(env = process.env) {
  const out = {...env}
  for (const name of STARTUP_VARIABLES) delete out[name]
  return out
}

/** Milliseconds for one process run; throws unless it exits with one of options.okCodes (default 0). */
export function time(spawnSync, command, args, options = {}) {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, {stdio: ['pipe', 'ignore', 'ignore'], ...options, env: startupNeutral(options.env)})
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
