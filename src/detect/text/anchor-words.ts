// Anchor literals of the prompt-injection rules (see anchors.ts). Each list is built so that
// every match of the rule's patterns contains one of its literals; test/unit/detect/anchors.test.ts
// checks this (per phrase for the phrase rules) on the rules' own examples and spelled variants,
// and that anchored scans find what exhaustive ones do.
import {combine} from './anchors.js'
import {AGENT_ADDRESS_PHRASES, anchorsOf, OVERRIDE_PHRASES, SECRECY_PHRASES} from './phrases.js'

// The phrase rules' anchors are their phrases' own (phrases.ts): one list per phrase, so a rule
// runs only the phrases whose words occur.
export const OVERRIDE_ANCHORS = anchorsOf(OVERRIDE_PHRASES)
export const ADDRESS_ANCHORS = anchorsOf(AGENT_ADDRESS_PHRASES)
export const SECRECY_ANCHORS = anchorsOf(SECRECY_PHRASES)

export const HIDDEN_MARKUP_ANCHORS = [
  ...['<!--', 'style=', 'style =', ' hidden>', ' hidden ', ' hidden=', ' hidden/', ']: #', ']:#', ']: <>', ']:<>', '[](', '[ ]('],
  // <font color=white>, <font size=0>, KaTeX/LaTeX drawn invisibly, long image alt text (lexer.ts)
  ...['color=', 'color =', 'size=', 'size =', '\\color', '\\textcolor', '\\colorbox', '\\pagecolor', '\\phantom', '\\hphantom', '\\vphantom', '\\fontsize', '!['],
]

const OAST = [
  'webhook.site',
  'webhook.cool',
  'ngrok',
  'pipedream',
  'interact.sh',
  'oast.',
  'burpcollaborator',
  'oastify',
  'requestbin',
  'canarytokens',
  'requestcatcher',
  'beeceptor',
  'hookbin',
  'dnslog',
  'ceye.io',
  'postb.in',
  'trycloudflare',
  'serveo',
  'localtunnel',
  'localtunnel.me',
  'loca.lt',
  'requestrepo',
  'xss.ht',
  'ptst.io',
]

const SECRET_ANCHORS = [
  'id_rsa',
  'id_ed25519',
  'id_ecdsa',
  'id_dsa',
  ...['ssh', 'aws', 'gnupg', 'kube', 'docker', 'azure', 'config/gcloud', 'config/gh', 'netrc', 'git-credentials', 'npmrc', 'pypirc', 'codex', 'claude'].map((dir) => `/.${dir}`),
  '\\.ssh',
  '.ssh/',
  '.aws/',
  'printenv',
  'auth.json',
  'credentials.json',
  'kubeconfig',
  '.bash_history',
  '.zsh_history',
  '/etc/shadow',
  ...[' ', '/', '"', "'", '`', '(', '@', '=', '<', '['].map((before) => `${before}.env`),
  '_token',
  '_api_key',
  '_apikey',
  '_secret',
  '_access_key',
  '_private_key',
  '_password',
  '_passwd',
  '_credentials',
  'env |',
  'env|',
]

export const PIPE_ANCHORS = [
  ...combine(['|', '| sudo', '|sudo'], ['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish']).flatMap((literal) => [literal, literal.replace('| ', '|')]),
  '| sudo',
  '|sudo',
  '| iex',
  '|iex',
  'invoke-expression',
]

