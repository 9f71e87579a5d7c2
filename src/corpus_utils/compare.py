"""Compare: which terms set two groups of documents apart, how surely, and in what context.

Three keyness statistics read the sparse counts of a :class:`~corpus_utils.count.DocumentTermMatrix`
and return one tidy table each, with the same leading columns::

    term, group, score, count_a, count_b, docs_a, docs_b, <the statistic's own columns>

* ``score`` is signed: **positive means the term leans to group a**, negative to group b;
  ``group`` names the group it leans to. Tables are sorted by ``score`` (descending), then
  ``term``, so group a's strongest terms come first and group b's last; :func:`top_terms`
  picks the top terms of each group.
* ``count_a``/``count_b`` are the term's counts in each group, ``docs_a``/``docs_b`` how many
  documents of each group use it (dispersion).
* Dispersion filter: a term is kept only when at least ``min_docs`` documents of the group it
  leans to use it (default 2, never more than that group's number of documents), so that one
  author's habit is not reported as a camp's vocabulary. ``min_docs=0`` keeps every term.
* Groups: ``groups=(a, b)`` compares a pair; with two labels and ``groups=None`` the sorted
  labels are a and b. With more than two labels (``groups=None``, or three or more named
  groups), every group is compared with the rest of those documents (one-vs-rest); a single
  label ``groups="x"`` compares x with every other document. In one-vs-rest tables, group a
  is each group in turn (the ``group`` column), group b is the rest (counted in ``count_b``,
  ``docs_b``), and only terms leaning to the group are listed.
* Settings are recorded in ``DataFrame.attrs``.

Uncertainty: :func:`stability` (leave-one-document-out, or a seeded stratified bootstrap over
documents above ``loo_max_docs`` documents) and :func:`permutation_test` (exact over every
relabelling of the documents when there are few).

Context: :func:`kwic` (keyword in context), :func:`collocates` (window collocates per group,
log-likelihood or PMI) and :func:`contested_terms` (terms both groups use often).

Costs: every statistic is a few sparse matrix-vector products over the counts (linear in the
number of non-zero counts); resampling repeats them per resample (default at most 200);
KWIC and collocates are vectorized over the hits of the term in the
:class:`~corpus_utils.count.TokenIndex`. Nothing is quadratic in the number of documents.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import erfc, xlogy

from .count import DocumentTermMatrix, TokenIndex, index_tokens, load_stop_words, tfidf, tokenize
from .errors import EmptyVocabularyError, LabelError, ParameterError, TooFewDocumentsError

__all__ = [
    "STATISTICS",
    "collocates",
    "contested_terms",
    "kwic",
    "log_likelihood",
    "log_odds",
    "mean_tfidf",
    "permutation_test",
    "stability",
    "top_terms",
]

#: The keyness statistics :func:`stability` and :func:`permutation_test` can resample.
STATISTICS = ("log_odds", "log_likelihood", "mean_tfidf")
_REST = "rest"
_BASE_COLUMNS = ["term", "group", "score", "count_a", "count_b", "docs_a", "docs_b"]


# --------------------------------------------------------------------------------------------
# groups


def _comparisons(labels: np.ndarray, groups) -> tuple[list[tuple[str, str, np.ndarray, np.ndarray]], str]:
    """Return ``[(name_a, name_b, mask_a, mask_b), ...]`` and ``"pair"`` or ``"one-vs-rest"``."""
    labels = np.asarray(labels, dtype=object)
    present = sorted(set(labels.tolist()))
    if groups is None:
        chosen = present
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
        raise ParameterError(f"groups must be different labels (got {', '.join(map(repr, chosen))})")
    if len(chosen) == 2:
        a, b = chosen
        return [(a, b, labels == a, labels == b)], "pair"
    if len(chosen) == 1:
        (a,) = chosen
        rest = labels != a
        if not rest.any():
            raise LabelError(
                f"a comparison needs at least 2 groups (every document is labelled {a!r})",
                fix="Label the documents with at least two different values",
            )
        return [(a, _REST, labels == a, rest)], "one-vs-rest"
    if len(chosen) < 2:
        raise LabelError(
            f"a comparison needs at least 2 groups (got {len(chosen)}: {', '.join(map(str, chosen)) or 'none'})",
            fix="Label the documents with at least two different values, or choose another label column",
        )
    inside = np.isin(labels, np.array(chosen, dtype=object))
    return [(g, _REST, labels == g, inside & (labels != g)) for g in chosen], "one-vs-rest"


def _check_dtm(dtm) -> DocumentTermMatrix:
    if not isinstance(dtm, DocumentTermMatrix):
        raise ParameterError(
            f"expected a DocumentTermMatrix (got {type(dtm).__name__})",
            fix="Count the corpus first: dtm = cu.count_terms(cu.index_tokens(corpus))",
        )
    return dtm


def _min_docs_for(min_docs: int | None, n_group_docs: int | np.ndarray):
    """The dispersion floor: ``min_docs`` (default 2), never more than the group's documents."""
    floor = 2 if min_docs is None else int(min_docs)
    if floor < 0:
        raise ParameterError(f"min_docs must be 0 or more (got {min_docs})")
    return np.minimum(floor, n_group_docs)


# --------------------------------------------------------------------------------------------
# the statistics, as formulas on group sums (vectorized; rows may be resamples)


def _log_odds_columns(ya, yb, na, nb, prior, alpha0):
    pa = ya + prior
    pb = yb + prior
    delta = np.log(pa / (na + alpha0 - pa)) - np.log(pb / (nb + alpha0 - pb))
    variance = 1.0 / pa + 1.0 / pb
    return delta / np.sqrt(variance), {"delta": delta, "variance": variance, "prior": prior + 0 * delta}


def _log_likelihood_columns(ya, yb, na, nb):
    total = ya + yb
    ea = na * total / (na + nb)
    eb = nb * total / (na + nb)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2.0 * (xlogy(ya, ya / ea) + xlogy(yb, yb / eb))
    g2 = np.where(total > 0, np.maximum(g2, 0.0), 0.0)
    ra = np.where(ya > 0, ya, 0.5) / na
    rb = np.where(yb > 0, yb, 0.5) / nb
    log_ratio = np.log2(ra / rb)
    sign = np.sign(ya * nb - yb * na)
    # chi-square survival function with 1 degree of freedom: erfc(sqrt(G2 / 2))
    return sign * g2, {"g2": g2, "p_value": erfc(np.sqrt(g2 / 2.0)), "log_ratio": log_ratio}


