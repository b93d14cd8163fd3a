// The e2e tests drive `codex exec` with the mock Responses server codex-guard itself ships for
// `verify` (src/verify/mock-model.ts): one implementation.
import {type MockServer, toolOutput as outputFor} from '../../src/verify/mock-model.js'

export {type MockServer, mockProviderConfig, type Step, startMockResponses} from '../../src/verify/mock-model.js'

/** Text of the tool output Codex sent back for a call, as the model saw it ('' when none). */
export function toolOutput(server: MockServer, callId: string): string {
  return outputFor(server, callId) ?? ''
}
