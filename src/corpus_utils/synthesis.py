"""Synthesis: what the evidence supports, the chapters' results side by side, each piece counted once.

The vocabulary (:func:`corpus_utils.keyness.stability` and
:func:`corpus_utils.keyness.permutation_test`), framing (:func:`corpus_utils.frame.separation`)
and clustering (:func:`corpus_utils.agreement.agreement`) chapters each end in a table of
findings with their own columns. :func:`evidence` puts them in one tidy table, one row per
finding, with the same columns for every method: the comparison, the item (a term, a frame,
the clusters), the side it leans to, its effect with its bootstrap interval, its p-values and
floor, how many documents carry it, and its support (carried by one document, unstable or
consistent). The other functions read that table:

* :func:`frame_echoes`: whether most hits of a frame are words the word lists already list (an
  echo of them, not a second route), and the frame's difference without those words;
* :func:`main_findings`: the strongest finding per method, comparison and side;
* :func:`verdicts`: per method and comparison, whether anything separates the groups once the
  methods are counted together (Holm's adjustment across them, :func:`holm`), whether the test
  could have said so at all (its floor), and the verdicts that count a piece of evidence once:
  framing is *not applicable* when its lexicon covers under 5 % of the tokens, an *echo* when
  only frames that echo the word lists pass, and clustering is *unstable* or *weak* when its
  partition changes with the seed or barely follows the labels;
* :func:`cross_check`: per comparison, the methods' verdicts side by side, and whether they agree;
* :func:`term_frame_links`: the distinctive terms that are words of a frame, and whether the
  term and its frame lean the same way;
* :func:`distinctive_terms`: for each group, the words and phrases that most set it apart and
  that many of its documents use, written as the texts write them (the front page's finding).

Every function is pure (tables in, a tidy table out, settings in ``DataFrame.attrs``) and cheap:
it reads a few rows per finding and recomputes no statistic, except :func:`frame_echoes`, which
recounts the frames without the listed words and tests them as chapter 03 does.
"""

from __future__ import annotations

import copy
import numbers
from pathlib import Path

import numpy as np
import pandas as pd

from . import context as _context
from . import frame as _frame
from .cluster import STABLE_ARI, WEAK_ARI
from .count import TokenIndex
from .errors import ParameterError, check_alpha, require_columns
from .groups import REST, comparisons
from .lexicon import Lexicon, load_lexicon
from .methods import METHODS as REGISTERED_METHODS
from .methods import compared_value, statistic
from .resample import N_RESAMPLES
from .support import CONSISTENT, ONE_DOCUMENT, UNSTABLE

__all__ = [
    "COLUMNS",
    "CONSISTENT",
    "CROSS_CHECK_COLUMNS",
    "DISTINCTIVE_COLUMNS",
    "DISTINCTIVE_SHARE",
    "ECHO_COLUMNS",
    "ECHO_SHARE",
    "LINK_COLUMNS",
    "METHODS",
    "ONE_DOCUMENT",
    "UNSTABLE",
    "VERDICTS",
    "VERDICT_COLUMNS",
    "cross_check",
    "distinctive_terms",
    "evidence",
    "frame_echoes",
    "holm",
    "main_findings",
    "term_frame_links",
    "verdicts",
]

#: The methods' names, in the order of the chapters (and of the rows of every table here).
METHODS = tuple(m.name for m in REGISTERED_METHODS)

# ONE_DOCUMENT, UNSTABLE and CONSISTENT are the evidence vocabulary of corpus_utils.support, which alone writes
# the rule; they are imported from there and named here for the tables' readers.

#: A frame echoes the listed words when more than this share of its hits (in the documents compared) are
#: matches of listed words: most of them.
ECHO_SHARE = 0.5

#: The columns of :func:`evidence` (and :func:`main_findings`).
COLUMNS = [
    "method", "group_a", "group_b", "item", "leans_to", "effect", "effect_low", "effect_high", "effect_name",
    "p_value", "p_adjusted", "min_p", "n_relabelings", "docs_own", "n_own", "stability", "support", "one_document",
    "echo", "listed_share", "echo_terms", "effect_without", "p_adjusted_without", "testable", "passes",
]

#: The columns of :func:`frame_echoes`.
ECHO_COLUMNS = ["frame", "group_a", "group_b", "hits", "listed_hits", "listed_share", "echo", "echo_terms",
                "diff_without", "p_value_without", "p_adjusted_without", "min_p_without"]

#: The columns of :func:`verdicts`.
VERDICT_COLUMNS = [
    "method", "group_a", "group_b", "n_items", "n_testable", "n_passing", "n_one_document", "n_unstable", "n_echo",
    "best_p_adjusted", "p_holm", "best_effect", "stability", "floor", "verdict",
]

#: The columns of :func:`cross_check`.
CROSS_CHECK_COLUMNS = ["group_a", "group_b", *METHODS, "agree", "n_methods", "n_separating"]

#: The columns of :func:`term_frame_links`.
LINK_COLUMNS = ["group_a", "group_b", "term", "term_leans_to", "frame", "frame_leans_to", "same_direction"]

#: The columns of :func:`distinctive_terms` (the input of :func:`corpus_utils.plot.plot_distinctive_terms`).
DISTINCTIVE_COLUMNS = ["group", "term", "label", "score", "score_low", "score_high", "docs", "n_docs", "support", "kind",
                       "rank"]

#: A distinctive term is used by at least this share of its group's documents (and by two of them at least).
#: One in twenty: a word of one-sentence reviews rarely reaches half of them even when it plainly sets a group apart
#: (*movie* in 14 of 75 rotten reviews); the support rule already keeps out what one document carries.
DISTINCTIVE_SHARE = 0.05

#: The verdicts of :func:`verdicts`, from strongest to weakest.
VERDICTS = ("separates", "weak", "unstable", "echo", "no evidence", "untestable", "not tested", "not applicable")
#: The verdicts that do not count in the agreement of the methods: a method that does not apply to the
#: corpus, and frames that only repeat the word lists.
NOT_COUNTED = ("not applicable", "echo")

#: The name of the clustering finding (the clusters against the labels).
CLUSTERS_AND_LABELS = "clusters and labels"

_OBJECT_COLUMNS = ["method", "group_a", "group_b", "item", "leans_to", "effect_name", "support", "echo_terms"]
_FLOAT_COLUMNS = ["effect", "effect_low", "effect_high", "p_value", "p_adjusted", "min_p", "stability", "listed_share",
                  "effect_without", "p_adjusted_without"]
