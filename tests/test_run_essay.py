"""Whole essays (``run.essay``): ``run_essay`` on real corpora, the jobs it makes, the inputs it checks
before any chapter, and the command it records to reproduce a report.

Tests marked ``essay`` execute every chapter through a kernel; the rent-control fixture's report is
built once per test run (``essay_report`` in conftest.py) and shared with tests/test_report_browser.py.
"""

import json
import os
import re

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils.__main__ import main
from corpus_utils.run import REPORT_MARKER
from conftest import RENT_CONTROL, ROOT, Page, chapter_names, one_line, run_args, run_cli, snapshot


@pytest.mark.parametrize("options", [
    {"groups": ["a b", "yes"], "n_clusters": 3, "label_column": "null", "alpha": 0.5, "min_docs": None, "top_n": "3",
     "lexicon": "my lexicon.yml", "rules": "none"},
    # values an option of its own could not give back go through -p
    {"groups": "a", "label_column": "-x", "text_column": "", "n_clusters": True, "sizes": [5, 10]},
    {"groups": ["*pro*", "<b>con</b>"], "label_column": "# Big <i>cities</i>"},
])
def test_the_command_in_the_manifest_reads_back_as_the_same_options(tmp_path, monkeypatch, options):
    from corpus_utils.__main__ import build_parser, run_options
    from corpus_utils.run.essay import reproduce_command

    monkeypatch.chdir(tmp_path)
    given = dict(options, **({"lexicon": str(tmp_path / options["lexicon"])} if "lexicon" in options else {}))
    words = reproduce_command(tmp_path / "texts", "reports/r", given, None)
    assert words[:5] == ["corpus-essay", "run", "texts", "--out", "reports/r"]
    assert run_options(build_parser().parse_args(words[1:])) == options


def test_the_command_uses_the_options_own_flags_where_they_fit():
    from corpus_utils.run.essay import reproduce_command

    assert reproduce_command("t", "r", {"groups": ["*pro*", "con"], "n_clusters": 3, "label_column": "party", "top_n": 5},
                    "figures") == ["corpus-essay", "run", "t", "--out", "r", "--figures-dir", "figures", "--groups",
                                   "*pro*", "con", "--label-column", "party", "--n-clusters", "3", "-p", "top_n", "5"]


def _outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            for key in ("text/plain", "text/markdown"):
                parts.append(out.get("data", {}).get(key, ""))
    return "\n".join(parts)


