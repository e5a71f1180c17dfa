#!/usr/bin/env bash
# A soak run: trains for thousands of steps and samples the process's memory as it goes, to show that
# nothing grows after warm-up (docs/reliability.md, "Soak and leaks").
#
#   benchmarks/soak.sh [--epochs N] [--batch-size B] [--device D] [--interval S] [--out DIR]
#                      [--arch A] [--dataset NAME] [--data DIR]
#
# Defaults: LeNet-5 on Fashion-MNIST, 11 epochs of batch 64 (10,318 steps), device 0, a sample every
# 15 seconds, into soak-<UTC date and time>. Each sample (samples.csv) has
#   - the training step reached (from the progress lines),
#   - VmRSS and VmHWM of /proc/PID/status (resident memory now and at its highest), threads, open files,
#   - the JVM's native memory as Native Memory Tracking counts it (committed: all of it, and the 'Other'
#     category, where direct ByteBuffers are), from `jcmd PID VM.native_memory summary`.
# After each epoch the trainer logs (at DEBUG, switched on here) the bytes of live tensors, the kernel
# scratch and the number of OpenCL buffers of the device (epochs.txt). summary.txt gives the resident
# memory at the first sample, after warm-up (the first sample past --warmup steps, default 2000), in the
# middle, at the end, its highest, and least-squares slopes in MiB per 1000 steps: over all samples after
# warm-up, and over their second half (a leak grows steadily; settling allocators flatten out).
#
# Needs what `lamina train` needs, and jcmd (in the JDK).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EPOCHS=11 BATCH=64 DEVICE=0 INTERVAL=15 WARMUP=2000 ARCH=lenet5 DATASET=fashion-mnist DATA=""
OUT="soak-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
    case "$1" in
        --epochs) EPOCHS="$2"; shift 2 ;;
        --batch-size) BATCH="$2"; shift 2 ;;
        --device) DEVICE="$2"; shift 2 ;;
        --interval) INTERVAL="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --arch) ARCH="$2"; shift 2 ;;
        --dataset) DATASET="$2"; shift 2 ;;
        --data) DATA="$2"; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "soak.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
command -v jcmd >/dev/null || { echo "soak.sh: jcmd not found (it comes with the JDK)" >&2; exit 2; }
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

cat > "$OUT/logging.properties" <<'EOF'
handlers=java.util.logging.ConsoleHandler
.level=INFO
java.util.logging.ConsoleHandler.level=ALL
org.lamina.train.Trainer.level=FINE
EOF

args=(train --arch "$ARCH" --dataset "$DATASET" --epochs "$EPOCHS" --batch-size "$BATCH" --device "$DEVICE"
      --out "$OUT/run")
[ -n "$DATA" ] && args+=(--data "$DATA")

# build first (when sources are newer), so that the process sampled is the training JVM, not Maven
"$ROOT/lamina" --version > /dev/null
export LAMINA_JAVA_OPTS="${LAMINA_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary -Djava.util.logging.config.file=$OUT/logging.properties"
"$ROOT/lamina" "${args[@]}" > "$OUT/train.out" 2>&1 &
PID=$!   # the launcher execs java, so this is the JVM
echo "soak: pid $PID, writing $OUT (samples.csv, train.out, summary.txt)" >&2

step_now() {
    # 'epoch E/N:  P% (b/B batches), ...' -> (E-1)*B + b
    grep -o 'epoch [0-9]*/[0-9]*: *[0-9]*% ([0-9]*/[0-9]* batches)' "$OUT/train.out" 2>/dev/null | tail -1 \
        | awk '{ split($2, e, "/"); gsub(/\(/, "", $4); split($4, b, "/"); print (e[1] - 1) * b[2] + b[1] }'
}

echo "seconds,step,rss_kb,hwm_kb,threads,open_files,nmt_committed_kb,nmt_heap_committed_kb,nmt_other_committed_kb" \
    > "$OUT/samples.csv"
start=$(date +%s)
while kill -0 "$PID" 2>/dev/null; do
    status="/proc/$PID/status"
    rss=$(awk '/^VmRSS:/ { print $2 }' "$status" 2>/dev/null || true)
    hwm=$(awk '/^VmHWM:/ { print $2 }' "$status" 2>/dev/null || true)
    threads=$(awk '/^Threads:/ { print $2 }' "$status" 2>/dev/null || true)
    files=$(ls "/proc/$PID/fd" 2>/dev/null | wc -l || true)
    nmt=$(jcmd "$PID" VM.native_memory summary 2>/dev/null || true)
    total=$(printf '%s\n' "$nmt" | sed -n 's/^Total: reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1/p')
    heap=$(printf '%s\n' "$nmt" | sed -n '/- *Java Heap (reserved/ s/.*committed=\([0-9]*\)KB.*/\1/p')
    other=$(printf '%s\n' "$nmt" | sed -n '/- *Other (reserved/ s/.*committed=\([0-9]*\)KB.*/\1/p')
    step=$(step_now || true)
    if [ -n "$rss" ]; then
        echo "$(( $(date +%s) - start )),${step:-0},$rss,$hwm,$threads,$files,${total:-},${heap:-},${other:-}" >> "$OUT/samples.csv"
    fi
    sleep "$INTERVAL"
done
rc=0
wait "$PID" || rc=$?
grep 'after epoch' "$OUT/train.out" > "$OUT/epochs.txt" || true

awk -F, -v warmup="$WARMUP" -v rc="$rc" '
    NR == 1 || $2 == 0 { next }
    !first { first = 1; s0 = $2; r0 = $3 }
    { last_s = $2; last_r = $3; if ($3 > hi) hi = $3 }
    $2 >= warmup { n++; s[n] = $2; r[n] = $3 }
    function slope(from, to,   i, k, sx, sy, sxx, sxy) {
        for (i = from; i <= to; i++) { k++; sx += s[i]; sy += r[i]; sxx += s[i] * s[i]; sxy += s[i] * r[i] }
        return (k > 1 && k * sxx - sx * sx != 0) ? (k * sxy - sx * sy) / (k * sxx - sx * sx) * 1000 / 1024 : 0
    }
    END {
        h = int((n + 1) / 2)
        printf "exit status %d\n", rc
        printf "resident (VmRSS, MiB): first sample %.1f at step %d; after warm-up %.1f at step %d;", r0 / 1024, s0, r[1] / 1024, s[1]
        printf " middle %.1f at step %d; end %.1f at step %d; highest %.1f\n", r[h] / 1024, s[h], last_r / 1024, last_s, hi / 1024
        printf "least-squares slope, MiB per 1000 steps: after warm-up %+.3f (%d samples), second half %+.3f (%d samples)\n",
            slope(1, n), n, slope(h, n), n - h + 1
    }' "$OUT/samples.csv" > "$OUT/summary.txt"
awk -F, -v warmup="$WARMUP" 'NR > 1 && $7 != "" && $2 >= warmup {
        if (!f) { f = 1; a = $7; h = $8; o = $9 } b = $7; g = $8; p = $9 }
    END { printf "JVM memory (NMT committed, MiB) after warm-up %.1f, at the end %.1f; of it Java heap %.1f, %.1f;",
              a / 1024, b / 1024, h / 1024, g / 1024
          printf " Other (direct buffers) %.1f, %.1f\n", o / 1024, p / 1024 }' "$OUT/samples.csv" >> "$OUT/summary.txt"
awk 'NR == 1 { print } END { if (NR > 1) print }' "$OUT/epochs.txt" >> "$OUT/summary.txt"
cat "$OUT/summary.txt"
exit "$rc"
