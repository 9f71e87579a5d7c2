"""Executing chapters (``run.execute``): what crosses to a worker process, and Ctrl-C in a worker."""

import pickle
from pathlib import Path

import pytest


def test_chapter_error_survives_the_trip_from_a_worker_process():
    from corpus_utils.run import ChapterError

    error = pickle.loads(pickle.dumps(ChapterError("02_vocabulary", 7, "KeyError: 'x'", Path("r/02.ipynb"))))
    assert str(error) == (
        "chapter 02_vocabulary, cell In [7] failed: KeyError: 'x' (the partly executed notebook is kept at r/02.ipynb)"
    )


def test_a_job_and_the_worker_function_cross_to_a_worker_process():
    """A worker receives the job and the function by pickling: both must stay importable top-level names."""
    from corpus_utils.run import execute

    job = execute.ChapterJob(Path("01_corpus.ipynb"), Path("r/01_corpus.ipynb"), {"corpus": "../texts"}, Path("r"),
                             shown={"corpus": "texts"})
    assert pickle.loads(pickle.dumps(job)) == job
    assert pickle.loads(pickle.dumps(execute.run_job_in_worker)) is execute.run_job_in_worker


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



# ---------------------------------------------------------------------------------------------
# The lines run_chapters writes on the error stream as each chapter starts and ends.

def _jobs(folder: Path, *stems: str) -> list:
    from corpus_utils.run.execute import ChapterJob

    return [ChapterJob(Path(f"{stem}.ipynb"), folder / f"{stem}.ipynb", {"figures_dir": "figures"}, folder)
            for stem in stems]


@pytest.fixture
def clock(monkeypatch):
    """A stand-in clock for run.execute: it moves only when a stand-in chapter runs (``clock.run``)."""
    from types import SimpleNamespace

    from corpus_utils.run import execute

    now = SimpleNamespace(t=100.0, seconds={})
    monkeypatch.setattr(execute, "time", SimpleNamespace(monotonic=lambda: now.t))
    now.run = lambda job: setattr(now, "t", now.t + now.seconds[job.chapter.stem])
    return now


class TestChapterLines:
    def test_one_chapter_at_a_time_each_starts_then_ends_with_its_seconds_and_count(self, tmp_path, fake, clock,
                                                                                     capsys):
        from corpus_utils.run.execute import run_chapters

        clock.seconds = {"01_corpus": 3.24, "02_vocabulary": 14.4, "05_synthesis": 75.0}
        fake(before=clock.run)
        results = run_chapters(_jobs(tmp_path, "01_corpus", "02_vocabulary", "05_synthesis"), 1, True)
        assert list(results) == ["01_corpus.ipynb", "02_vocabulary.ipynb", "05_synthesis.ipynb"]
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.splitlines() == [
            "chapter 01_corpus: started",
            "chapter 01_corpus: done in 3.2 s (1 of 3)",
            "chapter 02_vocabulary: started",
            "chapter 02_vocabulary: done in 14 s (2 of 3)",
            "chapter 05_synthesis: started",
            "chapter 05_synthesis: done in 1 min 15 s (3 of 3)",
        ]

    def test_a_failed_chapter_ends_with_failed_and_no_later_one_starts(self, tmp_path, fake, clock, capsys):
        from corpus_utils.run import ChapterError
        from corpus_utils.run.execute import run_chapters

        clock.seconds = {"01_corpus": 2.0, "02_vocabulary": 5.0, "03_framing": 1.0}
        fake(fail="02_vocabulary", before=clock.run)
        with pytest.raises(ChapterError):
            run_chapters(_jobs(tmp_path, "01_corpus", "02_vocabulary", "03_framing"), 1, True)
        assert capsys.readouterr().err.splitlines() == [
            "chapter 01_corpus: started",
            "chapter 01_corpus: done in 2.0 s (1 of 3)",
            "chapter 02_vocabulary: started",
            "chapter 02_vocabulary: failed after 5.0 s",
        ]

    def test_without_progress_nothing_is_written(self, tmp_path, fake, capsys):
        from corpus_utils.run.execute import run_chapters

        fake()
        run_chapters(_jobs(tmp_path, "01_corpus", "02_vocabulary"), 1, False)
        assert capsys.readouterr().err == ""

    def test_side_by_side_each_line_is_whole_and_names_its_chapter(self, tmp_path, fake, capsys):
        """Two workers: the parent writes every line, starts a chapter only when a worker is free."""
        import re

        from corpus_utils.run.execute import run_chapters

        fake()  # the workers are forked from this process, stand-in included
        stems = ["01_corpus", "02_vocabulary", "03_framing", "04_clustering", "05_synthesis"]
        results = run_chapters(_jobs(tmp_path, *stems), 2, True)
        assert [r["title"] for r in results.values()] == stems
        lines = capsys.readouterr().err.splitlines()
        events = []
        for line in lines:
            match = re.fullmatch(r"chapter (\w+): (started|done in \d+\.\d s \((\d) of 5\))", line)
            assert match, line
            events.append((match[1], "started" if match[2] == "started" else "done", match[3]))
        assert [e[0] for e in events if e[1] == "started"] == stems  # in order, each once
        assert sorted(e[0] for e in events if e[1] == "done") == stems
        assert [e[2] for e in events if e[1] == "done"] == ["1", "2", "3", "4", "5"]
        running = set()
        for stem, kind, _ in events:  # each ends after it starts; never more than two at once
            if kind == "started":
                running.add(stem)
                assert len(running) <= 2, events
            else:
                running.remove(stem)


    def test_a_chapter_that_reads_others_starts_when_they_are_done(self, tmp_path, fake, capsys):
        """The synthesis reads the tables chapters 02 to 04 leave: with two workers free it still waits for them."""
        import dataclasses
        import re

        from corpus_utils.run.execute import run_chapters

        fake()
        stems = ["01_corpus", "02_vocabulary", "03_framing", "04_clustering", "05_synthesis"]
        jobs = _jobs(tmp_path, *stems)
        jobs[-1] = dataclasses.replace(jobs[-1], after=("02_vocabulary.ipynb", "03_framing.ipynb", "04_clustering.ipynb",
                                                        "99_not_in_this_run.ipynb"))
        run_chapters(jobs, 2, True)
        events = [re.match(r"chapter (\w+): (started|done)", line).groups() for line in capsys.readouterr().err.splitlines()]
        start = events.index(("05_synthesis", "started"))
        done_before = {stem for stem, kind in events[:start] if kind == "done"}
        assert {"02_vocabulary", "03_framing", "04_clustering"} <= done_before


