// Verifies recorded webhook deliveries with the standardwebhooks package (run by WebhookDeliveryTest).
// Usage: node verify-webhooks.mjs DELIVERIES.json SECRET. DELIVERIES.json is [{headers: {...}, body: "..."}].
// Prints one JSON line: for each delivery, whether it verified and, if not, why.
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';

const [file, secret] = process.argv.slice(2);
const deliveries = JSON.parse(readFileSync(file, 'utf8'));
const wh = new Webhook(secret);
const results = deliveries.map((d) => {
  try {
    const payload = wh.verify(d.body, d.headers);
    return { ok: true, type: payload.type, id: d.headers['webhook-id'] };
  } catch (e) {
    return { ok: false, error: String(e.message ?? e) };
  }
});
console.log(JSON.stringify({ results }));
