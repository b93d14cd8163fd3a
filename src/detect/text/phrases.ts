// Prompt-injection phrasing (anchors.md §C.4, CG-PI-*), shared by the text rules and by the
// ref-name rule CG-REF-010. Patterns are written for precision on ordinary code and docs: each
// needs the agent-directed shape, not just a keyword ("silently", "token", "system prompt").

import {asAnchorText, combine} from './anchors.js'

const AGENT =
  '(?:ai|a\\.i\\.|llms?|large\\s+language\\s+models?|language\\s+models?|chat\\s?bots?|(?:(?:ai|coding|code|autonomous|software)\\s+)?(?:assistant|agent)s?|codex|claude|copilot|cursor|gemini|chatgpt|gpt(?:-?\\d[\\w.]*)?|devin|aider|openhands|windsurf|cline)'
const WHO = '(?:the\\s+|any\\s+|your\\s+|a\\s+)?(?:users?|humans?|developers?|operators?|reviewers?|maintainers?|owners?|person|people|anyone|anybody|team)'

export interface Phrase {
  pattern: RegExp
  /** short label shown in the finding message */
  label: string
  /**
   * Lower-case literals (one space standing for any whitespace run), one of which occurs in every
   * match: the phrase's regex only runs on a text that holds one (compiling and running a phrase
   * regex costs far more than looking for a few words). A rule's anchors are its phrases' anchors
   * (anchor-words.ts). None: the phrase always runs.
   */
  anchors?: readonly string[]
}

const phrases = (entries: [source: string, label: string, anchors?: string[]][]): Phrase[] =>
  entries.map(([source, label, anchors]) => ({pattern: new RegExp(source, 'gi'), label, ...(anchors ? {anchors: [...new Set(anchors.map(asAnchorText))]} : {})}))

/** A phrase's anchors by their last word: a text without the word holds none of them. */
const anchorsByLastWord = new WeakMap<Phrase, Map<string, string[]>>()

/**
 * Whether the phrase can match a text, given the text as anchors read it (asAnchorText): one of
 * its anchors occurs, or it has none. Looks for the anchors' last
 * words first (a few includes() instead of one per anchor: a phrase has up to ~120 anchors).
 */
export function phraseMayMatch(phrase: Phrase, anchorText: string): boolean {
  if (!phrase.anchors) return true
  let index = anchorsByLastWord.get(phrase)
  if (!index) {
    index = new Map()
    for (const anchor of phrase.anchors) {
      const word = anchor.trim().split(' ').at(-1)!
      index.set(word, [...(index.get(word) ?? []), anchor])
    }
    anchorsByLastWord.set(phrase, index)
  }
  for (const [word, anchors] of index) if (anchorText.includes(word) && anchors.some((anchor) => anchorText.includes(anchor))) return true
  return false
}

/** Every anchor of a phrase list, once (the phrase rule's anchors). */
export const anchorsOf = (list: readonly Phrase[]): string[] => [...new Set(list.flatMap((phrase) => phrase.anchors ?? []))]

// anchor vocabulary (the words of the patterns below, in anchor form)
const WHO_WORDS = ['user', 'human', 'developer', 'operator', 'reviewer', 'maintainer', 'owner', 'person', 'people', 'anyone', 'anybody', 'team']
const NEGATION = ['do not', "don't", 'dont', 'never', 'must not', 'should not', "shouldn't"]
const READING = ['reading', 'processing', 'parsing', 'summarizing', 'summarising', 'reviewing', 'analyzing', 'analysing']
const AGENT_NAMES = ['codex', 'claude', 'copilot', 'cursor', 'gemini', 'devin', 'openhands']

