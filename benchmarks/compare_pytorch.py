#!/usr/bin/python3
"""Ratio of Lamina's throughput to PyTorch's, per shape: reads a `lamina bench` CSV and the results
files of the PyTorch peer script (pytorch_peer.py --out), one per PyTorch configuration (BLAS,
threads), prints a table and writes it as Markdown.

    compare_pytorch.py --lamina bench.csv --pytorch refblas.jsonl [openblas.jsonl ...] [--markdown compare.md]

Each configuration's meta record is printed first: the BLAS actually loaded, oneDNN, the threads.
Per shape and pass the peer is the fastest configuration (the one a user would run; its name is in
the "peer" column). ratio = Lamina throughput / that peer's throughput = peer median ms / Lamina
median ms, for the forward pass and for forward+backward; above 1 Lamina is faster. LeNet-5 training
compares Lamina's training-step images/s (batch 64) with PyTorch's best training images/s.
"""
import argparse
import csv
import json
import sys


def read_lamina(path, device=None):
    rows = {}
    with open(path, newline="") as fh:
        for r in csv.DictReader(fh):
            if device is not None and r["device"] != device:
                continue
            rows[(r["workload"], r["pass"])] = r
    return rows


def read_pytorch(path):
    """The records of the last run in the file (a file may hold several runs)."""
    recs = [json.loads(line) for line in open(path) if line.strip()]
    if not recs:
        raise SystemExit("no PyTorch results in %s" % path)
    last = recs[-1]["run_id"]
    return [r for r in recs if r.get("run_id") == last]


def fmt(v, spec="%.2f"):
    return "-" if v is None else spec % v


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--lamina", required=True, help="bench.csv written by `lamina bench`")
    ap.add_argument("--pytorch", required=True, nargs="+",
                    help="JSONL written by pytorch_peer.py --out, one per configuration")
    ap.add_argument("--device", default=None, help="the Lamina device column to compare (default: the first)")
    ap.add_argument("--markdown", default=None, help="also write the table as Markdown here")
    args = ap.parse_args(argv)

    lamina = read_lamina(args.lamina)
    if not lamina:
        raise SystemExit("no rows in %s" % args.lamina)
    device = args.device or next(iter(lamina.values()))["device"]
    lamina = read_lamina(args.lamina, device)
    configs = []  # (name, meta, records)
    for i, path in enumerate(args.pytorch):
        recs = read_pytorch(path)
        meta = next((r for r in recs if r["type"] == "meta"), {})
        configs.append((meta.get("config") or "config%d" % (i + 1), meta, recs))
    print("PyTorch configurations:")
    for name, meta, _ in configs:
        env = meta.get("env") or {}
        print("  %-16s BLAS %s (%s; built for %s), %s, oneDNN %s, %s threads (%s), torch.mm 256x1024x1024 "
              "%s GFLOP/s; OMP_NUM_THREADS=%s OPENBLAS_NUM_THREADS=%s OMP_WAIT_POLICY=%s; load %s" % (
                  name, meta.get("blas_kind", meta.get("blas", "?")), ", ".join(b for b in meta.get("blas_loaded") or [] if "lapack" not in b) or "?",
                  meta.get("blas_build", "?"), "oneDNN enabled" if meta.get("mkldnn_enabled") else "oneDNN off",
                  meta.get("onednn", "?"), meta.get("torch_threads", "?"), meta.get("parallel_backend", "?"),
                  meta.get("mm_256x1024x1024_gflops", "?"), env.get("OMP_NUM_THREADS"),
                  env.get("OPENBLAS_NUM_THREADS"), env.get("OMP_WAIT_POLICY"), meta.get("loadavg")))

    def best(name, key):
        """The fastest configuration's median ms for layer name and pass key, and its name."""
        found = [(r[key]["median_ms"], c) for c, _, recs in configs for r in recs
                 if r["type"] == "layer" and r["name"] == name]
        return min(found) if found else (None, None)

    header = ["shape", "Lamina fwd ms", "peer fwd ms", "fwd ratio", "Lamina f+b ms", "peer f+b ms",
              "f+b ratio", "peer (fwd / f+b)", "Lamina fwd GFLOP/s", "fwd % peak*"]
    table = []
    names = []
    for _, _, recs in configs:
        names += [r["name"] for r in recs if r["type"] == "layer" and r["name"] not in names]
    for name in names:
        f, b = lamina.get((name, "fwd")), lamina.get((name, "fwd+bwd"))
        if f is None or b is None:
            continue
        lf, lb = float(f["median_ms"]), float(b["median_ms"])
        (tf, cf), (tb, cb) = best(name, "fwd"), best(name, "fwd_bwd")
        rate = ("%.2f GB/s" % float(f["gbytes_per_s"])) if f["gbytes_per_s"] else "%.2f" % float(f["gflops"])
        peak = "%.1f" % float(f["peak_pct"]) if f["peak_pct"] else "-"
        table.append([name, "%.2f" % lf, "%.2f" % tf, "%.2f" % (tf / lf), "%.2f" % lb, "%.2f" % tb,
                      "%.2f" % (tb / lb), "%s / %s" % (cf, cb), rate, peak])
    trains = [(r["train_images_per_s"], c) for c, _, recs in configs for r in recs
              if r["type"] == "train" and r["model"] == "lenet5_relu_maxpool"]
    step = lamina.get(("train_lenet5_fmnist", "fwd+bwd"))
    if trains and step:
        torch_ips, tc = max(trains)
        ips = float(step["images_per_s"])
        table.append(["LeNet-5 training img/s (batch 64)", "-", "-", "-", "%.0f" % ips, "%.0f" % torch_ips,
                      "%.2f" % (ips / torch_ips), tc, "-", "-"])
    meta = configs[0][1]

    widths = [max(len(str(x)) for x in col) for col in zip(header, *table)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths))
    print("Lamina device %s (%s) vs PyTorch %s (the fastest of %d configurations per shape) on %s" % (
        device, next(iter(lamina.values()))["device_name"], meta.get("torch_version", "?"), len(configs),
        meta.get("cpu_model", "?")))
    print(line(header))
    for row in table:
        print(line(row))
    print("ratio = Lamina throughput / the fastest PyTorch configuration's throughput (above 1: Lamina faster). "
          "* % of the device's estimated peak (compute units x clock x vector width x 2).")
    if args.markdown:
        with open(args.markdown, "w") as fh:
            fh.write("| " + " | ".join(header) + " |\n")
            fh.write("|" + "|".join(" --- " for _ in header) + "|\n")
            for row in table:
                fh.write("| " + " | ".join(str(c) for c in row) + " |\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
