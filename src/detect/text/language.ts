// Which comment/string syntax a file uses, from its name (and shebang). Families, not languages:
// the lexer only needs to know where comments, strings and prose are.
import {AGENT_FILE_GLOBS} from '../../policy/catalogue.js'

export type Language =
  | 'js' // JS/TS: // and /* */, '…' "…" `…`, regex literals
  | 'c' // C, C++, C#, Java, Kotlin, Scala, Swift, Dart, PHP, Groovy, Solidity, proto…
  | 'go' // like c, plus `raw` strings
  | 'rust' // like c, nested /* */, r#"raw"#, 'a lifetimes
  | 'css' // /* */ only (and // in scss/less)
  | 'python'
  | 'shell' // sh/bash/zsh, Dockerfile, Makefile, Perl, R, PowerShell, .env, .gitignore…
  | 'ruby'
  | 'yaml'
  | 'toml' // also ini/cfg/conf/properties
  | 'sql' // -- comments (SQL, Lua, Haskell, Elm)
  | 'json'
  | 'jsonc'
  | 'markdown' // also mdx, rst, adoc, AGENTS.md, .cursorrules
  | 'html' // also xml, svg, vue, svelte
  | 'text'

const BY_EXTENSION: Record<string, Language> = {}
const assign = (language: Language, extensions: string[]) => {
  for (const extension of extensions) BY_EXTENSION[extension] = language
}
assign('js', ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'es6', 'coffee'])
assign('c', [
  'c',
  'h',
  'cc',
  'cpp',
  'cxx',
  'hpp',
  'hh',
  'hxx',
  'ino',
  'cs',
  'java',
  'kt',
  'kts',
  'scala',
  'sc',
  'swift',
  'dart',
  'php',
  'groovy',
  'gradle',
  'sol',
  'proto',
  'm',
  'mm',
  'zig',
  'v',
  'fs',
  'fsx',
  'glsl',
  'hlsl',
  'wgsl',
  'cu',
  'json5',
])
assign('go', ['go'])
assign('rust', ['rs'])
assign('css', ['css', 'scss', 'sass', 'less', 'styl'])
assign('python', ['py', 'pyi', 'pyw', 'pyx', 'pxd', 'gyp', 'gypi', 'bzl', 'star', 'rules'])
assign('shell', [
  'sh',
  'bash',
  'zsh',
  'ksh',
  'fish',
  'ps1',
  'psm1',
  'pl',
  'pm',
  'r',
  'tcl',
  'awk',
  'mk',
  'cmake',
  'nix',
  'env',
  'envrc',
  'tf',
  'hcl',
  'dockerfile',
  'gitignore',
  'npmignore',
  'dockerignore',
  'gitattributes',
  'editorconfig',
  'npmrc',
  'nvmrc',
])
assign('ruby', ['rb', 'rake', 'gemspec', 'ru', 'podspec', 'erb'])
assign('yaml', ['yml', 'yaml'])
assign('toml', ['toml', 'ini', 'cfg', 'conf', 'properties', 'desktop', 'service'])
assign('sql', ['sql', 'lua', 'hs', 'elm', 'ada', 'adb', 'ads'])
assign('json', ['json', 'map', 'webmanifest', 'har', 'ipynb', 'lock'])
assign('jsonc', ['jsonc'])
assign('markdown', ['md', 'markdown', 'mdx', 'mdc', 'rst', 'adoc', 'asciidoc', 'mdown', 'mkd', 'rmd'])
assign('html', [
  'html',
  'htm',
  'xhtml',
  'xml',
  'svg',
  'vue',
  'svelte',
  'astro',
  'xsl',
  'xslt',
  'plist',
  'xaml',
  'csproj',
  'props',
  'targets',
  'rss',
  'atom',
  'hbs',
  'handlebars',
  'ejs',
  'njk',
  'liquid',
  'jsp',
])
assign('text', ['txt', 'text', 'log', 'csv', 'tsv'])

