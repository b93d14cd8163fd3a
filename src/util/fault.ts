// Fault injection for the reliability tests: CODEX_GUARD_FAULT_AT=<point> makes the process
// SIGKILL itself when it reaches that named point (between two renames, after a partial write…),
// so a test can prove the next run completes or rolls back. One env lookup when unset.
const target = process.env['CODEX_GUARD_FAULT_AT']

export function faultPoint(name: string): void {
  if (target !== undefined && target === name) process.kill(process.pid, 'SIGKILL')
}

/** Whether the named fault is armed (for faults other than a kill, e.g. a simulated full disk). */
export function faultArmed(name: string): boolean {
  return target !== undefined && target === name
}
