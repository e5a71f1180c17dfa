#!/usr/bin/python3
"""Peer benchmark: PyTorch on the CPU for Lamina's layers, as a user would run it.

    /usr/bin/python3 pytorch_peer.py [--threads N] [--config NAME] [--skip-train] [--epochs 2] [--quick]

Lamina's own copy of ../shared/bench/pytorch_bench.py (whose shapes stay the reference list: the
same LAYERS, batch, timing loop and LeNet-5), extended to say how PyTorch ran. The BLAS PyTorch
uses is the libblas.so.3 the loader finds: Debian's alternative (the reference BLAS unless
libopenblas0-pthread is installed), or the one LD_LIBRARY_PATH names first, which is how
benchmarks/compare-pytorch.sh runs each configuration. Threads: torch.set_num_threads(--threads,
default every CPU this process may use); OPENBLAS_NUM_THREADS and OMP_NUM_THREADS default to the
same count, set before torch loads, so that OpenBLAS's pool and oneDNN's OpenMP pool are each as
wide as the machine and never both at work (ATen calls the BLAS from one thread).

Prints JSON lines and appends them to results-<YYYY-MM-DD>.jsonl next to this
script (or --out). Sections:
  meta   machine / library facts (CPU model, threads, torch version, load), and how PyTorch ran:
         the BLAS library actually loaded (from /proc/self/maps), the BLAS it was built for,
         oneDNN's version and whether it is enabled, ATen's parallel backend and thread counts,
         the thread environment variables, and torch.mm's GFLOP/s at 256x1024x1024
  layer  forward and forward+backward timings (median of >= 10 runs after
         warm-up) for CIFAR-scale layer shapes at batch 32, with GFLOP/s
  train  LeNet-5 on Fashion-MNIST (batch 64, SGD momentum 0.9, lr 0.01):
         training images/s and test accuracy after each epoch
The Fashion-MNIST IDX files are located with `dpkg -L dataset-fashion-mnist`
(Debian package), or given with --data-dir.
"""
import argparse
import datetime
import gzip
import json
import os
import statistics
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH = 32
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT",
                    "MKL_NUM_THREADS", "LD_LIBRARY_PATH")


def usable_cpus():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def early_threads(argv):
    """--threads, read before torch loads: OpenBLAS and OpenMP read their variables only then."""
    for i, a in enumerate(argv):
        if a == "--threads" and i + 1 < len(argv):
            return int(argv[i + 1])
        if a.startswith("--threads="):
            return int(a.split("=", 1)[1])
    return usable_cpus()


THREADS = early_threads(sys.argv[1:])
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(THREADS))
os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))

import numpy as np  # noqa: E402 (after the thread variables)
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def loaded_libraries(*needles):
    """The shared libraries mapped into this process whose path contains one of needles."""
    found = []
    try:
        with open("/proc/self/maps") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 6 and any(n in parts[5] for n in needles) and parts[5] not in found:
                    found.append(parts[5])
    except OSError:
        pass
    return found


def how_torch_runs():
    """What the results depend on besides the CPU: the BLAS, oneDNN, the threads (see the module doc)."""
    a, b = torch.randn(256, 1024), torch.randn(1024, 1024)
    times = []
    for _ in range(8):
        t0 = time.perf_counter()
        torch.mm(a, b)
        times.append(time.perf_counter() - t0)
    cfg = torch.__config__.show()
    build = dict(part.split("=", 1) for part in cfg.replace(",", " ").split() if part.count("=") == 1
                 and part.split("=", 1)[0] in ("BLAS_INFO", "LAPACK_INFO", "USE_MKLDNN", "USE_OPENMP"))
    onednn = next((line.strip(" -") for line in cfg.splitlines() if "MKL-DNN" in line or "oneDNN" in line), None)
    par = torch.__config__.parallel_info()
    backend = next((line.split(":", 1)[1].strip() for line in par.splitlines()
                    if line.startswith("ATen parallel backend")), None)
    blas = loaded_libraries("blas", "lapack")
    return {"blas_loaded": blas,
            "blas_kind": ("OpenBLAS" if any("openblas" in p for p in blas) else
                          "reference BLAS" if any("/blas/" in p or "libblas.so" in p for p in blas) else "unknown"),
            "blas_build": build.get("BLAS_INFO"), "lapack_build": build.get("LAPACK_INFO"),
            "onednn": onednn, "mkldnn_available": torch.backends.mkldnn.is_available(),
            "mkldnn_enabled": bool(torch.backends.mkldnn.enabled),
            "parallel_backend": backend, "torch_threads": torch.get_num_threads(),
            "interop_threads": torch.get_num_interop_threads(),
            "env": {k: os.environ.get(k) for k in THREAD_VARIABLES},
            "mm_256x1024x1024_gflops": round(2 * 256 * 1024 * 1024 / min(times[2:]) / 1e9, 1)}


