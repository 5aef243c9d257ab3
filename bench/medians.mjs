// Medians over a gateway-bench.sh run's runs.tsv, shared by summarize.mjs and compare.mjs.
// Copied in spirit from the project's shared tooling (../shared/bench/summarize.mjs).
import fs from 'node:fs';

export const num = (v) => (v === undefined || v === '' || v === '-' ? NaN : Number(v));

export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');

/** The rows of a runs.tsv, each an object keyed by column name. */
export function readRuns(file) {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const cols = lines[0].split('\t');
  return lines.slice(1).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [cols[i], v])));
}

/**
 * Medians per (delay, load), and per target (direct, via) within it: a Map from "delay\tload" to
 * {direct, via}, each {n, errors, rps, p50, p90, p99, p999, ttfb, gwus, gwc, mock, lg, other, rss (MB), upr}.
 */
export function groupMedians(rows) {
  const groups = new Map();
  for (const r of rows) {
    const key = `${r.delay_ms}\t${r.load}`;
    if (!groups.has(key)) groups.set(key, { direct: [], via: [] });
    groups.get(key)[r.target].push(r);
  }
  const out = new Map();
  for (const [key, g] of groups) {
    const med = {};
    for (const t of ['direct', 'via']) {
      const rs = g[t];
      if (!rs.length) continue;
      const m = (c) => median(rs.map((r) => num(r[c])));
      med[t] = {
        n: rs.length,
        errors: rs.reduce((a, r) => a + num(r.non2xx) + num(r.sock_err) + num(r.timeouts) + (num(r.unsent) || 0), 0),
        rps: m('rps'), p50: m('p50_ms'), p90: m('p90_ms'), p99: m('p99_ms'), p999: m('p999_ms'), ttfb: m('ttfb_p50_ms'),
        gwus: m('gw_cpu_us_per_req'), gwc: m('gw_cpu_cores'), mock: m('mock_cpu_cores'), lg: m('loadgen_cpu_cores'),
        other: m('other_cpu_cores'), rss: m('gw_rss_kb') / 1024, upr: m('upstream_per_req'),
      };
    }
    out.set(key, med);
  }
  return out;
}

/** Rows as an aligned text table, or a Markdown table; the first row is the header. */
export function table(rows, markdown) {
  if (markdown) {
    const [h, ...body] = rows;
    return [`| ${h.join(' | ')} |`, `|${h.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ')).join('\n');
}
