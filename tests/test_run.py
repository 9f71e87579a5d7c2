"""The corpus-essay command: check, run's refusals, and one-line errors (no traceback)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from corpus_utils.__main__ import main
from corpus_utils.run import REPORT_MARKER
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

    def test_existing_report_needs_force(self, tmp_path, seed_dir, capsys):
        out = tmp_path / "r"
        out.mkdir()
        (out / REPORT_MARKER).write_text("")
        (out / "keep.txt").write_text("a good report")
        assert main(["run", str(seed_dir), "--out", str(out)]) == 2
        assert capsys.readouterr().err == f"error: {out}: already holds a report. Choose another --out, or pass --force to replace it.\n"
        assert (out / "keep.txt").read_text() == "a good report"

    def test_existing_folder_of_the_user_is_refused_without_offering_force(self, tmp_path, seed_dir, capsys):
        out = tmp_path / "r"
        out.mkdir()
        (out / "keep.txt").write_text("my notes")
        assert main(["run", str(seed_dir), "--out", str(out)]) == 2
        assert capsys.readouterr().err == (
            f"error: {out}: already exists and was not written by corpus-essay; it is left alone. Choose another --out.\n"
        )
        assert (out / "keep.txt").read_text() == "my notes"

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


@pytest.mark.parametrize("options", [
    {"groups": ["a b", "yes"], "n_clusters": 3, "label_column": "null", "alpha": 0.5, "min_docs": None, "top_n": "3",
     "lexicon": "my lexicon.yml", "rules": "none"},
    # values an option of its own could not give back go through -p
    {"groups": "a", "label_column": "-x", "text_column": "", "n_clusters": True, "sizes": [5, 10]},
    {"groups": ["*pro*", "<b>con</b>"], "label_column": "# Big <i>cities</i>"},
])
def test_the_command_in_the_manifest_reads_back_as_the_same_options(tmp_path, monkeypatch, options):
    from corpus_utils.__main__ import _build_parser, run_options
    from corpus_utils.run.essay import reproduce_command

    monkeypatch.chdir(tmp_path)
    given = dict(options, **({"lexicon": str(tmp_path / options["lexicon"])} if "lexicon" in options else {}))
    words = reproduce_command(tmp_path / "texts", "reports/r", given, None)
    assert words[:5] == ["corpus-essay", "run", "texts", "--out", "reports/r"]
    assert run_options(_build_parser().parse_args(words[1:])) == options


def test_the_command_uses_the_options_own_flags_where_they_fit():
    from corpus_utils.run.essay import reproduce_command

    assert reproduce_command("t", "r", {"groups": ["*pro*", "con"], "n_clusters": 3, "label_column": "party", "top_n": 5},
                    "figures") == ["corpus-essay", "run", "t", "--out", "r", "--figures-dir", "figures", "--groups",
                                   "*pro*", "con", "--label-column", "party", "--n-clusters", "3", "-p", "top_n", "5"]


def test_the_markdown_of_tagged_cells():
    from nbformat import v4

    from corpus_utils.run import tagged_markdown

    def cell(tags, *texts):
        code = v4.new_code_cell("cu.say(...)", metadata={"tags": tags})
        code.outputs = [v4.new_output("display_data", data={"text/markdown": t, "text/plain": "<Markdown>"}) for t in texts]
        return code

    nb = v4.new_notebook(cells=[cell(["prose"], "not this"), cell(["prose", "summary"], "First *one*.\n", "Second."),
                                v4.new_markdown_cell("no outputs"), cell(["summary"])])
    assert tagged_markdown(nb, "summary") == "First *one*.\n\nSecond."
    assert tagged_markdown(nb, "abstract") is None


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
    figures_before = snapshot(ROOT / "figures") | snapshot(ROOT / "notebooks")
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
        lengths = cu.count.group_lengths(cu.load_corpus(FIXTURE))
        assert manifest["tokens_per_group"] == dict(zip(lengths["group"], lengths["tokens"].tolist()))
        assert manifest["command"][:2] == ["corpus-essay", "run"]
        assert manifest["command"][-2:] == ["--label-column", "ignored-for-folders"]
        assert manifest["versions"]["pandas"] == pd.__version__
        assert {c["parameters"]["figures_dir"] for c in manifest["chapters"]} == {"figures"}  # no temporary folder

    def test_keyness_names_the_terms_that_really_distinguish_the_fixture(self, student_report):
        import nbformat

        out = student_report[0]
        text = _outputs_text(nbformat.read(str(next(out.glob("02_*.ipynb"))), as_version=4))
        # by construction: these are in 3+ texts of one group and in none of the other
        for term in ["tenants", "displacement", "supply", "construction", "investment"]:
            assert term in text, term

    def test_inputs_seed_figures_and_notebooks_untouched(self, student_report):
        out, _, before, figures_before = student_report
        assert snapshot(FIXTURE) == before
        assert snapshot(ROOT / "figures") | snapshot(ROOT / "notebooks") == figures_before
        assert [p.name for p in out.parent.iterdir()] == ["rent"]  # no staging or partial folder beside the report
        assert (out / REPORT_MARKER).is_file()


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
        (out / REPORT_MARKER).write_text("")
        (out / "index.html").write_text("the good report")
        before = snapshot(folder)
        result = run_cli("run", folder, "--out", out, "--force", "--notebooks", chapters, "--no-progress", "--jobs", "1")
        assert result.returncode == 1
        message = result.stderr.strip()
        assert message == (f"error: chapter 02_broken, cell In [4] failed: ZeroDivisionError: division by zero "
                           f"(the partly executed notebook is kept at {tmp_path / '.report.partial' / '02_broken.ipynb'})")
        assert (tmp_path / ".report.partial" / "02_broken.ipynb").is_file()
        assert (out / "index.html").read_text() == "the good report"
        assert sorted(p.name for p in tmp_path.iterdir()) == [".report.partial", "chapters", "corpus", "report"]
        assert snapshot(folder) == before


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


# ---------------------------------------------------------------------------------------------
# What `run` may touch. These tests replace the chapter executor by a stand-in (no kernel), so
# they check the folders and messages in a fraction of a second; the runs above are the real ones.

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
    """Install a stand-in executor; returns a function that configures it."""
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


def listing(folder: Path) -> list[str]:
    """Every file and folder below ``folder`` (hidden ones too), as relative paths."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def essay(corpus, out, *extra) -> list[str]:
    return ["run", str(corpus), "--out", str(out), "--no-progress", "--jobs", "1", *map(str, extra)]