def _mean_tfidf_columns(sa, sb, na, nb):
    mean_a = sa / na
    mean_b = sb / nb
    return mean_a - mean_b, {"mean_a": mean_a, "mean_b": mean_b}


class _Setup:
    """What one statistic needs from a DTM, computed once and reused by every resample."""

    def __init__(self, dtm: DocumentTermMatrix, statistic: str, options: dict):
        if statistic not in STATISTICS:
            raise ParameterError(f"statistic must be one of {', '.join(STATISTICS)} (got {statistic!r})")
        self.statistic = statistic
        self.counts = dtm.counts.tocsr()
        # float copies once, so that every resample's matrix-vector product runs without casting
        self.binary = self.counts.astype(np.float64)
        self.binary.data = np.ones_like(self.binary.data)
        self.options = dict(options)
        self.prior = None
        self._transposed = None
        if statistic == "mean_tfidf":
            known = {"norm", "smooth_idf", "sublinear_tf"}
            self.values = tfidf(dtm, **{k: v for k, v in options.items() if k in known}).tocsr()
            self.doc_totals = np.ones(dtm.shape[0])
        else:
            self.values = self.counts.astype(np.float64)
            self.doc_totals = np.asarray(self.counts.sum(axis=1), dtype=np.float64).ravel()
        if statistic == "log_odds":
            alpha0 = float(options.get("alpha0", 500.0))
            if not alpha0 > 0:
                raise ParameterError(f"alpha0 (the prior's total weight) must be positive (got {alpha0})")
            corpus_counts = np.asarray(self.counts.sum(axis=0), dtype=np.float64).ravel()
            self.alpha0 = alpha0
            self.prior = alpha0 * corpus_counts / corpus_counts.sum()
        unknown = set(options) - {"alpha0", "norm", "smooth_idf", "sublinear_tf"}
        if unknown:
            raise ParameterError(f"unknown option(s) {', '.join(sorted(unknown))} for {statistic}")

    def sums(self, weights: np.ndarray, cols=None):
        """Group sums of values, of document counts and the group total for one weight vector."""
        values = self.values if cols is None else self.values[:, cols]
        binary = self.binary if cols is None else self.binary[:, cols]
        w = np.asarray(weights, dtype=np.float64)
        return (
            np.asarray(values.T @ w).ravel(),
            np.asarray(binary.T @ w).ravel(),
            float(self.doc_totals @ w),
        )

    def sums_pair(self, wa: np.ndarray, wb: np.ndarray):
        """:meth:`sums` for two weight vectors in one pass over the matrix."""
        w = np.column_stack([wa, wb]).astype(np.float64)
        if self._transposed is None:  # terms x documents, row-major: fast repeated products
            self._transposed = (self.values.T.tocsr(), self.binary.T.tocsr())
        values = np.asarray(self._transposed[0] @ w)
        docs = np.asarray(self._transposed[1] @ w)
        totals = self.doc_totals @ w
        return (values[:, 0], values[:, 1]), (docs[:, 0], docs[:, 1]), (float(totals[0]), float(totals[1]))

    def columns(self, sa, sb, na, nb, cols=None):
        if self.statistic == "log_odds":
            prior = self.prior if cols is None else self.prior[cols]
            return _log_odds_columns(sa, sb, na, nb, prior, self.alpha0)
        if self.statistic == "log_likelihood":
            return _log_likelihood_columns(sa, sb, na, nb)
        return _mean_tfidf_columns(sa, sb, na, nb)


