"""Text twins of the chapters: jupytext's percent format beside each notebook, kept in step with it."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from conftest import ROOT
from corpus_utils.__main__ import main
from corpus_utils.run import find_chapters, refresh_notebook, twin_text, write_twin

FIX = "Run `make twins` (or `make notebooks`, which also re-executes them) and commit the notebook and its twin together"

CHAPTERS = find_chapters(ROOT / "notebooks")


def _cells(nb) -> list[tuple[str, str, list[str]]]:
    """What a twin must carry of each cell: its type, its source and its tags."""
    return [(c.cell_type, c.source, list(c.get("metadata", {}).get("tags") or [])) for c in nb.cells]


def _first_difference(expected: list, found: list) -> str:
    """Say where two lists of cells first differ, in words a reviewer can act on."""
    for i, (want, got) in enumerate(zip(expected, found), start=1):
        if want != got:
            what = [name for name, a, b in zip(("type", "source", "tags"), want, got) if a != b]
            return f"cell {i} differs in its {' and '.join(what)} (notebook: {want[1][:60]!r}...)"
    return f"the notebook has {len(expected)} cells, the twin {len(found)}"


def _small_notebook():
    """Markdown, a parameters cell, a magic, a prose cell, a raw cell; with outputs and volatile metadata."""
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Chapter 9 · A title\n\nThe *question*.", metadata={"tags": []}),
            new_code_cell('corpus = "../data/seed"\nk = 2', metadata={"tags": ["parameters"], "papermill": {"duration": 0.5}}),
            new_code_cell("import corpus_utils as cu\n\n%matplotlib inline", execution_count=3,
                          outputs=[new_output("stream", name="stdout", text="hello\n")]),
            new_code_cell("cu.say(cu.narrate.corpus_overview(table))", metadata={"tags": ["prose"], "scrolled": True}),
            new_raw_cell("raw text"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                  "language_info": {"name": "python", "version": "3.11.7"}},
    )
    return nb


#: The twin of ``_small_notebook()``, written out by hand from jupytext's percent format.
SMALL_TWIN = """\
# %% [markdown]
# # Chapter 9 · A title
#
# The *question*.

# %% tags=["parameters"]
corpus = "../data/seed"
k = 2

# %%
import corpus_utils as cu

# %matplotlib inline

# %% tags=["prose"]
cu.say(cu.narrate.corpus_overview(table))

# %% [raw]
# raw text
"""


class TestTwinText:
    def test_percent_format_with_tags_and_nothing_else(self):
        assert twin_text(_small_notebook()) == SMALL_TWIN

    def test_reads_back_as_the_same_cells(self):
        import jupytext

        nb = _small_notebook()
        assert _cells(jupytext.reads(twin_text(nb), fmt="py:percent")) == _cells(nb)

    def test_kernel_and_python_version_do_not_change_the_twin(self):
        nb = _small_notebook()
        nb.metadata["kernelspec"]["display_name"] = "Python 3 (ipykernel)"
        nb.metadata["language_info"]["version"] = "3.11.9"
        nb.cells[2].execution_count = 41
        assert twin_text(nb) == SMALL_TWIN

    @pytest.mark.parametrize("change", ["source", "type", "tags"])
    def test_a_change_to_a_cell_changes_the_twin(self, change):
        nb = _small_notebook()
        cell = nb.cells[3]
        if change == "source":
            cell.source = "cu.say(cu.narrate.keyness_top_terms(table))"
        elif change == "type":
            nb.cells[3] = new_markdown_cell(cell.source, metadata=cell.metadata)
        else:
            cell.metadata["tags"] = []
        assert twin_text(nb) != SMALL_TWIN

    def test_leaves_the_notebook_unchanged(self):
        nb = _small_notebook()
        before = nbformat.writes(nb)
        twin_text(nb)
        assert nbformat.writes(nb) == before


class TestWriteTwin:
    def test_writes_the_twin_beside_the_notebook(self, tmp_path):
        path = tmp_path / "09_small.ipynb"
        nbformat.write(_small_notebook(), str(path))
        twin = write_twin(path)
        assert twin == tmp_path / "09_small.py"
        assert twin.read_bytes() == SMALL_TWIN.encode("utf-8")  # UTF-8, and \n line ends on every system

    def test_rewriting_is_byte_identical(self, tmp_path):
        path = tmp_path / "09_small.ipynb"
        nbformat.write(_small_notebook(), str(path))
        first = write_twin(path).read_bytes()
        assert write_twin(path).read_bytes() == first


def _notebook_in(folder, code: str):
    folder.mkdir()
    nb = new_notebook(
        cells=[new_markdown_cell("# Chapter 1 · Sums"), new_code_cell("k = 2", metadata={"tags": ["parameters"]}),
               new_code_cell(code)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    path = folder / "01_sums.ipynb"
    nbformat.write(nb, str(path))
    return path


class TestRefreshWritesTheTwin:
    def test_refresh_command_writes_outputs_and_twin(self, tmp_path, capsys):
        path = _notebook_in(tmp_path / "notebooks", "print(k * 21)")
        assert main(["refresh", str(path.parent)]) == 0
        nb = nbformat.read(str(path), as_version=4)
        assert nb.cells[2].outputs[0]["text"] == "42\n"  # executed in place
        twin = path.with_suffix(".py")
        assert twin.read_text(encoding="utf-8") == (
            '# %% [markdown]\n# # Chapter 1 · Sums\n\n# %% tags=["parameters"]\nk = 2\n\n# %%\nprint(k * 21)\n'
        )
        assert str(twin) in capsys.readouterr().err

    def test_failed_refresh_leaves_notebook_and_twin_alone(self, tmp_path):
        from corpus_utils.run import ChapterError

        path = _notebook_in(tmp_path / "notebooks", "1 / 0")
        twin = path.with_suffix(".py")
        twin.write_text("# the previous twin\n", encoding="utf-8")
        before = path.read_bytes()
        with pytest.raises(ChapterError, match="ZeroDivisionError"):
            refresh_notebook(path)
        assert path.read_bytes() == before
        assert twin.read_text(encoding="utf-8") == "# the previous twin\n"

    def test_refresh_of_a_folder_without_chapters_is_one_message(self, tmp_path, capsys):
        (tmp_path / "empty").mkdir()
        assert main(["refresh", str(tmp_path / "empty")]) == 2
        assert "no chapter notebooks (NN_name.ipynb) found" in capsys.readouterr().err


class TestCommittedTwins:
    """Every chapter in notebooks/ has a twin, and the twin says what the notebook says."""

    @pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
    def test_twin_is_in_step_with_its_notebook(self, chapter):
        import jupytext

        twin = chapter.with_suffix(".py")
        assert twin.is_file(), f"notebooks/{twin.name} is missing. {FIX}."
        nb = nbformat.read(str(chapter), as_version=4)
        text = twin.read_text(encoding="utf-8")
        expected, found = _cells(nb), _cells(jupytext.reads(text, fmt="py:percent"))
        assert found == expected, f"notebooks/{twin.name} is out of step with {chapter.name}: " \
                                  f"{_first_difference(expected, found)}. {FIX}."
        assert text == twin_text(nb), f"notebooks/{twin.name} has the right cells but not the format `make twins` " \
                                      f"writes (a header or metadata line?). {FIX}."

    def test_no_twin_without_a_notebook(self):
        orphans = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.py") if not p.with_suffix(".ipynb").exists())
        assert not orphans, f"twins without a notebook in notebooks/: {', '.join(orphans)}. Delete them (or restore the notebook)."
