"""Shared fixtures: the seed corpus (read-only), helpers to build corpora in tmp_path, and for `run`.

Tests marked ``essay`` run whole essays or chapter notebooks through a kernel; ``make check``
leaves them out. Those that need the rent-control fixture's report share one build
(:func:`essay_report`).
"""

from __future__ import annotations

import csv
import os
import stat
from html.parser import HTMLParser
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


# ---------------------------------------------------------------------------------------------
# The corpus-essay command, and `run` with a stand-in for the chapters (tests/test_run_*.py).

#: The rent-control fixture: ten texts in two label folders, written so that a few terms split the groups.
RENT_CONTROL = ROOT / "tests" / "fixtures" / "rent_control"


def run_cli(*args, cwd=None):
    """Run ``python -m corpus_utils ARGS`` in a new process; return the completed process."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "corpus_utils", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=600)


def run_args(corpus, out, *extra) -> list[str]:
    """The arguments of ``corpus-essay run`` for a quick run: one chapter at a time, no progress bar."""
    return ["run", str(corpus), "--out", str(out), "--no-progress", "--jobs", "1", *map(str, extra)]


def listing(folder: Path) -> list[str]:
    """Every file and folder below ``folder`` (hidden ones too), as relative paths."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def one_line(err: str) -> str:
    """The one line a command printed on its error stream, checked to be one line and no traceback."""
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


def chapter_names() -> list[str]:
    return sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


class FakeChapters:
    """Stands in for ``execute.run_job``: writes what a chapter writes, where the real one would.

    ``fail`` names a chapter that fails after writing its notebook, ``interrupt`` one at which
    Ctrl-C is pressed, and ``before`` a function called with each job before it "runs".
    """

    def __init__(self, fail=None, interrupt=None, before=None):
        self.fail, self.interrupt, self.before, self.jobs = fail, interrupt, before, []

    def __call__(self, job, progress=False, threads=None):
        from corpus_utils.run import ChapterError

        self.jobs.append(job)
        if self.before is not None:
            self.before(job)
        if job.chapter.stem == self.interrupt:
            raise KeyboardInterrupt
        job.output.write_text("{}", encoding="utf-8")
        if job.chapter.stem == self.fail:
            raise ChapterError(job.chapter.stem, 4, "ZeroDivisionError: division by zero", job.output)
        job.output.with_suffix(".html").write_text(job.chapter.stem, encoding="utf-8")
        figures = Path(job.cwd) / job.parameters["figures_dir"]
        figures.mkdir(parents=True, exist_ok=True)
        (figures / f"{job.chapter.stem}.png").write_bytes(b"png")
        return {"title": job.chapter.stem, "summary": f"What *{job.chapter.stem}* found.", "abstract": None}


@pytest.fixture
def fake(monkeypatch):
    """Install a stand-in executor (no kernel); returns a function that configures it."""
    from corpus_utils.run import execute

    def _install(**kwargs):
        chapters = FakeChapters(**kwargs)
        monkeypatch.setattr(execute, "run_job", chapters)
        return chapters

    return _install


@pytest.fixture
def texts(make_corpus):
    return make_corpus({"a.txt": ("for", "Tenants need rent control."), "b.txt": ("for", "Rents keep rising."),
                        "c.txt": ("against", "Supply needs construction."), "d.txt": ("against", "Investment builds homes.")},
                       name="texts")


@pytest.fixture(scope="session")
def essay_report(tmp_path_factory):
    """The rent-control fixture's report, built once per test run (tests marked ``essay`` share it).

    Built as a user would: the texts copied into a folder of their own, and ``corpus-essay
    run texts --out reports/rent --label-column ignored-for-folders`` run there in a new
    process, every chapter executed by a real kernel. Snapshots of the fixture, the copy and the
    project's ``figures/`` and ``notebooks/`` are taken before the run.
    """
    import shutil
    from types import SimpleNamespace

    work = tmp_path_factory.mktemp("essay")
    corpus = work / "texts"
    shutil.copytree(RENT_CONTROL, corpus)
    before = SimpleNamespace(fixture=snapshot(RENT_CONTROL), corpus=snapshot(corpus),
                             project=snapshot(ROOT / "figures") | snapshot(ROOT / "notebooks"))
    out = Path("reports", "rent")
    result = run_cli("run", "texts", "--out", out, "--no-progress", "--label-column", "ignored-for-folders", cwd=work)
    return SimpleNamespace(work=work, corpus=corpus, out=work / out, typed_out=out, result=result, before=before)


class Page(HTMLParser):
    """An HTML page's tags, link targets, text, and the text inside each element with an id or class."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.hrefs, self.pieces, self._stack = [], [], [], []
        self.feed(html)
        self.close()
        self.text = "".join(d for d, _ in self.pieces)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])
        if tag not in {"img", "br", "hr", "meta", "link", "input"}:
            self._stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        self.pieces.append((data, list(self._stack)))

    def text_inside(self, tag: str, css_class: str | None = None) -> list[str]:
        """The text inside each ``tag`` (of ``css_class``), one string per element, in order."""
        found: dict[int, str] = {}
        for data, stack in self.pieces:
            for t, attrs in stack:
                if t == tag and (css_class is None or css_class in attrs.get("class", "").split()):
                    found[id(attrs)] = found.get(id(attrs), "") + data
        return list(found.values())
