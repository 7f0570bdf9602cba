#!/usr/bin/env bash
# Control-plane benchmark of plemu (issue 9): starts `scripts/plemu up` (the embedded default) on a
# fresh data directory, creates interface endpoints through the API with the harness's cpload mode
# (serially and from 10 clients, Describe latencies), reads the JVM heap after a full GC and the data
# directory's size at each world size, keeps the results in scripts/bench/results/controlplane/ and
# rewrites docs/PERFORMANCE.md. Everything it starts is stopped on exit; all traffic is on 127.0.0.1;
# the load is bounded by the endpoint count and by time.
set -euo pipefail

SELF=$(readlink -f -- "${BASH_SOURCE[0]}")
BENCH=$(dirname -- "$SELF")
ROOT=$(cd -- "$BENCH/../.." && pwd -P)
RESULTS=$BENCH/results
REPORT=$ROOT/docs/PERFORMANCE.md

usage() {
  cat <<EOF2
usage: scripts/bench/controlplane.sh [--quick] [--endpoints N] [--marks LIST] [--keep-tmp]
       scripts/bench/controlplane.sh --report-only

  (default)      5,000 endpoints; measures at the 1st, 100th, 1,000th and 5,000th
  --quick        1,000 endpoints; measures at the 1st, 100th and 1,000th (results: partial-controlplane/)
  --endpoints N  at most N endpoints; --marks LIST: the world sizes to measure at (comma-separated)
  --keep-tmp     keep the temporary directory (plemu's log, the harness's output)
  --report-only  rewrite docs/PERFORMANCE.md from scripts/bench/results/ without measuring
Environment: PLEMU_JAVA_OPTS is passed to plemu (recorded with the results).
EOF2
}

ENDPOINTS=5000 MARKS=1,100,1000,5000 KIND=controlplane KEEP_TMP=0 REPORT_ONLY=0
while (($#)); do
  case $1 in
    --quick) ENDPOINTS=1000 MARKS=1,100,1000 KIND=partial-controlplane ;;
    --endpoints) ENDPOINTS=$2; KIND=partial-controlplane; shift ;;
    --marks) MARKS=$2; KIND=partial-controlplane; shift ;;
    --keep-tmp) KEEP_TMP=1 ;;
    --report-only) REPORT_ONLY=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

die() { echo "controlplane.sh: $*" >&2; exit 1; }
for c in java javac jcmd curl du; do command -v "$c" >/dev/null || die "$c is missing"; done

TMP=$(mktemp -d /tmp/plemu-cp-bench.XXXXXX)
CLS=$TMP/classes
PLEMU_PID=""
cleanup() {
  [[ -n $PLEMU_PID ]] && kill "$PLEMU_PID" 2>/dev/null && wait "$PLEMU_PID" 2>/dev/null || true
  if ((KEEP_TMP)); then echo "kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

javac -nowarn -d "$CLS" "$BENCH"/harness/bench/*.java || die "the harness does not compile"
report() {
  java -cp "$CLS" bench.Main report --dir "$RESULTS" --out "$REPORT" --analysis "$BENCH/analysis.md" >&2
}
if ((REPORT_ONLY)); then report; exit 0; fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
START=$(date -u +%s)
"$ROOT/scripts/plemu" up --fresh --data-dir "$TMP/data" --api-port "$PORT" >"$TMP/plemu.log" 2>&1 &
PLEMU_PID=$!
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "$PLEMU_PID" 2>/dev/null || die "plemu stopped: $(tail -5 "$TMP/plemu.log")"
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/health" >/dev/null || die "plemu did not become healthy"
JPID=$PLEMU_PID   # scripts/plemu execs java

mkdir -p "$TMP/sync"
timeout --kill-after=10 10800 java -Xmx256m -cp "$CLS" bench.Main cpload --api "http://127.0.0.1:$PORT" \
  --provider dev-provider --consumer dev-consumer --consumer-account 222222222222 --operator dev-operator \
  --endpoints "$ENDPOINTS" --marks "$MARKS" --sync "$TMP/sync" --max-seconds 10800 >"$TMP/cpload.out" 2>&1 &
HARNESS=$!
: >"$TMP/results.txt"
measured=""
while kill -0 "$HARNESS" 2>/dev/null || compgen -G "$TMP/sync/*.ready" >/dev/null; do
  for ready in "$TMP"/sync/*.ready; do
    [[ -e $ready ]] || continue
    mark=$(basename "$ready" .ready)
    [[ " $measured " == *" $mark "* ]] && continue
    jcmd "$JPID" GC.run >/dev/null 2>&1 || true
    used_k=$(jcmd "$JPID" GC.heap_info 2>/dev/null | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); print v; exit } }')
    dir_b=$(du -sb "$TMP/data" | cut -f1)
    line=$(grep "^RESULT mark=${mark#mark-} " "$TMP/cpload.out" | tail -1 || true)
    echo "$line heap_used_mb=$((used_k / 1024)) data_dir_mb=$((dir_b / 1048576))" >>"$TMP/results.txt"
    echo "$line heap_used_mb=$((used_k / 1024)) data_dir_mb=$((dir_b / 1048576))" >&2
    measured="$measured $mark"
    touch "$TMP/sync/$mark.done"
    rm -f "$ready"
  done
  sleep 1
done
wait "$HARNESS" || { tail -20 "$TMP/cpload.out" >&2; die "the harness failed"; }

OUT=$RESULTS/$KIND
mkdir -p "$OUT"
cp "$TMP/results.txt" "$OUT/results.txt"
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- shared nodes 2>/dev/null || echo ' (working tree modified)')"
  echo "machine=$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "plemu JVM=$(tr '\0' ' ' </proc/$JPID/cmdline | sed 's/ -jar .*//')"
  echo "endpoints=$ENDPOINTS, marks $MARKS"
  echo "load average at end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "run time=$(( $(date -u +%s) - START )) s"
} >"$OUT/meta.txt"
echo "results in $OUT" >&2
report
