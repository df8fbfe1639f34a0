"""The machine's own scaling ceiling for ``newsread batch``: python -m bench.ceiling [DATA]

One single-thread ONNX embedding process alone, then two at once, on the same
sentences (the first distinct content sentences of the six evaluation events):
sentences/s of each and their ratio. ``bench.batch`` compares one Dask worker
with two; this says how much of any shortfall is the machine (two cores
embedding side by side) and how much is the batch's own work around the model.
Each process loads the model first and times only ``encode``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from . import corpus

CHILD = """
import json, sys, time
from newsread.core.embed import OnnxEmbedder
texts = json.load(open(sys.argv[1], encoding="utf-8"))
embedder = OnnxEmbedder(threads=1)
embedder.encode(texts[:8])
started = time.perf_counter()
embedder.encode(texts)
print(len(texts) / (time.perf_counter() - started))
"""


def rates(texts_file: Path, processes: int) -> list[float]:
    """Sentences/s of ``processes`` single-thread embedding processes run at once."""
    started = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(texts_file)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(processes)
    ]
    return [float(p.communicate()[0]) for p in started]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ceiling", description=__doc__)
    parser.add_argument("data", nargs="?", default="../shared/data", type=Path)
    parser.add_argument("--sentences", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    folders = sorted(p for p in (args.data / "clusters").iterdir() if p.is_dir())
    texts = corpus.unique_first(corpus.content_sentences([str(f) for f in folders]), args.sentences)
    print("| run | one alone (sentences/s) | two at once (each) | two at once (sum) | ratio |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        for run in range(1, args.runs + 1):
            (one,) = rates(texts_file, 1)
            two = rates(texts_file, 2)
            each = " + ".join(f"{r:.1f}" for r in two)
            print(f"| {run} | {one:.1f} | {each} | {sum(two):.1f} | {sum(two) / one:.2f}× |")
    print(f"\n{len(texts)} sentences; onnxruntime with one intra-op thread per process.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
