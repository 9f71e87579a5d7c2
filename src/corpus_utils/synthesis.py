"""Synthesis: what the evidence supports, the chapters' results side by side.

The vocabulary (:func:`corpus_utils.keyness.stability` and
:func:`corpus_utils.keyness.permutation_test`), framing (:func:`corpus_utils.frame.separation`)
and clustering (:func:`corpus_utils.cluster.agreement`) chapters each end in a table of
findings with their own columns. :func:`evidence` puts them in one tidy table, one row per
finding, with the same columns for every method: the comparison, the item (a term, a frame,
the clusters), the side it leans to, its effect, its p-values and floor, how many documents
carry it, and whether it rests on one document. The other functions read that table:

* :func:`main_findings`: the strongest finding per method, comparison and side;
* :func:`verdicts`: per method and comparison, whether anything separates the groups, whether
  the test could have said so at all (its floor), and how many findings rest on one document;
* :func:`cross_check`: per comparison, the methods' verdicts side by side, and whether they agree;
* :func:`term_frame_links`: the distinctive terms that are words of a frame, and whether the
  term and its frame lean the same way.

Every function is pure (tables in, a tidy table out, settings in ``DataFrame.attrs``) and cheap:
it reads a few rows per finding and recomputes no statistic.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ParameterError, check_alpha, require_columns
from .lexicon import Lexicon, load_lexicon
from .groups import REST
from .methods import METHODS as REGISTERED_METHODS
from .methods import frame_value, statistic

__all__ = [
    "COLUMNS",
    "CROSS_CHECK_COLUMNS",
    "LINK_COLUMNS",
    "METHODS",
    "VERDICTS",
    "VERDICT_COLUMNS",
    "cross_check",
    "evidence",
    "main_findings",
    "term_frame_links",
    "verdicts",
]

#: The methods' names, in the order of the chapters (and of the rows of every table here).
METHODS = tuple(m.name for m in REGISTERED_METHODS)

#: The columns of :func:`evidence` (and :func:`main_findings`).
COLUMNS = [
    "method", "group_a", "group_b", "item", "leans_to", "effect", "effect_name", "p_value", "p_adjusted",
    "min_p", "n_relabelings", "docs_own", "n_own", "stability", "one_document", "testable", "passes",
]

#: The columns of :func:`verdicts`.
VERDICT_COLUMNS = [
    "method", "group_a", "group_b", "n_items", "n_testable", "n_passing", "n_one_document",
    "best_p_adjusted", "floor", "verdict",
]

#: The columns of :func:`cross_check`.
CROSS_CHECK_COLUMNS = ["group_a", "group_b", *METHODS, "agree", "n_methods"]

#: The columns of :func:`term_frame_links`.
LINK_COLUMNS = ["group_a", "group_b", "term", "term_leans_to", "frame", "frame_leans_to", "same_direction"]

#: The verdicts of :func:`verdicts`, from strongest to weakest.
VERDICTS = ("separates", "no evidence", "untestable", "not tested")

#: The name of the clustering finding (the clusters against the labels).
CLUSTERS_AND_LABELS = "clusters and labels"

_OBJECT_COLUMNS = ["method", "group_a", "group_b", "item", "leans_to", "effect_name"]
_FLOAT_COLUMNS = ["effect", "p_value", "p_adjusted", "min_p", "stability"]
_INT_COLUMNS = ["n_relabelings", "docs_own", "n_own"]
_BOOL_COLUMNS = ["one_document", "testable", "passes"]
# p-values are shares of whole numbers of relabelings; this only absorbs the last bit of rounding
_TOLERANCE = 1e-12


def _at_most(values, alpha: float) -> np.ndarray:
    """``values <= alpha`` (NaN: False), allowing for the last bit of floating-point rounding."""
    v = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(v), False, v <= alpha + _TOLERANCE)


def _none_if_missing(value):
    return None if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA else value


def _empty() -> pd.DataFrame:
    return _typed(pd.DataFrame({c: [] for c in COLUMNS}))


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    table = table.reindex(columns=COLUMNS)
    table["n_relabelings"] = table["n_relabelings"].fillna(0)  # no test given
    for c in _OBJECT_COLUMNS:
        table[c] = pd.Series([_none_if_missing(v) for v in table[c]], index=table.index, dtype=object)
    return table.astype({**dict.fromkeys(_FLOAT_COLUMNS, np.float64), **dict.fromkeys(_INT_COLUMNS, np.int64),
                         **dict.fromkeys(_BOOL_COLUMNS, bool)})


# --------------------------------------------------------------------------------------------
# one table of findings


def _vocabulary(stable: pd.DataFrame, perm: pd.DataFrame | None) -> pd.DataFrame:
    source = "cu.keyness.stability"
    require_columns(stable, ["term", "group", "score", "docs_a", "docs_b", "stability"], "the stability table", source)
    attrs = stable.attrs
    missing = [k for k in ("statistic", "comparison", "groups", "group_sizes") if k not in attrs]
    if missing:
        raise ParameterError(f"the stability table's attrs lack {', '.join(missing)}",
                             fix=f"Pass the table returned by {source}, unchanged")
    table = stable.reset_index(drop=True)
    tests = ["p_value", "p_adjusted", "min_p", "n_relabelings"]
    if perm is not None and not perm.empty:
        require_columns(perm, ["term", "group", *tests], "the permutation-test table", "cu.keyness.permutation_test")
        table = table.merge(perm[["term", "group", *tests]], on=["term", "group"], how="left", sort=False)
    else:
        table = table.assign(**dict.fromkeys(tests, np.nan))
    leans = table["group"].astype(object).to_numpy()
    if attrs["comparison"] == "one-vs-rest":
        group_a, group_b = leans, np.full(len(table), REST, dtype=object)
    else:
        a, b = attrs["groups"][0], attrs["groups"][1]
        group_a, group_b = np.full(len(table), a, dtype=object), np.full(len(table), b, dtype=object)
    docs_own = np.where(leans == group_a, table["docs_a"], table["docs_b"]).astype(np.int64)
    n_own = np.array([attrs["group_sizes"].get(g, 0) for g in leans], dtype=np.int64)
    resampling = table["resampling"] if "resampling" in table else pd.Series(attrs.get("resampling", ""), index=table.index)
    leave_one_out = (resampling.astype(str) == "leave-one-out").to_numpy()
    stability = table["stability"].to_numpy(dtype=np.float64)
    return pd.DataFrame({
        "method": "vocabulary", "group_a": group_a, "group_b": group_b, "item": table["term"].astype(object),
        "leans_to": leans, "effect": table["score"], "effect_name": statistic(attrs["statistic"]).effect,
        **{c: table[c] for c in tests}, "docs_own": docs_own, "n_own": n_own, "stability": stability,
        "one_document": (docs_own <= 1) | (n_own <= 1) | (leave_one_out & (stability < 1)),
    })


def _framing(separation: pd.DataFrame) -> pd.DataFrame:
    require_columns(separation, ["frame", "group_a", "group_b", "n_a", "n_b", "docs_a", "docs_b", "diff", "p_value", "min_p",
                          "p_adjusted", "n_relabelings", "stable_sign"], "the separation table", "cu.frame.separation")
    t = separation.reset_index(drop=True)
    diff = t["diff"].to_numpy(dtype=np.float64)
    up, down = diff > 0, diff < 0
    leans = np.where(up, t["group_a"].astype(object), np.where(down, t["group_b"].astype(object), None))
    # no leaning side: the documents of both sides
    docs_own = np.where(up, t["docs_a"], np.where(down, t["docs_b"], t["docs_a"] + t["docs_b"])).astype(np.int64)
    n_own = np.where(up, t["n_a"], np.where(down, t["n_b"], t["n_a"] + t["n_b"])).astype(np.int64)
    stable_sign = t["stable_sign"].to_numpy(dtype=bool)
    value = separation.attrs.get("value", "per_1000")
    return pd.DataFrame({
        "method": "framing", "group_a": t["group_a"].astype(object), "group_b": t["group_b"].astype(object),
        "item": t["frame"].astype(object), "leans_to": leans, "effect": diff,
        "effect_name": frame_value(value).effect,
        **{c: t[c] for c in ("p_value", "p_adjusted", "min_p", "n_relabelings")},
        "docs_own": docs_own, "n_own": n_own, "stability": np.nan,
        "one_document": (up | down) & ((docs_own <= 1) | (n_own <= 1) | ~stable_sign),
    })


def _clustering(agreement: pd.DataFrame) -> pd.DataFrame:
    require_columns(agreement, ["column", "status", "n_docs", "ari", "p_value", "min_p", "n_relabelings"],
             "the agreement table", "cu.cluster.agreement")
    row = agreement[(agreement["column"] == "group") & (agreement["status"] == "compared")].head(1)
    n_docs = row["n_docs"].to_numpy(dtype=np.int64)
    return pd.DataFrame({
        "method": "clustering", "group_a": None, "group_b": None, "item": CLUSTERS_AND_LABELS, "leans_to": None,
        "effect": row["ari"].to_numpy(dtype=np.float64), "effect_name": "ARI",
        "p_value": row["p_value"].to_numpy(dtype=np.float64), "p_adjusted": row["p_value"].to_numpy(dtype=np.float64),
        "min_p": row["min_p"].to_numpy(dtype=np.float64), "n_relabelings": row["n_relabelings"].to_numpy(),
        "docs_own": n_docs, "n_own": n_docs, "stability": np.nan, "one_document": n_docs <= 1,
    }, index=pd.RangeIndex(len(row)))


def evidence(
    stable: pd.DataFrame | None = None,
    perm: pd.DataFrame | None = None,
    separation: pd.DataFrame | None = None,
    agreement: pd.DataFrame | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """One row per finding the vocabulary, framing and clustering chapters report.

    In words: every top term of :func:`~corpus_utils.keyness.stability` (with its p-values from
    :func:`~corpus_utils.keyness.permutation_test`, matched on term and group), every frame of
    :func:`~corpus_utils.frame.separation` that some document of the comparison uses (the
    others are listed in ``attrs["unused_frames"]``), and the agreement of the clusters with the labels
    from :func:`~corpus_utils.cluster.agreement` (its ``label`` row, when it was compared)
    become rows with the same columns.

    * ``group_a``, ``group_b``: the comparison (a pair in the order of the tables, or a group
      and ``"rest"``); None for clustering, which concerns every group at once.
    * ``leans_to``: the group a term leans to; for a frame, ``group_a`` when the difference in
      means is positive, ``group_b`` when it is negative, None when it is 0; None for clustering.
    * ``effect``: the term's score (z for log-odds), the frame's difference in means, the ARI;
      ``effect_name`` says which.
    * ``p_value``, ``p_adjusted``, ``min_p`` (the floor: the smallest p-value the test could
      give), ``n_relabelings`` (0 when no test was given); for clustering, a single test, so
      ``p_adjusted`` is ``p_value``.
    * ``docs_own``: the documents of the leaning side that carry the finding (that use the term,
      that have a hit of the frame; the documents compared, for clustering); ``n_own``: the
      documents of that side. A frame leaning to neither side counts the documents of both.
    * ``stability``: the term's share of resamples in which it stays in its group's top list
      (NaN for frames and clustering).
    * ``one_document``: the finding rests on one document: one document of its side carries it
      (``docs_own`` 1), or its side has one document, or a term drops out of the top list when
      some one document is left out (stability below 1, only under leave-one-out resampling:
      a bootstrap share says something else), or a frame's difference changes sign or
      vanishes when some one document is left out (``stable_sign`` False). False for a frame
      leaning to neither side.
    * ``testable``: ``min_p <= alpha`` (the test could reach alpha at all); ``passes``:
      ``p_adjusted <= alpha``. Both False when no test was given.

    Parameters
    ----------
    stable : pandas.DataFrame, optional
        From :func:`corpus_utils.keyness.stability` (with its ``attrs``).
    perm : pandas.DataFrame, optional
        From :func:`corpus_utils.keyness.permutation_test` of the same terms.
    separation : pandas.DataFrame, optional
        From :func:`corpus_utils.frame.separation`.
    agreement : pandas.DataFrame, optional
        From :func:`corpus_utils.cluster.agreement`.
    alpha : float, default 0.05
        The significance level.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`: ``method, group_a, group_b, item, leans_to, effect, effect_name,
        p_value, p_adjusted, min_p, n_relabelings, docs_own, n_own, stability, one_document,
        testable, passes``. Sorted by method (vocabulary, framing, clustering), then
        ``group_a``, ``group_b``, ``p_adjusted``, ``|effect|`` (descending) and ``item``. A
        missing or empty input gives no rows for its method. ``attrs``: ``alpha``, and the
        ``attrs`` of the inputs given under ``vocabulary`` (the stability table's, with the
        permutation test's under ``test``), ``framing`` and ``clustering``.

    Raises
    ------
    ParameterError
        If ``alpha`` is not between 0 and 1, or a table lacks the columns (or, for the
        stability table, the ``attrs``) its function returns.

    Examples
    --------
    >>> import pandas as pd
    >>> ag = pd.DataFrame({"column": ["group"], "status": ["compared"], "n_docs": [5], "ari": [1.0],
    ...                    "p_value": [0.1], "min_p": [0.1], "n_relabelings": [10]})
    >>> row = evidence(agreement=ag).iloc[0]
    >>> row["item"], row["effect_name"], bool(row["testable"]), bool(row["passes"])
    ('clusters and labels', 'ARI', False, False)
    """
    alpha = check_alpha(alpha)
    parts = []
    attrs: dict = {"alpha": alpha}
    if stable is not None:
        attrs["vocabulary"] = {**copy.deepcopy(stable.attrs), "test": copy.deepcopy(perm.attrs) if perm is not None else {}}
        if not stable.empty:
            parts.append(_vocabulary(stable, perm))
    if separation is not None:
        attrs["framing"] = copy.deepcopy(separation.attrs)
        used = (separation["docs_a"] + separation["docs_b"] > 0) if len(separation) else None
        # a frame no document uses is not a finding: the lexicon did not fit, and chapter 03 says so
        attrs["unused_frames"] = sorted(separation.loc[~used, "frame"].unique().tolist()) if used is not None else []
        if used is not None and used.any():
            parts.append(_framing(separation[used]))
    if agreement is not None:
        attrs["clustering"] = copy.deepcopy(agreement.attrs)
        if not agreement.empty:
            parts.append(_clustering(agreement))
    parts = [p for p in parts if len(p)]
    if not parts:
        out = _empty()
    else:
        out = pd.concat([p.assign(testable=_at_most(p["min_p"], alpha), passes=_at_most(p["p_adjusted"], alpha))
                         for p in parts], ignore_index=True)
        out = _typed(out)
        order = out.assign(_method=out["method"].map({m: i for i, m in enumerate(METHODS)}), _abs=-out["effect"].abs())
        order = order.sort_values(["_method", "group_a", "group_b", "p_adjusted", "_abs", "item"], kind="stable",
                                  na_position="last")
        out = out.loc[order.index].reset_index(drop=True)
    out.attrs = attrs
    return out


def _check_evidence(table: pd.DataFrame) -> None:
    require_columns(table, COLUMNS, "the evidence table", "cu.synthesis.evidence")


def _comparison(group_a, group_b) -> tuple:
    return (_none_if_missing(group_a), _none_if_missing(group_b))


# --------------------------------------------------------------------------------------------
# readings of the table


def main_findings(evidence: pd.DataFrame, n_words: int = 1, n_frames: int = 1,
                  several_documents: bool = False) -> pd.DataFrame:
    """The strongest findings per method, comparison and side.

    In words: the table of :func:`evidence` is sorted so that the first row of a comparison
    has the smallest adjusted p-value (then the largest ``|effect|``). This keeps, for
    vocabulary, the first ``n_words`` terms leaning to each side of each comparison; for
    framing, the first ``n_frames`` frames of each comparison whose difference is not 0 (the
    side it leans to is the finding); and the clustering row. The same rule chooses the
    abstract's findings and the differences the next study is designed for
    (:func:`corpus_utils.design.main_features`).

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`evidence`.
    n_words, n_frames : int, default 1
        Terms per side, and frames per comparison.
    several_documents : bool, default False
        Leave out the findings that rest on one document (``one_document``) before choosing.

    Returns
    -------
    pandas.DataFrame
        The rows kept, with the same columns, order and ``attrs``.

    Raises
    ------
    ParameterError
        If the table lacks the columns of :func:`evidence`, or a count is negative.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"method": "framing", "group_a": "a", "group_b": "b", "item": ["trust", "cost", "law"],
    ...                    "effect": [0.0, 2.0, -1.0]})
    >>> main_findings(ev.reindex(columns=COLUMNS))["item"].tolist()
    ['cost']
    """
    _check_evidence(evidence)
    if int(n_words) < 0 or int(n_frames) < 0:
        raise ParameterError(f"n_words and n_frames must be 0 or more (got {n_words}, {n_frames})")
    usable = evidence[~evidence["one_document"].astype(bool)] if several_documents else evidence
    method = usable["method"]
    words = usable[method == "vocabulary"].groupby(["group_a", "group_b", "leans_to"], sort=False, dropna=False)
    frames = usable[(method == "framing") & (usable["effect"] != 0)].groupby(["group_a", "group_b"], sort=False,
                                                                             dropna=False)
    kept = words.head(int(n_words)).index.union(frames.head(int(n_frames)).index).union(usable.index[method == "clustering"])
    out = evidence.loc[evidence.index.isin(kept)].reset_index(drop=True)
    out.attrs = copy.deepcopy(evidence.attrs)
    return out


def verdicts(evidence: pd.DataFrame, alpha: float | None = None) -> pd.DataFrame:
    """Per method and comparison: does anything separate the groups, and could the test say so?

    In words, for the findings of one method in one comparison (clustering: its single
    finding, with no groups):

    * ``"separates"``: some finding passes (``p_adjusted <= alpha``);
    * ``"untestable"``: no finding can reach alpha, whatever the data: every floor
      (``min_p``, the smallest p-value the test could give) is above alpha, typically because
      there are too few documents to relabel;
    * ``"no evidence"``: some finding could have reached alpha, and none does;
    * ``"not tested"``: no finding has a p-value (no test was passed to :func:`evidence`).

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`evidence`.
    alpha : float, optional
        The significance level; by default ``evidence.attrs["alpha"]`` (0.05 if absent).
        ``testable`` and ``passes`` are recomputed with it.

    Returns
    -------
    pandas.DataFrame
        :data:`VERDICT_COLUMNS`: ``method, group_a, group_b, n_items, n_testable, n_passing,
        n_one_document, best_p_adjusted`` (the smallest), ``floor`` (the smallest ``min_p``),
        ``verdict``. One row per method and comparison, in the order of ``evidence``; a method
        without rows is absent. ``attrs["alpha"]`` records the level.

    Raises
    ------
    ParameterError
        If ``alpha`` is not between 0 and 1, or the table lacks the columns of :func:`evidence`.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"method": "framing", "group_a": "a", "group_b": "b", "item": ["cost", "law"],
    ...                    "p_adjusted": [0.5, 0.9], "min_p": [0.1, 0.1], "one_document": [False, True]})
    >>> verdicts(ev.reindex(columns=COLUMNS))[["n_items", "n_one_document", "floor", "verdict"]].values.tolist()
    [[2, 1, 0.1, 'untestable']]
    """
    _check_evidence(evidence)
    alpha = check_alpha(evidence.attrs.get("alpha", 0.05) if alpha is None else alpha)
    testable = pd.Series(_at_most(evidence["min_p"], alpha), index=evidence.index)
    passes = pd.Series(_at_most(evidence["p_adjusted"], alpha), index=evidence.index)
    keys = [(m, *_comparison(a, b)) for m, a, b in zip(evidence["method"], evidence["group_a"], evidence["group_b"])]
    key_series = pd.Series(keys, index=evidence.index, dtype=object)
    rows = []
    for method in METHODS:
        for key in dict.fromkeys(k for k in keys if k[0] == method):
            mask = key_series.map(lambda k, key=key: k == key).to_numpy(dtype=bool)
            part = evidence[mask]
            n_testable, n_passing = int(testable[mask].sum()), int(passes[mask].sum())
            floor = float(part["min_p"].astype(np.float64).min())
            if n_passing:
                verdict = "separates"
            elif n_testable:
                verdict = "no evidence"
            elif np.isnan(floor):
                verdict = "not tested"
            else:
                verdict = "untestable"
            rows.append({
                "method": method, "group_a": key[1], "group_b": key[2], "n_items": len(part),
                "n_testable": n_testable, "n_passing": n_passing,
                "n_one_document": int(part["one_document"].astype(bool).sum()),
                "best_p_adjusted": float(part["p_adjusted"].astype(np.float64).min()), "floor": floor,
                "verdict": verdict,
            })
    out = pd.DataFrame(rows, columns=VERDICT_COLUMNS)
    for c in ("method", "group_a", "group_b", "verdict"):
        out[c] = pd.Series([_none_if_missing(v) for v in out[c]], index=out.index, dtype=object)
    out = out.astype({**dict.fromkeys(["n_items", "n_testable", "n_passing", "n_one_document"], np.int64),
                      "best_p_adjusted": np.float64, "floor": np.float64})
    out.attrs = {"alpha": alpha}
    return out


def cross_check(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Per comparison, the verdicts of vocabulary, framing and clustering side by side.

    In words: every comparison that vocabulary or framing makes gets one row with each
    method's verdict from :func:`verdicts` (clustering's single verdict, about all groups at
    once, applies to every comparison). The methods agree when every verdict present is the
    same.

    Parameters
    ----------
    verdicts : pandas.DataFrame
        From :func:`verdicts`.

    Returns
    -------
    pandas.DataFrame
        :data:`CROSS_CHECK_COLUMNS`: ``group_a, group_b, vocabulary, framing, clustering``
        (the verdicts; None where a method has no row), ``agree`` (bool), ``n_methods`` (the
        verdicts present). Sorted by ``group_a``, then ``group_b``. Empty when neither
        vocabulary nor framing has a row. ``attrs`` are those of ``verdicts``.

    Raises
    ------
    ParameterError
        If the table lacks the columns of :func:`verdicts`.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"method": ["vocabulary", "framing", "clustering"], "group_a": ["a", "a", None],
    ...                   "group_b": ["b", "b", None], "verdict": ["separates", "separates", "untestable"]})
    >>> cross_check(v)[["agree", "n_methods"]].values.tolist()
    [[False, 3]]
    """
    require_columns(verdicts, ["method", "group_a", "group_b", "verdict"], "the verdicts table", "cu.synthesis.verdicts")
    found: dict[tuple, dict] = {}
    clustering = None
    for method, a, b, verdict in zip(verdicts["method"], verdicts["group_a"], verdicts["group_b"], verdicts["verdict"]):
        if method == "clustering":
            clustering = verdict if clustering is None else clustering
        elif method in ("vocabulary", "framing"):
            found.setdefault(_comparison(a, b), {})[method] = verdict
    rows = []
    for (a, b), by_method in sorted(found.items(), key=lambda item: (str(item[0][0]), str(item[0][1]))):
        row = {"group_a": a, "group_b": b, **{m: by_method.get(m) for m in ("vocabulary", "framing")},
               "clustering": clustering}
        present = [row[m] for m in METHODS if row[m] is not None]
        rows.append({**row, "agree": len(set(present)) <= 1, "n_methods": len(present)})
    out = pd.DataFrame(rows, columns=CROSS_CHECK_COLUMNS)
    for c in ("group_a", "group_b", *METHODS):
        out[c] = pd.Series([_none_if_missing(v) for v in out[c]], index=out.index, dtype=object)
    out = out.astype({"agree": bool, "n_methods": np.int64})
    out.attrs = copy.deepcopy(verdicts.attrs)
    return out


def term_frame_links(evidence: pd.DataFrame, lexicon: Lexicon | str | Path | dict | None = None) -> pd.DataFrame:
    """Where vocabulary and framing meet: distinctive terms that are words of a frame.

    In words: for each vocabulary row of :func:`evidence` whose term is a single-word entry of
    a frame in the lexicon, the side the term leans to next to the side its frame leans to in
    the same comparison. Only the lexicon's ``words`` count: a phrase entry, or a word that is
    only part of a phrase, or a scoped word (which counts only inside phrases), is not one
    frame's word on its own.

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`evidence`.
    lexicon : Lexicon, path, dict or None
        As :func:`corpus_utils.lexicon.load_lexicon` (None: the shipped lexicon).

    Returns
    -------
    pandas.DataFrame
        :data:`LINK_COLUMNS`: ``group_a, group_b, term, term_leans_to, frame, frame_leans_to``
        (None when the frame has no row in the comparison or a difference of 0),
        ``same_direction`` (bool; False when ``frame_leans_to`` is None). In the order of the
        vocabulary rows of ``evidence`` (comparison, then the terms' order), then frame.

    Raises
    ------
    ParameterError
        If the table lacks the columns of :func:`evidence`.
    LexiconError
        As :func:`corpus_utils.lexicon.load_lexicon`.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"method": ["vocabulary", "vocabulary", "framing"], "group_a": "a", "group_b": "b",
    ...                    "item": ["fear", "public", "community"], "leans_to": ["a", "a", "b"]})
    >>> lex = {"frames": {"community": {"definition": "Trust.", "words": ["fear"], "phrases": ["public trust"]}}}
    >>> term_frame_links(ev.reindex(columns=COLUMNS), lex)[["term", "frame", "same_direction"]].values.tolist()
    [['fear', 'community', False]]
    """
    _check_evidence(evidence)
    lex = load_lexicon(lexicon)
    entries = lex.entries
    words = entries[(entries["kind"] == "word") & (entries["n_tokens"] == 1) & ~entries["entry"].isin(lex.scoped_words)]
    frame_of = dict(zip(words["entry"], words["frame"]))
    framing = evidence[evidence["method"] == "framing"]
    frame_lean = {(*_comparison(a, b), f): _none_if_missing(lean)
                  for a, b, f, lean in zip(framing["group_a"], framing["group_b"], framing["item"], framing["leans_to"])}
    vocabulary = evidence[evidence["method"] == "vocabulary"]
    rows = []
    for a, b, term, lean in zip(vocabulary["group_a"], vocabulary["group_b"], vocabulary["item"], vocabulary["leans_to"]):
        if term not in frame_of:
            continue
        frame = frame_of[term]
        other = frame_lean.get((*_comparison(a, b), frame))
        rows.append({"group_a": a, "group_b": b, "term": term, "term_leans_to": lean, "frame": frame,
                     "frame_leans_to": other, "same_direction": other is not None and other == lean})
    out = pd.DataFrame(rows, columns=LINK_COLUMNS)
    for c in LINK_COLUMNS[:-1]:
        out[c] = pd.Series([_none_if_missing(v) for v in out[c]], index=out.index, dtype=object)
    out["same_direction"] = out["same_direction"].astype(bool)
    out.attrs = {"lexicon": lex.source}
    return out
