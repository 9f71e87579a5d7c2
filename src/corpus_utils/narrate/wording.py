"""Wording shared by the chapters' sentences: verb agreement, counts, p-values, intervals, support, group names,
capped lists.

No sentence of its own and no statistic: the chapter modules of :mod:`corpus_utils.narrate` fill their
templates with these helpers. Escaping a value from the user's data stays in :mod:`corpus_utils.report`.
"""

from __future__ import annotations

import pandas as pd

from ..groups import REST
from ..report import join_words, p_value_text, plural, quoted
from ..support import CONSISTENT, LEVEL, ONE_DOCUMENT, UNSTABLE

__all__ = [
    "FEW_DOCUMENTS",
    "MAX_LISTED",
    "capped",
    "count_or_none",
    "documents_by_group",
    "first_upper",
    "group_name",
    "group_rows",
    "interval_text",
    "own_side",
    "p_equals",
    "p_text",
    "pair_name",
    "range_text",
    "support_breakdown",
    "verb",
]


#: Fewer documents than this in the smallest group: z is read as a ranking only.
FEW_DOCUMENTS = 10
#: Lists in a sentence stop after this many items ("... and 4 more").
MAX_LISTED = 6


def verb(n: int, singular: str, plural_form: str, *, none_singular: bool = True) -> str:
    """The verb that agrees with a count: 1 takes the singular; so does 0 when the sentence writes it
    "none" (``none_singular``), and the plural when it writes "0 frames" (``none_singular=False``)."""
    return singular if n == 1 or (n == 0 and none_singular) else plural_form


def count_or_none(n: int) -> str:
    """``1,234``, or ``none`` for 0 (the verb then takes the singular: see :func:`verb`)."""
    return f"{n:,}" if n else "none"


def documents_by_group(lengths: pd.DataFrame) -> str:
    """``2 documents labelled *a* and 3 documents labelled *b*`` from a group_lengths table."""
    return join_words(
        (f"{plural(int(r.documents), 'document')} labelled {quoted(r.group)}" for r in lengths.itertuples()),
        escape=False,
    )


def own_side(table: pd.DataFrame, group) -> str:
    """``"a"`` or ``"b"``: the columns (``count_``, ``docs_``, ``rate_``) that hold ``group``'s values."""
    groups = table.attrs.get("groups", [])
    if table.attrs.get("comparison") == "pair" and len(groups) == 2 and group == groups[1]:
        return "b"
    return "a"


def group_rows(table: pd.DataFrame, group) -> pd.DataFrame:
    """The rows of a table (its ``group`` column) that belong to ``group``."""
    return table[table["group"] == group]


def first_upper(text: str) -> str:
    """The text with its first character in upper case (the rest unchanged)."""
    return text[:1].upper() + text[1:]


def group_name(group) -> str:
    """A group as prose: its escaped label in italics, or "the rest" in a one-vs-rest comparison."""
    return "the rest" if group == REST else quoted(group)


def capped(items: list[str], limit: int = MAX_LISTED) -> str:
    """Join prose items (already Markdown), the first ``limit`` of them, then "and N more"."""
    if len(items) <= limit:
        return join_words(items, escape=False)
    return ", ".join(items[:limit]) + f" and {len(items) - limit:,} more"


def p_text(value: float) -> str:
    """A p-value (or a test's floor) as prose: three significant digits, ``0.1``, ``0.00794``; a value
    below the printable range (:data:`corpus_utils.report.SMALLEST_P`, 0 included) is ``< 10⁻³⁰⁰``,
    never 0. After "p" write it with :func:`p_equals`, which puts no "=" before the bound."""
    return p_value_text(value)


def p_equals(value: float, name: str = "p") -> str:
    """``p = 0.1``, ``adjusted p = 0.00794``, or ``p < 10⁻³⁰⁰`` below the printable range."""
    text = p_value_text(value)
    return f"{name} {text}" if text.startswith("<") else f"{name} = {text}"


def pair_name(group_a, group_b) -> str:
    """``*a* and *b*``, or ``*a* and the rest``."""
    return f"{group_name(group_a)} and {group_name(group_b)}"


def _end(value: float, number: str) -> str:
    """One end of an interval written with ``number``; an end that rounds to zero reads 0, never -0."""
    text = number.format(float(value))
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def range_text(low: float, high: float, number: str = "{:.2f}", missing: str = "") -> str:
    """``6.40 to 12.70``: the two ends of an interval, each written with ``number`` (an end just below 0 reads
    0.00, not -0.00); ``missing`` when an end is NaN. A table's cell; prose says :func:`interval_text`."""
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return missing
    return f"{_end(low, number)} to {_end(high, number)}"


def interval_text(low: float, high: float, number: str = "{:.2f}", missing: str = "no interval") -> str:
    """``95% interval 6.40 to 12.70``: a bootstrap interval (:data:`corpus_utils.support.LEVEL`), each end
    written with ``number`` (an end just below 0 reads 0.00, not -0.00); ``missing`` when an end is NaN."""
    ends = range_text(low, high, number)
    return f"{LEVEL:.0%} interval {ends}" if ends else missing


#: The support labels from the strongest to the weakest, the order sentences list them in.
SUPPORT_ORDER = (CONSISTENT, UNSTABLE, ONE_DOCUMENT)


def support_breakdown(levels, names=None, limit: int = 4) -> str:
    """How many findings have each support label, as the predicate of a sentence about them.

    ``2 are consistent, 3 unstable and 5 carried by one document``; ``all 4 are unstable``; ``both are
    consistent``; ``it is carried by one document`` (one finding). The labels are read from a ``support``
    column (:func:`corpus_utils.support.support_level`), never worked out here. With ``names`` (Markdown,
    one per finding, already escaped), the findings of each label follow it in brackets, at most ``limit``
    of them ("and N more").

    Examples
    --------
    >>> support_breakdown(["unstable", "consistent", "consistent"], ["*x*", "*y*", "*z*"])
    '2 are consistent (*y* and *z*) and 1 unstable (*x*)'
    """
    levels = list(levels)
    parts = []
    for level in SUPPORT_ORDER:
        idx = [i for i, value in enumerate(levels) if value == level]
        if idx:
            listed = f" ({capped([names[i] for i in idx], limit)})" if names is not None else ""
            parts.append((len(idx), level, listed))
    if not parts:
        return "none is listed"
    if len(levels) == 1:
        return f"it is {parts[0][1]}"
    if len(parts) == 1:
        k, level, listed = parts[0]
        return f"{'both' if k == 2 else f'all {k:,}'} are {level}{listed}"
    items = [f"{k:,} {verb(k, 'is', 'are')} {level}{listed}" if i == 0 else f"{k:,} {level}{listed}"
             for i, (k, level, listed) in enumerate(parts)]
    return join_words(items, escape=False)
