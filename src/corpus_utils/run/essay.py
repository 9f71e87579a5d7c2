"""Essay: ``run_essay``, every chapter on a corpus, published as one report with its front page.

The orchestration behind ``corpus-essay run``: it checks the inputs before any kernel starts,
makes one job per chapter (:mod:`.execute`), runs them in a staging folder (:mod:`.publish`),
writes the manifest, with the command that reproduces the report, the front page
(:mod:`.front`) and the term explorer (:mod:`.explorer`), and swaps the finished report into place.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import platform
import signal
import time
import warnings
from importlib import metadata as importlib_metadata
from pathlib import Path

from ..errors import DiskFullError, ParameterError, TooFewDocumentsError
from ..parameters import PARAMETERS, UNKNOWN_FIX, check_parameter
from ..report import plural
from ..engine import ENGINES
from ..shared import SHARED_DIR
from . import explorer, front, publish
from .execute import (ChapterError, ChapterJob, IdleWork, RunInterrupted, chapter_parameters, find_chapters,
                      run_chapters, say, seconds_text)
from .pages import PATH_PARAMETERS, as_given, as_typed, chapter_title, navigation

__all__ = ["FLAG_PARAMETERS", "MIN_DOCUMENTS", "RECORDED_PACKAGES", "chapter_jobs", "reproduce_command", "run_essay"]

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

#: The fewest documents the groups compared may hold: the clustering chapter's silhouette needs 3.
MIN_DOCUMENTS = 3

#: The line written before the chapters start: what the seconds until the first chapter ends are spent on.
START_LINE = ("{documents} in {groups}; running {chapters}, {at_once} at a time (each starts a Python kernel "
              "of its own and reads back the corpus read here) ...")

#: Chapter parameters that ``corpus-essay run`` also takes as options of their own (``--label-column`` ...).
FLAG_PARAMETERS = ("label_column", "text_column", "groups", "n_clusters", "lexicon", "rules")


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
    engine: str = "memory",
    scheduler: str | None = None,
) -> Path:
    """Execute every chapter on a corpus and write the rendered report.

    Parameters
    ----------
    corpus : str or Path
        The corpus as given by the user (a folder or a table).
    out : str or Path
        The report folder. It receives, per chapter, the executed ``.ipynb`` and a
        self-contained ``.html``, plus ``index.html``, ``explorer.html``, ``manifest.json``, ``figures/`` and the
        marker file :data:`~.publish.REPORT_MARKER`. It may not be empty, the corpus, a folder that holds
        the corpus or lies inside it, the working folder, the home folder, ``/``, or a folder
        that contains one of these.
    options : dict, optional
        Notebook parameters (``label_column``, ``groups``, ``n_clusters``, ...). Each is
        passed to the chapters whose ``parameters`` cell declares it; a name no chapter
        declares raises :class:`ParameterError`, and so do ``corpus`` and ``figures_dir``,
        which the command sets, and a value outside the range ``data/parameters.yml`` gives
        it (see :func:`~corpus_utils.parameters.check_parameter`). ``rules="none"`` (no cleaning) is passed on as is.
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
        Chapters executed at once, 1 to 64 (default: the number of cores, at most 2).
    progress : bool, default True
        Write a line on the error stream before each slow step that precedes the chapters
        (reading the chapters' parameters, reading the corpus, checking the lexicon, starting
        the chapters), as each chapter starts and ends and as a long one changes stage
        (:func:`~.execute.run_chapters`), and
        before the front page. A value or folder refused before anything is read is the one line of
        its error, with no line before it.

    engine : {"memory", "dask"}, default "memory"
        Where the corpus is read, decoded, cleaned and tokenized, once, before the chapters start
        (:mod:`corpus_utils.engine`): in worker processes forked from this one, one per core
        (:func:`corpus_utils.engine.processes`, stopped before the chapters start; a small corpus is
        read here), or on a Dask cluster (a local one with the machine's cores, or the one at
        ``scheduler``), with the same results. The chapters read those
        results back (:mod:`corpus_utils.shared`); with ``"dask"`` they also find the scheduler's address
        there (:func:`corpus_utils.shared.write_engine`) and run their permutation tests' products on
        the same cluster, which stays up until the last chapter ends and is closed before the report is
        published (also when a chapter fails); their other steps run in their kernels.
    scheduler : str, optional
        With ``engine="dask"``, the address of a running scheduler; an unreachable one stops the run
        with one line (:class:`corpus_utils.errors.SchedulerError`) before anything is written.
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
    from .. import count, lexicon, load, shared
    from ..groups import check_groups

    options = dict(options or {})
    publish.refuse_owned_parameters(options)
    corpus_path = Path(corpus)
    out = publish.check_out(out, corpus_path, force)
    figures_inside = publish.check_figures_dir(figures_dir, corpus_path, out)
    for name, value in options.items():  # values first: a refused value is one line, before any progress line
        if name in PARAMETERS:
            check_parameter(name, value)
    if jobs is not None:
        check_parameter("jobs", jobs)
    chapters = find_chapters(notebooks_dir)
    say(f"reading the parameters of {plural(len(chapters), 'chapter')} ...", progress)
    declared = {}
    for chapter in chapters:
        try:
            declared[chapter] = chapter_parameters(chapter)
        except Exception as exc:  # papermill cannot read the notebook or its parameters cell
            raise ChapterError(chapter.stem, None, f"cannot read its parameters ({exc})", None) from None
    known = set().union(*(set(p) for p in declared.values())) - {"corpus", "figures_dir", "shared"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise ParameterError(
            f"unknown parameter(s) {', '.join(unknown)} (the chapters take: {', '.join(sorted(known))})",
            fix=UNKNOWN_FIX,
        )
    for name in options:
        if name not in PARAMETERS:  # a chapter declares it, but it has no range: refused as unknown
            check_parameter(name, options[name])

    load_kwargs = {k: options[k] for k in ("label_column", "text_column", "rules") if options.get(k) is not None}
    if engine not in ENGINES:
        raise ParameterError(f"--engine must be {' or '.join(ENGINES)} (got {engine!r})",
                             fix=f"Choose --engine {' or '.join(ENGINES)}")
    if scheduler is not None and engine != "dask":
        raise ParameterError("--scheduler names a Dask scheduler, for --engine dask", fix="Add --engine dask, or drop --scheduler")
    # the engine: this machine's workers stop once the corpus is read; a Dask engine (its client, and the local cluster
    # it started) is closed once the chapters are done
    workers = contextlib.ExitStack()
    with workers:
        runner = workers.enter_context(_engine(engine, scheduler, progress))  # unreachable: one line, nothing written
        say(f"reading, cleaning and tokenizing {corpus} ...", progress)  # as typed: the terminal is the user's
        with warnings.catch_warnings(record=True) as caught:  # kept for the chapters, which read this load back
            warnings.simplefilter("always")
            data = load.load_corpus(corpus_path, **load_kwargs, engine=runner)  # fail fast, before any kernel starts
        for w in caught:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        if options.get("lexicon") is not None:
            say(f"checking the lexicon {options['lexicon']} ...", progress)
            lexicon.load_lexicon(options["lexicon"])  # likewise: a bad lexicon is an input error, not a failed chapter
        groups = check_groups(data, options.get("groups"), minimum=2)
        if options.get("groups") is not None and len(groups) < 2:  # one group against the rest cannot be clustered
            raise ParameterError(
                f"--groups names one group ({groups[0]}); the essay compares at least two",
                fix="Name two or more groups, or leave --groups out to compare every group")
        taking_part = int(data["group"].isin(groups).sum())
        if taking_part < MIN_DOCUMENTS:
            raise TooFewDocumentsError(
                f"the groups compared hold {taking_part} documents; the essay needs at least {MIN_DOCUMENTS} "
                "(clustering cannot be judged on fewer)", corpus, "Add documents to the groups compared")
        k = options.get("n_clusters")
        if k is not None and not (isinstance(k, int) and 2 <= k <= len(data)):
            raise ParameterError(
                f"--n-clusters must be a whole number from 2 to the number of documents, {len(data)} (got {k})",
                fix="Choose fewer clusters, or leave it out to use the number of groups",
            )
        tokens = count.index_tokens(data, engine=runner)  # once, for every chapter (said by the reading line)
        if runner.name != "dask":  # this machine's workers are done: they go before the chapters' start
            workers.close()

        publish.remove_stale_staging(out)  # left by an earlier run that was killed
        staging = publish.make_staging(out)
        try:
            if figures_inside is not None:
                figures = publish.make_figures_dir(staging, figures_inside)
            else:
                figures = Path(figures_dir)
            folder = publish.make_shared(staging)
            said = [str(w.message) for w in caught if issubclass(w.category, load.CorpusWarning)]
            if load.share_corpus(folder, corpus_path, data, said, **load_kwargs):
                shared.write_tokens(folder, tokens, data)
            del tokens  # the chapters read the index from its files
            jobs_list = chapter_jobs(chapters, declared, corpus_path, options, staging, figures)
            shown_figures = figures_inside if figures_inside is not None else Path(os.path.abspath(figures)).name
            given = {"corpus": corpus_path, "figures_dir": str(shown_figures), **options}
            for job in jobs_list:
                job.shown = as_given(job.parameters, given)
            n_jobs = max(1, min(jobs or min(2, os.cpu_count() or 1), len(jobs_list)))
            say(START_LINE.format(documents=plural(len(data), "document"), groups=plural(data["group"].nunique(), "group"),
                                  chapters=plural(len(jobs_list), "chapter"), at_once=n_jobs), progress)
            started = time.monotonic()
            if runner.name == "dask":  # the chapters' permutation tests connect to the same cluster
                shared.write_engine(folder, runner.address)
            settings = explorer.vocabulary_settings(declared, options)  # chapter 02's parameters, on the corpus read above
            explorer_page = IdleWork(lambda: explorer.explorer_html(data, settings, shared=folder))
            results = run_chapters(jobs_list, n_jobs, progress, idle=explorer_page)
            workers.close()  # the chapters are done: the workers go now, not after the front page
            say(f"all {plural(len(jobs_list), 'chapter')} done in {seconds_text(time.monotonic() - started)}; "
                "writing the front page and the term explorer ...", progress)
            lengths = count.group_lengths(data)
            manifest = {
                "command": reproduce_command(corpus, out, options, figures_dir),
                "corpus": as_typed(corpus),  # an absolute path by its name: the fingerprint below identifies it
                "documents": int(len(data)),
                "documents_per_group": dict(zip(lengths["group"], lengths["documents"].astype(int).tolist())),
                "tokens_per_group": dict(zip(lengths["group"], lengths["tokens"].astype(int).tolist())),
                "groups_compared": groups,
                "corpus_sha256": load.corpus_fingerprint(data),
                "parameters": {k: options[k] for k in sorted(options)},
                "chapters": [
                    {"notebook": j.chapter.name, "title": results[j.chapter.name]["title"], "parameters": j.parameters}
                    for j in jobs_list
                ],
                "versions": _versions(),
            }
            (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
            index = front.front_page(manifest, [job.chapter for job in jobs_list], results)
            (staging / "index.html").write_text(index, encoding="utf-8")
            (staging / explorer.EXPLORER_PAGE).write_text(explorer_page.result(), encoding="utf-8")
        except BaseException as exc:
            kept = publish.keep_partial(staging, out)
            if disk_full(exc):
                raise DiskFullError(
                    f"no space left on the device while writing the report; {out} was not changed and the unfinished "
                    f"report is kept at {kept}", out,
                    f"Free space on that device (deleting {kept} frees what this run wrote) and run again") from None
            if isinstance(exc, ChapterError):
                notebook = kept / exc.kept.name if exc.kept is not None else None
                raise ChapterError(exc.chapter, exc.cell, exc.summary, notebook) from None
            if isinstance(exc, KeyboardInterrupt):
                raise RunInterrupted(out, kept, getattr(exc, "signum", signal.SIGINT)) from None
            raise
    publish.publish(staging, out, force)
    return out


def _engine(name: str, scheduler: str | None, progress: bool):
    """The engine of the run's corpus-wide passes: this machine's worker processes, or a Dask engine."""
    from .. import engine

    if name != "dask":  # this machine's cores, in worker processes forked from this one
        return engine.processes()
    say("starting a local Dask cluster ..." if scheduler is None else f"connecting to the Dask scheduler {scheduler} ...",
        progress)
    return engine.dask(scheduler)


#: The errors of a write that found its device (or the user's quota) full.
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the device is full: an OSError with ENOSPC or EDQUOT, or a chapter that failed on one.

    Examples
    --------
    >>> disk_full(OSError(errno.ENOSPC, "No space left on device")), disk_full(OSError(errno.EACCES, "denied"))
    (True, False)
    """
    if isinstance(exc, OSError) and exc.errno in DISK_FULL:
        return True
    return isinstance(exc, ChapterError) and any(f"[Errno {code}]" in exc.summary for code in DISK_FULL)


def chapter_jobs(chapters: list[Path], declared: dict, corpus: Path, options: dict, folder: Path,
                 figures: Path) -> list[ChapterJob]:
    """One job per chapter: the parameters it declares, with paths relative to ``folder``, where it runs.

    ``folder`` (the staging folder) is a sibling of the final report folder, so a relative
    path from it holds for the finished report too, and no temporary name reaches a notebook
    or the manifest. A parameter equal to the chapter's own default is not passed.

    Parameters
    ----------
    chapters : list of Path
        The chapter notebooks, in order.
    declared : dict
        ``{chapter: {name: default as source text}}``, from :func:`~.execute.chapter_parameters`.
    corpus : Path
        The corpus, as the user gave it.
    options : dict
        The chapter parameters the user gave; ``rules="none"`` (no cleaning) is passed on as is,
        other ``rules`` and ``lexicon`` paths are made relative to ``folder``.
    folder : Path
        Where the chapters run and their executed copies are written.
    figures : Path
        Where the figures go.

    Returns
    -------
    list of ChapterJob
        In the order of ``chapters``, each with links to its neighbours (their pages and titles).
    """
    import nbformat

    from ..clean import NO_RULES

    notebooks = [nbformat.read(str(chapter), as_version=4) for chapter in chapters]
    titles = [chapter_title(nb, chapter.stem) for nb, chapter in zip(notebooks, chapters)]
    after = [tuple(nb.metadata.get("corpus_essay", {}).get("after", ())) for nb in notebooks]
    first = [nb.metadata.get("corpus_essay", {}).get("start_first") is True for nb in notebooks]
    links = navigation([(chapter.with_suffix(".html").name, title) for chapter, title in zip(chapters, titles)])
    jobs_list = []
    for chapter, nav, waits, start_first in zip(chapters, links, after, first):
        wanted = {"corpus": _relative_to(corpus, folder), "figures_dir": _relative_to(figures, folder),
                  "shared": SHARED_DIR}
        wanted.update(options)
        for name in PATH_PARAMETERS:  # paths given by the user are relative to where they ran the command
            value = wanted.get(name)
            if value is not None and not (name == "rules" and value == NO_RULES):
                wanted[name] = _relative_to(Path(value), folder)
        params = {k: v for k, v in wanted.items() if k in declared[chapter] and not _same_default(declared[chapter][k], v)}
        jobs_list.append(ChapterJob(chapter, folder / chapter.name, params, folder, nav=nav, after=waits,
                                    start_first=start_first))
    return jobs_list


def _relative_to(target: Path, start: Path) -> str:
    """A path as the notebook (running in ``start``) should see it: relative when possible."""
    target = target.resolve()
    try:
        return os.path.relpath(target, start.resolve())
    except ValueError:  # another drive on Windows
        return str(target)


def _same_default(default_repr: str, value) -> bool:
    """papermill reports defaults as source text; compare them with the value given."""
    import ast

    try:
        return ast.literal_eval(default_repr) == value
    except (ValueError, SyntaxError):
        return False


def _versions() -> dict:
    versions = {"python": platform.python_version()}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def reproduce_command(corpus, out, options: dict, figures_dir) -> list[str]:
    """The ``corpus-essay run`` command that reproduces a report, as a list of words.

    Paths are shown as typed (see :func:`~.pages.as_typed`). An option with a flag of its own
    is written with it (``--label-column party``, ``--groups a b``, ``--n-clusters 3``) when
    the flag can carry its value; every other one as ``-p NAME VALUE``, the value written so
    that the command reads it back as the same value (YAML).

    Parameters
    ----------
    corpus : str or Path
        The corpus as the user gave it.
    out : str or Path
        The report folder.
    options : dict
        The chapter parameters the user gave.
    figures_dir : str or Path, optional
        The ``--figures-dir`` the user gave, if any.

    Returns
    -------
    list of str
        The words of the command, from ``corpus-essay`` on.

    Examples
    --------
    >>> reproduce_command("texts", "r", {"n_clusters": 3, "top_n": 5}, None)
    ['corpus-essay', 'run', 'texts', '--out', 'r', '--n-clusters', '3', '-p', 'top_n', '5']
    """
    import yaml

    words = ["corpus-essay", "run", as_typed(corpus), "--out", as_typed(out)]
    if figures_dir is not None:
        words += ["--figures-dir", as_typed(figures_dir)]
    for name in sorted(options):
        value = options[name]
        if isinstance(value, Path) or (name in PATH_PARAMETERS and isinstance(value, str)):
            value = as_typed(value)
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
