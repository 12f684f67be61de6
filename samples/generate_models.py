#!/usr/bin/python3
"""Builds the small ONNX models and CSV datasets used by the README walk-through and the tests.

Run with Debian's python3-onnx (apt-get install python3-onnx); numpy is not needed:

    /usr/bin/python3 samples/generate_models.py

The outputs are committed; regenerate them only when this script changes. Every model is built with
onnx.helper (opset 13, IR version 8) and passes onnx.checker.check_model; the datasets come from a fixed
seed, so a rerun writes byte-identical files.

models/ (all classifiers score 3 float features per row, input `features` [N,3], unless noted)
  credit-risk-v1.onnx        logistic, output `probability` [N,1]; the first production candidate (passes)
  credit-risk-v2.onnx        logistic with the true weights; better than v1 on credit-eval.csv
  credit-risk-v3.onnx        logistic, visibly worse than v1 (fails a regression gate against v1/v2)
  credit-risk-v4.onnx        v2 with its input renamed to `inputs` (breaks the serving contract)
  scalar-output.onnx         v2 with output `probability` of shape [N] (positive-class probability)
  two-column-output.onnx     v2 with output `probabilities` [N,2] = [P(0), P(1)]
  zipmap-classifier.onnx     v2 as skl2onnx writes it: ai.onnx.ml LinearClassifier + ZipMap, outputs
                             `label` int64 [N] and `probabilities` seq(map(int64, float))
  multiclass-v1.onnx         4 features -> `scores` [N,3] (MatMul + Add + Softmax), for iris-like.csv
  multiclass-zipmap.onnx     multiclass-v1 as LinearClassifier (SOFTMAX) + ZipMap, classes 0..2
  regression-v1.onnx         3 features -> `price` [N] (MatMul + Add + Squeeze), for housing-like.csv
  broken.onnx                the first half of credit-risk-v2.onnx: not parseable
  squeezed-output.onnx       v2 whose output squeezes every axis of size 1: [N] for N > 1 rows, but [] for
                             one row, so it evaluates in batches and fails the single-row latency probe
  slow-loop.onnx             v2 behind a Loop of 2^40 iterations: it loads at once, but one Run() never
                             ends on its own (the staging deadline must stop it)
  external-data.onnx         v2 whose weights are external data (data_location EXTERNAL, file
                             external-data.weights, which is not committed): refused before loading
  any-width.onnx             sigmoid of the mean of `features` [N,F] as `probability` [N,1]: any number of
                             feature columns, for wide-dataset tests

datasets/ (CSV, header row, invariant-culture numbers)
  credit-eval.csv            f0,f1,f2,label: 500 rows, label ~ Bernoulli(sigmoid(truth)) where truth is v2
  iris-like.csv              f0,f1,f2,f3,label: 150 rows, three Gaussian clusters, label 0..2
  housing-like.csv           rooms,area,age,price: 300 rows, price linear in the features plus noise

The script checks the story the tests rely on (v1 accuracy >= 0.80, v2 > v1, v3 < v1 - 0.02) and
fails rather than write datasets that do not tell it.
"""
import math
import os
import random

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = [helper.make_opsetid("", 13)]
OPSET_ML = [helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)]
PRODUCER = "model-pipeline-samples"

# The credit "truth": labels are drawn from sigmoid(x . TRUE_W + TRUE_B). v2 is the truth itself, v1 a
# rougher fit, v3 a model that lost most of the signal of f1 and f2. The C# tests repeat these numbers.
TRUE_W, TRUE_B = [2.4, -1.6, 1.0], -0.3
V1_W, V1_B = [2.0, -0.9, 0.5], -0.1
V3_W, V3_B = [1.0, 0.4, -0.2], 0.4

# Multiclass: class centres in 4-d; the linear scores c_k . x - |c_k|^2 / 2 classify by nearest centre.
CENTRES = [[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.6, 2.0]]

# Regression: price = REG_W . [rooms, area, age] + REG_B (+ noise in the dataset).
REG_W, REG_B = [12.0, 1.5, -0.8], 40.0


