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



def _orphaned_cell(error: BaseException):
    """What an interrupted papermill run leaves behind: the task of its running cell, ended by ``error``, never awaited."""
    import asyncio
    import gc

    async def cell():
        raise error

    loop = asyncio.new_event_loop()
    try:
        task = loop.create_task(cell())
        loop.run_until_complete(asyncio.sleep(0.01))
        assert task.done()
    finally:
        loop.close()
    del task
    gc.collect()  # asyncio reports a task's unretrieved exception when the task is collected


def test_an_interrupted_chapter_leaves_no_report_of_its_cell_on_the_error_stream(monkeypatch, tmp_path, caplog):
    """On Ctrl-C or SIGTERM a chapter's kernel is interrupted as it is shut down, and its running cell ends in
    KeyboardInterrupt after papermill has stopped waiting for it. asyncio would report that cell's task on the
    error stream, a traceback in the middle of the run's one line; it is dropped. Other errors still show."""
    import logging

    import papermill
    from nbclient.exceptions import CellExecutionError

    from corpus_utils.run import execute

    monkeypatch.setattr(logging.getLogger("asyncio"), "filters", [])  # what the test adds goes with it

    def interrupted(*args, **kwargs):
        _orphaned_cell(CellExecutionError("time.sleep(600) ... KeyboardInterrupt", "KeyboardInterrupt", ""))
        raise KeyboardInterrupt

    monkeypatch.setattr(papermill, "execute_notebook", interrupted)
    with caplog.at_level(logging.ERROR), pytest.raises(KeyboardInterrupt):
        execute.execute_notebook(tmp_path / "in.ipynb", tmp_path / "out.ipynb", {}, tmp_path, False)
    assert [r.getMessage() for r in caplog.records] == []
    _orphaned_cell(CellExecutionError("1 / 0 ... ZeroDivisionError", "ZeroDivisionError", "division by zero"))
    _orphaned_cell(ValueError("not a cell"))
    assert [r.getMessage().splitlines()[0] for r in caplog.records] == ["Task exception was never retrieved"] * 2


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
        results = run_chapters(jobs, 2, True)
        events = [re.match(r"chapter (\w+): (started|done)", line).groups() for line in capsys.readouterr().err.splitlines()]
        start = events.index(("05_synthesis", "started"))
        done_before = {stem for stem, kind in events[:start] if kind == "done"}
        assert {"02_vocabulary", "03_framing", "04_clustering"} <= done_before
        # the chapters the synthesis reads start first; chapter 01, which none reads, after them
        assert [stem for stem, kind in events if kind == "started"] == [
            "02_vocabulary", "03_framing", "04_clustering", "01_corpus", "05_synthesis"]
        assert list(results) == [f"{stem}.ipynb" for stem in stems]  # the results keep the chapters' order

    def test_a_chapter_marked_to_start_first_starts_before_the_others(self, tmp_path, fake, capsys):
        import dataclasses
        import re

        from corpus_utils.run.execute import run_chapters

        fake()
        stems = ["01_corpus", "02_vocabulary", "03_framing", "04_clustering", "05_synthesis"]
        jobs = _jobs(tmp_path, *stems)
        jobs[3] = dataclasses.replace(jobs[3], start_first=True)
        jobs[4] = dataclasses.replace(jobs[4], after=("02_vocabulary.ipynb", "03_framing.ipynb", "04_clustering.ipynb"))
        results = run_chapters(jobs, 2, True)
        events = [re.match(r"chapter (\w+): (started|done)", line).groups() for line in capsys.readouterr().err.splitlines()]
        assert [stem for stem, kind in events if kind == "started"] == [
            "04_clustering", "02_vocabulary", "03_framing", "01_corpus", "05_synthesis"]
        assert list(results) == [f"{stem}.ipynb" for stem in stems]