const BY_NAME: Record<string, Language> = {
  dockerfile: 'shell',
  containerfile: 'shell',
  makefile: 'shell',
  gnumakefile: 'shell',
  justfile: 'shell',
  procfile: 'shell',
  brewfile: 'ruby',
  gemfile: 'ruby',
  rakefile: 'ruby',
  podfile: 'ruby',
  vagrantfile: 'ruby',
  fastfile: 'ruby',
  '.bashrc': 'shell',
  '.zshrc': 'shell',
  '.profile': 'shell',
  '.bash_profile': 'shell',
  '.env': 'shell',
  '.envrc': 'shell',
  '.gitignore': 'shell',
  '.gitmodules': 'toml',
  '.gitconfig': 'toml',
  '.editorconfig': 'toml',
  '.npmrc': 'toml',
  '.mcp.json': 'json',
  'tsconfig.json': 'jsonc',
  'jsconfig.json': 'jsonc',
  '.eslintrc': 'jsonc',
  '.babelrc': 'jsonc',
  'devcontainer.json': 'jsonc',
  license: 'text',
  licence: 'text',
  copying: 'text',
  notice: 'text',
  authors: 'text',
  changelog: 'markdown',
  readme: 'markdown',
  codeowners: 'shell',
}

// Extension-less agent instruction files (.cursorrules, .windsurfrules…) are prose with markdown.
for (const glob of AGENT_FILE_GLOBS) {
  const name = glob.slice(glob.lastIndexOf('/') + 1).toLowerCase()
  if (!glob.endsWith('/**') && name.lastIndexOf('.') <= 0) BY_NAME[name] ??= 'markdown'
}

const SHEBANG: [RegExp, Language][] = [
  [/^#!.*\b(?:node|deno|bun|tsx|ts-node)\b/, 'js'],
  [/^#!.*\bpython[\d.]*\b/, 'python'],
  [/^#!.*\bruby\b/, 'ruby'],
  [/^#!.*\b(?:ba|z|k|da|fi)?sh\b|^#!.*\b(?:perl|Rscript|pwsh)\b/, 'shell'],
]

export function languageOf(path: string | undefined, head = ''): Language {
  if (path) {
    const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase()
    const byName = BY_NAME[base]
    if (byName) return byName
    if (base.startsWith('.env')) return 'shell'
    if (base.startsWith('dockerfile') || base.endsWith('.dockerfile')) return 'shell'
    if (/^(?:readme|changelog|contributing|security|agents|claude|gemini)(?:\.|$)/.test(base) && !/\.(?:txt|html?|rst)$/.test(base)) {
      const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : ''
      if (ext === '' || ext === 'md' || ext === 'markdown' || ext === 'mdx') return 'markdown'
    }
    const dot = base.lastIndexOf('.')
    if (dot >= 0) {
      const byExt = BY_EXTENSION[base.slice(dot + 1)]
      if (byExt) return byExt
    }
    if (/(^|\/)\.github\/workflows\//.test(path)) return 'yaml'
  }
  if (head.startsWith('#!')) {
    const first = head.slice(0, head.indexOf('\n') >>> 0)
    for (const [pattern, language] of SHEBANG) if (pattern.test(first)) return language
  }
  return 'text'
}

/** Languages whose text between comments/strings is executable code. */
export const CODE_LANGUAGES = new Set<Language>(['js', 'c', 'go', 'rust', 'css', 'python', 'shell', 'ruby', 'sql', 'json', 'jsonc'])

/** Accepts a user-given --language value: a family name or a common extension. */
export function parseLanguage(value: string): Language | undefined {
  const lower = value.toLowerCase().replace(/^\./, '')
  const families: Language[] = ['js', 'c', 'go', 'rust', 'css', 'python', 'shell', 'ruby', 'yaml', 'toml', 'sql', 'json', 'jsonc', 'markdown', 'html', 'text']
  if ((families as string[]).includes(lower)) return lower as Language
  const aliases: Record<string, Language> = {javascript: 'js', typescript: 'js', java: 'c', cpp: 'c', csharp: 'c', bash: 'shell', sh: 'shell', prose: 'text', plain: 'text', md: 'markdown'}
  return aliases[lower] ?? BY_EXTENSION[lower]
}
