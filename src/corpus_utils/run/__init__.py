"""Run: execute the chapter notebooks with papermill and publish the essay as a report.

This is the one code path behind ``make essay``, ``make notebooks``, ``make twins`` and the
``corpus-essay`` command (see ``corpus_utils/__main__.py``). Nothing else in the package
imports it. One module per job, each importing only those above it in this list:

``twins``
    The text twin ``NN_name.py`` of a chapter notebook, for review.
``pages``
    One executed chapter as one self-contained HTML page (the nbconvert template
    ``templates/essay``), and what the front page reads of a chapter.
``publish``
    Where a report may go, and the only code here that creates, renames or deletes
    folders: the staging folder, the marker, ``--force``, the partial folder.
``execute``
    papermill over one chapter (a job), several at a time in worker processes; refreshing
    the committed notebooks in place.
``front``
    The front page ``index.html`` (the Jinja template ``templates/front``).
``explorer``
    The term explorer ``explorer.html``: every term of chapter 02, drawn with Bokeh.
``essay``
    :func:`run_essay`: the inputs checked, the jobs run, the manifest and the command that
    reproduces the report written, the report published.
"""

from .essay import FLAG_PARAMETERS, RECORDED_PACKAGES, run_essay
from .explorer import EXPLORER_PAGE, explorer_html
from .execute import (
    KERNEL_ARGUMENTS,
    ChapterError,
    RunInterrupted,
    chapter_parameters,
    stop_on_signals,
    default_notebooks_dir,
    find_chapters,
    refresh_notebook,
    strip_volatile,
)
from .pages import ABSTRACT_TAG, PROSE_TAG, SUMMARY_TAG, tagged_markdown
from .publish import REPORT_MARKER
from .twins import TWIN_FORMAT, twin_text, write_twin

__all__ = [
    "ABSTRACT_TAG",
    "ChapterError",
    "EXPLORER_PAGE",
    "FLAG_PARAMETERS",
    "KERNEL_ARGUMENTS",
    "PROSE_TAG",
    "RECORDED_PACKAGES",
    "REPORT_MARKER",
    "RunInterrupted",
    "SUMMARY_TAG",
    "TWIN_FORMAT",
    "chapter_parameters",
    "default_notebooks_dir",
    "explorer_html",
    "find_chapters",
    "refresh_notebook",
    "run_essay",
    "stop_on_signals",
    "strip_volatile",
    "tagged_markdown",
    "twin_text",
    "write_twin",
]
