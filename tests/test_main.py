"""The corpus-essay command (``__main__``): check, run's refusals, and one-line errors (no traceback)."""

import re
import shlex
import shutil
from pathlib import Path

import pandas as pd
import pytest

from corpus_utils.__main__ import main
from corpus_utils.lexicon import load_lexicon
from corpus_utils.run import REPORT_MARKER
from conftest import ROOT, chapter_names, listing, one_line, run_cli, snapshot


class TestCheck:
    def test_summarises_the_seed_corpus(self, capsys, seed_dir):
        assert main(["check", str(seed_dir)]) == 0
        out = capsys.readouterr().out
        assert "5 documents" in out
        assert "anti-cooperation: 2 documents" in out and "pro-cooperation: 3 documents" in out
        assert "cleaning removed 35 boilerplate line(s)" in out

    def test_the_shipped_lexicon_fits_the_seed_texts(self, capsys, seed_dir):
        assert main(["check", str(seed_dir)]) == 0
        lines = capsys.readouterr().out.splitlines()
        # 12.6 %: the share chapter 03 reports on the seed texts (see frame.LOW_COVERAGE); no advice under it
        assert lines[-1] == "  frame lexicon (the shipped one): its entries cover 12.6% of the tokens (stop words included)"
        assert not any("fewer than" in line for line in lines)  # the shortest seed text has hundreds of words

    # Three documents, 4 + 30 + 3 = 37 tokens: a "Tenants need rent control.", b "Homes cost more." ten
    # times, c "Supply needs construction.".
    @pytest.fixture
    def short_texts(self, make_corpus):
        return make_corpus({"a.txt": ("for", "Tenants need rent control."), "b.txt": ("for", "Homes cost more. " * 10),
                            "c.txt": ("against", "Supply needs construction.")})

    def test_coverage_of_a_lexicon_that_fits(self, tmp_path, capsys, short_texts):
        # the phrase "rent control" covers 2 tokens of 37 (the word "rent" inside it is not counted again): 5.4 %
        lexicon = tmp_path / "fit.yml"
        lexicon.write_text("frames:\n  housing:\n    definition: Homes.\n    words: [rent]\n    phrases: [rent control]\n")
        assert main(["check", str(short_texts), "--lexicon", str(lexicon)]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[-1] == f"  frame lexicon ({lexicon}): its entries cover 5.4% of the tokens (stop words included)"

    def test_a_lexicon_under_five_percent_says_what_to_do(self, tmp_path, capsys, short_texts):
        # "supply" is 1 token of 37: 2.7 %, under frame.LOW_COVERAGE; the words no frame covers, most frequent first
        lexicon = tmp_path / "low.yml"
        lexicon.write_text("frames:\n  housing:\n    definition: Homes.\n    words: [supply]\n")
        assert main(["check", str(short_texts), "--lexicon", str(lexicon)]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[-2:] == [
            f"  frame lexicon ({lexicon}): its entries cover 2.7% of the tokens (stop words included)",
            "  that is under 5%: chapter 03's frames would describe little of these texts, and the synthesis (chapter 05) "
            f"does not count them. Write a lexicon for your topic (corpus-essay lexicon-draft {short_texts} --out frames.yml "
            "drafts one from the corpus's themes; or copy src/corpus_utils/data/frames.yml and list each frame's words "
            "and phrases) and pass it with --lexicon FILE; the most frequent words no frame covers: "
            "cost (10), homes (10), construction (1), control (1), need (1), needs (1), rent (1), tenants (1).",
        ]

    def test_very_short_documents_are_counted_and_named(self, capsys, short_texts):
        assert main(["check", str(short_texts)]) == 0
        assert ("  2 of 3 documents have fewer than 20 words: a, c. Each weighs as much as a long document in every "
                "test over documents, and one word moves its rates a lot; if they are fragments, leave them out or join "
                "them to the texts they belong to.") in capsys.readouterr().out.splitlines()

    def test_past_five_short_documents_the_rest_are_counted(self, capsys, make_corpus):
        docs = {f"d{i}.txt": ("for" if i % 2 else "against", f"Text number {i}.") for i in range(7)}
        assert main(["check", str(make_corpus(docs))]) == 0
        assert "  7 of 7 documents have fewer than 20 words: d0, d1, d2, d3, d4 and 2 more." in capsys.readouterr().out

    def test_a_bad_lexicon_is_one_line_before_the_summary(self, tmp_path, short_texts):
        result = run_cli("check", short_texts, "--lexicon", tmp_path / "missing.yml")
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.startswith(f"error: {tmp_path / 'missing.yml'}: frame-lexicon file not found.")

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
        assert err.rstrip().endswith("Check the spelling; every chapter parameter, with its type and range, is listed "
                                     "in the package's data/parameters.yml.")
        assert not (tmp_path / "r").exists()

    @pytest.mark.parametrize(("args", "line"), [
        (["-p", "top_n", "3", "-p", "top_n", "4"],
         "error: top_n is given twice (-p top_n 3, -p top_n 4). Give each parameter once."),
        (["-p", "groups", "[a, b]", "--groups", "a", "b"],
         "error: groups is given twice (-p groups [a, b], --groups a b). Give each parameter once."),
    ])
    def test_a_parameter_given_twice_is_refused(self, tmp_path, seed_dir, capsys, args, line):
        assert main(["run", str(seed_dir), "--out", str(tmp_path / "r"), *args]) == 2
        err = capsys.readouterr().err
        assert err.strip() == line
        assert not (tmp_path / "r").exists()

    def test_one_group_named_is_refused_before_any_chapter(self, tmp_path, texts, fake, capsys):
        chapters = fake()
        assert main(["run", str(texts), "--out", str(tmp_path / "r"), "--groups", "for"]) == 2
        assert capsys.readouterr().err.splitlines() == [  # the progress lines say how far it got; the error is one line
            f"reading the parameters of {len(chapter_names())} chapters ...",
            f"reading, cleaning and tokenizing {texts} ...",
            "error: --groups names one group (for); the essay compares at least two. Name two or more groups, or "
            "leave --groups out to compare every group.",
        ]
        assert chapters.jobs == [] and not (tmp_path / "r").exists()

    def test_impossible_number_of_clusters_is_refused_before_any_chapter(self, tmp_path, seed_dir, capsys):
        assert main(["run", str(seed_dir), "--out", str(tmp_path / "r"), "--n-clusters", "6"]) == 2
        assert "--n-clusters must be a whole number from 2 to the number of documents, 5 (got 6)" in capsys.readouterr().err
        assert not (tmp_path / "r").exists()

    @pytest.mark.parametrize(("args", "line"), [
        (["-p", "max_rows", "!!binary aGk="], "error: -p max_rows '!!binary aGk=' is refused: it holds the YAML tag "
                                              "tag:yaml.org,2002:binary. Give a plain value"),
        (["-p", "max_rows", "!!set {a}"], "error: -p max_rows '!!set {a}' is refused: it holds the YAML tag"),
        (["-p", "sizes", "[&a 5, *a]"], "error: -p sizes '[&a 5, *a]' is refused: it holds a YAML anchor"),
        (["-p", "max_rows", "-1"], "error: max_rows = -1 is refused: it must be a whole number from 1 to 10,000. "
                                   "Give a value in that range."),
        (["-p", "n_resamples", "1000000000"], "error: n_resamples = 1000000000 is refused: it must be a whole number "
                                              "from 1 to 100,000."),
        (["-p", "sizes", "[200000]"], "error: sizes = [200000] is refused: it must be a list of at most 10 values, "
                                      "each a whole number from 2 to 1,000."),
        (["-p", "alpha", "1.5"], "error: alpha = 1.5 is refused: it must be a number strictly between 0 and 1."),
        (["--n-clusters", "1"], "error: n_clusters = 1 is refused: it must be a whole number from 2 to 50, or null."),
        (["--n-clusters", "three"], "error: n_clusters = three is refused: it must be a whole number from 2 to 50"),
        (["--jobs", "0"], "error: jobs = 0 is refused: it must be a whole number from 1 to 64."),
        (["--groups", *(f"g{i}" for i in range(101))], "error: groups = [g0, g1, g2, "),
    ])
    def test_a_bad_value_is_one_line_before_anything_is_written(self, tmp_path, seed_dir, capsys, monkeypatch, args,
                                                                line):
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("HOME", str(tmp_path))
        assert main(["run", str(seed_dir), "--out", "r", *args]) == 2
        err = capsys.readouterr().err
        assert err.startswith(line) and len(err.splitlines()) == 1, err
        assert list(tmp_path.iterdir()) == []

    def test_a_corpus_of_two_documents_is_refused_before_any_chapter(self, tmp_path, capsys, monkeypatch):
        shutil.copytree(ROOT / "tests" / "fixtures" / "hostile" / "two-documents", tmp_path / "corpus")
        monkeypatch.chdir(tmp_path)
        assert main(["run", "corpus", "--out", "r", "--no-progress"]) == 2  # no progress line: the error alone
        assert capsys.readouterr().err == (
            "error: corpus: the groups compared hold 2 documents; the essay needs at least 3 (clustering cannot be "
            "judged on fewer). Add documents to the groups compared.\n")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]

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
    from corpus_utils.__main__ import run_options, build_parser

    args = build_parser().parse_args(["run", "t", "--out", "r", "-p", "sizes", "[5, 10]", "-p", "min_docs", "null",
                                      "-p", "method", "agglomerative", "--n-clusters", "3", "--groups", "a", "b"])
    assert run_options(args) == {"sizes": [5, 10], "min_docs": None, "method": "agglomerative", "n_clusters": 3,
                                 "groups": ["a", "b"]}



class TestLexiconDraft:
    """``lexicon-draft``: the corpus's themes written as a lexicon file that ``check`` and ``run`` read back.

    Each test works in a sandbox: the working and home folders inside tmp_path, the rent-control
    fixture copied into it as ``corpus``.
    """

    @pytest.fixture
    def sandbox(self, tmp_path, monkeypatch):
        shutil.copytree(ROOT / "tests" / "fixtures" / "rent_control", tmp_path / "corpus")
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("HOME", str(tmp_path))
        return tmp_path

    def draft(self, *extra):
        return main(["lexicon-draft", "corpus", "--out", "frames.yml", "--themes", "2", *extra])

    def test_writes_a_draft_that_check_reads_with_lexicon(self, sandbox, capsys):
        assert self.draft() == 0
        out, err = capsys.readouterr()
        assert err == ""
        assert out == ("wrote a draft lexicon to frames.yml, 2 frames, one per theme: rename each frame, define it, "
                       "move or delete its entries, then pass it back: corpus-essay run corpus --lexicon frames.yml "
                       "--out reports/corpus\n")
        text = (sandbox / "frames.yml").read_text(encoding="utf-8")
        assert text.startswith("# A DRAFT frame lexicon, written by `corpus-essay lexicon-draft`")
        assert "from the themes discovered in the corpus (2 themes, seed 0)" in text
        assert "name: draft from the themes of corpus\n" in text
        lex = load_lexicon(sandbox / "frames.yml")
        assert lex.names == ["theme_1", "theme_2"]
        assert lex.frames["frame_label"].str.match(r"^Theme [12]: \w").all()
        assert listing(sandbox) == listing_with_corpus(sandbox, ["frames.yml"])  # and no temporary file
        result = run_cli("check", "corpus", "--lexicon", "frames.yml", cwd=sandbox)
        assert result.returncode == 0, result.stderr
        coverage = result.stdout.splitlines()[-1]
        assert coverage.startswith("  frame lexicon (frames.yml): its entries cover ")
        assert float(coverage.split("cover ")[1].split("%")[0]) >= 5  # no "under 5%" advice: the draft fits its corpus

    @pytest.mark.parametrize(("corpus", "report"), [("corpus", "reports/corpus"), ("my texts", "reports/my texts"),
                                                    ("texts.csv", "reports/texts"), ("it's here", "reports/it's here")])
    def test_the_command_it_prints_works_as_typed(self, sandbox, capsys, corpus, report):
        # it once printed `corpus-essay run PATH --lexicon FILE`, which run refuses: --out is required
        from corpus_utils.__main__ import build_parser
        from corpus_utils.run.publish import check_out

        if corpus == "texts.csv":
            texts = [(p.parent.name, p.read_text(encoding="utf-8")) for p in sorted((sandbox / "corpus").rglob("*.txt"))]
            pd.DataFrame(texts, columns=["stance", "text"]).to_csv(sandbox / corpus, index=False)
        elif corpus != "corpus":
            (sandbox / "corpus").rename(sandbox / corpus)
        assert main(["lexicon-draft", corpus, "--out", "frames.yml", "--themes", "2"]) == 0
        typed = shlex.split(capsys.readouterr().out.rstrip("\n").split("then pass it back: ", 1)[1])
        assert typed[:2] == ["corpus-essay", "run"]
        args = build_parser().parse_args(typed[1:])  # argparse exits (status 2) on a missing --out
        assert (args.command, args.corpus, args.lexicon, args.out) == ("run", corpus, "frames.yml", report)
        assert check_out(args.out, sandbox / corpus, force=False) == Path(report)  # a new folder run may write

    @pytest.mark.essay
    def test_chapter_03_runs_on_the_draft_and_its_frames_lead(self, sandbox):
        """The draft passed back as the chapter's lexicon: chapter 03 executes, its frames (the draft's) fit the
        texts, so they lead and the themes become the cross-check."""
        from corpus_utils.run.execute import execute_notebook

        assert self.draft() == 0
        out = sandbox / "03_framing.ipynb"
        nb = execute_notebook(ROOT / "notebooks" / "03_framing.ipynb", out,
                              {"corpus": str(sandbox / "corpus"), "lexicon": str(sandbox / "frames.yml"),
                               "figures_dir": str(sandbox / "figures"), "label_column": "stance"}, sandbox, False)
        said = "\n".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells for o in c.get("outputs", []))
        assert re.search(r"so its frames lead this chapter; the \d+ themes found in the texts themselves are a cross-check",
                         said)
        assert "*Theme 1: " in said or "Theme 1: " in said
        assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]

    def test_the_same_corpus_and_seed_write_the_same_bytes(self, sandbox):
        assert self.draft() == 0
        first = (sandbox / "frames.yml").read_bytes()
        assert self.draft("--force") == 0
        assert (sandbox / "frames.yml").read_bytes() == first

    def test_an_existing_file_is_refused_without_force(self, sandbox, capsys):
        (sandbox / "frames.yml").write_text("my own lexicon")
        before = snapshot(sandbox)
        assert self.draft() == 2
        assert capsys.readouterr().err == ("error: frames.yml: already exists; it is left alone. Choose another --out, "
                                           "or pass --force to replace it.\n")
        assert snapshot(sandbox) == before

    def test_force_replaces_an_existing_file(self, sandbox, capsys):
        (sandbox / "frames.yml").write_text("an earlier draft")
        assert self.draft("--force") == 0
        assert load_lexicon(sandbox / "frames.yml").names == ["theme_1", "theme_2"]
        assert listing(sandbox) == listing_with_corpus(sandbox, ["frames.yml"])

    @pytest.mark.parametrize("force", [[], ["--force"]])
    def test_a_symbolic_link_is_refused_even_with_force(self, sandbox, capsys, force):
        (sandbox / "mine.yml").write_text("my own lexicon")
        (sandbox / "frames.yml").symlink_to(sandbox / "mine.yml")
        before = snapshot(sandbox)
        assert self.draft(*force) == 2
        assert capsys.readouterr().err == ("error: frames.yml: refused as --out: it is a symbolic link, which is never "
                                           "written through. Choose another --out, a new file such as --out "
                                           "frames.yml.\n")
        assert snapshot(sandbox) == before and (sandbox / "frames.yml").is_symlink()

    @pytest.mark.parametrize(("out", "line"), [
        ("folder", "error: folder: refused as --out: it is a folder. Name a file, such as --out frames.yml.\n"),
        ("corpus", "error: corpus: refused as --out: it is the corpus. Choose another --out, a new file such as --out "
                   "frames.yml.\n"),
        ("corpus/frames.yml", "error: corpus/frames.yml: refused as --out: it is inside the corpus. Choose another "
                              "--out, a new file such as --out frames.yml.\n"),
        ("notes.txt/frames.yml", "error: notes.txt/frames.yml: refused as --out: notes.txt is not a folder. Choose "
                                 "another --out, a new file such as --out frames.yml.\n"),
        ("", "error: --out is empty. Name the file to write, such as --out frames.yml.\n"),
    ])
    def test_places_that_are_not_a_new_file_are_refused_even_with_force(self, sandbox, capsys, out, line):
        (sandbox / "folder").mkdir()
        (sandbox / "notes.txt").write_text("my notes")
        before = snapshot(sandbox)
        assert main(["lexicon-draft", "corpus", "--out", out, "--force"]) == 2
        assert capsys.readouterr().err == line
        assert snapshot(sandbox) == before and sorted(p.name for p in sandbox.iterdir()) == ["corpus", "folder",
                                                                                              "notes.txt"]

    def test_a_table_corpus_is_never_replaced(self, sandbox, capsys):
        table = sandbox / "texts.csv"
        table.write_text("text,stance\nTenants need rent control.,for\nSupply needs construction.,against\n")
        assert main(["lexicon-draft", "texts.csv", "--out", "texts.csv", "--force"]) == 2
        assert capsys.readouterr().err.startswith("error: texts.csv: refused as --out: it is the corpus.")
        assert table.read_text().startswith("text,stance\n")

    def test_the_shipped_lexicon_is_refused(self, sandbox, capsys):
        from corpus_utils.lexicon import default_lexicon_path

        shipped = default_lexicon_path()
        before = shipped.read_bytes()
        assert main(["lexicon-draft", "corpus", "--out", str(shipped), "--force"]) == 2
        assert capsys.readouterr().err == (f"error: {shipped}: refused as --out: it is the shipped lexicon. Choose "
                                           "another --out, a new file such as --out frames.yml.\n")
        assert shipped.read_bytes() == before

    def test_a_bad_corpus_is_one_line_and_writes_nothing(self, sandbox):
        (sandbox / "empty").mkdir()
        result = run_cli("lexicon-draft", "empty", "--out", "frames.yml", cwd=sandbox)
        assert result.returncode == 2 and result.stdout == ""
        assert one_line(result.stderr).startswith("error: empty: holds no documents")
        assert not (sandbox / "frames.yml").exists()

    @pytest.mark.parametrize(("args", "start"), [
        (["--seed", "-1"], "error: seed = -1 is refused: it must be a whole number from 0 to 4,294,967,295."),
        (["--themes", "many"], "error: n_themes = many is refused: it must be a whole number from 2 to 50, or null. "
                               "Give a value in that range."),
        (["--themes", "51"], "error: n_themes = 51 is refused: it must be a whole number from 2 to 50, or null."),
    ])
    def test_a_bad_value_is_refused_before_the_corpus_is_read(self, sandbox, capsys, args, start):
        before = snapshot(sandbox)
        assert main(["lexicon-draft", "no-such-corpus", "--out", "frames.yml", *args]) == 2
        err = capsys.readouterr().err
        assert err.startswith(start) and len(err.splitlines()) == 1, err
        assert snapshot(sandbox) == before

    def test_the_command_is_listed_in_the_help(self):
        result = run_cli("--help")
        assert result.returncode == 0 and "lexicon-draft" in result.stdout


def listing_with_corpus(folder, names: list[str]) -> list[str]:
    """What ``listing(folder)`` should be: the copied corpus and ``names``, nothing else (no temporary file)."""
    return sorted([f"corpus/{p}" for p in listing(folder / "corpus")] + ["corpus"] + names)


def test_the_command_validates_notebooks_without_compiling_an_iri_grammar(tmp_path):
    """``main`` marks rfc3987_syntax absent before nbformat loads: notebooks still validate, and no grammar is built."""
    import subprocess
    import sys

    script = ("import sys\nfrom corpus_utils.__main__ import main\n"
              "try:\n    main(['refresh'])  # a refused command line: main has run as far as argparse\n"
              "except SystemExit:\n    pass\n"
              "import nbformat\nfrom nbformat import v4\n"
              "nbformat.validate(v4.new_notebook(cells=[v4.new_markdown_cell('# A')]))\n"
              "try:\n    nbformat.validate({'nbformat': 4})\nexcept nbformat.ValidationError:\n    print('refused')\n"
              "print(sys.modules['rfc3987_syntax'], 'lark' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert done.stdout.split() == ["refused", "None", "False"]
