#!/usr/bin/python3
"""The PyTorch side of Lamina's dense-prediction demonstrations (docs/dense-prediction.md): the same
network, optimizer, data subset, masks and epochs as

    lamina train --arch unet --arch-options depth=2,base=8 --limit N --epochs E --batch-size B --optimizer adam --lr LR
    lamina train --arch autoencoder --arch-options output=sigmoid --limit N ...

and the same measures: for segmentation the mean loss, pixel accuracy and mean IoU (over the classes
present in the labels or predictions of the counted pixels) on the test subset; for reconstruction the
mean squared error and PSNR (peak 1, pixels in [0, 1]).

    /usr/bin/python3 benchmarks/dense_prediction_torch.py --task segment --limit 2000 --epochs 2
    /usr/bin/python3 benchmarks/dense_prediction_torch.py --task reconstruct --limit 2000 --epochs 2

Data as `lamina train --limit N` reads it: the first N training and the first N test images of
Fashion-MNIST (Debian's /usr/share/datasets/fashion-mnist), pixels scaled to [0, 1]; segmentation
normalizes them with Lamina's Fashion-MNIST mean 0.2860 and std 0.3530, reconstruction does not.
Masks as `--task segment` derives them: a pixel above the threshold (0.25) is the item (class 1), at or
below threshold - band (0.15) background (class 0), between it does not count (ignore_index=-1).

The architectures are tools/reference/torchvision_state_dicts.py's (the definitions Lamina's parameter
names and counts are tested against), given their forward passes here. Initialization is PyTorch's
default unless --init he-normal (Lamina's architectures draw He-normal weights and zero biases), and the
batch order comes from torch's generator, so the two runs agree in setting, not in bits. One JSON line with the results goes to stdout.
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools", "reference"))
import torchvision_state_dicts as ref  # noqa: E402

MEAN, STD = 0.2860, 0.3530
IGNORE = -1


def read_idx(path, limit):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xff)]
        n = min(dims[0], limit)
        size = 1
        for d in dims[1:]:
            size *= d
        data = f.read(n * size)
    return torch.frombuffer(bytearray(data), dtype=torch.uint8).reshape(n, *dims[1:])


def load(data_dir, limit):
    def images(name):
        return read_idx(os.path.join(data_dir, name), limit).float().div(255).unsqueeze(1)
    return images("train-images-idx3-ubyte.gz"), images("t10k-images-idx3-ubyte.gz")


def masks(x, threshold, band):
    y = torch.full(x.shape[:1] + x.shape[2:], IGNORE, dtype=torch.long)
    v = x[:, 0]
    y[v > threshold] = 1
    y[v <= threshold - band] = 0
    return y


class UNet(ref.UNet):
    def __init__(self, channels, classes, depth, base):
        super().__init__(channels, classes, depth, base)
        self.depth = depth

    def forward(self, x):
        skips = [self.inc.double_conv(x)]
        y = skips[0]
        for i in range(1, self.depth + 1):
            pool, conv = getattr(self, "down%d" % i).maxpool_conv
            y = conv.double_conv(pool(y))
            skips.append(y)
        for i in range(1, self.depth + 1):
            up = getattr(self, "up%d" % i)
            y = up.conv.double_conv(torch.cat([skips[self.depth - i], up.up(y)], dim=1))
        return self.outc.conv(y)


class Autoencoder(ref.ConvAutoencoder):
    def __init__(self, channels, depth, base, sigmoid):
        super().__init__(channels, depth, base)
        self.sigmoid = sigmoid

    def forward(self, x):
        y = self.decoder(self.encoder(x))
        return torch.sigmoid(y) if self.sigmoid else y


def evaluate(model, task, x, y, batch):
    model.eval()
    loss_sum, n = 0.0, 0
    hits = counted = 0
    inter = torch.zeros(2, dtype=torch.long)
    union = torch.zeros(2, dtype=torch.long)
    sq, values = 0.0, 0
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            xb = x[i:i + batch]
            out = model(xb if task == "reconstruct" else (xb - MEAN) / STD)
            if task == "segment":
                yb = y[i:i + batch]
                loss = F.cross_entropy(out, yb, ignore_index=IGNORE)
                pred = out.argmax(1)
                keep = yb != IGNORE
                p, t = pred[keep], yb[keep]
                hits += int((p == t).sum())
                counted += int(keep.sum())
                for c in range(2):
                    inter[c] += int(((p == c) & (t == c)).sum())
                    union[c] += int(((p == c) | (t == c)).sum())
            else:
                loss = F.mse_loss(out, xb)
                sq += float(((out.double() - xb.double()) ** 2).sum())
                values += xb.numel()
            loss_sum += float(loss) * xb.shape[0]
            n += xb.shape[0]
    r = {"test_loss": loss_sum / n}
    if task == "segment":
        present = union > 0
        r["test_pixel_accuracy"] = hits / counted
        r["test_mean_iou"] = float((inter[present].double() / union[present].double()).mean())
    else:
        mse = sq / values
        r["test_mse"] = mse
        r["test_psnr"] = 10 * math.log10(1 / mse)
    return r


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--task", choices=["segment", "reconstruct"], required=True)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--depth", type=int, default=2)
    ap.add_argument("--base", type=int, default=None, help="default: 8 for U-Net, 16 for the autoencoder")
    ap.add_argument("--threshold", type=float, default=0.25)
    ap.add_argument("--band", type=float, default=0.1)
    ap.add_argument("--sigmoid", action="store_true", help="autoencoder: a sigmoid after the last layer")
    ap.add_argument("--init", choices=["pytorch", "he-normal"], default="pytorch",
                    help="he-normal: weights normal with std sqrt(2 / fan_in) (PyTorch's fan_in), biases zero, as"
                         " Lamina's architectures draw them")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    xtr, xte = load(args.data, args.limit)
    if args.task == "segment":
        base = args.base or 8
        model = UNet(1, 2, args.depth, base)
        ytr, yte = masks(xtr, args.threshold, args.band), masks(xte, args.threshold, args.band)
    else:
        base = args.base or 16
        model = Autoencoder(1, args.depth, base, args.sigmoid)
        ytr = yte = None
    if args.init == "he-normal":
        for mod in model.modules():
            if isinstance(mod, (nn.Conv2d, nn.ConvTranspose2d)):
                nn.init.kaiming_normal_(mod.weight, nonlinearity="relu")
                if mod.bias is not None:
                    nn.init.zeros_(mod.bias)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    gen = torch.Generator().manual_seed(args.seed)
    epochs = []
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(xtr.shape[0], generator=gen)
        t0, loss_sum = time.time(), 0.0
        for i in range(0, xtr.shape[0], args.batch_size):
            idx = order[i:i + args.batch_size]
            xb = xtr[idx]
            out = model(xb if args.task == "reconstruct" else (xb - MEAN) / STD)
            loss = (F.cross_entropy(out, ytr[idx], ignore_index=IGNORE) if args.task == "segment"
                    else F.mse_loss(out, xb))
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += float(loss) * xb.shape[0]
        seconds = time.time() - t0
        row = {"epoch": epoch + 1, "train_loss": loss_sum / xtr.shape[0], "train_seconds": round(seconds, 2)}
        row.update(evaluate(model, args.task, xte, yte, 500))
        epochs.append(row)
        print(json.dumps(row), file=sys.stderr)
    print(json.dumps({"task": args.task, "torch": torch.__version__, "limit": args.limit, "epochs": args.epochs,
                      "batch_size": args.batch_size, "lr": args.lr, "init": args.init, "depth": args.depth, "base": base,
                      "parameters": sum(p.numel() for p in model.parameters()), "results": epochs}))


if __name__ == "__main__":
    main()
