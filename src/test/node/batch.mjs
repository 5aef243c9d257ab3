// The OpenAI Batch API round trip through the gateway with the official openai package (run by
// NodeBatchRoundTripTest): files.create -> batches.create -> poll batches.retrieve -> files.content.
// Usage: node batch.mjs BASE_URL LINES. Prints one JSON line: what the client saw.
import OpenAI, { toFile } from 'openai';

const [baseUrl, linesArg] = process.argv.slice(2);
const n = Number(linesArg ?? 1000);
const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: 'sk-batch-test', maxRetries: 0 });

const lines = [];
for (let i = 0; i < n; i++) {
  lines.push(JSON.stringify({
    custom_id: `req-${i}`,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'ladder/auto', messages: [{ role: 'user', content: `What is ${i} plus ${i}?` }] },
  }));
}
const file = await client.files.create({
  file: await toFile(Buffer.from(lines.join('\n') + '\n'), 'batch.jsonl'),
  purpose: 'batch',
});
const created = await client.batches.create({
  input_file_id: file.id,
  endpoint: '/v1/chat/completions',
  completion_window: '24h',
  metadata: { run: 'node-round-trip' },
});
let batch = created;
const started = Date.now();
while (!['completed', 'failed', 'expired', 'cancelled'].includes(batch.status)) {
  if (Date.now() - started > 50_000) {
    break;
  }
  await new Promise((r) => setTimeout(r, 100));
  batch = await client.batches.retrieve(created.id);
}
const seenFile = await client.files.retrieve(file.id);
const listed = await client.batches.list({ limit: 5 });
const out = batch.output_file_id ? await (await client.files.content(batch.output_file_id)).text() : '';
const outLines = out.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
const ids = new Set(outLines.map((l) => l.custom_id));
const missing = lines.map((l) => JSON.parse(l).custom_id).filter((id) => !ids.has(id));
const answered = outLines.filter((l) => l.response?.status_code === 200
  && typeof l.response?.body?.choices?.[0]?.message?.content === 'string').length;
console.log(JSON.stringify({
  fileId: file.id,
  filePurpose: seenFile.purpose,
  fileBytes: seenFile.bytes,
  batchId: created.id,
  createdStatus: created.status,
  status: batch.status,
  requestCounts: batch.request_counts,
  metadata: batch.metadata,
  listedIds: listed.data.map((b) => b.id),
  outputLines: outLines.length,
  uniqueCustomIds: ids.size,
  answered,
  missing: missing.slice(0, 10),
  errorFileId: batch.error_file_id ?? null,
  tookMs: Date.now() - started,
}));
