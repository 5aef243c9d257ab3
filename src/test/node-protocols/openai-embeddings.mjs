// The OpenAI Node SDK's embeddings.create against the gateway's /v1/embeddings.
// usage: node openai-embeddings.mjs <base url, ending in /v1> <model>
// Asks twice for the same two texts (the SDK asks for base64 by default and decodes it) and prints one JSON line:
// {"first": {...}, "second": {...}} with each answer's vectors, usage and x-ladder-cache header.
import OpenAI from 'openai';

const [baseURL, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'sk-client', maxRetries: 0, timeout: 60_000 });
const input = ['the cat sat', 'on the mat today'];

async function once() {
  const { data, response } = await client.embeddings.create({ model, input }).withResponse();
  return {
    vectors: data.data.map((d) => Array.from(d.embedding)),
    indexes: data.data.map((d) => d.index),
    model: data.model,
    usage: data.usage,
    cache: response.headers.get('x-ladder-cache'),
  };
}

const first = await once();
const second = await once();
console.log(JSON.stringify({ first, second }));
