#!/usr/bin/env bash
# One timed defence through the product: a fresh `mesa dev` (the default layout) on a fresh store, then
# `mesa run INPUT` under /usr/bin/time, from submission to result.
#   bench/defence-timed.sh NAME INPUT [OUT_DIR] [STORE_ROOT]
# Writes OUT_DIR/NAME.txt (CPU, OpenMP settings, the result with its stage times, time's figures; progress lines
# dropped) and OUT_DIR/NAME.report.md (the defence's report). The launcher is worker/target/mesa/bin/mesa unless
# MESA_DIST names another distribution (a copy, so rebuilding cannot change the jars under a running run).
# MESA_STORE_FROM=DIR starts from a copy of the store DIR instead of an empty one (a "detection": "full" run after
# a scan run then resumes the scan's checkpoints, as a user's second submission would).
# OpenMP settings pass through: OMP_WAIT_POLICY=ACTIVE bench/defence-timed.sh ...
# On a VM the host can take CPU time away (steal time); the log ends with the share of CPU time stolen during the
# run, from /proc/stat, because a run with steal is slower for reasons outside mesa, and with the share the cores
# were busy (user, nice, system, irq, softirq): how much a better schedule could still gain on this machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name=$1; input=$2; out=${3:-$here/results}; stores=${4:-${TMPDIR:-/tmp}/mesa-timed-stores}
dist=${MESA_DIST:-$here/../worker/target/mesa}
store=$stores/$name
rm -rf "$store"; mkdir -p "$out" "$stores"
if [ -n "${MESA_STORE_FROM:-}" ]; then cp -a "$MESA_STORE_FROM" "$store"; fi
log=$out/$name.txt; dev_log=$(mktemp)
# /proc/stat's first line: cpu user nice system idle iowait irq softirq steal ...
cpu_times() { awk '/^cpu /{t=0; for (i=2; i<=9; i++) t+=$i; print t, $9, $2 + $3 + $4 + $7 + $8}' /proc/stat; }
read -r total0 steal0 busy0 < <(cpu_times)
echo "start $(date -u +%FT%TZ) input=$(basename "$input") cpu=$(lscpu | sed -n 's/^Model name: *//p') cores=$(nproc)" \
  "OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-launcher default} GOMP_SPINCOUNT=${GOMP_SPINCOUNT:-unset}" \
  "store_from=${MESA_STORE_FROM:-empty}" > "$log"
"$dist/bin/mesa" dev --store "$store" > "$dev_log" 2>&1 &
dev=$!
trap 'kill $dev 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "Ctrl-C to stop" "$dev_log" && break; sleep 1; done
/usr/bin/time -v "$dist/bin/mesa" run "$input" 2>&1 | tr '\r' '\n' | grep -av '^defense/' >> "$log" || true
echo "end $(date -u +%FT%TZ)" >> "$log"
read -r total1 steal1 busy1 < <(cpu_times)
awk -v t=$((total1 - total0)) -v s=$((steal1 - steal0)) -v b=$((busy1 - busy0)) \
  'BEGIN { printf "steal: %.1f%% of CPU time during the run; cores busy: %.1f%%\n", (t > 0 ? 100 * s / t : 0), (t > 0 ? 100 * b / t : 0) }' >> "$log"
echo "units run wide: $(grep -c 'runs alone in its stage' "$dev_log" || true)" >> "$log"
id=$(sed -n 's/.*"defenseId": *"\([^"]*\)".*/\1/p' "$input")
cp "$store/reports/defense/$id/report.md" "$out/$name.report.md" 2>/dev/null || echo "no report for $id" >> "$log"
kill $dev 2>/dev/null || true; wait $dev 2>/dev/null || true
rm -f "$dev_log"