/** CG-PI-001: attempts to replace the agent's instructions. */
export const OVERRIDE_PHRASES = phrases([
  [
    '\\b(?:ignore|disregard|forget|override|bypass|skip|abandon|discard)\\s+(?:(?:all|any|every|each|of|the|your|these|those|my|its)\\s+)*(?:previous|prior|above|earlier|preceding|original|existing|former|initial|system|developer|safety|security)\\s+(?:instructions?|prompts?|rules|directions|directives|guidelines|guidance|context|messages?|constraints|restrictions|polic(?:y|ies)|commands|orders)\\b',
    'instruction override',
    combine(
      ['previous', 'prior', 'above', 'earlier', 'preceding', 'original', 'existing', 'former', 'initial', 'system', 'developer', 'safety', 'security'],
      ['instruction', 'prompt', 'rule', 'direction', 'directive', 'guideline', 'guidance', 'context', 'message', 'constraint', 'restriction', 'polic', 'command', 'order'],
    ),
  ],
  [
    '\\b(?:ignore|disregard|forget)\\s+(?:everything|anything|all)\\s+(?:(?:you\\s+(?:were|have\\s+been)\\s+told)|(?:(?:said|written|stated)\\s+)?(?:above|before|previously|so\\s+far))\\b',
    'instruction override',
    [...combine(['ignore', 'disregard', 'forget'], ['everything', 'anything', 'all']), 'disregard'],
  ],
  [
    '\\byou\\s+are\\s+(?:now\\s+)?(?:in\\s+)?(?:developer|god|admin|jailbreak|jailbroken|unrestricted|dan|sudo|root)\\s+mode\\b',
    'mode switch',
    [...combine(['developer', 'god', 'admin', 'jailbreak', 'jailbroken', 'unrestricted', 'dan', 'sudo', 'root'], ['mode']), 'you are now', 'you are in'],
  ],
  [
    '\\byou\\s+are\\s+now\\s+(?:DAN\\b|an?\\s+(?:unrestricted|unfiltered|jailbroken|evil|malicious|uncensored)\\b|no\\s+longer\\s+(?:bound|restricted|an?\\s+(?:ai|assistant)))',
    'role override',
    ['you are now'],
  ],
  ['\\bfrom\\s+now\\s+on,?\\s+you\\s+(?:are|must|will|shall)\\s+(?:an?\\s|the\\s|no\\s+longer|only\\s|act\\b|respond\\b|ignore\\b|obey\\b|follow\\b|pretend\\b)', 'role override', ['from now on']],
  [
    '\\b(?:your|the)\\s+new\\s+(?:system\\s+)?(?:instructions?|task|role|goal|objective|directive|prompt)s?\\s+(?:is|are)\\b',
    'new instructions',
    combine(['new'], ['', 'system'], ['instruction', 'task', 'role', 'goal', 'objective', 'directive', 'prompt']),
  ],
  ['(?:^|[\\n>#*\\s])new\\s+(?:system\\s+)?instructions?\\s*:', 'new instructions', ['new instruction', 'new system instruction']],
  [
    '\\b(?:reveal|print|show|output|repeat|leak|dump|disclose)\\s+(?:your|the)\\s+(?:full\\s+|hidden\\s+|original\\s+|initial\\s+)?(?:system\\s+prompt|system\\s+instructions|initial\\s+prompt)\\b',
    'system prompt extraction',
    ['system prompt', 'system instruction', 'initial prompt'],
  ],
  ['<\\|im_start\\|>\\s*system|<\\|system\\|>|<\\/?system_prompt>|\\[\\/?INST\\]', 'chat-template token', ['<|im_start|>', '<|system|>', 'system_prompt', '[inst]', '[/inst]']],
  [
    '\\b(?:supersedes?|overrides?|replaces?|takes?\\s+precedence\\s+over|outranks?)\\s+(?:all\\s+|any\\s+)?(?:your\\s+(?:(?:original|previous|prior|current|existing)\\s+)?(?:system\\s+prompt|instructions?|guidelines|rules|directives|programming|guardrails)|(?:the|any|all)\\s+system\\s+prompts?)\\b',
    'instruction override',
    [...combine(['supersede', 'supersedes', 'override', 'overrides', 'replace', 'replaces', 'precedence over', 'outrank', 'outranks'], ['your', 'all your', 'any your']), 'system prompt'],
  ],
])

