"""Writes reference cases in Lamina's golden format (engine/src/test/resources/golden/FORMAT.md).

Every generator in tools/reference/ computes its values with PyTorch in float64 from float32
inputs and hands them here; this module owns the files, the tolerances and index.json, so that
all sets look alike. Run generators with Debian's /usr/bin/python3 (PyTorch 1.13).
"""
import json
import os
import tempfile

import numpy as np

FORMAT_VERSION = 1
LAYOUT = {
    "activations": "NCHW",
    "conv_weight": "OIHW",
    "conv_transpose_weight": "[C_in, C_out/groups, kH, kW]",
    "linear_weight": "[out_features, in_features]",
}
# atol = factor * max|expected|, rtol as FORMAT.md gives them per kind of op
TOLERANCES = {
    "elementwise": (2e-6, 1e-5),
    "reduction": (2e-5, 1e-4),
    "optimizer": (1e-6, 1e-5),
    "network": (1e-4, 1e-3),
}


def _atomic_write(path, data):
    folder = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def tensor(name, value, role, check=None, grad_of=None, f32_value=None, semantic=None, kind=None):
    """One tensor of a case. value: float64 reference (torch tensor or array); f32_value: the same
    computed by PyTorch in float32, to record PyTorch's own error; check defaults to True for
    outputs, grads and state_out; kind (a TOLERANCES key) overrides the case's for this tensor
    (an activation's output is element-wise, the gradient of its softmax a reduction)."""
    arr = value.detach().cpu().double().numpy() if hasattr(value, "detach") else np.asarray(value, dtype=np.float64)
    t = {"name": name, "value": arr, "role": role,
         "check": check if check is not None else role in ("output", "grad", "state_out")}
    if grad_of is not None:
        t["grad_of"] = grad_of
    if semantic is not None:
        t["semantic"] = semantic
    if kind is not None:
        t["kind"] = kind
    if f32_value is not None:
        f32 = f32_value.detach().cpu().double().numpy() if hasattr(f32_value, "detach") else np.asarray(f32_value)
        t["torch_f32_max_abs_err"] = float(np.max(np.abs(f32 - arr))) if arr.size else 0.0
    return t


def write_case(set_dir, name, op, description, params, tensors, kind="elementwise", notes=None):
    """Writes <set_dir>/<name>/ (case.json and one .f32 per tensor) and adds the case to index.json."""
    case_dir = os.path.join(set_dir, name)
    os.makedirs(case_dir, exist_ok=True)
    entries, loosest, loosest_rel = [], 0.0, 0.0
    for t in tensors:
        factor, rtol = TOLERANCES[t.get("kind", kind)]
        arr = t["value"].astype("<f4")
        _atomic_write(os.path.join(case_dir, t["name"] + ".f32"), arr.tobytes(order="C"))
        e = {"name": t["name"], "file": t["name"] + ".f32", "shape": list(arr.shape), "dtype": "float32",
             "role": t["role"]}
        for key in ("grad_of", "semantic"):
            if key in t:
                e[key] = t[key]
        e["check"] = t["check"]
        if t["check"]:
            atol = float(f"{factor * max(float(np.max(np.abs(t['value']))) if t['value'].size else 0.0, 1e-30):.3g}")
            e["atol"], e["rtol"] = atol, rtol
            loosest, loosest_rel = max(loosest, atol), max(loosest_rel, rtol)
        if "torch_f32_max_abs_err" in t:
            e["torch_f32_max_abs_err"] = t["torch_f32_max_abs_err"]
        entries.append(e)
    case = {"format_version": FORMAT_VERSION, "name": name, "op": op, "description": description,
            "params": params, "dtype": "float32", "byte_order": "little-endian", "layout": LAYOUT,
            "tolerance": {"abs": loosest, "rel": loosest_rel or TOLERANCES[kind][1],
                          "rule": "|got - expected| <= abs + rel * |expected| (per-tensor atol/rtol may be tighter)"},
            "tensors": entries}
    if notes:
        case["notes"] = notes
    _atomic_write(os.path.join(case_dir, "case.json"), (json.dumps(case, indent=1) + "\n").encode())
    _add_to_index(set_dir, {"name": name, "op": op, "dir": name, "tensors": len(entries)})


def start_set(set_dir, generator, seed, variant="dev", format_doc=None):
    """Creates (or empties the index of) a set written by `generator` (its path in the repository)."""
    os.makedirs(set_dir, exist_ok=True)
    index = {"format_version": FORMAT_VERSION, "variant": variant, "seed": seed, "generator": generator,
             "reference": "PyTorch " + _torch_version() + " on CPU, float64 compute, stored as float32"}
    if format_doc is not None:
        index["format_doc"] = format_doc
    index["cases"] = []
    _atomic_write(os.path.join(set_dir, "index.json"), (json.dumps(index, indent=1) + "\n").encode())


def _add_to_index(set_dir, entry):
    path = os.path.join(set_dir, "index.json")
    with open(path) as f:
        index = json.load(f)
    index["cases"] = [c for c in index["cases"] if c["name"] != entry["name"]] + [entry]
    _atomic_write(path, (json.dumps(index, indent=1) + "\n").encode())


def _torch_version():
    import torch
    return torch.__version__
