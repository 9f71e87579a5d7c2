"""Resample: relabelings, leave-one-out and bootstrap, and honest p-values from them.

One engine for every test in the essay that shuffles documents between groups (keyness
of terms, separation of frames, agreement of clusters with labels):

* :func:`relabelings` hands the same labels to the documents in other ways, keeping the
  group sizes: **every distinct relabeling** when there are at most ``max_exact`` of them
  (an exact test; the observed labelling is one of them), otherwise ``n_resamples`` random
  ones drawn with ``numpy.random.default_rng(seed)`` (Monte Carlo). Same seed, same draws.
* :class:`Tally` (or :func:`p_values` for a table already in memory) turns the observed
  statistics and the statistics over the relabelings into one set of columns:

  ``p_value``
      the share of relabelings whose statistic is at least the observed one; exact:
      ``k / C`` over all ``C`` relabelings; Monte Carlo: ``(k + 1) / (B + 1)`` over ``B``
      draws, so that it is never 0 (Phipson & Smyth 2010);
  ``min_p``
      the smallest p-value the test could give, ties included. Exact: the share of
      relabelings that reach the largest value the statistic takes over all relabelings (with
      two groups of equal size a two-sided statistic reaches it at the observed split and its
      mirror image, so the floor is ``2 / C``). Monte Carlo: the p-value the test would give
      an observation at ``M``, the largest value seen over the ``B`` draws and the observation,
      ``(k + 1) / (B + 1)`` where ``k`` draws reach ``M`` (the ``+ 1`` counts the observation
      among the relabelings, as the p-value does: Phipson & Smyth 2010). That holds when ``M``
      is tied, reached by two draws or by a draw and the observation: a statistic with a
      ceiling, such as a perfect agreement of clusters with labels, which 80 of 200 draws may
      reach (floor 81/201, so the test cannot reach 0.05 and is *untestable*, not a test that
      found no evidence). When ``M`` is reached once, nothing marks it as a ceiling (a
      statistic without ties has its largest value once), an observation above it would get
      ``1 / (B + 1)``, and that is the floor, as :func:`smallest_p` says. Since the floor
      comes from the draws, another seed may move it by a few ``1 / (B + 1)``;
  ``p_adjusted``
      adjusted for making several tests at once (or for choosing the tested ones by the same
      statistic): the share of relabelings whose **largest** statistic over the whole family
      reaches the test's observed one, Westfall & Young's single-step max-T (never below
      ``p_value``);
  ``n_relabelings``, ``exact``
      how many relabelings the p-value rests on, and whether they are all of them.

  The statistic must grow with the evidence in either direction (pass ``|score|`` for a
  two-sided test).
* :func:`smallest_p` gives the floor before any statistic is computed (the best case, with
  no ties beyond swapping groups of equal size); a test's ``min_p`` is its own floor, at or
  above it.
* :func:`leave_one_out` and :func:`bootstrap` yield the documents of each resample (for
  stability checks): each document left out once, or drawn with replacement within its group.

Costs: a relabeling is a row of group codes; callers turn a batch of rows into matrix
products (``batch @ values``), so the work is (number of relabelings) x (non-zero values),
with the batch size chosen to hold about two million cells at a time.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .errors import ParameterError

__all__ = [
    "MAX_EXACT",
    "N_RESAMPLES",
    "Relabelings",
    "Tally",
    "bootstrap",
    "count_relabelings",
    "leave_one_out",
    "p_values",
    "relabelings",
    "smallest_p",
]

#: Monte Carlo relabelings (or bootstrap resamples) drawn by default: the smallest p-value is then 1/201.
N_RESAMPLES = 200
#: Enumerate every distinct relabeling when there are at most this many.
MAX_EXACT = 5_000
_BATCH_CELLS = 2_000_000
_TOLERANCE = 1e-9  # relative: statistics this close count as ties (they differ by rounding only)


def _codes(labels) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values (sorted) and each document's code into them."""
    values, codes = np.unique(np.asarray(labels), return_inverse=True)
    return values, codes.ravel().astype(np.int64)


