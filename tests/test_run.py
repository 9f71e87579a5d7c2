"""The corpus-essay command: check, run's refusals, and one-line errors (no traceback)."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from corpus_utils.__main__ import main
from conftest import ROOT, snapshot


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "corpus_utils", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=600)


class TestCheck:
    def test_summarises_the_seed_corpus(self, capsys, seed_dir):
        assert main(["check", str(seed_dir)]) == 0
        out = capsys.readouterr().out
        assert "5 documents" in out
        assert "anti-cooperation: 2 documents" in out and "pro-cooperation: 3 documents" in out
        assert "cleaning removed 35 boilerplate line(s)" in out

    def test_bad_corpus_prints_one_line_and_exits_2(self, make_corpus):
        folder = make_corpus({"a.txt": ("x", "Fine."), "b.txt": ("y", b"\x00\x01binary")})
        before = snapshot(folder)
        result = run_cli("check", folder)
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.startswith("error: corpus/b.txt: looks binary")
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert snapshot(folder) == before


class TestRunRefusals:
    def test_unknown_parameter(self, tmp_path, seed_dir, capsys):
        status = main(["run", str(seed_dir), "--out", str(tmp_path / "r"), "-p", "no_such_option", "3"])
        assert status == 2
        err = capsys.readouterr().err
        assert "unknown parameter(s) no_such_option (the chapters take:" in err
        assert not (tmp_path / "r").exists()

    @pytest.mark.parametrize("k", ["1", "6"])
    def test_impossible_number_of_clusters_is_refused_before_any_chapter(self, tmp_path, seed_dir, capsys, k):
        assert main(["run", str(seed_dir), "--out", str(tmp_path / "r"), "--n-clusters", k]) == 2
        assert f"--n-clusters must be a whole number from 2 to the number of documents, 5 (got {k})" in capsys.readouterr().err
        assert not (tmp_path / "r").exists()

    def test_existing_output_folder_needs_force(self, tmp_path, seed_dir, capsys):
        out = tmp_path / "r"
        out.mkdir()
        (out / "keep.txt").write_text("a good report")
        assert main(["run", str(seed_dir), "--out", str(out)]) == 2
        assert "the report folder already exists. Choose another --out folder, or pass --force" in capsys.readouterr().err
        assert (out / "keep.txt").read_text() == "a good report"

    def test_bad_corpus_fails_before_any_chapter_runs(self, tmp_path, capsys):
        (tmp_path / "texts").mkdir()
        assert main(["run", str(tmp_path / "texts"), "--out", str(tmp_path / "r")]) == 2
        assert "holds no documents" in capsys.readouterr().err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["texts"]

    def test_module_and_command_share_the_parser(self):
        result = run_cli("--help")
        assert result.returncode == 0 and "check" in result.stdout and "run" in result.stdout


def test_parameter_values_are_read_as_yaml():
    from corpus_utils.__main__ import _parse_value

    assert _parse_value("3") == 3
    assert _parse_value("[a, b]") == ["a", "b"]
    assert _parse_value("null") is None
    assert _parse_value("words") == "words"


FIXTURE = ROOT / "tests" / "fixtures" / "rent_control"


def _outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            for key in ("text/plain", "text/markdown"):
                parts.append(out.get("data", {}).get(key, ""))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def student_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports") / "rent"
    before = snapshot(FIXTURE)
    figures_before = snapshot(ROOT / "figures")
    result = run_cli("run", FIXTURE, "--out", out, "--no-progress", "--label-column", "ignored-for-folders")
    return out, result, before, figures_before


class TestEndToEnd:
    def test_run_succeeds(self, student_report):
        out, result, _, _ = student_report
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"report written to {out}/index.html"

    def test_every_chapter_executed_without_error(self, student_report):
        import nbformat

        out = student_report[0]
        chapters = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        assert sorted(p.name for p in out.glob("*.ipynb")) == chapters
        for name in chapters:
            nb = nbformat.read(str(out / name), as_version=4)
            errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
            assert not errors, (name, errors)
            assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells), name

    def test_html_per_chapter_embeds_figures_and_index_links_them(self, student_report):
        out = student_report[0]
        index = (out / "index.html").read_text()
        for html in sorted(out.glob("[0-9][0-9]_*.html")):
            assert f'href="{html.name}"' in index
            assert "data:image/png;base64," in html.read_text()
        assert len(list(out.glob("[0-9][0-9]_*.html"))) == len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
        assert sorted(p.name for p in (out / "figures").glob("*.png"))

    def test_manifest_describes_the_run(self, student_report):
        import corpus_utils as cu

        out = student_report[0]
        manifest = json.loads((out / "manifest.json").read_text())
        assert manifest["corpus"] == str(FIXTURE)
        assert manifest["documents"] == 10
        assert manifest["documents_per_group"] == {"against-rent-control": 5, "for-rent-control": 5}
        assert manifest["corpus_sha256"] == cu.corpus_fingerprint(cu.load_corpus(FIXTURE))
        assert manifest["parameters"] == {"label_column": "ignored-for-folders"}
        assert manifest["versions"]["pandas"] == pd.__version__

    def test_keyness_names_the_terms_that_really_distinguish_the_fixture(self, student_report):
        import nbformat

        out = student_report[0]
        text = _outputs_text(nbformat.read(str(next(out.glob("02_*.ipynb"))), as_version=4))
        # by construction: these are in 3+ texts of one group and in none of the other
        for term in ["tenants", "displacement", "supply", "construction", "investment"]:
            assert term in text, term

    def test_inputs_and_seed_figures_untouched(self, student_report):
        _, _, before, figures_before = student_report
        assert snapshot(FIXTURE) == before
        assert snapshot(ROOT / "figures") == figures_before


class TestChapterFailure:
    def test_failed_chapter_is_named_and_old_report_kept(self, tmp_path, make_corpus):
        import nbformat
        from nbformat.v4 import new_code_cell, new_notebook

        chapters = tmp_path / "chapters"
        chapters.mkdir()
        params = new_code_cell('corpus = "x"\nlabel_column = "stance"\nfigures_dir = "f"', metadata={"tags": ["parameters"]})
        meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
        nbformat.write(new_notebook(cells=[params, new_code_cell("print('fine')")], metadata=meta), chapters / "01_ok.ipynb")
        nbformat.write(new_notebook(cells=[params, new_code_cell("x = 1"), new_code_cell("1 / 0")], metadata=meta),
                       chapters / "02_broken.ipynb")
        folder = make_corpus({"a.txt": ("x", "Trust."), "b.txt": ("y", "Crime.")})
        out = tmp_path / "report"
        out.mkdir()
        (out / "index.html").write_text("the good report")
        result = run_cli("run", folder, "--out", out, "--force", "--notebooks", chapters, "--no-progress", "--jobs", "1")
        assert result.returncode == 1
        message = result.stderr.strip()
        assert message.startswith("error: chapter 02_broken, cell In [4] failed: ZeroDivisionError: division by zero")
        assert "(the partly executed notebook is kept at " in message and "Traceback" not in message
        kept = Path(message.split("kept at ")[1].rstrip(")"))
        assert kept.is_file() and kept.name == "02_broken.ipynb"
        assert (out / "index.html").read_text() == "the good report"


def test_chapter_error_survives_the_trip_from_a_worker_process():
    import pickle

    from corpus_utils.run import ChapterError

    error = pickle.loads(pickle.dumps(ChapterError("02_vocabulary", 7, "KeyError: 'x'", Path("r/02.ipynb"))))
    assert str(error) == (
        "chapter 02_vocabulary, cell In [7] failed: KeyError: 'x' (the partly executed notebook is kept at r/02.ipynb)"
    )


def test_table_with_its_own_text_column_and_no_contested_terms(tmp_path):
    """A student's CSV whose text column is 'body', and a corpus where no term is shared enough to be contested."""
    import nbformat

    from corpus_utils import load

    rows = []
    for path in sorted(FIXTURE.rglob("*.txt")):
        rows.append({"id": path.stem, "body": path.read_text(encoding="utf-8"), "side": path.parent.name})
    table = tmp_path / "rent.csv"
    pd.DataFrame(rows).to_csv(table, index=False)
    out = tmp_path / "report"
    result = run_cli("run", table, "--out", out, "--text-column", "body", "--label-column", "side",
                     "-p", "contested_min_count", "1000", "--no-progress")
    assert result.returncode == 0, result.stderr
    nb = nbformat.read(str(out / "02_vocabulary.ipynb"), as_version=4)
    text = _outputs_text(nb)
    assert "No term is used at least 1000 times by each side" in text
    assert "With no contested terms, there are no collocates to compare." in text
    assert json.loads((out / "manifest.json").read_text())["documents"] == len(load.load_corpus(
        table, label_column="side", text_column="body"))