def _keyness(dtm, statistic, groups, min_docs, options, lean_only=True) -> pd.DataFrame:
    dtm = _check_dtm(dtm)
    comps, mode = _comparisons(dtm.labels, groups)
    _min_docs_for(min_docs, 0)  # validates
    setup = _Setup(dtm, statistic, options)
    frames = []
    n_docs = {}
    for a, b, mask_a, mask_b in comps:
        sa, da, na = setup.sums(mask_a)
        sb, db, nb = setup.sums(mask_b)
        ya = np.asarray(setup.counts.T @ mask_a.astype(np.int64)).ravel()
        yb = np.asarray(setup.counts.T @ mask_b.astype(np.int64)).ravel()
        score, extra = setup.columns(sa, sb, na, nb)
        group = np.where(score > 0, a, np.where(score < 0, b, ""))
        frame = pd.DataFrame(
            {
                "_focal": a,
                "term": dtm.terms,
                "group": group.astype(object),
                "score": score,
                "count_a": ya,
                "count_b": yb,
                "docs_a": da.round().astype(np.int64),
                "docs_b": db.round().astype(np.int64),
                **extra,
            }
        )
        n_a, n_b = int(mask_a.sum()), int(mask_b.sum())
        used = (ya + yb) > 0
        if lean_only and mode == "one-vs-rest":
            used &= frame["score"].to_numpy() > 0
        if lean_only and (min_docs is None or min_docs > 0):
            floor_a, floor_b = _min_docs_for(min_docs, n_a), _min_docs_for(min_docs, n_b)
            ok_a = frame["docs_a"].to_numpy() >= floor_a
            ok_b = frame["docs_b"].to_numpy() >= floor_b
            used &= np.where(score > 0, ok_a, np.where(score < 0, ok_b, ok_a & ok_b))
        frames.append(frame[used])
        n_docs[a] = n_a
        if mode == "pair":
            n_docs[b] = n_b
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    table = table.sort_values(["score", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    if lean_only:
        table = table.drop(columns="_focal")
    table.attrs = {
        "statistic": statistic,
        "comparison": mode,
        "groups": [c[0] for c in comps] if mode == "one-vs-rest" else [comps[0][0], comps[0][1]],
        "n_docs": n_docs,
        "min_docs": 2 if min_docs is None else int(min_docs),
        **{k: v for k, v in options.items()},
        "dtm_settings": dict(dtm.settings),
    }
    return table


def log_odds(
    dtm: DocumentTermMatrix,
    groups: Sequence[str] | str | None = None,
    alpha0: float = 500.0,
    min_docs: int | None = None,
) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior ("Fightin' Words").

    In words: each term's odds in group a against its odds in group b, after adding to both
    groups a pseudo-count proportional to the term's share of the whole corpus; the
    difference of log-odds is divided by its approximate standard error, giving a z-score.
    With the corpus-wide count ``y_w`` of term w and the corpus total ``n``, the prior is
    ``alpha_w = alpha0 * y_w / n``, and::

        delta_w = log[(y_aw + alpha_w) / (n_a + alpha0 - y_aw - alpha_w)]
                - log[(y_bw + alpha_w) / (n_b + alpha0 - y_bw - alpha_w)]
        var_w   = 1 / (y_aw + alpha_w) + 1 / (y_bw + alpha_w)
        z_w     = delta_w / sqrt(var_w)

    ``n_a``/``n_b`` are the groups' total counts over all columns of the matrix (unigrams and
    bigrams alike). The variance is the paper's two-term approximation (Monroe et al. 2008,
    eq. 20); other implementations add the two "not w" terms, which gives slightly smaller
    |z|. The prior comes from every document of ``dtm`` (also those outside a chosen pair).

    Parameters
    ----------
    dtm : DocumentTermMatrix
        Counts from :func:`corpus_utils.count_terms`.
    groups : (str, str), str or None
        The pair to compare (a, b); see the module docstring for one-vs-rest.
    alpha0 : float, default 500.0
        The prior's total weight in pseudo-tokens. Larger values pull rare terms' z toward
        the corpus-wide rate less for frequent terms than for rare ones.
    min_docs : int, optional
        Dispersion floor (default 2, capped at the group's size; 0 keeps every term).

    Returns
    -------
    pandas.DataFrame
        ``term, group, score, count_a, count_b, docs_a, docs_b, delta, variance, prior``;
        ``score`` is z (positive: leans to group a); sorted by score desc, then term.

    Raises
    ------
    LabelError
        If a named group is not a label, or there is only one label.
    ParameterError
        If ``alpha0`` is not positive or ``min_docs`` is negative.
    EmptyVocabularyError
        If the matrix has a single term (its odds against "every other term" are undefined).

    References
    ----------
    Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: Lexical feature
    selection and evaluation for identifying the content of political conflict. *Political
    Analysis*, 16(4), 372-403, section 3.5.

    Examples
    --------
    >>> import pandas as pd, corpus_utils as cu
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2", "3"], "label": ["a", "a", "b"],
    ...                        "text": ["trust trust safety", "trust", "crime safety"]})
    >>> dtm = cu.count_terms(corpus, ngram_range=(1, 1))
    >>> table = log_odds(dtm, alpha0=6, min_docs=0)
    >>> table[["term", "group"]].values.tolist()
    [['trust', 'a'], ['safety', 'b'], ['crime', 'b']]
    >>> round(float(table.loc[0, "score"]), 3)
    1.296
    """
    if _check_dtm(dtm).shape[1] < 2:
        raise EmptyVocabularyError(
            f"log-odds compares a term's share with the rest of the vocabulary, and the corpus has only "
            f"{dtm.shape[1]} term ({', '.join(map(str, dtm.terms))})",
            fix="Use a corpus with more varied text, or lower min_df / use stop_words='none' when counting",
        )
    return _keyness(dtm, "log_odds", groups, min_docs, {"alpha0": float(alpha0)})


def log_likelihood(
    dtm: DocumentTermMatrix,
    groups: Sequence[str] | str | None = None,
    min_docs: int | None = None,
) -> pd.DataFrame:
    """Log-likelihood (G2) keyness with the log-ratio effect size.

    In words: how surprising the term's split between the groups is, if both groups used it
    at the same rate. With observed counts ``O_a = y_aw``, ``O_b = y_bw`` and the counts
    expected from the groups' sizes, ``E_a = n_a (y_aw + y_bw) / (n_a + n_b)`` (likewise
    ``E_b``), ``G2 = 2 * sum(O * ln(O / E))`` over the two groups (``0 ln 0 = 0``), the
    two-cell form used in corpus linguistics (Rayson & Garside 2000). The p-value is from
    chi-square with 1 degree of freedom (it assumes tokens are independent, which they are
    not: read it as a ranking, not a test). Effect size: ``log_ratio = log2((y_aw / n_a) /
    (y_bw / n_b))`` where a zero count is replaced by 0.5 (Hardie 2014); each unit doubles.

    Parameters
    ----------
    dtm : DocumentTermMatrix
    groups : (str, str), str or None
    min_docs : int, optional
        Dispersion floor (default 2, capped at the group's size; 0 keeps every term).

    Returns
    -------
    pandas.DataFrame
        ``term, group, score, count_a, count_b, docs_a, docs_b, g2, p_value, log_ratio``;
        ``score`` is G2 signed by the direction (positive: relatively more frequent in a).

    Raises
    ------
    LabelError, ParameterError
        As :func:`log_odds`.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    *Computational Linguistics*, 19(1), 61-74.
    Rayson, P., & Garside, R. (2000). Comparing corpora using frequency profiling. *Workshop
    on Comparing Corpora*, ACL.
    Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches
    to Social Science (CASS).

    Examples
    --------
    >>> import pandas as pd, corpus_utils as cu
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "label": ["a", "b"],
    ...                        "text": ["trust trust safety", "crime safety"]})
    >>> table = log_likelihood(cu.count_terms(corpus, ngram_range=(1, 1)), min_docs=0)
    >>> table.loc[0, "term"], round(float(table.loc[0, "g2"]), 3), round(float(table.loc[0, "log_ratio"]), 3)
    ('trust', 2.043, 1.415)
    """
    return _keyness(dtm, "log_likelihood", groups, min_docs, {})


def mean_tfidf(
    dtm: DocumentTermMatrix,
    groups: Sequence[str] | str | None = None,
    min_docs: int | None = None,
    norm: str | None = "l2",
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
) -> pd.DataFrame:
    """Mean TF-IDF weight of each term per group, and the difference of the means.

    In words: weigh each count by how rare the term is across documents, scale every
    document to unit length, then average each term's weight over a group's documents.
    The weights are scikit-learn's (:func:`corpus_utils.tfidf`):
    ``idf(t) = ln((1 + n) / (1 + df(t))) + 1``, ``tfidf = tf * idf`` with each document
    row scaled to Euclidean length 1; ``score = mean_a - mean_b``. The idf comes from every
    document of ``dtm``. Averaging per document gives short and long documents equal say.

    Parameters
    ----------
    dtm : DocumentTermMatrix
    groups : (str, str), str or None
    min_docs : int, optional
        Dispersion floor (default 2, capped at the group's size; 0 keeps every term).
    norm, smooth_idf, sublinear_tf
        Passed to :func:`corpus_utils.tfidf`.

    Returns
    -------
    pandas.DataFrame
        ``term, group, score, count_a, count_b, docs_a, docs_b, mean_a, mean_b``.

    Raises
    ------
    LabelError, ParameterError
        As :func:`log_odds`.

    References
    ----------
    scikit-learn user guide, "Tf-idf term weighting"; Spärck Jones, K. (1972). A statistical
    interpretation of term specificity and its application in retrieval. *Journal of
    Documentation*, 28(1), 11-21.

    Examples
    --------
    >>> import pandas as pd, corpus_utils as cu
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "label": ["a", "b"],
    ...                        "text": ["trust safety", "crime safety"]})
    >>> table = mean_tfidf(cu.count_terms(corpus, ngram_range=(1, 1)), min_docs=0)
    >>> table[["term", "score"]].round(3).values.tolist()
    [['trust', 0.815], ['safety', 0.0], ['crime', -0.815]]
    """
    options = {"norm": norm, "smooth_idf": smooth_idf, "sublinear_tf": sublinear_tf}
    return _keyness(dtm, "mean_tfidf", groups, min_docs, options)


def _run(dtm, statistic, groups, min_docs, options) -> pd.DataFrame:
    if statistic not in STATISTICS:
        raise ParameterError(f"statistic must be one of {', '.join(STATISTICS)} (got {statistic!r})")
    return _keyness(dtm, statistic, groups, min_docs, options)


def top_terms(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` strongest terms of each group of a keyness table.

    In words: within each group, sort by ``|score|`` (descending), then term, and keep ``n``.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`log_odds`, :func:`log_likelihood` or :func:`mean_tfidf`.
    n : int, default 10

    Returns
    -------
    pandas.DataFrame
        The same columns plus ``rank`` (1 = strongest), ordered by group (as in
        ``table.attrs["groups"]``), then rank. ``attrs`` are kept.

    Examples
    --------
    >>> t = pd.DataFrame({"term": ["x", "y", "z"], "group": ["a", "b", "b"], "score": [2.0, -1.0, -3.0]})
    >>> top_terms(t, 1)[["term", "rank"]].values.tolist()
    [['x', 1], ['z', 1]]
    """
    if n < 1:
        raise ParameterError(f"n must be at least 1 (got {n})")
    order = list(table.attrs.get("groups", [])) or sorted(table["group"].unique().tolist())
    order = [g for g in order if g != _REST]
    parts = []
    for g in order:
        part = table[table["group"] == g].assign(_abs=lambda d: d["score"].abs())
        part = part.sort_values(["_abs", "term"], ascending=[False, True], kind="stable").head(n)
        parts.append(part.drop(columns="_abs").assign(rank=np.arange(1, len(part) + 1)))
    out = pd.concat(parts, ignore_index=True) if parts else table.head(0).assign(rank=[])
    out.attrs = dict(table.attrs)
    return out