# ---------------------------------------------------------------------------------------------
# A run stopped by a signal leaves nothing running: a real `corpus-essay run` in a new process, on
# stand-in chapters that sleep, in a temporary folder (working and home folders inside it).

def _stand_in_chapters(folder: Path, body: str) -> Path:
    """Two chapter notebooks declaring ``corpus`` and ``figures_dir``, whose second cell runs ``body``."""
    import nbformat

    folder.mkdir()
    for name in ("01_first", "02_second"):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        parameters = nbformat.v4.new_code_cell('corpus = "x"\nfigures_dir = "figures"')
        parameters.metadata["tags"] = ["parameters"]
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), parameters, nbformat.v4.new_code_cell(body)]
        nbformat.write(nb, str(folder / f"{name}.ipynb"))
    return folder


@pytest.fixture
def sandbox(tmp_path, texts, monkeypatch):
    """The working and home folders inside a temporary folder, with the corpus ``texts`` in it."""
    import os
    import sys

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in sys.path if p))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _start_run(sandbox: Path, chapters: Path, jobs: int):
    """``corpus-essay run texts --out r`` in a new process; its error stream goes to the file ``err.txt``.

    A file, not a pipe: a process left running would hold a pipe open, and reading it would never end.
    """
    import subprocess
    import sys

    with open(sandbox / "err.txt", "w", encoding="utf-8") as err:
        return subprocess.Popen([sys.executable, "-m", "corpus_utils", "run", "texts", "--out", "r", "--notebooks",
                                 str(chapters), "--no-progress", "--jobs", str(jobs)],
                                cwd=sandbox, stdout=subprocess.DEVNULL, stderr=err)


def _wait_for_kernels(process, n: int, timeout: float = 120) -> list:
    """The descendants of ``process`` once ``n`` kernels run among them (ipykernel_launcher)."""
    import time

    import psutil

    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = parent.children(recursive=True)
        kernels = [c for c in children if "ipykernel_launcher" in " ".join(_cmdline(c))]
        if len(kernels) >= n:
            time.sleep(1)  # let the kernels start executing the sleeping cell
            return parent.children(recursive=True)
        time.sleep(0.2)
    process.kill()
    raise AssertionError("the kernels did not start")


