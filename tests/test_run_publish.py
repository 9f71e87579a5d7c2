"""What `run` may touch (``run.publish``): the refused --out and --figures-dir, the report folder and its
marker, --force, the partial folder after a failure or Ctrl-C, and another run finishing meanwhile.

These tests replace the chapter executor by a stand-in (no kernel; the ``fake`` fixture), so they
check the folders and messages in a fraction of a second; ``tests/test_run_essay.py`` has the real runs.
Every folder they touch is in a temporary folder; the probes of the places refused as --out point the
working and home folders inside it too.
"""

import json
import os
from pathlib import Path

import pytest

from corpus_utils.__main__ import main
from corpus_utils.run import REPORT_MARKER
from conftest import chapter_names, listing, one_line, run_args, snapshot


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
        assert main(run_args(texts, out, "--force")) == 2
        message = one_line(capsys.readouterr().err)
        expected = expected.format(texts=texts, tmp=tmp_path)
        assert message.startswith(expected if expected.startswith("error: ") else f"error: {expected}"), message
        assert chapters.jobs == []
        assert listing(tmp_path) == before and snapshot(texts) == corpus_before
        assert (tmp_path / "mine" / "notes.txt").read_text() == "mine"

    @pytest.mark.parametrize(("case", "expected"), [
        ("working folder", "error: .: refused as --figures-dir: it is the working folder. Choose another --figures-dir"),
        ("home", "{tmp}/home: refused as --figures-dir: it is the home folder. "),
        ("parent of home", "{tmp}: refused as --figures-dir: it is a folder that contains the corpus. "),
    ])
    def test_dangerous_figures_dir_is_refused_like_out(self, case, expected, tmp_path, texts, fake, monkeypatch,
                                                       capsys):
        """The root folder is refused by the same code as for --out; it is not aimed at here."""
        work = tmp_path / "work"
        work.mkdir()
        (tmp_path / "home").mkdir()
        monkeypatch.chdir(work)
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        figures = {"working folder": ".", "home": tmp_path / "home", "parent of home": tmp_path}[case]
        before, corpus_before = listing(tmp_path), snapshot(texts)
        chapters = fake()
        assert main(run_args(texts, tmp_path / "r", "--figures-dir", figures)) == 2
        message = one_line(capsys.readouterr().err)
        expected = expected.format(texts=texts, tmp=tmp_path)
        assert message.startswith(expected if expected.startswith("error: ") else f"error: {expected}"), message
        assert chapters.jobs == []
        assert listing(tmp_path) == before and snapshot(texts) == corpus_before

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
        assert main(run_args(texts, tmp_path / "r", *option)) == 2
        assert one_line(capsys.readouterr().err).startswith("error: " + instead.format(texts=texts))
        assert chapters.jobs == []
        assert listing(tmp_path) == before and snapshot(texts) == corpus_before


