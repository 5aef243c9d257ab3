#!/usr/bin/env python3
"""jfr-summary.py FILE.jfr [TOP]: a JFR recording of `ladder serve` (bench/profile-routed.sh) summarised as Markdown,
for docs/profiles/ (issue 16): CPU (jdk.ExecutionSample) and allocation (jdk.ObjectAllocationSample, by sampled
weight), each as top frames (self), by nearest dev.ladder frame (Ladder code plus the library code it calls directly),
inclusive per dev.ladder method, and CPU by step of the request (the innermost step of a fixed list of milestones on
the stack: reading the body, each pipeline stage, the upstream call, finishing the exchange, the decision-log writer,
the HTTP client's selector thread). Needs python3 and the JDK's `jfr` tool (JAVA_HOME). Parsed events are cached
next to the recording (FILE.jfr.<event>.pkl)."""
import json, subprocess, sys, os, collections, pickle
f = sys.argv[1]; top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "jfr")
def load(ev):
    cache = f + "." + ev + ".pkl"
    if os.path.exists(cache):
        return pickle.load(open(cache, "rb"))
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "96", "--events", ev, f], capture_output=True, text=True, check=True).stdout
    res = []
    for e in json.loads(out)["recording"]["events"]:
        st = e["values"].get("stackTrace")
        if not st: continue
        frames = [(x["method"]["type"]["name"].replace("/", ".") + "." + x["method"]["name"]) for x in st["frames"]]
        frames = [fr.split("$$Lambda")[0] + ".lambda" if "$$Lambda" in fr else fr for fr in frames]
        res.append((int(e["values"].get("weight", 1)), frames))
    pickle.dump(res, open(cache, "wb"))
    return res
def agg(events):
    selfc = collections.Counter(); incl = collections.Counter(); near = collections.Counter(); total = 0
    for w, frames in events:
        if not frames: continue
        total += w
        selfc[frames[0]] += w
        for n in set(frames): incl[n] += w
        ours = next((n for n in frames if n.startswith("dev.ladder.") and not n.endswith(".lambda")), "(no dev.ladder frame)")
        near[ours] += w
    return selfc, incl, near, total
def table(title, c, total, bytes_=False):
    print(f"\n### {title}\n\n| % | {'sampled MiB' if bytes_ else 'samples'} | frame |\n|---:|---:|---|")
    for n, v in c.most_common(top):
        vv = f"{v/1048576:.0f}" if bytes_ else str(v)
        print(f"| {100*v/total:.1f} | {vv} | `{n}` |")
# milestones for the CPU-by-step table, innermost first wins
STEPS = ["ChatCompletionsHandler.readBody","FrontDoor$1.parse","KeyGate","Contexts.of","RequestIds.next","ladder.pipeline.Exchange.<init>","RulesStage.handle","ClassifyStage.handle","RouteStage.handle","StrategyStage.handle","TierDefaultsStage.handle","CapableDeploymentsStage.handle","UpstreamStage.handle","DeploymentCaller.call","OpenAiProvider.request","HttpUpstream.send","ladder.wire.Json.read","OpenAiJson.parseResponse","ladder.pipeline.Exchange.settle","ladder.pipeline.Exchange.finish","ChatCompletionsHandler.writeComplete","ladder.wire.Json.writeBytes","writeLadderHeaders","GatewayEvents$2.requestStarted","Pipeline.execute","ChatCompletionsHandler.handle","Guard","Http1Connection.handle","BatchWriter.run","SelectorManager","Continuation.enterSpecial"]

def steps(events):
    c = collections.Counter(); t = 0
    for w, fr in events:
        t += w
        c[next((m for x in fr for m in STEPS if m in x), "other")] += w
    return c, t

for ev, title, b in (("jdk.ExecutionSample", "CPU", False), ("jdk.ObjectAllocationSample", "Allocation", True)):
    s, i, n, t = agg(load(ev))
    print(f"\n## {title}: {t if not b else round(t/1048576)} {'samples' if not b else 'MiB sampled weight'} ({ev})")
    table(f"{title}, top frames (self)", s, t, b)
    table(f"{title}, by nearest dev.ladder frame (self time of Ladder code and the libraries it calls directly)", n, t, b)
    table(f"{title}, inclusive, dev.ladder methods", collections.Counter({k: v for k, v in i.items() if k.startswith("dev.ladder.") and not k.endswith(".lambda")}), t, b)

c, t = steps(load("jdk.ExecutionSample"))
table("CPU by step of the request (innermost milestone on the stack)", c, t)
