#!/usr/bin/env bash
# The scale-out curve on the 16-core measuring machine (../shared/DEVICE.md): no Java, no Maven there.
# Here, first:   mvn -B -q install -DskipTests   (or: mvn -B -q -pl benchmarks -am package -DskipTests)
#                ../shared/tools/device-pack.sh benchmarks/target/mephisto-benchmarks.jar .devpayload
#                echo .devpayload/ >> .git/info/exclude; echo .run/ >> .git/info/exclude
# There (device run, carry [".devpayload"], timeout_s 590), one part per call, each under 9 minutes:
#                bash benchmarks/device-scale-out.sh streams     # passthrough and count: threads 1,2,4,8; processes 1,2,4
#                bash benchmarks/device-scale-out.sh payments    # payments under exactly-once, the same axes
# The curve is printed and written to $OUT/scale-out-<part>.txt (the worker JVMs' logs stay out of it).
set -euo pipefail
part=${1:?usage: device-scale-out.sh streams|payments [extra ScaleOut options]}; shift
out=${OUT:-.}
mkdir -p .run/b
[ -x .run/jre/bin/java ] || tar -C .run -xJf .devpayload/jre.tar.xz
[ -f .run/b/dev/mephisto/bench/ScaleOut.class ] || tar -C .run/b -xJf .devpayload/app.tar.xz
java="$PWD/.run/jre/bin/java"
case "$part" in
  streams)  jobs=passthrough,count; extra=(--records 2000000) ;;
  payments) jobs=payments; extra=(--payment-rate 40000 --payment-seconds 20 --payment-accounts 1000) ;;
  *) echo "unknown part $part: streams or payments" >&2; exit 2 ;;
esac
timeout 540 "$java" -Xmx4g -cp "$PWD/.run/b" dev.mephisto.bench.ScaleOut --jobs "$jobs" --partitions 16 \
    --threads 1,2,4,8 --processes 1,2,4 --worker-heap 2g --step-timeout 240 "${extra[@]}" "$@" \
    2> "$out/scale-out-$part.log" | tee "$out/scale-out-$part.txt"
