"""Every chapter, fed a bad corpus, stops at its load cell with the one-line CorpusError message."""

import nbformat
import papermill
import pytest

from conftest import ROOT, snapshot, write_corpus
from corpus_utils.run import KERNEL_ARGUMENTS

CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

#: Every test here executes a chapter notebook through a kernel.
pytestmark = pytest.mark.essay


def _run_until_failure(chapter, corpus, tmp_path):
    """Execute a chapter on ``corpus``; return papermill's error and the one cell that failed."""
    out = tmp_path / chapter.name
    with pytest.raises(papermill.PapermillExecutionError) as info:
        papermill.execute_notebook(
            str(chapter), str(out), parameters={"corpus": str(corpus), "figures_dir": str(tmp_path / "figs")},
            cwd=str(chapter.parent), progress_bar=False, extra_arguments=list(KERNEL_ARGUMENTS),
        )
    nb = nbformat.read(str(out), as_version=4)
    failing = [c for c in nb.cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert len(failing) == 1
    return info.value, failing[0]


@pytest.fixture(scope="module")
def one_group(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("one") / "texts", {
        "a.txt": ("x", "Police and trust in the community."),
        "b.txt": ("x", "Sheriffs and detainers in the county."),
    })


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("bad") / "texts", {
        "a.txt": ("x", "Police and trust."),
        "b.txt": ("y", b"\x00\x01\x02 not text"),
    })


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_bad_corpus_fails_at_the_load_cell_with_one_message(chapter, bad_corpus, tmp_path):
    before = snapshot(bad_corpus)
    error, failing = _run_until_failure(chapter, bad_corpus, tmp_path)
    assert error.ename == "DecodeError"
    assert "cu.load_corpus(" in failing.source
    (error,) = [o for o in failing.outputs if o.output_type == "error"]
    assert error.traceback == ["DecodeError: texts/b.txt: " + error.evalue.split("texts/b.txt: ", 1)[1]]
    assert "looks binary" in error.evalue and "Save it as UTF-8" in error.evalue
    assert snapshot(bad_corpus) == before
    assert not (tmp_path / "figs").exists()


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_single_group_fails_at_the_load_cell(chapter, one_group, tmp_path):
    error, failing = _run_until_failure(chapter, one_group, tmp_path)
    assert error.ename == "LabelError"
    assert "a comparison needs at least 2 groups (got 1: x)" in error.evalue
    assert "cu.load_corpus(" in failing.source
