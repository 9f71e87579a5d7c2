"""Tests for the benchmark script's papermill floor: what every chapter pays before it computes anything."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_floor_source_stops_after_the_corpus_is_read_even_within_a_cell(bench):
    cells = ["import corpus_utils as cu\n\ncu.setup_notebook()\n%matplotlib inline\n\n"
             "data = cu.load_corpus(corpus,\n    shared=shared)\nvocab = cu.chapters.vocabulary(data)",
             "cu.say(cu.narrate.abstract(vocab))"]
    assert bench._floor_source(cells) == ("import corpus_utils as cu\n\ncu.setup_notebook()\n%matplotlib inline\n\n"
                                          "data = cu.load_corpus(corpus,\n    shared=shared)")


def test_floor_source_reads_on_into_the_next_cell_when_the_imports_cell_loads_nothing(bench):
    cells = ["import corpus_utils as cu\n%matplotlib inline", "x = 1\ndata = cu.load_corpus(corpus)\ny = 2"]
    assert bench._floor_source(cells) == "import corpus_utils as cu\n%matplotlib inline\nx = 1\ndata = cu.load_corpus(corpus)"


def test_floor_source_without_a_load_is_refused(bench):
    with pytest.raises(RuntimeError, match="load_corpus"):
        bench._floor_source(["import corpus_utils as cu"])


def test_the_floor_of_every_chapter_reads_the_corpus_and_computes_nothing(bench, tmp_path):
    n = bench._write_floor_notebooks(REPO / "notebooks", tmp_path)
    assert n == len(list((REPO / "notebooks").glob("[0-9]*.ipynb")))
    for path in sorted(tmp_path.glob("*.ipynb")):
        cells = nbformat.read(str(path), as_version=4).cells
        assert len(cells) == 2 and "parameters" in cells[0].metadata["tags"]
        assert cells[1].source.rstrip().endswith(")") and "load_corpus(" in cells[1].source, path.name
        assert "cu.chapters." not in cells[1].source and "cu.synthesis." not in cells[1].source, path.name


def test_the_memory_of_a_process_tree_counts_shared_pages_once(bench):
    import os
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "import sys, time; print(flush=True); time.sleep(5)"],
                             stdout=subprocess.PIPE)
    try:
        child.stdout.readline()  # started: its memory no longer changes
        resident, proportional = bench._tree_memory_mib(child.pid)
        # the sleeping child shares the interpreter's pages with this process: its proportional set is smaller
        assert 0 < proportional < resident
        assert bench._tree_memory_mib(os.getpid())[0] > resident  # this process's tree holds the child
    finally:
        child.kill()
        child.wait()
    assert bench._pss(-1, fallback=123) == 123  # no such process: its resident set stands in
