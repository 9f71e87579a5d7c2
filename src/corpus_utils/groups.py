"""Groups: the one parser of which groups a comparison takes, and how.

Every analysis reads its ``groups`` argument here (:func:`comparisons`), so that every chapter
accepts the same values and gives the same errors; the command line checks a corpus's groups
before any chapter runs (:func:`check_groups`). This module reads labels only: it never opens a
file and imports no other step of the analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from .errors import LabelError

__all__ = ["REST", "Comparison", "check_groups", "comparisons"]


#: The name of group b in a one-vs-rest comparison: every other document in scope.
REST = "rest"


class Comparison(NamedTuple):
    """One comparison of two groups of documents.

    Attributes
    ----------
    group_a, group_b : str
        The names; ``group_b`` is :data:`REST` in a one-vs-rest comparison.
    in_a, in_b : numpy.ndarray of bool
        Which documents belong to each group (documents outside the comparison are in neither).
    mode : str
        ``"pair"`` or ``"one-vs-rest"``.
    """

    group_a: str
    group_b: str
    in_a: np.ndarray
    in_b: np.ndarray
    mode: str


def _chosen_groups(present: list[str], groups) -> list[str]:
    """The named groups, checked against the labels present; a string is one group."""
    if groups is None:
        chosen = list(present)
    elif isinstance(groups, str):
        chosen = [groups]
    else:
        chosen = list(groups)
    unknown = [g for g in chosen if g not in present]
    if unknown:
        raise LabelError(
            f"unknown group(s) {', '.join(map(repr, unknown))} (the labels are: {', '.join(map(str, present))})",
            fix="Pass groups that are labels of the corpus",
        )
    if len(set(chosen)) != len(chosen):
        raise LabelError(
            f"groups must be different labels (got {', '.join(map(repr, chosen))})",
            fix="Name each group once",
        )
    return chosen


def comparisons(labels, groups: Sequence[str] | str | None = None) -> list[Comparison]:
    """Parse ``groups`` into the comparisons an analysis makes: one pair, or one-vs-rest.

    The one place where groups are read, so that every analysis accepts the same values and
    gives the same errors:

    * two names ``(a, b)``: the pair, a against b (other documents take no part);
    * ``None``: every label, sorted; two labels are a pair, three or more give one-vs-rest;
    * three or more names: each named group against the other named groups (one-vs-rest);
    * one name (a string, or a list of one): that group against every other document.

    In one-vs-rest, group b is called :data:`REST`.

    Parameters
    ----------
    labels : array-like of str
        One label per document.
    groups : (str, str), sequence of str, str or None

    Returns
    -------
    list of Comparison
        One for a pair, one per named group for one-vs-rest.

    Raises
    ------
    LabelError
        If a group is not a label, a group is named twice, or fewer than two groups take part.

    Examples
    --------
    >>> [(c.group_a, c.group_b, c.in_a.tolist()) for c in comparisons(["x", "y", "z"], "y")]
    [('y', 'rest', [False, True, False])]
    """
    labels = pd.Series(list(labels), dtype=object)
    present = sorted(set(labels.tolist()))
    chosen = _chosen_groups(present, groups)
    rest_exists = len(chosen) == 1 and bool((labels != chosen[0]).any())
    if len(chosen) < 2 and not rest_exists:
        raise LabelError(
            f"a comparison needs at least 2 groups (got {len(chosen)}: {', '.join(map(str, chosen)) or 'none'})",
            fix="Label the documents with at least two different values, or choose another label column",
        )
    if len(chosen) == 2:
        a, b = chosen
        return [Comparison(a, b, (labels == a).to_numpy(), (labels == b).to_numpy(), "pair")]
    if REST in present:
        raise LabelError(
            f"a group is labelled {REST!r}, but {REST!r} names every other group in one-vs-rest comparisons",
            fix=f"Rename that group (for example to '{REST}-group'), or compare two groups with --groups A B",
        )
    in_scope = labels.isin(chosen).to_numpy() if len(chosen) > 1 else np.ones(len(labels), dtype=bool)
    return [
        Comparison(g, REST, (labels == g).to_numpy(), in_scope & (labels != g).to_numpy(), "one-vs-rest")
        for g in chosen
    ]


def check_groups(corpus: pd.DataFrame, groups: Sequence[str] | str | None = None, minimum: int = 2) -> list[str]:
    """Return the groups a comparison will use, or say why it cannot be made.

    The groups are read by :func:`comparisons` (the same rules and errors as every analysis).

    Parameters
    ----------
    corpus : pandas.DataFrame
        A loaded corpus (its ``group`` column).
    groups : (str, str), sequence of str, str or None
        The labels to compare; by default every label, sorted. One label (a string) is
        compared with every other document.
    minimum : int, default 2
        How many groups the comparison needs (the rest of a one-vs-rest comparison of one
        named group counts as one).

    Returns
    -------
    list of str
        The named groups, in the order given (sorted by default).

    Raises
    ------
    LabelError
        If a named group is not a label of the corpus, is named twice, or there are fewer
        than ``minimum`` groups.
    """
    comps = comparisons(corpus["group"], groups)
    names = [comps[0].group_a, comps[0].group_b] if comps[0].mode == "pair" else [c.group_a for c in comps]
    taking_part = max(len(names), 2)
    if taking_part < minimum:
        raise LabelError(
            f"a comparison needs at least {minimum} groups (got {len(names)}: {', '.join(names)})",
            fix="Label the documents with more different values, or choose another label column",
        )
    return names
