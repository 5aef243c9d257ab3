#!/usr/bin/env node
// Summarize gateway-bench.sh raw results (runs.tsv): medians over repetitions per
// (delay, load, target), then via-gateway against direct as a difference and a ratio.
//   node summarize.mjs runs.tsv [--markdown]
// From the project's shared tooling (../shared/bench/summarize.mjs); the medians now live in medians.mjs.
import { fmt as f, groupMedians, readRuns, table } from './medians.mjs';

const file = process.argv[2];
const md = process.argv.includes('--markdown');
if (!file) { console.error('usage: node summarize.mjs runs.tsv [--markdown]'); process.exit(2); }

const out = [['delay', 'load', 'target', 'n', 'rps', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'ttfb p50', 'errors',
  'gw cpu us/req', 'gw cpu cores', 'mock cpu', 'loadgen cpu', 'other cpu', 'gw rss MB', 'upstream/req']];
const cmp = [['delay', 'load', 'rps ratio', 'p50 overhead ms', 'p99 overhead ms', 'p50 ratio', 'p99 ratio']];
for (const [key, med] of groupMedians(readRuns(file))) {
  const [delay, load] = key.split('\t');
  for (const t of ['direct', 'via']) {
    const m = med[t];
    if (!m) continue;
    const via = t === 'via';
    out.push([`${delay} ms`, load, t, String(m.n), f(m.rps, 1), f(m.p50, 3), f(m.p90, 3), f(m.p99, 3), f(m.p999, 3), f(m.ttfb, 3),
      String(m.errors), via ? f(m.gwus, 0) : '-', via ? f(m.gwc, 2) : '-', f(m.mock, 2), f(m.lg, 2), f(m.other, 2),
      via ? f(m.rss, 0) : '-', f(m.upr, 2)]);
  }
  if (med.direct && med.via) {
    const d = med.direct, v = med.via;
    cmp.push([`${delay} ms`, load, f(v.rps / d.rps, 3), f(v.p50 - d.p50, 3), f(v.p99 - d.p99, 3), f(v.p50 / d.p50, 2), f(v.p99 / d.p99, 2)]);
  }
}

console.log(md ? '**Medians over repetitions** (direct = load generator -> mock; via = load generator -> gateway -> mock)\n' : 'Medians over repetitions (direct = loadgen -> mock; via = loadgen -> gateway -> mock)');
console.log(table(out, md));
console.log(md ? '\n**Via gateway against direct, same load** (overhead = via - direct; ratio = via / direct)\n' : '\nVia gateway against direct, same load (overhead = via - direct; ratio = via / direct)');
console.log(table(cmp, md));