@pytest.mark.essay
class TestEndToEnd:
    def test_run_succeeds(self, essay_report):
        result = essay_report.result
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"report written to {essay_report.typed_out}/index.html"

    def test_every_chapter_executed_without_error(self, essay_report):
        import nbformat

        out = essay_report.out
        chapters = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        assert sorted(p.name for p in out.glob("*.ipynb")) == chapters
        for name in chapters:
            nb = nbformat.read(str(out / name), as_version=4)
            errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
            assert not errors, (name, errors)
            assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells), name

    @pytest.mark.parametrize("name", ["01_corpus.ipynb", "03_framing.ipynb", "05_synthesis.ipynb"])
    def test_a_chapter_opened_alone_gives_the_notebook_the_shared_results_gave(self, essay_report, tmp_path, name):
        """The run read and tokenized the corpus once and every chapter read it back (``shared``); the same chapter
        run alone (``shared`` left at None), with the same parameters, loads the corpus itself: same outputs."""
        import json

        import nbformat

        from corpus_utils.run.execute import execute_notebook

        out = essay_report.out
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        parameters = next(c["parameters"] for c in manifest["chapters"] if c["notebook"] == name)
        assert parameters["shared"] == ".shared"  # the run gave the chapter its shared results ...
        assert not (out / ".shared").exists()  # ... and removed them before publishing
        alone = {k: v for k, v in parameters.items() if k != "shared"}
        alone["figures_dir"] = str(tmp_path / "figures")
        ran = execute_notebook(ROOT / "notebooks" / name, tmp_path / name, alone, out, False)

        def outputs(nb):
            return [(o.get("output_type"), o.get("text"), o.get("data", {}).get("text/markdown"),
                     o.get("data", {}).get("text/plain"), o.get("data", {}).get("image/png"))
                    for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])
                    for o in c.get("outputs", [])]

        assert outputs(ran) == outputs(nbformat.read(str(out / name), as_version=4))

    def test_html_per_chapter_embeds_figures_and_index_links_them(self, essay_report):
        out = essay_report.out
        index = (out / "index.html").read_text()
        for html in sorted(out.glob("[0-9][0-9]_*.html")):
            assert f'href="{html.name}"' in index
            assert "data:image/png;base64," in html.read_text()
        assert len(list(out.glob("[0-9][0-9]_*.html"))) == len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
        assert sorted(p.name for p in (out / "figures").glob("*.png"))

    def test_manifest_describes_the_run(self, essay_report):
        import corpus_utils as cu

        out = essay_report.out
        manifest = json.loads((out / "manifest.json").read_text())
        assert manifest["corpus"] == "texts"  # as given, relative to the folder the command ran in
        assert manifest["documents"] == 10
        assert manifest["documents_per_group"] == {"against-rent-control": 5, "for-rent-control": 5}
        assert manifest["corpus_sha256"] == cu.corpus_fingerprint(cu.load_corpus(RENT_CONTROL))
        assert manifest["parameters"] == {"label_column": "ignored-for-folders"}
        lengths = cu.count.group_lengths(cu.load_corpus(RENT_CONTROL))
        assert manifest["tokens_per_group"] == dict(zip(lengths["group"], lengths["tokens"].tolist()))
        assert manifest["command"][:2] == ["corpus-essay", "run"]
        assert manifest["command"][-2:] == ["--label-column", "ignored-for-folders"]
        assert manifest["versions"]["pandas"] == pd.__version__
        assert {c["parameters"]["figures_dir"] for c in manifest["chapters"]} == {"figures"}  # no temporary folder

    def test_keyness_names_the_terms_that_really_distinguish_the_fixture(self, essay_report):
        import nbformat

        out = essay_report.out
        text = _outputs_text(nbformat.read(str(next(out.glob("02_*.ipynb"))), as_version=4))
        # by construction: these are in 3+ texts of one group and in none of the other
        for term in ["tenants", "displacement", "supply", "construction", "investment"]:
            assert term in text, term

    def test_inputs_seed_figures_and_notebooks_untouched(self, essay_report):
        out, before = essay_report.out, essay_report.before
        assert snapshot(essay_report.corpus) == before.corpus and snapshot(RENT_CONTROL) == before.fixture
        assert snapshot(ROOT / "figures") | snapshot(ROOT / "notebooks") == before.project
        assert [p.name for p in out.parent.iterdir()] == ["rent"]  # no staging or partial folder beside the report
        assert (out / REPORT_MARKER).is_file()


@pytest.mark.essay
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
        folder = make_corpus({"a.txt": ("x", "Trust."), "b.txt": ("y", "Crime."), "c.txt": ("y", "Fear.")})
        out = tmp_path / "report"
        out.mkdir()
        (out / REPORT_MARKER).write_text("")
        (out / "index.html").write_text("the good report")
        before = snapshot(folder)
        result = run_cli("run", folder, "--out", out, "--force", "--notebooks", chapters, "--jobs", "1")
        assert result.returncode == 1
        lines = result.stderr.splitlines()  # the progress lines, then the error (its seconds vary)
        assert [re.sub(r"\d+(\.\d)? s\b", "N s", line) for line in lines] == [
            "reading the parameters of 2 chapters ...",
            f"reading, cleaning and tokenizing {folder} ...",
            "3 documents in 2 groups; running 2 chapters, 1 at a time (each starts a Python kernel of its own and "
            "reads back the corpus read here) ...",
            "chapter 01_ok: started",
            "chapter 01_ok: done in N s (1 of 2)",
            "chapter 02_broken: started",
            "chapter 02_broken: failed after N s",
            f"error: chapter 02_broken, cell In [4] failed: ZeroDivisionError: division by zero "
            f"(the partly executed notebook is kept at {tmp_path / '.report.partial' / '02_broken.ipynb'})",
        ]
        assert (tmp_path / ".report.partial" / "02_broken.ipynb").is_file()
        assert (out / "index.html").read_text() == "the good report"
        assert sorted(p.name for p in tmp_path.iterdir()) == [".report.partial", "chapters", "corpus", "report"]
        assert snapshot(folder) == before

    def test_what_a_kernel_writes_outside_its_cells_never_reaches_the_terminal(self, tmp_path, make_corpus):
        # a kernel's own log (e.g. its shutdown races) goes to its file descriptors, not to the student
        import nbformat
        from nbformat.v4 import new_code_cell, new_notebook

        chapters = tmp_path / "chapters"
        chapters.mkdir()
        params = new_code_cell('corpus = "x"\nlabel_column = "stance"\nfigures_dir = "f"', metadata={"tags": ["parameters"]})
        meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
        noisy = new_code_cell("import os\nos.write(1, b'kernel noise on 1\\n')\nos.write(2, b'kernel noise on 2\\n')")
        nbformat.write(new_notebook(cells=[params, noisy], metadata=meta), chapters / "01_noisy.ipynb")
        folder = make_corpus({"a.txt": ("x", "Trust."), "b.txt": ("y", "Crime."), "c.txt": ("y", "Fear.")})
        result = run_cli("run", folder, "--out", tmp_path / "report", "--notebooks", chapters, "--no-progress",
                         "--jobs", "1")
        assert result.returncode == 0, result.stderr
        assert "kernel noise" not in result.stdout + result.stderr


