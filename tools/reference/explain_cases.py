"""Reference cases of `lamina explain` (engine/src/test/resources/golden-explain/), in the golden
format through golden_writer.py:

- guided_relu, deconvnet_relu: relu forward, the visualization rules' backward (FORMAT-ext.md);
- explain_lenet5_*: the project's lenet5 architecture (variant relu, the default: conv 6@5x5 pad 2,
  ReLU, max pool 2, conv 16@5x5, ReLU, max pool 2, dense 120, ReLU, 84, ReLU, 10) with weights
  trained briefly on Fashion-MNIST, and test images: the logits and the gradient of each image's top
  class score with respect to the image, with the ReLUs differentiated normally (vanilla saliency),
  by guided backpropagation, or by the deconvnet rule.

Run with Debian's PyTorch:  /usr/bin/python3 tools/reference/explain_cases.py [OUT_DIR]
The Fashion-MNIST IDX files come from Debian's dataset-fashion-mnist (/usr/share/datasets).
"""
import gzip
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import golden_writer as gw  # noqa: E402

SEED = 15
DATA = "/usr/share/datasets/fashion-mnist"
GENERATOR = "tools/reference/explain_cases.py"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "engine/src/test/resources/golden-explain")


def idx(name):
    with gzip.open(os.path.join(DATA, name)) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class Rule(torch.autograd.Function):
    """relu forward; backward by rule: normal, guided or deconvnet."""

    @staticmethod
    def forward(ctx, x, rule):
        ctx.save_for_backward(x)
        ctx.rule = rule
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        if ctx.rule == "normal":
            return g * (x > 0), None
        if ctx.rule == "guided":
            return g * (x > 0) * (g > 0), None
        return g.clamp(min=0), None


NAMES = ["conv1", "conv2", "fc1", "fc2", "fc3"]


def lenet5(p, x, rule="normal"):
    """The registry's lenet5, variant relu, for 28x28 images (conv1 padding (32 - 28) / 2 = 2)."""
    act = (lambda t: Rule.apply(t, rule)) if rule is not None else F.relu
    y = F.max_pool2d(act(F.conv2d(x, p["conv1.weight"], p["conv1.bias"], padding=2)), 2)
    y = F.max_pool2d(act(F.conv2d(y, p["conv2.weight"], p["conv2.bias"])), 2)
    y = act(F.linear(y.flatten(1), p["fc1.weight"], p["fc1.bias"]))
    y = act(F.linear(y, p["fc2.weight"], p["fc2.bias"]))
    return F.linear(y, p["fc3.weight"], p["fc3.bias"])


def train(images, labels, steps=400, batch=64):
    g = torch.Generator().manual_seed(SEED)
    shapes = {"conv1": (6, 1, 5, 5), "conv2": (16, 6, 5, 5), "fc1": (120, 400), "fc2": (84, 120), "fc3": (10, 84)}
    p = {}
    for n, s in shapes.items():
        fan_in = int(np.prod(s[1:]))
        p[n + ".weight"] = (torch.randn(s, generator=g) * (2.0 / fan_in) ** 0.5).requires_grad_()
        p[n + ".bias"] = torch.zeros(s[0]).requires_grad_()
    opt = torch.optim.Adam(p.values(), lr=2e-3)
    for step in range(steps):
        idx_ = torch.randint(0, images.shape[0], (batch,), generator=g)
        loss = F.cross_entropy(lenet5(p, images[idx_], None), labels[idx_])
        opt.zero_grad()
        loss.backward()
        opt.step()
    return {k: v.detach() for k, v in p.items()}, float(loss)


def relu_rule_case(rule):
    g = torch.Generator().manual_seed(SEED + (1 if rule == "guided" else 2))
    x = torch.randn(2, 3, 5, 6, generator=g, dtype=torch.float64).float().double()
    dy = torch.randn(2, 3, 5, 6, generator=g, dtype=torch.float64).float().double()
    x[0, 0, 0, :3] = 0.0  # the x == 0 branch: no gradient for guided, whatever it is for the deconvnet
    xr = x.clone().requires_grad_()
    y = Rule.apply(xr, rule)
    y.backward(dy)
    x32 = x.float().requires_grad_()
    y32 = Rule.apply(x32, rule)
    y32.backward(dy.float())
    name = rule + "_relu"
    formula = ("grad_input = grad_out * (input > 0) * (grad_out > 0)" if rule == "guided"
               else "grad_input = relu(grad_out), whatever the input")
    gw.write_case(OUT, name, name, "forward relu; backward " + formula, {"rule": rule}, [
        gw.tensor("input", x, "input"),
        gw.tensor("grad_out", dy, "grad_out", grad_of="output"),
        gw.tensor("output", y, "output", f32_value=y32),
        gw.tensor("grad_input", xr.grad, "grad", grad_of="input", f32_value=x32.grad),
    ])


def explain_case(p, images, rule, method):
    x = images.double().clone().requires_grad_()
    p64 = {k: v.double() for k, v in p.items()}
    logits = lenet5(p64, x, rule)
    top = logits.argmax(1)
    seed = F.one_hot(top, 10).double()
    logits.backward(seed)
    x32 = images.float().clone().requires_grad_()
    l32 = lenet5(p, x32, rule)
    l32.backward(seed.float())
    tensors = [gw.tensor("input", images.double(), "input")]
    for n in NAMES:
        for kind in ("weight", "bias"):
            tensors.append(gw.tensor(n + "_" + kind, p64[n + "." + kind], "param"))
    tensors += [
        gw.tensor("target", top.double(), "aux", check=False, semantic="the top class of each image, seeded"),
        gw.tensor("logits", logits, "output", f32_value=l32),
        gw.tensor("grad_input", x.grad, "grad", grad_of="input", f32_value=x32.grad),
    ]
    gw.write_case(OUT, "explain_lenet5_" + method, "explain_lenet5",
                  "lenet5 (variant relu) trained briefly on Fashion-MNIST: the gradient of each image's top class "
                  "score with respect to the image, ReLUs by the " + rule + " rule (" + method + ")",
                  {"architecture": "lenet5", "variant": "relu", "rule": rule, "method": method}, tensors,
                  kind="network",
                  notes=["seed: a one-hot of the top class at the logits (fc3); gradient at the input",
                         "inference mode (lenet5 has no dropout or batch norm)"])


def main():
    torch.manual_seed(SEED)
    train_images = torch.from_numpy(idx("train-images-idx3-ubyte.gz").astype(np.float32) / 255.0).unsqueeze(1)
    train_labels = torch.from_numpy(idx("train-labels-idx1-ubyte.gz").astype(np.int64))
    test_images = torch.from_numpy(idx("t10k-images-idx3-ubyte.gz").astype(np.float32) / 255.0).unsqueeze(1)
    p, loss = train(train_images, train_labels)
    with torch.no_grad():
        acc = (lenet5(p, test_images[:1000], None).argmax(1)
               == torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz")[:1000].astype(np.int64))).float().mean()
    print(f"lenet5 (relu) after 400 Adam steps: last loss {loss:.3f}, accuracy on 1000 test images {float(acc):.3f}")
    gw.start_set(OUT, GENERATOR, SEED)
    relu_rule_case("guided")
    relu_rule_case("deconvnet")
    images = test_images[:2].clone()
    for rule, method in (("normal", "saliency"), ("guided", "guided_backprop"), ("deconvnet", "deconvnet")):
        explain_case(p, images, rule, method)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