/** CG-PI-002: text addressed to an AI agent rather than to human readers. */
export const AGENT_ADDRESS_PHRASES = phrases([
  [
    `\\b(?:if|when|while|since|as)\\s+you(?:\\s+are|'re|\\s+happen\\s+to\\s+be)\\s+(?:an?\\s+|the\\s+)?${AGENT}\\b(?![-/.]\\w)`,
    '"if you are an AI…"',
    combine(['if', 'when', 'while', 'since', 'as'], ['you are', "you're", 'you happen']),
  ],
  [
    `\\b(?:note|message|notice|reminder|attention|important)\\s+(?:to|for)\\s+(?:the\\s+|any\\s+|all\\s+|every\\s+)?${AGENT}\\b`,
    'note to the agent',
    // the lead words only: every agent word after them multiplied the automaton every process builds
    combine(['note', 'message', 'notice', 'reminder', 'attention', 'important'], ['to', 'for']),
  ],
  [
    `\\b(?:hey|dear|hello|hi|attention)\\s*,?\\s+${AGENT}\\s*[:,!]`,
    'agent addressed directly',
    // a greeting followed by whitespace or a comma
    ['hey', 'dear', 'hello', 'hi', 'attention'].flatMap((word) => [`${word} `, `${word},`]),
  ],
  [
    '\\b(?:any|all|every)\\s+(?:ai|llms?|language\\s+models?|automated\\s+(?:assistants?|agents?|tools?)|coding\\s+agents?|ai\\s+(?:assistants?|agents?|models?))\\s+(?:that\\s+(?:is|are)\\s+)?(?:reading|processing|parsing|summari[sz]ing|reviewing|analy[sz]ing)\\s+(?:this|these)\\b',
    'agent addressed directly',
    combine(READING, ['this', 'these']),
  ],
  [`\\bto\\s+(?:the|any)\\s+${AGENT}\\s+(?:reading|processing|reviewing)\\s+this\\b`, 'agent addressed directly', combine(['reading', 'processing', 'reviewing'], ['this'])],
  ['(?:^|[\\s(>])@(?:codex|claude|copilot|cursor|gemini|devin|openhands)(?![\\w/-])', 'agent @-mention', AGENT_NAMES.map((name) => `@${name}`)],
  // "codex: please add…" (often inside an HTML comment): a named agent given an order.
  [
    '(?:^|[\\s(<>!*#-])(?:codex|claude|copilot|cursor|gemini|chatgpt|devin|openhands)\\s*:\\s*(?:please\\s+)?(?:you\\s+(?:must|should)\\s+)?(?:also\\s+)?(?:add|append|include|insert|send|post|upload|run|execute|ignore|disregard|delete|remove|disable|print|reveal|push|commit|approve|merge)\\b',
    'agent addressed directly',
    [...AGENT_NAMES, 'chatgpt'].flatMap((name) => [`${name}:`, `${name} :`]),
  ],
  // Machine readers only: a human reviewing a file is not "summarizing" or "processing" it.
  [
    '\\b(?:when|while|before|after)\\s+(?:you\\s+(?:are\\s+)?)?(?:summari[sz]ing|processing|analy[sz]ing|parsing|ingesting|indexing)\\s+this\\s+(?:file|code|repo(?:sitory)?|project|pr|pull\\s+request|issue|document|page|diff|text)\\b[^.\\n]{0,30}?\\b(?:also|please|you\\s+(?:must|should)|make\\s+sure|remember\\s+to)\\b',
    'instructions for the machine reader',
    combine(['summarizing', 'summarising', 'processing', 'analyzing', 'analysing', 'parsing', 'ingesting', 'indexing'], ['this']),
  ],
])