def one_line(err: str) -> str:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


def chapter_names() -> list[str]:
    return sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


class TestDangerousOutIsRefused:
    """Each --out below is refused with one line and exit 2, even with --force, before anything is written."""

    @pytest.mark.parametrize(("case", "expected"), [
        ("empty", "error: --out is empty. Name a new folder for the report, such as --out reports/my-texts."),
        ("working folder", "error: .: refused as --out: it is the working folder. Choose another --out"),
        ("corpus", "{texts}: refused as --out: it is the corpus. "),
        ("parent of corpus", "{tmp}: refused as --out: it is a folder that contains the corpus. "),
        ("inside corpus", "{texts}/report: refused as --out: it is inside the corpus. "),
        ("home", "{tmp}/home: refused as --out: it is the home folder. "),
        ("root", "error: /: refused as --out: it is the root folder. "),
        ("foreign folder", "{tmp}/mine: already exists and was not written by corpus-essay; it is left alone. "
                           "Choose another --out."),
        ("file", "{tmp}/notes.txt: refused as --out: it is a file. "),
        ("link to a report", "{tmp}/link: refused as --out: it is a symbolic link. "),
    ])
    def test_refused(self, case, expected, tmp_path, texts, fake, monkeypatch, capsys):
        work = tmp_path / "work"
        work.mkdir()
        (tmp_path / "home").mkdir()
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "notes.txt").write_text("mine")
        (tmp_path / "notes.txt").write_text("mine")
        (tmp_path / "report").mkdir()
        (tmp_path / "report" / REPORT_MARKER).write_text("")
        (tmp_path / "link").symlink_to(tmp_path / "report")
        monkeypatch.chdir(work)
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        out = {"empty": "", "working folder": ".", "corpus": texts, "parent of corpus": tmp_path,
               "inside corpus": texts / "report", "home": tmp_path / "home", "root": "/",
               "foreign folder": tmp_path / "mine", "file": tmp_path / "notes.txt",
               "link to a report": tmp_path / "link"}[case]
        before, corpus_before = listing(tmp_path), snapshot(texts)
        chapters = fake()
        assert main(essay(texts, out, "--force")) == 2
        message = one_line(capsys.readouterr().err)
        expected = expected.format(texts=texts, tmp=tmp_path)
        assert message.startswith(expected if expected.startswith("error: ") else f"error: {expected}"), message
        assert chapters.jobs == []
        assert listing(tmp_path) == before and snapshot(texts) == corpus_before
        assert (tmp_path / "mine" / "notes.txt").read_text() == "mine"

    @pytest.mark.parametrize(("option", "instead"), [
        (["-p", "corpus", "OTHER"], "the corpus is the first argument of `corpus-essay run`, not -p corpus"),
        (["-p", "figures_dir", "OTHER"], "figures go where --figures-dir says, not -p figures_dir. Use --figures-dir DIR"),
        (["--figures-dir", "{texts}"], "{texts}: refused as --figures-dir: it is the corpus"),
        (["--figures-dir", "{texts}/figures"], "{texts}/figures: refused as --figures-dir: it is inside the corpus"),
        (["--figures-dir", ""], "--figures-dir is empty"),
    ])
    def test_the_command_owns_corpus_and_figures_dir(self, option, instead, tmp_path, texts, fake, capsys):
        (tmp_path / "OTHER").mkdir()
        before, corpus_before = listing(tmp_path), snapshot(texts)
        chapters = fake()
        option = [o.format(texts=texts) for o in option]
        assert main(essay(texts, tmp_path / "r", *option)) == 2
        assert one_line(capsys.readouterr().err).startswith("error: " + instead.format(texts=texts))
        assert chapters.jobs == []
        assert listing(tmp_path) == before and snapshot(texts) == corpus_before


