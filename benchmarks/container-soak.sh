#!/usr/bin/env bash
# `lamina:verify` run many times in one container JVM (`lamina container`, its Gogo shell fed through a
# pipe), the process's memory sampled after each run, to show that nothing grows from run to run
# (docs/reliability.md, "Soak and leaks").
#
#   benchmarks/container-soak.sh [--runs N] [--device D] [--golden DIR] [--warmup N] [--out DIR]
#
# Defaults: 100 runs of the reference set in engine/src/test/resources/golden on device 0, into
# container-soak-<UTC date and time>. After each run (runs.csv): VmRSS and VmHWM of /proc/PID/status,
# threads, open files, and the JVM's native memory as Native Memory Tracking counts it (committed: all,
# Java heap, 'Other' where direct ByteBuffers are). summary.txt: resident memory after the first run,
# after warm-up (run --warmup, default 10), at the end, and the least-squares slope after warm-up in
# KiB per run; the same for NMT's total.
#
# Needs what `lamina container` needs, and jcmd (in the JDK).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=100 DEVICE=0 GOLDEN="$ROOT/engine/src/test/resources/golden" WARMUP=10
OUT="container-soak-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --device) DEVICE="$2"; shift 2 ;;
        --golden) GOLDEN="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "container-soak.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
command -v jcmd >/dev/null || { echo "container-soak.sh: jcmd not found (it comes with the JDK)" >&2; exit 2; }
[ -d "$GOLDEN" ] || { echo "container-soak.sh: --golden $GOLDEN is not a folder" >&2; exit 2; }
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
GOLDEN="$(cd "$GOLDEN" && pwd)"

"$ROOT/lamina" --version > /dev/null # build first, so that the process sampled is the container's JVM
rm -f "$OUT/shell.in"
mkfifo "$OUT/shell.in"
export LAMINA_JAVA_OPTS="${LAMINA_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
"$ROOT/lamina" container --deploy "$OUT/deploy" < "$OUT/shell.in" > "$OUT/shell.out" 2>&1 &
PID=$!
exec 3> "$OUT/shell.in"
trap 'exec 3>&-; kill "$PID" 2>/dev/null || true' EXIT
echo "container-soak: pid $PID, writing $OUT (runs.csv, shell.out, summary.txt)" >&2

kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$PID/status"; }
echo "run,seconds,rss_kb,hwm_kb,threads,open_files,nmt_committed_kb,nmt_heap_committed_kb,nmt_other_committed_kb" \
    > "$OUT/runs.csv"
start=$(date +%s)
for i in $(seq 1 "$RUNS"); do
    echo "lamina:verify --golden $GOLDEN --device $DEVICE" >&3
    until [ "$(grep -c ' passed, [0-9]* failed' "$OUT/shell.out" || true)" -ge "$i" ]; do
        kill -0 "$PID" 2>/dev/null || { echo "container-soak: the container ended (see $OUT/shell.out)" >&2; exit 1; }
        sleep 0.2
    done
    nmt=$(jcmd "$PID" VM.native_memory summary 2>/dev/null || true)
    total=$(printf '%s\n' "$nmt" | sed -n 's/^Total: reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1/p')
    heap=$(printf '%s\n' "$nmt" | sed -n '/- *Java Heap (reserved/ s/.*committed=\([0-9]*\)KB.*/\1/p')
    other=$(printf '%s\n' "$nmt" | sed -n '/- *Other (reserved/ s/.*committed=\([0-9]*\)KB.*/\1/p')
    echo "$i,$(( $(date +%s) - start )),$(kb VmRSS),$(kb VmHWM),$(kb Threads),$(ls "/proc/$PID/fd" | wc -l),$total,$heap,$other" \
        >> "$OUT/runs.csv"
done
failed=$(grep -c ' passed, [0-9]* failed' "$OUT/shell.out" || true)
bad=$(grep ' passed, [1-9][0-9]* failed' "$OUT/shell.out" | head -1 || true)
echo "stop 0" >&3
exec 3>&-
wait "$PID" || true
trap - EXIT

awk -F, -v warmup="$WARMUP" -v runs="$failed" -v bad="$bad" '
    NR == 1 { next }
    $1 == 1 { r1 = $3; n1 = $7 }
    { last_r = $3; last_n = $7; last = $1; if ($3 > hi) hi = $3 }
    $1 >= warmup {
        if (!w) { w = 1; wr = $3; wn = $7 }
        k++; sx += $1; sy += $3; sz += $7; sxx += $1 * $1; sxy += $1 * $3; sxz += $1 * $7
    }
    END {
        d = k * sxx - sx * sx
        printf "%d runs of lamina:verify finished%s\n", runs, bad == "" ? ", every case passed" : "; a run failed: " bad
        printf "resident (VmRSS, MiB): after run 1 %.1f; after run %d %.1f; after run %d %.1f; highest %.1f\n",
            r1 / 1024, warmup, wr / 1024, last, last_r / 1024, hi / 1024
        printf "JVM memory (NMT committed, MiB): after run 1 %.1f; after run %d %.1f; after run %d %.1f\n",
            n1 / 1024, warmup, wn / 1024, last, last_n / 1024
        printf "least-squares slope after run %d, KiB per run: resident %+.1f, NMT committed %+.1f\n", warmup,
            d ? (k * sxy - sx * sy) / d : 0, d ? (k * sxz - sx * sz) / d : 0
    }' "$OUT/runs.csv" > "$OUT/summary.txt"
cat "$OUT/summary.txt"