# --------------------------------------------------------------------------------------------
# uncertainty


def _resample_weights(mask_a, mask_b, loo_max_docs, n_resamples, rng):
    """Yield weight vectors over documents: leave-one-out or a stratified bootstrap."""
    members = np.flatnonzero(mask_a | mask_b)
    base = (mask_a | mask_b).astype(np.float64)
    if len(members) <= loo_max_docs:
        for i in members:
            w = base.copy()
            w[i] = 0.0
            yield w
        return
    idx_a, idx_b = np.flatnonzero(mask_a), np.flatnonzero(mask_b)
    n = len(base)
    for _ in range(n_resamples):
        draw = np.concatenate([rng.choice(idx_a, len(idx_a)), rng.choice(idx_b, len(idx_b))])
        yield np.bincount(draw, minlength=n).astype(np.float64)


def stability(
    dtm: DocumentTermMatrix,
    statistic: str = "log_odds",
    groups: Sequence[str] | str | None = None,
    top_n: int = 10,
    n_resamples: int = 200,
    seed: int = 0,
    loo_max_docs: int = 30,
    min_docs: int | None = None,
    **options,
) -> pd.DataFrame:
    """How often each top term stays in its group's top ``top_n`` when documents are resampled.

    In words: recompute the statistic on many document-level resamples and count, for each
    of the ``top_n`` terms of each group on the full data, the share of resamples in which
    it is again among its group's ``top_n`` (ranked by |score| among terms passing the
    dispersion filter, applied with the resample's own document counts). With at most
    ``loo_max_docs`` documents in the comparison the resamples are leave-one-document-out
    (one per document: a term that rests on one document drops out at least once); above,
    ``n_resamples`` bootstrap samples drawn with replacement within each group (stratified,
    so group sizes stay fixed) from ``numpy.random.default_rng(seed)``. The prior of
    :func:`log_odds` and the idf of :func:`mean_tfidf` stay those of the full data.

    Parameters
    ----------
    dtm : DocumentTermMatrix
    statistic : {"log_odds", "log_likelihood", "mean_tfidf"}, default "log_odds"
    groups : (str, str), str or None
    top_n : int, default 10
    n_resamples : int, default 200
        Bootstrap only (leave-one-out makes one resample per document).
    seed : int, default 0
    loo_max_docs : int, default 30
    min_docs : int, optional
        Dispersion floor, as in the statistic.
    **options
        Passed to the statistic (``alpha0``; ``norm``, ``smooth_idf``, ``sublinear_tf``).

    Returns
    -------
    pandas.DataFrame
        ``term, group, score, count_a, count_b, docs_a, docs_b, rank, stability, n_resamples,
        resampling``; ordered by group, then rank. ``stability`` is a share in [0, 1].

    Raises
    ------
    ParameterError
        If ``top_n`` or ``n_resamples`` is below 1 or the statistic is unknown.

    References
    ----------
    Efron, B., & Tibshirani, R. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.

    Examples
    --------
    >>> import pandas as pd, corpus_utils as cu
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2", "3"], "label": ["a", "a", "b"],
    ...                        "text": ["trust trust", "fear", "crime"]})
    >>> dtm = cu.count_terms(corpus, ngram_range=(1, 1))
    >>> s = stability(dtm, top_n=1, min_docs=1)
    >>> s[["term", "stability"]].round(3).values.tolist()
    [['trust', 0.667], ['crime', 0.667]]
    """
    if top_n < 1 or n_resamples < 1:
        raise ParameterError(f"top_n and n_resamples must be at least 1 (got {top_n}, {n_resamples})")
    full = _run(dtm, statistic, groups, min_docs, options)
    top = top_terms(full, top_n)
    comps, mode = _comparisons(dtm.labels, groups)
    setup = _Setup(dtm, statistic, options)
    rng = np.random.default_rng(seed)
    kept_counts = np.zeros(len(top))
    n_done = 0
    resampling = ""
    for a, b, mask_a, mask_b in comps:
        rows = np.flatnonzero(top["group"].to_numpy() == a) if mode == "one-vs-rest" else np.arange(len(top))
        if len(rows) == 0:
            continue
        loo = int((mask_a | mask_b).sum()) <= loo_max_docs
        resampling = "leave-one-out" if loo else f"bootstrap (seed {seed})"
        n_done = 0
        top_cols = np.searchsorted(dtm.terms, top["term"].iloc[rows].to_numpy()).astype(np.int64)
        top_groups = top["group"].iloc[rows].to_numpy()
        for w in _resample_weights(mask_a, mask_b, loo_max_docs, n_resamples, rng):
            wa, wb = w * mask_a, w * mask_b
            (sa, sb), (da, db), (na, nb) = setup.sums_pair(wa, wb)
            score, _ = setup.columns(sa, sb, na, nb)
            if min_docs is None or min_docs > 0:
                ok_a = da >= _min_docs_for(min_docs, int((wa > 0).sum()))
                ok_b = db >= _min_docs_for(min_docs, int((wb > 0).sum()))
            else:
                ok_a = ok_b = np.ones(len(score), bool)
            in_top = {}
            for side, ok, sign in ((a, ok_a, 1.0), (b, ok_b, -1.0)):
                in_top[side] = np.zeros(len(score), bool)
                cand = np.flatnonzero((sign * score > 0) & ok & ((sa + sb) > 0))
                if side == _REST or len(cand) == 0:
                    continue
                # top_n by |score|, ties broken by term (columns are sorted by term); partition
                # first so that only the few candidates at or above the n-th score are sorted
                strength = sign * score[cand]
                if len(cand) > top_n:
                    nth = np.partition(strength, len(cand) - top_n)[len(cand) - top_n]
                    near = strength >= nth
                    cand, strength = cand[near], strength[near]
                order = np.lexsort((cand, -strength))[:top_n]
                in_top[side][cand[order]] = True
            kept_counts[rows] += np.where(top_groups == a, in_top[a][top_cols], in_top[b][top_cols])
            n_done += 1
    out = top.copy()
    out["stability"] = kept_counts / max(n_done, 1)
    out["n_resamples"] = n_done
    out["resampling"] = resampling
    out = out[_BASE_COLUMNS + ["rank", "stability", "n_resamples", "resampling"]]
    out.attrs = {**full.attrs, "top_n": top_n, "seed": seed, "loo_max_docs": loo_max_docs}
    return out


