'use strict'
// codex-guard's hook runtime entry (copied to dist/hook-runtime/hook.cjs): evaluates the bundle
// (hook-main.cjs) with V8's code cache (code-cache.cjs). The cache lives beside the runtimes (not
// inside this folder, whose content hash `init` checks), one file per runtime, Node version and
// architecture, written after the bundle's warmUp has compiled the code paths of typical calls.
const {basename, dirname, join} = require('node:path')
const {loadBundle} = require('./code-cache.cjs')

const cacheFile = join(dirname(__dirname), '.code-cache', `${basename(__dirname)}-${process.version}-${process.arch}.bin`)
loadBundle(join(__dirname, 'hook-main.cjs'), cacheFile, (exports) => (typeof exports.warmUp === 'function' ? exports.warmUp(__dirname) : undefined))