def cpu_model():
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform
    return platform.processor() or "unknown"


def loadavg():
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return None


class Emitter:
    def __init__(self, path, run_id):
        self.path = path
        self.run_id = run_id

    def __call__(self, rec):
        rec = dict(rec)
        rec["run_id"] = self.run_id
        line = json.dumps(rec)
        print(line, flush=True)
        with open(self.path, "a") as fh:
            fh.write(line + "\n")


def time_fn(fn, min_runs=10, warmup=3, min_time=0.5, max_runs=200):
    for _ in range(warmup):
        fn()
    times = []
    start, cpu0 = time.perf_counter(), time.process_time()
    while len(times) < min_runs or (time.perf_counter() - start < min_time and len(times) < max_runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    util = (time.process_time() - cpu0) / max(time.perf_counter() - start, 1e-9)
    return times, util


def summarize(tu):
    times, util = tu
    # cpu_util: process CPU seconds per wall second; near 2.0 means both cores were ours
    return {"median_ms": round(statistics.median(times) * 1e3, 4),
            "min_ms": round(min(times) * 1e3, 4),
            "runs": len(times), "cpu_util": round(util, 2)}


# ------------------------------------------------------------------ layers

def conv_flops(N, cin, cout, ho, wo, kh, kw, groups):
    return 2.0 * N * cout * ho * wo * (cin // groups) * kh * kw


LAYERS = [
    # name, kind, cin, cout, H, W, k, stride, pad, dilation, groups
    ("conv3x3_3to64_32x32", "conv", 3, 64, 32, 32, 3, 1, 1, 1, 1),
    ("conv3x3_64to64_32x32", "conv", 64, 64, 32, 32, 3, 1, 1, 1, 1),
    ("conv3x3_128to128_16x16", "conv", 128, 128, 16, 16, 3, 1, 1, 1, 1),
    ("conv3x3_256to256_8x8", "conv", 256, 256, 8, 8, 3, 1, 1, 1, 1),
    ("conv3x3_s2_64to128_32x32", "conv", 64, 128, 32, 32, 3, 2, 1, 1, 1),
    ("conv1x1_256to64_16x16", "conv", 256, 64, 16, 16, 1, 1, 0, 1, 1),
    ("dwconv3x3_128ch_32x32", "conv", 128, 128, 32, 32, 3, 1, 1, 1, 128),
    ("conv3x3_d2_64to64_32x32", "conv", 64, 64, 32, 32, 3, 1, 2, 2, 1),
    ("convT4x4_s2_64to32_16to32", "convT", 64, 32, 16, 16, 4, 2, 1, 1, 1),
    ("maxpool3x3_s2_64x32x32", "maxpool", 64, 64, 32, 32, 3, 2, 0, 1, 1),
    ("lrn5_64x32x32", "lrn", 64, 64, 32, 32, 5, 1, 0, 1, 1),
]


def bench_layers(emit, quick=False):
    g = torch.Generator().manual_seed(0)
    for name, kind, cin, cout, H, W, k, s, p, d, groups in LAYERS:
        x = torch.randn(BATCH, cin, H, W, generator=g)
        if kind == "conv":
            mod = nn.Conv2d(cin, cout, k, stride=s, padding=p, dilation=d, groups=groups)
        elif kind == "convT":
            mod = nn.ConvTranspose2d(cin, cout, k, stride=s, padding=p, dilation=d, groups=groups)
        elif kind == "maxpool":
            mod = nn.MaxPool2d(k, s, p)
        else:
            mod = nn.LocalResponseNorm(k, alpha=1e-4, beta=0.75, k=2.0)
        with torch.no_grad():
            y = mod(x)
        ho, wo = y.shape[2], y.shape[3]
        gout = torch.randn(y.shape, generator=g)

        def fwd():
            with torch.no_grad():
                mod(x)

        xg = x.clone().requires_grad_(True)

        def fwd_bwd():
            xg.grad = None
            for prm in mod.parameters():
                prm.grad = None
            mod(xg).backward(gout)

        if kind == "conv":
            flops = conv_flops(BATCH, cin, cout, ho, wo, k, k, groups)
        elif kind == "convT":
            flops = conv_flops(BATCH, cout, cin, H, W, k, k, groups)  # adjoint of a conv
        else:
            flops = None
        bytes_fwd = 4.0 * (x.numel() + y.numel())
        min_runs = 10
        tf = time_fn(fwd, min_runs=min_runs, min_time=0.2 if quick else 0.5)
        tb = time_fn(fwd_bwd, min_runs=min_runs, min_time=0.2 if quick else 0.5)
        rec = {"type": "layer", "name": name, "kind": kind, "batch": BATCH,
               "input_shape": list(x.shape), "output_shape": list(y.shape),
               "kernel": k, "stride": s, "padding": p, "dilation": d, "groups": groups,
               "fwd": summarize(tf), "fwd_bwd": summarize(tb), "loadavg": loadavg()}
        if flops is not None:
            rec["fwd_gflop"] = round(flops / 1e9, 4)
            rec["fwd"]["gflops_per_s"] = round(flops / 1e9 / statistics.median(tf[0]), 2)
            # backward = grad_input + grad_weight, each as many FLOPs as forward
            rec["fwd_bwd"]["gflops_per_s"] = round(3 * flops / 1e9 / statistics.median(tb[0]), 2)
        else:
            rec["fwd"]["gbytes_per_s"] = round(bytes_fwd / 1e9 / statistics.median(tf[0]), 2)
        emit(rec)


# ------------------------------------------------------------------ LeNet

def find_fashion_mnist(data_dir=None):
    names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    found = {}
    if data_dir:
        for n in names:
            found[n] = os.path.join(data_dir, n)
    else:
        out = subprocess.run(["dpkg", "-L", "dataset-fashion-mnist"], capture_output=True,
                             text=True, check=True).stdout.split()
        for n in names:
            for path in out:
                if path.endswith("/" + n):
                    found[n] = path
    missing = [n for n in names if n not in found or not os.path.exists(found[n])]
    if missing:
        raise SystemExit("Fashion-MNIST files not found: %s (apt-get install "
                         "dataset-fashion-mnist, or pass --data-dir)" % missing)
    return [found[n] for n in names]


def read_idx(path):
    with gzip.open(path, "rb") as fh:
        data = fh.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    assert (magic >> 8) == 0x08, "expected unsigned byte IDX data"
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


class LeNet5(nn.Module):
    def __init__(self, variant):
        super().__init__()
        self.variant = variant
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
        if variant == "relu_maxpool":
            self.act, self.pool = F.relu, lambda t: F.max_pool2d(t, 2)
        else:
            self.act, self.pool = torch.tanh, lambda t: F.avg_pool2d(t, 2)

    def forward(self, x):
        x = self.pool(self.act(self.conv1(x)))
        x = self.pool(self.act(self.conv2(x)))
        x = x.flatten(1)
        x = self.act(self.fc1(x))
        x = self.act(self.fc2(x))
        return self.fc3(x)


def bench_lenet(emit, files, epochs, batch=64, lr=0.01, momentum=0.9, limit=None):
    tr_x, tr_y, te_x, te_y = [read_idx(f) for f in files]
    mean, std = 0.2860, 0.3530
    to_t = lambda a: torch.from_numpy(((a.astype(np.float32) / 255.0 - mean) / std)[:, None])
    xtr, ytr = to_t(tr_x), torch.from_numpy(tr_y.astype(np.int64))
    xte, yte = to_t(te_x), torch.from_numpy(te_y.astype(np.int64))
    if limit:
        xtr, ytr = xtr[:limit], ytr[:limit]
    emit({"type": "dataset", "name": "fashion-mnist", "files": files,
          "train": list(xtr.shape), "test": list(xte.shape),
          "normalisation": {"scale": "1/255", "mean": mean, "std": std}})
    for variant in ("relu_maxpool", "tanh_avgpool"):
        torch.manual_seed(0)
        model = LeNet5(variant)
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
        g = torch.Generator().manual_seed(0)
        n = xtr.shape[0]
        for ep in range(1, epochs + 1):
            model.train()
            perm = torch.randperm(n, generator=g)
            la = loadavg()
            t0, c0 = time.perf_counter(), time.process_time()
            loss_sum, seen = 0.0, 0
            for i in range(0, n, batch):
                idx = perm[i:i + batch]
                xb, yb = xtr[idx], ytr[idx]
                opt.zero_grad(set_to_none=True)
                loss = F.cross_entropy(model(xb), yb)
                loss.backward()
                opt.step()
                loss_sum += loss.item() * xb.shape[0]
                seen += xb.shape[0]
            train_s = time.perf_counter() - t0
            train_util = (time.process_time() - c0) / train_s
            model.eval()
            t1 = time.perf_counter()
            correct = 0
            with torch.no_grad():
                for i in range(0, xte.shape[0], 1000):
                    correct += (model(xte[i:i + 1000]).argmax(1) == yte[i:i + 1000]).sum().item()
            eval_s = time.perf_counter() - t1
            emit({"type": "train", "model": "lenet5_" + variant, "epoch": ep, "batch": batch,
                  "optimizer": "SGD lr=%g momentum=%g" % (lr, momentum),
                  "train_images": seen, "train_s": round(train_s, 3),
                  "train_images_per_s": round(seen / train_s, 1),
                  "train_cpu_util": round(train_util, 2),
                  "train_loss": round(loss_sum / seen, 5),
                  "test_accuracy": round(correct / xte.shape[0], 4),
                  "eval_s": round(eval_s, 3),
                  "eval_images_per_s": round(xte.shape[0] / eval_s, 1),
                  "loadavg_start": la, "loadavg_end": loadavg()})


def summary(paths):
    """Print a per-layer / per-epoch table over all runs in the given results files."""
    rows = [json.loads(line) for p in paths for line in open(p) if line.strip()]
    runs = []
    for r in rows:
        if r["run_id"] not in runs:
            runs.append(r["run_id"])
    print("runs: " + ", ".join("%d=%s" % (i + 1, rid) for i, rid in enumerate(runs)))
    layers = {}
    train = {}
    for r in rows:
        i = runs.index(r["run_id"])
        if r["type"] == "layer":
            layers.setdefault(r["name"], {})[i] = r
        elif r["type"] == "train":
            train.setdefault((r["model"], r["epoch"]), {})[i] = r
    print("%-27s %s" % ("layer (batch 32)", "  ".join(
        "run%d fwd ms(GF/s) | f+b ms(GF/s)" % (i + 1) for i in range(len(runs)))))
    for name, per in layers.items():
        cells = []
        for i in range(len(runs)):
            r = per.get(i)
            if r is None:
                cells.append("-")
                continue
            f, b = r["fwd"], r["fwd_bwd"]
            cells.append("%7.2f(%s) | %7.2f(%s)" % (
                f["median_ms"], f.get("gflops_per_s", "-"), b["median_ms"], b.get("gflops_per_s", "-")))
        print("%-27s %s" % (name, "  ".join(cells)))
    for (model, ep), per in train.items():
        print("%-27s %s" % ("%s ep%d" % (model, ep), "  ".join(
            "run%d %6.0f img/s acc %.4f" % (i + 1, r["train_images_per_s"], r["test_accuracy"])
            for i, r in sorted(per.items()))))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=THREADS,
                    help="torch.set_num_threads (default: every usable CPU, %d here)" % usable_cpus())
    ap.add_argument("--config", default=None, help="a name for this configuration, kept in the results")
    ap.add_argument("--skip-train", action="store_true")
    ap.add_argument("--skip-layers", action="store_true")
    ap.add_argument("--quick", action="store_true", help="shorter timing loops, 6400 train images")
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--out", default=None, help="results file (default results-<date>.jsonl here)")
    ap.add_argument("--summary", nargs="+", metavar="RESULTS",
                    help="only print a table of earlier results files")
    args = ap.parse_args(argv)
    if args.summary:
        return summary(args.summary)

    torch.set_num_threads(args.threads)
    now = datetime.datetime.now()
    out = args.out or os.path.join(HERE, "results-%s.jsonl" % now.strftime("%Y-%m-%d"))
    emit = Emitter(out, now.strftime("%Y-%m-%dT%H:%M:%S"))
    how = how_torch_runs()
    emit(dict({"type": "meta", "config": args.config, "cpu_model": cpu_model(), "logical_cpus": os.cpu_count(),
               "torch_version": torch.__version__, "mkldnn": how["mkldnn_available"], "blas": how["blas_kind"],
               "numpy": np.__version__, "python": sys.version.split()[0],
               "loadavg": loadavg(), "quick": args.quick}, **how))
    t0 = time.perf_counter()
    if not args.skip_layers:
        bench_layers(emit, quick=args.quick)
    if not args.skip_train:
        bench_lenet(emit, find_fashion_mnist(args.data_dir), args.epochs,
                    limit=6400 if args.quick else None)
    emit({"type": "done", "total_s": round(time.perf_counter() - t0, 1), "loadavg": loadavg()})


if __name__ == "__main__":
    sys.exit(main())
