#!/usr/bin/env bash
# The worker layout on this machine: N training units (N = cores) one at a time on N torch threads ("threads",
# the worker's default: one activity slot) against N units side by side on 1 thread each ("slots": N slots),
# interleaved for --rounds rounds, each run in a fresh JVM as a worker would be. Records every run (with machine,
# date, per-unit images/s and weight digests) in one JSON file and prints the median wall time of each layout.
#   bench/layout.sh --rounds 3 --work retrain                       # synthetic images, random weights
#   bench/layout.sh --rounds 3 --work search --data cifar --model bench/work/core/clean-compact-w32-e30-bw186-t0-asr95.mesa-model
# Run it on an otherwise idle machine. Equal digests of a unit across layouts mean bit-identical results.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds=3
out="$here/results/layout-$(date +%F).json"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
cores="$(nproc)"
mkdir -p "$(dirname "$out")"
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds: threads ($cores units one at a time, $cores torch threads)" >&2
  MESA_THREADS="$cores" "$here/run" LayoutBenchmark --units "$cores" --concurrent 1 --append "$out" "${args[@]}" >/dev/null
  echo "round $round/$rounds: slots ($cores units side by side, 1 torch thread each)" >&2
  MESA_THREADS=1 "$here/run" LayoutBenchmark --units "$cores" --concurrent "$cores" --append "$out" "${args[@]}" >/dev/null
done
python3 - "$out" <<'PY'
import json, statistics, sys
runs = json.load(open(sys.argv[1]))
by = {}
for r in runs:
    by.setdefault((r["work"], r["data"], r["concurrent"], r["torchThreads"]), []).append(r)
for (work, data, concurrent, threads), rs in sorted(by.items()):
    wall = statistics.median(r["wallSeconds"] for r in rs)
    ips = statistics.median(r["imagesPerSecond"] for r in rs)
    digests = sorted({u["weightsSha256"][:12] for r in rs for u in r["perUnit"]})
    print(f"{work:8} {concurrent} at a time x {threads} thread(s): median wall {wall:7.1f} s, {ips:7.1f} img/s"
          f" over {len(rs)} run(s); weights {digests}")
PY
echo "wrote $out" >&2
