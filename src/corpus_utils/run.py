"""Run: execute the chapter notebooks with papermill and render the essay.

This is the one code path behind ``make essay``, ``make notebooks`` and the
``corpus-essay`` command (see ``__main__.py``). Nothing else in the package imports it.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path

from .errors import CorpusError, ParameterError

__all__ = [
    "ChapterError",
    "KERNEL_ARGUMENTS",
    "chapter_parameters",
    "default_notebooks_dir",
    "find_chapters",
    "refresh_notebook",
    "run_essay",
    "strip_volatile",
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


#: Chapter parameters that name files; they are rewritten relative to the notebooks' folder.
_PATH_PARAMETERS = ("rules", "lexicon")


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


def refresh_notebook(path: str | Path) -> None:
    """Re-execute a committed notebook in place with its default parameters.

    The notebook runs with its own folder as the working directory (so relative paths in
    its ``parameters`` cell resolve as they do in JupyterLab), and volatile metadata is
    stripped so that the stored outputs are reproducible.

    Raises
    ------
    ChapterError
        If a cell fails; the notebook on disk is left unchanged.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / path.name
        try:
            _execute(path, out, {}, path.parent, progress=sys.stderr.isatty())
        except Exception as exc:  # papermill raises PapermillExecutionError
            cell, summary = _failure_summary(exc)
            raise ChapterError(path.stem, cell, summary, None) from None
        shutil.copyfile(out, path)


@dataclass
class _Job:
    chapter: Path
    output: Path
    parameters: dict
    cwd: Path


