// The OpenAI Node SDK's Responses API against the gateway's /v1/responses.
// usage: node openai-responses.mjs <base url, ending in /v1> <scenario>=<model> ...
// Runs each scenario against its model, in order, and prints one JSON line: {"<scenario>": <what the SDK returned>}.
import OpenAI from 'openai';

const [baseURL, ...runs] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'sk-client', maxRetries: 0, timeout: 30_000 });
const weather = {
  type: 'function',
  name: 'get_weather',
  description: 'The current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

function summary(r) {
  return {
    id: r.id,
    status: r.status,
    output_text: r.output_text,
    calls: r.output.filter((o) => o.type === 'function_call').map((o) => ({ call_id: o.call_id, name: o.name, arguments: o.arguments })),
    usage: r.usage,
  };
}

async function run(scenario, model) {
  let result;
  switch (scenario) {
    case 'plain':
      result = summary(await client.responses.create({ model, instructions: 'Be terse.', input: 'Say hello.' }));
      break;
    case 'stream': {
      const stream = await client.responses.create({ model, input: 'Say hello.', stream: true });
      const types = [];
      let text = '';
      let completed = null;
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.output_text.delta') text += event.delta;
        if (event.type === 'response.completed') completed = event.response;
      }
      result = { text, types: [...new Set(types)], completed: completed && { status: completed.status, usage: completed.usage } };
      // and the SDK's stream helper, which checks the event order as it assembles the response
      const helper = client.responses.stream({ model, input: 'Say hello.' });
      result.helper = summary(await helper.finalResponse());
      break;
    }
    case 'function': {
      const first = await client.responses.create({ model, input: 'What is the weather in Paris?', tools: [weather] });
      const call = first.output.find((o) => o.type === 'function_call');
      const second = await client.responses.create({
        model,
        tools: [weather],
        input: [
          { role: 'user', content: 'What is the weather in Paris?' },
          call,
          { type: 'function_call_output', call_id: call.call_id, output: '18 C, sunny' },
        ],
      });
      result = { first: summary(first), second: summary(second) };
      break;
    }
    case 'json-schema': {
      const r = await client.responses.create({
        model,
        input: 'Give me a city and its country.',
        text: {
          format: {
            type: 'json_schema',
            name: 'city',
            strict: true,
            schema: {
              type: 'object',
              properties: { city: { type: 'string' }, country: { type: 'string' } },
              required: ['city', 'country'],
              additionalProperties: false,
            },
          },
        },
      }, { headers: { 'x-ladder-strategy': 'cascade' } }); // validated: a broken JSON answer escalates
      result = { ...summary(r), parsed: JSON.parse(r.output_text) };
      break;
    }
    case 'previous': {
      try {
        await client.responses.create({ model, input: 'again', previous_response_id: 'resp_123' });
        result = { error: null };
      } catch (e) {
        result = { status: e.status, param: e.param ?? null, message: e.message };
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
