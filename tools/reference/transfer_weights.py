"""Writes a real torchvision state_dict as safetensors for the transfer-learning tests.

Run with Debian's Python, torch 1.13 and torchvision 0.14, from the repository root:
    /usr/bin/python3 tools/reference/transfer_weights.py
No weights are downloaded (torchvision's pretrained weights are not reachable from here): the model is
torchvision's mobilenet_v2(width_mult=0.1, num_classes=10), 106,174 values, seeded, its batch norms given
running statistics and affine parameters away from their defaults so that loading them matters. Its
tensors are saved in the dtypes a state_dict met in practice has, to test the conversion to float32:
convolution weights F16, classifier weight and running variances BF16, running means F64, the rest
F32, num_batches_tracked I64. The model computes its reference logits with the values rounded so.

Writes to plugins/architectures/src/test/resources/torchvision/weights/:
    mobilenet_v2_w0.1.safetensors     the state_dict, torchvision's names (as safetensors.torch.save_file
                                      would write it; the safetensors package is not needed)
    mobilenet_v2_w0.1_io.safetensors  input [2, 3, 64, 64] and the model's logits [2, 10] (eval mode), F32
"""
import json
import os

import torch
import torchvision
import torchvision.models as m

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "plugins", "architectures", "src", "test", "resources",
                   "torchvision", "weights")
NAME = "mobilenet_v2_w0.1"


def dtype_of(name, t):
    if name.endswith("num_batches_tracked"):
        return torch.int64
    if name.endswith("running_mean"):
        return torch.float64
    if name.endswith("running_var") or name == "classifier.1.weight":
        return torch.bfloat16
    if t.dim() == 4:
        return torch.float16
    return torch.float32


SAFE = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
        torch.int64: "I64"}


def raw(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)  # numpy has no bfloat16; the bytes are the same
    return t.numpy().tobytes()  # little-endian on the machines this runs on


def save(path, tensors, metadata):
    """The safetensors layout: 8-byte header length, JSON header, the tensors' bytes."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        b = raw(t)
        header[name] = {"dtype": SAFE[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(len(head).to_bytes(8, "little"))
        f.write(head)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)  # atomic


def main():
    torch.manual_seed(14)
    model = m.mobilenet_v2(weights=None, width_mult=0.1, num_classes=10)
    with torch.no_grad():
        for mod in model.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                mod.running_mean.normal_(0, 0.2)
                mod.running_var.uniform_(0.5, 2.0)
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.normal_(0, 0.2)
                mod.num_batches_tracked.fill_(1234)
            if isinstance(mod, torch.nn.Linear):
                mod.weight.normal_(0, 0.3)  # torchvision's 0.01 would leave logits near the bias
                mod.bias.normal_(0, 0.1)
    stored = {}
    for name, t in model.state_dict().items():
        stored[name] = t.to(dtype_of(name, t))
    # the model computes with what the file holds
    model.load_state_dict({k: v.to(model.state_dict()[k].dtype) for k, v in stored.items()})
    model.eval()
    x = torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(15))
    with torch.no_grad():
        logits = model(x)
    os.makedirs(OUT, exist_ok=True)
    meta = {"format": "pt", "generator": "tools/reference/transfer_weights.py", "torchvision": torchvision.__version__}
    save(os.path.join(OUT, NAME + ".safetensors"), stored, meta)
    save(os.path.join(OUT, NAME + "_io.safetensors"), {"input": x, "logits": logits}, meta)
    print(NAME, sum(t.numel() for t in stored.values()), "values,", len(stored), "tensors; logits",
          logits[0, :3].tolist())


if __name__ == "__main__":
    main()
