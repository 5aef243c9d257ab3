// Ladder dashboard: polls /admin/dashboard/* (same origin, the admin cookie goes along) and draws plain SVG.
"use strict";
const TIERS = ["simple", "medium", "complex", "cache", "none"];
const $ = (id) => document.getElementById(id);
const usd = (x) => "$" + (x < 1 ? x.toFixed(4) : x.toFixed(2));
const pct = (x) => (100 * x).toFixed(1) + "%";
const secs = (x) => (x < 1 ? (1000 * x).toFixed(0) + " ms" : x.toFixed(2) + " s");
const SVG = "http://www.w3.org/2000/svg";

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  parent.appendChild(e);
  return e;
}

function color(tier) {
  return getComputedStyle(document.documentElement).getPropertyValue("--" + tier).trim() || "#999";
}

async function getJson(url) {
  const res = await fetch(url, { credentials: "same-origin", cache: "no-store" });
  if (res.status === 401) { location.href = "/dashboard"; throw new Error("signed out"); }
  if (!res.ok) throw new Error(url + ": " + res.status);
  return res.json();
}

function cards(s) {
  const m = s.metrics, t = s.today;
  $("cost-today").textContent = t.logged ? usd(t.cost_usd) : "no log";
  $("baseline-today").textContent = t.logged ? usd(t.baseline_cost_usd) : "–";
  $("saving-today").textContent = t.logged ? usd(t.saving_usd) : "–";
  $("cost-total").textContent = usd(m.cost_usd);
  $("cost-total").dataset.value = m.cost_usd;
  $("baseline-total").textContent = usd(m.baseline_cost_usd);
  $("saving-total").textContent = usd(m.saving_usd);
  $("requests").textContent = m.requests;
  $("failed").textContent = m.failed_requests;
  $("escalation-rate").textContent = pct(m.escalation_rate);
  $("fallback-rate").textContent = pct(m.fallback_rate);
  $("p50").textContent = secs(m.latency_seconds.p50);
  $("p95").textContent = secs(m.latency_seconds.p95);
  $("p99").textContent = secs(m.latency_seconds.p99);
  $("cache-hit-rate").textContent = pct(m.cache_hit_rate);
  $("cache-hits").textContent = m.cache_hits;
  $("cache-saved").textContent = usd(m.cache_saved_usd);
}

function tierChart(points) {
  const svg = $("tier-chart");
  svg.replaceChildren();
  const W = 720, H = 180, left = 36, bottom = 20;
  const max = Math.max(1, ...points.map((p) => TIERS.reduce((a, t) => a + (p[t] || 0), 0)));
  el("line", { x1: left, y1: H - bottom, x2: W, y2: H - bottom, stroke: "#ccd" }, svg);
  el("text", { x: 2, y: 12, "font-size": 10, fill: "#667" }, svg).textContent = max;
  const n = Math.max(points.length, 1), bw = (W - left) / n;
  points.forEach((p, i) => {
    let y = H - bottom;
    for (const t of TIERS) {
      const h = ((p[t] || 0) / max) * (H - bottom - 8);
      if (h > 0) {
        el("rect", { x: left + i * bw + 1, y: y - h, width: Math.max(bw - 2, 1), height: h, fill: color(t) }, svg)
          .appendChild(document.createElementNS(SVG, "title")).textContent = p.minute + " " + t + ": " + p[t];
        y -= h;
      }
    }
    if (i === 0 || i === points.length - 1) {
      el("text", { x: left + i * bw, y: H - 4, "font-size": 10, fill: "#667" }, svg).textContent = p.minute.slice(11, 16);
    }
  });
  $("tier-legend").innerHTML = TIERS.map((t) => `<span><i class="t-${t}"></i>${t}</span>`).join("");
}

function driftChart(d) {
  const svg = $("drift-chart");
  svg.replaceChildren();
  ["simple", "medium", "complex"].forEach((t, i) => {
    const y = 10 + i * 45;
    el("text", { x: 0, y: y + 14, "font-size": 11, fill: "#334" }, svg).textContent = t;
    el("rect", { x: 60, y, width: 250 * (d.last_hour_share[t] || 0), height: 14, fill: color(t) }, svg);
    el("rect", { x: 60, y: y + 17, width: 250 * (d.reference_share[t] || 0), height: 10, fill: color(t), opacity: 0.4 }, svg);
  });
  $("drift-text").textContent = d.reference_ready
    ? `distance ${d.tier_distance.toFixed(2)} · confidence ${d.last_hour_confidence.toFixed(2)} vs ${d.reference_confidence.toFixed(2)} (pale: reference)`
    : `reference forms over the first hour · ${d.last_hour_requests} classified, confidence ${d.last_hour_confidence.toFixed(2)}`;
}

