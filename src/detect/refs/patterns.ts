// Shell syntax that has no business in a ref or file name (anchors.md §C.3–C.4). git accepts
// all of it in branch names; any workflow that interpolates the name into a shell runs it.

/** $( … ), `…`, <( … ) / >( … ) process substitution. */
export const COMMAND_SUBSTITUTION = /\$\(|`[^`]*`|[<>]\(/
/** $IFS / ${IFS}: a space that survives git's ban on spaces. */
export const IFS = /\$\{?IFS\b\}?/
/** {curl,-sSfL,host}: bash brace expansion turns it into a command line. */
export const BRACE_LIST = /\{[^{}]*,[^{}]*\}/
export const BRACE_COMMAND = /\{\s*(?:curl|wget|bash|sh|zsh|nc|ncat|python3?|perl|ruby|node|base64|eval|exec|echo|rm|chmod|sudo)\s*,/i
/** ; | & < > */
export const CONTROL = /[;|&<>]/
/** quoting and expansion characters */
export const QUOTING = /['"$!(){}`\\]/
/** … | bash, | python, base64 -d (with spaces or ${IFS} between the words) */
export const PIPE_INTERPRETER =
  /\|(?:\s|\$\{?IFS\}?)*(?:sudo(?:\s|\$\{?IFS\}?)+)?(?:ba|z|da|k|c|tc|fi)?sh\b|\|(?:\s|\$\{?IFS\}?)*(?:python[23]?|node|perl|ruby|php|pwsh|powershell|iex|lua|osascript|source|eval)\b|\bbase64(?:\s|\$\{?IFS\}?|,)*(?:-d|--decode|-D)\b/i
export const URL_SCHEME = /\b(?:https?|ftp|file|data|javascript):(?:\/\/)?/i
/** host names with TLDs that are not also common file extensions */
export const STRONG_HOST =
  /\b(?:[a-z0-9-]+\.)+(?:com|net|org|xyz|top|ru|cn|site|info|biz|online|live|click|link|fun|icu|pw|tk|ml|ga|cf|gq|su|ws|zip|mov|club|shop|store|cloud|host|space|website|pro|tech|vip|win|bid|loan|work)(?=$|[/:?#)}\]|;&,$`'"\s])/i
/** TLDs that double as file extensions or package names (socket.io): only with other signals */
export const WEAK_HOST = /\b(?:[a-z0-9-]+\.)+(?:io|sh|me|co|dev|app|ai|gg|so|to|ly|cc|us|in|de|uk|eu)(?=$|[/:?#)}\]|;&,$`'"\s])/i

/** Branch names that deserve protection from look-alikes (plus the repository's default branch). */
export const PROTECTED_BRANCHES = ['main', 'master', 'develop', 'development', 'dev', 'trunk', 'release', 'releases', 'production', 'prod', 'staging', 'stable', 'hotfix', 'gh-pages', 'HEAD']

/** The branch part of a ref name: refs/heads/x → x, refs/remotes/origin/x → x, refs/tags/v1 → v1. */
export function shortRefName(name: string): string {
  return name.replace(/^refs\/(?:heads|tags)\//, '').replace(/^refs\/remotes\/[^/]+\//, '')
}
