"""Execute: run chapter notebooks with papermill, one chapter per job, one or several at a time.

A job executes one chapter in the folder the report is written in, then renders its page
(:mod:`.pages`); :func:`run_chapters` runs the jobs in order or in worker processes, and
writes a line on the error stream as each chapter starts and ends, and, once a chapter has run
for :data:`STAGE_AFTER` seconds, as its stage changes (:class:`ChapterLines`). The
functions and classes a worker receives (:class:`ChapterJob`, :class:`ChapterError`) are
top-level names, so that they survive the trip to and from the worker. This module
writes files only (the executed notebook, its page, and while it runs the hidden file that
holds its stage, :func:`stage_file`); it creates no folder.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..engine import STOP_SIGNALS, follow_parent, signals_deferred
from ..errors import ParameterError
from ..report import OTHER_STEPS, STAGE_VARIABLE, announce_stage, plain_text
from . import pages
from .twins import write_twin

__all__ = [
    "ChapterError",
    "ChapterLines",
    "ChapterJob",
    "KERNEL_ARGUMENTS",
    "RunInterrupted",
    "STAGE_AFTER",
    "STAGE_POLL",
    "STOP_SIGNALS",
    "Stopped",
    "chapter_parameters",
    "default_notebooks_dir",
    "execute_notebook",
    "find_chapters",
    "refresh_notebook",
    "run_chapters",
    "run_job",
    "run_job_in_worker",
    "say",
    "seconds_text",
    "stage_file",
    "stop_on_signals",
    "strip_volatile",
]

#: Passed to every kernel: its own start-up and shutdown notices are not the reader's business.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=CRITICAL",)


def _quiet_kernel_manager():
    """A kernel manager whose kernels do not share this process's terminal.

    What a cell prints reaches the notebook through the kernel's messages; what the kernel
    process itself writes to its standard output and error (its log, a traceback from a race at
    shutdown, a C library's warning) would otherwise land on the student's terminal, in the
    middle of the run's own lines. It is discarded instead: a failing cell or a dead kernel is
    still reported, by the chapter's error.
    """
    import subprocess

    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def _async_start_kernel(self, **kw):
            kw.setdefault("stdout", subprocess.DEVNULL)
            kw.setdefault("stderr", subprocess.DEVNULL)
            await super()._async_start_kernel(**kw)

        start_kernel = _async_start_kernel

    return QuietKernelManager

#: Seconds a chapter runs before its stage changes are shown (:class:`ChapterLines`).
STAGE_AFTER = 10.0

#: Seconds between two readings of the running chapters' stage files.
STAGE_POLL = 1.0

#: The stage of a chapter from its start until its notebook enters one (its kernel starting, its imports).
STARTING = "starting"

#: The stage of a chapter once its notebook has run: its page is written (:func:`~.pages.render_html`).
WRITING_PAGE = "writing the page"

#: What every chapter spends time on besides its analysis: a chapter in one of these stages when it
#: passes :data:`STAGE_AFTER` gets no line yet; its first line comes when it enters a step of its analysis.
FIXED_STAGES = (STARTING, OTHER_STEPS, WRITING_PAGE)

#: Limits on the numerical libraries' threads, so that chapters running side by side share the cores.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class ChapterError(RuntimeError):
    """Raised when a chapter notebook fails while executing (not because of the corpus)."""

    def __init__(self, chapter: str, cell: int | None, summary: str, kept: Path | None):
        self.chapter, self.cell, self.summary, self.kept = chapter, cell, summary, kept
        where = f"chapter {chapter}" + (f", cell In [{cell}]" if cell is not None else "")
        text = f"{where} failed: {summary}"
        if kept is not None:
            text += f" (the partly executed notebook is kept at {kept})"
        super().__init__(text)

    def __reduce__(self):  # raised in a worker process, re-raised in the parent
        return (type(self), (self.chapter, self.cell, self.summary, self.kept))


class Stopped(KeyboardInterrupt):
    """Raised in the main thread on SIGTERM or SIGHUP (see :func:`stop_on_signals`): handled like Ctrl-C."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"stopped by signal {signum}")


def _raise_stopped(signum, frame):
    raise Stopped(signum)


@contextmanager
def stop_on_signals():
    """While inside, SIGTERM and SIGHUP raise :class:`Stopped` (a KeyboardInterrupt) in the main thread."""
    previous = {signum: signal.signal(signum, _raise_stopped) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class RunInterrupted(KeyboardInterrupt):
    """Raised when a run is interrupted (Ctrl-C, SIGTERM, SIGHUP); the report that was at ``--out`` is unchanged."""

    def __init__(self, out: Path, kept: Path | None, signum: int = signal.SIGINT):
        self.out, self.kept, self.signum = out, kept, signum
        text = f"interrupted; {out} was not changed"
        if kept is not None:
            text += f" (the unfinished report is kept at {kept})"
        super().__init__(text)

    def __reduce__(self):
        return (type(self), (self.out, self.kept, self.signum))


def default_notebooks_dir() -> Path:
    """The ``notebooks/`` folder of the project this package was installed from."""
    return Path(__file__).resolve().parents[3] / "notebooks"


def find_chapters(notebooks_dir: str | Path | None = None) -> list[Path]:
    """Return the chapter notebooks (``NN_*.ipynb``) in order."""
    folder = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    chapters = sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb") if p.is_file())
    if not chapters:
        raise ParameterError(
            "no chapter notebooks (NN_name.ipynb) found",
            folder,
            "Run from a checkout of the project, or pass --notebooks with the folder of chapters",
        )
    return chapters


def chapter_parameters(path: str | Path) -> dict:
    """Return ``{name: default}`` of a notebook's ``parameters`` cell."""
    import papermill

    inferred = papermill.inspect_notebook(str(path))
    return {name: spec["default"] for name, spec in inferred.items()}


def strip_volatile(nb) -> None:
    """Remove what changes from run to run: papermill's paths and times, execution timings."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)


class _InterruptedCell(logging.Filter):
    """Drops asyncio's report of a cell's task that ended in KeyboardInterrupt after nobody waited for it any more.

    On Ctrl-C or SIGTERM papermill stops waiting for the running cell, and the kernel is interrupted
    as it is shut down: the cell then ends in KeyboardInterrupt, and asyncio reports its task, never
    awaited, on the error stream ("Task exception was never retrieved" and the cell's traceback), in
    the middle of the run's one line about the interruption. Any other error still shows.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return getattr(error, "ename", None) != "KeyboardInterrupt"


def _drop_interrupted_cells() -> None:
    """Add :class:`_InterruptedCell` to asyncio's logger, once per process (a chapter's worker, or this process)."""
    logger = logging.getLogger("asyncio")
    if not any(isinstance(f, _InterruptedCell) for f in logger.filters):
        logger.addFilter(_InterruptedCell())


def execute_notebook(input_path: Path, output_path: Path, parameters: dict, cwd: Path, progress: bool):
    """Run a notebook with papermill, strip its volatile metadata, write it, and return it.

    Parameters
    ----------
    input_path : Path
        The chapter notebook.
    output_path : Path
        Where the executed notebook is written (also while it runs, cell by cell).
    parameters : dict
        The values papermill injects after the ``parameters`` cell (none if empty).
    cwd : Path
        The working folder of the kernel.
    progress : bool
        Show papermill's progress bar over cells.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook, without volatile metadata (see :func:`strip_volatile`).

    Raises
    ------
    papermill.PapermillExecutionError
        If a cell fails; the notebook at ``output_path`` holds the cells run so far.

    Notes
    -----
    A cell interrupted by Ctrl-C or SIGTERM is not reported a second time by asyncio on the error
    stream, now or later in this process (:class:`_InterruptedCell`).
    """
    import nbformat
    import papermill

    _drop_interrupted_cells()
    papermill.execute_notebook(
        str(input_path),
        str(output_path),
        parameters=parameters or None,
        cwd=str(cwd),
        kernel_name="python3",
        progress_bar=progress,
        log_output=False,
        report_mode=False,
        request_save_on_cell_execute=False,
        extra_arguments=list(KERNEL_ARGUMENTS),
        kernel_manager_class=_quiet_kernel_manager(),
    )
    nb = nbformat.read(str(output_path), as_version=4)
    strip_volatile(nb)
    nbformat.write(nb, str(output_path))
    return nb


def _failure_summary(exc: Exception) -> tuple[int | None, str]:
    """The failing cell's execution count (its ``In [n]``) and the error's last line."""
    summary = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', str(exc))}".strip()
    return getattr(exc, "exec_count", None), summary.splitlines()[-1] if summary else "unknown error"


def refresh_notebook(path: str | Path) -> Path:
    """Re-execute a committed notebook in place with its default parameters, and write its twin.

    The notebook runs with its own folder as the working directory (so relative paths in
    its ``parameters`` cell resolve as they do in JupyterLab), and volatile metadata is
    stripped so that the stored outputs are reproducible. Its text twin (``NN_name.py``,
    see :func:`~corpus_utils.run.twins.write_twin`) is then written from the executed notebook.

    Returns
    -------
    pathlib.Path
        The text twin written beside the notebook.

    Raises
    ------
    ChapterError
        If a cell fails; the notebook and its twin on disk are left unchanged.
    """
    path = Path(path)
    handle, name = tempfile.mkstemp(suffix=".ipynb")  # a file, not a folder, for the executed copy
    os.close(handle)
    out = Path(name)
    try:
        try:
            nb = execute_notebook(path, out, {}, path.parent, progress=sys.stderr.isatty())
        except Exception as exc:  # papermill raises PapermillExecutionError
            cell, summary = _failure_summary(exc)
            raise ChapterError(path.stem, cell, summary, None) from None
        shutil.copyfile(out, path)
    finally:
        out.unlink(missing_ok=True)
    return write_twin(path, nb)


@dataclass
class ChapterJob:
    """One chapter to execute: the notebook, where its executed copy goes, its parameters, where it runs."""

    chapter: Path
    output: Path
    parameters: dict
    cwd: Path
    #: The parameters as the user gave them (paths relative to where the command ran), shown in the report.
    shown: dict | None = field(default=None)
    #: Links to the previous and next chapters of the report (one entry of :func:`~.pages.navigation`).
    nav: dict | None = field(default=None)
    #: The chapters (notebook names) that must be done before this one starts: those whose saved tables it reads
    #: (the notebook's metadata ``corpus_essay.after``).
    after: tuple = field(default=())
    #: Whether the chapter starts before the others (the notebook's metadata ``corpus_essay.start_first``): the
    #: one that takes longest on a large corpus (clustering), so that the synthesis does not wait for it at the end.
    start_first: bool = field(default=False)


def stage_file(job: ChapterJob) -> Path:
    """The hidden file, beside the executed notebook, that holds the chapter's stage while it runs.

    Examples
    --------
    >>> stage_file(ChapterJob(Path("02_vocabulary.ipynb"), Path("r/02_vocabulary.ipynb"), {}, Path("r"))).as_posix()
    'r/.02_vocabulary.stage'
    """
    return job.output.with_name(f".{job.output.stem}.stage")


@contextmanager
def _saying_stages(path: Path):
    """While inside, this process and the kernels it starts write their stage to ``path``; it is removed after.

    The variable :data:`~corpus_utils.report.STAGE_VARIABLE` names the file by its absolute path (a
    kernel inherits the environment of the process that starts it, but works in the chapter's folder);
    after, the variable is as it was and the file is gone.
    """
    before = os.environ.get(STAGE_VARIABLE)
    os.environ[STAGE_VARIABLE] = os.path.abspath(path)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(STAGE_VARIABLE, None)
        else:
            os.environ[STAGE_VARIABLE] = before
        path.unlink(missing_ok=True)


def run_job(job: ChapterJob, progress: bool, threads: int | None = None) -> dict:
    """Execute one chapter and write its HTML page beside it; return what the front page shows of it.

    Parameters
    ----------
    job : ChapterJob
        The chapter, its parameters, and where it runs and is written.
    progress : bool
        Show papermill's progress bar over cells.
    threads : int, optional
        The threads each numerical library may use (for chapters running side by side).

    Returns
    -------
    dict
        ``{"title": ..., "summary": ..., "abstract": ..., "question": ..., "front_figure": ...}``:
        the chapter's title, the Markdown its cells tagged :data:`~.pages.SUMMARY_TAG`,
        :data:`~.pages.ABSTRACT_TAG` and :data:`~.front.QUESTION_TAG` displayed, and the figure
        of its cell tagged :data:`~.front.FIGURE_TAG` (:func:`~.front.front_figure`); None when it
        has no such cell.

    Raises
    ------
    ChapterError
        If a cell fails; the executed notebook is kept at ``job.output``.

    Notes
    -----
    While the chapter runs, its stage is in :func:`stage_file` (``starting``, then what its
    notebook says through :func:`corpus_utils.report.stage`, then ``writing the page``), where
    :func:`run_chapters` reads it; the file is removed before this function returns or raises.
    """
    if threads is not None:  # chapters running side by side share the cores instead of fighting for them
        for name in _THREAD_VARIABLES:
            os.environ[name] = str(threads)
    with _saying_stages(stage_file(job)):
        announce_stage(STARTING)
        try:
            nb = execute_notebook(job.chapter, job.output, job.parameters, job.cwd, progress)
        except Exception as exc:
            cell, summary = _failure_summary(exc)
            raise ChapterError(job.chapter.stem, cell, summary, job.output) from None
        announce_stage(WRITING_PAGE)
        title, html = pages.render_html(nb, job.chapter.stem, job.shown, job.nav)
        job.output.with_suffix(".html").write_text(html, encoding="utf-8")
    from . import front  # the front page's question and figure, from the chapter that writes them

    return {"title": title, "summary": pages.tagged_markdown(nb, pages.SUMMARY_TAG),
            "abstract": pages.tagged_markdown(nb, pages.ABSTRACT_TAG),
            "question": pages.tagged_markdown(nb, front.QUESTION_TAG), "front_figure": front.front_figure(nb)}


#: Set in a worker process once Ctrl-C has reached it: it then starts no further chapter.
_INTERRUPTED = False


def run_job_in_worker(job: ChapterJob, threads: int) -> dict:
    """:func:`run_job` in a worker process: Ctrl-C stops the running chapter and every later one.

    Parameters
    ----------
    job : ChapterJob
        The chapter to execute.
    threads : int
        The threads each numerical library may use.

    Returns
    -------
    dict
        What :func:`run_job` returns.

    Raises
    ------
    KeyboardInterrupt
        On Ctrl-C, and for every job this worker is given after it.
    """
    global _INTERRUPTED
    if _INTERRUPTED:
        raise KeyboardInterrupt
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return run_job(job, False, threads)
    except KeyboardInterrupt:
        _INTERRUPTED = True
        raise
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


class IdleWork:
    """Work that needs no chapter, for a core the chapters leave free: :func:`run_chapters` starts it.

    :meth:`start` runs ``func`` in a thread of this process (once); :meth:`result` waits for it and
    returns what it returned (or raises what it raised), or calls ``func`` here if it never started.
    The thread is a daemon, so an interrupted run does not wait for it.

    Examples
    --------
    >>> work = IdleWork(lambda: 6 * 7)
    >>> work.started, work.result(), work.started
    (False, 42, True)
    """

    def __init__(self, func: Callable[[], object]):
        self.func = func
        self._thread: threading.Thread | None = None
        self._outcome: list = []  # (value, error) once the work is done

    @property
    def started(self) -> bool:
        """Whether the work has started, in its thread or here."""
        return self._thread is not None or bool(self._outcome)

    def _work(self) -> None:
        try:
            self._outcome.append((self.func(), None))
        except BaseException as exc:  # given to whoever asks for the result
            self._outcome.append((None, exc))

    def start(self) -> None:
        """Run the work in a thread, unless it was started already."""
        if not self.started:
            self._thread = threading.Thread(target=self._work, name="idle work", daemon=True)
            self._thread.start()

    def result(self):
        """The work's result: waited for if it runs in its thread, computed here if it never started."""
        if self._thread is not None:
            self._thread.join()
        elif not self._outcome:
            self._work()
        value, error = self._outcome[0]
        if error is not None:
            raise error
        return value


def run_chapters(jobs: list[ChapterJob], n_jobs: int, progress: bool,
                 stage_after: float = STAGE_AFTER, idle: IdleWork | None = None) -> dict[str, dict]:
    """Execute the chapters, ``n_jobs`` at a time, saying on the error stream as each starts and ends.

    A chapter starts when a worker is free and the chapters it reads (its ``after``) are done. The
    chapters marked ``start_first`` start first, then those another one reads, then the others, each in
    their order: the clustering chapter, the longest on a large corpus, starts at once, the synthesis
    waits only for chapters 02 to 04, and chapter 01, which no chapter reads, runs beside them or beside
    it, not before them.

    This process hands each chapter to a worker when one is free (so it knows when each
    starts) and writes every line itself (so lines from chapters running side by side never
    mix): ``chapter 02_vocabulary: started``, then ``chapter 02_vocabulary: done in 14 s (2 of
    5)``, or ``failed after 3.2 s``. A chapter still running after ``stage_after`` seconds
    also gets a line as it enters each stage, ``chapter 04_clustering: clustering (12 s)``
    (:meth:`ChapterLines.stages`, every :data:`STAGE_POLL` seconds). The lines are written
    whether or not the error stream is a terminal (a pipe, a log file, a notebook), and only
    the chapter lines carry times.

    Parameters
    ----------
    jobs : list of ChapterJob
        The chapters, in order.
    n_jobs : int
        Chapters executed at once; with 1, they run one after the other in this process.
    progress : bool
        Write the lines; False writes nothing (and reads no stage).
    stage_after : float, default :data:`STAGE_AFTER`
        Seconds a chapter runs before its stages are shown.
    idle : IdleWork, optional
        Work started (in a thread of this process) once every chapter has started and a worker is
        free, so that it takes the core the last chapters leave idle; with one chapter at a time it is
        not started (its :meth:`IdleWork.result` computes it after).

    Returns
    -------
    dict
        ``{notebook name: what run_job returned}``, in the order of ``jobs``.

    Raises
    ------
    ChapterError
        When a chapter fails; no further chapter starts, and the running ones are waited for.
    """
    results: dict[str, dict] = {}
    lines = ChapterLines(len(jobs), progress, stage_after=stage_after)
    if n_jobs == 1:  # the chapter runs in this thread: another one reads the stages meanwhile
        with _reading_stages(lines):
            for job in jobs:
                lines.started(job)
                try:
                    results[job.chapter.name] = run_job(job, progress=False)
                except ChapterError:
                    lines.failed(job)
                    raise
                lines.done(job)
        return results
    threads = max(1, (os.cpu_count() or 1) // n_jobs)
    # a worker dies with this process (follow_parent), and its kernel with it: a kernel exits when the process that
    # started it is gone (JPY_PARENT_PID)
    pool = ProcessPoolExecutor(max_workers=n_jobs, initializer=follow_parent, initargs=(os.getpid(),))
    read = {name for job in jobs for name in job.after}
    waiting = sorted(jobs, key=lambda job: (not job.start_first, job.chapter.name not in read))  # stable sort
    running = {}
    names = {job.chapter.name for job in jobs}
    try:
        while waiting or running:
            while waiting and len(running) < n_jobs:  # a worker is free: the next chapter that may start, starts now
                job = next((j for j in waiting if all(a in results or a not in names for a in j.after)), None)
                if job is None:  # every waiting chapter reads a running one's results: wait for it
                    break
                waiting.remove(job)
                lines.started(job)
                with signals_deferred():  # a Ctrl-C as the workers start is acted on once they have
                    running[pool.submit(run_job_in_worker, job, threads)] = job
            if idle is not None and not waiting and len(running) < n_jobs:  # no worker is forked after this
                idle.start()
            finished, _ = wait(running, timeout=STAGE_POLL if progress else None, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: jobs.index(running[f])):
                job = running.pop(future)
                try:
                    results[job.chapter.name] = future.result()
                except ChapterError:
                    lines.failed(job, still_running=[j.chapter.stem for j in running.values()])
                    raise
                lines.done(job)
            lines.stages()
        if idle is not None:  # the last chapters ended together, in one wait: every worker is free now
            idle.start()
    except Stopped:  # SIGTERM or SIGHUP reached this process only: stop the workers' chapters as Ctrl-C would
        for worker in multiprocessing.active_children():
            try:
                os.kill(worker.pid, signal.SIGINT)
            except ProcessLookupError:
                pass
        raise
    finally:  # after a failure start no other chapter, and wait until the running ones stop writing
        pool.shutdown(wait=True, cancel_futures=True)
    return {job.chapter.name: results[job.chapter.name] for job in jobs}


@contextmanager
def _reading_stages(lines: "ChapterLines"):
    """While inside, a thread calls ``lines.stages()`` every :data:`STAGE_POLL` seconds (none when the lines are off).

    The thread stops, and is waited for, on the way out, whatever ends the block; it stops of
    its own accord if the error stream can no longer be written.
    """
    if not lines.enabled:
        yield
        return
    stop, every = threading.Event(), STAGE_POLL

    def read() -> None:
        while not stop.wait(every):
            try:
                lines.stages()
            except (OSError, ValueError):  # the error stream is closed or broken: the main thread will hear of it
                return

    reader = threading.Thread(target=read, name="chapter stages", daemon=True)
    reader.start()
    try:
        yield
    finally:
        stop.set()
        reader.join()


def _read_stage(path: Path) -> str | None:
    """The stage a chapter's :func:`stage_file` holds; None when there is none, or it is being written."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(200).decode("utf-8", errors="replace")
    except OSError:
        return None
    if "\n" not in text:  # missing, emptied and not yet written, or cut short
        return None
    line = plain_text(text.split("\n", 1)[0]).strip()
    return line or None


def say(line: str, enabled: bool = True, stream=None) -> None:
    """Write one line to the error stream (or ``stream``) at once, and flush it; nothing when ``enabled`` is False.

    One write of the whole line, flushed at once, so that the line is never split or held back
    in a buffer (a pipe is not line-buffered), and a worker process forked later inherits no
    unwritten text.
    """
    if enabled:
        stream = sys.stderr if stream is None else stream
        stream.write(line + "\n")
        stream.flush()


def seconds_text(seconds: float) -> str:
    """Seconds as the terminal lines show them: tenths below 10 s, whole seconds, then minutes.

    Examples
    --------
    >>> seconds_text(3.24), seconds_text(14.6), seconds_text(75), seconds_text(3600)
    ('3.2 s', '15 s', '1 min 15 s', '60 min 0 s')
    """
    if seconds < 9.95:
        return f"{seconds:.1f} s"
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60} s"


class ChapterLines:
    """The lines :func:`run_chapters` writes as each chapter starts and ends, and as a long one changes stage.

    Every line is written whole (see :func:`say`), under one lock, so that the thread that reads
    the stages (:meth:`stages`) and the one that starts and ends the chapters never mix their lines.

    Parameters
    ----------
    total : int
        The number of chapters, for "(2 of 5)".
    enabled : bool
        Write the lines; False writes nothing.
    stream : file, optional
        Where they go; by default the error stream (``sys.stderr`` when each line is written).
    stage_after : float, default :data:`STAGE_AFTER`
        Seconds a chapter runs before :meth:`stages` says which stage it is in.

    Examples
    --------
    >>> import sys
    >>> from pathlib import Path
    >>> job = ChapterJob(Path("02_vocabulary.ipynb"), Path("r/02_vocabulary.ipynb"), {}, Path("r"))
    >>> lines = ChapterLines(5, True, stream=sys.stdout)
    >>> lines.started(job)
    chapter 02_vocabulary: started
    >>> lines.done(job, now=lines.started_at["02_vocabulary"] + 14.2)
    chapter 02_vocabulary: done in 14 s (1 of 5)
    """

    def __init__(self, total: int, enabled: bool, stream=None, stage_after: float = STAGE_AFTER):
        self.total, self.enabled, self.stream, self.finished = total, enabled, stream, 0
        self.stage_after = stage_after
        self.started_at: dict[str, float] = {}
        #: The stage file of each running chapter, by its name.
        self.running: dict[str, Path] = {}
        #: The stage each running chapter's file held at the last reading, and the one its last line named.
        self.read: dict[str, str | None] = {}
        self.shown: dict[str, str] = {}
        self._lock = threading.Lock()

    def _say(self, line: str) -> None:
        say(line, self.enabled, self.stream)

    def started(self, job: ChapterJob) -> None:
        with self._lock:
            self.started_at[job.chapter.stem] = time.monotonic()
            self.running[job.chapter.stem] = stage_file(job)
            self._say(f"chapter {job.chapter.stem}: started")

    def _took(self, job: ChapterJob, now: float | None) -> str:
        now = time.monotonic() if now is None else now
        return seconds_text(now - self.started_at[job.chapter.stem])

    def _ended(self, job: ChapterJob) -> None:
        for table in (self.running, self.read, self.shown):
            table.pop(job.chapter.stem, None)

    def done(self, job: ChapterJob, now: float | None = None) -> None:
        with self._lock:
            self._ended(job)
            self.finished += 1
            self._say(f"chapter {job.chapter.stem}: done in {self._took(job, now)} ({self.finished} of {self.total})")

    def failed(self, job: ChapterJob, still_running: list[str] = (), now: float | None = None) -> None:
        with self._lock:
            self._ended(job)
            self._say(f"chapter {job.chapter.stem}: failed after {self._took(job, now)}")
            if still_running:
                self._say(f"waiting for {', '.join(still_running)} to finish (no other chapter starts) ...")

    def stages(self, now: float | None = None) -> None:
        """Read each running chapter's stage, and say it if the chapter has run ``stage_after`` seconds and it changed.

        A chapter's stage is what its :func:`stage_file` holds; it is said once it has held at two
        readings in a row (a step shorter than the time between readings, :data:`STAGE_POLL`,
        gets no line) and differs from the stage of the chapter's last line. The first line of a
        chapter comes when it is in a step of its analysis (not one of :data:`FIXED_STAGES`, the
        cost of every chapter), so that a chapter whose work is quick gets none: ``chapter
        04_clustering: clustering (12 s)``. From then on every change gets a line, the fixed
        stages' too. With the lines off nothing is read.
        """
        if not self.enabled:
            return
        with self._lock:
            now = time.monotonic() if now is None else now
            for stem, path in self.running.items():
                current, before, last = _read_stage(path), self.read.get(stem), self.shown.get(stem)
                self.read[stem] = current
                seconds = now - self.started_at[stem]
                if seconds < self.stage_after or current is None or current != before or current == last:
                    continue
                if last is None and current in FIXED_STAGES:
                    continue
                self.shown[stem] = current
                self._say(f"chapter {stem}: {current} ({seconds_text(seconds)})")
