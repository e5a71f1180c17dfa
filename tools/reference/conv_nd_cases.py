"""Reference cases of the 1-D and 3-D convolution family (engine/src/test/resources/golden-nd/), in
the golden format through golden_writer.py (layouts and formulas: FORMAT-ext.md in the set):

- conv1d [N, C, L] and conv3d [N, C, D, H, W]: stride, padding, dilation, groups (depthwise too),
  with and without bias, forward and every gradient;
- max_pool1d, avg_pool1d, max_pool3d, avg_pool3d (padding, ceil_mode, count_include_pad) and
  adaptive_avg_pool3d, forward and the input gradient.

Shapes stay small: the set also runs in the Oclgrind run. Values are PyTorch's in float64 from
float32 inputs, stored as float32; PyTorch's own float32 error is recorded per tensor.

Run with Debian's PyTorch:  /usr/bin/python3 tools/reference/conv_nd_cases.py [OUT_DIR]
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_writer as gw  # noqa: E402

SEED = 31
GENERATOR = "tools/reference/conv_nd_cases.py"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "engine/src/test/resources/golden-nd")

gen = torch.Generator().manual_seed(SEED)


def randn(*shape):
    return torch.randn(*shape, generator=gen, dtype=torch.float32)


def run(fn, inputs):
    """fn over float64 copies of the float32 inputs, and over the float32 inputs (PyTorch's own error)."""
    out = {}
    for dtype in (torch.float64, torch.float32):
        xs = [t.to(dtype).requires_grad_() if t is not None else None for t in inputs]
        out[dtype] = (xs, fn(*xs))
    return out


def conv_case(name, op, x_shape, c_out, kernel, stride, padding, dilation, groups, bias, description):
    x = randn(*x_shape)
    w = randn(c_out, x_shape[1] // groups, *kernel) * (1.0 / (x_shape[1] // groups * torch.tensor(kernel).prod())) ** 0.5
    b = randn(c_out) if bias else None
    conv = F.conv1d if op == "conv1d" else F.conv3d
    y32 = conv(x, w, b, stride, padding, dilation, groups)
    dy = randn(*y32.shape)
    res = {}
    for dtype in (torch.float64, torch.float32):
        xs = x.to(dtype).requires_grad_()
        ws = w.to(dtype).requires_grad_()
        bs = b.to(dtype).requires_grad_() if bias else None
        y = conv(xs, ws, bs, stride, padding, dilation, groups)
        y.backward(dy.to(dtype))
        res[dtype] = (y, xs.grad, ws.grad, bs.grad if bias else None)
    r64, r32 = res[torch.float64], res[torch.float32]
    tensors = [gw.tensor("input", x, "input"), gw.tensor("weight", w, "param")]
    if bias:
        tensors.append(gw.tensor("bias", b, "param"))
    tensors += [gw.tensor("grad_out", dy, "grad_out"),
                gw.tensor("output", r64[0], "output", f32_value=r32[0]),
                gw.tensor("grad_input", r64[1], "grad", grad_of="input", f32_value=r32[1]),
                gw.tensor("grad_weight", r64[2], "grad", grad_of="weight", f32_value=r32[2])]
    if bias:
        tensors.append(gw.tensor("grad_bias", r64[3], "grad", grad_of="bias", f32_value=r32[3]))
    params = {"stride": list(stride), "padding": list(padding), "dilation": list(dilation), "groups": groups,
              "bias": bias, "in_channels": x_shape[1], "out_channels": c_out, "kernel_size": list(kernel)}
    gw.write_case(OUT, name, op, description, params, tensors, kind="reduction")


def pool_case(name, op, x_shape, params, description):
    x = randn(*x_shape)
    fns = {
        "max_pool1d": lambda t: F.max_pool1d(t, params["kernel_size"], params["stride"], params["padding"],
                                             1, params["ceil_mode"]),
        "avg_pool1d": lambda t: F.avg_pool1d(t, params["kernel_size"], params["stride"], params["padding"],
                                             params["ceil_mode"], params["count_include_pad"]),
        "max_pool3d": lambda t: F.max_pool3d(t, params["kernel_size"], params["stride"], params["padding"],
                                             1, params["ceil_mode"]),
        "avg_pool3d": lambda t: F.avg_pool3d(t, params["kernel_size"], params["stride"], params["padding"],
                                             params["ceil_mode"], params["count_include_pad"]),
        "adaptive_avg_pool3d": lambda t: F.adaptive_avg_pool3d(t, params["output_size"]),
    }
    fn = fns[op]
    dy = randn(*fn(x).shape)
    res = {}
    for dtype in (torch.float64, torch.float32):
        xs = x.to(dtype).requires_grad_()
        y = fn(xs)
        y.backward(dy.to(dtype))
        res[dtype] = (y, xs.grad)
    kind = "elementwise" if op.startswith("max") else "reduction"
    tensors = [gw.tensor("input", x, "input"), gw.tensor("grad_out", dy, "grad_out"),
               gw.tensor("output", res[torch.float64][0], "output", f32_value=res[torch.float32][0]),
               gw.tensor("grad_input", res[torch.float64][1], "grad", grad_of="input",
                         f32_value=res[torch.float32][1])]
    gw.write_case(OUT, name, op, description, params, tensors, kind=kind)


def pool_params(k, s, p, ceil=False, include_pad=True, dims=1, avg=False):
    def axes(v):
        return list(v) if isinstance(v, (list, tuple)) else [v] * dims
    out = {"kernel_size": axes(k), "stride": axes(s), "padding": axes(p), "ceil_mode": ceil}
    if avg:
        out.update({"count_include_pad": include_pad, "divisor_override": None})
    else:
        out["dilation"] = axes(1)
    return out


def main():
    gw.start_set(OUT, GENERATOR, SEED)
    one, three = (1,), (1, 1, 1)
    conv_case("conv1d_k3_pad1", "conv1d", (2, 3, 11), 4, (3,), one, (1,), one, 1, True,
              "conv1d 3->4, kernel 3, padding 1: the length is kept")
    conv_case("conv1d_k5_stride2_dilation2_pad3", "conv1d", (2, 3, 19), 5, (5,), (2,), (3,), (2,), 1, True,
              "conv1d strided and dilated")
    conv_case("conv1d_depthwise", "conv1d", (2, 6, 13), 6, (3,), one, (1,), one, 6, True,
              "conv1d depthwise (groups = channels)")
    conv_case("conv1d_groups2_multiplier", "conv1d", (1, 4, 9), 8, (3,), (2,), (0,), one, 2, False,
              "conv1d two groups, two outputs per input channel, no bias")
    conv_case("conv1d_pointwise", "conv1d", (3, 5, 7), 2, (1,), one, (0,), one, 1, True, "conv1d kernel 1")
    conv_case("conv1d_sentence_embed16_k3", "conv1d", (2, 16, 10), 8, (3,), one, (0,), one, 1, True,
              "conv1d over a sentence: 10 tokens of 16-dimensional embeddings, no padding")
    conv_case("conv3d_3x3x3_pad1", "conv3d", (2, 2, 4, 5, 6), 3, (3, 3, 3), three, (1, 1, 1), three, 1, True,
              "conv3d 3x3x3, padding 1")
    conv_case("conv3d_time_k3x1x1", "conv3d", (1, 3, 5, 4, 4), 2, (3, 1, 1), three, (1, 0, 0), three, 1, True,
              "conv3d along time only (kernel 3x1x1)")
    conv_case("conv3d_strided_asym", "conv3d", (2, 2, 6, 7, 5), 3, (2, 3, 2), (2, 1, 2), (1, 1, 0), three, 1, True,
              "conv3d strided and padded differently per axis")
    conv_case("conv3d_groups2_dilation2", "conv3d", (1, 4, 5, 6, 6), 4, (3, 2, 3), three, (2, 1, 2), (2, 2, 2), 2,
              True, "conv3d two groups, dilation 2")
    conv_case("conv3d_depthwise_nobias", "conv3d", (2, 3, 4, 4, 5), 3, (3, 3, 3), (1, 2, 1), (1, 1, 1), three, 3,
              False, "conv3d depthwise, no bias")
    conv_case("conv3d_pointwise", "conv3d", (2, 4, 2, 3, 3), 3, (1, 1, 1), three, (0, 0, 0), three, 1, True,
              "conv3d kernel 1x1x1")
    pool_case("max_pool1d_k3_s2_pad1", "max_pool1d", (2, 3, 11), pool_params(3, 2, 1), "max_pool1d, padding 1")
    pool_case("max_pool1d_k2_ceil", "max_pool1d", (1, 2, 9), pool_params(2, 2, 0, ceil=True),
              "max_pool1d, ceil_mode (the last window is clipped)")
    pool_case("avg_pool1d_k2_s2", "avg_pool1d", (2, 3, 10), pool_params(2, 2, 0, avg=True), "avg_pool1d")
    pool_case("avg_pool1d_k3_s2_pad1_exclude_ceil", "avg_pool1d", (1, 2, 10),
              pool_params(3, 2, 1, ceil=True, include_pad=False, avg=True),
              "avg_pool1d, padding 1 not counted, ceil_mode")
    pool_case("max_pool3d_2x2x2", "max_pool3d", (2, 2, 4, 4, 6), pool_params(2, 2, 0, dims=3), "max_pool3d 2x2x2")
    pool_case("max_pool3d_3x3x3_s2_pad1_ceil", "max_pool3d", (1, 2, 5, 6, 7),
              pool_params(3, 2, 1, ceil=True, dims=3), "max_pool3d overlapping, padding 1, ceil_mode")
    pool_case("max_pool3d_1x2x2", "max_pool3d", (1, 3, 3, 4, 4), pool_params((1, 2, 2), (1, 2, 2), 0, dims=3),
              "max_pool3d over space only")
    pool_case("avg_pool3d_3x3x3_s2_pad1_exclude", "avg_pool3d", (1, 2, 5, 6, 5),
              pool_params(3, 2, 1, include_pad=False, dims=3, avg=True), "avg_pool3d, padding not counted")
    pool_case("avg_pool3d_3x3x3_s2_pad1_include_ceil", "avg_pool3d", (1, 2, 6, 5, 6),
              pool_params(3, 2, 1, ceil=True, include_pad=True, dims=3, avg=True),
              "avg_pool3d, padding counted, ceil_mode")
    pool_case("avg_pool3d_2x1x1", "avg_pool3d", (2, 2, 4, 3, 3), pool_params((2, 1, 1), (2, 1, 1), 0, dims=3, avg=True),
              "avg_pool3d over time only")
    pool_case("adaptive_avg_pool3d_global", "adaptive_avg_pool3d", (2, 3, 3, 4, 5), {"output_size": [1, 1, 1]},
              "global average pooling of each channel's volume")
    pool_case("adaptive_avg_pool3d_2x3x2", "adaptive_avg_pool3d", (1, 2, 5, 7, 5), {"output_size": [2, 3, 2]},
              "adaptive_avg_pool3d, sizes that do not divide (overlapping cells)")


if __name__ == "__main__":
    main()
