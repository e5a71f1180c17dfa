#!/usr/bin/env bash
# Runs the benchmark shapes through Lamina (`lamina bench`) and through the PyTorch peer script,
# back to back in one session, and prints the ratio per shape (Lamina / PyTorch throughput), forward
# and forward+backward, and LeNet-5 training images/s. docs/performance.md explains the numbers.
#
#   benchmarks/compare-pytorch.sh [--device D] [--out DIR] [--peer PATH] [--only NAMES] [--skip-train] [--quick]
#
#   --device   the Lamina device (default 0: the first OpenCL device)
#   --out      folder for bench.csv, bench.png, pytorch.jsonl, compare.md (default bench-compare)
#   --peer     pytorch_bench.py (default $PYTORCH_BENCH, else ../shared/bench/pytorch_bench.py next to the repo)
#   --only     comma-separated workload names for Lamina (default: the peer's layers and LeNet-5)
#   --skip-train  no LeNet-5 training on either side
#   --quick    the peer's shorter timing loops and 6,400 training images (same shapes and batches)
# PyTorch runs with /usr/bin/python3 (Debian's python3-torch), 2 threads, as the peer script sets.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEVICE=0
OUT=bench-compare
PEER="${PYTORCH_BENCH:-$ROOT/../shared/bench/pytorch_bench.py}"
ONLY="conv3x3_3to64_32x32,conv3x3_64to64_32x32,conv3x3_128to128_16x16,conv3x3_256to256_8x8"
ONLY="$ONLY,conv3x3_s2_64to128_32x32,conv1x1_256to64_16x16,dwconv3x3_128ch_32x32,conv3x3_d2_64to64_32x32"
ONLY="$ONLY,convT4x4_s2_64to32_16to32,maxpool3x3_s2_64x32x32,lrn5_64x32x32,train_lenet5_fmnist"
TRAIN=1
QUICK=0
while [ $# -gt 0 ]; do
    case "$1" in
        --device) DEVICE="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --peer) PEER="$2"; shift 2 ;;
        --only) ONLY="$2"; shift 2 ;;
        --skip-train) TRAIN=0; shift ;;
        --quick) QUICK=1; shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "compare-pytorch: unknown option $1" >&2; exit 2 ;;
    esac
done
if [ ! -f "$PEER" ]; then
    echo "compare-pytorch: the PyTorch peer script $PEER is missing; give --peer PATH or PYTORCH_BENCH" >&2
    exit 2
fi
if [ "$TRAIN" = 0 ]; then
    ONLY="$(echo "$ONLY" | tr ',' '\n' | grep -v '^train_' | paste -sd, -)"
fi
mkdir -p "$OUT"
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), load $(load); $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs"
echo "== Lamina (device $DEVICE)"
"$ROOT/lamina" bench --device "$DEVICE" --only "$ONLY" --out "$OUT"
echo "== PyTorch (load $(load))"
rm -f "$OUT/pytorch.jsonl"
PEER_ARGS=(--out "$OUT/pytorch.jsonl")
if [ "$TRAIN" = 1 ]; then PEER_ARGS+=(--epochs 1); else PEER_ARGS+=(--skip-train); fi
if [ "$QUICK" = 1 ]; then PEER_ARGS+=(--quick); fi
/usr/bin/python3 "$PEER" "${PEER_ARGS[@]}" >/dev/null
echo "== Ratios (load $(load))"
/usr/bin/python3 "$ROOT/benchmarks/compare_pytorch.py" --lamina "$OUT/bench.csv" --pytorch "$OUT/pytorch.jsonl" \
    --device "$DEVICE" --markdown "$OUT/compare.md"
