// The parts of an instruction aimed at an agent, judged by structure rather than by a keyword:
// a dangerous act (what), an imperative that orders it (how), and a sign that the reader is a
// machine (who). CG-PI-011 combines them; CG-PI-004 uses them to recognise hidden directives.
// Every danger pattern holds one of its family's anchor literals (anchor-words.ts) so the
// prefilter never hides a match.
import {findPipeToShell, findSecretReferences} from './phrases.js'

export type DangerFamily = 'run' | 'exfiltrate' | 'disable-safety' | 'no-confirmation' | 'hijack' | 'destroy'

export interface DangerMatch {
  family: DangerFamily
  index: number
  text: string
  /** dangerous even without an agent-directed context (rm -rf ~, --dangerously-bypass…) */
  extreme?: boolean
}

const SAFETY_FLAGS =
  /--dangerously-bypass-approvals-and-sandbox\b|--dangerously-skip-permissions\b|--yolo\b|--trust-all-tools\b|--full-auto\b|danger-full-access\b|\bapproval[_-]policy\s*[=:]?\s*["']?never\b|\bask[_-]for[_-]approval\s*[=:]?\s*["']?never\b|--ask-for-approval\s+never\b|\bsandbox[_-]mode\s*[=:]\s*["']?danger|\byolo\s+mode\b/gi
const SAFETY_OFF =
  /\b(?:disable|turn\s+off|bypass|skip|ignore|switch\s+off|deactivate|remove|circumvent|get\s+around|work\s+around|uninstall)\s+(?:the\s+|all\s+|any\s+|your\s+|its\s+|every\s+|of\s+)*(?:(?:codex|claude|agent|tool|command|execution|exec)\s+)?(?:sandbox(?:ing)?|safety\s+(?:checks?|filters?|guard(?:rail)?s|measures|rules|features|settings|prompts?|policies|restrictions)|guardrails?|approvals?|approval\s+(?:prompts?|requests?|checks?|policy|mode)|permission\s+(?:checks?|prompts?|requests?|system)|security\s+(?:checks?|controls?|hooks?|scan(?:ning|s|ner)?|polic(?:y|ies)|restrictions)|codex-guard|pre-?commit\s+hooks?|hooks|confirmations?(?:\s+prompts?)?|content\s+filters?|restrictions|(?:code\s+)?reviews?|review\s+checklist|branch\s+protections?|required\s+(?:reviews?|checks)|status\s+checks)\b|\bpush\s+(?:directly\s+)?to\s+(?:main|master|production|prod)\b|\bmerge\b[^.\n]{0,40}\s--admin\b/gi
