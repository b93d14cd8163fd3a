'use strict'
// codex-guard's hook runtime entry (copied to dist/hook-runtime/hook.cjs). It compiles the bundle
// (hook-main.cjs) with V8's code cache: without it, parsing and compiling the bundle was the
// largest part of every hook call. The cache lives beside the runtimes (not inside this folder,
// whose content hash `init` checks), one file per runtime, Node version and architecture; V8
// rejects a cache that does not match the source or the engine, and a rejected or missing cache
// is rewritten (atomically) after the call, once the bundle's warmUp has compiled the code paths
// of typical calls (a cache holds only functions compiled by then). Any failure to cache only
// costs speed.
const {mkdirSync, readFileSync, renameSync, writeFileSync} = require('node:fs')
const {basename, dirname, join} = require('node:path')
const {createRequire} = require('node:module')
const {pathToFileURL} = require('node:url')
const {Script} = require('node:vm')

const bundle = join(__dirname, 'hook-main.cjs')
const cacheDir = join(dirname(__dirname), '.code-cache')
const cacheFile = join(cacheDir, `${basename(__dirname)}-${process.version}-${process.arch}.bin`)
let cachedData
try {
  cachedData = readFileSync(cacheFile)
} catch {}
const script = new Script(`(function (exports, require, module, __filename, __dirname, __cgImportMetaUrl) {${readFileSync(bundle, 'utf8')}\n})`, {filename: bundle, cachedData})
if (cachedData === undefined || script.cachedDataRejected) {
  const writeCache = () => {
    try {
      mkdirSync(cacheDir, {recursive: true})
      const temporary = `${cacheFile}.${process.pid}.tmp`
      writeFileSync(temporary, script.createCachedData())
      renameSync(temporary, cacheFile)
    } catch {}
  }
  // after the reply is out (the exit code is already set): warm up, then write the cache
  process.once('beforeExit', () => {
    const warmUp = bundleModule.exports.warmUp
    Promise.resolve()
      .then(() => (typeof warmUp === 'function' ? warmUp(__dirname) : undefined))
      .catch(() => {})
      .then(writeCache)
  })
}
const bundleModule = {exports: {}}
script.runInThisContext()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, __dirname, pathToFileURL(bundle).href)
