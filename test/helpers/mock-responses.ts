// A local stand-in for the OpenAI Responses API (codex-reference.md §6): each POST /v1/responses
// gets the next scripted step as server-sent events, so `codex exec` runs a deterministic session.
import {createServer, type Server} from 'node:http'

export type Step = {exec: string} | {patch: string} | {message: string}

export interface MockServer {
  url: string
  requests: {input: {type?: string; call_id?: string; output?: unknown}[]}[]
  close(): Promise<void>
}

const usage = {input_tokens: 1200, input_tokens_details: {cached_tokens: 0}, output_tokens: 40, output_tokens_details: {reasoning_tokens: 0}, total_tokens: 1240}

function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({type, ...data})}\n\n`
}

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
      const parsed = JSON.parse(body) as MockServer['requests'][number]
      requests.push(parsed)
      const index = requests.length - 1
      const step: Step = steps[index] ?? {message: 'Done.'}
      let item: Record<string, unknown>
      if ('exec' in step) item = {type: 'function_call', id: `fc_${index}`, call_id: `call_${index}`, name: 'exec_command', arguments: JSON.stringify({cmd: step.exec})}
      else if ('patch' in step) item = {type: 'custom_tool_call', id: `ctc_${index}`, call_id: `call_${index}`, name: 'apply_patch', input: step.patch}
      else item = {type: 'message', role: 'assistant', id: `msg_${index}`, content: [{type: 'output_text', text: step.message}]}
      response.writeHead(200, {'content-type': 'text/event-stream'})
      response.end(event('response.created', {response: {id: `resp_${index}`}}) + event('response.output_item.done', {item}) + event('response.completed', {response: {id: `resp_${index}`, usage}}))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Text of the tool output Codex sent back for a call, as the model saw it. */
export function toolOutput(server: MockServer, callId: string): string {
  for (const request of server.requests) {
    for (const item of request.input ?? []) {
      if (item.call_id === callId && (item.type === 'function_call_output' || item.type === 'custom_tool_call_output')) {
        return typeof item.output === 'string' ? item.output : JSON.stringify(item.output)
      }
    }
  }
  return ''
}

export function mockProviderConfig(url: string): string {
  return `model = "gpt-5.5"\nmodel_provider = "mock"\n\n[model_providers.mock]\nname = "Local mock"\nbase_url = "${url}"\nwire_api = "responses"\nrequest_max_retries = 0\nstream_max_retries = 0\n`
}
