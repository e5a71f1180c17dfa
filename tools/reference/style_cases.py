"""Reference cases of neural style transfer's ops: gram_matrix, style_loss, content_loss.

Writes them into the engine's reference set (engine/src/test/resources/golden), which
GoldenConformanceTest runs on the Java backend, on pocl and in the Oclgrind run; shapes are small
for the latter. Values come from PyTorch in float64 from float32 inputs, through golden_writer.

    /usr/bin/python3 tools/reference/style_cases.py [SET_DIR]
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_writer as gw  # noqa: E402

SEED = 15
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_SET = os.path.join(ROOT, "engine", "src", "test", "resources", "golden")


def gram(x):
    """G[n] = F[n] F[n]^T / (C*H*W), F[n] = x[n] as [C, H*W] (the normalization Lamina's GramMatrix uses)."""
    n, c, h, w = x.shape
    f = x.reshape(n, c, h * w)
    return torch.bmm(f, f.transpose(1, 2)) / (c * h * w)


def f32(shape, gen, scale=1.0):
    return (torch.randn(*shape, generator=gen, dtype=torch.float32) * scale).double()


def gram_case(set_dir, name, shape, gen):
    x = f32(shape, gen).requires_grad_(True)
    g = gram(x)
    dg = f32(g.shape, gen)
    (dx,) = torch.autograd.grad(g, x, dg)
    xf = x.detach().float().requires_grad_(True)
    gf = gram(xf)
    (dxf,) = torch.autograd.grad(gf, xf, dg.float())
    gw.write_case(set_dir, name, "gram_matrix",
                  "G[n] = F[n] F[n]^T / (C*H*W), F[n] = input[n] reshaped to [C, H*W]; output [N, C, C]",
                  {"normalization": "C*H*W"},
                  [gw.tensor("input", x, "input"), gw.tensor("grad_out", dg, "grad_out", grad_of="output"),
                   gw.tensor("output", g, "output", f32_value=gf),
                   gw.tensor("grad_input", dx, "grad", grad_of="input", f32_value=dxf)],
                  kind="reduction")


def loss_case(set_dir, name, op, shape, weight, gen):
    x = f32(shape, gen).requires_grad_(True)
    target = f32(shape, gen)
    if op == "style_loss":
        desc = ("weight * mse_loss(gram(input), gram(target)), gram as gram_matrix; "
                "the target's Gram matrix is a constant")
        fn = lambda a, b: weight * torch.nn.functional.mse_loss(gram(a), gram(b))  # noqa: E731
    else:
        desc = "weight * mse_loss(input, target) (mean); the target is a constant"
        fn = lambda a, b: weight * torch.nn.functional.mse_loss(a, b)  # noqa: E731
    loss = fn(x, target)
    (dx,) = torch.autograd.grad(loss, x)
    xf = x.detach().float().requires_grad_(True)
    lf = fn(xf, target.float())
    (dxf,) = torch.autograd.grad(lf, xf)
    gw.write_case(set_dir, name, op, desc, {"weight": weight},
                  [gw.tensor("input", x, "input"), gw.tensor("target", target, "input"),
                   gw.tensor("loss", loss, "output", f32_value=lf),
                   gw.tensor("grad_input", dx, "grad", grad_of="input", f32_value=dxf)],
                  kind="reduction")


def main():
    set_dir = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SET
    gen = torch.Generator().manual_seed(SEED)
    gram_case(set_dir, "gram_matrix_2x3x4x5", (2, 3, 4, 5), gen)
    gram_case(set_dir, "gram_matrix_1x8x3x3", (1, 8, 3, 3), gen)
    gram_case(set_dir, "gram_matrix_single_pixel", (3, 5, 1, 1), gen)
    loss_case(set_dir, "style_loss_1x4x6x5", "style_loss", (1, 4, 6, 5), 2.5, gen)
    loss_case(set_dir, "style_loss_batch2", "style_loss", (2, 6, 3, 4), 1000.0, gen)
    loss_case(set_dir, "content_loss_2x3x4x4", "content_loss", (2, 3, 4, 4), 0.5, gen)


if __name__ == "__main__":
    main()
