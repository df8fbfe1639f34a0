"""Bounds under load (issue 15): many articles, and one article at the limits.

``python -m bench.pile DATA [--sizes 1000,5000,10000]`` prints Markdown tables.
Every figure is one fresh ``newsread`` process (wall time and its own peak
memory from ``wait4``), as a user would run it:

- **Piles**: ``newsread stories FOLDER`` on 1,000 / 5,000 / 10,000 generated
  articles (``bench.corpus``: the 35 distinct articles with small edits), first
  with an empty cache (embedding every lead), then warm (everything but
  embedding). The reference, measured in the same run on the same embeddings,
  is the grouping newsread used before (a full cluster-by-cluster matrix
  product on every merge: cubic), run in-process at 1,000 articles only.
- **One article at the limits**: a 2-source export where one source is at
  ``MAX_TEXT_CHARS`` (ordinary prose; one line with no sentence end) or at
  ``MAX_SENTENCES``, cold and warm.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from . import corpus

PY = sys.executable
NEWSREAD = str(Path(PY).parent / "newsread")


def measure(cmd: list[str], env: dict[str, str], timeout: float = 3600) -> tuple[float, float]:
    """Run one process; return (wall seconds, its peak resident memory in MB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            raise RuntimeError(f"{' '.join(cmd)}: over {timeout} s")
        time.sleep(0.05)
    wall = time.perf_counter() - started
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def env_for(cache: Path) -> dict[str, str]:
    return {
        **os.environ, "NEWSREAD_CACHE_DIR": str(cache), "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1", "ORT_DISABLE_TELEMETRY": "1",
    }  # fmt: skip


def cubic_reference(vectors: np.ndarray, threshold: float) -> int:
    """The grouping newsread used until issue 15 (every merge recomputes every
    cluster pair's average from the vector sums: k^2 work per merge, cubic in all)."""
    sums = vectors.astype(np.float64).copy()
    sizes = np.ones(len(vectors))
    count = len(vectors)
    while count > 1:
        average = (sums @ sums.T) / np.outer(sizes, sizes)
        upper = np.triu(np.ones(average.shape, dtype=bool), k=1)
        best = float(average[upper].max())
        if best < threshold:
            break
        x, y = (int(i) for i in np.argwhere(upper & (average == best))[-1])
        sums[x] += sums[y]
        sizes[x] += sizes[y]
        sums, sizes = np.delete(sums, y, axis=0), np.delete(sizes, y)
        count -= 1
    return count


def bench_piles(data: Path, tmp: Path, sizes: list[int]) -> list[str]:
    from newsread.core.embed import make_embedder
    from newsread.core.ingest import load_articles
    from newsread.core.stories import STORY_COSINE, average_linkage, lead

    rows = []
    for size in sizes:
        folder = corpus.build_folder(data, size, tmp / f"pile-{size}")
        cache = tmp / f"cache-{size}"
        cmd = [NEWSREAD, "stories", str(folder)]
        print(f"pile {size}: cold", file=sys.stderr, flush=True)
        cold, cold_mb = measure(cmd, env_for(cache))
        print(f"pile {size}: warm", file=sys.stderr, flush=True)
        warm, warm_mb = measure(cmd, env_for(cache))
        rows.append(
            f"| {size:,} | {cold:.1f} s | {cold_mb:,.0f} MB | {warm:.1f} s | {warm_mb:,.0f} MB |"
        )
        if size == min(sizes):
            articles = load_articles([str(folder)])
            vectors = make_embedder(None, cache).encode([lead(a) for a in articles])
            started = time.perf_counter()
            groups = average_linkage(vectors, STORY_COSINE)
            new = time.perf_counter() - started
            started = time.perf_counter()
            count = cubic_reference(vectors, STORY_COSINE)
            old = time.perf_counter() - started
            assert count == len(groups), (count, len(groups))
            reference = (
                f"Grouping alone at {size:,} articles, same embeddings, same run: "
                f"{new:.2f} s now vs {old:.2f} s with the previous cubic merge "
                f"({old / new:.0f}× faster; {len(groups)} stories either way)."
            )
    return [
        "| articles | cold (embedding every lead) | peak memory | warm cache | peak memory |",
        "|---:|---:|---:|---:|---:|",
        *rows,
        "",
        reference,
    ]


def near_limit_files(data: Path, tmp: Path) -> dict[str, Path]:
    from newsread.core.compare import MAX_SENTENCES
    from newsread.core.ingest import MAX_TEXT_CHARS

    rng = random.Random(3)
    lines = [
        line
        for f in corpus.base_files(data)
        for line in f.read_text(encoding="utf-8").split("\n")
        if len(line) > 40
    ]
    words = " ".join(lines).replace(".", " ").split()
    files = {}
    prose, size, n = [], 0, 0
    while size < MAX_TEXT_CHARS - 5_000:
        line = f"{rng.choice(lines)} ({n})"
        prose.append(line)
        size, n = size + len(line) + 2, n + 1
    files["prose at the character limit"] = "\n\n".join(prose)
    files["one line, no sentence end, at the character limit"] = " ".join(
        rng.choice(words) for _ in range(MAX_TEXT_CHARS // 4)
    )[: MAX_TEXT_CHARS - 5_000]
    files["short sentences at the sentence limit"] = "\n".join(
        f"Officials said {rng.choice(words)} {rng.choice(words)} item {i} was counted."
        for i in range(MAX_SENTENCES - 50)
    )
    out = {}
    for n, (label, text) in enumerate(files.items()):
        path = tmp / f"near-{n}.txt"
        path.write_text(text, encoding="utf-8")
        out[label] = path
    return out


def bench_limits(data: Path, tmp: Path) -> list[str]:
    rows = []
    other = str(corpus.base_files(data)[0])
    for label, path in near_limit_files(data, tmp).items():
        cache = tmp / f"cache-limit-{path.stem}"
        cmd = [NEWSREAD, "export", str(path), other, "--format", "json", "-o",
               str(tmp / f"{path.stem}.json"), "--force"]  # fmt: skip
        print(f"limit: {label}", file=sys.stderr, flush=True)
        cold, cold_mb = measure(cmd, env_for(cache))
        warm, warm_mb = measure(cmd, env_for(cache))
        rows.append(
            f"| {label} | {cold:.1f} s | {cold_mb:,.0f} MB | {warm:.1f} s | {warm_mb:,.0f} MB |"
        )
    return [
        "| one source at the limit (plus a seed article) | cold | peak memory | warm | "
        "peak memory |",
        "|---|---:|---:|---:|---:|",
        *rows,
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pile", description=__doc__)
    parser.add_argument(
        "data", type=Path, nargs="?", default=corpus.REPO.parent / "shared" / "data"
    )
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--no-limits", action="store_true", help="skip the one-article runs")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="newsread-pile-") as name:
        tmp = Path(name)
        print("## Many articles: `newsread stories FOLDER`\n")
        print("\n".join(bench_piles(args.data, tmp, sizes)))
        if not args.no_limits:
            print("\n## One article at the limits: `newsread export` of two sources\n")
            print("\n".join(bench_limits(args.data, tmp)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
