"""Report: small presentation helpers the chapter notebooks share.

They format what the analysis modules computed; they compute nothing themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .errors import CorpusError

__all__ = ["join_words", "plural", "say", "setup_notebook"]


def setup_notebook() -> None:
    """Prepare a chapter notebook: table display settings and one-line input errors.

    * pandas shows 3 decimals, up to 40 rows and 20 columns, wide tables on one line;
    * a :class:`~corpus_utils.errors.CorpusError` raised in a cell is shown as its
      one-line message (which file, what to do) instead of a traceback, and the cell
      still fails, so papermill stops at that cell.
    """
    pd.set_option("display.precision", 3)
    pd.set_option("display.max_rows", 40)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 160)
    pd.set_option("display.expand_frame_repr", False)
    pd.set_option("display.max_colwidth", 80)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return
    shell = get_ipython()
    if shell is None:
        return

    def _one_line(shell, etype, evalue, tb, tb_offset=None):
        stb = [f"{etype.__name__}: {evalue}"]
        shell._showtraceback(etype, evalue, stb)  # send it as the cell's error output
        return stb

    shell.set_custom_exc((CorpusError,), _one_line)


def say(text: str) -> None:
    """Display ``text`` as Markdown (a sentence rendered from computed values)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "document") == "1 document"``; ``plural(3, "document") == "3 documents"``."""
    word = singular if n == 1 else (plural_form or singular + "s")
    return f"{n:,} {word}"


def join_words(items: Iterable[str], quote: str = "", conjunction: str = "and") -> str:
    """Join items as prose: ``"a"``, ``"a and b"``, ``"a, b and c"``.

    Parameters
    ----------
    items : iterable of str
    quote : str, default ""
        Put around each item (e.g. ``"*"`` for italics, ``"`"`` for code).
    conjunction : str, default "and"
    """
    words = [f"{quote}{item}{quote}" for item in items]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]
