// Small input helpers for the scan commands.

/** All of standard input as UTF-8 text ("" when stdin is a terminal). */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return ''
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  const buffer = Buffer.concat(chunks)
  // a BOM-less UTF-16 pipe is rare; a UTF-8 BOM is dropped
  return buffer.toString('utf8').replace(/^\uFEFF/, '')
}