def finish(graph, opsets=None) -> onnx.ModelProto:
    model = helper.make_model(graph, opset_imports=opsets or OPSET, producer_name=PRODUCER)
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def logistic_classifier(name, weights, bias, input_name="features", output="column") -> onnx.ModelProto:
    """sigmoid(input[N,3] . weights + bias) as `probability` [N,1] ("column"), [N] ("scalar"),
    or `probabilities` [N,2] = [1 - p, p] ("two-column")."""
    n = len(weights)
    inits = [
        helper.make_tensor("w", TensorProto.FLOAT, [n, 1], weights),
        helper.make_tensor("b", TensorProto.FLOAT, [1], [bias]),
    ]
    nodes = [
        helper.make_node("MatMul", [input_name, "w"], ["z0"]),
        helper.make_node("Add", ["z0", "b"], ["z"]),
    ]
    if output == "column":
        nodes.append(helper.make_node("Sigmoid", ["z"], ["probability"]))
        out = helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 1])
    elif output == "scalar":
        inits.append(helper.make_tensor("squeeze_axes", TensorProto.INT64, [1], [1]))
        nodes.append(helper.make_node("Sigmoid", ["z"], ["p"]))
        nodes.append(helper.make_node("Squeeze", ["p", "squeeze_axes"], ["probability"]))
        out = helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N"])
    elif output == "two-column":
        inits.append(helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0]))
        nodes.append(helper.make_node("Sigmoid", ["z"], ["p"]))
        nodes.append(helper.make_node("Sub", ["one", "p"], ["q"]))
        nodes.append(helper.make_node("Concat", ["q", "p"], ["probabilities"], axis=1))
        out = helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2])
    else:
        raise ValueError(output)
    graph = helper.make_graph(
        nodes, name, [helper.make_tensor_value_info(input_name, TensorProto.FLOAT, ["N", n])], [out], initializer=inits
    )
    return finish(graph)


def sequence_of_maps_type() -> onnx.TypeProto:
    """seq(map(int64, tensor(float))), ZipMap's output; built by hand because this onnx has no make_map_type_proto."""
    proto = onnx.TypeProto()
    proto.sequence_type.elem_type.map_type.key_type = TensorProto.INT64
    proto.sequence_type.elem_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
    return proto


def zipmap_classifier(name, coefficients, intercepts, classes, post_transform, n_features) -> onnx.ModelProto:
    """LinearClassifier + ZipMap from ai.onnx.ml, the shape skl2onnx gives a scikit-learn classifier by default."""
    graph = helper.make_graph(
        [
            helper.make_node(
                "LinearClassifier",
                ["features"],
                ["label", "scores"],
                domain="ai.onnx.ml",
                coefficients=coefficients,
                intercepts=intercepts,
                classlabels_ints=classes,
                multi_class=0,
                post_transform=post_transform,
            ),
            helper.make_node("ZipMap", ["scores"], ["probabilities"], domain="ai.onnx.ml", classlabels_int64s=classes),
        ],
        name,
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", n_features])],
        [
            helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
            helper.make_value_info("probabilities", sequence_of_maps_type()),
        ],
    )
    return finish(graph, OPSET_ML)


def squeezed_output(name, weights, bias) -> onnx.ModelProto:
    """v2 with Squeeze and no axes: every axis of size 1 goes, the row axis of a one-row batch included."""
    n = len(weights)
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["features", "w"], ["z0"]),
            helper.make_node("Add", ["z0", "b"], ["z"]),
            helper.make_node("Sigmoid", ["z"], ["p"]),
            helper.make_node("Squeeze", ["p"], ["probability"]),
        ],
        name,
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", n])],
        # Declared [N], as a model author would: what one row really gives is found only by running it.
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N"])],
        initializer=[
            helper.make_tensor("w", TensorProto.FLOAT, [n, 1], weights),
            helper.make_tensor("b", TensorProto.FLOAT, [1], [bias]),
        ],
    )
    return finish(graph)