_INT_COLUMNS = ["n_relabelings", "docs_own", "n_own"]
_BOOL_COLUMNS = ["one_document", "echo", "testable", "passes"]
# p-values are shares of whole numbers of relabelings; this only absorbs the last bit of rounding
_TOLERANCE = 1e-12


def _at_most(values, alpha: float) -> np.ndarray:
    """``values <= alpha`` (NaN: False), allowing for the last bit of floating-point rounding."""
    v = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(v), False, v <= alpha + _TOLERANCE)


def _none_if_missing(value):
    return None if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA else value


def _flags(values) -> np.ndarray:
    """A column of flags as bools, a missing value (NaN, None) counting as False."""
    return np.array([bool(v) if _none_if_missing(v) is not None else False for v in values], dtype=bool)


def _empty() -> pd.DataFrame:
    return _typed(pd.DataFrame({c: [] for c in COLUMNS}))


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    table = table.reindex(columns=COLUMNS)
    table["n_relabelings"] = table["n_relabelings"].fillna(0)  # no test given
    for c in _OBJECT_COLUMNS:
        table[c] = pd.Series([_none_if_missing(v) for v in table[c]], index=table.index, dtype=object)
    for c in _BOOL_COLUMNS:
        table[c] = _flags(table[c])
    return table.astype({**dict.fromkeys(_FLOAT_COLUMNS, np.float64), **dict.fromkeys(_INT_COLUMNS, np.int64)})


def _column(table: pd.DataFrame, name: str, default=np.nan) -> pd.Series:
    """``table[name]``, or ``default`` on every row when an older table lacks the column."""
    if name in table.columns:
        return table[name]
    return pd.Series([default] * len(table), index=table.index, dtype=object if default is None else None)


def _one_document(support: pd.Series, old_rule: np.ndarray) -> np.ndarray:
    """Carried by one document: the support column says so; a table without it falls back to the old rule."""
    labels = support.to_numpy(dtype=object)
    known = np.array([_none_if_missing(v) is not None for v in labels], dtype=bool)
    return np.where(known, labels == ONE_DOCUMENT, old_rule)


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
    support = _column(table, "support", None)
    # a table from before the support column: one document carries it, its side has one, or it leaves the list
    old_rule = (docs_own <= 1) | (n_own <= 1) | (leave_one_out & (stability < 1))
    return pd.DataFrame({
        "method": "vocabulary", "group_a": group_a, "group_b": group_b, "item": table["term"].astype(object),
        "leans_to": leans, "effect": table["score"], "effect_low": _column(table, "score_low"),
        "effect_high": _column(table, "score_high"), "effect_name": statistic(attrs["statistic"]).effect,
        **{c: table[c] for c in tests}, "docs_own": docs_own, "n_own": n_own, "stability": stability,
        "support": support, "one_document": _one_document(support, old_rule),
    })


def _framing(separation: pd.DataFrame, echoes: pd.DataFrame | None) -> pd.DataFrame:
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
    value = separation.attrs.get("value", "per_1000")  # a frame value, or a theme's share
    support = _column(t, "support", None)
    old_rule = (docs_own <= 1) | (n_own <= 1) | ~stable_sign
    out = pd.DataFrame({
        "method": "framing", "group_a": t["group_a"].astype(object), "group_b": t["group_b"].astype(object),
        "item": t["frame"].astype(object), "leans_to": leans, "effect": diff, "effect_low": _column(t, "diff_low"),
        "effect_high": _column(t, "diff_high"), "effect_name": compared_value(value).effect,
        **{c: t[c] for c in ("p_value", "p_adjusted", "min_p", "n_relabelings")},
        "docs_own": docs_own, "n_own": n_own, "stability": np.nan, "support": support,
        # a frame leaning to neither side is no finding of one document
        "one_document": (up | down) & _one_document(support, old_rule),
    })
    if echoes is not None and len(echoes):
        require_columns(echoes, ECHO_COLUMNS, "the echo table", "cu.synthesis.frame_echoes")
        keys = ["frame", "group_a", "group_b"]
        found = echoes.drop_duplicates(keys).set_index(keys)
        index = pd.MultiIndex.from_arrays([t["frame"], t["group_a"], t["group_b"]])
        matched = found.reindex(index)
        out["echo"] = _flags(matched["echo"])
        out["listed_share"] = matched["listed_share"].to_numpy(dtype=np.float64)
        out["echo_terms"] = matched["echo_terms"].to_numpy(dtype=object)
        out["effect_without"] = matched["diff_without"].to_numpy(dtype=np.float64)
        out["p_adjusted_without"] = matched["p_adjusted_without"].to_numpy(dtype=np.float64)
    return out


def _themes(themes: pd.DataFrame, listed: pd.DataFrame | None) -> pd.DataFrame:
    """The framing route's rows when themes stand in for the lexicon: one per theme and comparison, named by its label."""
    require_columns(themes, ["theme", "label"], "the theme comparison", "cu.themes.compare_themes")
    out = _framing(themes.drop(columns="frame", errors="ignore").rename(columns={"label": "frame"}), None)
    if listed is not None and len(listed):
        require_columns(listed, ["theme", "listed_share", "listed_terms"], "the listed-share table", "cu.themes.listed_share")
        found = listed.drop_duplicates("theme").set_index("theme").reindex(themes["theme"].to_numpy())
        share = found["listed_share"].to_numpy(dtype=np.float64)
        out["listed_share"] = share
        out["echo"] = np.nan_to_num(share, nan=0.0) > ECHO_SHARE + _TOLERANCE
        out["echo_terms"] = [_none_if_missing(v) for v in found["listed_terms"].to_numpy(dtype=object)]
    return out


def _clustering(agreement: pd.DataFrame, stability: float) -> pd.DataFrame:
    require_columns(agreement, ["column", "status", "n_docs", "ari", "p_value", "min_p", "n_relabelings"],
             "the agreement table", "cu.agreement.agreement")
    row = agreement[(agreement["column"] == "group") & (agreement["status"] == "compared")].head(1)
    n_docs = row["n_docs"].to_numpy(dtype=np.int64)
    one = n_docs <= 1
    if np.isnan(stability):
        support = [ONE_DOCUMENT if o else None for o in one]
    else:
        support = [ONE_DOCUMENT if o else UNSTABLE if stability < STABLE_ARI - _TOLERANCE else CONSISTENT for o in one]
    return pd.DataFrame({
        "method": "clustering", "group_a": None, "group_b": None, "item": CLUSTERS_AND_LABELS, "leans_to": None,
        "effect": row["ari"].to_numpy(dtype=np.float64), "effect_low": np.nan, "effect_high": np.nan,
        "effect_name": "ARI",
        "p_value": row["p_value"].to_numpy(dtype=np.float64), "p_adjusted": row["p_value"].to_numpy(dtype=np.float64),
        "min_p": row["min_p"].to_numpy(dtype=np.float64), "n_relabelings": row["n_relabelings"].to_numpy(),
        "docs_own": n_docs, "n_own": n_docs, "stability": stability, "support": pd.Series(support, dtype=object),
        "one_document": one,
    }, index=pd.RangeIndex(len(row)))


