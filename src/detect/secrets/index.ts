// Public API of secret detection for other modules (content-aware file coverage, rotation,
// pre-commit, the hook): ask whether text holds a private key or a credential, or list findings.
export {containsCredential, containsPrivateKey, findSecrets, isPlaceholder, type SecretConfig, type SecretMatch} from '../../policy/secret-engine.js'
export {SECRET_RULES, type SecretRule} from '../../policy/secret-formats.js'
export {loadGitleaksConfig, parseGitleaksConfig} from './gitleaks.js'
export {ENGINE_RULE_ID, engineFindings, mayContainSecret, type SecretFinding, scanSecrets, scanWithSecretlint} from './scan.js'
