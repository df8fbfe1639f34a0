"""``newsread batch`` at scale (issue 19): python -m bench.batch [DATA] [--articles N]

Prints Markdown tables:

- **Throughput**: a generated corpus of N articles in stories of five (the
  seed story and the six evaluation events, copy ``k`` of each with
  ``bench.corpus.edit``'s controlled rewrites, so most sentences are new to
  the embedding cache) compared through the same scheduling code the command
  line uses (``tui.batch``): in this process, then on a ``LocalCluster`` of 1
  and of 2 worker processes (one thread each), each with its own empty
  embedding cache. Articles/s, speed-up and scaling efficiency, peak memory
  per worker, how fast resident memory grows (MB per 100 stories a process
  compares, least squares after the first fifth of the run: a batch should
  stay the size one story needs; on a short cold run it also holds the
  model's own warm-up, which levels off, so read it on a long run or on the
  warm row), whether all three outputs are
  byte-identical (compared by SHA-256, so the bench does not hold every
  report in memory), and the same in-process run again on its now warm
  cache (the cost beyond embedding). The
  stories are given, not grouped: near-copies of seven events would group
  into seven stories (grouping is measured apart, below).
- **Grouping**: ``stories.group_stories`` on the first 1,000 / 5,000 / 10,000 /
  20,000 articles of one ``bench.corpus`` pile (as ``bench.pile``): embedding
  the leads (cold unless ``--cache`` names a cache that holds them: 20,000
  leads cost minutes to an hour cold), the exact grouping (neighbour strips,
  then merges) and the one from the approximate index (``stories.ann_pairs``,
  faiss) on the same vectors, their agreement (identical stories, adjusted
  Rand index, neighbour pairs found), then ``group_stories`` itself beyond
  embedding (the path it picks: the index from ``ANN_ARTICLES``), and the
  growth exponent between consecutive sizes.
- **Resume**: ``newsread batch`` on the seven real events (35 articles),
  killed (SIGKILL) after its first stories, then run again: how many stories
  the second run compares, and whether the output equals an uninterrupted run.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import corpus

PY = sys.executable
NEWSREAD = str(Path(PY).parent / "newsread")


def events(data: Path) -> list[list[Path]]:
    """The seven events' article files: the seed story, then the six clusters."""
    folders = [corpus.SEED, *sorted(p for p in (data / "clusters").iterdir() if p.is_dir())]
    return [sorted(f.glob("*.txt")) for f in folders]


