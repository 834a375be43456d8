#!/usr/bin/env bash
# Payments per stream thread, as CPU: how many microseconds of its one stream thread a payments
# worker spends per payment, so 1e6 / that = payments/s one thread can carry when it has a core to
# itself. CPU time does not count the time a thread waits for a core, so two builds compared on a
# loaded machine still give a fair ratio where their rates would not.
#
#   benchmarks/payments-cpu.sh [--rate 1000] [--seconds 20] [--pairs 3] [--sim SIM.jar]
#       [--before-flags "FLAGS"] [--after-flags "FLAGS"] BEFORE.jar AFTER.jar [worker flags...]
#
# Worker flags after the jars go to both; --before-flags / --after-flags (split on spaces) to one
# side only: one jar twice, with and without a setting (--after-flags "--config fetch.properties").
#
# BEFORE/AFTER: payments fat jars (payments-example/target/mephisto-payments.jar, copied out under a
# name). Each session starts one worker JVM of a jar (its own embedded broker, one stream thread,
# 3 partitions, exactly-once unless worker flags say otherwise), warms it up with 10 s of simulate at
# 1,000/s, reads every thread's CPU (`jcmd PID Thread.print`, cpu=...ms) and the JVM's (/proc/PID/stat),
# runs `simulate --rate R --duration S --seed 1` with one simulator jar (SIM, default AFTER) for
# every session, reads them again once simulate saw every payment settled, and prints per payment:
#   stream us/p   the StreamThread-N threads' CPU (the thread that runs the topology)
#   clients us/p  their Kafka clients' threads (producer network thread, heartbeat), state updater
#   jvm us/p      the whole worker JVM: broker, GC and JIT included
# and the simulate report's settled rate and latency. Sessions alternate BEFORE, AFTER, AFTER, BEFORE, ...
# (--pairs pairs); the summary gives each jar's medians and before/after of the stream medians: the
# per-thread multiple. Logs go to ${PAYCPU_DIR:-/tmp/payments-cpu}.
set -euo pipefail
rate=1000; secs=20; pairs=3; sim=; before_flags=; after_flags=
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --rate) rate=$2; shift 2 ;;
    --seconds) secs=$2; shift 2 ;;
    --pairs) pairs=$2; shift 2 ;;
    --sim) sim=$(readlink -f "$2"); shift 2 ;;
    --before-flags) before_flags=$2; shift 2 ;;
    --after-flags) after_flags=$2; shift 2 ;;
    *) echo "unknown option $1 (--rate, --seconds, --pairs, --sim, --before-flags, --after-flags)" >&2; exit 2 ;;
  esac
