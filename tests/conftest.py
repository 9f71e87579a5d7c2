"""Shared fixtures: the seed corpus (read-only) and helpers to build corpora in tmp_path."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis keeps no example database: tests never write into the work tree.
settings.register_profile("project", database=None, deadline=None, derandomize=True)
settings.load_profile("project")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_corpus():
    import corpus_utils as cu

    return cu.load_corpus(SEED)


def write_corpus(folder: Path, docs: dict[str, tuple[str, str | bytes]], extra_columns: dict | None = None) -> Path:
    """Write ``{file name: (label, text or bytes)}`` plus a metadata.csv into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, (label, body) in docs.items():
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        (folder / name).write_bytes(data)
        row = {"file": name, "stance": label}
        row.update((extra_columns or {}).get(name, {}))
        rows.append(row)
    fields = list(dict.fromkeys(k for row in rows for k in row))
    with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification times (ns) of every regular file below ``folder``.

    Links, pipes, devices and sockets are recorded by their kind and mtime, never opened.
    """
    out = {}
    for dirpath, _, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            info = path.lstat()
            content = path.read_bytes() if stat.S_ISREG(info.st_mode) else stat.S_IFMT(info.st_mode)
            out[str(path.relative_to(folder))] = (content, info.st_mtime_ns)
    return out


@pytest.fixture
def make_corpus(tmp_path):
    def _make(docs, extra_columns=None, name="corpus"):
        return write_corpus(tmp_path / name, docs, extra_columns)

    return _make


@pytest.fixture(autouse=True)
def _deletions_stay_in_temporary_folders(monkeypatch, tmp_path_factory):
    """A safety net under every test: removing or renaming anything outside the temporary folders fails.

    The tests of `run` hand it dangerous --out values (``/``, the home folder, the corpus); if a
    regression ever stopped refusing them, this turns the deletion into a test failure instead.
    """
    import shutil
    import tempfile

    allowed = [Path(tempfile.gettempdir()).resolve(), tmp_path_factory.getbasetemp().resolve()]
    real_rmtree, real_rename = shutil.rmtree, os.rename

    def _check(path) -> None:
        target = Path(os.path.abspath(path))
        if not any(target != root and target.is_relative_to(root) for root in allowed):
            raise AssertionError(f"a test tried to remove or move {target}, outside the temporary folders")

    def rmtree(path, *args, **kwargs):
        _check(path)
        return real_rmtree(path, *args, **kwargs)

    def rename(src, dst, *args, **kwargs):
        _check(src)
        _check(dst)
        return real_rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", rmtree)
    monkeypatch.setattr(os, "rename", rename)


def toy_documents(min_docs: int, max_docs: int):
    """A hypothesis strategy: lists of short documents drawn from ten debate words and varied separators."""
    from hypothesis import strategies as st

    words = ["trust", "crime", "ice", "police", "detainer", "community", "safety", "fear", "county", "warrant"]
    seps = st.sampled_from([" ", ", ", ". ", "\n", "; ", " — "])
    word = st.sampled_from(words).map(lambda w: w.capitalize() if len(w) % 2 else w)
    doc = st.lists(st.tuples(word, seps), min_size=1, max_size=25).map(lambda pairs: "".join(w + s for w, s in pairs))
    return st.lists(doc, min_size=min_docs, max_size=max_docs)