class TestIdleWork:
    def test_it_starts_once_every_chapter_has_started_and_a_worker_is_free(self, tmp_path, fake, capsys):
        import dataclasses
        import sys

        from corpus_utils.run.execute import IdleWork, run_chapters

        fake()
        stems = ["01_corpus", "02_vocabulary", "03_framing", "04_clustering", "05_synthesis"]
        jobs = _jobs(tmp_path, *stems)
        jobs[4] = dataclasses.replace(jobs[4], after=("02_vocabulary.ipynb", "03_framing.ipynb", "04_clustering.ipynb"))
        idle = IdleWork(lambda: print("idle work", file=sys.stderr) or 42)
        run_chapters(jobs, 2, True, idle=idle)
        assert idle.started and idle.result() == 42
        lines = capsys.readouterr().err.splitlines()
        at = lines.index("idle work")
        assert "chapter 05_synthesis: started" in lines[:at]  # no chapter was left to start
        assert sum(line.endswith("started") for line in lines) - sum(" done in " in line for line in lines[:at]) < 2

    def test_it_starts_also_when_the_last_chapters_end_together(self, tmp_path, fake, monkeypatch):
        # every wait returns only once all running chapters are done: the last two end in the same wait, and no
        # moment comes with every chapter started and a worker free while one still runs
        from concurrent.futures import ALL_COMPLETED
        from concurrent.futures import wait as wait_for

        from corpus_utils.run import execute

        monkeypatch.setattr(execute, "wait", lambda running, timeout=None, return_when=None: wait_for(
            running, return_when=ALL_COMPLETED))
        fake()
        idle = execute.IdleWork(lambda: 42)
        execute.run_chapters(_jobs(tmp_path, "01_corpus", "02_vocabulary"), 2, False, idle=idle)
        assert idle.started and idle.result() == 42

    def test_one_chapter_at_a_time_leaves_it_to_be_computed_after(self, tmp_path, fake):
        from corpus_utils.run.execute import IdleWork, run_chapters

        fake()
        idle = IdleWork(lambda: "page")
        run_chapters(_jobs(tmp_path, "01_corpus", "02_vocabulary"), 1, False, idle=idle)
        assert not idle.started
        assert idle.result() == "page" and idle.started

    def test_computed_here_once_and_asked_for_again(self):
        from corpus_utils.run.execute import IdleWork

        calls = []
        work = IdleWork(lambda: calls.append(1) or len(calls))
        assert (work.result(), work.result(), calls) == (1, 1, [1])
        work.start()  # done already: no thread computes it again
        assert work.result() == 1 and calls == [1]

    def test_what_it_raised_is_raised_by_result(self):
        from corpus_utils.run.execute import IdleWork

        work = IdleWork(lambda: 1 / 0)
        work.start()
        work.start()  # once only
        with pytest.raises(ZeroDivisionError):
            work.result()


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
    assert (process.returncode, (sandbox / "err.txt").read_text(encoding="utf-8").strip()) == (
        128 + getattr(signal, signum), "interrupted; r was not changed (the unfinished report is kept at .r.partial)")
    assert survivors == []
    assert sorted(p.name for p in sandbox.iterdir() if p.name.startswith(".r.")) == [".r.partial"]


@pytest.mark.essay
@pytest.mark.parametrize("signum", ["SIGINT", "SIGTERM", "SIGKILL"])
def test_a_signal_while_the_workers_read_the_corpus_leaves_nothing(sandbox, signum):
    """The corpus is cleaned and tokenized by a worker process per core: Ctrl-C (to the whole process group, as a
    terminal sends it) or SIGTERM then stops the run with its one line, SIGKILL takes the workers with it, and
    nothing is written either way."""
    import csv
    import os
    import signal
    import subprocess
    import sys
    import time

    import psutil

    sentences = ["Local police need the trust of every resident to solve crimes.",
                 "Sanctuary policies release offenders that federal agents asked to hold."]
    with open(sandbox / "posts.csv", "w", newline="", encoding="utf-8") as fh:  # 12 MB: several partitions per worker
        writer = csv.writer(fh)
        writer.writerow(["doc_id", "stance", "text"])
        writer.writerows((f"p{i}", ("anti", "pro")[i % 2], f"{sentences[i % 2]} Post {i}. {sentences[(i // 2) % 2]}")
                         for i in range(80_000))
    # as a terminal starts it: Ctrl-C acts (a shell that ran these tests in the background may have left it ignored,
    # which a new program inherits), then the command, in a process group of its own
    command = ["run", "posts.csv", "--out", "r", "--no-progress"]
    start = ("import os, signal, sys\nsignal.signal(signal.SIGINT, signal.SIG_DFL)\n"
             f"os.execv(sys.executable, [sys.executable, '-m', 'corpus_utils', *{command!r}])")
    with open(sandbox / "err.txt", "w", encoding="utf-8") as err:
        process = subprocess.Popen([sys.executable, "-c", start], cwd=sandbox, stdout=subprocess.DEVNULL, stderr=err,
                                   start_new_session=True)
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + 120  # a wait with a limit, not a measure of time
    while len(workers := parent.children()) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) >= 2 and not any("ipykernel" in " ".join(_cmdline(w)) for w in workers)
    if signum == "SIGINT":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(getattr(signal, signum))
    try:
        process.wait(timeout=120)
    finally:
        survivors = _survivors(workers)
    lines = (sandbox / "err.txt").read_text(encoding="utf-8").splitlines()
    assert (process.returncode, lines) == ({"SIGINT": 130, "SIGTERM": 143, "SIGKILL": -9}[signum],
                                           {"SIGINT": ["interrupted"], "SIGTERM": ["stopped by signal 15"], "SIGKILL": []}[signum])
    assert survivors == []
    assert [p.name for p in sandbox.iterdir() if p.name == "r" or p.name.startswith(".r.")] == []  # nothing written


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
        "reading, cleaning and tokenizing texts ...",
        f"4 documents in 2 groups; running 2 chapters, {jobs} at a time (each starts a Python kernel of its own and "
        "reads back the corpus read here) ...",
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


