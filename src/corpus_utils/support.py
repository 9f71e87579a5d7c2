"""Support: the one vocabulary of evidence every chapter uses for a finding.

A *finding* is a listed word of chapter 02 (a term in its group's top list) or a frame difference of
chapter 03. Its *leaning group* is the group it leans to (the group with the higher score or rate). Every
finding gets exactly one of three labels, by :func:`support_level`, the only place the rule is written:

``"carried by one document"`` (:data:`ONE_DOCUMENT`)
    one document supplies most of it: the leaning group has a single document, or only one of its
    documents uses the term (has a hit of the frame), or one of its documents supplies more than
    :data:`MOST` (half) of the finding's uses (hits) in the leaning group *and* more than twice the
    share each would supply were the uses spread evenly over the documents that use it (``2 / k``
    for ``k`` documents). The second condition matters only for two or three documents: when both
    documents of a pair use a word, one of them always supplies "more than half" unless their counts
    are equal, and a split of 3 uses to 2 is not one author's habit; whether such a word survives
    leaving either document out is the next label's question.
``"unstable"`` (:data:`UNSTABLE`)
    not carried by one document, but it does not survive resampling the documents: it leaves its list
    when some one document is left out (leave-one-out stability below 1), or in the bootstrap (it stays
    in its list in fewer than :data:`BOOTSTRAP_SHARE` of the bootstrap resamples), or its difference
    changes sign or vanishes when some one document is left out, or its 95% bootstrap interval includes
    0. A finding that no document of its leaning group uses (a difference of exactly 0, which leans
    nowhere) is unstable too: there is nothing to carry.
``"consistent"`` (:data:`CONSISTENT`)
    otherwise.

The chapters read the label from the ``support`` column of :func:`corpus_utils.keyness.stability` and
:func:`corpus_utils.frame.separation` (and chapter 05 from :func:`corpus_utils.synthesis.evidence`); none
of them recomputes it, so no chapter can contradict another on the same finding.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .resample import bootstrap

__all__ = [
    "BOOTSTRAP_SHARE",
    "CONSISTENT",
    "LEVEL",
    "MOST",
    "ONE_DOCUMENT",
    "SUPPORT_LEVELS",
    "UNSTABLE",
    "bootstrap_weights",
    "percentile_interval",
    "support_level",
]

ONE_DOCUMENT = "carried by one document"
UNSTABLE = "unstable"
CONSISTENT = "consistent"
#: The three labels, from the weakest support to the strongest.
SUPPORT_LEVELS = (ONE_DOCUMENT, UNSTABLE, CONSISTENT)
#: One document "supplies most" of a finding when its share of the finding's uses in the leaning group is above this.
MOST = 0.5
#: Under bootstrap resampling, a finding that stays in its list in fewer than this share of the resamples is unstable
#: (it drops out of most of them). Under leave-one-out resampling it must stay in every resample.
BOOTSTRAP_SHARE = 0.5
#: The coverage of every bootstrap interval of an effect.
LEVEL = 0.95


def bootstrap_weights(labels, *, n_resamples: int, seed: int, rows: int, n_docs: int | None = None,
                      members=None) -> Iterator[np.ndarray]:
    """Stratified bootstrap resamples as weights: how often each document is drawn, a batch at a time.

    The resamples are those of :func:`corpus_utils.resample.bootstrap` (documents drawn with
    replacement within each group, each group keeping its size; the same ``labels`` and ``seed`` give
    the same resamples), written as rows of a matrix (resamples x documents) so that a caller scores a
    whole batch with one matrix product.

    Parameters
    ----------
    labels : array-like
        The stratum (group) of each resampled document.
    n_resamples, seed : int
        As :func:`corpus_utils.resample.bootstrap`.
    rows : int
        Resamples per batch (at least 1).
    n_docs : int, optional
        Documents in the corpus (default: ``len(labels)``).
    members : array-like of int, optional
        The corpus position of each resampled document (default: ``0 .. len(labels) - 1``). Documents
        that are not members keep weight 1 in every resample (they are in every resample once).

    Yields
    ------
    numpy.ndarray of float, shape (at most ``rows``, ``n_docs``)

    Examples
    --------
    >>> [batch.tolist() for batch in bootstrap_weights(["a", "a", "b"], n_resamples=2, seed=0, rows=2)]
    [[[0.0, 2.0, 1.0], [1.0, 1.0, 1.0]]]
    """
    labels = np.asarray(labels)
    members = np.arange(len(labels)) if members is None else np.asarray(members, dtype=np.int64)
    n_docs = len(labels) if n_docs is None else int(n_docs)
    base = np.ones(n_docs)
    base[members] = 0.0
    rows = max(1, int(rows))
    batch: list[np.ndarray] = []
    for draw in bootstrap(labels, n_resamples=n_resamples, seed=seed):
        batch.append(base + np.bincount(members[draw], minlength=n_docs))
        if len(batch) == rows:
            yield np.vstack(batch)
            batch = []
    if batch:
        yield np.vstack(batch)


def percentile_interval(values, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """The percentile interval of bootstrap values: their ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles.

    In words: with 200 resamples and ``level = 0.95``, the 2.5th and the 97.5th percentiles of the 200
    values of each column (numpy's default linear interpolation between order statistics). An interval
    that every resample agrees on is a single point.

    Parameters
    ----------
    values : array-like, shape (resamples, findings)
    level : float, default LEVEL (0.95)

    Returns
    -------
    (low, high) : two numpy arrays of float, one value per finding (NaN without resamples)

    References
    ----------
    Efron, B., & Tibshirani, R. (1993). *An Introduction to the Bootstrap*, chapter 13 (the percentile
    interval). Chapman & Hall.

    Examples
    --------
    >>> low, high = percentile_interval([[1.0], [2.0], [3.0], [4.0], [5.0]], level=0.5)
    >>> float(low[0]), float(high[0])
    (2.0, 4.0)
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 1:
        values = values[:, None]
    if len(values) == 0:
        nan = np.full(values.shape[1], np.nan)
        return nan, nan.copy()
    tail = 100.0 * (1.0 - level) / 2.0
    low, high = np.percentile(values, [tail, 100.0 - tail], axis=0)
    return low, high


def support_level(
    top_share,
    n_docs,
    docs_using,
    stability=np.nan,
    leave_one_out=True,
    low=np.nan,
    high=np.nan,
    stable_sign=True,
) -> np.ndarray:
    """The support of each finding: carried by one document, unstable, or consistent.

    In words (see the module docstring for the definitions): a finding that no document of its
    leaning group uses (``docs_using == 0``: nothing leans) is *unstable*. Otherwise it is
    *carried by one document* when its leaning group has one document (``n_docs <= 1``), when
    one document of that group is the only one to use it (``docs_using == 1``), or when one
    document supplies more than :data:`MOST` of its uses there and more than twice an even share
    (``top_share > max(0.5, 2 / docs_using)``). Otherwise
    it is *unstable* when its resampling stability is below 1
    (leave-one-out) or below :data:`BOOTSTRAP_SHARE` (bootstrap), when ``stable_sign`` is False
    (its difference changes sign or vanishes when one document is left out), or when its
    interval ``[low, high]`` includes 0. Otherwise it is *consistent*. A NaN stability or
    interval bound is not evidence either way (frames have no list to leave; a table without
    intervals has no interval to check).

    Every argument broadcasts (one value per finding, or one for all).

    Parameters
    ----------
    top_share : array-like of float
        The largest share of the finding's uses (hits) in its leaning group that one document of
        that group supplies (NaN when the group has no use).
    n_docs : array-like of int
        Documents in the leaning group.
    docs_using : array-like of int
        Documents of the leaning group that use the term (hold a hit of the frame).
    stability : array-like of float, default NaN
        The share of resamples in which the finding stays in its list (NaN: not listed by rank).
    leave_one_out : array-like of bool, default True
        Whether ``stability`` comes from leave-one-out resampling (threshold 1) or from the
        bootstrap (threshold :data:`BOOTSTRAP_SHARE`).
    low, high : array-like of float, default NaN
        The finding's 95% bootstrap interval (of the score, or of the difference).
    stable_sign : array-like of bool, default True
        Whether the difference keeps its sign (and does not vanish) when any one document is
        left out.

    Returns
    -------
    numpy.ndarray of str
        One of :data:`SUPPORT_LEVELS` per finding (object dtype; at least one-dimensional).

    Examples
    --------
    Three words of a group of 4 documents, all used by every document: one that a single document
    supplies 60% of, one that drops out when some document is left out, and one that passes every check:

    >>> support_level(top_share=[0.6, 0.4, 0.3], n_docs=4, docs_using=[4, 4, 4],
    ...               stability=[1.0, 0.75, 1.0], low=[1.2, 0.5, 0.8], high=[3.0, 2.5, 2.9]).tolist()
    ['carried by one document', 'unstable', 'consistent']

    A frame difference whose 95% interval includes 0 is unstable:

    >>> support_level(top_share=0.4, n_docs=5, docs_using=4, low=-0.2, high=1.5).tolist()
    ['unstable']
    """
    top_share, n_docs, docs_using, stability, leave_one_out, low, high, stable_sign = np.broadcast_arrays(
        *(np.asarray(v, dtype=dt) for v, dt in (
            (top_share, np.float64), (n_docs, np.float64), (docs_using, np.float64), (stability, np.float64),
            (leave_one_out, bool), (low, np.float64), (high, np.float64), (stable_sign, bool))))
    unused = docs_using == 0
    with np.errstate(divide="ignore"):
        share_bound = np.maximum(MOST, 2.0 / docs_using)
    one = ~unused & ((n_docs <= 1) | (docs_using == 1) | (top_share > share_bound))
    threshold = np.where(leave_one_out, 1.0, BOOTSTRAP_SHARE)
    with np.errstate(invalid="ignore"):
        shaky = unused | (stability < threshold) | ~stable_sign | ((low <= 0) & (high >= 0))
    return np.atleast_1d(np.where(one, ONE_DOCUMENT, np.where(shaky, UNSTABLE, CONSISTENT)).astype(object))