class TestReportFolder:
    def test_report_carries_the_marker_and_nothing_is_left_beside_it(self, tmp_path, texts, fake, capsys):
        corpus_before = snapshot(texts)
        fake()
        assert main(essay(texts, tmp_path / "reports" / "r")) == 0
        out = tmp_path / "reports" / "r"
        assert capsys.readouterr().out == f"report written to {out}/index.html\n"
        assert (out / REPORT_MARKER).is_file()
        assert sorted(p.name for p in (out / "figures").iterdir()) == [f"{c}.png" for c in chapter_names()]
        assert listing(tmp_path / "reports") == ["r", *(f"r/{name}" for name in listing(out))]
        assert snapshot(texts) == corpus_before

    def test_force_replaces_an_earlier_report(self, tmp_path, texts, fake, capsys):
        out = tmp_path / "r"
        fake()
        assert main(essay(texts, out)) == 0
        (out / "old.txt").write_text("from the first run")
        corpus_before = snapshot(texts)
        assert main(essay(texts, out, "--force")) == 0
        assert not (out / "old.txt").exists() and (out / "index.html").is_file() and (out / REPORT_MARKER).is_file()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["r", "texts"]
        assert snapshot(texts) == corpus_before

    @pytest.mark.parametrize("umask", [0o022, 0o002])
    def test_permissions_follow_the_umask(self, tmp_path, texts, fake, umask):
        import stat

        fake()
        previous = os.umask(umask)
        try:
            assert main(essay(texts, tmp_path / "r")) == 0
        finally:
            os.umask(previous)
        for folder in (tmp_path / "r", tmp_path / "r" / "figures"):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask, folder

    def test_manifest_has_the_paths_as_given_and_no_temporary_ones(self, tmp_path, texts, fake, monkeypatch):
        monkeypatch.chdir(tmp_path)
        fake()
        assert main(essay("texts", "reports/r", "--label-column", "stance")) == 0
        text = (tmp_path / "reports" / "r" / "manifest.json").read_text()
        assert ".staging" not in text and ".partial" not in text and str(tmp_path) not in text
        manifest = json.loads(text)
        assert manifest["corpus"] == "texts"
        assert manifest["parameters"] == {"label_column": "stance"}
        for chapter in manifest["chapters"]:  # the chapters ran beside reports/r, so paths hold from there
            assert chapter["parameters"]["corpus"] == "../../texts"
            assert chapter["parameters"]["figures_dir"] == "figures"

    @pytest.mark.parametrize(("figures_dir", "where"), [("r/plots", "r/plots"), ("plots", "plots")])
    def test_figures_dir_inside_the_report_moves_with_it(self, tmp_path, texts, fake, monkeypatch, figures_dir, where):
        monkeypatch.chdir(tmp_path)
        fake()
        assert main(essay("texts", "r", "--figures-dir", figures_dir)) == 0
        assert sorted(p.name for p in (tmp_path / where).iterdir()) == [f"{c}.png" for c in chapter_names()]
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


