// Every injection / hidden-Unicode rule, by what it looks at. One module per rule id; the docs
// (docs/rules.md) and SARIF rule descriptors are generated from these lists.
import type {RuleMeta} from '../report/rule-meta.js'
import * as agentFileLookalike from './files/agent-file-lookalike.js'
import * as fnHidden from './files/hidden-chars.js'
import * as instructionFileChange from './files/instruction-file-change.js'
import * as leadingDash from './files/leading-dash.js'
import * as fnShell from './files/shell-metachar.js'
import * as refPhrase from './refs/agent-phrase.js'
import * as braceList from './refs/brace-list.js'
import * as commandSubstitution from './refs/command-substitution.js'
import * as controlOperators from './refs/control-operators.js'
import * as homoglyph from './refs/homoglyph.js'
import * as ifs from './refs/ifs.js'
import * as refLeadingDash from './refs/leading-dash.js'
import * as lengthPunctuation from './refs/length-punctuation.js'
import * as pipeInterpreter from './refs/pipe-interpreter.js'
import * as quoting from './refs/quoting.js'
import * as refUnicode from './refs/unicode.js'
import * as urlHost from './refs/url-host.js'
import * as agentAddress from './text/agent-address.js'
import * as agentDirective from './text/agent-directive.js'
import * as autorun from './text/autorun.js'
import * as bidi from './text/bidi.js'
import * as encodedPayload from './text/encoded-payload.js'
import * as exfiltration from './text/exfiltration.js'
import * as hiddenMarkup from './text/hidden-markup.js'
import * as imageExfil from './text/image-exfil.js'
import * as instructionOverride from './text/instruction-override.js'
import * as invisible from './text/invisible.js'
import * as mixedScript from './text/mixed-script.js'
import * as padding from './text/padding.js'
import * as secrecy from './text/secrecy.js'
import * as shellPayload from './text/shell-payload.js'
import * as tags from './text/tags.js'
import * as variationSelectors from './text/variation-selectors.js'
import * as zeroWidthStego from './text/zero-width-stego.js'
import type {NameRule, TextRule} from './types.js'

/** Branch, tag and ref names (CG-REF-*). */
export const REF_RULES: NameRule[] = [
  commandSubstitution.rule,
  ifs.rule,
  braceList.rule,
  controlOperators.rule,
  quoting.rule,
  pipeInterpreter.rule,
  refUnicode.rule,
  urlHost.rule,
  homoglyph.rule,
  refPhrase.rule,
  lengthPunctuation.rule,
  refLeadingDash.rule,
]

/** File names and paths (CG-FN-*). */
export const FILE_NAME_RULES: NameRule[] = [fnShell.rule, fnHidden.rule, leadingDash.rule, agentFileLookalike.rule]

/** Text: code, comments, docs, agent instruction files, PR/issue text, commit messages (CG-UNI-*, CG-PI-*). */
export const TEXT_RULES: TextRule[] = [
  bidi.rule,
  tags.rule,
  invisible.rule,
  variationSelectors.rule,
  zeroWidthStego.rule,
  mixedScript.rule,
  padding.rule,
  instructionOverride.rule,
  agentAddress.rule,
  secrecy.rule,
  hiddenMarkup.rule,
  exfiltration.rule,
  encodedPayload.rule,
  imageExfil.rule,
  autorun.rule,
  shellPayload.rule,
  agentDirective.rule,
]

/** Rules that only exist for diffs. */
export const DIFF_RULES: RuleMeta[] = [instructionFileChange.meta]

export const SCAN_NOTE_META: RuleMeta = {
  id: 'CG-SCAN-SKIPPED',
  title: 'Input could not be scanned completely',
  severity: 'info',
  description:
    'A file over --max-size, or one that could not be read, is reported with this info finding (never silently skipped). Binary files (a NUL byte in the first 8000 bytes, as git decides) are counted; invalid UTF-8 (decoded with U+FFFD and scanned anyway), UTF-16 with a byte order mark (decoded) and files over 16 MiB (scanned in 8 MiB chunks; comment context approximate at chunk edges) are noted on stderr and in the JSON "notes" list.',
  remediation: 'scan the file by other means, or raise --max-size',
  example: {bad: 'a 300 MB log file in the scanned tree', good: 'a text file under the limit'},
  // a getter: the 75 KB sample is built only when the examples are read (tests, docs)
  get examples() {
    return {
      flagged: [{text: `ts,level,msg\n${'2026-01-05T10:00:00Z,info,request served in 12 ms\n'.repeat(1500)}`, file: 'logs/app.log', note: 'over the size limit (here --max-size 64KiB)'}],
      clean: [{text: 'ts,level,msg\n2026-01-05T10:00:00Z,info,request served in 12 ms\n', file: 'logs/app.log'}],
    }
  },
}

// Numeric order (CG-PI-9 before CG-PI-10) by zero-padding the digits: localeCompare with
// {numeric: true} builds an ICU collator, several milliseconds of every pre-commit start.
const idKey = (id: string) => id.replace(/\d+/g, (digits) => digits.padStart(8, '0'))
const byId = (metas: RuleMeta[]) => [...metas].sort((a, b) => (idKey(a.id) < idKey(b.id) ? -1 : idKey(a.id) > idKey(b.id) ? 1 : 0))

export const REF_RULE_METAS = REF_RULES.map((rule) => rule.meta)
export const FILE_NAME_RULE_METAS = FILE_NAME_RULES.map((rule) => rule.meta)
export const TEXT_RULE_METAS = TEXT_RULES.map((rule) => rule.meta)

/** Every scan rule, in id order (docs, SARIF). */
export const SCAN_RULES: RuleMeta[] = [
  ...REF_RULE_METAS,
  ...byId(FILE_NAME_RULE_METAS),
  ...byId(TEXT_RULE_METAS.filter((meta) => meta.id.startsWith('CG-UNI'))),
  ...byId([...TEXT_RULE_METAS.filter((meta) => meta.id.startsWith('CG-PI')), ...DIFF_RULES]),
  SCAN_NOTE_META,
]