const CODE_EXFIL_ANCHORS = [...['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'openssl'].flatMap((tool) => [`|${tool}`, `| ${tool}`]), '$(cat', '$( cat', '$(printenv', '$(env', '$(base64']

const NETWORK_TOOLS = ['curl', 'wget', '|nc', '| nc', 'ncat', 'netcat', 'socat', 's_client']

/** CG-PI-005 by part: the rule runs each part only when its anchors occur. */
export const EXFIL_ANCHORS = {
  secret: SECRET_ANCHORS,
  secretFile: SECRET_ANCHORS.filter((literal) => !literal.startsWith('_')),
  oast: OAST,
  pipe: PIPE_ANCHORS,
  tool: [...CODE_EXFIL_ANCHORS, ...NETWORK_TOOLS],
}

export const BASE64_ANCHORS = ['base64', 'atob', 'b64decode', 'frombase64', 'from_base64']

export const IMAGE_ANCHORS = ['](http', '](<http', ']( http', ']( <http', '<img']

const PAYLOAD_COMMANDS = ['curl', 'wget', 'base64', 'bash', 'sh', 'python', 'nc', 'ncat', 'echo']

export const SHELL_PAYLOAD_ANCHORS = [
  ...PAYLOAD_COMMANDS.flatMap((command) => [`$(${command}`, `$( ${command}`, `$({${command}`, `$( {${command}`, `$({ ${command}`, `$( { ${command}`]),
  '${ifs',
  '$ifs',
  '{curl,',
  '{wget,',
  '{bash,',
  '{sh,',
  '`curl',
  '` curl',
  '`wget',
  '` wget',
]

const NEGATIONS = ['do not', "don't", 'dont', 'never', 'no need to']
const DETERMINERS = ['the', 'a', 'this', 'your', 'their', 'my']

/** CG-PI-011: a literal of every dangerous act directive-shapes.ts recognises. */
export const DIRECTIVE_ANCHORS = [
  // safety flags, switching safety off, auto-approval
  ...['dangerously', 'yolo', 'trust-all-tools', 'full-auto', 'danger-full', 'approv', 'sandbox', 'safety', 'guardrail', 'permission', 'security', 'codex-guard', 'hook'],
  ...['confirmation', 'content filter', 'restriction'],
  ...combine(['accept', 'allow'], ['all', 'every', 'any', 'each']),
  // acting without asking
  'without',
  'w/o',
  ...combine(NEGATIONS, ['ask', 'prompt', 'wait', 'check with', 'request', 'seek', 'pause', 'stop']),
  'there is no need to',
  'assume',
  // role and tool hijacking
  'you are',
  ...combine(['i', 'we'], ['authorize', 'authorise', 'instruct', 'order', 'command', 'allow', 'permit', 'grant']),
  '<|im_start|>',
  '<|system|>',
  '[system]',
  '<system>',
  'system:',
  'system :',
  ...combine(['system'], ['message', 'prompt', 'override', 'update', 'instruction', 'policy']),
  ...combine(['message', 'messages', 'instruction', 'instructions', 'request', 'requests', 'note', 'notes'], ['is', 'are', 'comes', 'come']),
  // running code
  ...combine(['this', 'the following', 'these', 'that', 'below'], ['', 'shell', 'bash', 'terminal', 'powershell'], ['command', 'script', 'code', 'snippet', 'payload', 'one-liner', 'line']),
  ...combine(['and', 'then', '&&'], ['execute', 'run', 'eval', 'source', 'install']),
  ...combine(['<('], ['', ' '], ['curl', 'wget']),
  ...['review', 'branch protection', 'required check', 'status check', 'push to', 'push directly', '--admin'],
  ...PIPE_ANCHORS,
  // destruction
  'rm -',
  ...combine(
    ['delete', 'remove', 'erase', 'wipe', 'destroy', 'purge', 'nuke', 'shred', 'terminate', 'drop', 'truncate', 'clear out', 'clean up', 'clean out', 'get rid of'],
    ['all', 'every', 'the entire', 'entire', 'the whole', 'whole', 'any and all', 'each'],
  ),
  ...combine(['clean', 'wipe', 'reset', 'erase', 'format', 'restore'], DETERMINERS),
  'factory',
  ...['terraform destroy', 'kubectl delete', 's3 rm', 's3 rb', 'terminate-instances', 'delete-user', 'delete-db', 'delete-stack', 'delete-bucket', 'gcloud', 'group delete'],
  ...['drop database', 'drop schema', 'drop table', 'git push', 'mkfs', 'dd if=', ':()', 'format c:'],
  // secrets (exfiltration)
  ...['secret', 'credential', 'api key', 'api_key', 'api-key', 'apikey', 'access key', 'token', 'password', 'private key', 'ssh key', 'environment variable', 'env var'],
  ...['.env', 'id_rsa', 'id_ed25519', 'auth.json', '_key'],
]