# ---------------------------------------------------------------------------------------------
# The stage of a long chapter: what its stage file holds, said once the chapter has run `stage_after`
# seconds (ten by default), the stage has held at two readings, and it is a step of the analysis.

class TestStageLines:
    @pytest.fixture
    def chapter(self, tmp_path, clock):
        """Chapter 04_clustering started at t = 100 on the stand-in clock; ``at(s, stage)`` writes ``stage`` to its
        file (unless None) and reads the stages at t = 100 + s; ``said()`` is every line after ``started``."""
        import io
        from types import SimpleNamespace

        from corpus_utils.run.execute import ChapterLines, stage_file

        job = _jobs(tmp_path, "04_clustering")[0]
        lines = ChapterLines(5, True, stream=io.StringIO())
        lines.started(job)

        def at(seconds, stage=None):
            if stage is not None:
                stage_file(job).write_text(stage, encoding="utf-8")
            lines.stages(now=100 + seconds)

        return SimpleNamespace(job=job, lines=lines, at=at, said=lambda: lines.stream.getvalue().splitlines()[1:])

    def test_past_ten_seconds_a_stage_that_held_at_two_readings_is_said_once(self, chapter):
        chapter.at(9, "clustering\n")
        chapter.at(9.9)
        assert chapter.said() == []  # under ten seconds
        chapter.at(11)
        chapter.at(12)
        assert chapter.said() == ["chapter 04_clustering: clustering (11 s)"]

    def test_each_change_is_said_once_it_has_held_at_two_readings(self, chapter):
        for second, stage in [(11, "loading"), (13, "counting"), (15, "resampling"), (17, "other steps"),
                              (19, "writing the page")]:
            chapter.at(second, stage + "\n")
            chapter.at(second + 1)
        assert chapter.said() == [f"chapter 04_clustering: {line}" for line in [
            "loading (12 s)", "counting (14 s)", "resampling (16 s)", "other steps (18 s)", "writing the page (20 s)"]]

    def test_a_stage_seen_at_one_reading_only_gets_no_line(self, chapter):
        chapter.at(11, "counting\n")
        chapter.at(12)
        chapter.at(13, "resampling\n")
        chapter.at(14, "counting\n")
        chapter.at(15)
        assert chapter.said() == ["chapter 04_clustering: counting (12 s)"]

    def test_the_fixed_costs_of_a_chapter_get_no_line_until_its_analysis_does(self, chapter):
        for second, stage in [(11, "starting"), (13, "other steps"), (15, "writing the page")]:
            chapter.at(second, stage + "\n")
            chapter.at(second + 1)
        assert chapter.said() == []
        chapter.at(17, "mapping\n")
        chapter.at(18)
        assert chapter.said() == ["chapter 04_clustering: mapping (18 s)"]

    @pytest.mark.parametrize("content", [None, "", "clust", "\n"])
    def test_a_missing_empty_or_half_written_file_gets_no_line(self, chapter, content):
        chapter.at(11, content)
        chapter.at(12)
        assert chapter.said() == []

    def test_a_chapter_that_has_ended_is_read_no_more(self, chapter):
        chapter.lines.done(chapter.job, now=120)
        chapter.at(21, "clustering\n")
        chapter.at(22)
        assert chapter.said() == ["chapter 04_clustering: done in 20 s (1 of 5)"]

    def test_without_progress_no_stage_is_read(self, tmp_path, monkeypatch):
        from corpus_utils.run import execute

        def refuse(path):
            raise AssertionError(f"{path} was read")

        monkeypatch.setattr(execute, "_read_stage", refuse)
        lines = execute.ChapterLines(5, False, stage_after=0)
        lines.started(_jobs(tmp_path, "04_clustering")[0])
        lines.stages()


