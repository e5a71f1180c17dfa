#!/usr/bin/env python3
# Usage: /usr/bin/python3 tools/fashion-mnist-masks.py IMAGES MASKS  (needs numpy and Pillow)
# For a folder dataset made by export-fashion-mnist-png.py, writes a mask per image at the same path
# under MASKS (docs/dense-prediction.md): 0 background (pixel <= 38), 1 + the item's class (pixel > 64;
# t-shirt 1, trouser 2, ... in Fashion-MNIST's order), 255 (not counted) for the soft edge between.
# The masks are derived from the images: Fashion-MNIST has none.
import os, sys
import numpy as np
from PIL import Image
names = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]
src, out = sys.argv[1], sys.argv[2]
for root, _, files in os.walk(src):
    for f in files:
        if not f.endswith(".png"):
            continue
        rel = os.path.relpath(os.path.join(root, f), src)
        item = names.index(os.path.basename(root)) + 1
        x = np.asarray(Image.open(os.path.join(root, f)).convert("L"))
        m = np.where(x > 64, item, np.where(x <= 38, 0, 255)).astype(np.uint8)
        os.makedirs(os.path.dirname(os.path.join(out, rel)), exist_ok=True)
        Image.fromarray(m).save(os.path.join(out, rel))
