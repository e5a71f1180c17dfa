#!/usr/bin/env bash
# Lamina's OpenCL GEMM against OpenBLAS single precision, side by side in one run, interleaved
# (benchmarks/compare_gemm.py): at 256x1024x1024 and 1024^3 by default, medians and ranges of
# GFLOP/s over the rounds, and the ratio. docs/performance.md records the results.
#
#   benchmarks/compare-gemm.sh [--device D] [--shapes MxNxK,...] [--rounds R] [--runs N] [--threads T]
#                              [--numpy debian|pypi] [--fetch-openblas]
#
#   --device   Lamina's OpenCL device (default: the preferred one); its tuned file applies, if any
#   --threads  OpenBLAS's threads (default: every usable CPU)
#   --numpy    debian: Debian's python3-numpy with Debian's OpenBLAS (libopenblas0-pthread) put first
#              by LD_LIBRARY_PATH (the default); pypi: numpy from PyPI (its wheel bundles OpenBLAS) in
#              a virtual environment under the cache folder, made on first use
#   --fetch-openblas  unpack libopenblas0-pthread under the cache folder when it is not installed
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEVICE=""
SHAPES=256x1024x1024,1024x1024x1024
ROUNDS=5
RUNS=5
THREADS=""
NUMPY=debian
FETCH=""
while [ $# -gt 0 ]; do
    case "$1" in
        --device) DEVICE="$2"; shift 2 ;;
        --shapes) SHAPES="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        --numpy) NUMPY="$2"; shift 2 ;;
        --fetch-openblas) FETCH=--fetch; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "compare-gemm: unknown option $1" >&2; exit 2 ;;
    esac
done
# shellcheck source=openblas.sh
. "$ROOT/benchmarks/openblas.sh"
THREADS="${THREADS:-$(nproc)}"
case "$NUMPY" in
    debian)
        OPENBLAS="$(openblas_dir $FETCH)" || exit 2
        PY=(env LD_LIBRARY_PATH="$OPENBLAS" /usr/bin/python3) ;;
    pypi)
        VENV="$LAMINA_PEER_CACHE/numpy-venv"
        if [ ! -x "$VENV/bin/python" ]; then
            python3 -m venv "$VENV" && "$VENV/bin/pip" install -q numpy
        fi
        PY=("$VENV/bin/python") ;;
    *) echo "compare-gemm: --numpy $NUMPY is neither debian nor pypi" >&2; exit 2 ;;
esac

JAR="$ROOT/benchmarks/target/lamina-benchmarks.jar"
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/benchmarks/src" "$ROOT/kernels-opencl/src/main" -newer "$JAR" -print -quit)" ]; then
    echo "== building $JAR" >&2
    mvn -f "$ROOT/pom.xml" -B -q -DskipTests package -pl benchmarks -am >&2
fi
JAVA="$(command -v java)"
JSIG="$(dirname "$(dirname "$(readlink -f "$JAVA")")")/lib/libjsig.so"
# JOCL dlopens "libOpenCL.so", which Debian ships only in the -dev package: a private link to the
# runtime's libOpenCL.so.1, as the lamina launcher makes.
NATIVE="$ROOT/.lamina/native"
if ! ldconfig -p 2>/dev/null | grep 'libOpenCL\.so ' >/dev/null; then
    LOADER="$(ldconfig -p 2>/dev/null | awk '!found && /libOpenCL\.so\.1 / {print $NF; found=1}')"
    if [ -n "$LOADER" ]; then mkdir -p "$NATIVE" && ln -sfn "$LOADER" "$NATIVE/libOpenCL.so"; fi
fi
LAMINA=(env LD_PRELOAD="$JSIG" LD_LIBRARY_PATH="$NATIVE${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$JAVA" -cp "$JAR"
    org.lamina.benchmarks.GemmTimer)
if [ -n "$DEVICE" ]; then LAMINA+=("$DEVICE"); fi

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg); $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs"
OPENBLAS_NUM_THREADS="$THREADS" OMP_NUM_THREADS="$THREADS" "${PY[@]}" "$ROOT/benchmarks/compare_gemm.py" \
    --lamina "${LAMINA[*]}" --shapes "$SHAPES" --rounds "$ROUNDS" --runs "$RUNS"