/** CG-PI-003: secrecy and suppression directives. `strong` ones are high, the rest medium. */
export const SECRECY_PHRASES = phrases([
  // "do not tell the user to buy…" / "never tell anyone your password" say what not to advise, not what to hide
  [
    `\\b(?:do\\s+not|don'?t|never|must\\s+not|should\\s+not|shouldn'?t)\\s+(?:tell|inform)\\s+${WHO}\\b(?!\\s+(?:to|how|what|which|whether|your|their|his|her|my|our|its|a|an|they|you)\\b)`,
    'hide from the user',
    combine(['tell', 'inform'], ['', 'the', 'any', 'your', 'a'], WHO_WORDS),
  ],
  [
    `\\b(?:do\\s+not|don'?t|never|must\\s+not)\\s+(?:mention|reveal|disclose|say|explain|show|report)\\s+(?:this|these|it|that|anything|any\\s+of\\s+(?:this|these|it))(?:\\s+[\\w-]+){0,3}?\\s+to\\s+${WHO}\\b`,
    'hide from the user',
    combine(NEGATION, ['mention', 'reveal', 'disclose', 'say', 'explain', 'show', 'report']),
  ],
  [`\\b(?:do\\s+not|don'?t|never)\\s+let\\s+${WHO}\\s+(?:know|see|notice)\\b`, 'hide from the user', combine(NEGATION, ['let'])],
  [`\\bwithout\\s+(?:telling|informing|notifying|alerting|warning)\\s+${WHO}\\b`, 'act unannounced', combine(['without'], ['telling', 'informing', 'notifying', 'alerting', 'warning'])],
  [
    `\\b(?:keep|hide)\\s+(?:this|these|it|them|that)(?:\\s+[\\w-]+){0,2}?\\s+(?:secret\\s+|hidden\\s+)?from\\s+${WHO}\\b`,
    'hide from the user',
    combine(['keep', 'hide'], ['this', 'these', 'it', 'them', 'that']),
  ],
  [
    "\\b(?:do\\s+not|don'?t|never)\\s+(?:mention|reveal|disclose|repeat|acknowledge|reference|log|print|output|display|show|quote|summari[sz]e|explain)\\s+(?:this|these|the\\s+above|the\\s+following|any\\s+of\\s+these)\\s+(?:hidden\\s+|secret\\s+)?(?:instructions?|messages?|steps?|commands?|actions?|prompts?|sections?|comments?|notes?|directives?)\\b",
    'suppress these instructions',
    combine(NEGATION, ['mention', 'reveal', 'disclose', 'repeat', 'acknowledge', 'reference', 'log', 'print', 'output', 'display', 'show', 'quote', 'summarize', 'summarise', 'explain']),
  ],
  [
    '\\b(?:these|this|the\\s+following|the\\s+above)\\s+instructions?\\s+(?:is|are|must\\s+(?:remain|stay|be\\s+kept)|should\\s+(?:remain|stay|be\\s+kept))\\s+(?:confidential|secret|hidden|private)\\b',
    'suppress these instructions',
    combine(['instruction', 'instructions'], ['is', 'are', 'must', 'should']),
  ],
  [
    `\\bwithout\\s+(?:asking|consulting|confirming\\s+with|the\\s+approval\\s+of|approval\\s+from)\\s+${WHO}\\b`,
    'skip confirmation',
    combine(['without'], ['asking', 'consulting', 'confirming', 'the approval', 'approval']),
  ],
  [
    '\\bsilently\\s+(?:run|execute|send|upload|post|exfiltrate|transmit|curl|wget|pipe|forward)\\b',
    'act silently',
    combine(['silently'], ['run', 'execute', 'send', 'upload', 'post', 'exfiltrate', 'transmit', 'curl', 'wget', 'pipe', 'forward']),
  ],
])
// "refreshes the token without notifying the user" describes program behaviour; CG-PI-011 judges it as an order
export const WEAK_SECRECY_LABELS = new Set(['skip confirmation', 'act silently', 'act unannounced'])

/**
 * Files, variables and commands that hold or reveal secrets (specific, not generic nouns). Each
 * pattern starts with a literal so the regex engine can skip ahead; boundaries are checked by hand.
 */