def _share(coverage) -> float:
    """The share of tokens the lexicon covers: a number, or the table of :func:`corpus_utils.frame.coverage`."""
    if isinstance(coverage, numbers.Real) and not isinstance(coverage, bool):
        share = float(coverage)
    elif isinstance(coverage, pd.DataFrame):
        if "token_share" in coverage.attrs:
            share = float(coverage.attrs["token_share"])
        else:
            require_columns(coverage, ["framed_tokens", "n_tokens"], "the coverage table", "cu.frame.coverage")
            share = float(coverage["framed_tokens"].sum() / max(int(coverage["n_tokens"].sum()), 1))
    else:
        raise ParameterError(f"coverage must be a share of tokens or the table of cu.frame.coverage "
                             f"(got {type(coverage).__name__})", fix="Pass framing.coverage")
    if not 0 <= share <= 1:
        raise ParameterError(f"coverage must be a share between 0 and 1 (got {share!r})", fix="Pass framing.coverage")
    return share


def _seed_ari(seeds) -> float:
    """The mean ARI between seeded partitions: a number, or the table of :func:`corpus_utils.cluster.seed_stability`."""
    if seeds is None:
        return np.nan
    if isinstance(seeds, numbers.Real) and not isinstance(seeds, bool):
        return float(seeds)
    if isinstance(seeds, pd.DataFrame) and "mean_ari" in seeds.attrs:
        return float(seeds.attrs["mean_ari"])
    raise ParameterError(f"seeds must be the mean ARI between seeds or the table of cu.cluster.seed_stability "
                         f"(got {type(seeds).__name__})", fix="Pass clustering.seeds")


