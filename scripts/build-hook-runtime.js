// Builds the self-contained hook runtime (dist/hook-runtime): hook.cjs (the loader, from
// scripts/hook-runtime-loader.cjs), hook-main.cjs (the PreToolUse/PostToolUse/Stop code, one
// CommonJS bundle) and one bundle per secretlint package it loads lazily, so a PreToolUse call
// neither reads nor compiles the secret scanner it does not use.
import {copyFileSync, mkdirSync, rmSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist', 'hook-runtime')
const LAZY = ['@secretlint/core', '@secretlint/secretlint-rule-preset-recommend', '@secretlint/secretlint-rule-pattern']
const lazyFile = (name) => `./${name.replace('@secretlint/', 'secretlint-')}.cjs`

const common = {bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', minifyWhitespace: true, legalComments: 'none'}
rmSync(out, {recursive: true, force: true})
mkdirSync(out, {recursive: true})
await build({
  ...common,
  entryPoints: [join(root, 'dist', 'session', 'hook', 'runtime-entry.js')],
  outfile: join(out, 'hook-main.cjs'),
  // The loader passes the bundle's file URL (CommonJS has no import.meta).
  define: {'import.meta.url': '__cgImportMetaUrl'},
  plugins: [
    {
      name: 'lazy-secretlint',
      setup(pluginBuild) {
        // A stub module per package that requires the separate bundle: the bundle's import() of
        // a bundled module is evaluated on first use, while an external import() would need an
        // ESM loader the code-cache loader (vm.Script) does not have.
        pluginBuild.onResolve({filter: /^@secretlint\/(core|secretlint-rule-preset-recommend|secretlint-rule-pattern)$/}, (args) => ({path: args.path, namespace: 'lazy-secretlint'}))
        pluginBuild.onLoad({filter: /.*/, namespace: 'lazy-secretlint'}, (args) => ({contents: `module.exports = require(${JSON.stringify(lazyFile(args.path))})`, loader: 'js'}))
        pluginBuild.onResolve({filter: /^\.\/secretlint-.*\.cjs$/}, (args) => ({path: args.path, external: true}))
      },
    },
  ],
})
await Promise.all(
  LAZY.map((name) =>
    build({...common, stdin: {contents: `export * from '${name}'`, resolveDir: root, loader: 'js'}, outfile: join(out, lazyFile(name)), define: {'import.meta.url': 'undefined'}}),
  ),
)
copyFileSync(join(root, 'scripts', 'hook-runtime-loader.cjs'), join(out, 'hook.cjs'))