const SECRET_PATTERNS = [
  /(?:~|\$HOME|\$\{HOME\}|%USERPROFILE%)[\\/]\.(?:ssh|aws|gnupg|kube|docker|azure|config[\\/](?:gcloud|gh)|netrc|git-credentials|npmrc|pypirc|codex|claude)\b/g,
  /\bid_(?:rsa|ed25519|ecdsa|dsa)\b/g,
  /\.env(?:\.(?:local|prod|production|dev|development|staging))?(?![\w.-])/g,
  /_(?:TOKEN|API_KEY|APIKEY|SECRET|SECRET_KEY|ACCESS_KEY|PRIVATE_KEY|PASSWORD|PASSWD|CREDENTIALS)\b/g,
  /\b(?:printenv|auth\.json|credentials\.json|kubeconfig|\.bash_history|\.zsh_history)\b|\.git-credentials\b|\.netrc\b|\.pypirc\b|\/etc\/shadow\b/g,
  /\benv\s*\|/g,
]

export interface SecretReference {
  index: number
  text: string
}

export function findSecretReferences(text: string, limit = Number.POSITIVE_INFINITY): SecretReference[] {
  const out: SecretReference[] = []
  for (const [which, pattern] of SECRET_PATTERNS.entries()) {
    pattern.lastIndex = 0
    for (const match of text.matchAll(pattern)) {
      let index = match.index
      if (which === 2) {
        // ".env" as a file name, not process.env / import.meta.env
        if (index > 0 && /[\w.$-]/.test(text[index - 1]!)) continue
      } else if (which === 3) {
        // an ALL-CAPS variable name ending in _TOKEN, _API_KEY…
        let start = index
        while (start > 0 && /[A-Z0-9_]/.test(text[start - 1]!)) start--
        if (start === index || !/[A-Z]/.test(text[start]!) || (start > 0 && /[\w$]/.test(text[start - 1]!))) continue
        index = start
      }
      out.push({index, text: text.slice(index, match.index + match[0].length)})
      if (out.length >= limit) return out
    }
  }
  return out.sort((a, b) => a.index - b.index)
}

export const hasSecretReference = (text: string) => findSecretReferences(text, 1).length > 0