def _assignment_chunks(n: int, k: int, exact: bool, n_perm: int, rng, max_cells: int = 2_000_000):
    """Yield 0/1 matrices (relabellings x documents) marking group a, a few at a time."""
    rows = max(1, max_cells // max(n, 1))
    if exact:
        combos = itertools.combinations(range(n), k)
        while True:
            block = list(itertools.islice(combos, rows))
            if not block:
                return
            A = np.zeros((len(block), n))
            A[np.repeat(np.arange(len(block)), k), np.array(block, dtype=np.int64).ravel()] = 1.0
            yield A
    done = 0
    while done < n_perm:
        m = min(rows, n_perm - done)
        A = np.zeros((m, n))
        for r in range(m):
            A[r, rng.choice(n, k, replace=False)] = 1.0
        done += m
        yield A


def permutation_test(
    dtm: DocumentTermMatrix,
    terms: Iterable[str],
    statistic: str = "log_odds",
    groups: Sequence[str] | str | None = None,
    max_permutations: int = 5000,
    seed: int = 0,
    **options,
) -> pd.DataFrame:
    """Permutation p-values of chosen terms' scores, shuffling document labels.

    In words: if the labels did not matter, any relabelling of the documents (keeping group
    sizes) would be as likely as the real one; the p-value is the share of relabellings
    whose score for the term is at least as extreme in the direction the term leans.
    When the number of relabellings ``C(n_a + n_b, n_a)`` is at most ``max_permutations``
    every one is enumerated (exact test; the real labelling is one of them, so the
    smallest possible p-value is ``1 / C``). Otherwise ``max_permutations`` random
    relabellings from ``numpy.random.default_rng(seed)`` are drawn and
    ``p = (1 + #as extreme) / (1 + max_permutations)``.

    Parameters
    ----------
    dtm : DocumentTermMatrix
    terms : iterable of str
        Terms of ``dtm`` (for example the ``term`` column of :func:`top_terms`).
    statistic : {"log_odds", "log_likelihood", "mean_tfidf"}, default "log_odds"
    groups : (str, str), str or None
        In one-vs-rest mode each term is tested for the group it leans to.
    max_permutations : int, default 5000
    seed : int, default 0
    **options
        Passed to the statistic.

    Returns
    -------
    pandas.DataFrame
        ``term, group, score, p_value, n_permutations, exact, min_p``; in the order of ``terms``.

    Raises
    ------
    ParameterError
        If a term is not a column of ``dtm`` or ``max_permutations`` is below 1.

    References
    ----------
    Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of Hypotheses*. Springer.

    Examples
    --------
    >>> import pandas as pd, corpus_utils as cu
    >>> corpus = pd.DataFrame({"doc_id": list("1234"), "label": ["a", "a", "b", "b"],
    ...                        "text": ["trust", "trust", "crime", "crime"]})
    >>> p = permutation_test(cu.count_terms(corpus, ngram_range=(1, 1)), ["trust"])
    >>> p[["term", "p_value", "n_permutations"]].values.tolist()
    [['trust', 0.16666666666666666, 6]]
    """
    dtm = _check_dtm(dtm)
    terms = list(terms)
    if max_permutations < 1:
        raise ParameterError(f"max_permutations must be at least 1 (got {max_permutations})")
    missing = [t for t in terms if t not in set(dtm.terms.tolist())]
    if missing:
        raise ParameterError(
            f"term(s) not in the document-term matrix: {', '.join(map(repr, missing[:5]))}",
            fix="Pass terms from a keyness table of the same matrix",
        )
    cols = np.array([dtm.column(t) for t in terms], dtype=np.int64)
    comps, mode = _comparisons(dtm.labels, groups)
    setup = _Setup(dtm, statistic, options)
    rows = []
    for a, b, mask_a, mask_b in comps:
        members = np.flatnonzero(mask_a | mask_b)
        n, k = len(members), int(mask_a.sum())
        sub_values = setup.values[members][:, cols].toarray().astype(np.float64)
        totals = setup.doc_totals[members]
        n_combinations = math.comb(n, k)
        exact = n_combinations <= max_permutations
        n_perm = n_combinations if exact else max_permutations
        observed = mask_a[members].astype(np.float64)
        score_obs, _ = setup.columns(
            observed @ sub_values, (1 - observed) @ sub_values, observed @ totals, (1 - observed) @ totals, cols
        )
        sign = np.where(score_obs >= 0, 1.0, -1.0)
        extreme = np.zeros(len(cols))
        value_total, grand_total = sub_values.sum(axis=0), totals.sum()
        for A in _assignment_chunks(n, k, exact, n_perm, np.random.default_rng(seed)):
            sa = A @ sub_values
            na = (A @ totals)[:, None]
            score, _ = setup.columns(sa, value_total - sa, na, grand_total - na, cols)
            extreme += ((sign * score) >= (sign * score_obs) - 1e-12).sum(axis=0)
        p = extreme / n_perm if exact else (1 + extreme) / (1 + n_perm)
        for j, term in enumerate(terms):
            group = a if score_obs[j] > 0 else (b if score_obs[j] < 0 else "")
            if mode == "one-vs-rest" and group != a:
                continue
            rows.append((term, group, score_obs[j], p[j], n_perm, exact, (1 / n_perm) if exact else 1 / (1 + n_perm)))
    out = pd.DataFrame(rows, columns=["term", "group", "score", "p_value", "n_permutations", "exact", "min_p"])
    order = {t: i for i, t in enumerate(terms)}
    out = out.sort_values(["term"], key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    out.attrs = {"statistic": statistic, "comparison": mode, "max_permutations": max_permutations, "seed": seed, **options}
    return out


# --------------------------------------------------------------------------------------------
# contested terms


def contested_terms(
    dtm: DocumentTermMatrix,
    groups: Sequence[str] | str | None = None,
    min_count: int = 3,
    max_abs_z: float = 1.96,
    min_docs: int | None = None,
    alpha0: float = 500.0,
) -> pd.DataFrame:
    """Terms both groups use often and neither owns: high counts on both sides, low |z|.

    In words: from the unfiltered :func:`log_odds` table of a pair, keep terms with at
    least ``min_count`` uses in each group, used by at least ``min_docs`` documents of each
    group (default 2, capped at the group's size), and with ``|z| < max_abs_z``. They are
    the shared words whose *company* may differ (see :func:`collocates`).

    Parameters
    ----------
    dtm : DocumentTermMatrix
    groups : (str, str), str or None
        In one-vs-rest mode, each group against the rest; ``group`` names the group.
    min_count : int, default 3
    max_abs_z : float, default 1.96
    min_docs : int, optional
    alpha0 : float, default 500.0

    Returns
    -------
    pandas.DataFrame
        The :func:`log_odds` columns plus ``shared`` (``min(count_a, count_b)``); sorted by
        ``shared`` (descending), then ``|score|`` (ascending), then term.

    Raises
    ------
    LabelError, ParameterError
        As :func:`log_odds`; also if ``min_count`` < 1 or ``max_abs_z`` <= 0.

    References
    ----------
    Monroe et al. (2008), as :func:`log_odds`.

    Examples
    --------
    >>> import pandas as pd, corpus_utils as cu
    >>> corpus = pd.DataFrame({"doc_id": list("1234"), "label": ["a", "a", "b", "b"],
    ...                        "text": ["law trust", "law", "law crime", "law"]})
    >>> contested_terms(cu.count_terms(corpus, ngram_range=(1, 1)), min_count=2)["term"].tolist()
    ['law']
    """
    if min_count < 1 or not max_abs_z > 0:
        raise ParameterError(f"min_count must be at least 1 and max_abs_z positive (got {min_count}, {max_abs_z})")
    table = _keyness(dtm, "log_odds", groups, None, {"alpha0": float(alpha0)}, lean_only=False)
    comps, mode = _comparisons(dtm.labels, groups)
    n_docs = {a: (int(ma.sum()), int(mb.sum())) for a, _, ma, mb in comps}
    if mode == "one-vs-rest":
        table["group"] = table["_focal"]
    sizes = np.array([n_docs[g] for g in table["_focal"]], dtype=np.int64).reshape(-1, 2)
    floor_a = _min_docs_for(min_docs, sizes[:, 0])
    floor_b = _min_docs_for(min_docs, sizes[:, 1])
    keep = (
        (table["count_a"] >= min_count)
        & (table["count_b"] >= min_count)
        & (table["score"].abs() < max_abs_z)
        & (table["docs_a"] >= floor_a)
        & (table["docs_b"] >= floor_b)
    )
    out = table[keep].assign(shared=lambda d: np.minimum(d["count_a"], d["count_b"]), _abs=lambda d: d["score"].abs())
    out = out.sort_values(["shared", "_abs", "term"], ascending=[False, True, True], kind="stable")
    out = out.drop(columns=["_abs", "_focal"]).reset_index(drop=True)
    out.attrs = {**table.attrs, "min_count": min_count, "max_abs_z": max_abs_z}
    return out


# --------------------------------------------------------------------------------------------
# context: KWIC and collocates


def _as_tokens(source) -> TokenIndex:
    if isinstance(source, TokenIndex):
        return source
    if isinstance(source, pd.DataFrame):
        return index_tokens(source)
    raise ParameterError(
        f"expected a TokenIndex or a corpus DataFrame (got {type(source).__name__})",
        fix="Pass cu.index_tokens(corpus) or the corpus itself",
    )


def _stop_mask(tokens: TokenIndex, stop_words) -> np.ndarray:
    stops = load_stop_words(stop_words)
    if not stops:
        return np.zeros(len(tokens.types), bool)
    return np.isin(tokens.types, np.array(sorted(stops), dtype=object))


def _spans(tokens: TokenIndex, term: str, stop_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last token position of every match of ``term``.

    A two-word term whose words are both content words matches as the document-term
    matrix counts it: the two words with only stop words (and no clause break) between
    them, so the bigram "rule law" finds "rule of law". Anything else matches exactly.
    """
    words = tokenize(term) if isinstance(term, str) else list(term)
    if not words:
        raise ParameterError(f"the term {term!r} holds no word", fix="Pass a word or a phrase")
    ids = [tokens.type_id(w) for w in words]
    if min(ids) < 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    if len(ids) == 2 and not stop_mask[ids[0]] and not stop_mask[ids[1]]:
        first = np.flatnonzero(tokens.token_ids == ids[0]).astype(np.int64)
        found_first, found_last = [], []
        pos, cur = first, first + 1
        while len(pos):
            ok = cur < tokens.n_tokens
            pos, cur = pos[ok], cur[ok]
            if not len(pos):
                break
            brk = tokens.phrase_break[cur]
            tid = tokens.token_ids[cur]
            stop = stop_mask[tid]
            hit = ~brk & ~stop & (tid == ids[1])
            found_first.append(pos[hit])
            found_last.append(cur[hit])
            go_on = ~brk & stop
            pos, cur = pos[go_on], cur[go_on] + 1
        if not found_first:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        p, q = np.concatenate(found_first), np.concatenate(found_last)
        order = np.argsort(p, kind="stable")
        return p[order], q[order]
    p = tokens.find(words)
    return p, p + len(words) - 1


def _collapse(text: str) -> str:
    return " ".join(text.split())


def kwic(
    source: TokenIndex | pd.DataFrame,
    term: str,
    window: int = 5,
    max_lines: int | None = None,
    aligned: bool = True,
    stop_words="default",
) -> pd.DataFrame:
    """Keyword in context: every occurrence of a word or phrase with its neighbours.

    In words: find the term (case-insensitive, on the tokenizer's normalized tokens; a
    two-word term of content words also matches with stop words between its words, as the
    bigram is counted), then cut the original text from ``window`` tokens before the match
    to ``window`` tokens after it, never across documents. Casing and punctuation are kept;
    runs of white space become one space.

    Parameters
    ----------
    source : TokenIndex or pandas.DataFrame
        The positional index (or the corpus, which is then indexed).
    term : str
        A word or phrase, e.g. ``"public safety"`` or ``"287(g)"``.
    window : int, default 5
        Tokens of context on each side.
    max_lines : int, optional
        Keep at most this many lines, evenly spaced over the corpus order (deterministic).
    aligned : bool, default True
        Pad ``left`` on the left and ``right`` on the right to a common width, so that the
        matches line up when the table is printed (``to_string``).
    stop_words : see :func:`corpus_utils.load_stop_words`
        Must be those of the document-term matrix for bigram matches to agree with counts.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, label, left, match, right``, in corpus order (document, then position).
        ``attrs["n_matches"]`` is the number of matches before ``max_lines``.

    Raises
    ------
    ParameterError
        If ``window`` is negative or the term holds no word.

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["1"], "label": ["a"],
    ...                        "text": ["We build Public Safety with trust."]})
    >>> kwic(corpus, "public safety", window=2, aligned=False).values.tolist()
    [['1', 'a', 'We build', 'Public Safety', 'with trust']]
    """
    if window < 0:
        raise ParameterError(f"window must be 0 or more tokens (got {window})")
    tokens = _as_tokens(source)
    p, q = _spans(tokens, term, _stop_mask(tokens, stop_words))
    n_matches = len(p)
    if max_lines is not None and len(p) > max_lines:
        pick = np.unique(np.linspace(0, len(p) - 1, max(int(max_lines), 0)).round().astype(np.int64))
        p, q = p[pick], q[pick]
    docs = tokens.doc_of(p)
    doc_start, doc_end = tokens.doc_ptr[docs], tokens.doc_ptr[docs + 1]
    left_from = np.maximum(p - window, doc_start)
    right_to = np.minimum(q + window, doc_end - 1)
    lefts, matches, rights = [], [], []
    for d, lp, pp, qq, rq in zip(docs.tolist(), left_from.tolist(), p.tolist(), q.tolist(), right_to.tolist()):
        text = tokens.texts[d]
        lefts.append(_collapse(text[tokens.starts[lp] : tokens.starts[pp]]) if lp < pp else "")
        matches.append(_collapse(text[tokens.starts[pp] : tokens.ends[qq]]))
        rights.append(_collapse(text[tokens.ends[qq] : tokens.ends[rq]]) if rq > qq else "")
    if aligned and lefts:
        width_l, width_r = max(map(len, lefts)), max(map(len, rights))
        lefts = [s.rjust(width_l) for s in lefts]
        rights = [s.ljust(width_r) for s in rights]
    out = pd.DataFrame(
        {
            "doc_id": tokens.doc_ids[docs].tolist(),
            "label": tokens.labels[docs].tolist(),
            "left": lefts,
            "match": matches,
            "right": rights,
        },
        dtype=object,
    )
    out.attrs = {"term": term, "window": window, "n_matches": n_matches, "max_lines": max_lines}
    return out


def collocates(
    source: TokenIndex | pd.DataFrame,
    terms: str | Iterable[str],
    groups: Sequence[str] | None = None,
    window: int = 5,
    measure: str = "log_likelihood",
    min_count: int = 2,
    stop_words="default",
) -> pd.DataFrame:
    """Words that keep a term company, per group: window collocates scored by G2 or PMI.

    In words: for every occurrence of the term in a group's documents, take the ``window``
    content words (stop words skipped) on each side, within the document; count how often
    each word falls in those windows (``count``, each token position once however many
    windows overlap it) against its count in the whole group. With ``W`` window positions,
    ``N`` content tokens in the group, a word's group frequency ``f`` and window count
    ``O11``, the 2x2 table is ``[[O11, W - O11], [f - O11, N - W - f + O11]]``:

    * ``log_likelihood``: Dunning's G2 over the four cells, ``2 sum O ln(O / E)``;
    * ``pmi``: ``log2(O11 * N / (W * f))``.

    Only attracted words (``O11 > E11 = W f / N``) with ``O11 >= min_count`` are kept; the
    term's own tokens are not counted.

    Parameters
    ----------
    source : TokenIndex or pandas.DataFrame
    terms : str or iterable of str
        Words or phrases (two-word terms match as in :func:`kwic`).
    groups : sequence of str, optional
        The groups to report (default: every label, sorted).
    window : int, default 5
        Content words on each side.
    measure : {"log_likelihood", "pmi"}, default "log_likelihood"
    min_count : int, default 2
        The frequency floor (PMI overrates rare pairs without one).
    stop_words : see :func:`corpus_utils.load_stop_words`

    Returns
    -------
    pandas.DataFrame
        ``term, group, collocate, score, count, expected, docs, hits``: ``docs`` is how many
        documents the pair occurs in, ``hits`` the term's number of matches in the group.
        Sorted by term (in the order given), group, score (descending), collocate.

    Raises
    ------
    ParameterError
        If ``window`` < 1, ``min_count`` < 1 or ``measure`` is unknown.
    LabelError
        If a named group is not a label.

    References
    ----------
    Dunning (1993), as :func:`log_likelihood`; Church, K. W., & Hanks, P. (1990). Word
    association norms, mutual information, and lexicography. *Computational Linguistics*,
    16(1), 22-29; Evert, S. (2008). Corpora and collocations. In *Corpus Linguistics: An
    International Handbook*, article 58.

    Examples
    --------
    >>> import pandas as pd
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "label": ["a", "b"],
    ...     "text": ["cooperation with ice. cooperation with ice. crime", "cooperation of residents"]})
    >>> collocates(corpus, "cooperation", window=1, min_count=1)[["group", "collocate", "count"]].values.tolist()
    [['a', 'ice', 2], ['b', 'residents', 1]]
    """
    if window < 1 or min_count < 1:
        raise ParameterError(f"window and min_count must be at least 1 (got {window}, {min_count})")
    if measure not in ("log_likelihood", "pmi"):
        raise ParameterError(f"measure must be 'log_likelihood' or 'pmi' (got {measure!r})")
    tokens = _as_tokens(source)
    terms = [terms] if isinstance(terms, str) else list(terms)
    labels = np.asarray(tokens.labels, dtype=object)
    present = sorted(set(labels.tolist()))
    chosen = present if groups is None else ([groups] if isinstance(groups, str) else list(groups))
    unknown = [g for g in chosen if g not in present]
    if unknown:
        raise LabelError(
            f"unknown group(s) {', '.join(map(repr, unknown))} (the labels are: {', '.join(map(str, present))})",
            fix="Pass groups that are labels of the corpus",
        )
    stop_mask = _stop_mask(tokens, stop_words)
    n_types = len(tokens.types)
    content = ~stop_mask[tokens.token_ids]
    lengths = np.diff(tokens.doc_ptr)
    group_code = np.full(tokens.n_docs, -1, dtype=np.int64)
    for i, g in enumerate(chosen):
        group_code[labels == g] = i
    token_group = np.repeat(group_code, lengths)
    freq = {g: np.bincount(tokens.token_ids[content & (token_group == i)], minlength=n_types) for i, g in enumerate(chosen)}
    columns = ["term", "group", "collocate", "score", "count", "expected", "docs", "hits"]
    frames = []
    for term in terms:
        p, q = _spans(tokens, term, stop_mask)
        docs = tokens.doc_of(p)
        in_match = np.zeros(tokens.n_tokens, bool)
        if len(p):
            # mark the term's own tokens (spans are short: step through their length)
            for k in range(int((q - p).max()) + 1):
                ok = p + k <= q
                in_match[(p + k)[ok]] = True
        positions = []
        for direction, anchor in ((-1, p), (1, q)):
            cur, taken = anchor + direction, np.zeros(len(anchor), dtype=np.int64)
            alive = np.arange(len(anchor))
            lo, hi = tokens.doc_ptr[docs], tokens.doc_ptr[docs + 1]
            while len(alive):
                c = cur[alive]
                ok = (c >= lo[alive]) & (c < hi[alive])
                alive, c = alive[ok], c[ok]
                is_content = content[c]
                positions.append(c[is_content])
                taken[alive[is_content]] += 1
                alive = alive[taken[alive] < window]
                cur[alive] += direction
        where = np.unique(np.concatenate(positions)) if positions else np.empty(0, np.int64)
        where = where[~in_match[where]]
        where_docs = tokens.doc_of(where)
        for i, g in enumerate(chosen):
            mine = where[group_code[where_docs] == i]
            hits = int((group_code[docs] == i).sum())
            if len(mine) == 0:
                continue
            f = freq[g].astype(np.float64)
            n_total = float(f.sum())
            w_total = float(len(mine))
            o11 = np.bincount(tokens.token_ids[mine], minlength=n_types).astype(np.float64)
            pair_docs = np.zeros(n_types, dtype=np.int64)
            pairs = np.unique(np.stack([tokens.token_ids[mine].astype(np.int64), tokens.doc_of(mine)]), axis=1)
            np.add.at(pair_docs, pairs[0], 1)
            cand = np.flatnonzero(o11 >= min_count)
            o11c, fc = o11[cand], f[cand]
            e11 = w_total * fc / n_total
            attracted = o11c > e11
            cand, o11c, fc, e11 = cand[attracted], o11c[attracted], fc[attracted], e11[attracted]
            if measure == "pmi":
                score = np.log2(o11c * n_total / (w_total * fc))
            else:
                obs = np.stack([o11c, w_total - o11c, fc - o11c, n_total - w_total - fc + o11c])
                rest = np.full_like(fc, n_total - w_total)
                row = np.stack([np.full_like(fc, w_total), np.full_like(fc, w_total), rest, rest])
                col = np.stack([fc, n_total - fc, fc, n_total - fc])
                exp = row * col / n_total
                with np.errstate(divide="ignore", invalid="ignore"):
                    score = 2.0 * xlogy(obs, obs / exp).sum(axis=0)
            frames.append(
                pd.DataFrame(
                    {
                        "term": term,
                        "group": g,
                        "collocate": tokens.types[cand],
                        "score": score,
                        "count": o11c.astype(np.int64),
                        "expected": e11,
                        "docs": pair_docs[cand],
                        "hits": hits,
                    }
                )
            )
    if not frames:
        out = pd.DataFrame({c: [] for c in columns})
    else:
        out = pd.concat(frames, ignore_index=True)[columns]
        term_order = {t: i for i, t in enumerate(terms)}
        group_order = {g: i for i, g in enumerate(chosen)}
        out = out.assign(_t=out["term"].map(term_order), _g=out["group"].map(group_order))
        out = out.sort_values(["_t", "_g", "score", "collocate"], ascending=[True, True, False, True], kind="stable")
        out = out.drop(columns=["_t", "_g"]).reset_index(drop=True)
    out.attrs = {"window": window, "measure": measure, "min_count": min_count, "groups": chosen}
    return out
