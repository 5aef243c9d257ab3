// The Anthropic TypeScript SDK against the gateway's /v1/messages.
// usage: node anthropic.mjs <base url> <scenario>=<model> ...
// Runs each scenario against its model, in order, and prints one JSON line: {"<scenario>": <what the SDK returned>}.
import Anthropic from '@anthropic-ai/sdk';

const [baseURL, ...runs] = process.argv.slice(2);
const client = new Anthropic({ baseURL, apiKey: 'sk-ant-client', maxRetries: 0, timeout: 30_000 });
const weather = {
  name: 'get_weather',
  description: 'The current weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const baseOf = (model) => ({ model, max_tokens: 256, system: 'You are terse.' });
const textOf = (base) => ({ ...base, messages: [{ role: 'user', content: 'How many clips did Natalia sell?' }] });
const toolOf = (base) => ({
  ...base,
  tools: [weather],
  messages: [
    { role: 'user', content: 'What is the weather in Paris?' },
  ],
});

function summary(message) {
  return {
    id: message.id,
    text: message.content.filter((b) => b.type === 'text').map((b) => b.text).join(''),
    tools: message.content.filter((b) => b.type === 'tool_use').map((b) => ({ id: b.id, name: b.name, input: b.input })),
    stop_reason: message.stop_reason,
    usage: message.usage,
  };
}

async function run(scenario, model) {
  const base = baseOf(model);
  const textParams = textOf(base);
  const toolParams = toolOf(base);
  let result;
  switch (scenario) {
    case 'create-text':
      result = summary(await client.messages.create(textParams));
      break;
    case 'create-tool':
      result = summary(await client.messages.create(toolParams));
      break;
    case 'stream-text':
    case 'stream-tool': {
      const stream = client.messages.stream(scenario === 'stream-text' ? textParams : toolParams);
      const events = [];
      stream.on('streamEvent', (e) => events.push(e.type));
      const final = await stream.finalMessage();
      result = { ...summary(final), events: [...new Set(events)] };
      break;
    }
    case 'tool-result': {
      const message = await client.messages.create({
        ...base,
        tools: [weather],
        messages: [
          { role: 'user', content: 'What is the weather in Paris?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18 C, sunny' }] },
        ],
      });
      result = summary(message);
      break;
    }
    case 'bad-request': {
      try {
        await client.messages.create({ model, messages: [{ role: 'user', content: 'hi' }] });
        result = { error: null };
      } catch (e) {
        result = { status: e.status, type: e.error?.error?.type ?? null, message: e.error?.error?.message ?? null };
      }
      break;
    }
    default:
      throw new Error('unknown scenario ' + scenario);
  }
  return result;
}

const results = {};
for (const arg of runs) {
  const [scenario, model] = arg.split('=');
  results[scenario] = await run(scenario, model);
}
console.log(JSON.stringify(results));
