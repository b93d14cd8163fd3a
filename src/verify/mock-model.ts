// A local stand-in for the OpenAI Responses API (codex-reference.md §6): each POST /v1/responses
// gets the next scripted step as server-sent events, so `codex exec` runs a deterministic session
// with no API key and no network. Every request is kept: the tool outputs in it are exactly what
// a real model would have received. Used by `verify` (live mode) and by the e2e tests.
import {createServer, type Server} from 'node:http'

/** A scripted model turn: a shell command, a patch, any other function call by name, or the final message. */
export type Step = {exec: string; tty?: boolean; yieldMs?: number} | {patch: string} | {call: string; arguments: Record<string, unknown>} | {message: string}

export interface MockRequestItem {
  type?: string
  call_id?: string
  output?: unknown
}

export interface MockServer {
  /** base_url for the provider: Codex POSTs to `${url}/responses` */
  url: string
  requests: {input: MockRequestItem[]}[]
  close(): Promise<void>
}

const usage = {input_tokens: 1200, input_tokens_details: {cached_tokens: 0}, output_tokens: 40, output_tokens_details: {reasoning_tokens: 0}, total_tokens: 1240}

function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({type, ...data})}\n\n`
}

/** The call id the mock gives the tool call of step `index`. */
export const callId = (index: number) => `call_${index}`

function outputItem(step: Step, index: number): Record<string, unknown> {
  if ('exec' in step) {
    const args: Record<string, unknown> = {cmd: step.exec}
    if (step.tty) args['tty'] = true
    if (step.yieldMs !== undefined) args['yield_time_ms'] = step.yieldMs
    return {type: 'function_call', id: `fc_${index}`, call_id: callId(index), name: 'exec_command', arguments: JSON.stringify(args)}
  }
  if ('call' in step) return {type: 'function_call', id: `fc_${index}`, call_id: callId(index), name: step.call, arguments: JSON.stringify(step.arguments)}
  if ('patch' in step) return {type: 'custom_tool_call', id: `ctc_${index}`, call_id: callId(index), name: 'apply_patch', input: step.patch}
  return {type: 'message', role: 'assistant', id: `msg_${index}`, content: [{type: 'output_text', text: step.message}]}
}

/** Listens on 127.0.0.1 with an OS-chosen port; past the script every request gets a final message. */
export async function startMockResponses(steps: Step[]): Promise<MockServer> {
  const requests: MockServer['requests'] = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      if (request.method !== 'POST' || !request.url?.endsWith('/responses')) {
        response.writeHead(404).end()
        return
      }
      let parsed: MockServer['requests'][number]
      try {
        parsed = JSON.parse(body) as MockServer['requests'][number]
      } catch {
        response.writeHead(400).end()
        return
      }
      requests.push(parsed)
      const index = requests.length - 1
      const item = outputItem(steps[index] ?? {message: 'Done.'}, index)
      response.writeHead(200, {'content-type': 'text/event-stream'})
      response.end(event('response.created', {response: {id: `resp_${index}`}}) + event('response.output_item.done', {item}) + event('response.completed', {response: {id: `resp_${index}`, usage}}))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const {port} = server.address() as {port: number}
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Text of the tool output Codex sent back for a call, as the model saw it; undefined when none was sent. */
export function toolOutput(server: MockServer, id: string): string | undefined {
  for (const request of server.requests) {
    for (const item of request.input ?? []) {
      if (item.call_id === id && (item.type === 'function_call_output' || item.type === 'custom_tool_call_output')) {
        return typeof item.output === 'string' ? item.output : JSON.stringify(item.output)
      }
    }
  }
  return undefined
}

export const MOCK_PROVIDER = 'codex-guard-mock'
/** A slug Codex knows (codex-reference §6.2): an unknown one gets no apply_patch tool. */
export const MOCK_MODEL = 'gpt-5.5'

/** User config.toml text selecting the mock as model provider (tests write it to a scratch CODEX_HOME). */
export function mockProviderConfig(url: string): string {
  return `model = "${MOCK_MODEL}"\nmodel_provider = "mock"\n\n[model_providers.mock]\nname = "Local mock"\nbase_url = "${url}"\nwire_api = "responses"\nrequest_max_retries = 0\nstream_max_retries = 0\n`
}

/**
 * The same provider as `codex -c` overrides, which take precedence over every config layer: the
 * user's config.toml can then be copied byte for byte (its trust entries and hook hashes intact).
 */
export function mockProviderOverrides(url: string): string[] {
  const provider = `{name = "codex-guard verify (local mock)", base_url = ${JSON.stringify(url)}, wire_api = "responses", request_max_retries = 0, stream_max_retries = 0}`
  return ['-c', `model=${JSON.stringify(MOCK_MODEL)}`, '-c', `model_provider=${JSON.stringify(MOCK_PROVIDER)}`, '-c', `model_providers.${MOCK_PROVIDER}=${provider}`]
}