def _counting_reads(monkeypatch) -> list:
    """Every stage file run.execute reads from now on, in order (read every 10 ms)."""
    from corpus_utils.run import execute

    reads, read = [], execute._read_stage
    monkeypatch.setattr(execute, "_read_stage", lambda path: reads.append(path) or read(path))
    monkeypatch.setattr(execute, "STAGE_POLL", 0.01)
    return reads


def _until(condition, timeout: float = 60) -> None:
    """Wait until ``condition()`` holds (a stand-in chapter waiting to be read), at most ``timeout`` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_one_at_a_time_a_long_chapter_says_its_stage_and_a_quick_one_does_not(tmp_path, fake, clock, capsys,
                                                                                 monkeypatch):
    """The chapter runs in this process; a thread reads its stage. Both write one; only the long one is said."""
    from corpus_utils.run.execute import run_chapters, stage_file

    reads = _counting_reads(monkeypatch)

    def clustering(job):
        stage_file(job).write_text("clustering\n", encoding="utf-8")
        clock.run(job)
        already = len(reads)
        _until(lambda: len(reads) >= already + 3)  # read at two readings at least, after the clock moved
        stage_file(job).unlink()

    clock.seconds = {"01_corpus": 9.0, "04_clustering": 25.0}
    fake(before=clustering)
    run_chapters(_jobs(tmp_path, "01_corpus", "04_clustering"), 1, True)
    assert capsys.readouterr().err.splitlines() == [
        "chapter 01_corpus: started",
        "chapter 01_corpus: done in 9.0 s (1 of 2)",
        "chapter 04_clustering: started",
        "chapter 04_clustering: clustering (25 s)",
        "chapter 04_clustering: done in 25 s (2 of 2)",
    ]


def test_side_by_side_each_long_chapter_says_its_stage_between_its_start_and_end(tmp_path, fake, monkeypatch):
    """Two workers: each stand-in chapter holds its stage until the line naming it is on the error stream."""
    import re
    import sys

    from corpus_utils.run.execute import run_chapters, stage_file

    err = tmp_path / "err.txt"
    monkeypatch.setattr(sys, "stderr", open(err, "w", encoding="utf-8"))

    def clustering(job):
        stage_file(job).write_text("clustering\n", encoding="utf-8")
        _until(lambda: f"chapter {job.chapter.stem}: clustering (" in err.read_text(encoding="utf-8"))
        stage_file(job).unlink()

    fake(before=clustering)
    try:
        run_chapters(_jobs(tmp_path, "03_framing", "04_clustering"), 2, True, stage_after=0)
    finally:
        sys.stderr.close()
    lines = err.read_text(encoding="utf-8").splitlines()
    for stem in ("03_framing", "04_clustering"):
        mine = [line for line in lines if line.startswith(f"chapter {stem}: ")]
        assert len(mine) == 3, lines
        assert mine[0] == f"chapter {stem}: started"
        assert re.fullmatch(rf"chapter {stem}: clustering \(\d\.\d s\)", mine[1]), lines
        assert re.fullmatch(rf"chapter {stem}: done in \d\.\d s \([12] of 2\)", mine[2]), lines


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_no_progress_reads_no_stage_and_says_none(tmp_path, fake, capsys, monkeypatch, n_jobs):
    import time

    from corpus_utils.run.execute import run_chapters, stage_file

    reads = _counting_reads(monkeypatch)

    def clustering(job):
        stage_file(job).write_text("clustering\n", encoding="utf-8")
        time.sleep(0.3)  # thirty readings, were any reader running
        stage_file(job).unlink()

    fake(before=clustering)
    run_chapters(_jobs(tmp_path, "03_framing", "04_clustering"), n_jobs, False, stage_after=0)
    assert capsys.readouterr().err == ""
    assert reads == []


@pytest.mark.essay
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_a_real_kernel_says_its_stage_through_the_file_run_names(tmp_path, monkeypatch, n_jobs):
    """The notebook's ``report.stage`` reaches the command: each chapter holds its stage until the command
    has said it; afterwards no stage file is left and this process's environment is as it was."""
    import os
    import re
    import sys

    from corpus_utils.report import STAGE_VARIABLE
    from corpus_utils.run.execute import ChapterJob, run_chapters

    err = tmp_path / "err.txt"
    body = ("import os, pathlib, time\nimport corpus_utils as cu\n"
            "name = pathlib.Path(os.environ['CORPUS_ESSAY_STAGE_FILE']).name[1:-len('.stage')]\n"
            "with cu.report.stage('clustering'):\n"
            "    deadline = time.monotonic() + 120\n"
            f"    while f'chapter {{name}}: clustering (' not in pathlib.Path({str(err)!r}).read_text() "
            "and time.monotonic() < deadline:\n"
            "        time.sleep(0.05)\n")
    chapters = _stand_in_chapters(tmp_path / "chapters", body)
    out = tmp_path / "r"
    out.mkdir()
    stems = ("01_first", "02_second")
    jobs = [ChapterJob(chapters / f"{stem}.ipynb", out / f"{stem}.ipynb", {}, out) for stem in stems]
    monkeypatch.delenv(STAGE_VARIABLE, raising=False)
    monkeypatch.setattr(sys, "stderr", open(err, "w", encoding="utf-8"))
    try:
        run_chapters(jobs, n_jobs, True, stage_after=0)
    finally:
        sys.stderr.close()
    lines = err.read_text(encoding="utf-8").splitlines()
    for stem in stems:
        mine = [line for line in lines if line.startswith(f"chapter {stem}: ")]
        assert mine[0] == f"chapter {stem}: started" and mine[-1].startswith(f"chapter {stem}: done in "), lines
        assert re.fullmatch(rf"chapter {stem}: clustering \([\d.]+ s\)", mine[1]), lines
        for line in mine[2:-1]:  # once said, the stages after it are said too
            assert re.fullmatch(rf"chapter {stem}: (other steps|writing the page) \([\d.]+ s\)", line), lines
    assert sorted(p.name for p in out.iterdir()) == ["01_first.html", "01_first.ipynb", "02_second.html",
                                                     "02_second.ipynb"]
    assert STAGE_VARIABLE not in os.environ