def _cmdline(proc) -> list[str]:
    import psutil

    try:
        return proc.cmdline()
    except psutil.Error:
        return []


def _survivors(processes: list, timeout: float = 30) -> list:
    """Those of ``processes`` still running after at most ``timeout`` seconds."""
    import time

    import psutil

    deadline = time.monotonic() + timeout
    alive = processes
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    for p in alive:  # do not leave them behind the test either
        p.kill()
    return alive


@pytest.mark.essay
@pytest.mark.parametrize("jobs", [2, 1])
def test_sigkill_leaves_no_worker_or_kernel_running_and_the_next_run_removes_its_staging_folder(sandbox, jobs):
    import signal

    from conftest import run_cli

    chapters = _stand_in_chapters(sandbox / "slow", "import time\ntime.sleep(600)")
    process = _start_run(sandbox, chapters, jobs)
    descendants = _wait_for_kernels(process, jobs)
    assert len(descendants) >= (2 * jobs if jobs > 1 else 1)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert _survivors(descendants) == []
    stale = [p.name for p in sandbox.iterdir() if p.name.endswith(".staging")]
    assert len(stale) == 1 and stale[0].startswith(".r.")
    (sandbox / ".r.abcdef01.staging").mkdir()  # not ours (no marker): left alone
    quick = _stand_in_chapters(sandbox / "quick", "1 + 1")
    result = run_cli("run", "texts", "--out", "r", "--notebooks", quick, "--no-progress", "--jobs", "1", cwd=sandbox)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in sandbox.iterdir() if p.name.startswith(".r.")) == [".r.abcdef01.staging"]


@pytest.mark.essay
@pytest.mark.parametrize(("signum", "jobs"), [("SIGTERM", 2), ("SIGHUP", 2), ("SIGTERM", 1)])
def test_sigterm_and_sighup_stop_the_run_like_ctrl_c(sandbox, signum, jobs):
    import signal

    chapters = _stand_in_chapters(sandbox / "slow", "import time\ntime.sleep(600)")
    process = _start_run(sandbox, chapters, jobs)
    descendants = _wait_for_kernels(process, jobs)
    process.send_signal(getattr(signal, signum))
    try:
        process.wait(timeout=120)
    finally:
        survivors = _survivors(descendants)
    assert process.returncode == 128 + getattr(signal, signum)
    assert (sandbox / "err.txt").read_text(encoding="utf-8").strip() == f"interrupted; r was not changed (the unfinished report is kept at .r.partial)"
    assert survivors == []
    assert sorted(p.name for p in sandbox.iterdir() if p.name.startswith(".r.")) == [".r.partial"]


@pytest.mark.essay
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_real_run_through_a_pipe_says_what_it_does_and_names_each_chapter(sandbox, jobs):
    """stderr is a pipe here (not a terminal): the lines come all the same, and stdout keeps only the last line."""
    import re

    from conftest import run_cli

    chapters = _stand_in_chapters(sandbox / "quick", "1 + 1")
    result = run_cli("run", "texts", "--out", "r", "--notebooks", chapters, "--jobs", jobs, cwd=sandbox)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "report written to r/index.html\n"
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        "reading the parameters of 2 chapters ...",
        "reading and cleaning texts ...",
        f"4 documents in 2 groups; running 2 chapters, {jobs} at a time (each starts a Python kernel of its own and "
        "reads the corpus again) ...",
    ]
    seconds = r"(\d\.\d|\d+) s"
    if jobs == 1:
        patterns = ["chapter 01_first: started", rf"chapter 01_first: done in {seconds} \(1 of 2\)",
                    "chapter 02_second: started", rf"chapter 02_second: done in {seconds} \(2 of 2\)"]
    else:  # both start at once; either may end first
        patterns = ["chapter 01_first: started", "chapter 02_second: started",
                    rf"chapter 0(1_first|2_second): done in {seconds} \(1 of 2\)",
                    rf"chapter 0(1_first|2_second): done in {seconds} \(2 of 2\)"]
        assert {line.split(":")[0] for line in lines[5:7]} == {"chapter 01_first", "chapter 02_second"}
    patterns.append(rf"all 2 chapters done in {seconds}; writing the front page and the term explorer \.\.\.")
    assert len(lines) == 3 + len(patterns), lines
    for line, pattern in zip(lines[3:], patterns):
        assert re.fullmatch(pattern, line), (line, pattern)
