// One chat completion with the official `openai` npm package and a virtual key, with the package's own retries
// (maxRetries 2): run by SdkWithVirtualKeysTest against a key whose request bucket is empty, so the first try
// gets a 429 with Retry-After and the package must wait for it and try again.
//
//   node retry-after.mjs <gateway base URL> <virtual key>
//
// Prints one JSON line {status, content, elapsedMs}; exits 0 on an answer, 1 on an error.
import OpenAI from 'openai';

const [baseUrl, apiKey] = process.argv.slice(2);
const client = new OpenAI({ baseURL: `${baseUrl.replace(/\/$/, '')}/v1`, apiKey, maxRetries: 2, timeout: 30000 });
const started = Date.now();
try {
  const completion = await client.chat.completions.create({
    model: 'ladder/auto',
    messages: [{ role: 'user', content: 'What is the capital of France?' }],
  });
  console.log(JSON.stringify({ status: 200, content: completion.choices[0].message.content,
    elapsedMs: Date.now() - started }));
} catch (e) {
  console.log(JSON.stringify({ status: e.status ?? null, error: String(e), elapsedMs: Date.now() - started }));
  process.exit(1);
}