@pytest.mark.parametrize("fails", [False, True])
def test_a_job_names_its_stage_file_by_absolute_path_and_removes_it_after(tmp_path, monkeypatch, fails):
    """The kernel works in the report's folder, so a relative path would name another file; the stage is
    ``starting`` while the notebook runs (until it says its own) and ``writing the page`` after."""
    import os

    import nbformat

    from corpus_utils.report import STAGE_VARIABLE
    from corpus_utils.run import ChapterError, execute

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(STAGE_VARIABLE, raising=False)
    (tmp_path / "r").mkdir()
    seen = []

    def kernel(input_path, output_path, parameters, cwd, progress):
        seen.append((os.environ[STAGE_VARIABLE], Path(os.environ[STAGE_VARIABLE]).read_text(encoding="utf-8")))
        if fails:
            raise RuntimeError("a cell failed")
        return nbformat.v4.new_notebook()

    def page(nb, stem, shown, nav):
        seen.append((os.environ[STAGE_VARIABLE], Path(os.environ[STAGE_VARIABLE]).read_text(encoding="utf-8")))
        return "title", "<html></html>"

    monkeypatch.setattr(execute, "execute_notebook", kernel)
    monkeypatch.setattr(execute.pages, "render_html", page)
    job = execute.ChapterJob(Path("04_clustering.ipynb"), Path("r/04_clustering.ipynb"), {}, Path("r"))
    if fails:
        with pytest.raises(ChapterError):
            execute.run_job(job, False)
    else:
        execute.run_job(job, False)
    path = str(tmp_path / "r" / ".04_clustering.stage")
    assert seen == [(path, "starting\n")] + ([] if fails else [(path, "writing the page\n")])
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ([] if fails else ["04_clustering.html"])
    assert STAGE_VARIABLE not in os.environ
