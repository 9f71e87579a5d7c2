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

