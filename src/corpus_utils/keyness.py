"""Keyness: which terms set two groups of documents apart, and how surely.

Three keyness statistics read the sparse counts of a :class:`~corpus_utils.count.DocumentTermMatrix`
and return one tidy table each, with the same leading columns::

    term, group, score, count_a, count_b, docs_a, docs_b, rate_a, rate_b, <the statistic's own columns>

* ``score`` is signed: **positive means the term leans to group a**, negative to group b;
  ``group`` names the group it leans to. Tables are sorted by ``score`` (descending), then
  ``term``, so group a's strongest terms come first and group b's last; :func:`top_terms`
  picks the top terms of each group.
* ``count_a``/``count_b`` are the term's counts in each group, ``docs_a``/``docs_b`` how many
  documents of each group use it (dispersion), ``rate_a``/``rate_b`` its uses per 1,000 words
  counted in each group (the group's total over every column of the matrix).
* Dispersion filter: a term is kept only when at least ``min_docs`` documents of the group it
  leans to use it (default 2, never more than that group's number of documents), so that one
  author's habit is not reported as a camp's vocabulary. ``min_docs=0`` keeps every term.
* Groups are read by :func:`corpus_utils.groups.comparisons`: ``groups=(a, b)`` compares a pair;
  with two labels and ``groups=None`` the sorted labels are a and b. With more than two labels
  (``groups=None``, or three or more named groups), every group is compared with the rest of
  those documents (one-vs-rest); a single label ``groups="x"`` compares x with every other
  document. In one-vs-rest tables, group a is each group in turn (the ``group`` column), group
  b is the rest (counted in ``count_b``, ``docs_b``), and only terms leaning to the group are
  listed.
* Settings are recorded in ``DataFrame.attrs``.

Uncertainty, from :mod:`corpus_utils.resample`: :func:`stability` (leave-one-document-out, or a
seeded stratified bootstrap above ``loo_max_docs`` documents; the statistic, prior and idf
included, is recomputed on every resample; with every listed term's 95% bootstrap interval and
its support, carried by one document, unstable or consistent, from :mod:`corpus_utils.support`)
and :func:`permutation_test` (two-sided, exact over
every relabelling of the documents when there are few, with a p-value adjusted for choosing
the tested terms from the whole vocabulary). :func:`contested_terms` lists terms both groups
use often.

Costs: every statistic is a few sparse matrix products over the counts (linear in the number of
non-zero counts); resampling repeats them per resample or relabelling (default at most 200 drawn,
or every one of at most 5,000), a batch of relabellings per product. Nothing is quadratic in the
number of documents. :func:`permutation_floor` says, before any test runs, how small a p-value
a test of these groups can give.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import erfc, xlogy

from .count import DocumentTermMatrix, tfidf
from .errors import EmptyVocabularyError, ParameterError
from .groups import REST, comparisons
from .methods import STATISTICS as REGISTERED_STATISTICS
from .methods import statistic as registered_statistic
from .resample import MAX_EXACT, N_RESAMPLES, Tally, bootstrap, leave_one_out, relabelings, smallest_p
from .support import BOOTSTRAP_SHARE, LEVEL, MOST, bootstrap_weights, percentile_interval, support_level

__all__ = [
    "FORMULAS",
    "STATISTICS",
    "contested_terms",
    "log_likelihood",
    "log_odds",
    "mean_tfidf",
    "permutation_floor",
    "permutation_test",
    "stability",
    "top_terms",
]

#: The keyness statistics :func:`stability` and :func:`permutation_test` can resample.
#: The registered keyness statistics (:data:`corpus_utils.methods.STATISTICS`), each a function here.
STATISTICS = tuple(s.name for s in REGISTERED_STATISTICS)
#: Resamples of :func:`stability` scored with one sparse product (their columns side by side): the matrix is
#: read once for four of them, about twice as fast as one at a time, with the same sums.
RESAMPLES_AT_ONCE = 4
_BASE_COLUMNS = ["term", "group", "score", "count_a", "count_b", "docs_a", "docs_b", "rate_a", "rate_b"]
_TFIDF_OPTIONS = ("norm", "smooth_idf", "sublinear_tf")


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


def _listed(score, docs_a, docs_b, used, floor_a, floor_b, one_vs_rest: bool):
    """Which terms a keyness table lists: used, leaning to group a in one-vs-rest, and dispersed.

    A term must be used by at least ``floor_a`` documents of group a when it leans to a,
    ``floor_b`` of group b when it leans to b, both when it leans to neither. Arguments
    broadcast (rows may be relabellings or resamples).
    """
    keep = used & (score > 0) if one_vs_rest else np.broadcast_to(used, np.shape(score))
    ok_a, ok_b = docs_a >= floor_a, docs_b >= floor_b
    return keep & np.where(score > 0, ok_a, np.where(score < 0, ok_b, ok_a & ok_b))


# --------------------------------------------------------------------------------------------
# the statistics, as formulas on group sums (vectorized; rows may be resamples or relabellings)


def _log_odds_z(ya, yb, na, nb, prior, alpha0):
    pa = ya + prior
    pb = yb + prior
    delta = np.log((pa * (nb + alpha0 - pb)) / (pb * (na + alpha0 - pa)))  # one logarithm of the odds ratio
    variance = 1.0 / pa + 1.0 / pb
    return delta / np.sqrt(variance), delta, variance


def _log_odds_columns(ya, yb, na, nb, prior, alpha0):
    z, delta, variance = _log_odds_z(ya, yb, na, nb, prior, alpha0)
    return z, {"delta": delta, "variance": variance, "prior": prior + 0 * delta}


def _log_likelihood_score(ya, yb, na, nb):
    total = ya + yb
    ea = na * total / (na + nb)
    eb = nb * total / (na + nb)
    g2 = 2.0 * (xlogy(ya, ya / ea) + xlogy(yb, yb / eb))
    g2 = np.where(total > 0, np.maximum(g2, 0.0), 0.0)
    return np.sign(ya * nb - yb * na) * g2, g2


def _log_likelihood_columns(ya, yb, na, nb):
    score, g2 = _log_likelihood_score(ya, yb, na, nb)
    ra = np.where(ya > 0, ya, 0.5) / na
    rb = np.where(yb > 0, yb, 0.5) / nb
    # chi-square survival function with 1 degree of freedom: erfc(sqrt(G2 / 2))
    return score, {"g2": g2, "p_value": erfc(np.sqrt(g2 / 2.0)), "log_ratio": np.log2(ra / rb)}


def _mean_tfidf_columns(sa, sb, na, nb):
    mean_a = sa / na
    mean_b = sb / nb
    return mean_a - mean_b, {"mean_a": mean_a, "mean_b": mean_b}


class Formula(NamedTuple):
    """A keyness statistic as formulas on group sums: its signed score alone (cheap, for the thousands of
    resamples and relabellings), and the score with the statistic's own columns (for a table).

    Both take ``(sa, sb, na, nb, prior, alpha0)``: the groups' sums per term, the groups' totals, and the
    log-odds prior and its weight (None for the other statistics).
    """

    score: Callable
    columns: Callable


#: Each registered statistic's formulas (:data:`corpus_utils.methods.STATISTICS` names them). A new
#: count-based statistic is one formula here, its public function below and one registry entry.
FORMULAS = {
    "log_odds": Formula(lambda sa, sb, na, nb, prior, alpha0: _log_odds_z(sa, sb, na, nb, prior, alpha0)[0],
                        _log_odds_columns),
    "log_likelihood": Formula(lambda sa, sb, na, nb, prior, alpha0: _log_likelihood_score(sa, sb, na, nb)[0],
                              lambda sa, sb, na, nb, prior, alpha0: _log_likelihood_columns(sa, sb, na, nb)),
    "mean_tfidf": Formula(lambda sa, sb, na, nb, prior, alpha0: _mean_tfidf_columns(sa, sb, na, nb)[0],
                          lambda sa, sb, na, nb, prior, alpha0: _mean_tfidf_columns(sa, sb, na, nb)),
}


class _Statistic:
    """What one statistic needs from a matrix: values to sum per group, presence, prior.

    :meth:`group_sums` and :meth:`columns` make the tables; :meth:`resampled` scores a resample
    of the documents given as weights, recomputing the prior and the idf from it.
    """

    def __init__(self, dtm: DocumentTermMatrix, statistic: str, options: dict):
        registered_statistic(statistic)  # a registered statistic, or ParameterError
        unknown = set(options) - {"alpha0", *_TFIDF_OPTIONS}
        if unknown:
            raise ParameterError(f"unknown option(s) {', '.join(sorted(unknown))} for {statistic}")
        self.statistic = statistic
        self.options = {k: v for k, v in options.items() if k in _TFIDF_OPTIONS}
        counts = dtm.counts.tocsr()
        self.counts = counts
        # float copies once, so that every product runs without casting
        self.binary = counts.astype(np.float64)
        self.binary.data = np.ones_like(self.binary.data)
        self.prior = None
        self.alpha0 = None
        self._transposed = None
        if statistic == "mean_tfidf":
            self.values = tfidf(dtm, **self.options).tocsr()
            self.doc_totals = np.ones(counts.shape[0])
        else:
            self.values = counts.astype(np.float64)
            self.doc_totals = np.asarray(counts.sum(axis=1), dtype=np.float64).ravel()
        if statistic == "log_odds":
            alpha0 = float(options.get("alpha0", 500.0))
            if not alpha0 > 0:
                raise ParameterError(f"alpha0 (the prior's total weight) must be positive (got {alpha0})")
            self.alpha0 = alpha0
            self.prior = self._prior(np.asarray(counts.sum(axis=0), dtype=np.float64).ravel())

    def _prior(self, corpus_counts: np.ndarray) -> np.ndarray:
        """``alpha_w = alpha0 * y_w / n`` from the corpus-wide counts."""
        return self.alpha0 * corpus_counts / corpus_counts.sum()

    def group_sums(self, weights: np.ndarray):
        """Group sums for the columns of ``weights`` (documents x groups): values, documents, totals.

        Returns arrays of shape (groups, terms), (groups, terms) and (groups,).
        """
        w = np.asarray(weights, dtype=np.float64)
        sums = np.asarray(self.values.T @ w).T
        docs = np.asarray(self.binary.T @ (w > 0).astype(np.float64)).T
        return sums, docs, self.doc_totals @ w

    def score(self, sa, sb, na, nb, prior=None):
        """The signed score alone (rows: groups of relabellings; columns: terms)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return FORMULAS[self.statistic].score(sa, sb, na, nb, self.prior if prior is None else prior, self.alpha0)

    def columns(self, sa, sb, na, nb):
        """The score and the statistic's own columns, for a table."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return FORMULAS[self.statistic].columns(sa, sb, na, nb, self.prior, self.alpha0)

    def _transposes(self):
        """Terms x documents, row-major (fast repeated products), made once: values, presence, tf, tf
        transposed, tf squared."""
        if self._transposed is None:
            tf = self.counts.astype(np.float64)
            if self.options.get("sublinear_tf"):
                tf.data = 1.0 + np.log(tf.data)
            squared = tf.copy()
            squared.data **= 2
            self._transposed = (self.values.T.tocsr(), self.binary.T.tocsr(), tf, tf.T.tocsr(), squared)
        return self._transposed

    def resampled(self, weights: np.ndarray, in_a: np.ndarray, in_b: np.ndarray):
        """Scores and distinct documents per group of a resample given as document weights.

        ``weights`` counts how often each document is in the resample (0: left out; 2: drawn
        twice). The resample is scored as if it were the corpus, that is as the table of the
        matrix whose rows are its documents (repeats included): the log-odds prior is
        ``alpha0`` times the resample's term shares, and the TF-IDF weights follow
        :func:`corpus_utils.tfidf` with ``n`` and ``df`` counted over the resample. ``docs_a``
        and ``docs_b`` count distinct documents. Returns ``score, docs_a, docs_b``.
        """
        if self.statistic != "mean_tfidf":
            return self.resampled_many([weights], in_a, in_b)[0]
        _, binary_t, tf, tf_t, squared = self._transposes()
        w = np.asarray(weights, dtype=np.float64)
        wa, wb = w * in_a, w * in_b
        da, db = np.asarray(binary_t @ np.column_stack([wa > 0, wb > 0]).astype(np.float64)).T
        n, df = w.sum(), binary_t @ w
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.options.get("smooth_idf", True):
                idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
            else:
                idf = np.log(n / df) + 1.0
        idf = np.where(df > 0, idf, 0.0)  # terms of no resampled document weigh nothing
        norm = self.options.get("norm", "l2")
        if norm == "l2":
            lengths = np.sqrt(squared @ idf**2)
        elif norm == "l1":
            lengths = tf @ idf
        else:
            lengths = np.ones(len(w))
        lengths = np.where(lengths > 0, lengths, 1.0)
        sa, sb = (idf[:, None] * np.asarray(tf_t @ np.column_stack([wa / lengths, wb / lengths]))).T
        return self.score(sa, sb, wa.sum(), wb.sum()), da, db

    def resampled_many(self, weights: list[np.ndarray], in_a: np.ndarray, in_b: np.ndarray) -> list[tuple]:
        """:meth:`resampled` of each resample in ``weights``, the same values, with one sparse product per quantity.

        The resamples' columns are stacked side by side, so the matrix is read once for them all; each
        column of a sparse-times-dense product is summed in the same order whatever its neighbours, so every
        resample's sums are those it has alone. (Mean TF-IDF, whose sums depend on every resample's
        document lengths, is scored one resample at a time, by :meth:`resampled`.)
        """
        if self.statistic == "mean_tfidf":
            return [self.resampled(w, in_a, in_b) for w in weights]
        if not weights:
            return []
        values_t, binary_t, _, _, _ = self._transposes()
        w = [np.asarray(x, dtype=np.float64) for x in weights]
        wa, wb = [x * in_a for x in w], [x * in_b for x in w]
        present = np.asarray(binary_t @ np.column_stack([c for i in range(len(w)) for c in (wa[i] > 0, wb[i] > 0)])
                             .astype(np.float64)).T
        # the corpus-wide counts only feed the log-odds prior; when every weighted document is in one of the
        # two groups they are the two groups' counts added, exactly (sums of whole numbers), and need no product
        whole = self.statistic == "log_odds" and any(np.any(x[~(in_a | in_b)]) for x in w)
        per = 3 if whole else 2
        sums = np.asarray(values_t @ np.column_stack(
            [c for i in range(len(w)) for c in ((wa[i], wb[i], w[i]) if whole else (wa[i], wb[i]))])).T
        out = []
        for i in range(len(w)):
            da, db = present[2 * i], present[2 * i + 1]
            sa, sb = sums[per * i], sums[per * i + 1]
            corpus = sums[per * i + 2] if whole else sa + sb
            prior = self._prior(corpus) if self.statistic == "log_odds" else None
            out.append((self.score(sa, sb, self.doc_totals @ wa[i], self.doc_totals @ wb[i], prior), da, db))
        return out

    def batch_rows(self) -> int:
        """Resamples per batch of :meth:`resampled_scores`: about two million cells per intermediate array."""
        n_docs, n_terms = self.counts.shape
        return max(1, 2_000_000 // max(n_docs, n_terms if self.statistic == "mean_tfidf" else 1, 1))

    def resampled_scores(self, weights: np.ndarray, in_a: np.ndarray, in_b: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The scores of the terms ``cols`` in a batch of resamples (rows of ``weights``), in one product each.

        Each row of ``weights`` (resamples x documents) is scored exactly as :meth:`resampled` scores
        it (the prior and the idf recomputed from the resample), but the whole batch is one sparse
        product per quantity, and only the columns ``cols`` are scored (mean TF-IDF still reads every
        column for the documents' lengths). A term that no document of the resample uses scores 0, the
        limit of every statistic as its counts go to 0 (log-odds would otherwise divide 0 by 0).
        Returns an array (resamples x ``len(cols)``).
        """
        w = np.asarray(weights, dtype=np.float64)
        wa, wb = w * in_a, w * in_b
        if self.statistic != "mean_tfidf":
            part_t = self.values[:, cols].T.tocsr()  # the chosen columns only: terms x documents
            sa = np.asarray(part_t @ wa.T).T
            sb = np.asarray(part_t @ wb.T).T
            corpus = np.asarray(part_t @ w.T).T
            prior = None
            if self.statistic == "log_odds":
                with np.errstate(divide="ignore", invalid="ignore"):
                    prior = self.alpha0 * corpus / (w @ self.doc_totals)[:, None]
            na, nb = (wa @ self.doc_totals)[:, None], (wb @ self.doc_totals)[:, None]
            score = self.score(sa, sb, na, nb, prior)
            return np.where(corpus > 0, score, 0.0)
        _, binary_t, tf, tf_t, squared = self._transposes()
        n = w.sum(axis=1)
        df = np.asarray(binary_t @ w.T).T  # resamples x terms
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.options.get("smooth_idf", True):
                idf = np.log((1.0 + n[:, None]) / (1.0 + df)) + 1.0
            else:
                idf = np.log(n[:, None] / df) + 1.0
        idf = np.where(df > 0, idf, 0.0)
        norm = self.options.get("norm", "l2")
        if norm == "l2":
            lengths = np.sqrt(np.asarray(squared @ (idf**2).T))  # documents x resamples
        elif norm == "l1":
            lengths = np.asarray(tf @ idf.T)
        else:
            lengths = np.ones((w.shape[1], len(w)))
        lengths = np.where(lengths > 0, lengths, 1.0)
        part_t = tf_t[cols]
        sa = idf[:, cols] * np.asarray(part_t @ (wa.T / lengths)).T
        sb = idf[:, cols] * np.asarray(part_t @ (wb.T / lengths)).T
        score = self.score(sa, sb, wa.sum(axis=1)[:, None], wb.sum(axis=1)[:, None])
        return np.where(df[:, cols] > 0, score, 0.0)