def evidence(
    stable: pd.DataFrame | None = None,
    perm: pd.DataFrame | None = None,
    separation: pd.DataFrame | None = None,
    agreement: pd.DataFrame | None = None,
    alpha: float = 0.05,
    *,
    coverage=None,
    echoes: pd.DataFrame | None = None,
    seeds=None,
    themes: pd.DataFrame | None = None,
    theme_echoes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per finding the vocabulary, framing and clustering chapters report.

    In words: every top term of :func:`~corpus_utils.keyness.stability` (with its p-values from
    :func:`~corpus_utils.keyness.permutation_test`, matched on term and group), every frame of
    :func:`~corpus_utils.frame.separation` that some document of the comparison uses (the
    others are listed in ``attrs["unused_frames"]``), and the agreement of the clusters with the labels
    from :func:`~corpus_utils.agreement.agreement` (its ``label`` row, when it was compared)
    become rows with the same columns.

    * ``group_a``, ``group_b``: the comparison (a pair in the order of the tables, or a group
      and ``"rest"``); None for clustering, which concerns every group at once.
    * ``leans_to``: the group a term leans to; for a frame, ``group_a`` when the difference in
      means is positive, ``group_b`` when it is negative, None when it is 0; None for clustering.
    * ``effect``: the term's score (z for log-odds), the frame's difference in means, the ARI;
      ``effect_name`` says which. ``effect_low``, ``effect_high``: its 95 % bootstrap interval
      over documents (the ``score_low``/``score_high`` and ``diff_low``/``diff_high`` of the
      chapters' tables; NaN for clustering, or for a table that lacks them).
    * ``p_value``, ``p_adjusted``, ``min_p`` (the floor: the smallest p-value the test could
      give), ``n_relabelings`` (0 when no test was given); for clustering, a single test, so
      ``p_adjusted`` is ``p_value``.
    * ``docs_own``: the documents of the leaning side that carry the finding (that use the term,
      that have a hit of the frame; the documents compared, for clustering); ``n_own``: the
      documents of that side. A frame leaning to neither side counts the documents of both.
    * ``stability``: the term's share of resamples in which it stays in its group's top list;
      for clustering, the mean ARI between the partitions of different seeds (``seeds``); NaN
      for frames.
    * ``support``: the chapters' own ``support`` column, one of :data:`ONE_DOCUMENT`,
      :data:`UNSTABLE`, :data:`CONSISTENT` (defined in :mod:`corpus_utils.support`; None when a
      table lacks it). For clustering: carried by one document when one document is compared,
      unstable when the mean ARI between seeds is below :data:`corpus_utils.cluster.STABLE_ARI`,
      consistent otherwise (None without ``seeds``).
    * ``one_document``: ``support`` is "carried by one document" (False for a frame leaning to
      neither side). A table without ``support`` keeps the older rule: one document of its side
      carries it, its side has one document, a term drops out of the top list when one document
      is left out, a frame's difference changes sign or vanishes when one is left out.
    * ``echo``, ``listed_share``, ``echo_terms``, ``effect_without``, ``p_adjusted_without``
      (frames, from ``echoes``): whether more than :data:`ECHO_SHARE` of the frame's hits are
      listed words, that share, the listed words among its hits, and the frame's difference and
      adjusted p once those words are taken out (False and NaN without ``echoes``).
    * **Themes in the frames' place**: when the lexicon covers under
      :data:`corpus_utils.frame.LOW_COVERAGE` of the tokens and ``themes`` is given, the framing
      route is read from the themes discovered in the corpus instead: one row per theme and
      comparison (``item`` is the theme's label, ``effect`` its difference in mean share of the
      documents), and the frames give no row, so the route is counted once.
      ``attrs["framing_source"]`` says which ("lexicon" or "themes"). A theme echoes the word
      lists when more than :data:`ECHO_SHARE` of its top terms' weight is on listed terms
      (``theme_echoes``, from :func:`corpus_utils.themes.listed_share`; no recount without them:
      ``effect_without`` stays NaN). When the lexicon fits, the themes are chapter 03's cross-check
      and give no row.
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
        From :func:`corpus_utils.agreement.agreement`.
    alpha : float, default 0.05
        The significance level.
    coverage : pandas.DataFrame or float, optional
        :func:`corpus_utils.frame.coverage` (or the share of tokens it reports): below
        :data:`corpus_utils.frame.LOW_COVERAGE` framing does not apply to the corpus.
    echoes : pandas.DataFrame, optional
        From :func:`frame_echoes`.
    seeds : pandas.DataFrame or float, optional
        From :func:`corpus_utils.cluster.seed_stability` (or its ``mean_ari``).
    themes : pandas.DataFrame, optional
        From :func:`corpus_utils.themes.compare_themes`: the framing route when the lexicon does not fit.
    theme_echoes : pandas.DataFrame, optional
        From :func:`corpus_utils.themes.listed_share` with the word lists' terms.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`. Sorted by method (vocabulary, framing, clustering), then ``group_a``,
        ``group_b``, ``p_adjusted``, ``|effect|`` (descending) and ``item``. A missing or empty
        input gives no rows for its method. ``attrs``: ``alpha``; ``lexicon_coverage`` (NaN
        without ``coverage``) and ``framing_applicable`` (coverage at least ``LOW_COVERAGE``;
        True without ``coverage``), ``low_coverage``; ``echo_share``, ``stable_ari`` and
        ``weak_ari`` (the thresholds); ``clustering_seeds`` (the seeds compared, when ``seeds``
        is the table); and the ``attrs`` of the inputs given under ``vocabulary`` (the
        stability table's, with the permutation test's under ``test``), ``framing`` and
        ``clustering``.

    Raises
    ------
    ParameterError
        If ``alpha`` is not between 0 and 1, a table lacks the columns (or, for the stability
        table, the ``attrs``) its function returns, or ``coverage`` or ``seeds`` is neither a
        number nor its table.

    Examples
    --------
    >>> import pandas as pd
    >>> ag = pd.DataFrame({"column": ["group"], "status": ["compared"], "n_docs": [5], "ari": [1.0],
    ...                    "p_value": [0.1], "min_p": [0.1], "n_relabelings": [10]})
    >>> row = evidence(agreement=ag, seeds=0.6).iloc[0]
    >>> row["item"], row["effect_name"], row["support"], bool(row["testable"]), bool(row["passes"])
    ('clusters and labels', 'ARI', 'unstable', False, False)
    """
    alpha = check_alpha(alpha)
    parts = []
    share = np.nan if coverage is None else _share(coverage)
    attrs: dict = {"alpha": alpha, "lexicon_coverage": share, "low_coverage": _frame.LOW_COVERAGE,
                   "framing_applicable": bool(np.isnan(share) or share >= _frame.LOW_COVERAGE - _TOLERANCE),
                   "echo_share": ECHO_SHARE, "stable_ari": STABLE_ARI, "weak_ari": WEAK_ARI}
    if stable is not None:
        attrs["vocabulary"] = {**copy.deepcopy(stable.attrs), "test": copy.deepcopy(perm.attrs) if perm is not None else {}}
        if not stable.empty:
            parts.append(_vocabulary(stable, perm))
    by_themes = themes is not None and not attrs["framing_applicable"]
    attrs["framing_source"] = "themes" if by_themes else "lexicon"
    if by_themes:
        attrs["framing"] = copy.deepcopy(themes.attrs)
        attrs["framing_applicable"] = True  # the route applies, through the themes
        attrs["unused_frames"] = []
        if len(themes):
            parts.append(_themes(themes, theme_echoes))
    elif separation is not None:
        attrs["framing"] = copy.deepcopy(separation.attrs)
        used = (separation["docs_a"] + separation["docs_b"] > 0) if len(separation) else None
        # a frame no document uses is not a finding: the lexicon did not fit, and chapter 03 says so
        attrs["unused_frames"] = sorted(separation.loc[~used, "frame"].unique().tolist()) if used is not None else []
        if used is not None and used.any():
            parts.append(_framing(separation[used], echoes))
    if agreement is not None:
        attrs["clustering"] = copy.deepcopy(agreement.attrs)
        if not agreement.empty:
            parts.append(_clustering(agreement, _seed_ari(seeds)))
        if isinstance(seeds, pd.DataFrame):
            attrs["clustering_seeds"] = int(seeds.attrs.get("n_seeds", len(seeds)))
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


# --------------------------------------------------------------------------------------------
# frames that echo the word lists


def _listed_words(entries: pd.Series, listed: set[str]) -> list[tuple[str, ...]]:
    """For each lexicon entry of a match, the listed terms it is or holds as words (an empty tuple: none)."""
    cache: dict[str, tuple[str, ...]] = {}
    out = []
    for entry in entries.astype(str):
        if entry not in cache:
            cache[entry] = (entry,) if entry in listed else tuple(w for w in dict.fromkeys(entry.split(" ")) if w in listed)
        out.append(cache[entry])
    return out


def frame_echoes(
    matches: pd.DataFrame,
    tokens: TokenIndex,
    listed_terms,
    groups=None,
    n_resamples: int = N_RESAMPLES,
    seed: int = 0,
    value: str = "per_1000",
) -> pd.DataFrame:
    """Whether each frame's hits are mostly words the word lists already list, and its difference without them.

    In words: a frame match *comes from a listed word* when its lexicon entry is one of
    ``listed_terms`` or contains one as a word (the phrase *trust and cooperation* when *trust*
    is listed: the word counts behind the listing counted that token too). In the documents of
    each comparison, ``listed_share = listed_hits / hits``; the frame **echoes** the listed
    words when that share is above :data:`ECHO_SHARE`: its difference is then mostly the
    words' difference, seen a second time, and not a second route to it. Beside it, the frame's
    difference without those words: the rates are recounted from the matches that do not come
    from a listed word (over the same tokens) and tested as chapter 03 tests them
    (:func:`corpus_utils.frame.separation`, same ``n_resamples`` and ``seed``, so with no listed
    word among the hits the recount gives the chapter's own values).

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`corpus_utils.frame.match_frames`.
    tokens : TokenIndex
        The index the matches were found in.
    listed_terms : iterable of str
        The terms the word lists list (the ``term`` column of
        :func:`corpus_utils.keyness.stability`); the same list serves every comparison.
    groups : sequence of str, str or None
        As :func:`corpus_utils.frame.separation`.
    n_resamples, seed, value
        As :func:`corpus_utils.frame.separation`.

    Returns
    -------
    pandas.DataFrame
        :data:`ECHO_COLUMNS`: one row per frame and comparison, in the order of the recounted
        separation: ``frame, group_a, group_b, hits, listed_hits`` (in the comparison's
        documents), ``listed_share`` (NaN without hits), ``echo`` (bool), ``echo_terms`` (the
        listed words among the hits, most hits first, joined by ", "; None when there are
        none), ``diff_without, p_value_without, p_adjusted_without, min_p_without`` (the
        recounted test). ``attrs``: ``listed`` (the terms, sorted), ``echo_share``, and the
        settings of the recount.

    Raises
    ------
    ParameterError
        As :func:`corpus_utils.frame.separation`, or if ``matches`` lacks its columns.

    Examples
    --------
    Four of the seven *politics* hits are *obama*, a listed word (4 / 7 > 0.5): an echo. Without
    it, the documents of a have 0 and 1 hits in 3 and 2 tokens (0 and 500 per 1,000), those of b
    0 and 2 in 2 and 2 (0 and 1,000): the difference is 250 - 500 = -250.

    >>> import corpus_utils as cu
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2", "3", "4"], "group": ["a", "a", "b", "b"],
    ...                        "text": ["obama obama crime", "obama law", "crime obama", "law law"]})
    >>> tokens = cu.index_tokens(corpus)
    >>> lex = {"frames": {"politics": {"definition": "d", "words": ["obama", "law"]},
    ...                   "crime": {"definition": "d", "words": ["crime"]}}}
    >>> echoes = frame_echoes(cu.frame.match_frames(tokens, lex), tokens, ["obama"]).set_index("frame")
    >>> row = echoes.loc["politics"]
    >>> int(row["hits"]), int(row["listed_hits"]), bool(row["echo"]), row["echo_terms"], float(row["diff_without"])
    (7, 4, True, 'obama', -250.0)
    """
    require_columns(matches, ["doc_id", "frame", "match", "position"], "the matches table", "cu.frame.match_frames")
    listed = {str(t) for t in listed_terms}
    words_of = _listed_words(matches["match"], listed)
    from_listed = np.array([bool(w) for w in words_of], dtype=bool)
    kept = matches[~from_listed]
    kept.attrs = copy.deepcopy(matches.attrs)
    separation = _frame.separation(_frame.frame_rates(kept, tokens), groups, value=value, n_resamples=n_resamples,
                                   seed=seed)
    # hits and listed hits per frame and document (documents in the order of the token index)
    frames = list(separation["frame"].drop_duplicates())
    frame_of = {f: i for i, f in enumerate(frames)}
    doc_of = {d: i for i, d in enumerate(tokens.doc_ids.tolist())}
    cell = (matches["frame"].map(frame_of).to_numpy(dtype=np.int64) * tokens.n_docs
            + matches["doc_id"].map(doc_of).to_numpy(dtype=np.int64))
    size = len(frames) * tokens.n_docs
    hits = np.bincount(cell, minlength=size).reshape(len(frames), tokens.n_docs)
    listed_hits = np.bincount(cell[from_listed], minlength=size).reshape(len(frames), tokens.n_docs)
    # the listed words behind each listed match, one row per word
    words = pd.DataFrame({"cell": cell[from_listed], "word": [w for w in words_of if w]}).explode("word")
    scope = {(c.group_a, c.group_b): c.in_a | c.in_b for c in comparisons(tokens.labels, groups)}
    rows = []
    for r in separation.itertuples(index=False):
        f, in_scope = frame_of[r.frame], scope[(r.group_a, r.group_b)]
        n_hits, n_listed = int(hits[f, in_scope].sum()), int(listed_hits[f, in_scope].sum())
        share = n_listed / n_hits if n_hits else np.nan
        cells = f * tokens.n_docs + np.flatnonzero(in_scope)
        counts = words.loc[words["cell"].isin(cells), "word"].value_counts()
        counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
        rows.append({
            "frame": r.frame, "group_a": r.group_a, "group_b": r.group_b, "hits": n_hits, "listed_hits": n_listed,
            "listed_share": share, "echo": bool(n_hits and share > ECHO_SHARE + _TOLERANCE),
            "echo_terms": ", ".join(counts.index.astype(str)) if len(counts) else None,
            "diff_without": r.diff, "p_value_without": r.p_value, "p_adjusted_without": r.p_adjusted,
            "min_p_without": r.min_p,
        })
    out = pd.DataFrame(rows, columns=ECHO_COLUMNS).astype({"hits": np.int64, "listed_hits": np.int64, "echo": bool,
                                                           "listed_share": np.float64})
    out["echo_terms"] = pd.Series([_none_if_missing(v) for v in out["echo_terms"]], index=out.index, dtype=object)
    out.attrs = {"listed": sorted(listed), "echo_share": ECHO_SHARE, "value": value, "n_resamples": n_resamples,
                 "seed": seed}
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


def holm(p_values) -> np.ndarray:
    """Holm's step-down adjustment of several p-values, so that together they hold the level.

    In words: sort the ``m`` p-values from smallest to largest; the ``i``-th smallest (from
    ``i = 1``) is multiplied by ``m - i + 1``, capped at 1, and never falls below the adjusted
    value before it. Rejecting every hypothesis whose adjusted p is at most alpha keeps the
    chance of rejecting any true one at most alpha, whatever the dependence between the tests.
    NaN stays NaN and does not count in ``m``; ties keep their order.

    Parameters
    ----------
    p_values : array-like of float

    Returns
    -------
    numpy.ndarray
        The adjusted p-values, in the order given.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
    Journal of Statistics* 6(2), 65-70.

    Examples
    --------
    Three p-values 0.01, 0.04 and 0.03: 3 x 0.01 = 0.03, 2 x 0.03 = 0.06, 1 x 0.04 = 0.04,
    raised to 0.06.

    >>> holm([0.01, 0.04, 0.03]).round(2).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p_values, dtype=np.float64).ravel()
    out = np.full(p.shape, np.nan)
    finite = np.flatnonzero(~np.isnan(p))
    order = finite[np.argsort(p[finite], kind="stable")]
    running, m = 0.0, len(order)
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out


