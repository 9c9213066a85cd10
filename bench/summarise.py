#!/usr/bin/env python3
"""Prints the markdown tables of docs/RESULTS.md from bench/results/*.json (no numbers are typed by hand).

    bench/summarise.py bench/results/defence-*.json
"""
import json
import re
import sys


def pct(x):
    return f"{100 * x:.1f}"


def defence(path):
    d = json.load(open(path))
    m = d["machine"]
    print(f"### `{path}`\n\n{m['date'][:10]}, {m['cpu']}, {m['cores']} cores, torch threads {m['torchThreads']}, "
          f"peak RSS {d['peakRssMiB'] / 1024:.1f} GiB. Command: `{d['command']}`\n")
    for t in d["triggers"]:
        det = t["detection"]
        head = (f"**Trigger {t['trigger']}** (before: clean accuracy {pct(t['before']['cleanAccuracy'])}%, "
                f"ASR {pct(t['before']['asr'])}%).")
        if isinstance(det, str):
            print(f"{head} Detection: {det}.\n")
        else:
            print(f"{head} Detection flags {det['attackedClasses']} "
                  f"(median sample ASR {pct(det['medianAsr'])}%, MAD {det['mad']:.4f}):\n")
            print("| class | " + " | ".join(str(c["targetClass"]) for c in det["perClass"]) + " |")
            print("|---|" + "---|" * len(det["perClass"]))
            print("| sample ASR % | " + " | ".join(pct(c["sampleAsr"]) for c in det["perClass"]) + " |")
            print("| anomaly index | " + " | ".join(f"{c['anomalyIndex']:.1f}" for c in det["perClass"]) + " |")
            print("| flagged | " + " | ".join("**yes**" if c["flagged"] else "no" for c in det["perClass"]) + " |\n")
        print("| sub-model β | E[F(G(z))] | sample ASR % | MI estimate | diversity | skipped (E[F] < β) |")
        print("|---|---|---|---|---|---|")
        for s in t["staircase"]:
            print(f"| {s['beta']} | {s['meanTestingFunction']:.3f} | {pct(s['sampleAsr'])} | "
                  f"{s['mutualInformation']:.2f} | {s['diversity']:.2f} | {'yes' if s['skipped'] else 'no'} |")
        print("\n| defence | ASR after % | clean acc after % | Δ clean acc (pt) | DER |")
        print("|---|---|---|---|---|")
        before = t["before"]["cleanAccuracy"]
        for v in t["variants"]:
            name = v["variant"] + (" (skipped β, for reference)" if v.get("skipped") else "")
            print(f"| {name} | {pct(v['asr'])} | {pct(v['cleanAccuracy'])} | "
                  f"{100 * (v['cleanAccuracy'] - before):+.2f} | {v['der']:.3f} |")
        secs = t["stageSeconds"]
        print("\nStage wall time (s): " + ", ".join(f"{k} {v:.0f}" for k, v in secs.items())
              + f"; total {sum(secs.values()) / 60:.0f} min.\n")


def summary(paths):
    print("| trigger (model) | ASR before | flagged | MESA β=0.5 / 0.8 / 0.9 / ensemble | baseline k0 / k1 / k2 | ideal "
          "| clean acc before → after (range) |")
    print("|---|---|---|---|---|---|---|")
    for path in paths:
        d = json.load(open(path))
        for t in d["triggers"]:
            v = {x["variant"]: x for x in t["variants"]}
            mesa = " / ".join(pct(v[k]["asr"]) + ("*" if v[k].get("skipped") else "")
                              for k in ("mesa-beta-0.5", "mesa-beta-0.8", "mesa-beta-0.9", "mesa-ensemble"))
            base = " / ".join(pct(v[k]["asr"]) for k in sorted(v) if re.fullmatch(r"baseline-k\d+", k)) or "–"
            accs = [x["cleanAccuracy"] for x in t["variants"]]
            model = d["command"].split("--model-suffix ")[1].split()[0] if "--model-suffix" in d["command"] else "10 epochs"
            flagged = "(skipped)" if isinstance(t["detection"], str) else t["detection"]["attackedClasses"]
            print(f"| {t['trigger']} ({model}) | {pct(t['before']['asr'])} | {flagged} | {mesa} "
                  f"| {base} | {pct(v['ideal']['asr'])} | {pct(t['before']['cleanAccuracy'])} → "
                  f"{pct(min(accs))}-{pct(max(accs))} |")
    print("\n(ASR and clean accuracy in %, on the 2,000-image evaluation split; * = a β level skipped by "
          "Algorithm 1's rule, retrained for reference.)\n")
    authors(paths)


def rounds(v, pattern):
    asr = [v[k]["asr"] for k in v if re.fullmatch(pattern, k)]
    return f"{pct(sum(asr) / len(asr))} / {pct(max(asr))} ({len(asr)})" if asr else "–"


def authors(paths):
    """The authors' ensemble and baseline beside mesa's, for runs made with DefenseBenchmark --reference."""
    rows = []
    for path in paths:
        d = json.load(open(path))
        for t in d["triggers"]:
            v = {x["variant"]: x for x in t.get("variants", [])}
            if "mesa-ensemble-reference-cycle" not in v and not any(k.startswith("baseline-reference-") for k in v):
                continue
            ref = v.get("mesa-ensemble-reference-cycle")
            rows.append(f"| {t['trigger']} | {pct(v['mesa-ensemble']['asr']) if 'mesa-ensemble' in v else '–'} | "
                        f"{pct(ref['asr']) if ref else '–'} | {rounds(v, r'baseline-k[0-9]+')} | "
                        f"{rounds(v, r'baseline-reference-k[0-9]+')} | {pct(v['ideal']['asr'])} |")
    if rows:
        print("| trigger | uniform ensemble | authors' ensemble (reference cycle) | mesa's baseline mean / worst "
              "(rounds) | authors' baseline mean / worst (rounds) | ideal |")
        print("|---|---|---|---|---|---|")
        print("\n".join(rows) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "--summary":
        summary(sys.argv[2:])
    else:
        for p in sys.argv[1:]:
            defence(p)