def count_relabelings(sizes: Sequence[int]) -> int:
    """Number of distinct ways to hand out labels to documents, keeping the group sizes.

    ``n! / (n_1! n_2! ...)`` for groups of sizes ``n_1, n_2, ...`` (``C(n, n_a)`` for two).

    Examples
    --------
    >>> count_relabelings([3, 2])
    10
    """
    total, out = 0, 1
    for s in sizes:
        total += int(s)
        out *= math.comb(total, int(s))
    return out


def _log_count(sizes: Sequence[int]) -> float:
    n = sum(int(s) for s in sizes)
    return math.lgamma(n + 1) - sum(math.lgamma(int(s) + 1) for s in sizes)


def _is_exact(sizes: Sequence[int], max_exact: int) -> bool:
    # the logarithm first, so that a corpus of 100,000 documents never builds a huge integer
    if max_exact < 1:
        return False
    return _log_count(sizes) <= math.log(max_exact) + 1e-9 and count_relabelings(sizes) <= max_exact


def _check_counts(n_resamples: int, max_exact: int) -> None:
    if int(n_resamples) < 1:
        raise ParameterError(f"n_resamples must be at least 1 (got {n_resamples})")
    if int(max_exact) < 0:
        raise ParameterError(f"max_exact must be 0 or more (got {max_exact})")


def smallest_p(
    sizes: Sequence[int],
    *,
    symmetric: bool = True,
    n_resamples: int = N_RESAMPLES,
    max_exact: int = MAX_EXACT,
) -> float:
    """The smallest p-value a relabeling test on groups of these sizes can give, at best.

    Exact test (at most ``max_exact`` relabelings): ``t / C``, where ``C`` is
    :func:`count_relabelings` and ``t`` the number of relabelings that are the observed one
    with groups of equal size swapped (``t = 1`` unless ``symmetric``; two groups of equal size
    give ``t = 2``, the mirror image). Monte Carlo: ``1 / (n_resamples + 1)``, the p-value of
    an observation above every draw (Phipson & Smyth 2010). This is the best case, known before
    any statistic is computed: a statistic with more ties has a higher floor, exact or sampled,
    and the ``min_p`` column of a test (:class:`Tally`) reports the floor it actually has.

    Parameters
    ----------
    sizes : sequence of int
        Documents per group.
    symmetric : bool, default True
        Whether the statistic is unchanged when groups of equal size swap names (a two-sided
        difference, an agreement score).
    n_resamples, max_exact : int
        As :func:`relabelings`.

    Returns
    -------
    float

    References
    ----------
    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero: calculating
    exact p-values when permutations are randomly drawn. *Statistical Applications in
    Genetics and Molecular Biology*, 9(1), article 39.

    Examples
    --------
    >>> smallest_p([3, 2]), smallest_p([2, 2]), smallest_p([10, 10], n_resamples=199)
    (0.1, 0.3333333333333333, 0.005)
    """
    _check_counts(n_resamples, max_exact)
    if not _is_exact(sizes, max_exact):
        return 1.0 / (int(n_resamples) + 1)
    ties = 1
    if symmetric:
        for count in pd.Series(list(sizes)).value_counts().tolist():
            ties *= math.factorial(count)
    return ties / count_relabelings(sizes)