def _verdict(method: str, p_holm: float, floor: float, alpha: float, applicable: bool, echo_passes: bool,
             stability: float, effect: float) -> str:
    """The verdict of one method in one comparison (see :func:`verdicts`)."""
    if method == "framing" and not applicable:
        return "not applicable"
    if _at_most([p_holm], alpha)[0]:
        if method == "clustering" and stability < STABLE_ARI - _TOLERANCE:
            return "unstable"
        if method == "clustering" and effect < WEAK_ARI - _TOLERANCE:
            return "weak"
        return "separates"
    if echo_passes:
        return "echo"
    if _at_most([floor], alpha)[0]:
        return "no evidence"
    return "not tested" if np.isnan(floor) else "untestable"


def verdicts(evidence: pd.DataFrame, alpha: float | None = None) -> pd.DataFrame:
    """Per method and comparison: does anything separate the groups, counting each piece of evidence once?

    In words, for the findings of one method in one comparison (clustering: its single
    finding, with no groups), the findings that *count* are all of them except the frames that
    echo the word lists (``echo``: most of their hits are listed words, so they are not a
    second route). The method's best adjusted p-value among the findings that count is then
    adjusted once more, across every method and comparison of the table (:func:`holm`, the
    ``p_holm`` column), so that "some method separates the groups" is said of a corpus without
    any real difference at most an ``alpha`` share of the time. Framing that does not apply
    takes no part in that family.

    * ``"not applicable"`` (framing): the lexicon covers under
      :data:`corpus_utils.frame.LOW_COVERAGE` of the tokens (``attrs["framing_applicable"]``
      of the evidence): its frame counts describe too little of the texts to be a route;
    * ``"separates"``: ``p_holm <= alpha``; for clustering, only when the partition is also
      stable across seeds (mean ARI between them at least
      :data:`corpus_utils.cluster.STABLE_ARI`) and the agreement is not weak (ARI at least
      :data:`corpus_utils.cluster.WEAK_ARI`); an unknown stability does not hold it back;
    * ``"unstable"`` (clustering): beyond chance, but the partition changes with the seed;
    * ``"weak"`` (clustering): beyond chance and stable, but the ARI is below ``WEAK_ARI``;
    * ``"echo"`` (framing): nothing that counts passes, but some frame that echoes the word
      lists does (``p_adjusted <= alpha``);
    * ``"untestable"``: no finding can reach alpha, whatever the data: every floor
      (``min_p``, the smallest p-value the test could give, ties included) is above alpha,
      typically because there are too few documents to relabel;
    * ``"no evidence"``: some finding could have reached alpha, and none that counts does;
    * ``"not tested"``: no finding has a p-value (no test was passed to :func:`evidence`).

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`evidence`.
    alpha : float, optional
        The significance level; by default ``evidence.attrs["alpha"]`` (0.05 if absent).

    Returns
    -------
    pandas.DataFrame
        :data:`VERDICT_COLUMNS`: ``method, group_a, group_b, n_items, n_testable, n_passing``
        (``p_adjusted <= alpha``, echoes included), ``n_one_document``, ``n_unstable`` (support
        "unstable"), ``n_echo``, ``best_p_adjusted`` (the smallest among the findings that
        count; NaN when none counts), ``p_holm`` (it, adjusted across the methods; NaN when the
        method takes no part), ``best_effect`` (the effect of that finding: for clustering, the
        ARI), ``stability`` (clustering: the mean ARI between seeds), ``floor`` (the smallest
        ``min_p``), ``verdict``. One row per method and comparison, in the order of
        ``evidence``; a method without rows is absent. ``attrs``: ``alpha``, ``n_family`` (the
        p-values Holm's adjustment counts), ``framing_applicable``, ``lexicon_coverage``,
        ``framing_source`` and the thresholds of the evidence.

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
    applicable = bool(evidence.attrs.get("framing_applicable", True))
    testable = _at_most(evidence["min_p"], alpha)
    passes = _at_most(evidence["p_adjusted"], alpha)
    echo = _flags(evidence["echo"])
    one = _flags(evidence["one_document"])
    unstable = (evidence["support"] == UNSTABLE).to_numpy(dtype=bool)
    p_adj = evidence["p_adjusted"].to_numpy(dtype=np.float64)
    floors = evidence["min_p"].to_numpy(dtype=np.float64)
    effect = evidence["effect"].to_numpy(dtype=np.float64)
    stability = evidence["stability"].to_numpy(dtype=np.float64)
    keys = [(m, *_comparison(a, b)) for m, a, b in zip(evidence["method"], evidence["group_a"], evidence["group_b"])]
    members: dict[tuple, list[int]] = {}
    for i, key in enumerate(keys):
        members.setdefault(key, []).append(i)
    rows = []
    for method in METHODS:
        for key, where in members.items():
            if key[0] != method:
                continue
            idx = np.asarray(where)
            counted = idx[~echo[idx]]
            known = counted[~np.isnan(p_adj[counted])]
            # the best finding that counts: the smallest adjusted p (the table's order breaks ties), else the first
            best = known[np.argmin(p_adj[known])] if len(known) else (counted[0] if len(counted) else None)
            rows.append({
                "method": method, "group_a": key[1], "group_b": key[2], "n_items": len(idx),
                "n_testable": int(testable[idx].sum()), "n_passing": int(passes[idx].sum()),
                "n_one_document": int(one[idx].sum()), "n_unstable": int(unstable[idx].sum()),
                "n_echo": int(echo[idx].sum()),
                "best_p_adjusted": float(p_adj[best]) if len(known) else np.nan,
                "best_effect": float(effect[best]) if best is not None else np.nan,
                "stability": float(stability[idx[0]]) if method == "clustering" else np.nan,
                "floor": float(np.nanmin(floors[idx])) if (~np.isnan(floors[idx])).any() else np.nan,
                "echo_passes_": bool((passes[idx] & echo[idx]).any()),
            })
    out = pd.DataFrame(rows, columns=[*VERDICT_COLUMNS, "echo_passes_"])
    in_family = ~((out["method"] == "framing") & (not applicable)).to_numpy(dtype=bool)
    family = np.where(in_family, out["best_p_adjusted"].to_numpy(dtype=np.float64), np.nan)
    out["p_holm"] = holm(family) if len(out) else np.array([], dtype=np.float64)
    out["verdict"] = [_verdict(r.method, r.p_holm, r.floor, alpha, applicable, r.echo_passes_, r.stability, r.best_effect)
                      for r in out.itertuples()]
    out = out.drop(columns="echo_passes_")
    for c in ("method", "group_a", "group_b", "verdict"):
        out[c] = pd.Series([_none_if_missing(v) for v in out[c]], index=out.index, dtype=object)
    out = out.astype({**dict.fromkeys(["n_items", "n_testable", "n_passing", "n_one_document", "n_unstable", "n_echo"],
                                      np.int64),
                      **dict.fromkeys(["best_p_adjusted", "p_holm", "best_effect", "stability", "floor"], np.float64)})
    out.attrs = {"alpha": alpha, "n_family": int(np.isfinite(family).sum()), "framing_applicable": applicable,
                 **{k: evidence.attrs[k] for k in ("lexicon_coverage", "low_coverage", "echo_share", "stable_ari",
                                                   "weak_ari", "framing_source") if k in evidence.attrs}}
    return out


def cross_check(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Per comparison, the verdicts of vocabulary, framing and clustering side by side.

    In words: every comparison that vocabulary or framing makes gets one row with each
    method's verdict from :func:`verdicts` (clustering's single verdict, about all groups at
    once, applies to every comparison). A verdict counts unless it is ``"not applicable"``
    (the method does not apply to the corpus) or ``"echo"`` (frames that only repeat the word
    lists are no second route); the methods agree when every verdict that counts is the same.
    ``n_separating`` counts the routes that separate the groups, each once.

    Parameters
    ----------
    verdicts : pandas.DataFrame
        From :func:`verdicts`.

    Returns
    -------
    pandas.DataFrame
        :data:`CROSS_CHECK_COLUMNS`: ``group_a, group_b, vocabulary, framing, clustering``
        (the verdicts; None where a method has no row), ``agree`` (bool), ``n_methods`` (the
        verdicts that count), ``n_separating`` (of them, "separates"). Sorted by ``group_a``,
        then ``group_b``. Empty when neither vocabulary nor framing has a row. ``attrs`` are
        those of ``verdicts``.

    Raises
    ------
    ParameterError
        If the table lacks the columns of :func:`verdicts`.

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"method": ["vocabulary", "framing", "clustering"], "group_a": ["a", "a", None],
    ...                   "group_b": ["b", "b", None], "verdict": ["separates", "echo", "unstable"]})
    >>> cross_check(v)[["agree", "n_methods", "n_separating"]].values.tolist()
    [[False, 2, 1]]
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
        present = [row[m] for m in METHODS if row[m] is not None and row[m] not in NOT_COUNTED]
        rows.append({**row, "agree": len(set(present)) <= 1, "n_methods": len(present),
                     "n_separating": present.count("separates")})
    out = pd.DataFrame(rows, columns=CROSS_CHECK_COLUMNS)
    for c in ("group_a", "group_b", *METHODS):
        out[c] = pd.Series([_none_if_missing(v) for v in out[c]], index=out.index, dtype=object)
    out = out.astype({"agree": bool, "n_methods": np.int64, "n_separating": np.int64})
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

    Returns
    -------
    pandas.DataFrame
        :data:`LINK_COLUMNS`; no rows when the themes stand in for the frames
        (``evidence.attrs["framing_source"]`` "themes"). ``attrs``: ``lexicon``, ``framing_source``.

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
    themes = evidence.attrs.get("framing_source") == "themes"
    framing = evidence[(evidence["method"] == "framing") & (not themes)]  # themes in the frames' place: no frame to meet
    frame_lean = {(*_comparison(a, b), f): _none_if_missing(lean)
                  for a, b, f, lean in zip(framing["group_a"], framing["group_b"], framing["item"], framing["leans_to"])}
    vocabulary = evidence[(evidence["method"] == "vocabulary") & (not themes)]
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
    out.attrs = {"lexicon": lex.source, "framing_source": "themes" if themes else "lexicon"}
    return out



# --------------------------------------------------------------------------------------------
# the words that set each group apart, as a reader writes them


def _oriented(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    """One stability table as candidates: the score and its interval turned towards the group, its documents."""
    require_columns(table, ["term", "group", "score", "docs_a", "docs_b", "support"], "the stability table",
                    "cu.keyness.stability")
    attrs = table.attrs
    if not {"groups", "group_sizes"} <= set(attrs):
        raise ParameterError("the stability table's attrs lack groups or group_sizes",
                             fix="Pass the table returned by cu.keyness.stability, unchanged")
    t = table.reset_index(drop=True)
    score = t["score"].to_numpy(dtype=np.float64)
    low, high = _column(t, "score_low").to_numpy(dtype=np.float64), _column(t, "score_high").to_numpy(dtype=np.float64)
    up = score >= 0
    group = t["group"].astype(object).to_numpy()
    # one-vs-rest: docs_a are the group's own; a pair: docs_a are those of its first group
    own_a = (np.full(len(t), True) if attrs.get("comparison") == "one-vs-rest"
             else group == (list(attrs["groups"])[0] if len(attrs["groups"]) else None))
    sizes = {str(g): int(n) for g, n in attrs["group_sizes"].items()}
    n_docs = np.array([sizes.get(str(g), 0) for g in group], dtype=np.int64)
    if attrs.get("comparison") == "one-vs-rest":
        n_other = sum(sizes.values()) - n_docs
    else:  # a pair: the other group's size
        n_other = np.array([sum(n for h, n in sizes.items() if h != str(g)) for g in group], dtype=np.int64)
    return pd.DataFrame({
        "group": group, "term": t["term"].astype(object), "score": np.abs(score),
        "score_low": np.where(up, low, -high), "score_high": np.where(up, high, -low),
        "docs": np.where(own_a, t["docs_a"], t["docs_b"]).astype(np.int64), "n_docs": n_docs,
        "other_docs": np.where(own_a, t["docs_b"], t["docs_a"]).astype(np.int64), "n_other": n_other,
        "support": t["support"].astype(object), "kind": kind,
    })


def distinctive_terms(stable, tokens: TokenIndex, n_terms: int = 5, min_share: float = DISTINCTIVE_SHARE,
                      support=(CONSISTENT,), stop_words=None) -> pd.DataFrame:
    """For each group, the words and phrases that most set it apart and that many of its documents use.

    In words: the candidates are the listed terms of chapter 02 (each group's top words, and
    top phrases when their table is given too), each with its score turned towards the group it
    leans to (for log-odds, ``|z|``) and its 95 % bootstrap interval turned the same way. A
    candidate is *distinctive* when

    * its support is one of ``support`` (by default only "consistent": not carried by one
      document, stable under resampling, its interval clear of 0), and
    * at least ``min_share`` of its group's documents use it, and at least two of them: never
      one author's habit (a group of one document has no distinctive term), and
    * a larger share of its group's documents use it than of the other documents: a word every
      document uses (at different rates) sets no group apart in a reader's eyes.

    A word that is part of a distinctive phrase of the same group is left out (the phrase says
    more). Each group's distinctive terms are ranked by the lower end of their interval (the
    difference the data support with most confidence), then by score and term, and the first
    ``n_terms`` are kept. Each gets its ``label``, the term as the texts write it
    (:func:`corpus_utils.context.surface_forms`: *Obama*, *middle class*, *ICE*).

    Parameters
    ----------
    stable : pandas.DataFrame or sequence of pandas.DataFrame
        From :func:`corpus_utils.keyness.stability` (with its ``attrs``): the words' table, and
        optionally the phrases' table of the same comparison (``[words, phrases]``).
    tokens : TokenIndex
        The positional index of the corpus (it keeps the texts as written).
    n_terms : int, default 5
        Terms kept per group.
    min_share : float, default :data:`DISTINCTIVE_SHARE` (0.05)
        The share of its group's documents a term must be used by.
    support : sequence of str, default ("consistent",)
        The support labels (:mod:`corpus_utils.support`) a term may have.
    stop_words : optional
        The stop words of the counts (by default those recorded in the first table's
        ``attrs["dtm_settings"]``), so that a phrase is found across them.

    Returns
    -------
    pandas.DataFrame
        :data:`DISTINCTIVE_COLUMNS`: ``group, term, label, score, score_low, score_high`` (turned
        towards the group: positive when it leans there), ``docs`` (documents of the group that
        use it), ``n_docs`` (documents in the group), ``support``, ``kind`` ("word" or
        "phrase"), ``rank`` (1 for the first of its group). Groups in the order of the first
        table's ``attrs["groups"]``. ``attrs``: ``groups`` (every group compared, also those
        without a distinctive term), ``group_sizes``, ``n_candidates`` (per group), ``n_terms``,
        ``min_share``, ``support``, ``ranking`` (in words), ``statistic``, ``comparison`` and
        ``interval``.

    Raises
    ------
    ParameterError
        If a table lacks the columns or ``attrs`` of :func:`corpus_utils.keyness.stability`,
        ``n_terms`` is below 1 or ``min_share`` is not between 0 and 1.

    Examples
    --------
    >>> import corpus_utils as cu
    >>> corpus = pd.DataFrame({"doc_id": list("123456"), "group": list("aaabbb"), "text": [
    ...     "Obama spoke of trust. Trust and Obama.", "We heard Obama on trust.", "Then Obama, with trust.",
    ...     "Crime rose. Crime", "The crime fell.", "No crime here."]})
    >>> words = cu.keyness.stability(cu.count_terms(cu.index_tokens(corpus)), top_n=2, min_docs=1)
    >>> terms = distinctive_terms(words, cu.index_tokens(corpus))
    >>> terms[["group", "label", "docs", "n_docs"]].values.tolist()
    [['a', 'Obama', 3, 3], ['a', 'trust', 3, 3], ['b', 'crime', 3, 3]]
    """
    tables = [stable] if isinstance(stable, pd.DataFrame) else list(stable)
    if not tables:
        raise ParameterError("distinctive_terms needs the words' stability table", fix="Pass vocab.stable")
    if int(n_terms) < 1:
        raise ParameterError(f"n_terms must be at least 1 (got {n_terms})")
    if not 0 <= float(min_share) <= 1:
        raise ParameterError(f"min_share must be a share between 0 and 1 (got {min_share!r})")
    support = tuple(support)
    attrs = tables[0].attrs
    candidates = pd.concat([_oriented(t, "word" if i == 0 else "phrase") for i, t in enumerate(tables)],
                           ignore_index=True)
    needed = np.maximum(2, np.ceil(float(min_share) * candidates["n_docs"].to_numpy() - _TOLERANCE))
    docs, other = candidates["docs"].to_numpy(), candidates["other_docs"].to_numpy()
    wider = docs * candidates["n_other"].to_numpy() > other * candidates["n_docs"].to_numpy()  # shares, cross-multiplied
    keep = (candidates["support"].isin(support).to_numpy() & (docs >= needed) & wider
            & (candidates["score_low"].fillna(0).to_numpy() > 0))
    eligible = candidates[keep]
    phrase_words = {(g, w) for g, t in zip(eligible["group"], eligible["term"]) if " " in str(t) for w in str(t).split()}
    inside = np.array([(g, str(t)) in phrase_words for g, t in zip(eligible["group"], eligible["term"])], dtype=bool)
    eligible = eligible[~inside].drop_duplicates(["group", "term"])
    groups = [str(g) for g in attrs.get("groups") or []] or sorted({str(g) for g in candidates["group"]})
    order = {g: i for i, g in enumerate(groups)}
    eligible = eligible.assign(_group=eligible["group"].map(order).fillna(len(order)), _low=-eligible["score_low"],
                               _score=-eligible["score"])
    eligible = eligible.sort_values(["_group", "_low", "_score", "term"], kind="stable")
    chosen = eligible.groupby("group", sort=False).head(int(n_terms)).drop(columns=["_group", "_low", "_score"])
    chosen = chosen.reset_index(drop=True)
    chosen["rank"] = chosen.groupby("group", sort=False).cumcount().astype(np.int64) + 1
    if stop_words is None:
        stop_words = (attrs.get("dtm_settings") or {}).get("stop_words", "default")
    labels = _context.surface_forms(tokens, chosen["term"].tolist(), stop_words=stop_words)
    chosen["label"] = chosen["term"].map(dict(zip(labels["term"], labels["label"]))).astype(object)
    out = chosen.reindex(columns=DISTINCTIVE_COLUMNS)
    out = out.astype({"group": object, "term": object, "label": object, "score": np.float64, "score_low": np.float64,
                      "score_high": np.float64, "docs": np.int64, "n_docs": np.int64, "support": object,
                      "kind": object, "rank": np.int64})
    n_candidates = candidates.groupby("group", sort=False).size()
    out.attrs = {
        "groups": groups, "group_sizes": {str(k): int(v) for k, v in attrs.get("group_sizes", {}).items()},
        "n_candidates": {g: int(n_candidates.get(g, 0)) for g in groups}, "n_terms": int(n_terms),
        "min_share": float(min_share), "support": list(support),
        "ranking": "by the lower end of the 95% interval of the score, towards the group",
        "statistic": attrs.get("statistic"), "comparison": attrs.get("comparison"), "interval": attrs.get("interval"),
    }
    return out
