#!/usr/bin/python3
"""Lamina's OpenCL GEMM against OpenBLAS (through numpy), side by side in one run: run by
benchmarks/compare-gemm.sh, which picks the Python, the BLAS and the threads.

    compare_gemm.py --lamina "java -cp ... org.lamina.benchmarks.GemmTimer" [--shapes 256x1024x1024,1024x1024x1024]
                    [--rounds 5] [--runs 5]

C = A B in float32, A M x K, B K x N, both row-major: numpy's A @ B (sgemm) and Lamina's GemmTimer
(one JVM, kept running, driven through its standard input). Each round times every shape on both
sides, alternating which goes first, `--runs` calls each after a warm-up; a round's figure is the
best of its calls. Printed per shape: the median and the range over the rounds of each side's
GFLOP/s (2 M N K / time), and the ratio Lamina / OpenBLAS of the medians.
"""
import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time

import numpy as np


def loaded_blas():
    found = []
    with open("/proc/self/maps") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 6 and ("blas" in parts[5] or "lapack" in parts[5]) and parts[5] not in found:
                found.append(parts[5])
    return found


def numpy_ms(a, b, runs):
    a @ b
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        a @ b
        times.append((time.perf_counter() - t0) * 1e3)
    return times


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--lamina", required=True, help="the command that starts GemmTimer")
    ap.add_argument("--shapes", default="256x1024x1024,1024x1024x1024", help="MxNxK, comma-separated")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    shapes = [tuple(int(v) for v in s.split("x")) for s in args.shapes.split(",")]
    rng = np.random.default_rng(1)
    mats = {s: (rng.random((s[0], s[2]), dtype=np.float32) - 0.5, rng.random((s[2], s[1]), dtype=np.float32) - 0.5)
            for s in shapes}
    numpy_ms(*mats[shapes[0]], 1)  # loads the BLAS
    blas = loaded_blas()
    print("numpy %s, BLAS %s; OPENBLAS_NUM_THREADS=%s; %d CPUs usable; load %s" % (
        np.__version__, ", ".join(blas) or "(bundled: see numpy.show_config())", os.environ.get("OPENBLAS_NUM_THREADS"),
        len(os.sched_getaffinity(0)), " ".join("%.2f" % v for v in os.getloadavg())))
    java = subprocess.Popen(shlex.split(args.lamina), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    print("Lamina %s" % java.stdout.readline().strip())

    def lamina_ms(s, runs):
        java.stdin.write("%d %d %d %d\n" % (s[0], s[1], s[2], runs))
        java.stdin.flush()
        reply = java.stdout.readline().split()
        if len(reply) != 3 + runs:
            raise SystemExit("compare_gemm: GemmTimer answered %r" % reply)
        return [float(v) for v in reply[3:]]

    gflops = {(s, side): [] for s in shapes for side in ("lamina", "openblas")}
    for r in range(args.rounds):
        for s in shapes:
            flop = 2.0 * s[0] * s[1] * s[2]
            sides = [("lamina", lambda: lamina_ms(s, args.runs)), ("openblas", lambda: numpy_ms(*mats[s], args.runs))]
            for side, run in (sides if r % 2 == 0 else sides[::-1]):
                gflops[(s, side)].append(flop / (min(run()) * 1e-3) / 1e9)
        print("round %d done, load %.2f" % (r + 1, os.getloadavg()[0]), file=sys.stderr)
    java.stdin.close()
    java.wait()

    print("%-16s %-26s %-26s %s" % ("M x N x K", "Lamina GFLOP/s med (range)", "OpenBLAS GFLOP/s med (range)",
                                    "ratio of medians"))
    for s in shapes:
        lam, ob = gflops[(s, "lamina")], gflops[(s, "openblas")]
        print("%-16s %-26s %-26s %.2f" % ("x".join(map(str, s)),
                                          "%.1f (%.1f-%.1f)" % (statistics.median(lam), min(lam), max(lam)),
                                          "%.1f (%.1f-%.1f)" % (statistics.median(ob), min(ob), max(ob)),
                                          statistics.median(lam) / statistics.median(ob)))
    print("%d rounds, alternating which side goes first; a round's figure is the best of %d calls. load %s" % (
        args.rounds, args.runs, " ".join("%.2f" % v for v in os.getloadavg())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