class TestFailureKeepsTheOldReport:
    @pytest.fixture
    def old_report(self, tmp_path, texts, fake):
        fake()
        assert main(essay(texts, tmp_path / "r")) == 0
        return tmp_path / "r"

    def test_failed_chapter(self, tmp_path, texts, old_report, fake, capsys):
        capsys.readouterr()
        before, corpus_before = snapshot(old_report), snapshot(texts)
        fake(fail="02_vocabulary")
        assert main(essay(texts, old_report, "--force")) == 1
        partial = tmp_path / ".r.partial"
        assert one_line(capsys.readouterr().err) == (
            "error: chapter 02_vocabulary, cell In [4] failed: ZeroDivisionError: division by zero "
            f"(the partly executed notebook is kept at {partial / '02_vocabulary.ipynb'})"
        )
        assert snapshot(old_report) == before and snapshot(texts) == corpus_before
        assert (partial / "02_vocabulary.ipynb").is_file() and (partial / REPORT_MARKER).is_file()

    def test_two_failures_leave_one_partial_folder(self, tmp_path, texts, old_report, fake, capsys):
        fake(fail="03_framing")
        assert main(essay(texts, old_report, "--force")) == 1
        fake(fail="01_corpus")
        assert main(essay(texts, old_report, "--force")) == 1
        assert sorted(p.name for p in tmp_path.iterdir()) == [".r.partial", "r", "texts"]
        assert (tmp_path / ".r.partial" / "01_corpus.ipynb").is_file()
        assert not (tmp_path / ".r.partial" / "03_framing.ipynb").exists()  # the earlier partial was replaced

    def test_a_partial_folder_of_the_user_is_left_alone(self, tmp_path, texts, old_report, fake, capsys):
        (tmp_path / ".r.partial").mkdir()
        (tmp_path / ".r.partial" / "notes.txt").write_text("mine")
        capsys.readouterr()
        fake(fail="01_corpus")
        assert main(essay(texts, old_report, "--force")) == 1
        kept = Path(one_line(capsys.readouterr().err).split("kept at ")[1].rstrip(")"))
        assert kept.parent.parent == tmp_path and kept.parent.name.startswith(".r.") and kept.is_file()
        assert listing(tmp_path / ".r.partial") == ["notes.txt"]

    def test_ctrl_c(self, tmp_path, texts, old_report, fake, capsys):
        capsys.readouterr()
        before, corpus_before = snapshot(old_report), snapshot(texts)
        fake(interrupt="02_vocabulary")
        assert main(essay(texts, old_report, "--force")) == 130
        assert one_line(capsys.readouterr().err) == (
            f"interrupted; {old_report} was not changed (the unfinished report is kept at {tmp_path / '.r.partial'})"
        )
        assert snapshot(old_report) == before and snapshot(texts) == corpus_before
        assert sorted(p.name for p in tmp_path.iterdir()) == [".r.partial", "r", "texts"]


def test_an_interrupted_worker_starts_no_further_chapter(monkeypatch):
    """Ctrl-C reaches the worker processes too: the one it stopped takes no queued chapter after it."""
    import signal

    from corpus_utils.run import execute

    started = []

    def interrupted(job, progress, threads):
        started.append(job)
        raise KeyboardInterrupt

    monkeypatch.setattr(execute, "run_job", interrupted)
    monkeypatch.setattr(execute, "_INTERRUPTED", False)
    handler = signal.getsignal(signal.SIGINT)
    try:
        for job in ("01_corpus", "03_framing"):
            with pytest.raises(KeyboardInterrupt):
                execute.run_job_in_worker(job, 1)
    finally:
        signal.signal(signal.SIGINT, handler)
    assert started == ["01_corpus"]


