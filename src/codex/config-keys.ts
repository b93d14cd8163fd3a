// Codex config.toml keys and values that decide security (Codex 0.169–0.171, codex-reference.md §1):
// the keys validate knows, so a typo (`network_acess`) is reported instead of silently ignored.

export const SECURITY_TABLE_KEYS: Record<string, string[]> = {
  sandbox_workspace_write: ['writable_roots', 'network_access', 'exclude_tmpdir_env_var', 'exclude_slash_tmp'],
  shell_environment_policy: ['inherit', 'ignore_default_excludes', 'exclude', 'set', 'include_only', 'experimental_use_profile', 'filters'],
}
export const PROFILE_KEYS = ['extends', 'filesystem', 'network', 'description', 'workspace_roots']
export const NETWORK_KEYS = ['enabled', 'mode', 'domains', 'unix_sockets', 'allow_local_binding', 'proxy_url', 'allow_upstream_proxy']
export const TOP_LEVEL_SECURITY_KEYS = ['sandbox_mode', 'approval_policy', 'default_permissions', 'shell_environment_policy', 'sandbox_workspace_write', 'permissions', 'approvals_reviewer']

export const VALID_VALUES: [string[], string[]][] = [
  [['sandbox_mode'], ['read-only', 'workspace-write', 'danger-full-access']],
  [['approval_policy'], ['on-request', 'never', 'on-failure', 'untrusted']],
  [
    ['shell_environment_policy', 'inherit'],
    ['all', 'core', 'none'],
  ],
]