def _keyness(dtm, statistic, groups, min_docs, options, lean_only=True) -> pd.DataFrame:
    dtm = _check_dtm(dtm)
    comps = comparisons(dtm.labels, groups)
    mode = comps[0].mode
    _min_docs_for(min_docs, 0)  # validates
    stat = _Statistic(dtm, statistic, options)
    frames = []
    n_docs = {}
    counts_t = stat.counts.T.tocsr()
    words_per_doc = np.asarray(stat.counts.sum(axis=1)).ravel()
    for comp in comps:
        (sa, sb), (da, db), (na, nb) = stat.group_sums(np.column_stack([comp.in_a, comp.in_b]))
        ya, yb = np.asarray(counts_t @ np.column_stack([comp.in_a, comp.in_b]).astype(np.int64)).T
        words_a, words_b = words_per_doc @ comp.in_a, words_per_doc @ comp.in_b
        score, extra = stat.columns(sa, sb, na, nb)
        group = np.where(score > 0, comp.group_a, np.where(score < 0, comp.group_b, ""))
        frame = pd.DataFrame(
            {
                "_focal": comp.group_a,
                "term": dtm.terms,
                "group": group.astype(object),
                "score": score,
                "count_a": ya,
                "count_b": yb,
                "docs_a": da.round().astype(np.int64),
                "docs_b": db.round().astype(np.int64),
                "rate_a": 1000.0 * ya / words_a if words_a else np.zeros(len(ya)),
                "rate_b": 1000.0 * yb / words_b if words_b else np.zeros(len(yb)),
                **extra,
            }
        )
        n_a, n_b = int(comp.in_a.sum()), int(comp.in_b.sum())
        used = (ya + yb) > 0
        if lean_only:
            used = _listed(score, da, db, used, _min_docs_for(min_docs, n_a), _min_docs_for(min_docs, n_b),
                           mode == "one-vs-rest")
        frames.append(frame[used])
        n_docs[comp.group_a] = n_a
        if mode == "pair":
            n_docs[comp.group_b] = n_b
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    table = table.sort_values(["score", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    if lean_only:
        table = table.drop(columns="_focal")
    n_uses = int(words_per_doc.sum())
    table.attrs = {
        "statistic": statistic,
        "comparison": mode,
        "groups": [c.group_a for c in comps] if mode == "one-vs-rest" else [comps[0].group_a, comps[0].group_b],
        "group_sizes": n_docs,
        "min_docs": 2 if min_docs is None else int(min_docs),
        **dict(options),
        "n_uses": n_uses,
        **({"prior_share": stat.alpha0 / n_uses} if statistic == "log_odds" else {}),
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

    ``n_a``/``n_b`` are the groups' total counts over all columns of the matrix. The
    variance is the paper's two-term approximation (Monroe et al. 2008, eq. 20); other
    implementations add the two "not w" terms, which gives slightly smaller |z|. The prior
    comes from every document of ``dtm`` (also those outside a chosen pair).

    Parameters
    ----------
    dtm : DocumentTermMatrix
        Counts from :func:`corpus_utils.count_terms`.
    groups : (str, str), str or None
        The pair to compare (a, b); see the module docstring for one-vs-rest.
    alpha0 : float, default 500.0
        The prior's total weight in pseudo-tokens. Larger values pull rare terms' z toward
        zero more than frequent terms'.
    min_docs : int, optional
        Dispersion floor (default 2, capped at the group's size; 0 keeps every term).

    Returns
    -------
    pandas.DataFrame
        ``term, group, score, count_a, count_b, docs_a, docs_b, rate_a, rate_b, delta, variance,
        prior``; ``score`` is z (positive: leans to group a); sorted by score desc, then term.
        ``attrs`` records the settings, ``group_sizes`` (documents per group, by name), ``n_uses``
        (the words counted in the whole matrix) and ``prior_share`` (``alpha0 / n_uses``: how heavy
        the prior is against the counts).

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
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2", "3"], "group": ["a", "a", "b"],
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
    not: read it as a ranking, not a test; :func:`permutation_test` relabels documents
    instead). Effect size: ``log_ratio = log2((y_aw / n_a) / (y_bw / n_b))`` where a zero
    count is replaced by 0.5 (Hardie 2014); each unit doubles.

    Parameters
    ----------
    dtm : DocumentTermMatrix
    groups : (str, str), str or None
    min_docs : int, optional
        Dispersion floor (default 2, capped at the group's size; 0 keeps every term).

    Returns
    -------
    pandas.DataFrame
        ``term, group, score, count_a, count_b, docs_a, docs_b, rate_a, rate_b, g2, p_value,
        log_ratio``;
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
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "group": ["a", "b"],
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
        ``term, group, score, count_a, count_b, docs_a, docs_b, rate_a, rate_b, mean_a, mean_b``.

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
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "group": ["a", "b"],
    ...                        "text": ["trust safety", "crime safety"]})
    >>> table = mean_tfidf(cu.count_terms(corpus, ngram_range=(1, 1)), min_docs=0)
    >>> table[["term", "score"]].round(3).values.tolist()
    [['trust', 0.815], ['safety', 0.0], ['crime', -0.815]]
    """
    options = {"norm": norm, "smooth_idf": smooth_idf, "sublinear_tf": sublinear_tf}
    return _keyness(dtm, "mean_tfidf", groups, min_docs, options)


def _run(dtm, statistic, groups, min_docs, options) -> pd.DataFrame:
    registered_statistic(statistic)
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
    order = [g for g in order if g != REST]
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


def _top_mask(score, docs_a, docs_b, used, floor_a, floor_b, sign: float, top_n: int) -> np.ndarray:
    """The ``top_n`` terms leaning to one side (``sign`` +1: group a, -1: group b), by |score|.

    Candidates pass the dispersion filter of :func:`_listed`; ties are broken by term
    (columns are sorted by term).
    """
    chosen = np.zeros(len(score), bool)
    with np.errstate(invalid="ignore"):
        cand = np.flatnonzero(_listed(score, docs_a, docs_b, used, floor_a, floor_b, False) & (sign * score > 0))
    if len(cand) == 0:
        return chosen
    strength = sign * score[cand]
    if len(cand) > top_n:  # partition first so that only the few candidates near the n-th are sorted
        nth = np.partition(strength, len(cand) - top_n)[len(cand) - top_n]
        near = strength >= nth
        cand, strength = cand[near], strength[near]
    chosen[cand[np.lexsort((cand, -strength))[:top_n]]] = True
    return chosen


_INTERVAL = ("{level:.0%} percentile bootstrap interval: {n} resamples of the documents, drawn with replacement "
             "within each group (seed {seed})")


def _top_share(counts, side: np.ndarray, in_a: np.ndarray, in_b: np.ndarray) -> np.ndarray:
    """For each column of ``counts`` (documents x terms), the largest share of its uses in one group that
    one document of that group supplies; ``side`` is 0 for group a, 1 for group b (NaN without a use)."""
    counts = counts.tocsc()
    out = np.full(counts.shape[1], np.nan)
    for code, mask in ((0, in_a), (1, in_b)):
        cols = np.flatnonzero(side == code)
        if len(cols) == 0 or not mask.any():
            continue
        part = counts[np.flatnonzero(mask)][:, cols]
        most = part.max(axis=0).toarray().ravel().astype(np.float64)
        total = np.asarray(part.sum(axis=0), dtype=np.float64).ravel()
        out[cols] = np.divide(most, total, out=np.full(len(cols), np.nan), where=total > 0)
    return out


def stability(
    dtm: DocumentTermMatrix,
    statistic: str = "log_odds",
    groups: Sequence[str] | str | None = None,
    top_n: int = 10,
    n_resamples: int = N_RESAMPLES,
    seed: int = 0,
    loo_max_docs: int = 30,
    min_docs: int | None = None,
    **options,
) -> pd.DataFrame:
    """How often each top term stays in its group's top ``top_n`` when documents are resampled.

    In words: recompute the statistic on many document-level resamples and count, for each
    of the ``top_n`` terms of each group on the full data, the share of resamples in which
    it is again among its group's ``top_n`` (ranked by |score| among terms passing the
    dispersion filter, applied with the resample's own distinct documents). With at most
    ``loo_max_docs`` documents in the comparison the resamples are leave-one-document-out
    (one per document: a term that rests on one document drops out at least once); above,
    ``n_resamples`` bootstrap samples drawn with replacement within each group (stratified,
    so group sizes stay fixed, also those of the groups that make up "the rest" in one-vs-rest;
    :func:`corpus_utils.resample.bootstrap` with ``seed``). Each
    resample is treated as the whole corpus: the left-out document is left out of the prior
    of :func:`log_odds` and of the idf of :func:`mean_tfidf` too, and a document drawn twice
    counts twice in them but once in ``docs_a``/``docs_b`` (the dispersion floor counts
    documents, not draws). Leaving out the only document of a group leaves nothing to
    compare: every term counts as dropped in that resample.

    Every listed term also gets an interval and a support label:

    * ``score_low``, ``score_high``: the 95% percentile bootstrap interval of its score. The
      documents of the comparison are resampled with replacement within each group (stratified,
      as for ``stability``), ``n_resamples`` times with
      ``seed`` (:func:`corpus_utils.support.bootstrap_weights`, the resamples of
      :func:`corpus_utils.resample.bootstrap`), whatever the resampling of ``stability``; each
      resample is scored as the corpus it would be (prior and idf recomputed, as above), and the
      interval is the 2.5th and the 97.5th percentiles of the term's scores
      (:func:`corpus_utils.support.percentile_interval`). A term no resampled document uses
      scores 0 in that resample. The resamples of a batch are scored with one sparse product.
    * ``top_share``: the largest share of the term's uses in the group it leans to that one
      document of that group supplies (``max_d count_d / sum_d count_d`` over that group).
    * ``support``: :func:`corpus_utils.support.support_level` of ``top_share``, the group's
      size, ``docs_a``/``docs_b`` of that group, ``stability`` (below 1 under leave-one-out,
      below :data:`corpus_utils.support.BOOTSTRAP_SHARE` under the bootstrap) and the interval
      (unstable if it includes 0): "carried by one document", "unstable" or "consistent".

    Parameters
    ----------
    dtm : DocumentTermMatrix
    statistic : {"log_odds", "log_likelihood", "mean_tfidf"}, default "log_odds"
    groups : (str, str), str or None
    top_n : int, default 10
    n_resamples : int, default N_RESAMPLES (200)
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
        ``term, group, score, count_a, count_b, docs_a, docs_b, rate_a, rate_b, rank, score_low,
        score_high, top_share, stability, support, n_resamples, resampling``; ordered by group,
        then rank. ``stability`` is a share in [0, 1]. ``attrs["resampling"]`` and
        ``attrs["n_resamples"]`` name the resampling and its number of resamples, also when no
        term is in a top list (the table is then empty); ``attrs["interval"]`` states the
        interval's method in words, with ``interval_level`` (0.95), ``interval_resamples`` and
        ``interval_seed``; ``support_most`` and ``support_bootstrap_share`` the support rule's
        thresholds.

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
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2", "3", "4"], "group": ["a", "a", "b", "b"],
    ...                        "text": ["trust trust", "trust fear", "crime", "jail"]})
    >>> dtm = cu.count_terms(corpus, ngram_range=(1, 1))
    >>> s = stability(dtm, top_n=1, min_docs=1)
    >>> s[["term", "stability"]].values.tolist()
    [['trust', 0.75], ['crime', 0.75]]

    Without document 1, *trust* and *fear* tie in group a (ties go to the earlier term);
    without document 3, *crime* is gone. Both documents of group a use *trust* (document 1
    supplies 2 of its 3 uses, not more than twice an even share), so it is not one document's,
    but it leaves the list when document 1 is left out; document 3 is the only one of group b to
    use *crime*:

    >>> s[["term", "top_share", "support"]].round(3).values.tolist()
    [['trust', 0.667, 'unstable'], ['crime', 1.0, 'carried by one document']]
    """
    if top_n < 1 or n_resamples < 1:
        raise ParameterError(f"top_n and n_resamples must be at least 1 (got {top_n}, {n_resamples})")
    full = _run(dtm, statistic, groups, min_docs, options)
    top = top_terms(full, top_n)
    comps = comparisons(dtm.labels, groups)
    n_docs = dtm.shape[0]
    stat = _Statistic(dtm, statistic, options)
    kept_counts = np.zeros(len(top))
    top_share = np.full(len(top), np.nan)
    low, high = np.full(len(top), np.nan), np.full(len(top), np.nan)
    n_done = 0
    resampling, n_planned = "", 0
    for comp in comps:
        a, b = comp.group_a, comp.group_b
        in_scope = comp.in_a | comp.in_b
        members = np.flatnonzero(in_scope)
        # the same documents take part in every comparison, so every one resamples alike
        if len(members) <= loo_max_docs:
            resampling, n_planned = "leave-one-out", len(members)
        else:
            resampling, n_planned = f"bootstrap (seed {seed})", int(n_resamples)
        rows = np.flatnonzero(top["group"].to_numpy() == a) if comp.mode == "one-vs-rest" else np.arange(len(top))
        if len(rows) == 0:
            continue
        if resampling == "leave-one-out":
            samples = (kept for _, kept in leave_one_out(n_docs, members))
        else:
            outside = np.flatnonzero(~in_scope)
            samples = (
                np.sort(np.concatenate([outside, members[draw]]))
                for draw in bootstrap(dtm.labels[members], n_resamples=n_resamples, seed=seed)
            )
        n_done = 0
        top_cols = np.searchsorted(dtm.terms, top["term"].iloc[rows].to_numpy()).astype(np.int64)
        top_groups = top["group"].iloc[rows].to_numpy()
        top_share[rows] = _top_share(stat.counts[:, top_cols], np.where(top_groups == a, 0, 1), comp.in_a, comp.in_b)
        draws = [stat.resampled_scores(w, comp.in_a, comp.in_b, top_cols)
                 for w in bootstrap_weights(dtm.labels[members], n_resamples=n_resamples, seed=seed,
                                            rows=stat.batch_rows(), n_docs=n_docs, members=members)]
        low[rows], high[rows] = percentile_interval(np.vstack(draws))
        batch = []  # (weights, n_a, n_b) of the resamples scored together, RESAMPLES_AT_ONCE at a time

        def tally(batch):
            for (_, n_a, n_b), (score, da, db) in zip(batch, stat.resampled_many([w for w, _, _ in batch],
                                                                                 comp.in_a, comp.in_b)):
                used = (da + db) > 0
                floor_a, floor_b = _min_docs_for(min_docs, n_a), _min_docs_for(min_docs, n_b)
                in_top_a = _top_mask(score, da, db, used, floor_a, floor_b, 1.0, top_n)
                in_top_b = (np.zeros(len(score), bool) if b == REST
                            else _top_mask(score, da, db, used, floor_a, floor_b, -1.0, top_n))
                kept_counts[rows] += np.where(top_groups == a, in_top_a[top_cols], in_top_b[top_cols])

        for sample in samples:
            n_done += 1
            weights = np.bincount(sample, minlength=n_docs)  # how often each document is drawn
            n_a, n_b = int(((weights > 0) & comp.in_a).sum()), int(((weights > 0) & comp.in_b).sum())
            if n_a == 0 or n_b == 0:
                continue  # a group without documents: no comparison, so no term is in a top
            batch.append((weights, n_a, n_b))
            if len(batch) == RESAMPLES_AT_ONCE:
                tally(batch)
                batch = []
        tally(batch)
    out = top.copy()
    out["score_low"], out["score_high"], out["top_share"] = low, high, top_share
    out["stability"] = kept_counts / max(n_done, 1)
    lean_b = (out["group"].to_numpy() == comps[0].group_b) if comps[0].mode == "pair" else np.zeros(len(out), bool)
    sizes = full.attrs["group_sizes"]
    out["support"] = support_level(
        top_share, n_docs=out["group"].map(sizes).to_numpy(dtype=np.float64),
        docs_using=np.where(lean_b, out["docs_b"], out["docs_a"]), stability=out["stability"].to_numpy(),
        leave_one_out=resampling == "leave-one-out", low=low, high=high,
    )
    out["n_resamples"] = np.full(len(out), n_done, dtype=np.int64)
    out["resampling"] = pd.Series([resampling] * len(out), index=out.index, dtype=object)
    out = out[_BASE_COLUMNS + ["rank", "score_low", "score_high", "top_share", "stability", "support",
                               "n_resamples", "resampling"]]
    out.attrs = {**full.attrs, "top_n": top_n, "seed": seed, "loo_max_docs": loo_max_docs,
                 "resampling": resampling, "n_resamples": n_planned,
                 "interval": _INTERVAL.format(level=LEVEL, n=int(n_resamples), seed=seed),
                 "interval_level": LEVEL, "interval_resamples": int(n_resamples), "interval_seed": seed,
                 "support_most": MOST, "support_bootstrap_share": BOOTSTRAP_SHARE}
    return out


def permutation_test(
    dtm: DocumentTermMatrix,
    terms: Iterable[str],
    statistic: str = "log_odds",
    groups: Sequence[str] | str | None = None,
    min_docs: int | None = None,
    n_resamples: int = N_RESAMPLES,
    max_exact: int = MAX_EXACT,
    seed: int = 0,
    engine=None,
    **options,
) -> pd.DataFrame:
    """Two-sided permutation p-values of chosen terms' scores, shuffling document labels.

    In words: if the labels did not matter, any relabelling of the documents (keeping group
    sizes) would be as likely as the real one. For each term, ``p_value`` is the share of
    relabellings whose ``|score|`` is at least the observed ``|score|`` (two-sided: a term
    leaning as strongly to the *other* group counts too). ``p_adjusted`` answers for choosing
    the tested terms from the whole vocabulary by the same scores (as :func:`top_terms`
    does): the share of relabellings in which the **largest** ``|score|`` of any term the
    table would list (the whole vocabulary after the dispersion filter; in one-vs-rest, the
    terms leaning to the group) reaches the term's ``|score|`` (Westfall & Young's max-T). It
    controls the chance that *any* reported term reaches p <= 0.05 when no term differs.

    The relabellings come from :func:`corpus_utils.resample.relabelings`: every one of the
    ``C(n_a + n_b, n_a)`` when there are at most ``max_exact`` (exact; ``min_p`` is the share
    reaching the largest possible ``|score|``, ``2 / C`` at best for groups of equal size since
    the mirror-image split ties), otherwise ``n_resamples`` seeded random ones with ``p = (1 +
    #as extreme) / (1 + n_resamples)`` and ``min_p = 1 / (1 + n_resamples)``. The whole
    vocabulary is scored per relabelling by a sparse matrix product over a batch of them
    (:meth:`corpus_utils.resample.Relabelings.products`: the documents' values, presence and
    totals side by side, so that one product gives every sum a score needs).

    Parameters
    ----------
    dtm : DocumentTermMatrix
    terms : iterable of str
        Terms of ``dtm`` (for example the ``term`` column of :func:`top_terms`).
    statistic : {"log_odds", "log_likelihood", "mean_tfidf"}, default "log_odds"
    groups : (str, str), str or None
        In one-vs-rest mode each term is tested for the group it leans to.
    min_docs : int, optional
        The dispersion floor of the table the terms were chosen from (for ``p_adjusted``).
    n_resamples : int, default N_RESAMPLES (200)
    max_exact : int, default MAX_EXACT (5000)
    seed : int, default 0
    engine : corpus_utils.engine.Engine, optional
        Where the relabellings' products run (:mod:`corpus_utils.engine`): by default in this
        process; on a Dask engine, on its workers. The relabellings are drawn here and the sums
        are the same, so the table is the same (the engine is not recorded in ``attrs``).
    **options
        Passed to the statistic.

    Returns
    -------
    pandas.DataFrame
        ``term, group, score, p_value, min_p, p_adjusted, n_relabelings, exact``; in the
        order of ``terms``. ``attrs`` records the settings.

    Raises
    ------
    ParameterError
        If a term is not a column of ``dtm``, or ``n_resamples`` is below 1.

    References
    ----------
    Westfall, P. H., & Young, S. S. (1993). *Resampling-Based Multiple Testing*. Wiley.
    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero.
    *Statistical Applications in Genetics and Molecular Biology*, 9(1).

    Examples
    --------
    >>> import pandas as pd, corpus_utils as cu
    >>> corpus = pd.DataFrame({"doc_id": list("1234"), "group": ["a", "a", "b", "b"],
    ...                        "text": ["trust", "trust", "crime", "crime"]})
    >>> p = permutation_test(cu.count_terms(corpus, ngram_range=(1, 1)), ["trust"])
    >>> p[["term", "p_value", "min_p", "n_relabelings"]].values.tolist()
    [['trust', 0.3333333333333333, 0.3333333333333333, 6]]
    """
    dtm = _check_dtm(dtm)
    terms = list(terms)
    vocabulary = set(dtm.terms.tolist())
    missing = [t for t in terms if t not in vocabulary]
    if missing:
        raise ParameterError(
            f"term(s) not in the document-term matrix: {', '.join(map(repr, missing[:5]))}",
            fix="Pass terms from a keyness table of the same matrix",
        )
    _min_docs_for(min_docs, 0)  # validates
    cols = np.array([dtm.column(t) for t in terms], dtype=np.int64)
    comps = comparisons(dtm.labels, groups)
    stat = _Statistic(dtm, statistic, options)
    n_terms = dtm.shape[1]
    rows = []
    for comp in comps:
        members = np.flatnonzero(comp.in_a | comp.in_b)
        observed_a = comp.in_a[members]
        n_a, n_b = int(observed_a.sum()), int((~observed_a).sum())
        floor_a, floor_b = _min_docs_for(min_docs, n_a), _min_docs_for(min_docs, n_b)
        # terms' values, terms' presence and the documents' totals side by side: one product gives all three sums
        # (rows: those columns, documents in order; Relabelings.products multiplies this transpose of its values)
        operand = sp.hstack([stat.values[members], stat.binary[members],
                             sp.csr_matrix(stat.doc_totals[members][:, None])], format="csr").T.tocsr()
        value_sum, doc_sum, total = np.split(np.asarray(operand.sum(axis=1)).ravel(), [n_terms, 2 * n_terms])
        used = np.asarray(stat.counts[members].sum(axis=0)).ravel() > 0
        one_vs_rest = comp.mode == "one-vs-rest"

        def scores(sums: np.ndarray):
            """Scores (relabellings x terms) and each relabelling's largest listed |score|, from their sums."""
            sa, da, na = sums[:, :n_terms], sums[:, n_terms:2 * n_terms], sums[:, 2 * n_terms:]
            score = stat.score(sa, value_sum - sa, na, total - na)
            with np.errstate(invalid="ignore"):
                listed = _listed(score, da, doc_sum - da, used, floor_a, floor_b, one_vs_rest)
            maxima = np.where(listed, np.abs(score), -np.inf).max(axis=1)
            return score, maxima

        observed_w = observed_a[None, :].astype(np.float64)
        score_obs = scores(np.ascontiguousarray(np.asarray(operand @ observed_w.T).T))[0][0]
        plan = relabelings(observed_a, n_resamples=n_resamples, max_exact=max_exact, seed=seed)
        tally = Tally(np.abs(score_obs[cols]), exact=plan.exact)
        for _, sums in plan.products(operand.T, rows=plan.batch_rows(per_row=n_terms + len(members)), engine=engine):
            score, maxima = scores(sums)
            tally.add(np.abs(score[:, cols]), maxima)
        result = tally.result()
        for j, term in enumerate(terms):
            s = score_obs[cols[j]]
            group = comp.group_a if s > 0 else (comp.group_b if s < 0 else "")
            if one_vs_rest and group != comp.group_a:
                continue
            rows.append((term, group, s, *result.iloc[j][["p_value", "min_p", "p_adjusted", "n_relabelings", "exact"]]))
    columns = ["term", "group", "score", "p_value", "min_p", "p_adjusted", "n_relabelings", "exact"]
    out = pd.DataFrame(rows, columns=columns)
    floats = dict.fromkeys(["score", "p_value", "min_p", "p_adjusted"], np.float64)
    out = out.astype({"term": object, "group": object, **floats, "n_relabelings": np.int64, "exact": bool})
    order = {t: i for i, t in enumerate(terms)}
    out = out.sort_values(["term"], key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    out.attrs = {"statistic": statistic, "comparison": comps[0].mode, "min_docs": 2 if min_docs is None else int(min_docs),
                 "n_resamples": n_resamples, "max_exact": max_exact, "seed": seed, **options}
    return out


def permutation_floor(
    labels,
    groups: Sequence[str] | str | None = None,
    n_resamples: int = N_RESAMPLES,
    max_exact: int = MAX_EXACT,
) -> pd.DataFrame:
    """How small a p-value a relabelling test of these groups can give, before any test runs.

    In words: for each comparison (a pair, or each group against the rest), the number of ways
    to hand the labels to its documents keeping the group sizes is ``C(n_a + n_b, n_a)``. When
    there are at most ``max_exact``, a test such as :func:`permutation_test` tries every one
    and its p-value is at best ``1 / C`` (``2 / C`` for groups of equal size, whose mirror-image
    split gives the same two-sided score); above, it draws ``n_resamples`` random ones and is
    at best ``1 / (n_resamples + 1)`` (:func:`corpus_utils.resample.smallest_p`). A statistic
    with ties has a higher floor: each test reports its own as ``min_p``.

    Parameters
    ----------
    labels : array-like of str
        One label per document.
    groups : (str, str), str or None
        Read by :func:`corpus_utils.groups.comparisons`, as in every keyness function.
    n_resamples, max_exact : int
        As :func:`permutation_test`.

    Returns
    -------
    pandas.DataFrame
        ``group_a, group_b, n_a, n_b, n_relabelings, exact, min_p``: one row per comparison
        (``group_b`` is ``"rest"`` in one-vs-rest), in the order of the groups;
        ``n_relabelings`` is how many relabellings the test runs (every one when ``exact``).
        ``attrs`` records ``n_resamples``, ``max_exact`` and ``comparison``.

    Raises
    ------
    LabelError
        As :func:`log_odds`.
    ParameterError
        If ``n_resamples`` is below 1 or ``max_exact`` is negative.

    Examples
    --------
    >>> permutation_floor(["a", "a", "b", "b", "b"])[["n_relabelings", "exact", "min_p"]].values.tolist()
    [[10, True, 0.1]]
    """
    rows = []
    comps = comparisons(labels, groups)
    for comp in comps:
        n_a, n_b = int(comp.in_a.sum()), int(comp.in_b.sum())
        plan = relabelings(comp.in_a[comp.in_a | comp.in_b], n_resamples=n_resamples, max_exact=max_exact)
        floor = smallest_p([n_a, n_b], n_resamples=n_resamples, max_exact=max_exact)
        rows.append((comp.group_a, comp.group_b, n_a, n_b, plan.n_relabelings, plan.exact, floor))
    out = pd.DataFrame(rows, columns=["group_a", "group_b", "n_a", "n_b", "n_relabelings", "exact", "min_p"])
    out.attrs = {"n_resamples": int(n_resamples), "max_exact": int(max_exact), "comparison": comps[0].mode}
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
    the shared words whose *company* may differ (see :func:`corpus_utils.context.collocates`).

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
    >>> corpus = pd.DataFrame({"doc_id": list("1234"), "group": ["a", "a", "b", "b"],
    ...                        "text": ["law trust", "law", "law crime", "law"]})
    >>> contested_terms(cu.count_terms(corpus, ngram_range=(1, 1)), min_count=2)["term"].tolist()
    ['law']
    """
    if min_count < 1 or not max_abs_z > 0:
        raise ParameterError(f"min_count must be at least 1 and max_abs_z positive (got {min_count}, {max_abs_z})")
    table = _keyness(dtm, "log_odds", groups, None, {"alpha0": float(alpha0)}, lean_only=False)
    comps = comparisons(dtm.labels, groups)
    n_docs = {c.group_a: (int(c.in_a.sum()), int(c.in_b.sum())) for c in comps}
    if comps[0].mode == "one-vs-rest":
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
