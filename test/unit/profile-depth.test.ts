// Codex covers `**` deny globs only to glob_scan_max_depth − 1 directories below the root (a .env
// 8 directories deep was readable with N = 8, codex-reference §9): validate's coverage model and
// the generated profile agree with that.
import {describe, expect, it} from 'vitest'
import {type EffectiveProfile, ProfileMatcher} from '../../src/codex/permissions.js'
import {GLOB_SCAN_MAX_DEPTH} from '../../src/policy/catalogue.js'

const profile = (globScanMaxDepth: number): EffectiveProfile => ({
  name: 'codex-guard',
  defined: true,
  overriddenBySandboxMode: false,
  homeDenies: [],
  workspaceDenies: ['**/.env'],
  workspaceReadOnly: [],
  networkEnabled: false,
  globScanMaxDepth,
})
const deep = (directories: number) => `${Array.from({length: directories}, (_, index) => `d${index}`).join('/')}${directories > 0 ? '/' : ''}.env`

describe('glob_scan_max_depth', () => {
  it('N covers N − 1 directories below the root, not N', () => {
    const matcher = new ProfileMatcher(profile(8), '/repo')
    expect(matcher.denyingEntry(deep(0))).toBe('**/.env')
    expect(matcher.denyingEntry(deep(7))).toBe('**/.env')
    expect(matcher.denyingEntry(deep(8))).toBeUndefined()
  })

  it('the generated depth covers 8 directory levels', () => {
    const matcher = new ProfileMatcher(profile(GLOB_SCAN_MAX_DEPTH), '/repo')
    expect(matcher.denyingEntry(deep(8))).toBe('**/.env')
  })
})
