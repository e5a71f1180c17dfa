"""Writes the seed models of OnnxImportFuzzTest (the fuzzer mutates them; see docs/reliability.md).

Each seed is a small, valid ONNX model that reaches a different part of the importer: the plain
conv-pool-dense path, every activation and layout operator Lamina maps, a graph with branches and
batch norm, and an operator Lamina does not have. The seeds found by fuzzing (found-*.onnx) are kept
as they were found and are not written here.

Run with Debian's python3-onnx:  /usr/bin/python3 onnx/src/test/python/generate_fuzz_seeds.py
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "lamina", "onnx",
                   "OnnxImportFuzzTestInputs", "read")
rng = np.random.default_rng(7)


def init(name, *shape):
    return numpy_helper.from_array(rng.standard_normal(shape).astype(np.float32), name)


def model(name, nodes, x_shape, y_shape, inits):
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, x_shape)],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, y_shape)], inits)
    m = helper.make_model(graph, producer_name="lamina-seed", opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    path = os.path.join(OUT, name + ".onnx")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(m.SerializeToString())
    os.replace(tmp, path)


N = helper.make_node
model("conv-pool-gemm", [
    N("Conv", ["x", "c.weight", "c.bias"], ["a"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
    N("Relu", ["a"], ["b"]),
    N("MaxPool", ["b"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
    N("Flatten", ["p"], ["f"]),
    N("Gemm", ["f", "g.weight", "g.bias"], ["y"], transB=1),
], [1, 1, 4, 4], [1, 3], [init("c.weight", 2, 1, 3, 3), init("c.bias", 2), init("g.weight", 3, 8), init("g.bias", 3)])

model("activations", [
    N("ConvTranspose", ["x", "t.weight"], ["t"], group=2, kernel_shape=[2, 2], strides=[2, 2]),
    N("AveragePool", ["t"], ["ap"], kernel_shape=[2, 2]),
    N("LRN", ["ap"], ["l"], size=3),
    N("LeakyRelu", ["l"], ["lr"], alpha=0.1),
    N("Elu", ["lr"], ["e"]),
    N("Sigmoid", ["e"], ["sg"]),
    N("Tanh", ["sg"], ["th"]),
    N("Dropout", ["th"], ["d"]),
    N("Identity", ["d"], ["i"]),
    N("Reshape", ["i", "shape"], ["r"]),
    N("MatMul", ["r", "m.weight"], ["y"]),
], [1, 2, 2, 2], [1, 2], [init("t.weight", 2, 1, 2, 2), numpy_helper.from_array(np.array([1, 18], np.int64), "shape"),
                          init("m.weight", 18, 2)])

model("branches", [
    N("Conv", ["x", "a.weight"], ["a"], group=1, kernel_shape=[1, 1]),
    N("Conv", ["x", "b.weight"], ["b"], dilations=[1, 1], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
    N("Add", ["a", "b"], ["s"]),
    N("Concat", ["s", "a"], ["c"], axis=1),
    N("BatchNormalization", ["c", "n.weight", "n.bias", "n.running_mean", "n.running_var"], ["n"]),
    N("GlobalAveragePool", ["n"], ["gp"]),
    N("Flatten", ["gp"], ["fl"]),
    N("Softmax", ["fl"], ["y"], axis=1),
], [1, 2, 3, 3], [1, 4], [init("a.weight", 2, 2, 1, 1), init("b.weight", 2, 2, 3, 3), init("n.weight", 4),
                          init("n.bias", 4), init("n.running_mean", 4),
                          numpy_helper.from_array(rng.uniform(0.5, 1.5, 4).astype(np.float32), "n.running_var")])

model("unsupported", [N("Cos", ["x"], ["y"])], [1, 4], [1, 4], [])
