#!/usr/bin/env node
// Regenerates docs/rules.md from the built rule metadata (run `npm run build` first).
import {writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {rulesDoc} from '../dist/docs.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
writeFileSync(join(root, 'docs', 'rules.md'), rulesDoc())
console.log('wrote docs/rules.md')
