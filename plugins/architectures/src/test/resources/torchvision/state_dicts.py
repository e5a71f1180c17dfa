"""Writes torchvision's state_dict names and shapes (1000 classes) for the architecture tests.

Run with PyTorch 1.13 and torchvision: python3 state_dicts.py (in this folder). Lines are
"name shape" with the shape as comma-separated sizes; num_batches_tracked counters are left out
(Lamina keeps no such counter).
"""
import torchvision.models as m

for name, model in [("alexnet", m.alexnet()), ("vgg16", m.vgg16()), ("resnet18", m.resnet18())]:
    with open(name + ".txt", "w") as f:
        total = sum(p.numel() for p in model.parameters())
        f.write("# torchvision %s: %d parameters\n" % (name, total))
        for k, v in model.state_dict().items():
            if k.endswith("num_batches_tracked"):
                continue
            f.write("%s %s\n" % (k, ",".join(str(d) for d in v.shape)))