@pytest.mark.essay
def test_table_with_its_own_text_column_and_no_contested_terms(tmp_path):
    """A student's CSV whose text column is 'body', and a corpus where no term is shared enough to be contested."""
    import nbformat

    from corpus_utils import load

    rows = []
    for path in sorted(RENT_CONTROL.rglob("*.txt")):
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
        assert main(run_args(texts, tmp_path / "r", *option)) == 0
        assert [job.parameters["rules"] for job in chapters.jobs] == ["none"] * len(chapter_names())
        assert json.loads((tmp_path / "r" / "manifest.json").read_text())["parameters"] == {"rules": "none"}


class TestInputsCheckedBeforeAnyChapter:
    def test_a_bad_lexicon_is_an_input_error_before_any_chapter(self, tmp_path, texts, fake, capsys):
        pipe = tmp_path / "frames.yml"
        os.mkfifo(pipe)
        chapters = fake()
        assert main(run_args(texts, tmp_path / "r", "--lexicon", pipe)) == 2
        message = one_line(capsys.readouterr().err)
        assert message == (f"error: {pipe}: is a named pipe, not a regular file. Pass the path of a YAML "
                           "frame-lexicon file.")
        assert chapters.jobs == [] and not (tmp_path / "r").exists()

    def test_an_unexpanded_tilde_is_refused(self, tmp_path, texts, fake, monkeypatch, capsys):
        monkeypatch.chdir(tmp_path)
        chapters = fake()
        assert main(run_args(texts, "~", "--force")) == 2
        assert one_line(capsys.readouterr().err).startswith("error: ~: refused as --out: it starts with '~'")
        assert chapters.jobs == [] and not (tmp_path / "~").exists()

    def test_the_list_of_known_parameters_leaves_out_what_the_command_owns(self, tmp_path, texts, capsys):
        assert main(run_args(texts, tmp_path / "r", "-p", "no_such", "1")) == 2
        known = one_line(capsys.readouterr().err).split("the chapters take: ")[1].split(")")[0].split(", ")
        assert "label_column" in known and "corpus" not in known and "figures_dir" not in known


@pytest.mark.essay
def test_a_report_on_a_corpus_that_warns_shows_no_stderr_block_and_no_machine_path(tmp_path):
    """A skipped .docx makes every chapter warn; given by absolute paths, nothing of the machine reaches the report."""
    import shutil

    work = tmp_path / "work"
    work.mkdir()
    corpus = tmp_path / "texts"
    shutil.copytree(RENT_CONTROL, corpus)
    (corpus / "for-rent-control" / "draft.docx").write_bytes(b"PK\x03\x04 not read")
    result = run_cli("run", corpus, "--out", tmp_path / "r", "--figures-dir", tmp_path / "r" / "plots",
                     "--no-progress", cwd=work)
    assert result.returncode == 0, result.stderr
    machine = [str(tmp_path), "/tmp/", "/home/", "/root/", str(ROOT)]
    pages = sorted((tmp_path / "r").glob("*.html")) + [tmp_path / "r" / "manifest.json"]
    assert len(pages) >= 7
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in text, page.name
        for path in machine:
            assert path not in text, (page.name, path)