const AUTO_APPROVE = /\b(?:auto-?approve|approve|accept|allow)\s+(?:all|every|any|each)\s+(?:the\s+)?(?:commands?|tool\s+calls?|tools|requests?|actions?|permissions?|prompts?|edits?|changes)\b/gi
const NO_CONFIRMATION =
  /\b(?:without|w\/o)\s+(?:first\s+)?(?:asking|prompting|confirm(?:ing|ation)|(?:user\s+)?approval|permission|waiting\s+for|checking\s+with|consulting|telling|informing|notifying|pausing|stopping)\b|\b(?:do\s+not|don'?t|never|no\s+need\s+to|there\s+is\s+no\s+need\s+to)\s+(?:ask|prompt|wait|check\s+with|request|seek|pause|stop)\b(?:\s+(?:the\s+)?(?:user|human|me|anyone|for|permission|confirmation|approval|to\s+confirm))?|\bassume\s+(?:the\s+user\s+)?(?:has\s+)?(?:approv|consent|confirm)\w*/gi
/** A forged system turn: a system header followed by orders or a new role. */
const FORGED_TURN =
  /(?:^|\n)\s*(?:\[system\]|<system>|#{1,4}\s*system\s*(?:message|prompt)?\s*:|SYSTEM\s*(?:MESSAGE|PROMPT|OVERRIDE|UPDATE)?\s*:)[^\n]{0,10}\n?[^\n]{0,200}?(?:\byou\s+(?:are|must|will|should)\b|\b(?:new|updated)\s+(?:policy|instructions?|rules?)\b|\bignore\b)/gi
const ROLE =
  /\byou\s+are\s+(?:now\s+)?(?:an?\s+|the\s+)?(?:(?:ai|autonomous|file-?search|coding|helpful)\s+)?(?:agent|assistant|system\s+administrator|sysadmin|administrator|admin|root\s+user|superuser|operator|cleaner|maintainer\s+bot|devops\s+engineer)\b(?:\s+(?:with|that\s+has|who\s+has)\s+(?:full\s+)?(?:access|permission|privileges|root))?|\bas\s+(?:the|your|a)\s+(?:system\s+administrator|sysadmin|administrator|admin|repository\s+owner|owner|security\s+team|developer|operator)\b[^.\n]{0,40}?\b(?:i|we)\s+(?:authori[sz]e|instruct|order|command|allow|permit|grant)|\byou\s+are\s+now\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:owner|maintainer|engineer|developer|operator|user|bot|model|root|superuser)\b|<\|im_start\|>\s*system|<\|system\|>|(?:^|\n)\s*(?:\[system\]|#{1,4}\s*system\s*(?:message|prompt)?\s*:|system\s*(?:message|prompt|override|update)?\s*:|<system>)|\b(?:this|the\s+following)\s+(?:message|instruction|request|note)s?\s+(?:is|are|comes?|come)\s+(?:directly\s+)?from\s+(?:the\s+)?(?:system|administrator|admin|developers?|openai|anthropic|your\s+(?:creator|developer|operator|admin))\b|\b(?:new|updated|override)\s+system\s+(?:prompt|instructions?|policy|message)\b/gi
const RUN_OBJECT = /\b(?:this|the\s+following|these|that|below)\s+(?:shell\s+|bash\s+|terminal\s+|powershell\s+)?(?:commands?|scripts?|code|snippet|payload|one-liner|line)\b/gi
const RUN_VERB_BEFORE = /\b(?:run|execute|exec|eval|source|invoke|paste)\b[^.\n]{0,60}$/i
const FETCH_AND_RUN =
  /\b(?:download|fetch|curl|wget|retrieve|grab)\b(?:[^.\n]|\.(?=\S)){0,120}?\b(?:and|then|&&)\s+(?:execute|run|eval|source|install)\b|\b(?:(?:ba|z)?sh|source|\.)\s+<\(\s*(?:curl|wget)\b/gi
const HOME_WIPE =
  /\brm\s+(?:-[a-z]*[rR][a-z]*\s+|-[a-z]*f[a-z]*\s+|--recursive\s+|--force\s+|--no-preserve-root\s+)+["']?(?:~|\$HOME|\$\{HOME\}|\/|\.|\*|~\/\*|\/\*|\.\/\*|\.\.)["']?(?=[\s'"`;)&|]|$)/gi
const MASS_DELETE =
  /\b(?:delete|remove|erase|wipe|destroy|purge|nuke|shred|terminate|drop|truncate|clear\s+out|clean\s+up|clean\s+out|get\s+rid\s+of)\s+(?:all|every|everything|the\s+entire|entire|the\s+whole|whole|any\s+and\s+all|each)\b[^.\n]{0,50}?\b(?:files?|folders?|directories|data|databases?|tables?|repos(?:itories)?|branch(?:es)?|resources|instances|buckets|users|records|backups|history|home|disks?|drives?|system|machine|cloud|aws|project|contents|volumes|clusters?|namespaces?|snapshots|everything|commits)\b/gi
const SYSTEM_WIPE =
  /\b(?:clean|wipe|reset|erase|format|restore)\s+(?:the|a|this|your|their|my)\s+(?:entire\s+|whole\s+)?(?:system|machine|computer|server|disk|hard\s+drive|drive|home\s+directory|file-?system)\b|\b(?:near-)?factory\s+(?:state|settings|reset|condition|default)/gi
const CLOUD_DESTROY =
  /\bterraform\s+destroy\b|\bkubectl\s+delete\s+(?:ns|namespaces?|all|--all)\b|\b(?:s3\s+(?:rm|rb)\s|ec2\s+terminate-instances|iam\s+delete-user|rds\s+delete-db|delete-stack|delete-bucket)|\bgcloud\s+[\w\s-]{0,40}\bdelete\b|\baz\s+group\s+delete\b|\bdrop\s+(?:database|schema|table)\b|\bgit\s+push\s+(?:[\w./-]+\s+)*(?:--force\b|-f\b)|\bmkfs(?:\.\w+)?\s|\bdd\s+if=\S+\s+of=\/dev\/|:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:|\bformat\s+c:/gi
const EXFIL_VERB =
  /\b(?:send|post|upload|exfiltrate|transmit|forward|leak|paste|e-?mail|mail|share|include|append|embed|encode|add|put|write|copy|print|output|echo|cat|read|collect|gather|find|search\s+for|locate|dump|reveal|show|display|publish|push|commit|attach|report|list|extract|grab|steal|harvest)\b/i
const OUTWARD =
  /https?:\/\/|\b(?:upload|exfiltrate|transmit)\w*\b|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\bwebhook\b|\b(?:to|in|into|as)\s+(?:a\s+|an\s+|the\s+|this\s+|your\s+|new\s+)*(?:comments?|issues?|pull\s+requests?|pr\b|tickets?|messages?|replies|reply|response|answer|summary|output|image\s+url|url|query(?:\s+string)?|link|markdown\s+image|image|gist|pastebin|public\s+repo(?:sitory)?|commit\s+message|description|endpoint|server|channel)\b|!\[|<img\b|\bquery\s+(?:parameter|string)\b|\bto\s+your\s+(?:reply|response|answer|comment|summary)\b/i

/** Secrets in words (a bare "token" is a parser's; "API token", "every token" are credentials). */
const SECRET_IN_WORDS =
  /\b(?:secrets?|credentials?|api[\s_-]?keys?|access\s+keys?|(?:api|access|auth|github|gitlab|npm|pypi|bearer|session|secret|personal|oauth|refresh|slack|discord|bot|deploy|ci)[\s_-]tokens?|(?:every|all|any|all\s+the|your)\s+tokens?|passwords?|passphrases?|private\s+keys?|ssh\s+keys?|environment\s+variables?|env\s+vars?|cookies?|seed\s+phrases?)\b/i

/** Secrets in words or by name, for the exfiltration family. */
const hasSecret = (text: string) =>
  SECRET_IN_WORDS.test(text) ||
  findSecretReferences(text, 1).length > 0 ||
  /\b(?:integration_tokens|\.env\b|secrets?\s+table|env\s+file|ssh\s+keys?|aws\s+profiles?|wallets?|keychain|cookies)\b/i.test(text)

const SECRET_NOUN =
  /\b(?:secrets?|credentials?|api[\s_-]?keys?|access\s+keys?|tokens?|passwords?|private\s+keys?|ssh\s+keys?|environment\s+variables?|env\s+vars?|id_rsa|id_ed25519|auth\.json|[A-Z][A-Z0-9_]*_(?:TOKEN|KEY|SECRET|PASSWORD)S?)\b|(?<![\w.$-])\.env\b/gi

function all(pattern: RegExp, text: string, family: DangerFamily, extreme?: (match: string) => boolean): DangerMatch[] {
  pattern.lastIndex = 0
  return [...text.matchAll(pattern)].map((match) => {
    const lead = /^\s/.test(match[0]) ? match[0].length - match[0].trimStart().length : 0
    return {family, index: match.index + lead, text: match[0].trim(), ...(extreme?.(match[0]) ? {extreme: true} : {})}
  })
}

/** Every dangerous act named in a text (offsets into it). */
/** Literals one of which every match of a pattern holds: the pattern runs only when one occurs (indexOf is far cheaper than the regex). */
const NEEDS = {
  safetyFlags: ['dangerously', 'yolo', 'trust-all', 'full-auto', 'danger-full', 'approval', 'sandbox'],
  safetyOff: ['disable', 'turn', 'bypass', 'skip', 'ignore', 'switch', 'deactivate', 'remove', 'circumvent', 'around', 'uninstall', 'push', 'merge'],
  autoApprove: ['approve', 'accept', 'allow'],
  noConfirmation: ['without', 'w/o', 'assume', 'ask', 'prompt', 'wait', 'check', 'request', 'seek', 'pause', 'stop'],
  role: ['you are', '<|', 'system', ' from '],
  run: ['this', 'these', 'that', 'below'],
  fetch: ['download', 'fetch', 'curl', 'wget', 'retrieve', 'grab'],
  pipe: ['|', 'iex', 'invoke-expression'],
  homeWipe: ['rm '],
  massDelete: ['all', 'every', 'entire', 'whole', 'each'],
  systemWipe: ['clean', 'wipe', 'reset', 'erase', 'format', 'restore', 'factory'],
  cloud: ['terraform', 'kubectl', 's3', 'terminate-instances', 'delete-', 'gcloud', 'group', 'drop', 'push', 'mkfs', 'dd ', ':()', 'format'],
}

export function findDangers(text: string, extremeOnly = false): DangerMatch[] {
  const lower = text.toLowerCase()
  const has = (literals: string[]) => literals.some((literal) => lower.includes(literal))
  // without a sign of a machine reader only the acts that are dangerous on their own can count
  if (extremeOnly)
    return [
      ...(has(NEEDS.safetyFlags) ? all(SAFETY_FLAGS, text, 'disable-safety', (match) => /dangerously|danger-full|yolo|never/i.test(match)) : []),
      ...(has(NEEDS.homeWipe) ? all(HOME_WIPE, text, 'destroy', () => true) : []),
      ...(has(NEEDS.role) ? all(FORGED_TURN, text, 'hijack', () => true) : []),
    ]
      .filter((match) => match.extreme)
      .sort((a, b) => a.index - b.index)
  const out: DangerMatch[] = [
    ...(has(NEEDS.safetyFlags) ? all(SAFETY_FLAGS, text, 'disable-safety', (match) => /dangerously|danger-full|yolo|never/i.test(match)) : []),
    ...(has(NEEDS.safetyOff) ? all(SAFETY_OFF, text, 'disable-safety') : []),
    ...(has(NEEDS.autoApprove) ? all(AUTO_APPROVE, text, 'disable-safety') : []),
    ...(has(NEEDS.noConfirmation) ? all(NO_CONFIRMATION, text, 'no-confirmation') : []),
    ...(has(NEEDS.role) ? [...all(ROLE, text, 'hijack', (match) => /im_start|<\|system/i.test(match)), ...all(FORGED_TURN, text, 'hijack', () => true)] : []),
    ...(has(NEEDS.run) ? runObjects(text) : []),
    ...(has(NEEDS.fetch) ? all(FETCH_AND_RUN, text, 'run') : []),
    ...(has(NEEDS.pipe) ? findPipeToShell(text).map((match) => ({family: 'run' as const, index: match.index, text: match.text})) : []),
    ...(has(NEEDS.homeWipe) ? all(HOME_WIPE, text, 'destroy', () => true) : []),
    ...(has(NEEDS.massDelete) ? all(MASS_DELETE, text, 'destroy') : []),
    ...(has(NEEDS.systemWipe) ? all(SYSTEM_WIPE, text, 'destroy') : []),
    ...(has(NEEDS.cloud) ? all(CLOUD_DESTROY, text, 'destroy') : []),
  ]
  SECRET_NOUN.lastIndex = 0
  for (const match of text.matchAll(SECRET_NOUN)) out.push({family: 'exfiltrate', index: match.index, text: match[0]})
  return out.sort((a, b) => a.index - b.index)
}

/** "run this command", "paste the following script": the object found first, its verb looked up behind it. */
function runObjects(text: string): DangerMatch[] {
  const out: DangerMatch[] = []
  RUN_OBJECT.lastIndex = 0
  for (const match of text.matchAll(RUN_OBJECT)) {
    const from = Math.max(0, match.index - 70)
    const verb = RUN_VERB_BEFORE.exec(text.slice(from, match.index))
    if (verb) out.push({family: 'run', index: from + verb.index, text: text.slice(from + verb.index, match.index + match[0].length)})
  }
  return out
}

/** Whether a sentence moves a secret somewhere others can read it (or shows it in a reply). */
export function exfiltrates(sentence: string): boolean {
  return hasSecret(sentence) && EXFIL_VERB.test(sentence) && OUTWARD.test(sentence)
}

const LEAD = String.raw`(?:^\s*|[.:;!?\n>]\s*|(?:^|[.:;!?\n>])\s*[^\n,:.<>]{1,40}[,:\u2014\u2013]\s*(?:please\s+)?|\b(?:must|should|shall|needs?\s+to|has\s+to|is\s+(?:to|required\s+to))\s+(?:now\s+|also\s+|always\s+)?|\b(?:authori[sz]e|instruct|order|command|tell|ask|direct|permit|allow)\s+you\s+to\s+|[-*+>]\s+|\d+[.)]\s+|\b(?:please|then|and|also|first|now|next|immediately|just|simply|always|quickly|asap|finally|afterwards|carefully|silently|quietly|automatically|kindly|go\s+ahead\s+and|proceed\s+to|continue\s+to|start\s+(?:by|with))\s+|\byou\s+(?:must|should|shall|will|need\s+to|have\s+to|are\s+(?:to|required\s+to|instructed\s+to|expected\s+to|allowed\s+to|authori[sz]ed\s+to|permitted\s+to|free\s+to|going\s+to)|can|may)\s+(?:now\s+|also\s+|safely\s+|always\s+)?|\b(?:make\s+sure|be\s+sure|remember|don'?t\s+forget|it\s+is\s+(?:important|required|mandatory)|it'?s\s+(?:important|required))\s+to\s+|\bi\s+(?:want|need|would\s+like)\s+you\s+to\s+|\byour\s+(?:(?:first|next|main|only|real|new|primary|actual)\s+)?(?:task|goal|job|objective|mission|purpose|role|assignment)\s+is\s+to\s+|\b(?:task|goal|objective|instructions?|action)\s*:\s*|["'\`(]\s*)`
const VERBS =
  "run|execute|exec|eval|source|invoke|paste|type|download|fetch|curl|wget|install|call|launch|start|use|set|add|pass|enable|disable|turn|bypass|skip|ignore|switch|deactivate|remove|circumvent|approve|accept|allow|auto-?approve|send|post|upload|exfiltrate|transmit|forward|leak|e-?mail|mail|share|include|append|embed|encode|put|write|copy|print|output|echo|cat|read|collect|gather|find|search|locate|dump|reveal|show|display|publish|push|commit|attach|report|list|extract|grab|steal|harvest|delete|erase|wipe|destroy|purge|nuke|shred|terminate|drop|truncate|clear|clean|format|reset|restore|get|proceed|continue|do|act|behave|respond|reply|answer|obey|follow|pretend|assume|never|don'?t|do\\s+not|restart|relaunch|rerun|re-run|render|end|finish|insert|merge|perform|apply|modify|change|update|edit|overwrite|create|open|go|discover|iterate|loop"
const IMPERATIVE = new RegExp(`${LEAD}(?:${VERBS})\\b`, 'i')
const NEGATED =
  /\b(?:never|don'?t|do\s+not|must\s+not|mustn'?t|should\s+not|shouldn'?t|avoid|refuse\s+to|instead\s+of|rather\s+than|not\s+to|no\s+longer|cannot|can'?t|won'?t|will\s+not)\s+(?:\w+\s+){0,2}$/i

/** An order (not a description): a clause that opens with a verb, "you must…", "your task is to…". */
export function isImperative(sentence: string): boolean {
  return IMPERATIVE.test(sentence)
}

/** The text right before a danger negates it ("never run rm -rf ~", "do not disable the sandbox"). */
export function negatedBefore(before: string): boolean {
  return NEGATED.test(before.slice(-60).replace(/[`'"*_([\s]+$/, ' '))
}

const AGENT_READER =
  /\b(?:ai|a\.i\.|llms?|language\s+models?|chat\s?bots?|(?:ai|coding|code|autonomous|review|reviewer|automated|cloud|background)\s+(?:assistants?|agents?|bots?|reviewers?|tools?)|assistants?|agents?|copilot|codex|claude|cursor|gemini|chatgpt|gpt-?\d[\w.]*|devin|aider|jules|openhands|windsurf|cline|amazon\s+q|mcp)\b|@(?:codex|claude|copilot|cursor|gemini|devin|jules)\b|\bbots?\s*(?:[:,\u2014]|instructions?\b)|\b(?:the|dear|hey|hi)\s+bots?\b/i
const MACHINE_CONTEXT =
  /\bbefore\s+(?:you\s+)?(?:answering|responding|replying|reviewing|summari[sz]ing|continuing|proceeding|doing\s+anything|any\s+(?:other\s+)?(?:task|work|step|action))|\b(?:in|to)\s+your\s+(?:reply|response|answer|summary|review|output|next\s+message)\b|\byou\s+are\s+now\b|\b(?:say|reply|respond\s+with|answer\s+with)\s+["']?ack\b|\b(?:important|urgent|critical)\s+(?:instructions?|message|notice)\s+(?:for|to)\b|\bthis\s+(?:message|instruction)s?\s+(?:is|are)\s+(?:for|directed\s+at|meant\s+for)\s+you\b|\buse\s+(?:the\s+)?(?:available\s+)?(?:tools?|bash|shell|terminal|mcp)\b|\bwith\s+access\s+to\s+(?:the\s+)?(?:file-?system|tools|bash|shell|terminal)\b|\b(?:tool|function)\s+calls?\b/i

/** In source code, where "agent" and "assistant" name classes: a reader addressed or a role given. */
const ADDRESSED_READER =
  /\byou\s+are\s+(?:now\s+)?(?:an?\s+|the\s+)?(?:ai|autonomous|coding|helpful|file-?search)?\s*(?:agent|assistant|model)\b|\b(?:ai|coding|autonomous)\s+(?:agents?|assistants?)\b|\b(?:codex|claude|copilot|cursor|gemini|chatgpt|llms?|devin|jules|assistant|agent)\s*[,:\u2014]\s*(?:please\s+)?[a-z]|@(?:codex|claude|copilot|cursor|gemini|devin|jules)\b|<\|im_start\|>|\bbefore\s+(?:answering|responding|replying)\b|\bin\s+your\s+(?:reply|response|answer)\b/i

/** Whether source code holds text addressed to a machine reader (cheaper and stricter than machineReader). */
const READER_WORDS = [
  'agent',
  'assistant',
  'codex',
  'claude',
  'copilot',
  'cursor',
  'gemini',
  'chatgpt',
  'llm',
  'devin',
  'jules',
  'im_start',
  'answering',
  'responding',
  'replying',
  'your reply',
  'your response',
  'your answer',
]
export const addressedReader = (text: string) => {
  const lower = text.toLowerCase()
  return READER_WORDS.some((word) => lower.includes(word)) && ADDRESSED_READER.test(text)
}

/** Signs that the text is written for a machine reader (agent words, reply-shaped orders). */
export function machineReader(context: string): boolean {
  return AGENT_READER.test(context) || MACHINE_CONTEXT.test(context)
}
