#!/usr/bin/env bash
# The scale-out curve on the 16-core measuring machine (../shared/DEVICE.md): no Java, no Maven there.
# Here, first:   mvn -B -q install -DskipTests   (or: mvn -B -q -pl benchmarks -am package -DskipTests)
#                ../shared/tools/device-pack.sh benchmarks/target/mephisto-benchmarks.jar .devpayload
#                echo .devpayload/ >> .git/info/exclude; echo .run/ >> .git/info/exclude
# There (device run, carry [".devpayload"], timeout_s 590), one part per call, each under 9 minutes:
#                bash benchmarks/device-scale-out.sh streams     # passthrough and count: threads 1,2,4,8; processes 1,2,4
#                bash benchmarks/device-scale-out.sh payments    # payments under exactly-once, the same axes
# The curve is printed and written to $OUT/scale-out-<part>.txt (the worker JVMs' logs stay out of it).
# The axes and sizes come from the environment, so a call can change them without repeating an option
# ScaleOut takes once: THREADS (1,2,4,8), PROCESSES (1,2,4), PARTITIONS (16), RECORDS (2000000),
# PAYMENT_RATE (40000), PAYMENT_SECONDS (20), HEAP (4g, ScaleOut's own), WORKER_HEAP (2g); other
# ScaleOut options go after the part (--step-timeout 300).
set -euo pipefail
part=${1:?usage: device-scale-out.sh streams|payments [extra ScaleOut options]}; shift
out=${OUT:-.}
mkdir -p .run/b
[ -x .run/jre/bin/java ] || tar -C .run -xJf .devpayload/jre.tar.xz
[ -f .run/b/dev/mephisto/bench/ScaleOut.class ] || tar -C .run/b -xJf .devpayload/app.tar.xz
java="$PWD/.run/jre/bin/java"
case "$part" in
  streams)  jobs=passthrough,count; extra=(--records "${RECORDS:-2000000}") ;;
  payments) jobs=payments; extra=(--payment-rate "${PAYMENT_RATE:-40000}" --payment-seconds "${PAYMENT_SECONDS:-20}"
                --payment-accounts 1000) ;;
  *) echo "unknown part $part: streams or payments" >&2; exit 2 ;;
esac
[[ " $* " == *" --step-timeout"* ]] || extra+=(--step-timeout 240)
timeout 540 "$java" "-Xmx${HEAP:-4g}" -cp "$PWD/.run/b" dev.mephisto.bench.ScaleOut --jobs "$jobs" \
    --partitions "${PARTITIONS:-16}" --threads "${THREADS:-1,2,4,8}" --processes "${PROCESSES:-1,2,4}" \
    --worker-heap "${WORKER_HEAP:-2g}" "${extra[@]}" "$@" \
    2> "$out/scale-out-$part.log" | tee "$out/scale-out-$part.txt"
