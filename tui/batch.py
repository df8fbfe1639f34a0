"""Scheduling for ``newsread batch``: the same ``core.batch.story_outputs`` in this
process or on a Dask cluster.

In-process, the stories run one after another with the embedder that grouped
them. On Dask (``--scheduler ADDRESS`` or ``--workers N``), each story is one
task: its articles travel as text, the reports come back as text and the
command line writes them. A worker process builds its embedder once, on its
first task, and keeps it in ``_EMBEDDERS`` for every later task, so the model
loads once per worker process, never once per task. A task whose worker dies
is run again by Dask on another worker (the scheduler's ``allowed-failures``);
its output is the same, since a task is a pure function of its story.

Dask is imported only here and only in cluster mode; ``dask_problem`` says in
one line when it is asked for and not installed.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.batch import StoryJob, StoryOutput, story_outputs
from ..core.embed import (
    CachedEmbedder,
    Embedder,
    ModelLoadError,
    OnnxEmbedder,
    make_embedder,
    open_cache,
)  # fmt: skip
from ..core.ingest import IngestError
from . import BLAS_SPIN

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
"""Environment variable naming a Dask scheduler (as Dask itself reads it)."""


@dataclass(frozen=True, slots=True)
class EmbedderSettings:
    """How a worker process builds its embedder (sent with every task; tiny)."""

    model: str | None
    """``--model`` or ``None`` for the packaged model."""
    cache_dir: Path | None
    """Embedding cache folder on the worker's machine, or ``None``."""
    engine: str
    """``onnx`` or ``torch``."""
    threads: int | None = None
    """onnxruntime threads per worker process (``None``: all cores); the batch uses 1:
    a worker process per core scales better than threads inside one."""


_EMBEDDERS: dict[tuple[EmbedderSettings, int], CachedEmbedder] = {}
"""This process's embedders: one per settings and worker thread (its cache connection
and counters are not shared between threads), built on the first task and kept. With
one thread per worker process, as ``--workers`` starts them and the README advises
for ``dask worker``, that is one model per process."""


def worker_embedder(settings: EmbedderSettings) -> CachedEmbedder:
    """The embedder of this process and thread for these settings, built once and kept."""
    key = (settings, threading.get_ident())
    found = _EMBEDDERS.get(key)
    if found is None:
        if settings.model is None and settings.engine == "onnx" and settings.threads:
            cache, problem = open_cache(settings.cache_dir)
            found = CachedEmbedder(OnnxEmbedder(threads=settings.threads), cache)
            if problem:
                found.warnings.insert(0, problem)
        else:
            found = make_embedder(settings.model, settings.cache_dir, settings.engine)
        _EMBEDDERS[key] = found
    return found


def story_task(job: StoryJob, settings: EmbedderSettings) -> StoryOutput:
    """One Dask task: compare one story with this worker's embedder."""
    return story_outputs(job, worker_embedder(settings))


Outcome = StoryOutput | tuple[StoryJob, Exception]
"""A story's output, or the story and why it failed."""


def run_in_process(jobs: Sequence[StoryJob], embedder: Embedder) -> Iterator[Outcome]:
    """Compare the stories one after another, in order.

    Yields:
        Each story's output as it finishes, or ``(job, error)`` for a story the
        pipeline refused (``IngestError``: an article over the limits).
    """
    for job in jobs:
        try:
            yield story_outputs(job, embedder)
        except IngestError as exc:
            yield job, exc


def dask_problem() -> str:
    """One line saying Dask is not installed, or "" when it is."""
    if importlib.util.find_spec("dask") is None or importlib.util.find_spec("distributed") is None:
        return (
            "--scheduler and --workers need Dask, which is not installed; "
            "fix: pip install 'newsread[cluster]' (or run without them, in this process)"
        )
    return ""


def connect(scheduler: str | None, workers: int | None) -> Any:
    """A Dask client: to the scheduler at ``scheduler``, or to a new ``LocalCluster``
    of ``workers`` processes with one thread each.

    Returns:
        ``distributed.Client`` (closing it also closes a cluster it started).
    """
    from distributed import Client

    if scheduler:
        return Client(scheduler, timeout="30s")
    cluster = local_cluster(workers or 1)
    client = Client(cluster)
    client._newsread_cluster = cluster  # closed with the client in close()
    return client


BLAS_THREADS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
"""Variables Dask's nanny sets to 1 in every worker it spawns."""


def worker_environ() -> dict[str, str]:
    """This process's BLAS thread counts, for the workers of a ``LocalCluster``,
    with OpenBLAS's idle threads sleeping at once.

    numpy's matrix products (the cosine strips in ``align``) round differently in
    the last bits with another number of BLAS threads, which can move a score
    across its fourth decimal; Dask's nanny sets them to 1 in its workers by
    default. Local workers get this process's values (OpenBLAS's default is one
    thread per core), so they write the same bytes as an in-process batch and
    ``newsread export``.

    After each product OpenBLAS's threads spin for 2**28 cycles (about 0.1 s)
    before they sleep. With one worker per core, that spinning takes the core
    another worker's embedding needs: on 200 articles, two workers ran 1.55x one
    with it and 1.75x with ``OPENBLAS_THREAD_TIMEOUT=4`` (their tasks' CPU time
    151 s against 131 s; ``bench.batch`` then measured 1.88x). The timeout changes
    when a thread sleeps, not how the work is split, so the bytes are the same. A
    value the user set is kept.
    """
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    cores = str(len(usable) if usable else os.cpu_count() or 1)
    environ = {name: os.environ.get(name, cores) for name in BLAS_THREADS}
    environ[BLAS_SPIN] = os.environ.get(BLAS_SPIN, "4")
    return environ


def local_cluster(workers: int) -> Any:
    """A ``LocalCluster`` of ``workers`` processes, one thread each, with this
    process's BLAS thread counts (``worker_environ``; a restarted worker keeps them)."""
    import dask
    from distributed import LocalCluster

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}))
    environ.update(worker_environ())
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        return LocalCluster(
            n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None
        )


def close(client: Any) -> None:
    """Close a client from ``connect`` and the cluster it started, if any."""
    cluster = getattr(client, "_newsread_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def run_on_dask(
    jobs: Sequence[StoryJob], settings: EmbedderSettings, client: Any
) -> Iterator[Outcome]:
    """Compare the stories as Dask tasks (``client.map``), yielding in completion order.

    Yields:
        A story's output, or ``(job, exception)`` for a story whose task failed
        (after Dask's own retries of a worker that died).

    Raises:
        ModelLoadError: A worker cannot load the model (no story can run).
    """
    from distributed import as_completed

    if not jobs:
        return
    keys = [f"story-{j.key}-{j.digest[:12]}" for j in jobs]
    futures = client.map(story_task, list(jobs), settings=settings, key=keys)
    job_of = {f.key: j for f, j in zip(futures, jobs, strict=True)}
    for future in as_completed(futures):
        try:
            yield future.result()
        except ModelLoadError:
            raise
        except Exception as exc:  # the story's own failure: reported, the batch goes on
            yield job_of[future.key], exc
        finally:
            future.release()
