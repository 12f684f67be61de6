#!/usr/bin/python3
"""Builds the small ONNX models used by the README walk-through and the tests.

Run with Debian's python3-onnx (apt-get install python3-onnx): /usr/bin/python3 samples/generate_models.py
The outputs are committed; regenerate them only when this script changes.
"""
import os

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))


def logistic_classifier(name: str, weights, bias: float) -> onnx.ModelProto:
    """probability[N,1] = sigmoid(features[N,3] . weights + bias)."""
    w = helper.make_tensor("w", TensorProto.FLOAT, [len(weights), 1], weights)
    b = helper.make_tensor("b", TensorProto.FLOAT, [1], [bias])
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["features", "w"], ["z0"]),
            helper.make_node("Add", ["z0", "b"], ["z"]),
            helper.make_node("Sigmoid", ["z"], ["probability"]),
        ],
        name,
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", len(weights)])],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 1])],
        initializer=[w, b],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="model-pipeline-samples")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main() -> None:
    out = os.path.join(HERE, "models")
    os.makedirs(out, exist_ok=True)
    onnx.save(logistic_classifier("credit-risk-v1", [0.8, -0.5, 0.3], -0.1), os.path.join(out, "credit-risk-v1.onnx"))
    onnx.save(logistic_classifier("credit-risk-v2", [1.1, -0.7, 0.4], -0.2), os.path.join(out, "credit-risk-v2.onnx"))


if __name__ == "__main__":
    main()