def slow_loop(name, weights, bias) -> onnx.ModelProto:
    """v2 fed through a Loop of 2^40 iterations whose body is one Abs: a few hundred bytes, and a Run()
    that would take days. The body keeps a real node, since the runtime checks its terminate flag per node."""
    n = len(weights)
    body = helper.make_graph(
        [
            helper.make_node("Identity", ["cond_in"], ["cond_out"]),
            helper.make_node("Abs", ["x_in"], ["x_out"]),
        ],
        "body",
        [
            helper.make_tensor_value_info("i", TensorProto.INT64, []),
            helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
            helper.make_tensor_value_info("x_in", TensorProto.FLOAT, ["N", n]),
        ],
        [
            helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
            helper.make_tensor_value_info("x_out", TensorProto.FLOAT, ["N", n]),
        ],
    )
    graph = helper.make_graph(
        [
            helper.make_node("Loop", ["trips", "keep_going", "features"], ["looped"], body=body),
            helper.make_node("MatMul", ["looped", "w"], ["z0"]),
            helper.make_node("Add", ["z0", "b"], ["z"]),
            helper.make_node("Sigmoid", ["z"], ["probability"]),
        ],
        name,
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", n])],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 1])],
        initializer=[
            helper.make_tensor("trips", TensorProto.INT64, [], [1 << 40]),
            helper.make_tensor("keep_going", TensorProto.BOOL, [], [True]),
            helper.make_tensor("w", TensorProto.FLOAT, [n, 1], weights),
            helper.make_tensor("b", TensorProto.FLOAT, [1], [bias]),
        ],
    )
    return finish(graph)


def external_data(model: onnx.ModelProto, location: str) -> onnx.ModelProto:
    """The model with every initializer moved to external data in `location`, which is not written: the
    pipeline must refuse the model from its own file, before anything tries to read the weights."""
    external = onnx.ModelProto()
    external.CopyFrom(model)
    offset = 0
    for tensor in external.graph.initializer:
        length = 4 * len(tensor.float_data)
        del tensor.float_data[:]
        tensor.data_location = TensorProto.EXTERNAL
        for key, value in (("location", location), ("offset", str(offset)), ("length", str(length))):
            entry = tensor.external_data.add()
            entry.key, entry.value = key, value
        offset += length
    return external


def any_width(name) -> onnx.ModelProto:
    graph = helper.make_graph(
        [
            helper.make_node("ReduceMean", ["features"], ["mean"], axes=[1], keepdims=1),
            helper.make_node("Sigmoid", ["mean"], ["probability"]),
        ],
        name,
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", "F"])],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 1])],
    )
    return finish(graph)


def multiclass_weights():
    """Rows of W are the centres (so W has shape [4,3] column-wise) and b_k = -|c_k|^2 / 2."""
    w = [CENTRES[k][i] for i in range(4) for k in range(3)]  # row-major [4,3]
    b = [-0.5 * sum(c * c for c in centre) for centre in CENTRES]
    return w, b


def multiclass_softmax(name) -> onnx.ModelProto:
    w, b = multiclass_weights()
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["features", "w"], ["z0"]),
            helper.make_node("Add", ["z0", "b"], ["z"]),
            helper.make_node("Softmax", ["z"], ["scores"], axis=1),
        ],
        name,
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", 3])],
        initializer=[helper.make_tensor("w", TensorProto.FLOAT, [4, 3], w), helper.make_tensor("b", TensorProto.FLOAT, [3], b)],
    )
    return finish(graph)


def regression(name) -> onnx.ModelProto:
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["features", "w"], ["z0"]),
            helper.make_node("Add", ["z0", "b"], ["z"]),
            helper.make_node("Squeeze", ["z", "squeeze_axes"], ["price"]),
        ],
        name,
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", len(REG_W)])],
        [helper.make_tensor_value_info("price", TensorProto.FLOAT, ["N"])],
        initializer=[
            helper.make_tensor("w", TensorProto.FLOAT, [len(REG_W), 1], REG_W),
            helper.make_tensor("b", TensorProto.FLOAT, [1], [REG_B]),
            helper.make_tensor("squeeze_axes", TensorProto.INT64, [1], [1]),
        ],
    )
    return finish(graph)


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def dot(a, b) -> float:
    return sum(x * y for x, y in zip(a, b))


def write_csv(path, header, rows) -> None:
    # "\n" line ends and fixed precision so a rerun on any machine writes the same bytes.
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(v if isinstance(v, str) else repr(v) for v in row) + "\n")


def credit_rows(rng: random.Random):
    rows = []
    for _ in range(500):
        x = [round(rng.gauss(0.0, 1.0), 4) for _ in range(3)]
        label = 1 if rng.random() < sigmoid(dot(x, TRUE_W) + TRUE_B) else 0
        rows.append(x + [label])
    return rows


def accuracy(rows, w, b) -> float:
    return sum(1 for r in rows if (sigmoid(dot(r[:3], w) + b) >= 0.5) == (r[3] == 1)) / len(rows)