class TestReportFolder:
    def test_report_carries_the_marker_and_nothing_is_left_beside_it(self, tmp_path, texts, fake, capsys):
        corpus_before = snapshot(texts)
        fake()
        assert main(run_args(texts, tmp_path / "reports" / "r")) == 0
        out = tmp_path / "reports" / "r"
        assert capsys.readouterr().out == f"report written to {out}/index.html\n"
        assert (out / REPORT_MARKER).is_file()
        assert sorted(p.name for p in (out / "figures").iterdir()) == [f"{c}.png" for c in chapter_names()]
        assert listing(tmp_path / "reports") == ["r", *(f"r/{name}" for name in listing(out))]
        assert snapshot(texts) == corpus_before

    def test_force_replaces_an_earlier_report(self, tmp_path, texts, fake, capsys):
        out = tmp_path / "r"
        fake()
        assert main(run_args(texts, out)) == 0
        (out / "old.txt").write_text("from the first run")
        corpus_before = snapshot(texts)
        assert main(run_args(texts, out, "--force")) == 0
        assert not (out / "old.txt").exists() and (out / "index.html").is_file() and (out / REPORT_MARKER).is_file()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["r", "texts"]
        assert snapshot(texts) == corpus_before

    @pytest.mark.parametrize("umask", [0o022, 0o002])
    def test_permissions_follow_the_umask(self, tmp_path, texts, fake, umask):
        import stat

        fake()
        previous = os.umask(umask)
        try:
            assert main(run_args(texts, tmp_path / "r")) == 0
        finally:
            os.umask(previous)
        for folder in (tmp_path / "r", tmp_path / "r" / "figures"):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask, folder

    def test_manifest_has_the_paths_as_given_and_no_temporary_ones(self, tmp_path, texts, fake, monkeypatch):
        monkeypatch.chdir(tmp_path)
        fake()
        assert main(run_args("texts", "reports/r", "--label-column", "stance")) == 0
        text = (tmp_path / "reports" / "r" / "manifest.json").read_text()
        assert ".staging" not in text and ".partial" not in text and str(tmp_path) not in text
        manifest = json.loads(text)
        assert manifest["corpus"] == "texts"
        assert manifest["parameters"] == {"label_column": "stance"}
        for chapter in manifest["chapters"]:  # the chapters ran beside reports/r, so paths hold from there
            assert chapter["parameters"]["corpus"] == "../../texts"
            assert chapter["parameters"]["figures_dir"] == "figures"

    @pytest.mark.parametrize(("figures_dir", "shown"), [("reports/r/plots", "plots"), ("elsewhere/plots", "plots"),
                                                         (None, "figures")])
    def test_no_machine_path_in_the_manifest_or_the_pages(self, tmp_path, texts, fake, monkeypatch, figures_dir,
                                                          shown):
        """An absolute corpus is recorded by its name (and fingerprint); figures relative to the report, or by name."""
        (tmp_path / "work").mkdir()
        monkeypatch.chdir(tmp_path / "work")
        chapters = fake()
        extra = [] if figures_dir is None else ["--figures-dir", str(tmp_path / figures_dir)]
        assert main(run_args(texts, tmp_path / "reports" / "r", *extra)) == 0
        text = (tmp_path / "reports" / "r" / "manifest.json").read_text()
        manifest = json.loads(text)
        assert manifest["corpus"] == "texts" and len(manifest["corpus_sha256"]) == 64
        assert str(tmp_path) not in text and "/tmp/" not in text and "../" not in json.dumps(manifest["command"])
        assert {job.shown["figures_dir"] for job in chapters.jobs} == {shown}
        assert {job.shown["corpus"] for job in chapters.jobs} == {"texts"}

    @pytest.mark.parametrize(("figures_dir", "where"), [("r/plots", "r/plots"), ("plots", "plots")])
    def test_figures_dir_inside_the_report_moves_with_it(self, tmp_path, texts, fake, monkeypatch, figures_dir, where):
        monkeypatch.chdir(tmp_path)
        fake()
        assert main(run_args("texts", "r", "--figures-dir", figures_dir)) == 0
        assert sorted(p.name for p in (tmp_path / where).iterdir()) == [f"{c}.png" for c in chapter_names()]
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


