"""Reference cases of the per-pixel cross-entropy (engine/src/test/resources/golden-dense/), in the
golden format through golden_writer.py:

- pixel_cross_entropy: logits [N, C, d1, ...] against a class per position [N, d1, ...], -1 where the
  position does not count (a mask); PyTorch's F.cross_entropy(logits, labels, ignore_index=-1),
  mean over the positions that count; the loss and grad_logits.

Shapes stay small: the set also runs in the Oclgrind run. Values are PyTorch's in float64 from
float32 inputs, stored as float32; PyTorch's own float32 error is recorded per tensor.

Run with Debian's PyTorch:  /usr/bin/python3 tools/reference/dense_prediction_cases.py [OUT_DIR]
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_writer as gw  # noqa: E402

SEED = 41
GENERATOR = "tools/reference/dense_prediction_cases.py"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "engine/src/test/resources/golden-dense")
IGNORE = -1

gen = torch.Generator().manual_seed(SEED)


def pixel_case(name, logits_shape, ignored, scale, offset, description):
    n, c, spatial = logits_shape[0], logits_shape[1], logits_shape[2:]
    x = torch.randn(*logits_shape, generator=gen) * scale + offset
    y = torch.randint(0, c, (n, *spatial), generator=gen)
    drop = torch.rand(y.shape, generator=gen) < ignored
    y = torch.where(drop, torch.full_like(y, IGNORE), y)
    res = {}
    for dtype in (torch.float64, torch.float32):
        xs = x.to(dtype).requires_grad_()
        loss = F.cross_entropy(xs, y, ignore_index=IGNORE)
        loss.backward()
        res[dtype] = (loss, xs.grad)
    r64, r32 = res[torch.float64], res[torch.float32]
    tensors = [gw.tensor("logits", x, "input"),
               gw.tensor("labels", y.to(torch.float32), "input", check=False,
                         semantic="integer class index in [0, classes) per position, or -1 (not counted), as float32"),
               gw.tensor("loss", r64[0], "output", f32_value=r32[0]),
               gw.tensor("grad_logits", r64[1], "grad", grad_of="logits", f32_value=r32[1])]
    counted = int((y != IGNORE).sum())
    params = {"reduction": "mean", "ignore_index": IGNORE, "classes": c}
    gw.write_case(OUT, name, "pixel_cross_entropy", description, params, tensors, kind="reduction",
                  notes=["no grad_out: the upstream gradient of the scalar loss is 1",
                         f"{counted} of {y.numel()} positions count"])


def main():
    gw.start_set(OUT, GENERATOR, SEED)
    pixel_case("pixel_cross_entropy_2class_6x5", (2, 2, 6, 5), 0.0, 2.0, 0.0,
               "segmentation logits [2, 2, 6, 5], every pixel counts")
    pixel_case("pixel_cross_entropy_5class_masked", (3, 5, 4, 7), 0.3, 2.0, 0.0,
               "logits [3, 5, 4, 7], about 30% of the pixels masked out (label -1)")
    pixel_case("pixel_cross_entropy_large_logits", (2, 4, 3, 3), 0.2, 10.0, 200.0,
               "logits in the hundreds: the fused softmax subtracts the maximum")
    pixel_case("pixel_cross_entropy_1d", (2, 3, 11), 0.1, 1.5, 0.0,
               "one spatial dimension: logits [2, 3, 11], labels [2, 11]")
    pixel_case("pixel_cross_entropy_3d", (1, 3, 2, 3, 4), 0.25, 1.0, 0.0,
               "three spatial dimensions: logits [1, 3, 2, 3, 4], labels [1, 2, 3, 4]")


if __name__ == "__main__":
    main()
