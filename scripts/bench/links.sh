#!/usr/bin/env bash
# Accuracy of the links' timer (issue 10, "Accurate timing": a delay from 0.1 ms to 10 s held with a
# median error of at most 2 % + 0.2 ms): runs scripts/bench/links/TimerAccuracy.java against the plemu
# jar (the PreciseTimer alone, a latency stage in a Pekko stream on the data-plane dispatcher, and
# Pekko's scheduler for comparison) and keeps the table in scripts/bench/results/timer/ (results.md,
# results.tsv, meta.txt). It starts no server and opens no socket; one JVM, about a minute and a half.
set -euo pipefail

SELF=$(readlink -f -- "${BASH_SOURCE[0]}")
BENCH=$(dirname -- "$SELF")
ROOT=$(cd -- "$BENCH/../.." && pwd -P)
JAR=$ROOT/nodes/target/plemu.jar

usage() {
  cat <<EOF2
usage: scripts/bench/links.sh [--quick] [--build]
  (default)  1000 / 1000 / 500 / 200 samples at 0.1 / 0.5 / 1 / 5 ms, 200 at 40, 80 and 500 ms, 60 at 10 s
             (results: scripts/bench/results/timer/)
  --quick    a fifth of the samples, 10 at 10 s (results: scripts/bench/results/partial-timer/)
  --build    package the jar first (mvn -B -q -o -DskipTests package), even if it exists
EOF2
}

QUICK=0 BUILD=0
while (($#)); do
  case $1 in
    --quick) QUICK=1 ;;
    --build) BUILD=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
OUT=$BENCH/results/timer
((QUICK)) && OUT=$BENCH/results/partial-timer

if ((BUILD)) || [[ ! -f $JAR ]]; then
  (cd "$ROOT" && mvn -B -q -o -DskipTests package)
fi

mkdir -p "$OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$SECONDS
ARGS=(--out "$OUT")
((QUICK)) && ARGS+=(--quick)
java --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -Xmx512m \
  -cp "$JAR" "$BENCH/links/TimerAccuracy.java" "${ARGS[@]}"

{
  printf 'kind=%s\n' "$( ((QUICK)) && echo partial-timer || echo timer)"
  printf 'date=%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'commit=%s%s\n' "$(git -C "$ROOT" rev-parse --short HEAD)" \
    "$([[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no) ]] && echo ' (working tree modified)')"
  printf 'machine=%s vCPU, %s\n' "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  printf 'kernel=%s\n' "$(uname -r)"
  printf 'java=%s\n' "$(java -version 2>&1 | head -1)"
  printf 'load=%s -> %s\n' "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'elapsed=%s s\n' "$((SECONDS - START))"
  printf 'method=error = when the task ran (timer) or the chunk left the stage (stage) minus when it was due; '
  printf 'one JVM, data-plane dispatcher (2 threads), plemu.links.timer.spin from reference.conf\n'
} >"$OUT/meta.txt"
echo "results in ${OUT#"$ROOT"/}" >&2
