#!/usr/bin/env python3
"""Writes the swish reference cases of the example layer plugin, in Lamina's golden format
(engine/src/test/resources/golden/FORMAT.md), from PyTorch: forward and input gradient computed in
float64 from float32 inputs, stored as float32. beta = 1 is torch.nn.functional.silu itself.

    /usr/bin/python3 make_swish_golden.py ../resources/golden-swish
"""
import json
import os
import sys

import torch

CASES = [  # name, beta, shape
    ("swish_silu_beta1", 1.0, [2, 3, 4, 5]),
    ("swish_beta1_702", 1.702, [3, 7]),
    ("swish_beta0_5_wide", 0.5, [1, 2, 9, 11]),
]
TOLERANCE = {"abs": 1e-6, "rel": 1e-5}


def write(path, t):
    t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tofile(path)


def main(out):
    torch.manual_seed(5)
    os.makedirs(out, exist_ok=True)
    index = {"format_version": 1, "variant": "swish", "seed": 5, "generator":
             "plugins/example-layer/src/test/python/make_swish_golden.py",
             "reference": "PyTorch " + torch.__version__ + " on CPU, float64 compute, stored as float32",
             "format_doc": "engine/src/test/resources/golden/FORMAT.md", "cases": []}
    for name, beta, shape in CASES:
        x32 = (torch.randn(shape) * 4).to(torch.float32)
        g32 = torch.randn(shape).to(torch.float32)
        x = x32.to(torch.float64).requires_grad_(True)
        y = torch.nn.functional.silu(x) if beta == 1.0 else x * torch.sigmoid(beta * x)
        y.backward(g32.to(torch.float64))
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        write(os.path.join(d, "input.f32"), x32)
        write(os.path.join(d, "grad_out.f32"), g32)
        write(os.path.join(d, "output.f32"), y)
        write(os.path.join(d, "grad_input.f32"), x.grad)
        tensors = [
            {"name": "input", "file": "input.f32", "shape": shape, "dtype": "float32", "role": "input", "check": False},
            {"name": "grad_out", "file": "grad_out.f32", "shape": shape, "dtype": "float32", "role": "grad_out",
             "grad_of": "output", "check": False},
            {"name": "output", "file": "output.f32", "shape": shape, "dtype": "float32", "role": "output",
             "check": True},
            {"name": "grad_input", "file": "grad_input.f32", "shape": shape, "dtype": "float32", "role": "grad",
             "grad_of": "input", "check": True},
        ]
        case = {"format_version": 1, "name": name, "op": "swish",
                "description": "swish x * sigmoid(beta * x)" + (" (torch.nn.functional.silu)" if beta == 1.0 else ""),
                "params": {"beta": beta}, "dtype": "float32", "byte_order": "little-endian",
                "layout": {"activations": "any (element-wise)"},
                "tolerance": dict(TOLERANCE, rule="|got - expected| <= abs + rel * |expected|"),
                "tensors": tensors}
        with open(os.path.join(d, "case.json"), "w") as f:
            json.dump(case, f, indent=1)
        index["cases"].append({"name": name, "op": "swish", "dir": name, "tensors": len(tensors)})
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "golden-swish")