#: The seed debate's wording: it belongs to the seed report and to chapter 03's notes on the shipped lexicon only.
SEED_WORDING = re.compile(r"\b(police|policing|ice|sanctuary|immigration|immigrants?|cooperation|cooperate)\b", re.I)


#: The section of chapter 03 that describes the shipped lexicon (its frames were written for the seed debate).
LEXICON_SECTION = "Does the lexicon fit these texts?"


def _visible_text(html: str, skip_lexicon: bool) -> str:
    """A page's text as a reader meets it: no script or style, no code; with ``skip_lexicon``, neither the
    method folds (``<details class="essay-method">``) nor the section :data:`LEXICON_SECTION`, where
    chapter 03 describes the shipped lexicon."""
    def classes(attrs):
        return (attrs.get("class") or "").split()

    kept, section = [], None
    for data, stack in Page(html).pieces:
        if any(tag == "h2" for tag, _ in stack) and data.strip() not in ("", "¶"):
            section = data.strip()
        if any(tag in {"script", "style", "code", "pre"} or "input" in classes(attrs) for tag, attrs in stack):
            continue
        if skip_lexicon and (section == LEXICON_SECTION
                             or any(tag == "details" and "essay-method" in classes(attrs) for tag, attrs in stack)):
            continue
        kept.append(data)
    return " ".join(" ".join(kept).split())


@pytest.mark.essay
def test_a_report_on_another_topic_shows_none_of_the_seed_debate_s_wording(essay_report):
    """The rent-control report speaks of its own groups: no police, ICE, sanctuary, immigration or cooperation
    wording on any page, except where chapter 03 describes the shipped lexicon (its section on the lexicon's fit and
    its folded notes), whose frames were written for the seed debate."""
    assert essay_report.result.returncode == 0, essay_report.result.stderr
    pages = sorted(essay_report.out.glob("*.html"))
    assert "index.html" in [p.name for p in pages] and len(pages) >= 6
    found = {}
    for page in pages:
        lexicon_page = page.name.startswith("03_")
        text = _visible_text(page.read_text(encoding="utf-8"), skip_lexicon=lexicon_page)
        if lexicon_page:  # the shipped frames' names are the lexicon's own words wherever a frame is named
            for label in cu.frame.lexicon_table(cu.frame.load_lexicon())["frame_label"]:
                text = text.replace(label, "")
        hits = [text[max(0, m.start() - 60):m.end() + 60] for m in SEED_WORDING.finditer(text)]
        if hits:
            found[page.name] = hits[:5]
    assert not found, found


def test_the_synthesis_chapter_waits_for_the_chapters_whose_tables_it_reads(tmp_path):
    from corpus_utils.run.essay import chapter_jobs
    from corpus_utils.run.execute import chapter_parameters, find_chapters

    chapters = find_chapters(ROOT / "notebooks")
    declared = {c: chapter_parameters(c) for c in chapters}
    jobs = chapter_jobs(chapters, declared, ROOT / "data" / "seed", {}, tmp_path, tmp_path / "figures")
    after = {job.chapter.stem: job.after for job in jobs}
    assert after["05_synthesis"] == ("02_vocabulary.ipynb", "03_framing.ipynb", "04_clustering.ipynb")
    assert not any(after[stem] for stem in after if stem != "05_synthesis")
    assert all(job.parameters["shared"] == ".shared" for job in jobs)  # every chapter reads the shared results
    # the clustering chapter, the longest on a large corpus, starts before the others
    assert [job.chapter.stem for job in jobs if job.start_first] == ["04_clustering"]


