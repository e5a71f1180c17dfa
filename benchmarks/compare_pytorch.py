#!/usr/bin/python3
"""Ratio of Lamina's throughput to PyTorch's, per shape: reads a `lamina bench` CSV and a results
file of the PyTorch peer script (pytorch_bench.py --out), prints a table and writes it as Markdown.

    compare_pytorch.py --lamina bench.csv --pytorch pytorch.jsonl [--markdown compare.md]

ratio = Lamina throughput / PyTorch throughput = PyTorch median ms / Lamina median ms, for the
forward pass and for forward+backward; above 1 Lamina is faster. LeNet-5 training compares
Lamina's training-step images/s (batch 64) with PyTorch's training images/s over its epochs.
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
    ap.add_argument("--pytorch", required=True, help="JSONL written by pytorch_bench.py --out")
    ap.add_argument("--device", default=None, help="the Lamina device column to compare (default: the first)")
    ap.add_argument("--markdown", default=None, help="also write the table as Markdown here")
    args = ap.parse_args(argv)

    lamina = read_lamina(args.lamina)
    if not lamina:
        raise SystemExit("no rows in %s" % args.lamina)
    device = args.device or next(iter(lamina.values()))["device"]
    lamina = read_lamina(args.lamina, device)
    torch = read_pytorch(args.pytorch)
    meta = next((r for r in torch if r["type"] == "meta"), {})

    header = ["shape", "Lamina fwd ms", "PyTorch fwd ms", "fwd ratio", "Lamina f+b ms", "PyTorch f+b ms",
              "f+b ratio", "Lamina fwd GFLOP/s", "fwd % peak*"]
    table = []
    for r in torch:
        if r["type"] != "layer":
            continue
        name = r["name"]
        f, b = lamina.get((name, "fwd")), lamina.get((name, "fwd+bwd"))
        if f is None or b is None:
            continue
        lf, lb = float(f["median_ms"]), float(b["median_ms"])
        tf, tb = r["fwd"]["median_ms"], r["fwd_bwd"]["median_ms"]
        rate = ("%.2f GB/s" % float(f["gbytes_per_s"])) if f["gbytes_per_s"] else "%.2f" % float(f["gflops"])
        peak = "%.1f" % float(f["peak_pct"]) if f["peak_pct"] else "-"
        table.append([name, "%.2f" % lf, "%.2f" % tf, "%.2f" % (tf / lf), "%.2f" % lb, "%.2f" % tb,
                      "%.2f" % (tb / lb), rate, peak])
    trains = [r for r in torch if r["type"] == "train" and r["model"] == "lenet5_relu_maxpool"]
    step = lamina.get(("train_lenet5_fmnist", "fwd+bwd"))
    if trains and step:
        torch_ips = max(t["train_images_per_s"] for t in trains)
        ips = float(step["images_per_s"])
        table.append(["LeNet-5 training img/s (batch 64)", "-", "-", "-", "%.0f" % ips, "%.0f" % torch_ips,
                      "%.2f" % (ips / torch_ips), "-", "-"])

    widths = [max(len(str(x)) for x in col) for col in zip(header, *table)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths))
    print("Lamina device %s (%s) vs PyTorch %s, %s threads, on %s" % (
        device, next(iter(lamina.values()))["device_name"], meta.get("torch_version", "?"),
        meta.get("torch_threads", "?"), meta.get("cpu_model", "?")))
    print("PyTorch load average at start: %s" % (meta.get("loadavg"),))
    print(line(header))
    for row in table:
        print(line(row))
    print("ratio = Lamina throughput / PyTorch throughput (above 1: Lamina faster). "
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
