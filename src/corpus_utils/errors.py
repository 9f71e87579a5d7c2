"""Errors a student can act on.

Every problem with the input is raised as a :class:`CorpusError` (a ``ValueError``)
at the place it is detected. Each error holds the offending ``path`` (or ``None``
when the problem is not about one file), the ``reason`` and the ``fix``; its message
reads ``"<path>: <reason>. <fix>"`` so that the command line can print it as one line.
"""

from __future__ import annotations

import numbers
from pathlib import Path

__all__ = [
    "CorpusError",
    "CorpusNotFoundError",
    "DecodeError",
    "DiskFullError",
    "DuplicateDocumentError",
    "EmptyCorpusError",
    "EmptyDocumentError",
    "EmptyVocabularyError",
    "FigureFileError",
    "FileTooLargeError",
    "LabelError",
    "LexiconError",
    "MetadataError",
    "ParameterError",
    "RulesError",
    "SchedulerError",
    "TooFewDocumentsError",
    "UnreadableFileError",
]


class CorpusError(ValueError):
    """Raised when the corpus or an option cannot be used as given.

    Parameters
    ----------
    reason : str
        What was expected and what was found, e.g. ``"expected a 'label' column (got
        columns: a, b)"``.
    path : str or pathlib.Path, optional
        The file or folder the problem is in. Shown first in the message.
    fix : str, optional
        What the user should do about it, as one imperative sentence.
    """

    def __init__(self, reason: str, path: str | Path | None = None, fix: str | None = None):
        self.reason = reason
        self.path = None if path is None else str(path)
        self.fix = fix
        super().__init__(self._message())

    def _message(self) -> str:
        text = self.reason.rstrip(".")
        if self.path is not None:
            text = f"{self.path}: {text}"
        text += "."
        if self.fix:
            text += " " + self.fix.rstrip(".") + "."
        return text

    def __reduce__(self):  # keep the three fields through pickling (papermill, multiprocessing)
        return (type(self), (self.reason, self.path, self.fix))


class CorpusNotFoundError(CorpusError, FileNotFoundError):
    """Raised when the corpus path, or a file named in the metadata, does not exist."""


class DiskFullError(CorpusError, OSError):
    """Raised when the device a report is written to is full: what was kept, and what to free."""


class EmptyCorpusError(CorpusError):
    """Raised when a corpus holds no readable documents."""


class EmptyDocumentError(CorpusError):
    """Raised when a document is empty or holds only white space."""


class DecodeError(CorpusError):
    """Raised when a file is binary or cannot be decoded as text."""


class MetadataError(CorpusError):
    """Raised when the metadata table is missing, malformed or disagrees with the files."""


class FileTooLargeError(CorpusError):
    """Raised when a corpus file is larger than one file may be (``corpus_utils.load.MAX_FILE_BYTES``).

    The size is read from the file system before the file is read, so a huge file costs no memory.
    """


class FigureFileError(CorpusError):
    """Raised when the file a figure would replace is a link, not a regular file, or not a figure of ours."""


class LabelError(CorpusError):
    """Raised when labels are blank, unknown, or too few for a comparison."""


class DuplicateDocumentError(CorpusError):
    """Raised when two documents share one ``doc_id``."""


class SchedulerError(CorpusError, ConnectionError):
    """Raised when the Dask scheduler given by address cannot be used: a malformed address, no answer, or not a scheduler.

    ``path`` holds the address as given.
    """


class TooFewDocumentsError(CorpusError):
    """Raised when an analysis needs more documents than the corpus has."""


class EmptyVocabularyError(CorpusError):
    """Raised when counting leaves no terms (for example a text of stop words only)."""


class RulesError(CorpusError):
    """Raised when a cleaning-rules file has a bad shape."""


class LexiconError(CorpusError):
    """Raised when a frame-lexicon file has a bad shape."""


class ParameterError(CorpusError):
    """Raised when an option or notebook parameter is unknown or out of range."""


class UnreadableFileError(CorpusError, OSError):
    """Raised when a corpus file or folder cannot be read, or is not a regular file.

    For example: no read permission, an I/O error, a symbolic link (never followed inside a corpus
    folder), a named pipe, a device or a socket.
    """


def check_alpha(alpha) -> float:
    """A significance level as a float, or :class:`ParameterError` if it is not a number in (0, 1).

    Examples
    --------
    >>> check_alpha(0.05)
    0.05
    """
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not 0 < alpha < 1:
        raise ParameterError(f"alpha must be a number between 0 and 1, both excluded (got {alpha!r})",
                             fix="Pass a significance level such as 0.05")
    return float(alpha)


def require_columns(table, columns, name: str, source: str) -> None:
    """Raise :class:`ParameterError` unless ``table`` is a DataFrame with every one of ``columns``.

    ``name`` says which table it is ("the separation table"), ``source`` which function makes
    it ("cu.frame.separation"); the message names the missing columns and the ones found.
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"{name} must be a DataFrame (got {type(table).__name__})",
                             fix=f"Pass the table returned by {source}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ParameterError(
            f"{name} lacks the column(s) {', '.join(missing)} (got columns: {', '.join(map(str, table.columns))})",
            fix=f"Pass the table returned by {source}",
        )
