#!/usr/bin/env node
// Ladder against Portkey from one `bench/run.sh` sitting: per gateway, saturation throughput (closed loop,
// no upstream delay), gateway CPU per request, overhead (via - direct) at a fixed open-loop rate with an
// upstream delay, peak RSS; then Ladder / Portkey ratios and issue 16's targets.
//   node compare.mjs OUT_DIR --connections 16 --rate 250 --delay-ms 60 [--markdown]
// OUT_DIR holds one gateway-bench.sh output directory per gateway: portkey, ladder-named, ladder-auto.
import fs from 'node:fs';
import path from 'node:path';
import { fmt as f, groupMedians, readRuns, table } from './medians.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : def; };
const dir = argv[0];
if (!dir || dir.startsWith('--')) { console.error('usage: node compare.mjs OUT_DIR [--connections 16] [--rate 250] [--delay-ms 60] [--markdown]'); process.exit(2); }
const conns = opt('connections', '16'), rate = opt('rate', '250'), delay = opt('delay-ms', '60');
const md = argv.includes('--markdown');

const GATEWAYS = [['portkey', 'Portkey'], ['ladder-named', 'Ladder, named model'], ['ladder-auto', 'Ladder, `ladder/auto` (routing)']];
const results = {};
for (const [id, label] of GATEWAYS) {
  const runs = path.join(dir, id, 'runs.tsv');
  if (!fs.existsSync(runs)) continue;
  const g = groupMedians(readRuns(runs));
  const sat = g.get(`0\tc=${conns}`) || {};
  const open = g.get(`${delay}\tr=${rate}`) || {};
  const mem = path.join(dir, id, 'memory.txt');
  const peak = fs.existsSync(mem) ? Number((fs.readFileSync(mem, 'utf8').match(/^peak_rss_kb\t(\d+)/m) || [])[1]) / 1024 : NaN;
  results[id] = {
    label,
    satRps: sat.via?.rps, satDirect: sat.direct?.rps, satCpu: sat.via?.gwus, satErrors: sat.via?.errors,
    rateRps: open.via?.rps, rateCpu: open.via?.gwus, rateErrors: open.via?.errors,
    p50: open.via && open.direct ? open.via.p50 - open.direct.p50 : NaN,
    p99: open.via && open.direct ? open.via.p99 - open.direct.p99 : NaN,
    peak,
  };
}

const rows = [['gateway', `saturation req/s (c=${conns}, 0 ms)`, 'mock direct req/s', 'gw CPU us/req (saturation)',
  `gw CPU us/req (${rate} req/s)`, `overhead p50 / p99 ms (${rate} req/s, ${delay} ms)`, 'errors', 'peak RSS MB']];
for (const [id] of GATEWAYS) {
  const r = results[id];
  if (!r) continue;
  rows.push([r.label, f(r.satRps, 0), f(r.satDirect, 0), f(r.satCpu, 0), f(r.rateCpu, 0), `${f(r.p50, 2)} / ${f(r.p99, 2)}`,
    String((r.satErrors || 0) + (r.rateErrors || 0)), f(r.peak, 0)]);
}
console.log(md ? '**Per gateway** (medians over repetitions; overhead = via gateway - direct to the mock, same load)\n'
  : 'Per gateway (medians over repetitions; overhead = via gateway - direct to the mock, same load)');
console.log(table(rows, md));

const pk = results.portkey;
if (pk) {
  const ratios = [['Ladder / Portkey', 'throughput', 'p50 overhead', 'p99 overhead', 'CPU us/req (saturation)', `CPU us/req (${rate} req/s)`, 'peak RSS']];
  for (const id of ['ladder-named', 'ladder-auto']) {
    const r = results[id];
    if (!r) continue;
    ratios.push([r.label, `${f(r.satRps / pk.satRps, 2)}x`, f(r.p50 / pk.p50, 2), f(r.p99 / pk.p99, 2), f(r.satCpu / pk.satCpu, 2),
      f(r.rateCpu / pk.rateCpu, 2), f(r.peak / pk.peak, 2)]);
  }
  console.log(md ? '\n**Ratios** (Ladder / Portkey; below 1 is better for everything but throughput)\n' : '\nRatios (Ladder / Portkey; below 1 is better for everything but throughput)');
  console.log(table(ratios, md));
}

const auto = results['ladder-auto'];
if (pk && auto) {
  const yes = (ok) => (ok ? 'reached' : 'not reached');
  const checks = [['issue 16 target (ladder/auto)', 'measured', 'verdict'],
    ['saturation >= 5x Portkey', `${f(auto.satRps / pk.satRps, 2)}x`, yes(auto.satRps >= 5 * pk.satRps)],
    [`p99 overhead <= 1 ms at ${rate} req/s`, `${f(auto.p99, 2)} ms`, yes(auto.p99 <= 1)],
    ['p99 overhead <= 1/10 of Portkey\'s', `${f(auto.p99 / pk.p99, 2)} of Portkey's ${f(pk.p99, 2)} ms`, yes(auto.p99 <= pk.p99 / 10)],
    ['gateway CPU <= 150 us/req (saturation)', `${f(auto.satCpu, 0)} us`, yes(auto.satCpu <= 150)]];
  console.log(md ? '\n**Issue 16 targets**\n' : '\nIssue 16 targets');
  console.log(table(checks, md));
}
