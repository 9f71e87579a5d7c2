"""Run: execute the chapter notebooks with papermill and render the essay.

This is the one code path behind ``make essay``, ``make notebooks`` and the
``corpus-essay`` command (see ``__main__.py``). Nothing else in the package imports it.
"""

from __future__ import annotations

import json
import os
import platform
import re
import secrets
import shutil
import signal
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import metadata as importlib_metadata
from pathlib import Path

from .errors import CorpusError, ParameterError

__all__ = [
    "ABSTRACT_TAG",
    "ChapterError",
    "FLAG_PARAMETERS",
    "KERNEL_ARGUMENTS",
    "REPORT_MARKER",
    "RunInterrupted",
    "SUMMARY_TAG",
    "TWIN_FORMAT",
    "chapter_parameters",
    "default_notebooks_dir",
    "find_chapters",
    "refresh_notebook",
    "run_essay",
    "strip_volatile",
    "tagged_markdown",
    "twin_text",
    "write_twin",
]

#: Package versions recorded in every report's manifest.
RECORDED_PACKAGES = (
    "corpus-utils",
    "numpy",
    "scipy",
    "pandas",
    "scikit-learn",
    "matplotlib",
    "papermill",
    "nbconvert",
    "charset-normalizer",
)


#: Chapter parameters that name files; they are rewritten relative to the folder the chapters run in.
_PATH_PARAMETERS = ("rules", "lexicon")

#: Chapter parameters that ``corpus-essay run`` also takes as options of their own (``--label-column`` ...).
FLAG_PARAMETERS = ("label_column", "text_column", "groups", "n_clusters", "lexicon", "rules")


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


class RunInterrupted(KeyboardInterrupt):
    """Raised when a run is interrupted (Ctrl-C); the report that was at ``--out`` is unchanged."""

    def __init__(self, out: Path, kept: Path | None):
        self.out, self.kept = out, kept
        text = f"interrupted; {out} was not changed"
        if kept is not None:
            text += f" (the unfinished report is kept at {kept})"
        super().__init__(text)


#: The file every report folder carries; ``--force`` replaces only a folder that has it.
REPORT_MARKER = ".corpus-essay-report"


def default_notebooks_dir() -> Path:
    """The ``notebooks/`` folder of the project this package was installed from."""
    return Path(__file__).resolve().parents[2] / "notebooks"


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


#: Passed to every kernel: its own start-up and shutdown notices are not the reader's business.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=CRITICAL",)


def _execute(input_path: Path, output_path: Path, parameters: dict, cwd: Path, progress: bool):
    """Run a notebook with papermill, strip volatile metadata, write it, and return it."""
    import nbformat
    import papermill

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
    see :func:`write_twin`) is then written from the executed notebook.

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
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / path.name
        try:
            nb = _execute(path, out, {}, path.parent, progress=sys.stderr.isatty())
        except Exception as exc:  # papermill raises PapermillExecutionError
            cell, summary = _failure_summary(exc)
            raise ChapterError(path.stem, cell, summary, None) from None
        shutil.copyfile(out, path)
    return write_twin(path, nb)


#: The text twin of a chapter is jupytext's percent format (``# %%`` before each cell).
TWIN_FORMAT = "py:percent"

#: Only the cell tags are kept (``parameters``, ``prose``, ...): no header, so no kernel name,
#: Python version or jupytext version that would change from one machine to the next.
_TWIN_FILTERS = {"notebook_metadata_filter": "-all", "cell_metadata_filter": "tags,-all"}


def twin_text(nb) -> str:
    """Return the text twin of a notebook: its cells, in jupytext's percent format, without outputs.

    Each cell becomes a ``# %%`` marker (``# %% [markdown]`` for Markdown, with the cell's
    non-empty ``tags``, e.g. ``# %% tags=["parameters"]``) followed by its source; Markdown
    lines and IPython magics are commented out. Nothing else is written (no header, no
    outputs, no other metadata), so the text changes only when a cell's type, source or tags do,
    and ``jupytext.reads(text, fmt="py:percent")`` gives back the same cells.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook (it is not modified).

    Returns
    -------
    str
        The twin's text.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_markdown_cell("# Title"),
    ...                          new_code_cell("k = 2", metadata={"tags": ["parameters"]})])
    >>> print(twin_text(nb))
    # %% [markdown]
    # # Title
    <BLANKLINE>
    # %% tags=["parameters"]
    k = 2
    <BLANKLINE>
    """
    import jupytext
    from nbformat import v4

    makers = {"code": v4.new_code_cell, "markdown": v4.new_markdown_cell, "raw": v4.new_raw_cell}
    cells = []
    for cell in nb.cells:
        tags = list(cell.get("metadata", {}).get("tags") or [])
        cells.append(makers[cell.cell_type](source=cell.source, metadata={"tags": tags} if tags else {}))
    bare = v4.new_notebook(cells=cells, metadata={"jupytext": dict(_TWIN_FILTERS)})
    return jupytext.writes(bare, fmt=TWIN_FORMAT)


