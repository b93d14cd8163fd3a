#!/usr/bin/env node
// npm "prepare": builds dist/ when installing from a checkout or git (the pre-commit framework's
// `language: node` runs `npm install` then `npm pack` in its clone, and both run prepare). A
// stamp of the sources dist/ was built from skips the second, identical build.
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const stamp = join(root, 'dist', '.build-stamp')

function* files(dir) {
  for (const entry of readdirSync(dir, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* files(path)
    else if (entry.isFile()) yield path
  }
}

const hash = createHash('sha256')
for (const path of [...files(join(root, 'src')), join(root, 'package.json'), join(root, 'package-lock.json'), join(root, 'tsconfig.json')]) {
  if (!existsSync(path)) continue
  hash.update(`${relative(root, path)}\0`).update(readFileSync(path)).update('\0')
}
const digest = hash.digest('hex')

if (existsSync(join(root, 'oclif.manifest.json')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
  console.error('codex-guard prepare: dist/ is up to date with the sources; not rebuilding')
} else {
  // build output on stderr: stdout of `npm pack` must stay the tarball name
  execFileSync('npm', ['run', 'build'], {cwd: root, stdio: ['ignore', 2, 2]})
  writeFileSync(stamp, digest)
}
