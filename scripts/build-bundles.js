// Builds the CommonJS bundles that load through V8's code cache (scripts/code-cache.cjs):
// - the self-contained hook runtime (dist/hook-runtime): hook.cjs (the loader, from
//   scripts/hook-runtime-loader.cjs), hook-main.cjs (the PreToolUse/PostToolUse/Stop code) and one
//   bundle per secretlint package it loads lazily, so a PreToolUse call neither reads nor compiles
//   the secret scanner it does not use;
// - dist/precommit.cjs, `codex-guard precommit run` (bin/run.js loads it), which requires the same
//   secretlint bundles from dist/hook-runtime when a staged line needs them.
import {copyFileSync, mkdirSync, readFileSync, rmSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist', 'hook-runtime')
const LAZY = ['@secretlint/core', '@secretlint/secretlint-rule-preset-recommend', '@secretlint/secretlint-rule-pattern']
const lazyFile = (name) => `./${name.replace('@secretlint/', 'secretlint-')}.cjs`

// CG_NO_MINIFY=1 keeps line breaks, so a CPU profile of a bundle points at readable lines.
const common = {bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', minifyWhitespace: process.env.CG_NO_MINIFY !== '1', legalComments: 'none'}
/**
 * A stub module per secretlint package that requires its separate bundle (`folder` relative to the
 * output file): the bundle's import() of a bundled module is evaluated on first use, while an
 * external import() would need an ESM loader the code-cache loader (vm.Script) does not have.
 */
const lazySecretlint = (folder) => ({
  name: 'lazy-secretlint',
  setup(pluginBuild) {
    pluginBuild.onResolve({filter: /^@secretlint\/(core|secretlint-rule-preset-recommend|secretlint-rule-pattern)$/}, (args) => ({path: args.path, namespace: 'lazy-secretlint'}))
    pluginBuild.onLoad({filter: /.*/, namespace: 'lazy-secretlint'}, (args) => ({contents: `module.exports = require(${JSON.stringify(folder + lazyFile(args.path).slice(1))})`, loader: 'js'}))
    pluginBuild.onResolve({filter: /secretlint-.*\.cjs$/}, (args) => ({path: args.path, external: true}))
  },
})
// The loader passes the bundle's file URL (CommonJS has no import.meta).
const importMetaUrl = {'import.meta.url': '__cgImportMetaUrl'}
rmSync(out, {recursive: true, force: true})
mkdirSync(out, {recursive: true})
await build({
  ...common,
  entryPoints: [join(root, 'dist', 'session', 'hook', 'runtime-entry.js')],
  outfile: join(out, 'hook-main.cjs'),
  define: importMetaUrl,
  plugins: [lazySecretlint('.')],
})
await build({
  ...common,
  entryPoints: [join(root, 'dist', 'precommit', 'entry.js')],
  outfile: join(root, 'dist', 'precommit.cjs'),
  define: importMetaUrl,
  plugins: [lazySecretlint('./hook-runtime')],
})
await Promise.all(
  LAZY.map((name) =>
    build({...common, stdin: {contents: `export * from '${name}'`, resolveDir: root, loader: 'js'}, outfile: join(out, lazyFile(name)), define: {'import.meta.url': 'undefined'}}),
  ),
)
copyFileSync(join(root, 'scripts', 'hook-runtime-loader.cjs'), join(out, 'hook.cjs'))
copyFileSync(join(root, 'scripts', 'code-cache.cjs'), join(out, 'code-cache.cjs'))
copyFileSync(join(root, 'scripts', 'code-cache.cjs'), join(root, 'dist', 'code-cache.cjs'))
// The loader reads an ASCII bundle as latin1 (an exact copy, much faster than UTF-8 decoding):
// say so when a raw non-ASCII character (a regex literal, which esbuild leaves as written) slips in.
for (const bundle of [join(out, 'hook-main.cjs'), join(root, 'dist', 'precommit.cjs')]) {
  const offset = readFileSync(bundle).findIndex((byte) => byte > 0x7f)
  if (offset !== -1) console.warn(`build-bundles: ${bundle} holds a non-ASCII byte at offset ${offset} (write it as a \\u escape): it loads slower`)
}