class TestConcurrentRuns:
    """Another run finishes at --out while this one works: its folder survives, and this run says so."""

    @staticmethod
    def other_report(out: Path, marker: bool):
        def write(job):
            if job.chapter.stem == chapter_names()[-1]:
                out.mkdir()
                (out / "index.html").write_text("the other report")
                if marker:
                    (out / REPORT_MARKER).write_text("")
        return write

    @pytest.mark.parametrize(("force", "marker", "reason"), [
        (False, True, "a report appeared here while this run was working; it is left alone"),
        (True, False, "was replaced while this run was working, by a folder not written by corpus-essay; it is left alone"),
    ])
    def test_folder_that_appears_during_the_run(self, tmp_path, texts, fake, capsys, force, marker, reason):
        out = tmp_path / "r"
        corpus_before = snapshot(texts)
        fake(before=self.other_report(out, marker))
        assert main(essay(texts, out, *(["--force"] if force else []))) == 2
        assert one_line(capsys.readouterr().err) == (
            f"error: {out}: {reason}. This run's report is kept at {tmp_path / '.r.partial'}; choose another --out."
        )
        assert (out / "index.html").read_text() == "the other report"
        assert (tmp_path / ".r.partial" / "index.html").is_file()
        assert sorted(p.name for p in tmp_path.iterdir()) == [".r.partial", "r", "texts"]
        assert snapshot(texts) == corpus_before

    def test_final_rename_fails_rather_than_replaces(self, tmp_path, texts, fake, capsys, monkeypatch):
        """The other report lands between the last check and the rename."""
        out = tmp_path / "r"
        rename = os.rename

        def rename_after_the_other_run(src, dst):
            if Path(dst) == out and Path(src).name.endswith(".staging"):
                out.mkdir()
                (out / "index.html").write_text("the other report")
            rename(src, dst)

        fake()
        monkeypatch.setattr(os, "rename", rename_after_the_other_run)
        assert main(essay(texts, out)) == 2
        assert one_line(capsys.readouterr().err).startswith(
            f"error: {out}: a folder appeared here while this run was working; it is left alone. This run's report is kept at"
        )
        assert (out / "index.html").read_text() == "the other report"
        assert sorted(p.name for p in tmp_path.iterdir()) == [".r.partial", "r", "texts"]


class TestRulesNone:
    def test_reaches_the_chapters_as_none(self, tmp_path):
        from corpus_utils.run import chapter_parameters, find_chapters
        from corpus_utils.run.essay import chapter_jobs

        chapters = find_chapters()
        declared = {c: chapter_parameters(c) for c in chapters}
        folder = tmp_path / "reports" / ".r.staging"
        jobs = chapter_jobs(chapters, declared, tmp_path / "texts", {"rules": "none", "lexicon": str(tmp_path / "f.yml")},
                             folder, folder / "figures")
        assert [job.parameters["rules"] for job in jobs] == ["none"] * len(chapters)
        assert {job.chapter.stem: job.parameters["lexicon"] for job in jobs if "lexicon" in job.parameters} == {
            "03_framing": "../../f.yml", "05_synthesis": "../../f.yml"}
        assert {job.parameters["corpus"] for job in jobs} == {"../../texts"}
        assert {job.cwd for job in jobs} == {folder}

    @pytest.mark.parametrize("option", [["--rules", "none"], ["-p", "rules", "none"]])
    def test_command_passes_the_word_on(self, tmp_path, texts, fake, option):
        chapters = fake()
        assert main(essay(texts, tmp_path / "r", *option)) == 0
        assert [job.parameters["rules"] for job in chapters.jobs] == ["none"] * len(chapter_names())
        assert json.loads((tmp_path / "r" / "manifest.json").read_text())["parameters"] == {"rules": "none"}


class TestInputsCheckedBeforeAnyChapter:
    def test_a_bad_lexicon_is_an_input_error_before_any_chapter(self, tmp_path, texts, fake, capsys):
        pipe = tmp_path / "frames.yml"
        os.mkfifo(pipe)
        chapters = fake()
        assert main(essay(texts, tmp_path / "r", "--lexicon", pipe)) == 2
        message = one_line(capsys.readouterr().err)
        assert message == (f"error: {pipe}: is a named pipe, not a regular file. Pass the path of a YAML "
                           "frame-lexicon file.")
        assert chapters.jobs == [] and not (tmp_path / "r").exists()

    def test_an_unexpanded_tilde_is_refused(self, tmp_path, texts, fake, monkeypatch, capsys):
        monkeypatch.chdir(tmp_path)
        chapters = fake()
        assert main(essay(texts, "~", "--force")) == 2
        assert one_line(capsys.readouterr().err).startswith("error: ~: refused as --out: it starts with '~'")
        assert chapters.jobs == [] and not (tmp_path / "~").exists()

    def test_the_list_of_known_parameters_leaves_out_what_the_command_owns(self, tmp_path, texts, capsys):
        assert main(essay(texts, tmp_path / "r", "-p", "no_such", "1")) == 2
        known = one_line(capsys.readouterr().err).split("the chapters take: ")[1].split(")")[0].split(", ")
        assert "label_column" in known and "corpus" not in known and "figures_dir" not in known
