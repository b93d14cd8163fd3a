// Monotonic milliseconds for time budgets. Not `performance.now()`: the `performance` global
// loads perf_hooks (about a dozen modules) into every hook process on first use.
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6
