// The dependency rules docs/architecture.md states, checked on the source tree: each top-level
// folder of src/ sits in a layer and imports only from its own layer or lower ones, and the
// folder graph has no cycles (static and dynamic imports both count).
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'

const SRC = join(import.meta.dirname, '..', '..', 'src')

/** Lower layers know nothing of higher ones. Keep in step with docs/architecture.md. */
const LAYERS: Record<string, number> = {
  util: 0,
  policy: 1,
  git: 1,
  report: 2,
  codex: 2,
  analysis: 3,
  detect: 3,
  generate: 4,
  validate: 4,
  verify: 4,
  precommit: 4,
  session: 4,
  rotate: 4,
  commands: 5,
  docs: 5,
  'run-entry': 5,
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

const folderOf = (file: string) => relative(SRC, file).split('/')[0]!.replace(/\.ts$/, '')

/**
 * [from file, to file] for every relative import, export-from and dynamic import that exists at
 * run time. Type-only imports are erased by the compiler: a renderer in report/ may name the
 * shape it renders (a session summary, a checklist) without depending on the code behind it.
 */
function imports(): [string, string][] {
  const edges: [string, string][] = []
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/^(import|export)\s+(type\s+)?[^'";]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]|\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]/gm)) {
      if (match[2]) continue
      edges.push([file, resolve(dirname(file), (match[3] ?? match[4])!)])
    }
  }
  return edges
}

describe('architecture', () => {
  const edges = imports()

  it('every top-level folder has a layer', () => {
    const folders = new Set(sourceFiles(SRC).map(folderOf))
    expect([...folders].filter((folder) => !(folder in LAYERS))).toEqual([])
  })

  it('imports go to the same layer or a lower one', () => {
    const upward = edges
      .map(([from, to]) => [folderOf(from), folderOf(to), relative(SRC, from), relative(SRC, to)] as const)
      .filter(([a, b]) => a !== b && LAYERS[b]! > LAYERS[a]!)
      .map(([, , from, to]) => `${from} → ${to}`)
    expect(upward).toEqual([])
  })

  it('the catalogue knows no Codex format and detectors know no session', () => {
    const bad = edges.filter(([from, to]) => (folderOf(from) === 'policy' && ['codex', 'session', 'analysis'].includes(folderOf(to))) || (folderOf(from) === 'detect' && folderOf(to) === 'session'))
    expect(bad.map(([from, to]) => `${relative(SRC, from)} → ${relative(SRC, to)}`)).toEqual([])
  })

  it('the folder graph has no cycles', () => {
    const graph = new Map<string, Set<string>>()
    for (const [from, to] of edges) {
      const a = folderOf(from)
      const b = folderOf(to)
      if (a !== b) graph.set(a, new Set([...(graph.get(a) ?? []), b]))
    }
    const cycles: string[] = []
    const visit = (node: string, path: string[]) => {
      for (const next of graph.get(node) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' → '))
        else visit(next, [...path, next])
      }
    }
    for (const node of graph.keys()) visit(node, [node])
    expect([...new Set(cycles)]).toEqual([])
  })
})