class TestFailureKeepsTheOldReport:
    @pytest.fixture
    def old_report(self, tmp_path, texts, fake):
        fake()
        assert main(run_args(texts, tmp_path / "r")) == 0
        return tmp_path / "r"

    def test_failed_chapter(self, tmp_path, texts, old_report, fake, capsys):
        capsys.readouterr()
        before, corpus_before = snapshot(old_report), snapshot(texts)
        fake(fail="02_vocabulary")
        assert main(run_args(texts, old_report, "--force")) == 1
        partial = tmp_path / ".r.partial"
        assert one_line(capsys.readouterr().err) == (
            "error: chapter 02_vocabulary, cell In [4] failed: ZeroDivisionError: division by zero "
            f"(the partly executed notebook is kept at {partial / '02_vocabulary.ipynb'})"
        )
        assert snapshot(old_report) == before and snapshot(texts) == corpus_before
        assert (partial / "02_vocabulary.ipynb").is_file() and (partial / REPORT_MARKER).is_file()

    def test_two_failures_leave_one_partial_folder(self, tmp_path, texts, old_report, fake, capsys):
        fake(fail="03_framing")
        assert main(run_args(texts, old_report, "--force")) == 1
        fake(fail="01_corpus")
        assert main(run_args(texts, old_report, "--force")) == 1
        assert sorted(p.name for p in tmp_path.iterdir()) == [".r.partial", "r", "texts"]
        assert (tmp_path / ".r.partial" / "01_corpus.ipynb").is_file()
        assert not (tmp_path / ".r.partial" / "03_framing.ipynb").exists()  # the earlier partial was replaced

    def test_a_partial_folder_of_the_user_is_left_alone(self, tmp_path, texts, old_report, fake, capsys):
        (tmp_path / ".r.partial").mkdir()
        (tmp_path / ".r.partial" / "notes.txt").write_text("mine")
        capsys.readouterr()
        fake(fail="01_corpus")
        assert main(run_args(texts, old_report, "--force")) == 1
        kept = Path(one_line(capsys.readouterr().err).split("kept at ")[1].rstrip(")"))
        assert kept.parent.parent == tmp_path and kept.parent.name.startswith(".r.") and kept.is_file()
        assert listing(tmp_path / ".r.partial") == ["notes.txt"]

    def test_ctrl_c(self, tmp_path, texts, old_report, fake, capsys):
        capsys.readouterr()
        before, corpus_before = snapshot(old_report), snapshot(texts)
        fake(interrupt="02_vocabulary")
        assert main(run_args(texts, old_report, "--force")) == 130
        assert one_line(capsys.readouterr().err) == (
            f"interrupted; {old_report} was not changed (the unfinished report is kept at {tmp_path / '.r.partial'})"
        )
        assert snapshot(old_report) == before and snapshot(texts) == corpus_before
        assert sorted(p.name for p in tmp_path.iterdir()) == [".r.partial", "r", "texts"]


    @pytest.mark.parametrize("where", ["chapter", "manifest"])
    def test_a_full_disk_is_one_line_saying_what_was_kept_and_what_to_free(self, tmp_path, texts, old_report, fake,
                                                                          monkeypatch, capsys, where):
        """No space left on the device (a chapter's files, or the manifest): the old report is untouched, the
        unfinished one is kept and named, and the line says to free space there."""
        import errno

        capsys.readouterr()
        before = snapshot(old_report)

        def full(job):
            if job.chapter.stem == "03_framing":
                raise OSError(errno.ENOSPC, "No space left on device", str(job.output))

        fake(before=full if where == "chapter" else None)
        if where == "manifest":
            real = Path.write_text

            def write_text(self, *args, **kwargs):
                if self.name == "manifest.json":
                    raise OSError(errno.ENOSPC, "No space left on device", str(self))
                return real(self, *args, **kwargs)

            monkeypatch.setattr(Path, "write_text", write_text)
        assert main(run_args(texts, old_report, "--force")) == 2
        partial = tmp_path / ".r.partial"
        assert one_line(capsys.readouterr().err) == (
            f"error: {old_report}: no space left on the device while writing the report; {old_report} was not "
            f"changed and the unfinished report is kept at {partial}. Free space on that device (deleting {partial} "
            "frees what this run wrote) and run again."
        )
        assert snapshot(old_report) == before and partial.is_dir()


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
        assert main(run_args(texts, out, *(["--force"] if force else []))) == 2
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
        assert main(run_args(texts, out)) == 2
        assert one_line(capsys.readouterr().err).startswith(
            f"error: {out}: a folder appeared here while this run was working; it is left alone. This run's report is kept at"
        )
        assert (out / "index.html").read_text() == "the other report"
        assert sorted(p.name for p in tmp_path.iterdir()) == [".r.partial", "r", "texts"]