/** The same idea in words (prose only). */
export const SECRET_WORDS = /\b(?:secrets?|credentials?|api[\s_-]?keys?|access\s+keys?|tokens?|passwords?|private\s+keys?|ssh\s+keys?|environment\s+variables?|env\s+vars?|cookies?|session\s+ids?)\b/i
export const EXFIL_VERB = /\b(?:send|post|upload|exfiltrate|transmit|forward|leak|paste|beacon|e-?mail|smuggle)(?:s|ed|ing)?\b/i
export const DESTINATION =
  /\b(?:to|into|onto)\s+(?:(?:the|this|that|my|our|a|an|following|attacker'?s?|remote|external)\s+)*(?:https?:\/\/|(?:[a-z0-9-]+\.)+(?:com|net|org|io|site|xyz|top|ru|cn|sh|dev|app|me|cc|pw|info|biz|online|live|click|link|fun|icu)\b|webhook|pastebin|gist|attacker|collector|url\b|endpoint\b)/i

/** Webhook catchers and out-of-band (OAST) interaction hosts used to receive stolen data. */
export const OAST_HOST =
  /\b(?:webhook\.site|webhook\.cool|ngrok(?:-free)?\.(?:io|app|dev)|ngrok\.com\/r|pipedream\.net|m\.pipedream\.net|interact\.sh|oast\.(?:pro|live|site|online|fun|me)|burpcollaborator\.net|oastify\.com|requestbin\.(?:com|net|io)|canarytokens\.(?:com|org)|requestcatcher\.com|beeceptor\.com|hookbin\.com|dnslog\.cn|ceye\.io|postb\.in|trycloudflare\.com|serveo\.net|localtunnel\.me|loca\.lt|requestrepo\.com|xss\.ht|ptst\.io)\b/gi

/** Code that sends a secret out: secret read piped into a network tool, or uploaded as a file. */
export const CODE_EXFIL = [
  /\b(?:cat|base64|xxd|od|tar|zip|gzip|head|tail|printenv|env|gpg)\b[^\n|;]{0,200}(?:~|\$HOME|\$\{HOME\})?[^\n|;]{0,40}(?:\.ssh|id_rsa|id_ed25519|\.env\b|\.aws|credentials|\.git-credentials|\.netrc|\.npmrc|auth\.json|printenv|env)[^\n|;]{0,120}\|\s*(?:curl|wget|nc|ncat|netcat|socat|openssl\s+s_client)\b/g,
  /\b(?:curl|wget)\b[^\n]{0,200}(?:-d|--data(?:-binary|-raw|-urlencode)?|-F|--form|-T|--upload-file|--post-file|--body-file)[=\s]+["']?[\w-]*=?@?["']?(?:~|\$HOME|\$\{HOME\})?\/?[\w./-]*(?:\.ssh\/|id_rsa|id_ed25519|\.env\b|\.aws\/|\.git-credentials|\.netrc|\.npmrc|auth\.json)/g,
  /\b(?:curl|wget)\b[^\n]{0,200}\$\(\s*(?:cat|base64|printenv|env)\b[^)]{0,80}(?:\.ssh|id_rsa|\.env\b|\.aws|credentials|\.git-credentials|\.netrc|\.npmrc|auth\.json|printenv|env\b)/g,
  /\b(?:curl|wget)\b[^\n]{0,200}\$\{?(?:GITHUB_TOKEN|GH_TOKEN|NPM_TOKEN|OPENAI_API_KEY|ANTHROPIC_API_KEY|AWS_SECRET_ACCESS_KEY)\b[^\n]{0,200}(?:webhook\.site|ngrok|pipedream|interact\.sh|oast|burpcollaborator|requestbin)/gi,
]

/** Download piped into an interpreter (`curl … | bash`, `base64 -d | sh`, PowerShell iex). */
const SHELL_SINK = /\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:ba|z|da|k|fi)?sh\b|\|\s*(?:iex|Invoke-Expression)\b|\b(?:iex|Invoke-Expression)\s*\(/gi
const SOURCE_BEFORE = /\b(?:curl|wget|iwr|irm|fetch|Invoke-WebRequest|Invoke-RestMethod)\b|\bbase64\s+(?:-d|--decode|-D)\b|New-Object\s+(?:System\.)?Net\.WebClient/i

export interface PipeMatch {
  index: number
  text: string
}

/** Each download (or decode) piped into a shell on one line. */
export function findPipeToShell(text: string): PipeMatch[] {
  const out: PipeMatch[] = []
  SHELL_SINK.lastIndex = 0
  for (const sink of text.matchAll(SHELL_SINK)) {
    const lineStart = Math.max(text.lastIndexOf('\n', sink.index) + 1, sink.index - 300)
    const before = text.slice(lineStart, sink.index + (sink[0].endsWith('(') ? 200 : 0))
    const source = SOURCE_BEFORE.exec(before)
    if (!source) continue
    // no command separator between the download and the pipe (curl … ; cat x | sh is not it)
    const between = text.slice(lineStart + source.index, sink.index)
    if (!sink[0].endsWith('(') && /[;&]/.test(between.replace(/&&/g, ''))) continue
    const start = lineStart + source.index
    out.push({index: start, text: text.slice(start, sink.index + sink[0].length)})
  }
  return out
}

/** Shell-injection payloads in text (what hackerbot-claw and Ultralytics put in names and titles). */
export const SHELL_PAYLOAD =
  /\$\(\s*\{?\s*(?:curl|wget|base64|bash|sh|python3?|nc|ncat)\b|\$\(\s*echo\b[^)\n]{0,300}\bbase64\b|[\w|)}-]\$\{?IFS\}?(?=[\w|{$-])|\{(?:curl|wget|bash|sh),[^{}\s]*\}|`\s*(?:curl|wget)\s[^`\n]*\|\s*(?:ba)?sh\s*`/g

/** CG-PI-009: auto-run / install directives (judged in agent instruction files and hidden text). */
export const AUTORUN_PHRASES = phrases([
  [
    '\\b(?:always|automatically|first|immediately|before\\s+(?:doing\\s+)?(?:anything|any\\s+(?:other\\s+)?(?:task|work|step|change|action)s?|you\\s+(?:start|begin|respond|answer|reply|do\\s+anything)|(?:each|every)\\s+(?:task|session|response|reply|answer)))\\b[^\\n.]{0,80}?\\b(?:run|execute|install|download|fetch|source|eval|curl|wget|npx|pip3?\\s+install|npm\\s+(?:i|install))\\b[^\\n]{0,200}?(?:https?:\\/\\/|\\bcurl\\b|\\bwget\\b|\\|\\s*(?:ba|z)?sh\\b|@latest\\b|git\\+https?|\\bnpx\\s+(?:-y|--yes)\\b)',
    'auto-run of remote code',
  ],
  ['\\b(?:fetch|download|curl|wget|retrieve)\\s+(?:and|then|&&)\\s+(?:execute|run|eval|source|install)\\b', 'fetch and execute'],
  ['\\b(?:npm|pnpm|yarn)\\s+(?:i|install|add)\\s+(?:-g|--global)\\s+[\\w@/.-]+@latest\\b', 'global install of a floating version'],
])

export interface PhraseMatch {
  index: number
  length: number
  label: string
}

export function findPhrases(text: string, list: Phrase[]): PhraseMatch[] {
  const out: PhraseMatch[] = []
  for (const phrase of list) {
    phrase.pattern.lastIndex = 0
    for (const match of text.matchAll(phrase.pattern)) {
      // skip a leading separator consumed by (?:^|[\s…])
      const lead = /^[\s(>#*]/.test(match[0]) ? 1 : 0
      out.push({index: match.index + lead, length: match[0].length - lead, label: phrase.label})
    }
  }
  return out.sort((a, b) => a.index - b.index)
}

/** Every phrase family that marks agent-directed text (for hidden markup and encoded payloads). */
export function directiveIn(text: string): string | undefined {
  for (const list of [OVERRIDE_PHRASES, AGENT_ADDRESS_PHRASES, SECRECY_PHRASES, AUTORUN_PHRASES]) {
    const found = findPhrases(text, list)[0]
    if (found) return found.label
  }
  if (findPipeToShell(text).length > 0) return 'download piped to a shell'
  OAST_HOST.lastIndex = 0
  if (OAST_HOST.test(text)) return 'webhook / OAST host'
  for (const pattern of CODE_EXFIL) {
    pattern.lastIndex = 0
    if (pattern.test(text)) return 'secret sent to the network'
  }
  SHELL_PAYLOAD.lastIndex = 0
  if (SHELL_PAYLOAD.test(text)) return 'shell-injection payload'
  if (exfilSentence(text)) return 'exfiltration directive'
  return undefined
}

/**
 * A sentence that tells someone to send a secret somewhere: a specific secret (file, variable,
 * printenv) or — with a webhook/OAST host — secrets in words, plus a sending verb followed by a
 * destination. Documentation that merely uses a token ("set GITHUB_TOKEN") has no such shape.
 */
export function exfilSentence(sentence: string): boolean {
  const verb = EXFIL_VERB.exec(sentence)
  if (!verb) return false
  // "exfiltrate" needs no destination: the verb names the act, and a secret names the target.
  if (/^exfiltrat/i.test(verb[0]) && (hasSecretReference(sentence.slice(verb.index)) || SECRET_WORDS.test(sentence.slice(verb.index)))) return true
  const destination = DESTINATION.exec(sentence.slice(verb.index))
  if (!destination) return false
  if (hasSecretReference(sentence)) return true
  OAST_HOST.lastIndex = 0
  return SECRET_WORDS.test(sentence) && OAST_HOST.test(sentence)
}