@dataclass(frozen=True)
class Relabelings:
    """The relabelings a test runs over (made by :func:`relabelings`).

    Attributes
    ----------
    labels : numpy.ndarray
        The observed label of each document.
    exact : bool
        True: every distinct relabeling, the observed one included; False: random draws.
    n_relabelings : int
        How many relabelings :meth:`batches` yields.
    seed : int
        Seed of the Monte Carlo draws (unused when exact).
    """

    labels: np.ndarray
    exact: bool
    n_relabelings: int
    seed: int

    def batch_rows(self, per_row: int | None = None) -> int:
        """Relabelings per batch: about two million cells, at ``per_row`` cells per relabeling.

        ``per_row`` defaults to the number of documents; a caller that scores a whole
        vocabulary per relabeling passes the width of its largest intermediate array.
        """
        per_row = len(self.labels) if per_row is None else int(per_row)
        return max(1, min(self.n_relabelings, _BATCH_CELLS // max(per_row, 1)))

    def batches(self, rows: int | None = None) -> Iterator[np.ndarray]:
        """Yield the relabelings, a few at a time, as arrays (relabelings x documents) of labels."""
        values, codes = _codes(self.labels)
        rows = self.batch_rows() if rows is None else max(1, int(rows))
        if self.exact:
            for block in _exact_blocks(codes, rows):
                yield values[block]
            return
        rng = np.random.default_rng(self.seed)
        done = 0
        while done < self.n_relabelings:
            m = min(rows, self.n_relabelings - done)
            yield values[rng.permuted(np.tile(codes, (m, 1)), axis=1)]
            done += m

    def products(self, values, rows: int | None = None, engine=None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield each batch of :meth:`batches` with its product ``block @ values``, in order.

        The relabelings of a two-group test are rows of False/True (or of numbers); read as 0/1,
        a row's product with ``values`` sums the values of the documents it puts in the group
        True: the sums a test's statistic is computed from, relabeling by relabeling. A dense
        ``values`` is multiplied as ``block.astype(float64) @ values``; a sparse one as
        ``(values.T.tocsr() @ block.astype(float64).T).T``, one sum per column at a time: the
        products :func:`corpus_utils.differences.mean_differences` (dense) and
        :func:`corpus_utils.keyness.permutation_test` (sparse) compute, batch by batch.

        Parameters
        ----------
        values : numpy.ndarray or scipy.sparse matrix, shape (documents, columns)
        rows : int, optional
            Relabelings per batch, as :meth:`batches`.
        engine : corpus_utils.engine.Engine, optional
            Where to multiply (:mod:`corpus_utils.engine`): by default in this process; on a Dask
            engine ``values`` is sent to each worker once and the batches, drawn here from the one
            seeded generator, are multiplied there, a few at a time. The same batches, in the same
            order, with the same products: the p-values tallied from them are the same.

        Yields
        ------
        block : numpy.ndarray, shape (relabelings, documents)
            The labels, as :meth:`batches` yields them.
        product : numpy.ndarray of float64, shape (relabelings, columns)

        Raises
        ------
        ParameterError
            If the labels are not numbers or True/False, or ``values`` has not one row per document.

        Examples
        --------
        Three relabelings put each document in turn in the group True; each sums that document's value:

        >>> plan = relabelings([True, False, False])
        >>> [(block.tolist(), sums.tolist()) for block, sums in plan.products(np.array([[1.0], [2.0], [4.0]]))]
        [([[True, False, False], [False, True, False], [False, False, True]], [[1.0], [2.0], [4.0]])]
        """
        if self.labels.dtype.kind not in "biuf":
            raise ParameterError(f"products need labels that are numbers or True/False (got {self.labels.dtype})",
                                 fix="Relabel the two groups as True and False")
        if values.shape[0] != len(self.labels):
            raise ParameterError(f"values must have one row per document (got {values.shape[0]} for {len(self.labels)})")
        operand = values.T.tocsr() if sp.issparse(values) else np.asarray(values)
        blocks = self.batches(rows)
        if engine is None:
            for block in blocks:
                yield block, _product(block, operand)
        else:
            yield from engine.imap(_product, blocks, operand)

    def tables(self, partition, rows: int | None = None) -> Iterator[np.ndarray]:
        """Yield contingency tables (relabelings x classes of ``partition`` x labels).

        Cell ``[r, c, g]`` counts the documents of class ``c`` (sorted values of ``partition``,
        for example cluster numbers) that relabeling ``r`` labels ``g`` (sorted labels). Exact:
        one table per distinct relabeling. Monte Carlo: the tables are drawn directly, each
        class filled by sampling without replacement from the labels left over (a class's
        count of one label, given the labels already placed, is hypergeometric): the same
        distribution as permuting the labels, at a cost that does not grow with the documents.
        """
        values, codes = _codes(self.labels)
        _, classes = _codes(partition)
        if len(classes) != len(codes):
            raise ParameterError(f"partition must have one value per document (got {len(classes)} and {len(codes)})")
        n_labels, n_classes = len(values), int(classes.max()) + 1
        if self.exact:
            rows = self.batch_rows() if rows is None else max(1, int(rows))
            for block in _exact_blocks(codes, rows):
                m = len(block)
                flat = (np.arange(m)[:, None] * (n_classes * n_labels) + classes[None, :] * n_labels + block).ravel()
                yield np.bincount(flat, minlength=m * n_classes * n_labels).reshape(m, n_classes, n_labels)
            return
        rng = np.random.default_rng(self.seed)
        class_sizes = np.bincount(classes, minlength=n_classes)
        label_sizes = np.bincount(codes, minlength=n_labels)
        rows = max(1, _BATCH_CELLS // (n_classes * n_labels)) if rows is None else max(1, int(rows))
        done = 0
        while done < self.n_relabelings:
            m = min(rows, self.n_relabelings - done)
            yield _random_tables(class_sizes, label_sizes, m, rng)
            done += m


def _product(block: np.ndarray, operand) -> np.ndarray:
    """``block @ values`` of :meth:`Relabelings.products`; ``operand`` is ``values``, or its transpose when sparse."""
    w = block.astype(np.float64)
    if sp.issparse(operand):
        return np.ascontiguousarray(np.asarray(operand @ w.T).T)
    return w @ operand


def _combinations(n: int, k: int) -> np.ndarray:
    """Every ``k``-subset of ``range(n)`` as rows of an array, in lexicographic order."""
    count = math.comb(n, k)
    flat = np.fromiter(itertools.chain.from_iterable(itertools.combinations(range(n), k)), dtype=np.int64, count=count * k)
    return flat.reshape(count, k)


def _exact_blocks(codes: np.ndarray, rows: int) -> Iterator[np.ndarray]:
    """Every distinct arrangement of ``codes`` (a multiset), ``rows`` at a time, in a fixed order.

    The groups are placed smallest first; the largest fills the positions left. Only the
    placed positions are held for all arrangements (arrangements x documents of the smaller
    groups), and full rows are built one batch at a time.
    """
    n = len(codes)
    sizes = np.bincount(codes).tolist()
    order = sorted(range(len(sizes)), key=lambda g: (sizes[g], g))
    placed, last = order[:-1], order[-1]
    positions = np.zeros((1, 0), dtype=np.int64)
    for g in placed:
        free = np.ones((len(positions), n), dtype=bool)
        free[np.repeat(np.arange(len(positions)), positions.shape[1]), positions.ravel()] = False
        available = np.nonzero(free)[1].reshape(len(positions), -1)  # each arrangement's free positions, sorted
        picks = _combinations(available.shape[1], sizes[g])
        chosen = available[np.arange(len(positions))[:, None, None], picks[None, :, :]]
        positions = np.concatenate([np.repeat(positions, len(picks), axis=0), chosen.reshape(-1, sizes[g])], axis=1)
    labels = np.repeat(np.asarray(placed, dtype=np.int64), [sizes[g] for g in placed])
    for start in range(0, len(positions), rows):
        part = positions[start : start + rows]
        block = np.full((len(part), n), last, dtype=np.int64)
        block[np.repeat(np.arange(len(part)), part.shape[1]), part.ravel()] = np.tile(labels, len(part))
        yield block


def _random_tables(class_sizes: np.ndarray, label_sizes: np.ndarray, n_draws: int, rng) -> np.ndarray:
    """``n_draws`` contingency tables of random relabelings, drawn cell by cell (hypergeometric)."""
    k, g = len(class_sizes), len(label_sizes)
    remaining = np.tile(np.asarray(label_sizes, dtype=np.int64), (n_draws, 1))
    tables = np.zeros((n_draws, k, g), dtype=np.int64)
    for c in range(k - 1):
        slots = np.full(n_draws, int(class_sizes[c]), dtype=np.int64)
        pool_after = remaining.sum(axis=1)
        for j in range(g - 1):
            pool_after = pool_after - remaining[:, j]
            drawn = rng.hypergeometric(remaining[:, j], pool_after, slots)
            tables[:, c, j] = drawn
            slots = slots - drawn
        tables[:, c, g - 1] = slots
        remaining = remaining - tables[:, c, :]
    tables[:, k - 1, :] = remaining
    return tables


def relabelings(
    labels,
    *,
    n_resamples: int = N_RESAMPLES,
    max_exact: int = MAX_EXACT,
    seed: int = 0,
) -> Relabelings:
    """The relabelings of ``labels`` that keep the group sizes: all of them, or a seeded sample.

    Under the null hypothesis that the labels do not matter, every way of handing the same
    labels to the documents is as likely as the observed one. When there are at most
    ``max_exact`` distinct ways (:func:`count_relabelings`), all are used (exact test);
    otherwise ``n_resamples`` uniformly random permutations of the labels, drawn with
    ``numpy.random.default_rng(seed)``.

    Parameters
    ----------
    labels : array-like
        One label per document (any values: strings, booleans, codes).
    n_resamples : int, default N_RESAMPLES
        Monte Carlo draws.
    max_exact : int, default MAX_EXACT
        The most relabelings enumerated.
    seed : int, default 0

    Returns
    -------
    Relabelings

    Raises
    ------
    ParameterError
        If ``n_resamples`` is below 1 or ``max_exact`` is negative.

    References
    ----------
    Good, P. (2005). *Permutation, Parametric and Bootstrap Tests of Hypotheses*. Springer.

    Examples
    --------
    >>> plan = relabelings(["a", "a", "b"])
    >>> plan.exact, plan.n_relabelings
    (True, 3)
    >>> [row.tolist() for batch in plan.batches() for row in batch]
    [['b', 'a', 'a'], ['a', 'b', 'a'], ['a', 'a', 'b']]
    """
    _check_counts(n_resamples, max_exact)
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) == 0:
        raise ParameterError(f"labels must be one value per document (got shape {labels.shape})")
    sizes = np.unique(labels, return_counts=True)[1].tolist()
    exact = _is_exact(sizes, int(max_exact))
    n = count_relabelings(sizes) if exact else int(n_resamples)
    return Relabelings(labels=labels, exact=exact, n_relabelings=n, seed=int(seed))


class Tally:
    """Count, batch by batch, how often relabelings reach the observed statistics.

    Parameters
    ----------
    observed : array-like of float, shape (n_tests,)
        The statistic of each test on the observed labelling; larger means more evidence
        (pass ``|score|`` for a two-sided test). NaN gives NaN p-values.
    exact : bool
        Whether the relabelings added are every distinct one (the observed one included) or
        Monte Carlo draws.

    Notes
    -----
    Values within a relative ``1e-9`` count as equal (they differ only by rounding).
    NaN statistics of a relabeling count as never extreme. The floor ``min_p`` of Monte Carlo
    draws counts the draws that reach the largest value seen, ties included (module docstring).

    Examples
    --------
    Ten draws of a statistic that takes two values, 1 in three of them: an observation of 0 has
    p = 11/11, and could at best have had (3 + 1)/11, the p-value of an observation of 1.

    >>> tally = Tally([0.0], exact=False)
    >>> tally.add([[1.0], [0.0], [1.0], [0.0], [0.0], [0.0], [1.0], [0.0], [0.0], [0.0]])
    >>> tally.result()[["p_value", "min_p"]].round(4).values.tolist()
    [[1.0, 0.3636]]
    """

    def __init__(self, observed, exact: bool):
        self.observed = np.asarray(observed, dtype=np.float64).ravel()
        self.exact = bool(exact)
        self._reach = self.observed - _TOLERANCE * np.maximum(1.0, np.abs(self.observed))
        self._as_extreme = np.zeros(len(self.observed), dtype=np.int64)
        self._best = np.full(len(self.observed), -np.inf)
        self._at_best = np.zeros(len(self.observed), dtype=np.int64)
        self._maxima: list[np.ndarray] = []
        self.n_relabelings = 0

    @property
    def n_as_extreme(self) -> np.ndarray:
        """Per test, how many of the relabelings added reach the observed statistic."""
        return self._as_extreme.copy()

    def add(self, statistics, maxima=None) -> None:
        """Add a batch of relabelings.

        Parameters
        ----------
        statistics : array-like, shape (n_relabelings, n_tests)
        maxima : array-like, shape (n_relabelings,), optional
            The largest statistic over the family each relabeling would choose from (for
            ``p_adjusted``); by default the largest over ``statistics``' columns.
        """
        stats = np.asarray(statistics, dtype=np.float64)
        if stats.ndim == 1:
            stats = stats[:, None]
        stats = np.where(np.isnan(stats), -np.inf, stats)
        self._as_extreme += (stats >= self._reach[None, :]).sum(axis=0)
        batch_best = stats.max(axis=0)
        best = np.maximum(self._best, batch_best)
        near = best - _TOLERANCE * np.maximum(1.0, np.abs(best))
        near = np.where(np.isfinite(best), near, best)
        keep = self._best >= near
        self._at_best = np.where(keep, self._at_best, 0) + (stats >= near[None, :]).sum(axis=0)
        self._best = best
        top = stats.max(axis=1) if maxima is None else np.asarray(maxima, dtype=np.float64).ravel()
        if len(top) != len(stats):
            raise ValueError("maxima must have one value per relabeling")
        self._maxima.append(np.where(np.isnan(top), -np.inf, top))
        self.n_relabelings += len(stats)

    def _sampled_floor(self) -> np.ndarray:
        """The floor of a Monte Carlo test, ties included (see the module docstring).

        With ``M`` the largest value among the draws and the observation, and ``k`` the draws
        reaching it: ``(k + 1) / (B + 1)`` when ``M`` is reached more than once (by two draws, or
        by a draw and the observation), else ``1 / (B + 1)``.
        """
        draw_on_top = self._best >= self._reach  # a draw reaches the observation: the largest value seen is a draw's
        at_top = np.where(draw_on_top, self._at_best, 0)
        near_best = self._best - _TOLERANCE * np.maximum(1.0, np.abs(self._best))
        observed_on_top = ~draw_on_top | (self.observed >= near_best)
        tied = at_top + observed_on_top >= 2
        return np.where(tied, at_top + 1, 1) / (self.n_relabelings + 1)

    def result(self) -> pd.DataFrame:
        """The p-values so far: ``p_value, min_p, p_adjusted, n_relabelings, exact`` per test."""
        n = self.n_relabelings
        if n == 0:
            raise ValueError("no relabelings were added")
        maxima = np.sort(np.concatenate(self._maxima))
        reach_max = n - np.searchsorted(maxima, self._reach, side="left")
        if self.exact:
            p = self._as_extreme / n
            min_p = self._at_best / n
            adjusted = reach_max / n
        else:
            p = (self._as_extreme + 1) / (n + 1)
            min_p = self._sampled_floor()
            adjusted = (reach_max + 1) / (n + 1)
        adjusted = np.maximum(adjusted, p)
        missing = np.isnan(self.observed)
        return pd.DataFrame(
            {
                "p_value": np.where(missing, np.nan, p),
                "min_p": np.where(missing, np.nan, min_p),
                "p_adjusted": np.where(missing, np.nan, adjusted),
                "n_relabelings": n,
                "exact": self.exact,
            }
        )


def p_values(observed, null, *, exact: bool, maxima=None) -> pd.DataFrame:
    """P-values, their floors and max-T adjusted p-values from a table of relabeled statistics.

    In words: for each test (a column), ``p_value`` is the share of relabelings whose
    statistic reaches the observed one; ``p_adjusted`` the share whose largest statistic over
    all tests reaches it; ``min_p`` the floor. See the module docstring for the formulas of
    exact and Monte Carlo tests; :class:`Tally` does the same batch by batch.

    Parameters
    ----------
    observed : array-like, shape (n_tests,)
        Larger is more extreme (use ``|score|`` for two-sided tests).
    null : array-like, shape (n_relabelings, n_tests)
        The statistics under each relabeling. Exact: every distinct relabeling, the observed
        one included. Monte Carlo: the random draws only.
    exact : bool
    maxima : array-like, shape (n_relabelings,), optional
        Each relabeling's largest statistic over the family (default: over ``null``'s columns).

    Returns
    -------
    pandas.DataFrame
        One row per test: ``p_value, min_p, p_adjusted, n_relabelings, exact``.

    References
    ----------
    Westfall, P. H., & Young, S. S. (1993). *Resampling-Based Multiple Testing: Examples and
    Methods for p-Value Adjustment*. Wiley (the single-step max-T adjustment).
    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero: calculating
    exact p-values when permutations are randomly drawn. *Statistical Applications in
    Genetics and Molecular Biology*, 9(1), article 39.

    Examples
    --------
    Four relabelings (the first is the observed one) of two tests:

    >>> table = p_values([3.0, 1.0], [[3.0, 1.0], [1.0, 2.5], [0.5, 0.2], [2.0, 3.5]], exact=True)
    >>> table[["p_value", "min_p", "p_adjusted"]].values.tolist()
    [[0.25, 0.25, 0.5], [0.75, 0.25, 0.75]]
    """
    tally = Tally(observed, exact)
    null = np.asarray(null, dtype=np.float64)
    if null.ndim == 1:
        null = null[:, None]
    if null.shape[1] != len(tally.observed):
        raise ValueError(f"null must have one column per test (got {null.shape[1]} for {len(tally.observed)} tests)")
    tally.add(null, maxima)
    return tally.result()


def leave_one_out(n_docs: int, members=None) -> Iterator[tuple[int, np.ndarray]]:
    """Yield ``(left_out, kept)`` for each member document: the documents of each resample.

    Parameters
    ----------
    n_docs : int
        Documents in the corpus.
    members : array-like of int, optional
        The documents that are left out in turn (default: all). Other documents stay in
        every resample.

    Yields
    ------
    left_out : int
    kept : numpy.ndarray of int
        Every document but ``left_out``, in corpus order.

    Examples
    --------
    >>> [(i, kept.tolist()) for i, kept in leave_one_out(3, [0, 2])]
    [(0, [1, 2]), (2, [0, 1])]
    """
    everyone = np.arange(int(n_docs))
    for i in (everyone if members is None else np.asarray(members, dtype=np.int64)).tolist():
        yield i, np.delete(everyone, i)


def bootstrap(labels, *, n_resamples: int = N_RESAMPLES, seed: int = 0) -> Iterator[np.ndarray]:
    """Yield stratified bootstrap samples: documents drawn with replacement within each group.

    Each group keeps its size (as many draws as it has documents), so a resample has the
    same groups as the data. A document may be drawn several times: count *distinct*
    documents (``numpy.unique``) wherever the number of documents matters.

    Parameters
    ----------
    labels : array-like
        One group per document.
    n_resamples : int, default N_RESAMPLES
    seed : int, default 0
        Seed of ``numpy.random.default_rng``; the same seed gives the same samples.

    Yields
    ------
    numpy.ndarray of int
        The drawn documents (positions into ``labels``), sorted, with repeats.

    Raises
    ------
    ParameterError
        If ``n_resamples`` is below 1.

    References
    ----------
    Efron, B., & Tibshirani, R. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
    """
    if int(n_resamples) < 1:
        raise ParameterError(f"n_resamples must be at least 1 (got {n_resamples})")
    _, codes = _codes(labels)
    strata = [np.flatnonzero(codes == g) for g in range(int(codes.max()) + 1)] if len(codes) else []
    rng = np.random.default_rng(seed)
    for _ in range(int(n_resamples)):
        yield np.sort(np.concatenate([rng.choice(idx, len(idx)) for idx in strata]))
