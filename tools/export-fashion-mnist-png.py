#!/usr/bin/env python3
# Usage: /usr/bin/python3 tools/export-fashion-mnist-png.py /usr/share/datasets/fashion-mnist OUT N_TRAIN N_TEST
# (needs numpy and Pillow: Debian python3-numpy, python3-pil). Makes OUT/train/<class>/*.png and OUT/test/<class>/*.png,
# a folder dataset for lamina train --dataset folder:OUT (docs/training.md).
# Exports the first N Fashion-MNIST images of each split as PNG files, a folder per class.
import gzip, os, sys
import numpy as np
from PIL import Image
src, out, n_train, n_test = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
names = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]
for split, prefix, n in (("train", "train", n_train), ("test", "t10k", n_test)):
    with gzip.open(f"{src}/{prefix}-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(f"{src}/{prefix}-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    for i in range(n):
        d = os.path.join(out, split, names[labels[i]])
        os.makedirs(d, exist_ok=True)
        Image.fromarray(images[i]).save(os.path.join(d, f"{i:05d}.png"))
