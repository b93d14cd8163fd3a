import {UNKNOWN} from '../../../analysis/shell.js'
import {type HookRule, hookMeta} from './types.js'

const isUrlOrPath = (target: string) =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(target) || /^[^/\s]+@[^:\s]+:/.test(target) || target.startsWith('/') || target.startsWith('.') || target.startsWith('~') || target.includes(UNKNOWN)

export const pushNewRemote: HookRule = {
  meta: hookMeta(
    'CG-HOOK-PUSH-NEW-REMOTE',
    'git push to a URL or path',
    'Pushing to a URL instead of a configured remote sends the repository somewhere the user never set up.',
    'push to a configured remote, or ask the user',
    ['git push https://example.com/x.git HEAD', 'git push git@example.com:me/x.git main', 'git push ../mirror.git main'],
    ['git push origin feature', 'git push -u origin HEAD'],
  ),
  check(facts) {
    const target = facts.pushTarget
    return target && isUrlOrPath(target) ? [`git push to "${target.replaceAll(UNKNOWN, '$…')}" sends the repository to a location that is not a configured remote`] : []
  },
}