def write_twin(notebook: str | Path, nb=None) -> Path:
    """Write the text twin ``NN_name.py`` beside a notebook ``NN_name.ipynb``; return its path.

    The twin (see :func:`twin_text`) makes a change to a chapter a readable diff. It is
    written for review only: edit the notebook, then rewrite the twin (``make twins``, or
    ``make notebooks``, which re-executes the chapters and writes their twins).

    Parameters
    ----------
    notebook : str or Path
        The ``.ipynb`` file.
    nb : nbformat.NotebookNode, optional
        Its content, if already read; by default the file is read.

    Returns
    -------
    pathlib.Path
        The twin's path (the notebook's, with the suffix ``.py``).
    """
    import nbformat

    notebook = Path(notebook)
    if nb is None:
        nb = nbformat.read(str(notebook), as_version=4)
    twin = notebook.with_suffix(".py")
    with open(twin, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(twin_text(nb))
    return twin


@dataclass
class _Job:
    chapter: Path
    output: Path
    parameters: dict
    cwd: Path
    #: The parameters as the user gave them (paths relative to where the command ran), shown in the report.
    shown: dict | None = field(default=None)


_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _run_job(job: _Job, progress: bool, threads: int | None = None) -> dict:
    """Execute one chapter and render its HTML; return what the front page shows of it.

    The result is ``{"title": ..., "summary": ..., "abstract": ...}``: the chapter's title,
    and the Markdown its cells tagged :data:`SUMMARY_TAG` and :data:`ABSTRACT_TAG` displayed
    (None when it has no such cell).
    """
    if threads is not None:  # chapters running side by side share the cores instead of fighting for them
        for name in _THREAD_VARIABLES:
            os.environ[name] = str(threads)
    try:
        nb = _execute(job.chapter, job.output, job.parameters, job.cwd, progress)
    except Exception as exc:
        cell, summary = _failure_summary(exc)
        raise ChapterError(job.chapter.stem, cell, summary, job.output) from None
    return {"title": _render_html(nb, job), "summary": tagged_markdown(nb, SUMMARY_TAG),
            "abstract": tagged_markdown(nb, ABSTRACT_TAG)}


#: Set in a worker process once Ctrl-C has reached it: it then starts no further chapter.
_INTERRUPTED = False


def _start_worker() -> None:
    """A worker waiting for a chapter ignores Ctrl-C (the parent handles it), so it prints nothing."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_job_in_worker(job: _Job, threads: int) -> dict:
    """``_run_job`` in a worker process: Ctrl-C stops the running chapter and every later one."""
    global _INTERRUPTED
    if _INTERRUPTED:
        raise KeyboardInterrupt
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return _run_job(job, False, threads)
    except KeyboardInterrupt:
        _INTERRUPTED = True
        raise
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _relative_to(target: Path, start: Path) -> str:
    """A path as the notebook (running in ``start``) should see it: relative when possible."""
    target = target.resolve()
    try:
        return os.path.relpath(target, start.resolve())
    except ValueError:  # another drive on Windows
        return str(target)


def _versions() -> dict:
    versions = {"python": platform.python_version()}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def run_essay(
    corpus: str | Path,
    out: str | Path,
    *,
    options: dict | None = None,
    force: bool = False,
    notebooks_dir: str | Path | None = None,
    figures_dir: str | Path | None = None,
    jobs: int | None = None,
    progress: bool = True,
) -> Path:
    """Execute every chapter on a corpus and write the rendered report.

    Parameters
    ----------
    corpus : str or Path
        The corpus as given by the user (a folder or a table).
    out : str or Path
        The report folder. It receives, per chapter, the executed ``.ipynb`` and a
        self-contained ``.html``, plus ``index.html``, ``manifest.json``, ``figures/`` and the
        marker file :data:`REPORT_MARKER`. It may not be empty, the corpus, a folder that holds
        the corpus or lies inside it, the working folder, the home folder, ``/``, or a folder
        that contains one of these.
    options : dict, optional
        Notebook parameters (``label_column``, ``groups``, ``n_clusters``, ...). Each is
        passed to the chapters whose ``parameters`` cell declares it; a name no chapter
        declares raises :class:`ParameterError`, and so do ``corpus`` and ``figures_dir``,
        which the command sets. ``rules="none"`` (no cleaning) is passed on as is.
    force : bool, default False
        Replace an existing report folder, and only one that carries the marker file (a
        report this function wrote). The new report is renamed into place before the old
        one is removed.
    notebooks_dir : str or Path, optional
        Where the chapters are; by default the project's ``notebooks/``.
    figures_dir : str or Path, optional
        Where figures go; by default ``<out>/figures``. It receives figure files only, and
        may not be the corpus or lie inside it.
    jobs : int, optional
        Chapters executed at once (default: the number of cores, at most 2).
    progress : bool, default True
        Show a progress bar over chapters.

    Returns
    -------
    pathlib.Path
        The report folder.

    Raises
    ------
    CorpusError
        If the corpus cannot be loaded, an option is unknown, or ``out`` or ``figures_dir``
        is refused (nothing is written); or if another folder appeared at ``out`` while the
        chapters ran (it is left alone, and the new report is kept beside it).
    ChapterError
        If a chapter fails; the report that was at ``out`` (if any) is untouched, and the
        unfinished one is kept in the one folder ``.<name of out>.partial`` beside it.
    RunInterrupted
        On Ctrl-C; as for a failed chapter.

    Notes
    -----
    The chapters run in a fresh folder beside ``out`` (so paths passed to them, relative to
    that folder, hold for the finished report too), which is renamed to ``out`` at the end.
    """
    from . import count, lexicon, load
    from .groups import check_groups

    options = dict(options or {})
    _refuse_owned_parameters(options)
    corpus_path = Path(corpus)
    out = _check_out(out, corpus_path, force)
    figures_inside = _figures_in_report(figures_dir, corpus_path, out)
    chapters = find_chapters(notebooks_dir)
    declared = {}
    for chapter in chapters:
        try:
            declared[chapter] = chapter_parameters(chapter)
        except Exception as exc:  # papermill cannot read the notebook or its parameters cell
            raise ChapterError(chapter.stem, None, f"cannot read its parameters ({exc})", None) from None
    known = set().union(*(set(p) for p in declared.values())) - {"corpus", "figures_dir"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise ParameterError(
            f"unknown parameter(s) {', '.join(unknown)} (the chapters take: {', '.join(sorted(known))})",
            fix="Check the spelling, or see `corpus-essay run --help`",
        )

    load_kwargs = {k: options[k] for k in ("label_column", "text_column", "rules") if options.get(k) is not None}
    data = load.load_corpus(corpus_path, **load_kwargs)  # fail fast, with one message, before any kernel starts
    if options.get("lexicon") is not None:
        lexicon.load_lexicon(options["lexicon"])  # likewise: a bad lexicon is an input error, not a failed chapter
    groups = check_groups(data, options.get("groups"), minimum=2)
    k = options.get("n_clusters")
    if k is not None and not (isinstance(k, int) and 2 <= k <= len(data)):
        raise ParameterError(
            f"--n-clusters must be a whole number from 2 to the number of documents, {len(data)} (got {k})",
            fix="Choose fewer clusters, or leave it out to use the number of groups",
        )

    staging = _make_staging(out)
    try:
        if figures_inside is not None:
            figures = staging / figures_inside
            figures.mkdir(parents=True, exist_ok=True)
        else:
            figures = Path(figures_dir)
        jobs_list = _chapter_jobs(chapters, declared, corpus_path, options, staging, figures)
        given = {"corpus": corpus_path, "figures_dir": out / figures_inside if figures_inside is not None else figures,
                 **options}
        for job in jobs_list:
            job.shown = _as_given(job.parameters, given)
        n_jobs = max(1, min(jobs or min(2, os.cpu_count() or 1), len(jobs_list)))
        pages = _run_chapters(jobs_list, n_jobs, progress)
        lengths = count.group_lengths(data)
        manifest = {
            "command": _command(corpus, out, options, figures_dir),
            "corpus": str(corpus),
            "documents": int(len(data)),
            "documents_per_group": dict(zip(lengths["group"], lengths["documents"].astype(int).tolist())),
            "tokens_per_group": dict(zip(lengths["group"], lengths["tokens"].astype(int).tolist())),
            "groups_compared": groups,
            "corpus_sha256": load.corpus_fingerprint(data),
            "parameters": {k: options[k] for k in sorted(options)},
            "chapters": [
                {"notebook": j.chapter.name, "title": pages[j.chapter.name]["title"], "parameters": j.parameters}
                for j in jobs_list
            ],
            "versions": _versions(),
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
        (staging / "index.html").write_text(_front_page(manifest, jobs_list, pages), encoding="utf-8")
    except BaseException as exc:
        kept = _keep_partial(staging, out)
        if isinstance(exc, ChapterError):
            notebook = kept / exc.kept.name if exc.kept is not None else None
            raise ChapterError(exc.chapter, exc.cell, exc.summary, notebook) from None
        if isinstance(exc, KeyboardInterrupt):
            raise RunInterrupted(out, kept) from None
        raise
    _publish(staging, out, force)
    return out


#: The text of the marker file.
_MARKER_TEXT = "This folder is a report written by `corpus-essay run`; --force replaces only folders with this file.\n"


def _is_report(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (not a link) that carries the report marker."""
    marker = folder / REPORT_MARKER
    return folder.is_dir() and not folder.is_symlink() and marker.is_file() and not marker.is_symlink()


def _refuse_owned_parameters(options: dict) -> None:
    """The command sets ``corpus`` and ``figures_dir`` itself; ``-p`` may not."""
    if "corpus" in options:
        raise ParameterError(
            "the corpus is the first argument of `corpus-essay run`, not -p corpus",
            fix="Drop -p corpus and give the folder or table as PATH: corpus-essay run PATH --out DIR",
        )
    if "figures_dir" in options:
        raise ParameterError("figures go where --figures-dir says, not -p figures_dir", fix="Use --figures-dir DIR instead")


def _protected(target: Path, corpus: Path) -> str | None:
    """Why no report may be written at ``target`` (a resolved path), or None if it may."""
    if target == Path(target.anchor):
        return "the root folder"
    corpus = corpus.resolve()
    if target == corpus:
        return "the corpus"
    if corpus.is_relative_to(target):
        return "a folder that contains the corpus"
    if target.is_relative_to(corpus):
        return "inside the corpus"
    places = {"working folder": Path.cwd()}
    try:
        places["home folder"] = Path.home()
    except (KeyError, RuntimeError):  # no home folder known
        pass
    for name, place in places.items():
        place = place.resolve()
        if target == place:
            return f"the {name}"
        if place.is_relative_to(target):
            return f"a folder that contains the {name}"
    return None


def _check_out(out: str | Path | None, corpus: Path, force: bool) -> Path:
    """Return ``out`` as a path if a report may be written there; raise ParameterError if not."""
    if out is None or not str(out).strip():
        raise ParameterError("--out is empty", fix="Name a new folder for the report, such as --out reports/my-texts")
    fix = "Choose another --out, a new folder such as reports/my-texts"
    if str(out).startswith("~"):  # the shell did not expand it: a folder named ~ invites rm -rf ~
        raise ParameterError("refused as --out: it starts with '~', which the shell did not expand to a home folder",
                             out, "Write the path without quotes around ~, or spell it out")
    out = Path(os.path.normpath(out))
    reason = _protected(out.resolve(), corpus)
    if reason is not None:
        raise ParameterError(f"refused as --out: it is {reason}", out, fix)
    if out.is_symlink():
        raise ParameterError("refused as --out: it is a symbolic link", out, fix)
    if out.exists():
        if not out.is_dir():
            raise ParameterError("refused as --out: it is a file", out, fix)
        if not _is_report(out):
            raise ParameterError("already exists and was not written by corpus-essay; it is left alone", out,
                                 "Choose another --out")
        if not force:
            raise ParameterError("already holds a report", out, "Choose another --out, or pass --force to replace it")
    return out


def _figures_in_report(figures_dir: str | Path | None, corpus: Path, out: Path) -> Path | None:
    """Where the figures go relative to the report folder, or None for a folder outside it."""
    if figures_dir is None:
        return Path("figures")
    if not str(figures_dir).strip():
        raise ParameterError("--figures-dir is empty", fix="Name a folder, or leave --figures-dir out to keep figures in OUT/figures")
    folder = Path(os.path.normpath(figures_dir))
    target, corpus, report = folder.resolve(), corpus.resolve(), out.resolve()
    fix = "Choose another --figures-dir, or leave it out to keep figures in OUT/figures"
    if target == corpus or target.is_relative_to(corpus):
        raise ParameterError(f"refused as --figures-dir: it is {'the corpus' if target == corpus else 'inside the corpus'}",
                             folder, fix)
    if target.is_relative_to(report):  # written with the report, swapped in with it
        return target.relative_to(report)
    if folder.exists() and not folder.is_dir():
        raise ParameterError("refused as --figures-dir: it is a file", folder, fix)
    return None


def _make_staging(out: Path) -> Path:
    """Create an empty folder, with the report marker, beside ``out``; it gets the user's usual permissions."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = out.parent / f".{out.name}.{secrets.token_hex(4)}.staging"
        staging.mkdir()  # mode 0o777 less the umask (tempfile.mkdtemp would make it 0o700)
        (staging / REPORT_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
    except OSError as exc:
        raise ParameterError(f"cannot create the report folder here ({exc.strerror or exc})", out.parent,
                             "Choose another --out") from None
    return staging


def _chapter_jobs(chapters: list[Path], declared: dict, corpus: Path, options: dict, folder: Path,
                  figures: Path) -> list[_Job]:
    """One job per chapter: the parameters it declares, with paths relative to ``folder``, where it runs.

    ``folder`` (the staging folder) is a sibling of the final report folder, so a relative
    path from it holds for the finished report too, and no temporary name reaches a notebook
    or the manifest. ``rules="none"`` (no cleaning) is passed on as is.
    """
    from .clean import NO_RULES

    jobs_list = []
    for chapter in chapters:
        wanted = {"corpus": _relative_to(corpus, folder), "figures_dir": _relative_to(figures, folder)}
        wanted.update(options)
        for name in _PATH_PARAMETERS:  # paths given by the user are relative to where they ran the command
            value = wanted.get(name)
            if value is not None and not (name == "rules" and value == NO_RULES):
                wanted[name] = _relative_to(Path(value), folder)
        params = {k: v for k, v in wanted.items() if k in declared[chapter] and not _same_default(declared[chapter][k], v)}
        jobs_list.append(_Job(chapter, folder / chapter.name, params, folder))
    return jobs_list


def _run_chapters(jobs_list: list[_Job], n_jobs: int, progress: bool) -> dict[str, dict]:
    """Execute the chapters, ``n_jobs`` at a time; return ``{notebook name: _run_job's result}`` in chapter order."""
    titles: dict[str, dict] = {}
    bar = _progress(len(jobs_list), progress)
    try:
        if n_jobs == 1:
            for job in jobs_list:
                titles[job.chapter.name] = _run_job(job, progress=False)
                bar.update(1)
        else:
            threads = max(1, (os.cpu_count() or 1) // n_jobs)
            pool = ProcessPoolExecutor(max_workers=n_jobs, initializer=_start_worker)
            try:
                futures = {pool.submit(_run_job_in_worker, job, threads): job for job in jobs_list}
                for future in as_completed(futures):
                    titles[futures[future].chapter.name] = future.result()
                    bar.update(1)
            finally:  # after a failure start no other chapter, and wait until the running ones stop writing
                pool.shutdown(wait=True, cancel_futures=True)
    finally:
        bar.close()
    return {job.chapter.name: titles[job.chapter.name] for job in jobs_list}


def _keep_partial(staging: Path, out: Path) -> Path:
    """Keep an unfinished report as the one folder ``.NAME.partial`` beside ``out``; return where it is.

    An earlier partial folder is replaced only if it carries the report marker; otherwise,
    or if the rename fails, the staging folder stays where it is.
    """
    partial = out.parent / f".{out.name}.partial"
    try:
        if os.path.lexists(partial):
            if not _is_report(partial):
                return staging
            shutil.rmtree(partial)
        os.rename(staging, partial)
    except OSError:
        return staging
    return partial


def _publish(staging: Path, out: Path, force: bool) -> None:
    """Rename the finished report to ``out``; with ``force``, swap it for the report that is there.

    The old report is moved aside, the new one renamed into place, and only then is the
    old one removed. Without ``force`` the rename fails, rather than replaces, if a folder
    appeared at ``out`` meanwhile. A folder without the marker is never removed.
    """
    old = None
    if os.path.lexists(out):
        if not force:
            _refuse_late(staging, out, "a report appeared here while this run was working; it is left alone")
        if not _is_report(out):
            _refuse_late(staging, out, "was replaced while this run was working, by a folder not written by corpus-essay; "
                                       "it is left alone")
        old = out.parent / f".{out.name}.{secrets.token_hex(4)}.old"
        try:
            os.rename(out, old)
        except OSError as exc:
            _refuse_late(staging, out, f"could not be moved aside ({exc.strerror or exc}); it is left alone")
        if not _is_report(old):  # swapped for another folder between the check and the move: put it back
            _put_back(old, out)
            _refuse_late(staging, out, "was replaced while this run was working, by a folder not written by corpus-essay; "
                                       "it is left alone")
    try:
        os.rename(staging, out)
    except OSError:
        if old is not None:
            _put_back(old, out)
        _refuse_late(staging, out, "a folder appeared here while this run was working; it is left alone")
    if old is not None:
        shutil.rmtree(old)


def _put_back(old: Path, out: Path) -> None:
    try:
        os.rename(old, out)
    except OSError:  # ``out`` is taken again; the old report stays, hidden, beside it
        pass


def _refuse_late(staging: Path, out: Path, reason: str) -> None:
    kept = _keep_partial(staging, out)
    raise ParameterError(reason, out, f"This run's report is kept at {kept}; choose another --out")


def _same_default(default_repr: str, value) -> bool:
    """papermill reports defaults as source text; compare them with the value given."""
    import ast

    try:
        return ast.literal_eval(default_repr) == value
    except (ValueError, SyntaxError):
        return False


class _NoBar:
    def update(self, n):
        pass

    def close(self):
        pass


def _progress(total: int, enabled: bool):
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="chapters", unit="chapter", file=sys.stderr)


#: The folder that holds the nbconvert template ``essay`` (it extends JupyterLab's ``lab``).
_TEMPLATES = Path(__file__).parent / "templates"

#: The cell tag of a cell that writes prose: its page shows what it writes, not its code.
PROSE_TAG = "prose"

#: The cell tag of the cell that writes a chapter's one-line summary, shown under its link on the front page.
SUMMARY_TAG = "summary"

#: The cell tag of the cell that writes the essay's abstract, shown at the top of the front page.
ABSTRACT_TAG = "abstract"

#: The cell tag papermill gives the cell of parameters it adds after the ``parameters`` cell.
_INJECTED_TAG = "injected-parameters"

#: A Markdown cell that announces a figure starts with this heading; the next cell draws it.
_FIGURE_HEADING = "### Figure:"

#: The comment above the parameters shown in place of papermill's cell.
_GIVEN_COMMENT = "Parameters given to `corpus-essay run` (paths relative to the folder it was run from)"

#: Parameters whose values are paths: shown as given, never as an absolute path.
_SHOWN_PATHS = ("corpus", "figures_dir", *_PATH_PARAMETERS)

#: A sentence ends at ``.``, ``!`` or ``?`` before white space or the end, but not after these.
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_ABBREVIATIONS = {"e.g", "i.e", "cf", "vs"}

#: The paragraph of an opening cell that states the question of the chapter (or of the essay).
_QUESTION = re.compile(r"\*\*The question of this (chapter|essay)\.\*\*\s*")


def _as_typed(path) -> str:
    """A path as the report shows it: as typed, or, if absolute, relative to the working folder."""
    text = str(path)
    if not os.path.isabs(text):
        return text
    try:
        return os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return Path(text).name


def _as_given(parameters: dict, given: dict) -> dict:
    """The parameters a chapter receives, with each value as the user gave it.

    ``parameters`` are those injected into the chapter (paths relative to the folder the
    chapter runs in); ``given`` holds the user's values (``corpus``, ``figures_dir``, the
    options). Path values are shown by :func:`_as_typed`, so no absolute path is shown.
    """
    shown = {}
    for name, value in parameters.items():
        value = given.get(name, value)
        if name in _SHOWN_PATHS and isinstance(value, (str, Path)):
            value = _as_typed(value)
        shown[name] = value
    return shown


def _render_html(nb, job: _Job) -> str:
    """Write the chapter's self-contained HTML next to its notebook; return its title.

    The page is rendered with the package's nbconvert template ``essay``
    (``templates/essay``, extending JupyterLab's ``lab``): the input of cells tagged
    :data:`PROSE_TAG` is removed (nbconvert's ``TagRemovePreprocessor``), and so is the cell
    tagged :data:`SUMMARY_TAG` (its line is shown under the chapter's link on the front page,
    and would only repeat the chapter's own closing words here), other code is
    folded behind "show code", a table of contents follows the opening cell, figures are
    captioned (see :func:`_reading_copy`), and no script, style or font is fetched from the
    network. The notebook on disk is not changed.

    Figures are already in the notebook (image/png outputs, written as data URIs), so the
    exporter never reads a file that Markdown points at (``embed_images=False``), and
    Markdown and HTML outputs pass through :func:`corpus_utils.report.sanitize_html`
    (nbconvert's own ``clean_html`` would escape headings, paragraphs and table headers).
    """
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from .report import sanitize_html

    title = _title(nb, job.chapter.stem)
    page = _reading_copy(nb, getattr(job, "shown", None))
    exporter = HTMLExporter(
        template_name="essay",
        extra_template_basedirs=[str(_TEMPLATES)],
        embed_images=False,
        sanitize_html=True,
        filters={"clean_html": sanitize_html},
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_input_tags={PROSE_TAG}, remove_cell_tags={SUMMARY_TAG}), enabled=True
    )
    resources = {"metadata": {"name": title}, "essay": {"contents": _contents(page), "front_page": "index.html"}}
    body, _ = exporter.from_notebook_node(page, resources=resources)
    job.output.with_suffix(".html").write_text(body, encoding="utf-8")
    return title


def _reading_copy(nb, shown: dict | None):
    """A copy of an executed chapter, marked up for its page; the notebook itself is not changed.

    * papermill's injected-parameters cell shows ``shown`` (the parameters as the user gave
      them), not the paths the chapter ran with; with ``shown`` None it is left as it is;
    * the opening cell (the first Markdown cell with a ``# `` title) is marked to be followed
      by the table of contents (``metadata.essay.contents_after``);
    * a cell right after a ``### Figure: ...`` Markdown cell gets that figure's caption
      (``metadata.essay.caption``, see :func:`_caption`), and its text as the image's
      alternative text (``metadata.essay.alt``).
    """
    import copy

    page = copy.deepcopy(nb)
    markdown = [cell for cell in page.cells if cell.cell_type == "markdown"]
    opening = next((cell for cell in markdown if _heading_text(cell.source, 1) is not None), None)
    if opening is None and markdown:
        opening = markdown[0]
    if opening is not None:
        opening.metadata["essay"] = {"contents_after": True}
    for previous, cell in zip([None, *page.cells], page.cells):
        if cell.cell_type != "code":
            continue
        if shown is not None and _INJECTED_TAG in cell.metadata.get("tags", []):
            cell.source = _parameters_source(shown)
        caption = _caption(previous.source) if previous is not None and previous.cell_type == "markdown" else None
        if caption:
            cell.metadata["essay"] = {"caption": caption, "alt": _plain(caption)}
    return page


def _parameters_source(shown: dict) -> str:
    """Python assignments of the parameters, in papermill's own notation, under one comment."""
    from papermill.translators import translate_parameters

    return translate_parameters("python3", "python", shown, comment=_GIVEN_COMMENT).rstrip("\n")


def _heading_text(source: str, level: int) -> str | None:
    """The text of the first heading of ``level`` (``#`` signs) in Markdown, or None."""
    marks = "#" * level + " "
    for line in source.splitlines():
        if line.startswith(marks):
            return line[len(marks):].strip()
    return None


def _paragraphs(source: str) -> list[str]:
    """The paragraphs of Markdown text, each on one line (headings are paragraphs of their own)."""
    paragraphs, current = [], []
    for line in source.splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            if current:
                paragraphs.append(" ".join(current))
                current = []
            if line.strip():
                paragraphs.append(line.strip())
            continue
        current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _first_sentence(text: str) -> str:
    """Text up to the end of its first sentence (a ``.``, ``!`` or ``?`` before a space, not after e.g.)."""
    for end in _SENTENCE_END.finditer(text):
        words = text[:end.start()].split()
        if words and words[-1].lstrip("(").lower() in _ABBREVIATIONS:
            continue
        return text[:end.end()]
    return text


def _caption(source: str) -> str | None:
    """The caption (Markdown) of the figure a ``### Figure: ...`` cell announces, or None.

    The heading, as a bold title, then the first sentence of the paragraph below it:
    ``### Figure: lengths by group`` over "Each dot is a document. ..." gives
    ``**Figure: lengths by group.** Each dot is a document.``
    """
    paragraphs = _paragraphs(source)
    if not paragraphs or not paragraphs[0].startswith(_FIGURE_HEADING):
        return None
    title = paragraphs[0].lstrip("#").strip()
    title = f"**{title if title.endswith(('.', '!', '?')) else title + '.'}**"
    body = paragraphs[1] if len(paragraphs) > 1 and not paragraphs[1].startswith("#") else ""
    return " ".join(part for part in (title, _first_sentence(body)) if part)


class _HeadingParser(HTMLParser):
    """Collects the ``h2`` and ``h3`` headings of HTML: level, ``id`` and text (the ``¶`` link left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.entries, self._open = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "h3") and attrs.get("id"):
            self.entries.append({"level": int(tag[1]), "anchor": attrs["id"], "text": ""})
            self._open.append(tag)
        elif self._open and tag == "a" and "anchor-link" in (attrs.get("class") or "").split():
            self._open.append("a")

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open and self._open[-1] != "a":
            self.entries[-1]["text"] += data


def _contents(nb) -> list[dict]:
    """The table of contents of a chapter: its Markdown cells' ``##`` and ``###`` headings.

    Each entry is ``{"level": 2 or 3, "anchor": id, "text": heading}``, where ``id`` is the
    one nbconvert gives the heading on the page (its Markdown renderer makes both).
    """
    from nbconvert.filters import markdown2html_mistune

    parser = _HeadingParser()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parser.feed(markdown2html_mistune(cell.source))
    parser.close()
    return [dict(entry, text=" ".join(entry["text"].split())) for entry in parser.entries]


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _plain(markdown: str) -> str:
    """Markdown inline text as plain text: emphasis and code marks removed, spaces collapsed."""
    return " ".join(re.sub(r"\*\*|\*|`", "", markdown).split())


def _opening(nb) -> dict:
    """The questions a chapter's opening cell states: ``{"chapter": ..., "essay": ...}`` (plain text).

    A paragraph that starts with ``**The question of this chapter.**`` (or ``... essay.``)
    states that question; without one, the chapter's question is the first paragraph below
    its title that is not the essay's question.
    """
    cell = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    questions: dict[str, str] = {}
    if cell is None:
        return questions
    rest = []
    for paragraph in _paragraphs(cell.source):
        lead = _QUESTION.match(paragraph)
        if lead:
            questions.setdefault(lead.group(1), _plain(paragraph[lead.end():]))
        elif not paragraph.startswith("#"):
            rest.append(paragraph)
    if "chapter" not in questions and rest:
        questions["chapter"] = _plain(rest[0])
    return questions


def tagged_markdown(nb, tag: str) -> str | None:
    """The Markdown that a notebook's cells tagged ``tag`` displayed, or None if none did.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.
    tag : str
        A cell tag, such as :data:`SUMMARY_TAG` or :data:`ABSTRACT_TAG`.

    Returns
    -------
    str or None
        The ``text/markdown`` outputs of those cells, in order, separated by blank lines.
        They were written by :mod:`corpus_utils.narrate`, which escapes every value from the
        data; the front page still renders them through the HTML allow-list.
    """
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "code" or tag not in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown")
            if text:
                parts.append("".join(text) if isinstance(text, list) else str(text))
    return "\n\n".join(part.strip() for part in parts) or None


def _markdown_html(markdown: str) -> str:
    """Markdown written by the narrative layer as HTML for the front page, through the allow-list."""
    from nbconvert.filters import markdown2html_mistune

    from .report import sanitize_html

    return sanitize_html(markdown2html_mistune(markdown)).strip()


def _command(corpus, out, options: dict, figures_dir) -> list[str]:
    """The ``corpus-essay run`` command that reproduces a report, as a list of words.

    Paths are shown as typed (see :func:`_as_typed`). An option with a flag of its own is
    written with it (``--label-column party``, ``--groups a b``, ``--n-clusters 3``) when the
    flag can carry its value; every other one as ``-p NAME VALUE``, the value written so that
    the command reads it back as the same value (YAML).
    """
    import yaml

    words = ["corpus-essay", "run", _as_typed(corpus), "--out", _as_typed(out)]
    if figures_dir is not None:
        words += ["--figures-dir", _as_typed(figures_dir)]
    for name in sorted(options):
        value = options[name]
        if isinstance(value, Path) or (name in _PATH_PARAMETERS and isinstance(value, str)):
            value = _as_typed(value)
        flag = "--" + name.replace("_", "-")
        if _fits_flag(name, value):
            words += [flag, *value] if name == "groups" else [flag, str(value)]
            continue
        text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
        if text.endswith("\n..."):
            text = text[: -len("\n...")].strip()
        if text.startswith("-") and isinstance(value, str):  # quoted, so the parser does not take it for an option
            text = "'" + value.replace("'", "''") + "'"
        words += ["-p", str(name), text]
    return words


def _fits_flag(name: str, value) -> bool:
    """Whether an option's own flag (``--groups``, ``--n-clusters``, ...) gives back exactly this value."""
    def word(v):
        return isinstance(v, str) and v != "" and not v.startswith("-")

    if name == "groups":
        return isinstance(value, list) and bool(value) and all(word(g) for g in value)
    if name == "n_clusters":
        return isinstance(value, int) and not isinstance(value, bool)
    return name in FLAG_PARAMETERS and word(value)


def _front_page(manifest: dict, jobs_list: list[_Job], pages: dict[str, dict] | None = None) -> str:
    """``index.html`` for a run: the chapters' titles and questions are read from their notebooks.

    ``pages`` (from :func:`_run_chapters`) gives each chapter's computed one-line summary and,
    from the chapter that writes one, the essay's abstract.
    """
    import nbformat

    pages = pages or {}
    chapters, question, abstract = [], None, None
    for entry, job in zip(manifest["chapters"], jobs_list):
        opening = _opening(nbformat.read(str(job.chapter), as_version=4))
        question = question or opening.get("essay")
        page = pages.get(entry["notebook"], {})
        abstract = abstract or page.get("abstract")
        chapters.append({"notebook": entry["notebook"], "title": entry["title"], "question": opening.get("chapter"),
                         "summary": page.get("summary")})
    return _index_html(manifest, chapters, question=question, abstract=abstract)


#: The front page's style; the page loads nothing else.
_INDEX_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #212121; margin: 0; }
main { max-width: 46rem; margin: 2rem auto 4rem; padding: 0 1.5rem; line-height: 1.6; }
h1 { font-size: 1.9rem; line-height: 1.25; margin-bottom: 0.5rem; }
h2 { font-size: 1.25rem; margin-top: 2.25rem; border-bottom: 1px solid #e0e0e0; padding-bottom: 0.2rem; }
.question { font-size: 1.1rem; color: #424242; }
ol.chapters { padding-left: 1.25rem; }
ol.chapters li { margin-bottom: 1rem; }
ol.chapters a { font-weight: 600; }
ol.chapters p { margin: 0.2rem 0 0; color: #424242; }
ol.chapters .chapter-summary { border-left: 3px solid #0072B2; padding-left: 0.6rem; margin-top: 0.35rem; }
ol.chapters .chapter-summary p { color: #212121; margin: 0; }
#abstract p { margin: 0.6rem 0; }
pre { background: #f5f5f5; padding: 0.6rem 0.8rem; overflow-x: auto; white-space: pre-wrap; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { padding: 0.25rem 0.9rem; border-bottom: 1px solid #e0e0e0; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 0.92em; background: #f5f5f5; padding: 0 0.2em; }
"""


def _index_html(manifest: dict, chapters: list[dict], *, question: str | None = None,
                abstract: str | None = None) -> str:
    """The essay's front page: the question, the abstract, the chapters, the corpus, how to reproduce it.

    Parameters
    ----------
    manifest : dict
        The run's manifest (``corpus``, ``documents``, ``documents_per_group``, optionally
        ``tokens_per_group``, ``groups_compared``, ``parameters``, optionally ``command``).
    chapters : list of dict
        In order, each with ``notebook`` (its file name), ``title``, ``question`` (plain
        text, or None) and optionally ``summary`` (the chapter's computed one-line summary,
        Markdown written by :mod:`corpus_utils.narrate`, or None).
    question : str, optional
        The essay's question (plain text); by default one built from the groups compared.
    abstract : str, optional
        The essay's computed abstract (Markdown written by :mod:`corpus_utils.narrate`, whose
        values from the data are already escaped), shown below the question. Nothing is shown
        without it.

    Returns
    -------
    str
        A self-contained HTML page. Plain-text values are escaped; Markdown is rendered and
        passed through the HTML allow-list (:func:`corpus_utils.report.sanitize_html`).
    """
    import shlex
    from html import escape

    groups = [str(g) for g in manifest.get("groups_compared") or manifest["documents_per_group"]]
    named = " and ".join(escape(g) for g in groups) if len(groups) == 2 else f"{len(groups)} groups of texts"
    title = f"Comparing {named}: a computational essay"
    if question is None:
        question = (f"Do the texts labelled {' and '.join(groups)} use different words, and do they foreground "
                    "different considerations?" if len(groups) == 2 else
                    f"Do the texts of each group ({', '.join(groups)}) use words, and foreground considerations, "
                    "that the other groups do not?")
    abstract_html = ""
    if abstract:
        abstract_html = (f'  <section id="abstract" aria-label="Abstract">\n  <h2>Abstract</h2>\n'
                         f"{_markdown_html(abstract)}\n  </section>\n")
    items = []
    for chapter in chapters:
        page = escape(Path(chapter["notebook"]).with_suffix(".html").name)
        text = f'    <li><a href="{page}">{escape(chapter["title"])}</a>'
        if chapter.get("question"):
            text += f'\n      <p class="chapter-question">{escape(chapter["question"])}</p>'
        if chapter.get("summary"):
            text += f'\n      <div class="chapter-summary">{_markdown_html(chapter["summary"])}</div>'
        items.append(text + "</li>")
    tokens = manifest.get("tokens_per_group") or {}
    rows = "\n".join(
        f'      <tr><td>{escape(str(g))}</td><td class="n">{int(n):,}</td>'
        + (f'<td class="n">{int(tokens[g]):,}</td>' if g in tokens else "") + "</tr>"
        for g, n in manifest["documents_per_group"].items()
    )
    token_head = "<th>tokens</th>" if tokens else ""
    parameters = manifest.get("parameters") or {}
    given = ", ".join(f"<code>{escape(str(k))} = {escape(json.dumps(v, ensure_ascii=False))}</code>"
                      for k, v in parameters.items())
    notebooks = ", ".join(f'<a href="{escape(c["notebook"])}">{escape(c["notebook"])}</a>' for c in chapters)
    compared = (f"{escape(groups[0])} with {escape(groups[1])}" if len(groups) == 2 else
                f"each of {', '.join(escape(g) for g in groups)} with the rest of the corpus")
    total_tokens = f" and {sum(int(n) for n in tokens.values()):,} tokens" if tokens else ""
    command = ""
    if manifest.get("command"):
        command = (f"  <p>To run it again (from the folder it was run in, with the project installed; add "
                   f"<code>--force</code> to replace this report, or give another <code>--out</code>):</p>\n"
                   f"  <pre><code>{escape(shlex.join(str(w) for w in manifest['command']))}</code></pre>\n")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<style>{_INDEX_STYLE}</style>
</head>
<body>
<main>
  <h1>{title}</h1>
  <p class="question">{escape(question)}</p>
{abstract_html}  <h2>Chapters</h2>
  <ol class="chapters">
{chr(10).join(items)}
  </ol>
  <h2>The corpus at a glance</h2>
  <p>{int(manifest["documents"]):,} documents{total_tokens} in <code>{escape(_as_typed(manifest["corpus"]))}</code>;
  the chapters compare {compared}.</p>
  <table>
    <thead><tr><th>group</th><th>documents</th>{token_head}</tr></thead>
    <tbody>
{rows}
    </tbody>
  </table>
  <h2>How to reproduce this report</h2>
  <p><code>corpus-essay run</code> executed each chapter notebook on the corpus above
  ({"with the parameters " + given if given else "with the chapters' default parameters"}) and rendered it as
  one page. The executed notebooks are beside this page ({notebooks}), and
  <a href="manifest.json">manifest.json</a> records what is needed to reproduce the report: the command, the
  corpus as given and a fingerprint of its content, every parameter each chapter received, and the versions
  of the packages.</p>
{command}</main>
</body>
</html>
"""
