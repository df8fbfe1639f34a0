"""``newsread batch`` at scale (issue 19): python -m bench.batch [DATA] [--articles N]

Prints Markdown tables:

- **Throughput**: a generated corpus of N articles in stories of five (the
  seed story and the six evaluation events, copy ``k`` of each with
  ``bench.corpus.edit``'s controlled rewrites, so most sentences are new to
  the embedding cache) compared through the same scheduling code the command
  line uses (``tui.batch``): in this process, then on a ``LocalCluster`` of 1
  and of 2 worker processes (one thread each), each with its own empty
  embedding cache. Articles/s, speed-up and scaling efficiency, peak memory
  per worker, whether all three outputs are byte-identical, and the same
  in-process run again on its now warm cache (the cost beyond embedding). The
  stories are given, not grouped: near-copies of seven events would group
  into seven stories (grouping is measured apart, below).
- **Grouping**: ``stories.group_stories`` on the ``bench.corpus`` piles of
  1,000 and 5,000 articles (as ``bench.pile``): embedding the leads (cold),
  then everything beyond embedding (leads, neighbour pairs, merges, titles)
  on the same vectors, and the growth exponent between the two sizes.
- **Resume**: ``newsread batch`` on the seven real events (35 articles),
  killed (SIGKILL) after its first stories, then run again: how many stories
  the second run compares, and whether the output equals an uninterrupted run.
"""

from __future__ import annotations

import argparse
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


def run_in_process(jobs: list, cache: Path) -> tuple[float, dict[str, str], float]:  # type: ignore[type-arg]
    from newsread.core.compare import collector_paused
    from newsread.core.embed import make_embedder
    from newsread.tui.batch import run_in_process as loop

    embedder = make_embedder(None, cache)
    texts: dict[str, str] = {}
    started = time.perf_counter()
    with collector_paused():
        for outcome in loop(jobs, embedder):
            assert not isinstance(outcome, tuple), outcome
            for name, text in outcome.files().items():
                texts[f"{outcome.entry.key}/{name}"] = text
    return time.perf_counter() - started, texts, peak_mb()


def run_cluster(
    jobs: list, workers: int, cache: Path
) -> tuple[float, float, dict[str, str], list[float]]:  # type: ignore[type-arg]
    """Wall time from starting the cluster, wall time of the tasks alone, the texts,
    and each worker's peak memory (MB)."""
    from distributed import Client

    from newsread.tui.batch import EmbedderSettings, local_cluster, run_on_dask

    started = time.perf_counter()
    cluster = local_cluster(workers)
    client = Client(cluster)
    try:
        ready = time.perf_counter()
        texts: dict[str, str] = {}
        settings = EmbedderSettings(None, cache, "onnx", threads=1)
        for outcome in run_on_dask(jobs, settings, client):
            assert not isinstance(outcome, tuple), outcome
            for name, text in outcome.files().items():
                texts[f"{outcome.entry.key}/{name}"] = text
        done = time.perf_counter()
        peaks = list(client.run(peak_mb).values())
    finally:
        client.close()
        cluster.close()
    return done - started, done - ready, texts, peaks


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
    cold, reference, in_mb = run_in_process(jobs, tmp / "cache-in")
    loads.append(f"after in-process {load()}")
    print("throughput: in-process, warm", file=sys.stderr)
    warm, again, _ = run_in_process(jobs, tmp / "cache-in")
    loads.append(f"after warm {load()}")
    rows = [f"| in this process (onnxruntime on both cores), cold cache | {cold:.1f} s | "
            f"{n / cold:.2f} | — | — | {in_mb:,.0f} MB (whole process) | "
            "(the reference) |"]  # fmt: skip
    results = {}
    for workers in (1, 2):
        print(f"throughput: LocalCluster, {workers} worker(s)", file=sys.stderr)
        wall, tasks, texts, peaks = run_cluster(jobs, workers, tmp / f"cache-{workers}")
        results[workers] = (wall, tasks, texts == reference, peaks)
        loads.append(f"after {workers} worker(s) {load()}")
    one = results[1][0]
    for workers, (wall, tasks, same, peaks) in results.items():
        speedup = one / wall
        rows.append(
            f"| LocalCluster, {workers} worker process(es), 1 thread each, cold cache | "
            f"{wall:.1f} s ({tasks:.1f} s after start-up) | {n / wall:.2f} | {speedup:.2f}× | "
            f"{speedup / workers:.2f} | {', '.join(f'{p:,.0f}' for p in peaks)} MB | "
            f"{'yes' if same else 'NO'} |"
        )
    rows.append(
        f"| in this process, warm cache (no embedding) | {warm:.1f} s | {n / warm:.2f} | — | — "
        f"| — | {'yes' if again == reference else 'NO'} |"
    )
    return [
        f"{n:,} articles in {len(jobs)} stories of 5.",
        "",
        "| mode | wall | articles/s | speed-up vs 1 worker | efficiency | peak memory per "
        "worker | same bytes as in-process |",
        "|---|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        f"Beyond embedding (warm cache): {warm / n * 1000:.0f} s per 1,000 articles; "
        f"embedding: {(cold - warm) / n * 1000:.0f} s per 1,000 articles in this process.",
        f"Load average (1 min): {', '.join(loads)}.",
    ]


def bench_grouping(data: Path, tmp: Path, sizes: list[int]) -> list[str]:
    import numpy as np

    from newsread.core.batch import read_each
    from newsread.core.embed import make_embedder
    from newsread.core.stories import STORY_COSINE, average_linkage, group_stories, lead

    folder = corpus.build_folder(data, max(sizes), tmp / "pile")
    files = sorted(str(p) for p in folder.iterdir())
    embedder = make_embedder(None, tmp / "cache-pile")
    rows, beyond = [], {}
    before = load()
    for size in sorted(sizes):
        articles, _ = read_each(files[:size])
        print(f"grouping {size}: embedding leads", file=sys.stderr)
        started = time.perf_counter()
        leads = [lead(a) for a in articles]
        lead_s = time.perf_counter() - started
        started = time.perf_counter()
        vectors = embedder.encode(leads).astype(np.float32)
        embed_s = time.perf_counter() - started
        started = time.perf_counter()
        clusters = average_linkage(vectors, STORY_COSINE)
        link_s = time.perf_counter() - started
        started = time.perf_counter()
        stories = group_stories(articles, embedder)  # warm: leads again, cache reads, titles
        whole_s = time.perf_counter() - started
        started = time.perf_counter()
        embedder.encode(leads)
        lookup_s = time.perf_counter() - started
        beyond[size] = whole_s - lookup_s
        assert len(stories) == len(clusters)
        rows.append(
            f"| {size:,} | {embed_s:.1f} s | {lead_s:.1f} s | {link_s:.2f} s | "
            f"{beyond[size]:.1f} s | {len(stories)} (largest {len(clusters[0])}) |"
        )
    small, large = min(sizes), max(sizes)
    exponent = math.log(beyond[large] / beyond[small]) / math.log(large / small)
    return [
        "| articles | embedding the leads (cold) | leads (splitting) | average linkage | "
        "group_stories beyond embedding (warm, minus cache reads) | stories |",
        "|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        f"Growth {small:,} → {large:,} beyond embedding: exponent {exponent:.2f}. "
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
    parser.add_argument("--group-sizes", default="1000,5000")
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
            print("\n".join(bench_grouping(args.data, tmp, sizes)), flush=True)
        if "resume" not in skip:
            print("\n## Killed and run again (`newsread batch`, 7 real events)\n")
            print("\n".join(bench_resume(args.data, tmp)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