class TestTheEngine:
    """``--engine dask``: the run reads, cleans and tokenizes the corpus once on a Dask cluster; the chapters read it."""

    def test_an_unreachable_scheduler_is_one_line_and_nothing_is_written(self, tmp_path):
        result = run_cli(*run_args(RENT_CONTROL, tmp_path / "r"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                         cwd=tmp_path)
        assert result.returncode == 2
        line = one_line(result.stderr)
        assert line.startswith("error: tcp://127.0.0.1:9: no Dask scheduler answered within")
        assert [p.name for p in tmp_path.iterdir()] == []

    def test_a_scheduler_without_the_dask_engine_is_refused(self, tmp_path):
        result = run_cli(*run_args(RENT_CONTROL, tmp_path / "r"), "--scheduler", "tcp://127.0.0.1:9", cwd=tmp_path)
        assert result.returncode == 2
        assert one_line(result.stderr) == "error: --scheduler names a Dask scheduler, for --engine dask. Add --engine dask, or drop --scheduler."

    @pytest.mark.parametrize("fail", [None, "03_framing"])
    def test_the_chapters_find_the_cluster_and_it_is_closed_before_the_report_is_published(self, tmp_path, texts, fake,
                                                                                          fail):
        """Every chapter finds the local cluster's address in the shared folder while it runs; after the last chapter
        (or a failed one) the cluster is gone, and no address is left in the report or the kept partial one."""
        from pathlib import Path

        from corpus_utils import engine, shared
        from corpus_utils.errors import SchedulerError

        seen = []

        def connect(job):
            address = shared.read_engine(Path(job.cwd) / job.parameters["shared"])
            with engine.dask(address) as client:  # a client of the run's cluster, as a chapter connects
                seen.append((address, client.map(len, [[1, 2], [3]])))

        fake(fail=fail, before=connect)
        assert main(run_args(texts, tmp_path / "r", "--engine", "dask")) == (0 if fail is None else 1)
        address = seen[0][0]
        assert [answer for _, answer in seen] == [[2, 1]] * (len(chapter_names()) if fail is None else 3)
        assert {a for a, _ in seen} == {address} and address.startswith("tcp://127.0.0.1:")
        with pytest.raises(SchedulerError, match="no Dask scheduler answered"):
            engine.dask(address, timeout=1)  # closed with its workers
        written = [p for p in tmp_path.rglob("*") if p.is_file()]
        assert written and not any(address.encode() in p.read_bytes() for p in written)
        assert not any(p.name == shared.ENGINE_FILE for p in written)

    @pytest.mark.essay
    def test_a_cluster_gives_the_report_the_memory_engine_gives(self, essay_report, tmp_path):
        """The rent-control essay with --engine dask on a running two-worker cluster against the shared one in memory.

        The chapters' permutation tests run on that cluster too: the scheduler sees their products (the command's
        own passes multiply none), one batch per test of chapters 02 and 03 (the words; the frames and the themes).
        """
        import shutil

        import nbformat
        from distributed import get_task_stream

        from corpus_utils import engine

        corpus = tmp_path / "texts"
        shutil.copytree(RENT_CONTROL, corpus)
        with engine.dask(n_workers=2) as cluster, get_task_stream(client=cluster.client) as stream:
            result = run_cli("run", "texts", "--out", "reports/rent", "--no-progress", "--label-column",
                             "ignored-for-folders", "--engine", "dask", "--scheduler", cluster.address, cwd=tmp_path)
            assert result.returncode == 0, result.stderr
            assert cluster.n_workers == 2  # the run and its chapters were clients: the workers are still there
        tasks = [str(record["key"]).split("-")[0] for record in stream.data]
        assert tasks.count("_product") >= 3, sorted(set(tasks))
        assert {"_read_text_part", "_clean_part", "_index_part"} <= set(tasks)  # the command's own passes
        report = tmp_path / "reports" / "rent"
        assert not any(cluster.address.encode() in p.read_bytes() for p in report.rglob("*") if p.is_file())

        def outputs(path):
            nb = nbformat.read(str(path), as_version=4)
            return [(o.get("output_type"), o.get("text"), o.get("data", {}).get("text/markdown"),
                     o.get("data", {}).get("text/plain"), o.get("data", {}).get("image/png"))
                    for c in nb.cells for o in c.get("outputs", [])]

        for name in chapter_names():
            assert outputs(tmp_path / "reports" / "rent" / f"{name}.ipynb") == outputs(essay_report.out / f"{name}.ipynb"), name