_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _run_job(job: _Job, progress: bool, threads: int | None = None) -> str:
    """Execute one chapter and render its HTML; returns the chapter's title."""
    if threads is not None:  # chapters running side by side share the cores instead of fighting for them
        for name in _THREAD_VARIABLES:
            os.environ[name] = str(threads)
    try:
        nb = _execute(job.chapter, job.output, job.parameters, job.cwd, progress)
    except Exception as exc:
        cell, summary = _failure_summary(exc)
        raise ChapterError(job.chapter.stem, cell, summary, job.output) from None
    return _render_html(nb, job)


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
        self-contained ``.html``, plus ``index.html``, ``manifest.json`` and ``figures/``.
    options : dict, optional
        Notebook parameters (``label_column``, ``groups``, ``n_clusters``, ...). Each is
        passed to the chapters whose ``parameters`` cell declares it; a name no chapter
        declares raises :class:`ParameterError`.
    force : bool, default False
        Replace an existing report folder. Without it an existing folder is an error.
    notebooks_dir : str or Path, optional
        Where the chapters are; by default the project's ``notebooks/``.
    figures_dir : str or Path, optional
        Where figures go; by default ``<out>/figures``.
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
        If the corpus cannot be loaded or an option is unknown (nothing is written).
    ChapterError
        If a chapter fails; the good report that was at ``out`` (if any) is untouched.
    """
    from . import load

    options = dict(options or {})
    corpus_path = Path(corpus)
    out = Path(out)
    chapters = find_chapters(notebooks_dir)
    declared = {}
    for chapter in chapters:
        try:
            declared[chapter] = chapter_parameters(chapter)
        except Exception as exc:  # papermill cannot read the notebook or its parameters cell
            raise ChapterError(chapter.stem, None, f"cannot read its parameters ({exc})", None) from None
    known = set().union(*(set(p) for p in declared.values()))
    unknown = sorted(set(options) - known)
    if unknown:
        raise ParameterError(
            f"unknown parameter(s) {', '.join(unknown)} (the chapters take: {', '.join(sorted(known))})",
            fix="Check the spelling, or see `corpus-essay run --help`",
        )
    if out.exists() and not force:
        raise ParameterError(
            "the report folder already exists", out, "Choose another --out folder, or pass --force to replace it"
        )

    load_kwargs = {k: options[k] for k in ("label_column", "text_column", "rules") if options.get(k) is not None}
    data = load.load_corpus(corpus_path, **load_kwargs)  # fail fast, with one message, before any kernel starts
    groups = load.check_groups(data, options.get("groups"), minimum=2)
    k = options.get("n_clusters")
    if k is not None and not (isinstance(k, int) and 2 <= k <= len(data)):
        raise ParameterError(
            f"--n-clusters must be a whole number from 2 to the number of documents, {len(data)} (got {k})",
            fix="Choose fewer clusters, or leave it out to use the number of groups",
        )

    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    final_figures = Path(figures_dir) if figures_dir is not None else out / "figures"
    staging_figures = Path(figures_dir) if figures_dir is not None else staging / "figures"
    jobs_list = []
    for chapter in chapters:
        cwd = chapter.parent
        wanted = {"corpus": _relative_to(corpus_path, cwd), "figures_dir": _relative_to(staging_figures, cwd)}
        wanted.update(options)
        for name in _PATH_PARAMETERS:  # paths given by the user are relative to where they ran the command
            if wanted.get(name) is not None:
                wanted[name] = _relative_to(Path(wanted[name]), cwd)
        params = {k: v for k, v in wanted.items() if k in declared[chapter] and not _same_default(declared[chapter][k], v)}
        jobs_list.append(_Job(chapter, staging / chapter.name, params, cwd))

    cores = os.cpu_count() or 1
    n_jobs = max(1, min(jobs or min(2, cores), len(jobs_list)))
    titles: dict[str, str] = {}
    bar = _progress(len(jobs_list), progress)
    try:
        if n_jobs == 1:
            for job in jobs_list:
                titles[job.chapter.name] = _run_job(job, progress=False)
                bar.update(1)
        else:
            threads = max(1, cores // n_jobs)
            with ProcessPoolExecutor(max_workers=n_jobs) as pool:
                futures = {pool.submit(_run_job, job, False, threads): job for job in jobs_list}
                for future in as_completed(futures):
                    titles[futures[future].chapter.name] = future.result()
                    bar.update(1)
    finally:
        bar.close()
    titles = {job.chapter.name: titles[job.chapter.name] for job in jobs_list}  # chapter order
    manifest = {
        "corpus": str(corpus),
        "documents": int(len(data)),
        "documents_per_group": {str(k): int(v) for k, v in data["label"].value_counts().sort_index().items()},
        "groups_compared": groups,
        "corpus_sha256": load.corpus_fingerprint(data),
        "parameters": {k: options[k] for k in sorted(options)},
        "chapters": [{"notebook": j.chapter.name, "title": titles[j.chapter.name], "parameters": j.parameters} for j in jobs_list],
        "versions": _versions(),
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    (staging / "index.html").write_text(_index_html(manifest, titles), encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)
    if figures_dir is None and not final_figures.exists():
        final_figures.mkdir(parents=True, exist_ok=True)
    return out


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


def _render_html(nb, job: _Job) -> str:
    """Write the chapter's self-contained HTML next to its notebook; return its title."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", embed_images=True, exclude_input_prompt=True, exclude_output_prompt=True)
    title = _title(nb, job.chapter.stem)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    job.output.with_suffix(".html").write_text(body, encoding="utf-8")
    return title


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _index_html(manifest: dict, titles: dict[str, str]) -> str:
    from html import escape

    items = "\n".join(
        f'    <li><a href="{escape(Path(name).with_suffix(".html").name)}">{escape(title)}</a></li>'
        for name, title in titles.items()
    )
    groups = ", ".join(f"{escape(g)}: {n}" for g, n in manifest["documents_per_group"].items())
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Corpus essay</title>
<style>body{{font-family:sans-serif;max-width:44em;margin:2em auto;line-height:1.5}}</style></head>
<body>
  <h1>Corpus essay</h1>
  <p>Corpus <code>{escape(manifest['corpus'])}</code>: {manifest['documents']} documents ({groups}).</p>
  <ol>
{items}
  </ol>
  <p>How this report was made: <a href="manifest.json">manifest.json</a>.</p>
</body>
</html>
"""
