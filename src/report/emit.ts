// The oclif flags behind every reporter: --format and --fail-on.
import {Flags} from '@oclif/core'
import {SEVERITIES} from './finding.js'
import {FORMATS} from './render.js'

export const reportFlags = {
  format: Flags.string({description: 'output format', options: [...FORMATS], default: 'text'}),
  'fail-on': Flags.string({description: 'exit 1 when a finding has at least this severity', options: [...SEVERITIES], default: 'high'}),
}
