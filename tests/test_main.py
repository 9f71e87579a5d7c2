"""The corpus-essay command (``__main__``): check, run's refusals, and one-line errors (no traceback)."""

import pytest

from corpus_utils.__main__ import main
from corpus_utils.run import REPORT_MARKER
from conftest import run_cli, snapshot


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
    from corpus_utils.__main__ import parse_value

    assert parse_value("3") == 3
    assert parse_value("[a, b]") == ["a", "b"]
    assert parse_value("null") is None
    assert parse_value("words") == "words"

