'use strict'
// Loads a CommonJS bundle compiled with V8's code cache (copied to dist/code-cache.cjs and into the
// hook runtime). Parsing and compiling a bundle was the largest part of every hook call and of
// every pre-commit check; with the cache, V8 deserialises the bytecode instead. V8 rejects a cache
// that does not match the source length or the engine; callers name the cache file by bundle
// identity, Node version and architecture. A missing or rejected cache is rewritten (atomically)
// when the process is about to exit, after `beforeWrite` (e.g. a warm-up of typical calls: a cache
// holds only the functions compiled by then). Any failure to cache only costs speed.
const {isAscii} = require('node:buffer')
const {mkdirSync, readFileSync, renameSync, writeFileSync} = require('node:fs')
const {dirname} = require('node:path')
const {createRequire} = require('node:module')
const {pathToFileURL} = require('node:url')
const {Script} = require('node:vm')

/** A bundle's text: bundles are ASCII (esbuild escapes the rest), where latin1 is an exact copy and much faster than UTF-8 decoding. */
function readSource(file) {
  const bytes = readFileSync(file)
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8')
}

/**
 * Evaluates `bundle` (CommonJS; `import.meta.url` compiled to `__cgImportMetaUrl`) and returns its
 * exports. `beforeWrite(exports)` runs before a new cache is written (errors ignored); without a
 * `cacheFile` the bundle is compiled without a cache.
 */
function loadBundle(bundle, cacheFile, beforeWrite) {
  let cachedData
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile)
  } catch {}
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __cgImportMetaUrl) {${readSource(bundle)}\n})`, {filename: bundle, cachedData})
  const bundleModule = {exports: {}}
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    const writeCache = () => {
      try {
        mkdirSync(dirname(cacheFile), {recursive: true})
        const temporary = `${cacheFile}.${process.pid}.tmp`
        writeFileSync(temporary, script.createCachedData())
        renameSync(temporary, cacheFile)
      } catch {}
    }
    // after the work is done (the exit code is already set)
    process.once('beforeExit', () => {
      Promise.resolve()
        .then(() => (beforeWrite ? beforeWrite(bundleModule.exports) : undefined))
        .catch(() => {})
        .then(writeCache)
    })
  }
  script.runInThisContext()(bundleModule.exports, createRequire(bundle), bundleModule, bundle, dirname(bundle), pathToFileURL(bundle).href)
  return bundleModule.exports
}

module.exports = {loadBundle}