function budgets(b) {
  if (!b.available || b.keys.length === 0) { $("budgets").textContent = b.note; return; }
  $("budgets").innerHTML = b.keys.map((k) => `<div>${k.key_id}: ${usd(k.remaining_usd)} left</div>`).join("");
}

function text(s) {
  const d = document.createElement("div");
  d.textContent = s == null ? "" : String(s);
  return d.innerHTML;
}

async function decisions() {
  const list = await getJson("/admin/dashboard/decisions?limit=25");
  const body = document.querySelector("#decisions tbody");
  body.replaceChildren();
  for (const r of list.data) {
    const tr = document.createElement("tr");
    tr.dataset.requestId = r.request_id;
    tr.innerHTML = [r.received_at.slice(11, 19), r.feature || "", r.routed_tier || "", r.model || "",
      r.status, r.cache, r.attempts, r.escalations, usd(r.cost_usd), r.latency_ms]
      .map((v, i) => `<td${i === 4 && v >= 400 ? ' class="bad"' : ""}>${text(v)}</td>`).join("");
    tr.addEventListener("click", () => openPath(r.request_id, tr));
    body.appendChild(tr);
  }
}

async function openPath(id, tr) {
  document.querySelectorAll("#decisions tr.selected").forEach((x) => x.classList.remove("selected"));
  tr.classList.add("selected");
  const p = await getJson("/admin/dashboard/decisions/" + encodeURIComponent(id));
  $("path-id").textContent = id;
  const attempts = p.attempt_list.map((a) => `<tr><td>${a.seq}</td><td>${text(a.purpose)}</td><td>${text(a.model)}</td>
    <td>${text(a.tier)}</td><td>${text(a.outcome)}${a.error_kind ? " (" + text(a.error_kind) + ")" : ""}</td>
    <td>${a.accepted == null ? "–" : a.accepted ? "accepted" : "rejected"}</td><td>${text(a.verdict || "")}</td>
    <td>${usd(a.cost_usd)}</td><td>${a.latency_ms}</td></tr>`).join("");
  const esc = p.escalation_list.map((e) => `<li>${text(e.from)} → ${text(e.to)} (${text(e.cause)}): ${text(e.reason)}</li>`).join("");
  $("path-body").innerHTML = `<p>classifier <b class="classifier">${text(p.classifier || "–")}</b>,
    score <b>${p.score == null ? "–" : p.score.toFixed(3)}</b>, confidence <b>${p.confidence == null ? "–" : p.confidence.toFixed(3)}</b>,
    routed to <b>${text(p.routed_tier || "–")}</b> (${text(p.route_reason || "")}), answered by <b>${text(p.model || "nobody")}</b>,
    status ${p.status}, cost <b>${usd(p.cost_usd)}</b> (baseline ${usd(p.baseline_cost_usd)}), cache ${text(p.cache)}</p>
    <p class="muted">${text(p.prompt_preview)}</p>
    <table class="attempts"><thead><tr><th>#</th><th>purpose</th><th>model</th><th>tier</th><th>outcome</th>
    <th>verdict</th><th>details</th><th>cost</th><th>ms</th></tr></thead><tbody>${attempts}</tbody></table>
    ${esc ? "<h2>Escalations</h2><ul>" + esc + "</ul>" : ""}`;
  $("path").hidden = false;
}

async function refresh() {
  try {
    const s = await getJson("/admin/dashboard/summary");
    cards(s);
    tierChart(s.tier_mix_over_time);
    driftChart(s.metrics.drift);
    budgets(s.budgets);
    await decisions();
    $("updated").textContent = "updated " + new Date(s.at).toLocaleTimeString();
    document.body.dataset.loaded = "true";
  } catch (e) {
    $("updated").textContent = "error: " + e.message;
  }
}

$("path-close").addEventListener("click", () => { $("path").hidden = true; });
refresh();
setInterval(refresh, 5000);
