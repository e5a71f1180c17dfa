"""Writes torchvision's state_dict names and shapes (3x224x224, 1000 classes) for the architecture tests.

Run with Debian's Python, torch 1.13 and torchvision 0.14, from the repository root:
    /usr/bin/python3 tools/reference/torchvision_state_dicts.py
No weights are downloaded: every model is built with weights=None. One compact JSON per model goes to
plugins/architectures/src/test/resources/torchvision/NAME.json:
    {"model": ..., "torchvision": ..., "parameters": <trainable count>,
     "num_batches_tracked": <how many BN counters were left out>,
     "state_dict": [[name, [shape...]], ...]}   (state_dict order)
Batch norms' num_batches_tracked counters are left out of the list (Lamina keeps no such counter; it
only matters for BN with momentum=None), but their number is kept so a test can check that Lamina has
one batch norm per counter.
"""
import json
import os

import torch.nn as nn
import torchvision
import torchvision.models as m

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "plugins", "architectures", "src", "test",
                   "resources", "torchvision")

class WideBasic(nn.Module):
    """xternalz/WideResNet-pytorch's BasicBlock (pre-activation; dropout between the convolutions)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.convShortcut = None if cin == cout and stride == 1 else nn.Conv2d(cin, cout, 1, stride, 0, bias=False)


class WideGroup(nn.Module):
    def __init__(self, n, cin, cout, stride):
        super().__init__()
        self.layer = nn.Sequential(*[WideBasic(cin if i == 0 else cout, cout, stride if i == 0 else 1) for i in range(n)])


class WideResNet(nn.Module):
    """WRN-d-k for CIFAR, as xternalz/WideResNet-pytorch (the names Lamina's wrn uses); no forward needed."""

    def __init__(self, depth, k, classes=10):
        super().__init__()
        n = (depth - 4) // 6
        ch = [16, 16 * k, 32 * k, 64 * k]
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.block1 = WideGroup(n, ch[0], ch[1], 1)
        self.block2 = WideGroup(n, ch[1], ch[2], 2)
        self.block3 = WideGroup(n, ch[2], ch[3], 2)
        self.bn1 = nn.BatchNorm2d(ch[3])
        self.relu = nn.ReLU(inplace=True)
        self.fc = nn.Linear(ch[3], classes)


def alexnet_towers2(classes=1000):
    """The paper's two-GPU AlexNet (96-256-384-384-256, 2 groups where the GPUs do not talk) in
    torchvision's AlexNet layout and names."""
    model = m.alexnet(weights=None, num_classes=classes)
    f = model.features
    f[0] = nn.Conv2d(3, 96, 11, 4, 2)
    f[3] = nn.Conv2d(96, 256, 5, padding=2, groups=2)
    f[6] = nn.Conv2d(256, 384, 3, padding=1)
    f[8] = nn.Conv2d(384, 384, 3, padding=1, groups=2)
    f[10] = nn.Conv2d(384, 256, 3, padding=1, groups=2)
    return model


def double_conv(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class DoubleConv(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.double_conv = double_conv(cin, cout)


class Down(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.maxpool_conv = nn.Sequential(nn.MaxPool2d(2), DoubleConv(cin, cout))


class Up(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, cin // 2, 2, stride=2)
        self.conv = DoubleConv(cin, cout)


class OutConv(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 1)


class UNet(nn.Module):
    """milesial/Pytorch-UNet's UNet (bilinear=False), generalized to depth and base channels."""

    def __init__(self, channels, classes, depth=4, base=64):
        super().__init__()
        self.inc = DoubleConv(channels, base)
        for i in range(1, depth + 1):
            setattr(self, "down%d" % i, Down(base << (i - 1), base << i))
        for i in range(1, depth + 1):
            setattr(self, "up%d" % i, Up(base << (depth - i + 1), base << (depth - i)))
        self.outc = OutConv(base, classes)


class ConvAutoencoder(nn.Module):
    """Lamina's autoencoder: stride-2 3x3 convolutions down, stride-2 3x3 transposed convolutions up."""

    def __init__(self, channels, depth=2, base=16):
        super().__init__()
        enc = []
        for i in range(depth):
            enc += [nn.Conv2d(channels if i == 0 else base << (i - 1), base << i, 3, 2, 1), nn.ReLU()]
        dec = []
        for i in range(depth):
            cout = channels if i == depth - 1 else base << (depth - 2 - i)
            dec += [nn.ConvTranspose2d(base << (depth - 1 - i), cout, 3, 2, 1, output_padding=1)]
            if i < depth - 1:
                dec += [nn.ReLU()]
        self.encoder = nn.Sequential(*enc)
        self.decoder = nn.Sequential(*dec)


MODELS = {
    "resnet34": lambda: m.resnet34(weights=None),
    "resnet50": lambda: m.resnet50(weights=None),
    "wide_resnet50_2": lambda: m.wide_resnet50_2(weights=None),
    "vgg11": lambda: m.vgg11(weights=None),
    "vgg13": lambda: m.vgg13(weights=None),
    "vgg19": lambda: m.vgg19(weights=None),
    "vgg16_bn": lambda: m.vgg16_bn(weights=None),
    "googlenet": lambda: m.googlenet(weights=None, aux_logits=True, init_weights=False),
    "googlenet_noaux": lambda: m.googlenet(weights=None, aux_logits=False, init_weights=False),
    "mobilenet_v2": lambda: m.mobilenet_v2(weights=None),
    # not in torchvision: CIFAR-10 (3x32x32, 10 classes) reference definitions above
    "wrn_16_4_cifar10": lambda: WideResNet(16, 4),
    "wrn_28_10_cifar10": lambda: WideResNet(28, 10),
    "alexnet_towers2": alexnet_towers2,
    "unet_3ch_2classes": lambda: UNet(3, 2),
    "autoencoder_1ch": lambda: ConvAutoencoder(1),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, build in MODELS.items():
        model = build()
        entries, counters = [], 0
        for k, v in model.state_dict().items():
            if k.endswith("num_batches_tracked"):
                counters += 1
                continue
            entries.append([k, list(v.shape)])
        doc = {"model": name, "torchvision": torchvision.__version__,
               "parameters": sum(p.numel() for p in model.parameters()),
               "num_batches_tracked": counters}
        head = json.dumps(doc)[:-1]
        lines = ",\n".join(json.dumps(e, separators=(",", ":")) for e in entries)
        path = os.path.join(OUT, name + ".json")
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            f.write(head + ', "state_dict": [\n' + lines + "\n]}\n")
        os.replace(tmp, path)  # atomic
        print(name, doc["parameters"], len(entries))


if __name__ == "__main__":
    main()
