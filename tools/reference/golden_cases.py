"""The engine's reference set (engine/src/test/resources/golden): the 66 cases of the layers, losses,
optimizers and a whole LeNet-5 that GoldenConformanceTest and `lamina verify` run, in the format of
the set's FORMAT.md, through golden_writer.py.

The set was first a copy of ../shared/golden, made by a generator outside this repository; this is
the project's own, with the same case names, ops, parameters, shapes and tolerance rules, and its
own random inputs (seed SEED). Values are PyTorch's in float64 from float32 inputs, stored as
float32; PyTorch's own float32 error is recorded per tensor. Inputs are drawn so that each case
tests what its name says: max pooling's inputs have no ties within a plane, the ReLU family's
inputs hold exact zeros, the large-logit cases need the row maximum subtracted.

The style transfer cases in the same set come from style_cases.py; run it after this script
(this one starts the set's index afresh):

    /usr/bin/python3 tools/reference/golden_cases.py [SET_DIR]
    /usr/bin/python3 tools/reference/style_cases.py [SET_DIR]
"""
import os
import shutil
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_writer as gw  # noqa: E402

SEED = 1
GENERATOR = "tools/reference/golden_cases.py"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_SET = os.path.join(ROOT, "engine", "src", "test", "resources", "golden")

F64, F32 = torch.float64, torch.float32
gen = torch.Generator().manual_seed(SEED)


def randn(*shape, scale=1.0):
    """float32 normals (the stored inputs are exactly the values computed with)."""
    return torch.randn(*shape, generator=gen, dtype=F32) * scale


def uniform(lo, hi, *shape):
    return torch.rand(*shape, generator=gen, dtype=F32) * (hi - lo) + lo


def randint(hi, *shape):
    return torch.randint(0, hi, shape, generator=gen).to(F32)


def both(fn, inputs, grad_out=None):
    """fn over float64 and over float32 leaf copies of the float32 `inputs` (None stays None), then
    backward from `grad_out` (or from the scalar first output). Returns {dtype: (outputs, grads)}."""
    res = {}
    for dtype in (F64, F32):
        leaves = [t.detach().to(dtype).clone().requires_grad_() if t is not None else None for t in inputs]
        outs = fn(*leaves)
        outs = outs if isinstance(outs, tuple) else (outs,)
        seed = grad_out.to(dtype) if grad_out is not None else None
        outs[0].backward(seed)
        res[dtype] = ([o.detach() for o in outs], [t.grad if t is not None else None for t in leaves])
    return res