def iris_rows(rng: random.Random):
    rows = []
    for i in range(150):
        k = i % 3
        rows.append([round(c + rng.gauss(0.0, 0.35), 3) for c in CENTRES[k]] + [k])
    return rows


def housing_rows(rng: random.Random):
    rows = []
    for _ in range(300):
        rooms = rng.randint(1, 6)
        area = round(rng.uniform(25.0, 180.0), 1)
        age = rng.randint(0, 80)
        price = round(dot([rooms, area, age], REG_W) + REG_B + rng.gauss(0.0, 8.0), 2)
        rows.append([float(rooms), area, float(age), price])
    return rows


def main() -> None:
    models = os.path.join(HERE, "models")
    datasets = os.path.join(HERE, "datasets")
    os.makedirs(models, exist_ok=True)
    os.makedirs(datasets, exist_ok=True)

    rng = random.Random(20240517)
    credit = credit_rows(rng)
    acc1, acc2, acc3 = accuracy(credit, V1_W, V1_B), accuracy(credit, TRUE_W, TRUE_B), accuracy(credit, V3_W, V3_B)
    print(f"credit-eval accuracy: v1={acc1:.3f} v2={acc2:.3f} v3={acc3:.3f}")
    if not (acc1 >= 0.80 and acc2 > acc1 and acc3 < acc1 - 0.02):
        raise SystemExit("the credit dataset does not tell the v1 < v2, v3 << v1 story; change the seed or weights")

    write_csv(os.path.join(datasets, "credit-eval.csv"), ["f0", "f1", "f2", "label"], credit)
    write_csv(os.path.join(datasets, "iris-like.csv"), ["f0", "f1", "f2", "f3", "label"], iris_rows(rng))
    write_csv(os.path.join(datasets, "housing-like.csv"), ["rooms", "area", "age", "price"], housing_rows(rng))

    def save(model, file):
        onnx.save(model, os.path.join(models, file))

    save(logistic_classifier("credit-risk-v1", V1_W, V1_B), "credit-risk-v1.onnx")
    v2 = logistic_classifier("credit-risk-v2", TRUE_W, TRUE_B)
    save(v2, "credit-risk-v2.onnx")
    save(logistic_classifier("credit-risk-v3", V3_W, V3_B), "credit-risk-v3.onnx")
    save(logistic_classifier("credit-risk-v4", TRUE_W, TRUE_B, input_name="inputs"), "credit-risk-v4.onnx")
    save(logistic_classifier("scalar-output", TRUE_W, TRUE_B, output="scalar"), "scalar-output.onnx")
    save(logistic_classifier("two-column-output", TRUE_W, TRUE_B, output="two-column"), "two-column-output.onnx")
    # skl2onnx writes a binary logistic regression as two rows, [-w, w] and [-b, b], so that LOGISTIC gives
    # [1 - p, p]; one row would leave the second column to the runtime's own convention.
    save(
        zipmap_classifier(
            "zipmap-classifier", [-w for w in TRUE_W] + TRUE_W, [-TRUE_B, TRUE_B], [0, 1], "LOGISTIC", len(TRUE_W)
        ),
        "zipmap-classifier.onnx",
    )
    save(multiclass_softmax("multiclass-v1"), "multiclass-v1.onnx")
    w, b = multiclass_weights()
    per_class = [w[i * 3 + k] for k in range(3) for i in range(4)]  # LinearClassifier wants [classes, features]
    save(zipmap_classifier("multiclass-zipmap", per_class, b, [0, 1, 2], "SOFTMAX", 4), "multiclass-zipmap.onnx")
    save(regression("regression-v1"), "regression-v1.onnx")

    save(squeezed_output("squeezed-output", TRUE_W, TRUE_B), "squeezed-output.onnx")
    save(slow_loop("slow-loop", TRUE_W, TRUE_B), "slow-loop.onnx")
    save(external_data(v2, "external-data.weights"), "external-data.onnx")
    save(any_width("any-width"), "any-width.onnx")

    data = v2.SerializeToString()
    broken = data[: len(data) // 2]
    try:
        onnx.load_model_from_string(broken)
    except Exception:  # the point of the file: it must not parse
        pass
    else:
        raise SystemExit("broken.onnx parsed; truncate it differently")
    with open(os.path.join(models, "broken.onnx"), "wb") as f:
        f.write(broken)


if __name__ == "__main__":
    main()
