#!/usr/bin/python3
"""Exports the ONNX models the ONNX tests import, with reference inputs and PyTorch's outputs.

    generate_models.py OUT_DIR [NAME ...]

NAME is one of lenet5, ops, alexnet, vgg11, resnet18, googlenet, resnet18_default (default: all);
resnet18_default is exported as torch.onnx.export does by default (opset 14, batch norm folded into the
convolutions, weights passed through Identity nodes) with the batch fixed at 2. For each it writes
OUT_DIR/NAME.onnx (torch.onnx.export, random weights, eval mode), NAME.input.f32 and NAME.output.f32
(raw little-endian float32, batch of 2) and adds an entry to OUT_DIR/manifest.json. Debian 12's
python3-torch, python3-torchvision and python3-onnx are enough. Nothing here is committed output:
the tests run this into target/ and reuse what is there.
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torchvision

OPSET = 13
BATCH = 2


class LeNet5(nn.Module):
    """LeNet-5 as Lamina's lenet5 architecture builds it, with a Reshape (view) before the classifier."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = x.reshape(-1, 400)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)


class Lrn(torch.autograd.Function):
    """PyTorch's local response norm, exported as ONNX's LRN node (the exporter otherwise writes out
    its decomposition into pads, pools and powers)."""

    @staticmethod
    def forward(ctx, x, size, alpha, beta, k):
        return nn.functional.local_response_norm(x, size, alpha, beta, k)

    @staticmethod
    def symbolic(g, x, size, alpha, beta, k):
        return g.op("LRN", x, size_i=size, alpha_f=alpha, beta_f=beta, bias_f=k)


class Ops(nn.Module):
    """A small network with the operators the torchvision models do not use: grouped, dilated and
    strided convolutions with asymmetric parameters, a transposed convolution, average pooling, LRN,
    leaky ReLU, ELU, sigmoid, tanh, a matrix product without bias, softmax."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, (3, 5), stride=(1, 2), padding=(1, 2))
        self.grouped = nn.Conv2d(8, 8, 3, padding=2, dilation=2, groups=4)
        self.up = nn.ConvTranspose2d(8, 6, 3, stride=2, padding=1, output_padding=1)
        self.bn = nn.BatchNorm2d(6)
        self.side = nn.Conv2d(6, 6, 1)
        self.proj = nn.Parameter(torch.randn(6 * 8 * 4, 12) * 0.1)
        self.fc = nn.Linear(12, 5)

    def forward(self, x):
        x = nn.functional.leaky_relu(self.conv1(x), 0.1)
        x = nn.functional.elu(self.grouped(x), 0.7)
        x = torch.sigmoid(self.bn(self.up(x)))
        x = Lrn.apply(x, 3, 1e-3, 0.75, 2.0)
        x = x + torch.tanh(self.side(x))
        x = nn.functional.avg_pool2d(x, 4, stride=4)
        x = torch.flatten(x, 1) @ self.proj
        return torch.softmax(self.fc(x), dim=1)


def randomize_batch_norm(model):
    # torchvision starts every BatchNorm as the identity (mean 0, var 1, scale 1, shift 0): random
    # statistics make the test see whether they are read at all.
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)


def build(name):
    if name == "lenet5":
        return LeNet5(), (1, 28, 28)
    if name == "ops":
        return Ops(), (3, 16, 16)
    if name == "alexnet":
        return torchvision.models.alexnet(weights=None), (3, 224, 224)
    if name == "vgg11":
        return torchvision.models.vgg11(weights=None), (3, 224, 224)
    if name == "resnet18":
        return torchvision.models.resnet18(weights=None), (3, 224, 224)
    if name == "resnet18_default":
        return torchvision.models.resnet18(weights=None), (3, 224, 224)
    if name == "googlenet":
        # aux_logits off: in eval mode the auxiliary classifiers are not run (nor exported) anyway.
        return torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=True), (3, 224, 224)
    raise SystemExit("generate_models.py: unknown model '%s'" % name)


NAMES = ["lenet5", "ops", "alexnet", "vgg11", "resnet18", "googlenet", "resnet18_default"]


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    out = sys.argv[1]
    names = sys.argv[2:] or NAMES
    os.makedirs(out, exist_ok=True)
    manifest_file = os.path.join(out, "manifest.json")
    manifest = {}
    if os.path.exists(manifest_file):
        with open(manifest_file) as f:
            manifest = json.load(f)
    for name in names:
        torch.manual_seed(7)
        model, shape = build(name)
        randomize_batch_norm(model)
        model.eval()
        x = torch.randn(BATCH, *shape)
        with torch.no_grad():
            y = model(x)
        onnx_file = os.path.join(out, name + ".onnx")
        # PRESERVE (the model is in eval mode) keeps BatchNormalization nodes: EVAL would fold them
        # into the convolutions, and the imported network would have no batch norm to fine-tune.
        if name.endswith("_default"):
            torch.onnx.export(model, x, onnx_file)
        else:
            torch.onnx.export(model, x, onnx_file, opset_version=OPSET, input_names=["image"],
                              output_names=["logits"], dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
                              training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=True)
        x.numpy().astype("<f4").tofile(os.path.join(out, name + ".input.f32"))
        y.numpy().astype("<f4").tofile(os.path.join(out, name + ".output.f32"))
        manifest[name] = {"onnx": name + ".onnx", "input": name + ".input.f32", "input_shape": list(x.shape),
                          "output": name + ".output.f32", "output_shape": list(y.shape),
                          "torch": torch.__version__}
        with open(manifest_file, "w") as f:
            json.dump(manifest, f, indent=1)
        print("%s: %s (%.1f MB)" % (name, onnx_file, os.path.getsize(onnx_file) / 1e6), flush=True)


if __name__ == "__main__":
    main()