def case_dir(set_dir, name):
    """A case's folder emptied first, so that no file of an earlier version stays behind."""
    d = os.path.join(set_dir, name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    return set_dir


# ---------------------------------------------------------------- convolutions

CONV_DESC = "y = conv2d(input, weight, bias); grads from backward(grad_out)"
CONVT_DESC = "y = conv_transpose2d(input, weight, bias); weight is [C_in, C_out/groups, kH, kW]"


def conv_case(s, name, n, c_in, c_out, hw, kernel, stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1,
              bias=True):
    x = randn(n, c_in, *hw)
    fan_in = c_in // groups * kernel[0] * kernel[1]
    w = randn(c_out, c_in // groups, *kernel, scale=fan_in ** -0.5)
    b = randn(c_out, scale=0.5) if bias else None
    y32 = F.conv2d(x, w, b, stride, padding, dilation, groups)
    dy = randn(*y32.shape)
    r = both(lambda x_, w_, b_: F.conv2d(x_, w_, b_, stride, padding, dilation, groups), [x, w, b], dy)
    params = {"stride": list(stride), "padding": list(padding), "dilation": list(dilation), "groups": groups,
              "bias": bias, "in_channels": c_in, "out_channels": c_out, "kernel_size": list(kernel),
              "padding_mode": "zeros"}
    write_conv(s, name, "conv2d", CONV_DESC, params, x, w, b, dy, r)


def conv_transpose_case(s, name, n, c_in, c_out, hw, kernel, stride, padding, output_padding=(0, 0),
                        dilation=(1, 1), groups=1, bias=True):
    x = randn(n, c_in, *hw)
    fan = c_in // groups * kernel[0] * kernel[1]
    w = randn(c_in, c_out // groups, *kernel, scale=fan ** -0.5)
    b = randn(c_out, scale=0.5) if bias else None

    def f(x_, w_, b_):
        return F.conv_transpose2d(x_, w_, b_, stride, padding, output_padding, groups, dilation)

    dy = randn(*f(x, w, b).shape)
    r = both(f, [x, w, b], dy)
    params = {"stride": list(stride), "padding": list(padding), "output_padding": list(output_padding),
              "dilation": list(dilation), "groups": groups, "bias": bias, "in_channels": c_in,
              "out_channels": c_out, "kernel_size": list(kernel)}
    write_conv(s, name, "conv_transpose2d", CONVT_DESC, params, x, w, b, dy, r)


def write_conv(s, name, op, desc, params, x, w, b, dy, r):
    (y64,), (dx64, dw64, db64) = r[F64]
    (y32,), (dx32, dw32, db32) = r[F32]
    t = [gw.tensor("input", x, "input"), gw.tensor("weight", w, "param")]
    if b is not None:
        t.append(gw.tensor("bias", b, "param"))
    t += [gw.tensor("grad_out", dy, "grad_out", grad_of="output"),
          gw.tensor("output", y64, "output", f32_value=y32),
          gw.tensor("grad_input", dx64, "grad", grad_of="input", f32_value=dx32),
          gw.tensor("grad_weight", dw64, "grad", grad_of="weight", f32_value=dw32)]
    if b is not None:
        t.append(gw.tensor("grad_bias", db64, "grad", grad_of="bias", f32_value=db32))
    gw.write_case(case_dir(s, name), name, op, desc, params, t, kind="reduction")


def convolutions(s):
    conv_case(s, "conv2d_1x1_pointwise", 3, 8, 16, (7, 9), (1, 1))
    conv_case(s, "conv2d_3x3_pad1", 3, 4, 6, (7, 9), (3, 3), padding=(1, 1))
    conv_case(s, "conv2d_3x3_pad1_nobias_batch1", 1, 3, 5, (8, 8), (3, 3), padding=(1, 1), bias=False)
    conv_case(s, "conv2d_5x5_valid", 2, 3, 4, (11, 13), (5, 5))
    conv_case(s, "conv2d_5x5_pad2_same", 2, 3, 4, (7, 9), (5, 5), padding=(2, 2))
    conv_case(s, "conv2d_3x3_strided", 3, 4, 6, (9, 11), (3, 3), stride=(2, 2), padding=(1, 1))
    conv_case(s, "conv2d_stride2_nopad_truncating", 2, 3, 4, (8, 10), (3, 3), stride=(2, 2))
    conv_case(s, "conv2d_asym_kernel_3x1", 2, 4, 5, (7, 9), (3, 1), padding=(1, 0))
    conv_case(s, "conv2d_asym_stride_pad", 2, 3, 4, (9, 8), (3, 5), stride=(2, 1), padding=(2, 1))
    conv_case(s, "conv2d_dilation2", 2, 3, 4, (11, 12), (3, 3), padding=(2, 2), dilation=(2, 2))
    conv_case(s, "conv2d_dilation3", 1, 3, 4, (13, 11), (3, 3), padding=(1, 1), dilation=(3, 3))
    conv_case(s, "conv2d_groups2", 2, 6, 8, (7, 9), (3, 3), padding=(1, 1), groups=2)
    conv_case(s, "conv2d_depthwise", 3, 5, 5, (7, 9), (3, 3), padding=(1, 1), groups=5)
    conv_case(s, "conv2d_depthwise_multiplier2", 2, 4, 8, (8, 7), (3, 3), padding=(1, 1), groups=4)
    conv_case(s, "conv2d_padding_larger_than_kernel_half", 1, 2, 3, (5, 6), (3, 3), padding=(3, 3))
    conv_case(s, "conv2d_alexnet_11x11_s4", 1, 3, 4, (31, 31), (11, 11), stride=(4, 4), padding=(2, 2))
    conv_transpose_case(s, "conv_transpose2d_k4_s2_p1", 2, 4, 3, (5, 6), (4, 4), (2, 2), (1, 1))
    conv_transpose_case(s, "conv_transpose2d_k3_s2_p1_outpad1", 2, 3, 4, (4, 5), (3, 3), (2, 2), (1, 1),
                        output_padding=(1, 1))
    conv_transpose_case(s, "conv_transpose2d_dilation2", 1, 3, 2, (5, 5), (3, 3), (1, 1), (1, 1),
                        dilation=(2, 2))
    conv_transpose_case(s, "conv_transpose2d_groups2", 2, 4, 6, (4, 5), (3, 3), (2, 2), (1, 1), groups=2)
    conv_transpose_case(s, "conv_transpose2d_stride3", 1, 2, 3, (4, 3), (4, 4), (3, 3), (0, 0))
    conv_transpose_case(s, "conv_transpose2d_k2_s2_nobias", 3, 3, 2, (3, 4), (2, 2), (2, 2), (0, 0), bias=False)


# ---------------------------------------------------------------- pooling

POOL_DESC = "pooling forward and backward"
INDICES = "argmax flat index h*W+w within the (unpadded) input plane, stored as float32"


def distinct_normals(*shape):
    """Normals with no two equal values in a plane, so that max pooling's argmax is unambiguous."""
    while True:
        x = randn(*shape)
        planes = x.reshape(-1, shape[-2] * shape[-1])
        if all(len(set(p.tolist())) == p.numel() for p in planes):
            return x


def max_pool_case(s, name, shape, kernel, stride, padding=(0, 0), ceil_mode=False):
    x = distinct_normals(*shape)

    def f(x_):
        return F.max_pool2d(x_, kernel, stride, padding, 1, ceil_mode, return_indices=True)

    y32, _ = f(x)
    dy = randn(*y32.shape)
    r = both(f, [x], dy)
    (y64, i64), (dx64,) = r[F64]
    (y32, i32), (dx32,) = r[F32]
    assert torch.equal(i64, i32), name + ": float64 and float32 argmax differ"
    params = {"kernel_size": list(kernel), "stride": list(stride), "padding": list(padding), "dilation": [1, 1],
              "ceil_mode": ceil_mode}
    gw.write_case(case_dir(s, name), name, "max_pool2d", POOL_DESC, params,
                  [gw.tensor("input", x, "input"), gw.tensor("grad_out", dy, "grad_out", grad_of="output"),
                   gw.tensor("output", y64, "output", f32_value=y32),
                   gw.tensor("grad_input", dx64, "grad", grad_of="input", f32_value=dx32),
                   gw.tensor("indices", i64.to(F64), "aux", semantic=INDICES)],
                  kind="elementwise", notes=["Inputs are random normals (no ties). Padding acts as -inf."])


def avg_pool_case(s, name, shape, kernel, stride, padding=(0, 0), ceil_mode=False, count_include_pad=True):
    x = randn(*shape)

    def f(x_):
        return F.avg_pool2d(x_, kernel, stride, padding, ceil_mode, count_include_pad)

    dy = randn(*f(x).shape)
    r = both(f, [x], dy)
    params = {"kernel_size": list(kernel), "stride": list(stride), "padding": list(padding), "ceil_mode": ceil_mode,
              "count_include_pad": count_include_pad, "divisor_override": None}
    write_pool(s, name, "avg_pool2d", params, x, dy, r)


def adaptive_case(s, name, shape, out):
    x = randn(*shape)
    dy = randn(*shape[:2], *out)
    r = both(lambda x_: F.adaptive_avg_pool2d(x_, out), [x], dy)
    write_pool(s, name, "adaptive_avg_pool2d", {"output_size": list(out)}, x, dy, r)


def write_pool(s, name, op, params, x, dy, r):
    (y64,), (dx64,) = r[F64]
    (y32,), (dx32,) = r[F32]
    gw.write_case(case_dir(s, name), name, op, POOL_DESC, params,
                  [gw.tensor("input", x, "input"), gw.tensor("grad_out", dy, "grad_out", grad_of="output"),
                   gw.tensor("output", y64, "output", f32_value=y32),
                   gw.tensor("grad_input", dx64, "grad", grad_of="input", f32_value=dx32)],
                  kind="reduction")


def pooling(s):
    max_pool_case(s, "max_pool2d_2x2_s2", (2, 3, 8, 10), (2, 2), (2, 2))
    max_pool_case(s, "max_pool2d_2x2_s2_odd_floor", (2, 3, 7, 9), (2, 2), (2, 2))
    max_pool_case(s, "max_pool2d_3x3_s2_overlapping", (2, 3, 13, 15), (3, 3), (2, 2))
    max_pool_case(s, "max_pool2d_3x3_s2_pad1", (2, 2, 7, 9), (3, 3), (2, 2), padding=(1, 1))
    max_pool_case(s, "max_pool2d_3x3_s2_ceil", (2, 2, 8, 10), (3, 3), (2, 2), ceil_mode=True)
    max_pool_case(s, "max_pool2d_2x2_s2_ceil", (1, 3, 7, 9), (2, 2), (2, 2), ceil_mode=True)
    avg_pool_case(s, "avg_pool2d_2x2_s2", (2, 3, 8, 10), (2, 2), (2, 2))
    avg_pool_case(s, "avg_pool2d_3x3_s2_pad1_include_pad", (2, 2, 7, 9), (3, 3), (2, 2), padding=(1, 1))
    avg_pool_case(s, "avg_pool2d_3x3_s2_pad1_exclude_pad", (2, 2, 7, 9), (3, 3), (2, 2), padding=(1, 1),
                  count_include_pad=False)
    avg_pool_case(s, "avg_pool2d_3x3_s2_ceil", (2, 2, 8, 10), (3, 3), (2, 2), ceil_mode=True)
    avg_pool_case(s, "avg_pool2d_3x3_s2_pad1_ceil_include_pad", (1, 2, 8, 6), (3, 3), (2, 2), padding=(1, 1),
                  ceil_mode=True)
    avg_pool_case(s, "avg_pool2d_3x3_s2_pad1_ceil_exclude_pad", (1, 2, 8, 6), (3, 3), (2, 2), padding=(1, 1),
                  ceil_mode=True, count_include_pad=False)
    adaptive_case(s, "adaptive_avg_pool2d_global_1x1", (2, 5, 7, 9), (1, 1))
    adaptive_case(s, "adaptive_avg_pool2d_3x2_nondivisible", (2, 3, 7, 9), (3, 2))


# ---------------------------------------------------------------- local response normalization

def lrn_case(s, name, shape, size, alpha, beta, k, scale):
    x = randn(*shape, scale=scale)
    dy = randn(*shape)
    r = both(lambda x_: F.local_response_norm(x_, size, alpha, beta, k), [x], dy)
    (y64,), (dx64,) = r[F64]
    (y32,), (dx32,) = r[F32]
    params = {"size": size, "alpha": alpha, "beta": beta, "k": k, "alpha_per_term": alpha / size,
              "window": [-(size // 2), (size - 1) // 2]}
    gw.write_case(case_dir(s, name), name, "local_response_norm",
                  "PyTorch LRN across channels: y = x / (k + alpha/size * sum_window x^2)^beta", params,
                  [gw.tensor("input", x, "input"), gw.tensor("grad_out", dy, "grad_out", grad_of="output"),
                   gw.tensor("output", y64, "output", f32_value=y32, kind="elementwise"),
                   gw.tensor("grad_input", dx64, "grad", grad_of="input", f32_value=dx32)],
                  kind="reduction",
                  notes=["alpha is divided by size (PyTorch); the AlexNet paper's alpha=1e-4 is applied per term "
                         "without division."])


def lrn(s):
    # Large inputs where alpha is small, so that the normalization changes the values measurably.
    lrn_case(s, "lrn_alexnet", (2, 7, 5, 6), 5, 1e-4, 0.75, 2.0, 10.0)
    lrn_case(s, "lrn_pytorch_default_k1", (2, 6, 4, 5), 5, 1e-4, 0.75, 1.0, 10.0)
    lrn_case(s, "lrn_strong_size3", (2, 5, 3, 4), 3, 1.0, 0.75, 1.0, 1.0)
    lrn_case(s, "lrn_even_size4", (1, 6, 3, 5), 4, 0.5, 0.75, 1.0, 1.4)


# ---------------------------------------------------------------- batch normalization

def batch_norm_case(s, name, shape, training):
    c = shape[1]
    x = randn(*shape) * uniform(0.5, 2.0, 1, c, 1, 1) + randn(1, c, 1, 1, scale=0.5)
    gamma, beta = uniform(0.5, 1.5, c), randn(c, scale=0.3)
    mean, var = randn(c, scale=0.3), uniform(0.5, 2.0, c)
    dy = randn(*shape)
    stats = {}

    def f(x_, g_, b_):
        rm, rv = mean.to(x_.dtype).clone(), var.to(x_.dtype).clone()  # updated in place
        y = F.batch_norm(x_, rm, rv, g_, b_, training, 0.1, 1e-5)
        stats[x_.dtype] = (rm, rv)
        return y

    r = both(f, [x, gamma, beta], dy)
    (y64,), (dx64, dg64, db64) = r[F64]
    (y32,), (dx32, dg32, db32) = r[F32]
    t = [gw.tensor("input", x, "input"), gw.tensor("weight", gamma, "param", semantic="gamma"),
         gw.tensor("bias", beta, "param", semantic="beta"), gw.tensor("running_mean", mean, "state_in"),
         gw.tensor("running_var", var, "state_in"), gw.tensor("grad_out", dy, "grad_out", grad_of="output"),
         gw.tensor("output", y64, "output", f32_value=y32),
         gw.tensor("grad_input", dx64, "grad", grad_of="input", f32_value=dx32),
         gw.tensor("grad_weight", dg64, "grad", grad_of="weight", f32_value=dg32),
         gw.tensor("grad_bias", db64, "grad", grad_of="bias", f32_value=db32),
         gw.tensor("running_mean_out", stats[F64][0], "state_out", f32_value=stats[F32][0]),
         gw.tensor("running_var_out", stats[F64][1], "state_out", f32_value=stats[F32][1])]
    notes = None
    if training:
        x64 = x.to(F64)
        t += [gw.tensor("batch_mean", x64.mean(dim=(0, 2, 3)), "aux"),
              gw.tensor("batch_var_biased", x64.var(dim=(0, 2, 3), unbiased=False), "aux")]
        notes = ["normalisation uses the biased batch variance; running_var is updated with the unbiased one "
                 "(factor n/(n-1), n=N*H*W)"]
    params = {"training": training, "momentum": 0.1, "eps": 1e-5, "affine": True, "track_running_stats": True,
              "num_features": c}
    gw.write_case(case_dir(s, name), name, "batch_norm2d",
                  "BatchNorm2d (training: batch stats + running-stat update; eval: running stats)", params, t,
                  kind="reduction", notes=notes)


def batch_norm(s):
    batch_norm_case(s, "batch_norm2d_train", (4, 5, 6, 7), True)
    batch_norm_case(s, "batch_norm2d_train_batch1", (1, 3, 5, 4), True)
    batch_norm_case(s, "batch_norm2d_eval", (3, 4, 5, 6), False)


# ---------------------------------------------------------------- dense layers

def linear_case(s, name, n, fin, fout, bias):
    x = randn(n, fin)
    w = randn(fout, fin, scale=fin ** -0.5)
    b = randn(fout, scale=0.5) if bias else None
    dy = randn(n, fout)
    r = both(lambda x_, w_, b_: F.linear(x_, w_, b_), [x, w, b], dy)
    (y64,), (dx64, dw64, db64) = r[F64]
    (y32,), (dx32, dw32, db32) = r[F32]
    t = [gw.tensor("input", x, "input"), gw.tensor("weight", w, "param")]
    if bias:
        t.append(gw.tensor("bias", b, "param"))
    t += [gw.tensor("grad_out", dy, "grad_out", grad_of="output"),
          gw.tensor("output", y64, "output", f32_value=y32),
          gw.tensor("grad_input", dx64, "grad", grad_of="input", f32_value=dx32),
          gw.tensor("grad_weight", dw64, "grad", grad_of="weight", f32_value=dw32)]
    if bias:
        t.append(gw.tensor("grad_bias", db64, "grad", grad_of="bias", f32_value=db32))
    gw.write_case(case_dir(s, name), name, "linear", "y = input @ weight^T + bias",
                  {"in_features": fin, "out_features": fout, "bias": bias}, t, kind="reduction")


def dense(s):
    linear_case(s, "linear", 3, 20, 7, True)
    linear_case(s, "linear_nobias_batch1", 1, 13, 5, False)


# ---------------------------------------------------------------- activations

ZEROS_NOTE = ("input contains 3 exact zeros; PyTorch's derivative at x == 0 takes the x <= 0 branch (relu: 0, "
              "leaky_relu: slope, elu: alpha*exp(0)=alpha)")
LARGE_NOTE = "logits are offset by 80..120 per row: a naive exp() overflows float32; subtract the row max first"


def activation_case(s, name, op, params, fn, x, grad_kind="elementwise", notes=None):
    dy = randn(*x.shape)
    r = both(fn, [x], dy)
    (y64,), (dx64,) = r[F64]
    (y32,), (dx32,) = r[F32]
    gw.write_case(case_dir(s, name), name, op, "element-wise activation", params,
                  [gw.tensor("input", x, "input"), gw.tensor("grad_out", dy, "grad_out", grad_of="output"),
                   gw.tensor("output", y64, "output", f32_value=y32),
                   gw.tensor("grad_input", dx64, "grad", grad_of="input", f32_value=dx32, kind=grad_kind)],
                  kind="elementwise", notes=notes)


def with_zeros(*shape):
    x = randn(*shape, scale=3.0).flatten()
    at = torch.randperm(x.numel(), generator=gen)[:3]
    x[at] = 0.0
    return x.reshape(shape)


def activations(s):
    shape = (2, 3, 5, 7)
    activation_case(s, "relu", "relu", {}, F.relu, with_zeros(*shape), notes=[ZEROS_NOTE])
    activation_case(s, "leaky_relu_0.1", "leaky_relu", {"negative_slope": 0.1}, lambda x: F.leaky_relu(x, 0.1),
                    with_zeros(*shape), notes=[ZEROS_NOTE])
    activation_case(s, "elu", "elu", {"alpha": 1.0}, lambda x: F.elu(x, 1.0), with_zeros(*shape), notes=[ZEROS_NOTE])
    activation_case(s, "sigmoid", "sigmoid", {}, torch.sigmoid, randn(*shape, scale=3.0))
    activation_case(s, "tanh", "tanh", {}, torch.tanh, randn(*shape, scale=3.0))
    softmax = lambda x: F.softmax(x, dim=1)  # noqa: E731
    log_softmax = lambda x: F.log_softmax(x, dim=1)  # noqa: E731
    activation_case(s, "softmax", "softmax", {"dim": 1}, softmax, randn(5, 10, scale=3.0), grad_kind="reduction")
    activation_case(s, "log_softmax", "log_softmax", {"dim": 1}, log_softmax, randn(5, 10, scale=3.0),
                    grad_kind="reduction")
    activation_case(s, "softmax_large_logits", "softmax", {"dim": 1}, softmax,
                    randn(5, 10, scale=3.0) + uniform(80.0, 120.0, 5, 1), grad_kind="reduction", notes=[LARGE_NOTE])
    activation_case(s, "log_softmax_large_logits", "log_softmax", {"dim": 1}, log_softmax,
                    randn(5, 10, scale=3.0) + uniform(80.0, 120.0, 5, 1), grad_kind="reduction", notes=[LARGE_NOTE])


# ---------------------------------------------------------------- losses

LOSS_DESC = "loss of logits [N, classes] vs integer labels; grad_logits = dloss/dlogits"
LABELS = "integer class index in [0, classes), stored as float32"
NO_GRAD_OUT = "no grad_out: the upstream gradient of the scalar loss is 1"


def classification_loss_case(s, name, op, params, fn, scale):
    logits, labels = randn(5, 10, scale=scale), randint(10, 5)
    r = both(lambda x_: fn(x_, labels.long()), [logits])
    (l64,), (g64,) = r[F64]
    (l32,), (g32,) = r[F32]
    gw.write_case(case_dir(s, name), name, op, LOSS_DESC, params,
                  [gw.tensor("logits", logits, "input"), gw.tensor("labels", labels, "input", semantic=LABELS),
                   gw.tensor("loss", l64, "output", f32_value=l32),
                   gw.tensor("grad_logits", g64, "grad", grad_of="logits", f32_value=g32)],
                  kind="reduction", notes=[NO_GRAD_OUT])


def losses(s):
    classification_loss_case(s, "cross_entropy", "cross_entropy", {"reduction": "mean", "label_smoothing": 0.0},
                             lambda x, y: F.cross_entropy(x, y), 2.0)
    classification_loss_case(s, "multi_margin", "multi_margin_loss",
                             {"p": 1, "margin": 1.0, "reduction": "mean", "weight": None},
                             lambda x, y: F.multi_margin_loss(x, y, p=1, margin=1.0), 0.8)
    x, target = randn(4, 6), randn(4, 6)
    r = both(F.mse_loss, [x, target])
    (l64,), (dx64, dt64) = r[F64]
    (l32,), (dx32, dt32) = r[F32]
    gw.write_case(case_dir(s, "mse"), "mse", "mse_loss", "loss = mean((input - target)^2)", {"reduction": "mean"},
                  [gw.tensor("input", x, "input"), gw.tensor("target", target, "input"),
                   gw.tensor("loss", l64, "output", f32_value=l32),
                   gw.tensor("grad_input", dx64, "grad", grad_of="input", f32_value=dx32),
                   gw.tensor("grad_target", dt64, "grad", grad_of="target", f32_value=dt32)],
                  kind="reduction", notes=[NO_GRAD_OUT])


# ---------------------------------------------------------------- optimizers

STEPS = 5


def optimizer_case(s, name, op, make, params):
    p0, grads = randn(3, 4, scale=0.7), randn(STEPS, 3, 4)
    after = {}
    for dtype in (F64, F32):
        p = p0.to(dtype).clone().requires_grad_()
        opt = make([p])
        rows = []
        for t in range(STEPS):
            p.grad = grads[t].to(dtype).clone()
            opt.step()
            rows.append(p.detach().clone())
        after[dtype] = torch.stack(rows)
    gw.write_case(case_dir(s, name), name, op, "params_after[t] is the parameter after step t+1 with gradient grads[t]",
                  dict(params, steps=STEPS),
                  [gw.tensor("param_init", p0, "input"),
                   gw.tensor("grads", grads, "input", semantic="grads[t] is the gradient fed at step t+1"),
                   gw.tensor("params_after", after[F64], "output", f32_value=after[F32])],
                  kind="optimizer")


def optimizers(s):
    sgd = {"lr": 0.1, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False}
    optimizer_case(s, "opt_sgd", "optimizer_sgd", lambda p: torch.optim.SGD(p, **sgd), dict(sgd, optimizer="SGD"))
    sgd_m = dict(sgd, momentum=0.9, weight_decay=5e-4)
    optimizer_case(s, "opt_sgd_momentum_wd", "optimizer_sgd", lambda p: torch.optim.SGD(p, **sgd_m),
                   dict(sgd_m, optimizer="SGD"))
    sgd_n = dict(sgd_m, nesterov=True)
    optimizer_case(s, "opt_sgd_nesterov", "optimizer_sgd", lambda p: torch.optim.SGD(p, **sgd_n),
                   dict(sgd_n, optimizer="SGD"))
    adam = {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}
    optimizer_case(s, "opt_adam", "optimizer_adam", lambda p: torch.optim.Adam(p, **adam),
                   dict(adam, betas=[0.9, 0.999], optimizer="Adam"))
    adam_l2 = dict(adam, weight_decay=0.01)
    optimizer_case(s, "opt_adam_l2", "optimizer_adam", lambda p: torch.optim.Adam(p, **adam_l2),
                   dict(adam_l2, betas=[0.9, 0.999], optimizer="Adam"))
    optimizer_case(s, "opt_adamw", "optimizer_adamw", lambda p: torch.optim.AdamW(p, **adam_l2),
                   dict(adam_l2, betas=[0.9, 0.999], optimizer="AdamW"))
    rms = {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0, "centered": False}
    optimizer_case(s, "opt_rmsprop", "optimizer_rmsprop", lambda p: torch.optim.RMSprop(p, **rms),
                   dict(rms, optimizer="RMSprop"))
    adagrad = {"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10}
    optimizer_case(s, "opt_adagrad", "optimizer_adagrad", lambda p: torch.optim.Adagrad(p, **adagrad),
                   dict(adagrad, optimizer="Adagrad"))


# ---------------------------------------------------------------- LeNet-5, end to end

LENET_LAYERS = ["conv1: conv2d 1->6 k5 s1 p2 + bias", "tanh", "avg_pool2d k2 s2", "conv2: conv2d 6->16 k5 s1 p0 + bias",
                "tanh", "avg_pool2d k2 s2", "flatten (C,H,W order) -> 400", "fc1: linear 400->120", "tanh",
                "fc2: linear 120->84", "tanh", "fc3: linear 84->10", "cross_entropy (mean) with labels"]
PARAMS = ["conv1_weight", "conv1_bias", "conv2_weight", "conv2_bias", "fc1_weight", "fc1_bias", "fc2_weight",
          "fc2_bias", "fc3_weight", "fc3_bias"]


def lenet5(s):
    name = "lenet5_end_to_end"
    x, labels = randn(4, 1, 28, 28), randint(10, 4)
    # PyTorch's default initialization of each layer, from a seeded global generator.
    torch.manual_seed(SEED)
    layers = [torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.Conv2d(6, 16, 5), torch.nn.Linear(400, 120),
              torch.nn.Linear(120, 84), torch.nn.Linear(84, 10)]
    weights = [t.detach().clone() for m in layers for t in (m.weight, m.bias)]
    res = {}
    for dtype in (F64, F32):
        xs = x.to(dtype).clone().requires_grad_()
        ps = [w.to(dtype).clone().requires_grad_() for w in weights]
        c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b, f3w, f3b = ps
        conv1 = F.conv2d(xs, c1w, c1b, padding=2)
        pool1 = F.avg_pool2d(torch.tanh(conv1), 2, 2)
        conv2 = F.conv2d(pool1, c2w, c2b)
        pool2 = F.avg_pool2d(torch.tanh(conv2), 2, 2)
        fc1 = F.linear(pool2.flatten(1), f1w, f1b)
        fc2 = F.linear(torch.tanh(fc1), f2w, f2b)
        logits = F.linear(torch.tanh(fc2), f3w, f3b)
        loss = F.cross_entropy(logits, labels.long())
        loss.backward()
        outs = {"conv1_out": conv1, "pool1_out": pool1, "conv2_out": conv2, "pool2_out": pool2, "fc1_out": fc1,
                "fc2_out": fc2, "logits": logits, "loss": loss}
        grads = {"grad_" + n: p.grad for n, p in zip(PARAMS, ps)}
        grads["grad_input"] = xs.grad
        res[dtype] = ({k: v.detach() for k, v in outs.items()}, grads)
    t = [gw.tensor("input", x, "input"),
         gw.tensor("labels", labels, "input", semantic="integer class index in [0, 10), stored as float32")]
    t += [gw.tensor(n, w, "param") for n, w in zip(PARAMS, weights)]
    pre = {"conv1_out", "conv2_out", "fc1_out", "fc2_out"}
    for k, v in res[F64][0].items():
        t.append(gw.tensor(k, v, "output", f32_value=res[F32][0][k], semantic="pre-activation" if k in pre else None))
    for k, v in res[F64][1].items():
        t.append(gw.tensor(k, v, "grad", grad_of=k[len("grad_"):], f32_value=res[F32][1][k]))
    params = {"input_shape": [4, 1, 28, 28], "conv1_padding": 2, "layers": LENET_LAYERS, "loss": "cross_entropy mean"}
    gw.write_case(case_dir(s, name), name, "lenet5", "tiny LeNet-5 forward + backward of mean cross-entropy loss",
                  params, t, kind="network",
                  notes=["weights use PyTorch default init (seeded); no grad_out: upstream gradient of the loss is 1"])


def main():
    set_dir = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SET
    gw.start_set(set_dir, GENERATOR, SEED, format_doc="FORMAT.md")
    convolutions(set_dir)
    pooling(set_dir)
    lrn(set_dir)
    batch_norm(set_dir)
    dense(set_dir)
    activations(set_dir)
    losses(set_dir)
    optimizers(set_dir)
    lenet5(set_dir)


if __name__ == "__main__":
    main()
