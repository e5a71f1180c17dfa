#!/usr/bin/env bash
# Runs the benchmark shapes through Lamina (`lamina bench`) and through the PyTorch peer script in
# each PyTorch configuration, back to back in one session, and prints the ratio per shape (Lamina /
# the fastest configuration's throughput), forward and forward+backward, and LeNet-5 training
# images/s. docs/performance.md explains the numbers.
#
#   benchmarks/compare-pytorch.sh [--device D] [--out DIR] [--peer PATH] [--only NAMES] [--skip-train] [--quick]
#                                 [--threads N] [--configs LIST] [--fetch-openblas]
#
#   --device   the Lamina device (default 0: the first OpenCL device)
#   --out      folder for bench.csv, bench.png, pytorch-CONFIG.jsonl, compare.md (default bench-compare)
#   --peer     the peer script (default benchmarks/pytorch_peer.py; $PYTORCH_BENCH or
#              ../shared/bench/pytorch_bench.py work too, without the configuration report)
#   --only     comma-separated workload names for Lamina (default: the peer's layers and LeNet-5)
#   --skip-train  no LeNet-5 training on either side
#   --quick    the peer's shorter timing loops and 6,400 training images (same shapes and batches)
#   --threads  PyTorch's threads (default: every usable CPU); OpenBLAS and OpenMP get as many
#   --configs  PyTorch configurations, comma-separated (default: all those available):
#                refblas          Debian's reference BLAS (what python3-torch gets without OpenBLAS)
#                openblas         OpenBLAS (libopenblas0-pthread)
#                openblas-passive OpenBLAS, and OpenMP's idle threads sleep (OMP_WAIT_POLICY=PASSIVE)
#                                 instead of spinning beside OpenBLAS's
#   --fetch-openblas  unpack libopenblas0-pthread under the cache folder when it is not installed
# PyTorch runs with /usr/bin/python3 (Debian's python3-torch); each configuration sets LD_LIBRARY_PATH
# to its BLAS, whatever Debian's libblas.so.3 alternative says.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEVICE=0
OUT=bench-compare
PEER="${PYTORCH_BENCH:-$ROOT/benchmarks/pytorch_peer.py}"
THREADS=""
CONFIGS=""
FETCH=""
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
        --threads) THREADS="$2"; shift 2 ;;
        --configs) CONFIGS="$2"; shift 2 ;;
        --fetch-openblas) FETCH=--fetch; shift ;;
        -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
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
# shellcheck source=openblas.sh
. "$ROOT/benchmarks/openblas.sh"
OPENBLAS="$(openblas_dir $FETCH || true)"
if [ -z "$CONFIGS" ]; then
    CONFIGS=refblas
    if [ -n "$OPENBLAS" ]; then CONFIGS="refblas,openblas,openblas-passive"; fi
fi
mkdir -p "$OUT"
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), load $(load); $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs"
echo "== Lamina (device $DEVICE)"
"$ROOT/lamina" bench --device "$DEVICE" --only "$ONLY" --out "$OUT"
RESULTS=()
for config in ${CONFIGS//,/ }; do
    case "$config" in
        refblas) ENV=(LD_LIBRARY_PATH="$REFBLAS_DIRS") ;;
        openblas|openblas-passive)
            if [ -z "$OPENBLAS" ]; then
                echo "compare-pytorch: configuration $config needs OpenBLAS (see above)" >&2
                exit 2
            fi
            ENV=(LD_LIBRARY_PATH="$OPENBLAS")
            if [ "$config" = openblas-passive ]; then ENV+=(OMP_WAIT_POLICY=PASSIVE); fi ;;
        *) echo "compare-pytorch: unknown configuration $config (refblas, openblas, openblas-passive)" >&2; exit 2 ;;
    esac
    echo "== PyTorch, $config (load $(load))"
    rm -f "$OUT/pytorch-$config.jsonl"
    PEER_ARGS=(--out "$OUT/pytorch-$config.jsonl")
    if [ "$TRAIN" = 1 ]; then PEER_ARGS+=(--epochs 1); else PEER_ARGS+=(--skip-train); fi
    if [ "$QUICK" = 1 ]; then PEER_ARGS+=(--quick); fi
    if [ "$(basename "$PEER")" = pytorch_peer.py ]; then
        PEER_ARGS+=(--config "$config")
        if [ -n "$THREADS" ]; then PEER_ARGS+=(--threads "$THREADS"); fi
    fi
    env "${ENV[@]}" /usr/bin/python3 "$PEER" "${PEER_ARGS[@]}" >/dev/null
    RESULTS+=("$OUT/pytorch-$config.jsonl")
done
echo "== Ratios (load $(load))"
/usr/bin/python3 "$ROOT/benchmarks/compare_pytorch.py" --lamina "$OUT/bench.csv" --pytorch "${RESULTS[@]}" \
    --device "$DEVICE" --markdown "$OUT/compare.md"