class TestStaleStaging:
    """A later run removes only staging folders that are provably its own kind and whose process is gone."""

    def test_only_marked_folders_of_dead_or_reused_pids_are_removed(self, tmp_path):
        import subprocess
        import sys

        from corpus_utils.run import publish

        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        out = tmp_path / "r"
        live = publish.make_staging(out)  # this process: alive, same start time
        owners = {"a0a0a0a0": f"{dead.pid} 1", "b1b1b1b1": f"{os.getpid()} 1",  # dead; pid reused by another process
                  "c2c2c2c2": None, "d3d3d3d3": f"{dead.pid} 1"}
        for middle, owner in owners.items():
            folder = tmp_path / f".r.{middle}.staging"
            folder.mkdir()
            if middle != "d3d3d3d3":
                (folder / REPORT_MARKER).write_text("")
            if owner is not None:
                (folder / ".corpus-essay-run").write_text(owner)
        (tmp_path / ".other.e4e4e4e4.staging").mkdir()
        removed = publish.remove_stale_staging(out)
        assert sorted(p.name for p in removed) == [".r.a0a0a0a0.staging", ".r.b1b1b1b1.staging"]
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [".other.e4e4e4e4.staging", ".r.c2c2c2c2.staging", ".r.d3d3d3d3.staging", live.name])


class TestWriteFile:
    """One file written whole (``lexicon-draft --out FILE``): a temporary file renamed into place, nothing else removed."""

    def test_a_new_file_is_written_with_the_usual_permissions(self, tmp_path):
        from corpus_utils.run.publish import check_out_file, write_file

        out = check_out_file(tmp_path / "sub" / "frames.yml", tmp_path / "corpus", force=False)
        write_file(out, "frames: {}\n", force=False)
        assert out.read_text(encoding="utf-8") == "frames: {}\n"
        umask = os.umask(0)
        os.umask(umask)
        assert out.stat().st_mode & 0o777 == 0o666 & ~umask
        assert listing(tmp_path) == ["sub", "sub/frames.yml"]  # no temporary file left

    def test_a_file_that_appears_meanwhile_is_left_alone_without_force(self, tmp_path):
        from corpus_utils.errors import ParameterError
        from corpus_utils.run.publish import check_out_file, write_file

        out = check_out_file(tmp_path / "frames.yml", tmp_path / "corpus", force=False)
        out.write_text("written by someone else meanwhile")
        with pytest.raises(ParameterError, match="frames.yml: appeared meanwhile; it is left alone. Choose another --out"):
            write_file(out, "draft\n", force=False)
        assert out.read_text() == "written by someone else meanwhile"
        assert listing(tmp_path) == ["frames.yml"]

    def test_a_dangling_link_that_appears_meanwhile_is_not_written_through(self, tmp_path):
        from corpus_utils.errors import ParameterError
        from corpus_utils.run.publish import check_out_file, write_file

        out = check_out_file(tmp_path / "frames.yml", tmp_path / "corpus", force=False)
        out.symlink_to(tmp_path / "elsewhere.yml")
        with pytest.raises(ParameterError, match="appeared meanwhile"):
            write_file(out, "draft\n", force=False)
        assert out.is_symlink() and not (tmp_path / "elsewhere.yml").exists()
        assert listing(tmp_path) == ["frames.yml"]

    @pytest.mark.parametrize("kind", ["link", "folder"])
    def test_with_force_a_link_or_folder_put_there_meanwhile_is_refused(self, tmp_path, kind):
        from corpus_utils.errors import ParameterError
        from corpus_utils.run.publish import check_out_file, write_file

        target = tmp_path / "mine.txt"
        target.write_text("my notes")
        out = tmp_path / "frames.yml"
        out.write_text("an earlier draft")
        out = check_out_file(out, tmp_path / "corpus", force=True)
        out.unlink()
        if kind == "link":
            out.symlink_to(target)
        else:
            out.mkdir()
        with pytest.raises(ParameterError, match="was replaced by a link or a folder meanwhile; it is left alone"):
            write_file(out, "draft\n", force=True)
        assert target.read_text() == "my notes"
        assert out.is_symlink() if kind == "link" else out.is_dir()
        assert listing(tmp_path) == ["frames.yml", "mine.txt"]

    def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(self, tmp_path, monkeypatch):
        import errno

        from corpus_utils.errors import ParameterError
        from corpus_utils.run import publish

        out = tmp_path / "frames.yml"
        out.write_text("an earlier draft")

        def full(fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(publish.os, "fsync", full)
        with pytest.raises(ParameterError, match=r"frames.yml: cannot be written \(No space left on device\); it is "
                                                 r"left as it was"):
            publish.write_file(out, "draft\n", force=True)
        assert out.read_text() == "an earlier draft"
        assert listing(tmp_path) == ["frames.yml"]