done
[[ $# -ge 2 ]] || { sed -n '2,24p' "$0"; exit 2; }
before=$(readlink -f "$1"); after=$(readlink -f "$2"); shift 2
sim=${sim:-$after}
logs=${PAYCPU_DIR:-/tmp/payments-cpu}; mkdir -p "$logs"
results="$logs/results-$(date +%H%M%S).tsv"
free_ports() { python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]; print(*[x.getsockname()[1] for x in s])'; }

# thread cpu (ms) per "name#number" from a thread dump
threads() { jcmd "$1" Thread.print 2>/dev/null | awk '/^"/ {
    name=$0; sub(/^"/, "", name); sub(/".*/, "", name)
    num=""; if (match($0, /" #[0-9]+/)) num=substr($0, RSTART+3, RLENGTH-3)
    if (match($0, /cpu=[0-9.]+ms/)) print name "#" num "\t" substr($0, RSTART+4, RLENGTH-6) }'; }
jvm_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }

session() { # jar label
  local jar=$1 label=$2 wd bp wp wpid stamp t0 t1 j0 j1 log
  wd=$(mktemp -d /tmp/paycpu-XXXXXX); read -r bp wp < <(free_ports); stamp=$(date +%H%M%S)
  (cd "$wd" && exec java ${WORKER_JAVA_OPTS:-} -jar "$jar" worker --broker-port "$bp" --web-port "$wp" "${worker_flags[@]}" ${side_flags[$label]} \
      > "$logs/worker-$label-$stamp.txt" 2>&1) &
  wpid=$!
  for _ in $(seq 1 180); do curl -sf "localhost:$wp/health/ready" > /dev/null && break; sleep 1; done
  local boot; boot=$(grep -o "bootstrap=[0-9.:]*" "$logs/worker-$label-$stamp.txt" | head -1 | cut -d= -f2)
  boot=${boot:-127.0.0.1:$bp}
  simulate() { (cd "$wd" && timeout 900 java -jar "$sim" simulate --broker "$boot" --worker "localhost:$wp" \
      --accounts 100 --settle 120s --seed 1 --rate "$1" --duration "${2}s" > "$3" 2>&1) || true; }
  simulate 1000 10 "$logs/warm-$label-$stamp.txt"
  sleep 2
  t0=$(threads "$wpid"); j0=$(jvm_ms "$wpid")
  log="$logs/sim-$label-$stamp.txt"
  simulate "$rate" "$secs" "$log"
  t1=$(threads "$wpid"); j1=$(jvm_ms "$wpid")
  kill "$wpid"; wait "$wpid" 2> /dev/null || true; rm -rf "$wd"
  local sent settled p50 p99 result
  sent=$(awk '/^sent:/ { print $2 }' "$log"); sent=${sent:-0}
  settled=$(awk '/^settled:/ { print $2 }' "$log"); settled=${settled:-none}
  p50=$(sed -n 's/^latency:.* p50 \([0-9]*\) ms, p99 \([0-9]*\) ms.*/\1/p' "$log")
  p99=$(sed -n 's/^latency:.* p50 \([0-9]*\) ms, p99 \([0-9]*\) ms.*/\2/p' "$log")
  result=$(awk '/^result:/ { print $2 }' "$log")
  awk -v label="$label" -v sent="$sent" -v j0="$j0" -v j1="$j1" -v settled="$settled" -v p50="${p50:-?}" \
      -v p99="${p99:-?}" -v result="${result:-none}" -v load="$(cut -d' ' -f1 /proc/loadavg)" -F'\t' '
    FNR == NR { before[$1] = $2; next }
    { d = $2 - ($1 in before ? before[$1] : 0)
      if ($1 ~ /-StreamThread-[0-9]+#/) stream += d
      else if ($1 ~ /StreamThread-[0-9]+-|StateUpdater|coordinator-heartbeat-thread \| payments/) clients += d }
    END { if (sent == 0) { print label "\tno payments sent (see the simulate log)"; exit }
      printf "%s\t%.1f\t%.1f\t%.1f\t%s\t%s\t%s\t%s\t%d\t%s\n", label, stream * 1000 / sent, clients * 1000 / sent,
          (j1 - j0) * 1000 / sent, settled, p50, p99, result, sent, load }' \
      <(printf '%s\n' "$t0") <(printf '%s\n' "$t1") | tee -a "$results"
}

worker_flags=("$@")
declare -A side_flags=([before]="$before_flags" [after]="$after_flags")
printf 'jar\tstream us/p\tclients us/p\tjvm us/p\tsettled/s\tp50 ms\tp99 ms\tresult\tsent\tload\n'
for pair in $(seq 1 "$pairs"); do
  if (( pair % 2 )); then session "$before" before; session "$after" after
  else session "$after" after; session "$before" before; fi
done
echo "-- medians over $pairs sessions each ($results); per-thread multiple = before stream / after stream"
awk -F'\t' '
  function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  NF >= 8 { k = $1; n[k]++; s[k, n[k]] = $2; c[k, n[k]] = $3; j[k, n[k]] = $4; r[k, n[k]] = ($5 == "none" ? 0 : $5); p[k, n[k]] = $6 }
  END { for (k in n) { delete a1; delete a2; delete a3; delete a4; delete a5
      for (i = 1; i <= n[k]; i++) { a1[i] = s[k, i]; a2[i] = c[k, i]; a3[i] = j[k, i]; a4[i] = r[k, i]; a5[i] = p[k, i] }
      m[k] = median(a1, n[k])
      printf "%s\tstream %.1f us/p (%.0f payments/s per thread)\tclients %.1f\tjvm %.1f us/p\tsettled %.0f/s\tp50 %.0f ms\n",
          k, m[k], 1e6 / m[k], median(a2, n[k]), median(a3, n[k]), median(a4, n[k]), median(a5, n[k]) }
    if (m["before"] && m["after"]) printf "per-thread multiple (before/after stream us/p): %.2f\n", m["before"] / m["after"] }' "$results"
