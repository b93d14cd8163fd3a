// codex-guard's own generated text, recognised by content so the scanner does not report what
// init wrote (the AGENTS.md section quotes "ignore previous instructions" as an example; the rules
// file lists the commands it forbids). Derived from the generators themselves — the section
// template, the rules renderer, the hooks.json command — never from a list of phrases, and exact:
// text edited inside the markers, a changed rule block or a foreign hook is scanned as usual.
import {readFileSync} from 'node:fs'
import {HOOK_TIMEOUTS, type HookEvent, hookCommand, runtimeIdOf} from '../codex/hooks.js'
import {buildPolicy} from '../policy/effective.js'
import {PROFILES} from '../policy/types.js'
import {templatePath} from '../util/paths.js'
import {escapeRegExp} from '../util/regexp.js'
import {AGENTS_MARKERS} from './agents-md.js'
import {findSection} from './marked-section.js'
import {RULES_HEADER, renderRulesFile} from './rules-file.js'

export interface Span {
  start: number
  end: number
}

let sectionPattern: RegExp | undefined
/** The AGENTS.md section template as a pattern: each {{PLACEHOLDER}} stands for the rest of its line. */
function agentsSection(): RegExp {
  sectionPattern ??= new RegExp(
    `^${readFileSync(templatePath('agents-section.md'), 'utf8')
      .trim()
      .split(/\{\{[A-Z_]+\}\}/)
      .map(escapeRegExp)
      .join('[^\\n]*')}$`,
  )
  return sectionPattern
}

let ruleBlocks: Set<string> | undefined
/** Every block (rule comment + prefix_rule, header) the rules renderer writes, for every profile. */
function knownRuleBlocks(): Set<string> {
  ruleBlocks ??= new Set(
    PROFILES.flatMap((profile) =>
      renderRulesFile(buildPolicy(profile))
        .split(/\n\n+/)
        .map((block) => block.trim()),
    ),
  )
  return ruleBlocks
}

/** Spans of a file's text that codex-guard generated, unchanged. */
export function ownTextSpans(path: string, text: string): Span[] {
  const base = path.slice(path.lastIndexOf('/') + 1)
  const normal = text.includes('\r') ? text.replace(/\r\n?/g, (match) => (match === '\r\n' ? ' \n' : '\n')) : text
  const spans: Span[] = []
  if (text.includes(AGENTS_MARKERS.start)) {
    let found: {from: number; to: number} | undefined
    try {
      found = findSection(text, AGENTS_MARKERS, path)
    } catch {
      found = undefined // damaged markers: nothing is codex-guard's for sure
    }
    if (found) {
      const inner = text.slice(found.from, found.to).replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n').slice(1, -1).join('\n').trim()
      if (agentsSection().test(inner)) spans.push({start: found.from, end: found.to})
    }
  }
  if (base.endsWith('.rules') && normal.startsWith(RULES_HEADER)) {
    const known = knownRuleBlocks()
    for (const block of normal.matchAll(/[^\n](?:[^\n]|\n(?!\s*\n))*/g)) {
      if (known.has(block[0].replace(/ \n/g, '\n').trim())) spans.push({start: block.index, end: block.index + block[0].length})
    }
  }
  if (base === 'hooks.json') {
    for (const match of text.matchAll(/"command"\s*:\s*("(?:[^"\\]|\\.)*")/g)) {
      let command: string
      try {
        command = JSON.parse(match[1]!) as string
      } catch {
        continue
      }
      const runtime = runtimeIdOf(command)
      if (runtime && (Object.keys(HOOK_TIMEOUTS) as HookEvent[]).some((event) => command === hookCommand(event, runtime))) spans.push({start: match.index, end: match.index + match[0].length})
    }
  }
  return spans
}

/** Findings outside codex-guard's own text (lines are 1-based, as findings carry them). */
export function withoutOwnText<T extends {line?: number}>(path: string, text: string, findings: T[]): {kept: T[]; exempt: T[]} {
  const spans = findings.length === 0 ? [] : ownTextSpans(path, text)
  if (spans.length === 0) return {kept: findings, exempt: []}
  const lineStarts = [0]
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1)
  const kept: T[] = []
  const exempt: T[] = []
  for (const finding of findings) {
    const offset = finding.line === undefined ? -1 : (lineStarts[finding.line - 1] ?? -1)
    const lineEnd = finding.line === undefined ? -1 : (lineStarts[finding.line] ?? text.length + 1) - 1
    if (offset >= 0 && spans.some((span) => span.start <= offset && lineEnd <= span.end)) exempt.push(finding)
    else kept.push(finding)
  }
  return {kept, exempt}
}
