// Streams a tool call through the gateway with the official `openai` npm package, the way a Node client would,
// and checks that the package's stream helpers assemble it. Run by NodeOpenAiClientTest against a gateway in
// front of FakeOpenAiServer.toolCall(...), whose fixtures the constants below mirror.
//
//   node tool-calls.mjs <gateway base URL> <strategy>      e.g. node tool-calls.mjs http://127.0.0.1:4000 race
//
// Prints one JSON line with what it observed; exits 0 when everything matched, 1 on any mismatch or error,
// 2 on bad usage.
import OpenAI from 'openai';
import { VERSION } from 'openai/version';

const FUNCTION_NAME = 'get_weather';
const ARGUMENTS = '{"city":"Paris","unit":"celsius"}';
const CALL_IDS = ['call_small_1', 'call_mid_1', 'call_big_1'];
const ANSWER_AFTER_TOOL = 'It is 18 degrees in Paris.';
const TOOL_RESULT = '18 degrees';
const PARAMETERS = {
  type: 'object',
  properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
  required: ['city'],
};

const [baseUrl, strategy] = process.argv.slice(2);
if (!baseUrl || !strategy) {
  console.error('usage: node tool-calls.mjs <gateway base URL> <strategy>');
  process.exit(2);
}

const client = new OpenAI({
  baseURL: `${baseUrl.replace(/\/$/, '')}/v1`,
  apiKey: 'sk-client',
  maxRetries: 0,
  timeout: 30_000,
  defaultHeaders: { 'x-ladder-strategy': strategy, 'x-ladder-feature': 'cheap-first' },
});
const question = [{ role: 'user', content: 'What is the weather in Paris?' }];

const observed = { strategy, sdk: `openai ${VERSION}`, mismatches: [] };
const expect = (what, actual, wanted) => {
  const same = typeof wanted === 'function' ? wanted(actual) : Object.is(actual, wanted);
  if (!same) {
    observed.mismatches.push({ what, actual: actual ?? null, wanted: typeof wanted === 'function' ? wanted.description : wanted });
  }
};
const oneOf = (values) => Object.assign((v) => values.includes(v), { description: `one of ${values.join(', ')}` });

// (a) chat.completions.stream(...): the stream accumulator's final completion holds the whole call.
async function streamed() {
  const stream = client.chat.completions.stream({
    model: 'ladder/auto',
    messages: question,
    tools: [{ type: 'function', function: { name: FUNCTION_NAME, parameters: PARAMETERS } }],
    stream: true,
    stream_options: { include_usage: true },
  });
  const done = await stream.finalChatCompletion();
  const choice = done.choices[0];
  const calls = choice?.message?.tool_calls ?? [];
  const call = calls[0];
  observed.stream = {
    finishReason: choice?.finish_reason ?? null,
    toolCalls: calls.length,
    id: call?.id ?? null,
    type: call?.type ?? null,
    name: call?.function?.name ?? null,
    arguments: call?.function?.arguments ?? null,
  };
  expect('stream: finish_reason', observed.stream.finishReason, 'tool_calls');
  expect('stream: number of tool calls', calls.length, 1);
  expect('stream: tool call id', observed.stream.id, oneOf(CALL_IDS));
  expect('stream: tool call type', observed.stream.type, 'function');
  expect('stream: function name', observed.stream.name, FUNCTION_NAME);
  expect('stream: function arguments', observed.stream.arguments, ARGUMENTS);
}

// (b) chat.completions.runTools(...): the runner assembles the streamed call, invokes the function with the
// parsed arguments, sends its result back, and ends with the model's text answer.
async function runTools() {
  const invocations = [];
  const runner = client.chat.completions.runTools({
    model: 'ladder/auto',
    messages: question,
    tools: [{
      type: 'function',
      function: {
        name: FUNCTION_NAME,
        description: 'The current weather in a city',
        parameters: PARAMETERS,
        parse: JSON.parse,
        function: (args) => {
          invocations.push(args);
          return TOOL_RESULT;
        },
      },
    }],
    stream: true,
  });
  const content = await runner.finalContent();
  const assistantCall = runner.messages.find((m) => m.role === 'assistant' && m.tool_calls?.length)?.tool_calls[0];
  const toolMessage = runner.messages.find((m) => m.role === 'tool');
  observed.runTools = {
    invocations,
    callId: assistantCall?.id ?? null,
    toolMessageCallId: toolMessage?.tool_call_id ?? null,
    toolMessageContent: toolMessage?.content ?? null,
    content,
  };
  expect('runTools: function invocations', invocations.length, 1);
  expect('runTools: parsed arguments', JSON.stringify(invocations[0] ?? null), ARGUMENTS);
  expect('runTools: tool call id', observed.runTools.callId, oneOf(CALL_IDS));
  expect('runTools: tool message answers the call', observed.runTools.toolMessageCallId, observed.runTools.callId);
  expect('runTools: tool message content', observed.runTools.toolMessageContent, TOOL_RESULT);
  expect('runTools: final content', content, ANSWER_AFTER_TOOL);
}

let exitCode = 0;
for (const [name, check] of [['stream', streamed], ['runTools', runTools]]) {
  try {
    await check();
  } catch (e) {
    observed.mismatches.push({ what: `${name}: threw`, actual: `${e?.name ?? 'Error'}: ${e?.message ?? e}` });
  }
}
observed.ok = observed.mismatches.length === 0;
if (!observed.ok) {
  exitCode = 1;
}
console.log(JSON.stringify(observed));
process.exitCode = exitCode;