def build_stories(data: Path, articles: int, root: Path) -> list[Path]:
    """Write ``articles`` articles as folders of one story each (five articles)."""
    base = events(data)
    folders = []
    for n in range(articles // 5):
        event = base[n % len(base)]
        copy = n // len(base)
        folder = root / f"story-{n:04d}"
        folder.mkdir(parents=True)
        for file in event[:5]:
            text = corpus.edit(file.read_text(encoding="utf-8"), copy)
            (folder / file.name).write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders


def jobs_for(folders: list[Path], model: str) -> list:  # type: ignore[type-arg]
    from newsread.core.batch import StoryJob, read_each, story_digest, story_key
    from newsread.core.stories import neutral_title

    jobs = []
    for folder in folders:
        articles, problems = read_each([str(folder)])
        assert not problems, problems
        title = neutral_title([a.title for a in articles])
        digest = story_digest(title, articles, "bench", model)
        jobs.append(StoryJob(story_key(title, articles), title, articles, digest))
    return jobs


def peak_mb() -> float:
    """This process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sha256(text: str) -> str:
    """A report's digest: the runs are compared byte for byte without keeping them."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_mb() -> float:
    """This process's resident memory now, in MB (Linux: ``/proc/self/statm``)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def growth(samples: list[tuple[int, float]]) -> float:
    """MB of resident memory gained per 100 stories, from ``(stories done, MB)``
    samples: least squares over the samples after the first fifth of the run
    (model loading, imports and the first stories' one-off allocations come first)."""
    if not samples:
        return float("nan")
    start = samples[-1][0] / 5
    kept = [(x, y) for x, y in samples if x >= start] or samples
    if len(kept) < 2:
        return float("nan")
    mean_x = sum(x for x, _ in kept) / len(kept)
    mean_y = sum(y for _, y in kept) / len(kept)
    spread = sum((x - mean_x) ** 2 for x, _ in kept)
    return 100 * sum((x - mean_x) * (y - mean_y) for x, y in kept) / spread if spread else 0.0


SAMPLES = 20
"""Resident-memory samples taken over a throughput run (in-process and per worker)."""


def run_in_process(  # type: ignore[type-arg]
    jobs: list, cache: Path
) -> tuple[float, dict[str, str], float, float]:
    """Wall time, the texts, peak memory (MB) and memory growth (MB per 100 stories)."""
    from newsread.core.compare import collector_paused
    from newsread.core.embed import make_embedder
    from newsread.tui.batch import run_in_process as loop

    embedder = make_embedder(None, cache)
    texts: dict[str, str] = {}
    every = max(1, len(jobs) // SAMPLES)
    samples: list[tuple[int, float]] = []
    started = time.perf_counter()
    with collector_paused():
        for done, outcome in enumerate(loop(jobs, embedder), start=1):
            assert not isinstance(outcome, tuple), outcome
            for name, text in outcome.files().items():
                texts[f"{outcome.entry.key}/{name}"] = sha256(text)
            if done % every == 0:
                samples.append((done, current_mb()))
    return time.perf_counter() - started, texts, peak_mb(), growth(samples)


def run_cluster(
    jobs: list, workers: int, cache: Path
) -> tuple[float, float, dict[str, str], list[float], float]:  # type: ignore[type-arg]
    """Wall time from starting the cluster, wall time of the tasks alone, the texts,
    each worker's peak memory (MB), and the workers' memory growth (MB per 100
    stories a worker compares; sampled between tasks, so slightly late)."""
    from distributed import Client

    from newsread.tui.batch import EmbedderSettings, local_cluster, run_on_dask

    started = time.perf_counter()
    cluster = local_cluster(workers)
    client = Client(cluster)
    try:
        ready = time.perf_counter()
        texts: dict[str, str] = {}
        settings = EmbedderSettings(None, cache, "onnx", threads=1)
        every = max(1, len(jobs) // SAMPLES)
        samples: list[tuple[int, float]] = []
        for done, outcome in enumerate(run_on_dask(jobs, settings, client), start=1):
            assert not isinstance(outcome, tuple), outcome
            for name, text in outcome.files().items():
                texts[f"{outcome.entry.key}/{name}"] = sha256(text)
            if done % every == 0:  # stories per worker, against the workers' mean memory
                now = list(client.run(current_mb).values())
                samples.append((done // workers, sum(now) / len(now)))
        finished = time.perf_counter()
        peaks = list(client.run(peak_mb).values())
    finally:
        client.close()
        cluster.close()
    return finished - started, finished - ready, texts, peaks, growth(samples)


def load() -> str:
    """The machine's 1-minute load average, to tell a busy machine from a slow run."""
    return f"{os.getloadavg()[0]:.2f}"


def bench_throughput(data: Path, tmp: Path, articles: int) -> list[str]:
    from newsread.core.embed import make_embedder

    folders = build_stories(data, articles, tmp / "stories")
    jobs = jobs_for(folders, make_embedder(None, None).name)
    n = sum(len(j.articles) for j in jobs)
    loads = [f"before {load()}"]
    print(f"throughput: {n} articles, {len(jobs)} stories; in-process", file=sys.stderr)
    cold, reference, in_mb, in_growth = run_in_process(jobs, tmp / "cache-in")
    loads.append(f"after in-process {load()}")
    print("throughput: in-process, warm", file=sys.stderr)
    warm, again, _, warm_growth = run_in_process(jobs, tmp / "cache-in")
    loads.append(f"after warm {load()}")
    rows = [f"| in this process (onnxruntime on both cores), cold cache | {cold:.1f} s | "
            f"{n / cold:.2f} | — | — | {in_mb:,.0f} MB (whole process) | "
            f"{in_growth:+,.0f} MB | (the reference) |"]  # fmt: skip
    results = {}
    for workers in (1, 2):
        print(f"throughput: LocalCluster, {workers} worker(s)", file=sys.stderr)
        run = run_cluster(jobs, workers, tmp / f"cache-{workers}")
        results[workers] = (*run[:2], run[2] == reference, *run[3:])
        loads.append(f"after {workers} worker(s) {load()}")
    one = results[1][0]
    for workers, (wall, tasks, same, peaks, worker_growth) in results.items():
        speedup = one / wall
        rows.append(
            f"| LocalCluster, {workers} worker process(es), 1 thread each, cold cache | "
            f"{wall:.1f} s ({tasks:.1f} s after start-up) | {n / wall:.2f} | {speedup:.2f}× | "
            f"{speedup / workers:.2f} | {', '.join(f'{p:,.0f}' for p in peaks)} MB | "
            f"{worker_growth:+,.0f} MB | {'yes' if same else 'NO'} |"
        )
    rows.append(
        f"| in this process, warm cache (no embedding) | {warm:.1f} s | {n / warm:.2f} | — | — "
        f"| — | {warm_growth:+,.0f} MB | {'yes' if again == reference else 'NO'} |"
    )
    return [
        f"{n:,} articles in {len(jobs)} stories of 5.",
        "",
        "| mode | wall | articles/s | speed-up vs 1 worker | efficiency | peak memory per "
        "worker | memory growth per 100 stories | same bytes as in-process |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        f"Beyond embedding (warm cache): {warm / n * 1000:.0f} s per 1,000 articles; "
        f"embedding: {(cold - warm) / n * 1000:.0f} s per 1,000 articles in this process.",
        f"Load average (1 min): {', '.join(loads)}.",
    ]


def adjusted_rand(left: list[list[int]], right: list[list[int]]) -> float:
    """Adjusted Rand index of two partitions of the same items (1.0: identical)."""
    label = {item: k for k, cluster in enumerate(right) for item in cluster}
    table: dict[tuple[int, int], int] = {}
    for k, cluster in enumerate(left):
        for item in cluster:
            table[k, label[item]] = table.get((k, label[item]), 0) + 1
    n = sum(len(c) for c in left)

    def pairs(count: int) -> float:
        return count * (count - 1) / 2

    both = sum(pairs(c) for c in table.values())
    rows, cols = sum(pairs(len(c)) for c in left), sum(pairs(len(c)) for c in right)
    expected = rows * cols / pairs(n) if n > 1 else 0.0
    best = (rows + cols) / 2
    return 1.0 if best == expected else (both - expected) / (best - expected)


def bench_grouping(data: Path, tmp: Path, sizes: list[int], cache: Path | None) -> list[str]:
    import numpy as np

    from newsread.core.batch import read_each
    from newsread.core.embed import make_embedder
    from newsread.core.stories import (
        ANN_ARTICLES,
        STORY_COSINE,
        ann_available,
        ann_pairs,
        average_linkage,
        group_stories,
        lead,
        neighbour_pairs,
    )

    folder = corpus.build_folder(data, max(sizes), tmp / "pile")
    # the first N articles the corpus makes (file names start with their number)
    files = sorted(
        (str(p) for p in folder.iterdir()), key=lambda f: int(Path(f).name.split("_")[0])
    )
    embedder = make_embedder(None, cache or tmp / "cache-pile")
    rows, agreement, beyond = [], [], {}
    before = load()
    for size in sorted(sizes):
        articles, _ = read_each(files[:size])
        print(f"grouping {size}: leads and their embeddings", file=sys.stderr, flush=True)
        started = time.perf_counter()
        leads = [lead(a) for a in articles]
        lead_s = time.perf_counter() - started
        started = time.perf_counter()
        vectors = embedder.encode(leads).astype(np.float32)
        embed_s = time.perf_counter() - started
        print(f"grouping {size}: exact", file=sys.stderr, flush=True)
        started = time.perf_counter()
        pairs = neighbour_pairs(vectors, STORY_COSINE)
        pairs_s = time.perf_counter() - started
        exact = average_linkage(vectors, STORY_COSINE, pairs=pairs)
        exact_s = time.perf_counter() - started
        approximate = "—"
        if ann_available():
            print(f"grouping {size}: approximate index", file=sys.stderr, flush=True)
            started = time.perf_counter()
            found = ann_pairs(vectors, STORY_COSINE)
            index_s = time.perf_counter() - started
            clusters = average_linkage(vectors, STORY_COSINE, pairs=found)
            ann_s = time.perf_counter() - started
            same = len({tuple(c) for c in clusters} & {tuple(c) for c in exact})
            approximate = f"{index_s:.1f} s + {ann_s - index_s:.1f} s"
            agreement.append(
                f"| {size:,} | {len(exact)} | {len(clusters)} | {same} of {len(exact)} | "
                f"{adjusted_rand(exact, clusters):.4f} | "
                f"{len(set(zip(*found[:2], strict=True)) & set(zip(*pairs[:2], strict=True))):,}"
                f" of {len(pairs[0]):,} |"
            )
        print(f"grouping {size}: group_stories, warm", file=sys.stderr, flush=True)
        started = time.perf_counter()
        stories = group_stories(articles, embedder)  # leads, cache reads, pairs, merges, titles
        whole_s = time.perf_counter() - started
        started = time.perf_counter()
        embedder.encode(leads)
        lookup_s = time.perf_counter() - started
        beyond[size] = whole_s - lookup_s
        path = "index" if size >= ANN_ARTICLES and ann_available() else "exact"
        rows.append(
            f"| {size:,} | {embed_s:.1f} s | {lead_s:.1f} s | {pairs_s:.1f} s + "
            f"{exact_s - pairs_s:.1f} s | {approximate} | **{beyond[size]:.1f} s** ({path}) | "
            f"{len(stories)} (largest {len(stories[0].article_ids)}) |"
        )
    growth = []
    ordered = sorted(beyond)
    for small, large in zip(ordered, ordered[1:], strict=False):
        exponent = math.log(beyond[large] / beyond[small]) / math.log(large / small)
        growth.append(f"{small:,} → {large:,}: {exponent:.2f}")
    return [
        f"Embedding cache: {cache or 'new (cold)'}; faiss installed: "
        f"{'yes' if ann_available() else 'no'}; the index is used from {ANN_ARTICLES:,} articles.",
        "",
        "| articles | embedding the leads | leads (splitting) | exact: neighbour pairs + "
        "merges | index: pairs + merges | group_stories beyond embedding (warm, minus cache "
        "reads) | stories |",
        "|---:|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        "Agreement of the index's grouping with the exact one (same vectors):",
        "",
        "| articles | stories, exact | stories, index | identical stories | adjusted Rand "
        "index | exact neighbour pairs the index found |",
        "|---:|---:|---:|---:|---:|---:|",
        *agreement,
        "",
        f"Growth beyond embedding, exponent: {'; '.join(growth)}. "
        f"Load average (1 min) before {before}, after {load()}.",
    ]


def bench_resume(data: Path, tmp: Path) -> list[str]:
    inputs = [
        str(corpus.SEED),
        *sorted(str(p) for p in (data / "clusters").iterdir() if p.is_dir()),
    ]
    env = {**os.environ, "NEWSREAD_CACHE_DIR": str(tmp / "cache-resume")}
    whole = tmp / "resume-whole"
    print("resume: uninterrupted run", file=sys.stderr)
    subprocess.run([NEWSREAD, "batch", *inputs, "--out", str(whole), "-q"], env=env, check=True)
    shutil.rmtree(tmp / "cache-resume")
    out = tmp / "resume-killed"
    print("resume: run killed after 3 stories", file=sys.stderr)
    proc = subprocess.Popen(
        [NEWSREAD, "batch", *inputs, "--out", str(out)], env=env, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    finished = 0
    for line in proc.stderr:
        if line.startswith("newsread: batch: ") and "stories," in line:
            finished += 1
            if finished == 3:
                proc.send_signal(signal.SIGKILL)
                break
    proc.wait()
    rerun = subprocess.run(
        [NEWSREAD, "batch", *inputs, "--out", str(out)], env=env, capture_output=True, text=True
    )
    summary = rerun.stderr.strip().splitlines()[-1]

    def tree(folder: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()
        }

    same = tree(out) == tree(whole)
    return [
        f"Killed (SIGKILL) after {finished} of 7 stories were written, then run again: "
        f"`{summary}`; output identical to an uninterrupted run: {'yes' if same else 'NO'}."
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.batch", description=__doc__)
    parser.add_argument(
        "data", type=Path, nargs="?", default=corpus.REPO.parent / "shared" / "data"
    )
    parser.add_argument("--articles", type=int, default=1000, help="throughput corpus size")
    parser.add_argument("--group-sizes", default="1000,5000,10000,20000")
    parser.add_argument(
        "--cache", type=Path, help="embedding cache to reuse for the grouping piles (default: new)"
    )
    parser.add_argument("--skip", default="", help="comma list of: throughput,grouping,resume")
    args = parser.parse_args(argv)
    skip = set(args.skip.split(","))
    with tempfile.TemporaryDirectory(prefix="newsread-batch-") as name:
        tmp = Path(name)
        if "throughput" not in skip:
            print("## Throughput: stories of 5, in-process and on a LocalCluster\n")
            print("\n".join(bench_throughput(args.data, tmp, args.articles)), flush=True)
        if "grouping" not in skip:
            print("\n## Grouping a pile (`stories.group_stories`)\n")
            sizes = [int(s) for s in args.group_sizes.split(",")]
            print("\n".join(bench_grouping(args.data, tmp, sizes, args.cache)), flush=True)
        if "resume" not in skip:
            print("\n## Killed and run again (`newsread batch`, 7 real events)\n")
            print("\n".join(bench_resume(args.data, tmp)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
