'use strict';
// A scripted stand-in for an OpenAI-compatible chat model, on 127.0.0.1 only: n8n's OpenAI Chat
// Model node (credential URL pointed here, Chat Completions API) talks to it like to OpenAI.
//
//   const model = await startModel({ script });
//   model.url             http://127.0.0.1:<port>/v1   (the openAiApi credential's "url")
//   model.requests        every POST /v1/chat/completions body, parsed, in order
//   model.rejected        the requests refused as OpenAI refuses them: a tool name longer than 64
//                         characters or with other characters than a-z A-Z 0-9 _ - (HTTP 400)
//   await model.close()
//
// script(request) -> { toolCalls: [{ name, args }] } | { text }
//   decides the next answer from the request (its messages: the prompt, the tool calls made so
//   far and what each tool answered). Non-streaming and streaming (SSE) requests are both served.

const http = require('node:http');

let callCounter = 0;

function completion(request, answer) {
	const id = `chatcmpl-fake-${++callCounter}`;
	const created = Math.floor(Date.now() / 1000);
	const model = request.model || 'fake-model';
	const toolCalls = (answer.toolCalls || []).map((call, index) => ({
		index,
		id: `call_fake_${callCounter}_${index}`,
		type: 'function',
		function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
	}));
	const message = toolCalls.length
		? { role: 'assistant', content: null, tool_calls: toolCalls.map(({ index: _index, ...call }) => call) }
		: { role: 'assistant', content: answer.text ?? '' };
	const finish = toolCalls.length ? 'tool_calls' : 'stop';
	const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
	return { id, created, model, message, toolCalls, finish, usage };
}

function sendJson(res, status, body) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

function sendStream(res, c) {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
	const chunk = (delta, finish = null, extra = {}) =>
		res.write(
			`data: ${JSON.stringify({ id: c.id, object: 'chat.completion.chunk', created: c.created, model: c.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`,
		);
	if (c.toolCalls.length) {
		chunk({ role: 'assistant', content: null });
		for (const call of c.toolCalls) chunk({ tool_calls: [call] });
	} else {
		chunk({ role: 'assistant', content: '' });
		chunk({ content: c.message.content });
	}
	chunk({}, c.finish);
	res.write(`data: ${JSON.stringify({ id: c.id, object: 'chat.completion.chunk', created: c.created, model: c.model, choices: [], usage: c.usage })}\n\n`);
	res.end('data: [DONE]\n\n');
}

/** OpenAI's answer to a tool name it does not take (^[a-zA-Z0-9_-]{1,64}$), or null. */
function toolNameRefusal(tools = []) {
	for (const [i, tool] of tools.entries()) {
		const name = String(tool?.function?.name ?? '');
		const param = `tools[${i}].function.name`;
		if (name.length > 64) {
			return {
				message: `Invalid '${param}': string too long. Expected a string with maximum length 64, but got a string with length ${name.length} instead.`,
				type: 'invalid_request_error',
				param,
				code: 'string_above_max_length',
			};
		}
		if (!/^[a-zA-Z0-9_-]+$/.test(name)) {
			return {
				message: `Invalid '${param}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
				type: 'invalid_request_error',
				param,
				code: 'invalid_value',
			};
		}
	}
	return null;
}

async function startModel({ script, host = '127.0.0.1', port = 0 }) {
	const requests = [];
	const rejected = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const path = req.url.split('?')[0];
			if (req.method === 'GET' && path.endsWith('/models')) {
				return sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: 'test' }] });
			}
			if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
				return sendJson(res, 404, { error: { message: `the fake model serves POST /v1/chat/completions, not ${req.method} ${path}` } });
			}
			let body;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				return sendJson(res, 400, { error: { message: 'body is not JSON' } });
			}
			// OpenAI's own checks of the tool names (Anthropic's are the same): a name n8n made too long
			// from a node's name fails the whole call, and with it the agent's run
			const refused = toolNameRefusal(body.tools);
			if (refused) {
				rejected.push({ body, refused });
				return sendJson(res, 400, { error: refused });
			}
			requests.push(body);
			let answer;
			try {
				answer = script(body, requests.length - 1);
			} catch (error) {
				answer = { text: `script error: ${error.message}` };
			}
			const c = completion(body, answer);
			if (body.stream) return sendStream(res, c);
			return sendJson(res, 200, {
				id: c.id,
				object: 'chat.completion',
				created: c.created,
				model: c.model,
				choices: [{ index: 0, message: c.message, finish_reason: c.finish, logprobs: null }],
				usage: c.usage,
			});
		});
	});
	await new Promise((resolve) => server.listen(port, host, resolve));
	const { port: bound } = server.address();
	return {
		url: `http://${host}:${bound}/v1`,
		requests,
		/** Requests refused for their tool names, with the refusal. */
		rejected,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/** The text of every message of a request, tool answers included (what the model was sent). */
function toolAnswersIn(request) {
	return (request.messages || []).filter((m) => m.role === 'tool').map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)));
}

module.exports = { toolNameRefusal, startModel, toolAnswersIn };
