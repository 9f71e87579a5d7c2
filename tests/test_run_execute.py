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
