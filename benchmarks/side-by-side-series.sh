#!/usr/bin/env bash
# A series of side-by-side runs (bench --side-by-side), pooled per row: the reading that resolves 1-2%
# between Mephisto and its hand-written twin on a shared machine, and between two builds.
#
#   benchmarks/side-by-side-series.sh [--runs 5] [--aa] [--out DIR] JAR [JAR...] [-- harness flags...]
#   benchmarks/side-by-side-series.sh --pool DIR
#
# Each run is one harness JVM: `java -jar JAR --side-by-side --records 600000 --reps 3 --warmup 1
# --latency-sample 0` plus the harness flags given after `--` (such as `--only passthrough
# --input-request-ids`). Runs alternate between the jars (A, B, A, B, ...), so the machine's slow
# moments fall on every jar alike. --aa adds, after each jar's run, an A/A run of the first jar
# (`--twin-against-itself`): its ratios should pool to 1.00, and their spread is what this machine
# resolves. Logs go to DIR (default /tmp/side-by-side-series), one per run, named LABEL-N.log, where
# LABEL is the jar's file name without .jar (JAR-1, JAR-2... when two jars share a name).
#
# The pooled summary, per label and row: the repetitions (warm-ups left out), and the median and 90%
# interval of the per-repetition stream-thread CPU ratio, hand-written over Mephisto (above 1:
# Mephisto costs less). --pool DIR prints it again for logs already there.
set -euo pipefail

pool() {
  local dir=$1
  compgen -G "$dir/*.log" > /dev/null || { echo "side-by-side-series.sh: no run logs (*.log) in $dir" >&2; exit 2; }
  # per measured repetition and row: "LABEL ROW RATIO", from the rows' `thr us/r` column
  for log in "$dir"/*.log; do
    label=$(basename "$log" .log); label=${label%-*}
    awk -v label="$label" '
      $1 ~ /^[0-9]+$/ && / side by side, / && $2 ~ /-(streams|mephisto)$/ {
        row = $2; side = row; sub(/-(streams|mephisto)$/, "", row); sub(/.*-/, "", side)
        for (i = NF; i > 0; i--) if ($i == "side") { thr = $(i - 1); break }
        cpu[$1 " " row " " side] = thr; rows[$1 " " row] = row
      }
      END {
        for (key in rows) {
          s = cpu[key " streams"]; m = cpu[key " mephisto"]
          if (s > 0 && m > 0) printf "%s %s %.4f\n", label, rows[key], s / m
        }
      }' "$log"
  done | sort -k1,1 -k2,2 -k3,3n | awk '
    function flush() {
      if (n == 0) return
      median = n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
      printf "%-28s %-22s %5d %8.3f   %.3f-%.3f\n", last1, last2, n, median, r[int(0.05 * (n - 1)) + 1], r[int(0.95 * (n - 1) + 0.5) + 1]
      n = 0; rows++
    }
    BEGIN { printf "%-28s %-22s %5s %8s   %s\n", "label", "row", "reps", "median", "90% interval" }
    $1 != last1 || $2 != last2 { flush(); last1 = $1; last2 = $2 }
    { r[++n] = $3 }
    END { flush(); if (!rows) print "(no side-by-side repetitions in these logs: a run that failed says why in its log)" }'
}

runs=5; aa=false; out=/tmp/side-by-side-series
while [[ $# -gt 0 && $1 == --* && $1 != -- ]]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --aa) aa=true; shift ;;
    --out) out=$2; shift 2 ;;
    --pool) [[ $# -ge 2 ]] || { echo "side-by-side-series.sh: --pool needs the folder of the logs" >&2; exit 2; }
      pool "$2"; exit 0 ;;
    *) echo "side-by-side-series.sh: unknown option '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
jars=(); while [[ $# -gt 0 && $1 != -- ]]; do jars+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
[[ ${#jars[@]} -gt 0 ]] || { echo "side-by-side-series.sh: no harness jar given (benchmarks/target/mephisto-benchmarks.jar)" >&2; exit 2; }
for jar in "${jars[@]}"; do
  [[ -f $jar ]] || { echo "side-by-side-series.sh: no such jar: $jar" >&2; exit 2; }
done

labels=()
for i in "${!jars[@]}"; do
  label=$(basename "${jars[$i]}" .jar)
  for other in "${!jars[@]}"; do
    [[ $other != "$i" && $(basename "${jars[$other]}" .jar) == "$label" ]] && label="$label-$((i + 1))"
  done
  labels+=("$label")
done

mkdir -p "$out"
for run in $(seq 1 "$runs"); do
  for i in "${!jars[@]}"; do
    log="$out/${labels[$i]}-$run.log"
    echo "run $run/$runs: ${labels[$i]} -> $log"
    java ${JAVA_OPTS:-} -jar "${jars[$i]}" --side-by-side --records "${RECORDS:-600000}" --reps 3 --warmup 1 \
        --latency-sample 0 "$@" > "$log" 2>&1 || echo "  (exit $?; see the log)"
    if $aa && [[ $i == 0 ]]; then
      log="$out/aa-${labels[0]}-$run.log"
      echo "run $run/$runs: A/A of ${labels[0]} -> $log"
      java ${JAVA_OPTS:-} -jar "${jars[0]}" --side-by-side --twin-against-itself --records "${RECORDS:-600000}" \
          --reps 3 --warmup 1 --latency-sample 0 "$@" > "$log" 2>&1 || echo "  (exit $?; see the log)"
    fi
  done
done
echo
pool "$out"
