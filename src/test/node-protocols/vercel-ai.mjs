// The Vercel AI SDK with its default OpenAI provider settings (the Responses API) against the gateway.
// usage: node vercel-ai.mjs <base url, ending in /v1> <scenario>=<model> ...
// Runs each scenario against its model, in order, and prints one JSON line: {"<scenario>": <what the SDK returned>}.
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText, tool } from 'ai';
import { z } from 'zod';

const [baseURL, ...runs] = process.argv.slice(2);
const openai = createOpenAI({ baseURL, apiKey: 'sk-client' });

async function run(scenario, model) {
  let result;
  switch (scenario) {
    case 'generate': {
      const r = await generateText({ model: openai(model), prompt: 'Say hello.', maxRetries: 0 });
      result = { text: r.text, finishReason: r.finishReason, usage: r.usage };
      break;
    }
    case 'stream': {
      const r = streamText({ model: openai(model), prompt: 'Say hello.', maxRetries: 0, onError: ({ error }) => { throw error; } });
      let text = '';
      for await (const piece of r.textStream) text += piece;
      result = { text, finishReason: await r.finishReason, usage: await r.usage };
      break;
    }
    case 'tool': {
      const r = await generateText({
        model: openai(model),
        prompt: 'What is the weather in Paris?',
        maxRetries: 0,
        tools: { get_weather: tool({ description: 'The weather in a city', inputSchema: z.object({ city: z.string() }) }) },
      });
      result = { finishReason: r.finishReason, calls: r.toolCalls.map((c) => ({ name: c.toolName, input: c.input })) };
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
