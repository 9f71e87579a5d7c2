"""Design: how many documents the next study needs, from the floor of the test and by simulation.

Two questions about a study that has not been made yet:

1. **Can the test say anything at all?** A relabeling test on ``n`` documents per group has
   ``C(2n, n)`` relabelings, so its p-value can never be below ``2 / C(2n, n)`` (a two-sided
   statistic ties the observed split with its mirror image). :func:`floors` tabulates that
   floor for a range of sizes and :func:`smallest_sample` gives the smallest size whose floor
   reaches the significance level: 4 documents per group for 0.05.
2. **How likely is the study to detect the differences seen here?** :func:`power` simulates
   studies of ``n`` documents per group from a model of the pilot (this corpus) and applies the
   essay's own decision rule to each: the max-T adjusted permutation test of the vocabulary
   chapter for a word, of the framing chapter for a frame.

The model (:func:`pilot_model`) is built so that the answer survives its own pilot. The
differences the next study is designed for are the largest the pilot saw, so taken at face
value they overstate the truth (the winner's curse); they are shrunk towards the rest of the
vocabulary by empirical Bayes. The spread between documents is a negative-binomial dispersion
shared by every word, so a side of two or three documents still varies. And the truth is drawn
from the model's posterior, so the reported interval is where the power may lie given the pilot,
not only the simulation's error: with two and three documents it can run from near 0 to near 1.

The features simulated are read off the chapters' results by :func:`main_features` (the
strongest words of each side and frames of each comparison, by the synthesis chapter's rule,
that are not carried by one document).

Costs: per size, ``n_null`` whole studies (every word, at most ``max_columns``) are relabeled to
give the null maxima of the max-T test, and the features alone are simulated in
``n_simulations`` studies, all at once in arrays: the work grows with the vocabulary only
through the ``n_null`` whole studies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .count import DocumentTermMatrix
from .errors import ParameterError, check_alpha, require_columns
from .groups import comparisons
from .keyness import FORMULAS
from .methods import METHODS
from .resample import MAX_EXACT, N_RESAMPLES, count_relabelings, relabelings, smallest_p
from .synthesis import main_findings

__all__ = [
    "POWER_COLUMNS",
    "FrameRule",
    "PilotModel",
    "WordRule",
    "floors",
    "main_features",
    "pilot_model",
    "power",
    "smallest_sample",
]

#: The columns of :func:`power`, in order.
POWER_COLUMNS = [
    "group_a", "group_b", "kind", "feature", "group", "n_per_group", "docs_a", "docs_b", "observed", "shrunk",
    "dispersion", "power", "power_low", "power_high", "min_p", "exact", "n_simulations", "status",
]
_FEATURE_COLUMNS = ["kind", "feature", "group_a", "group_b", "group"]
#: The kind of feature each method's findings are.
_KINDS = {m.name: m.feature for m in METHODS if m.feature is not None}
_TEST = ("the chapters' rule: max-T adjusted permutation test over the vocabulary (log-odds z, dispersion filter) "
         "or over the frames (standardized difference in mean rate), same sign as the pilot")
_SIMULATION = ("negative-binomial counts with a dispersion shared by all columns; differences shrunk across the "
               "columns (empirical Bayes) and drawn from their posterior; lengths drawn from the pilot's documents")


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


def _check_sizes(sizes: Iterable[int], minimum: int) -> list[int]:
    """The distinct sizes, sorted; each a whole number of at least ``minimum`` documents per group."""
    given = list(sizes) if not isinstance(sizes, (int, np.integer)) else [sizes]
    bad = [s for s in given if isinstance(s, bool) or not isinstance(s, (int, np.integer)) or int(s) < minimum]
    if bad or not given:
        raise ParameterError(
            f"sizes must be whole numbers of at least {minimum} documents per group "
            f"(got {', '.join(map(repr, bad)) if bad else 'none'})",
            fix="Pass sizes such as (5, 10, 20, 50)",
        )
    return sorted({int(s) for s in given})


# ---------------------------------------------------------------------------------------------
# The floor of an exact test
# ---------------------------------------------------------------------------------------------


def _exact_floor(n: int, symmetric: bool) -> float:
    """The floor of an exact test on ``n`` and ``n`` documents (every relabeling enumerated)."""
    sizes = [n, n]
    return smallest_p(sizes, symmetric=symmetric, max_exact=count_relabelings(sizes))


def floors(sizes: Iterable[int] = range(2, 11), alpha: float = 0.05, symmetric: bool = True) -> pd.DataFrame:
    """The smallest p-value an exact relabeling test can give with ``n`` documents per group.

    With ``n`` documents in each of two groups there are ``C(2n, n)`` ways to hand out the
    labels, and an exact test's p-value is a share of them. At best only the observed split
    reaches the observed statistic, and a two-sided statistic (``|mean_a - mean_b|``) ties it
    with its mirror image (the groups swapped), so the floor is ``2 / C(2n, n)``; a one-sided
    statistic can reach ``1 / C(2n, n)``. The floors come from
    :func:`corpus_utils.resample.smallest_p`, asked to count every relabeling. A study whose
    floor is above ``alpha`` cannot give ``p <= alpha``, whatever the data.

    Parameters
    ----------
    sizes : iterable of int, default range(2, 11)
        Documents per group (1 or more); sorted, each once.
    alpha : float, default 0.05
        The significance level the floor is compared with.
    symmetric : bool, default True
        Whether the statistic is two-sided (unchanged when the two groups swap names).

    Returns
    -------
    pandas.DataFrame
        One row per size: ``n_per_group, n_relabelings`` (``C(2n, n)``), ``min_p`` (the floor),
        ``reaches`` (``min_p <= alpha``). ``attrs`` holds ``alpha`` and ``symmetric``.

    Raises
    ------
    ParameterError
        For a size below 1 or ``alpha`` outside (0, 1).

    Examples
    --------
    Three documents per group: ``C(6, 3) = 20`` relabelings, floor ``2 / 20 = 0.1``; four:
    ``C(8, 4) = 70``, floor ``2 / 70 = 0.029``, below 0.05.

    >>> floors([3, 4])[["n_per_group", "n_relabelings", "reaches"]].values.tolist()
    [[3, 20, False], [4, 70, True]]
    """
    alpha = check_alpha(alpha)
    chosen = _check_sizes(sizes, minimum=1)
    table = pd.DataFrame(
        {
            "n_per_group": np.array(chosen, dtype=np.int64),
            "n_relabelings": pd.Series([count_relabelings([n, n]) for n in chosen], dtype=object),
            "min_p": [_exact_floor(n, bool(symmetric)) for n in chosen],
        }
    )
    if all(c <= np.iinfo(np.int64).max for c in table["n_relabelings"]):
        table["n_relabelings"] = table["n_relabelings"].astype(np.int64)
    table["reaches"] = table["min_p"] <= alpha
    table.attrs.update({"alpha": alpha, "symmetric": bool(symmetric)})
    return table


def smallest_sample(alpha: float = 0.05, symmetric: bool = True, max_n: int = 10_000) -> int:
    """The fewest documents per group at which an exact relabeling test can reach ``p <= alpha``.

    The smallest ``n`` whose floor (:func:`floors`: ``2 / C(2n, n)`` two-sided, ``1 / C(2n, n)``
    one-sided) is at most ``alpha``. Reaching the floor needs the two groups to be perfectly
    separated; a real study needs more documents than this to detect a real difference
    (:func:`power`).

    Parameters
    ----------
    alpha : float, default 0.05
    symmetric : bool, default True
        Two-sided statistic (see :func:`floors`).
    max_n : int, default 10000
        The largest size tried.

    Returns
    -------
    int

    Raises
    ------
    ParameterError
        If ``alpha`` is outside (0, 1), or no size up to ``max_n`` reaches it.

    Examples
    --------
    Two-sided at 0.05: ``2 / C(6, 3) = 0.1`` is too high, ``2 / C(8, 4) = 0.029`` is not.
    One-sided, ``1 / C(6, 3) = 0.05`` already reaches it.

    >>> smallest_sample(0.05), smallest_sample(0.05, symmetric=False)
    (4, 3)
    """
    alpha = check_alpha(alpha)
    for n in range(1, int(max_n) + 1):
        if _exact_floor(n, bool(symmetric)) <= alpha:
            return n
    raise ParameterError(f"no size up to max_n={max_n} documents per group reaches alpha={alpha:g}",
                         fix="Raise max_n or alpha")


# ---------------------------------------------------------------------------------------------
# What to simulate
# ---------------------------------------------------------------------------------------------


def main_features(evidence: pd.DataFrame | None, n_terms: int = 2, n_frames: int = 2) -> pd.DataFrame:
    """The words and frames the next study should test: the strongest findings of each comparison.

    Chosen by :func:`corpus_utils.synthesis.main_findings` from the table of
    :func:`corpus_utils.synthesis.evidence` (smallest adjusted p-value first, then largest
    ``|effect|``), the rule by which the synthesis chapter names its main findings. Per comparison: the ``n_terms`` strongest words
    leaning to each side, and the ``n_frames`` strongest frame differences (a difference of
    0 leans nowhere and is skipped). Findings carried by one document (``one_document``)
    are left out: they describe one text, not a side. Frames are left out when the lexicon
    does not fit the corpus (``evidence.attrs["framing_applicable"]`` False): chapter 03 then
    counts its frames only as a check; and when the themes stand in for them
    (``attrs["framing_source"]`` "themes"): a theme is refitted with the corpus, so the simulation,
    which draws documents from the pilot's values, does not model it.

    Parameters
    ----------
    evidence : pandas.DataFrame or None
        From :func:`corpus_utils.synthesis.evidence` (``method, group_a, group_b, item,
        leans_to, effect, one_document``).
    n_terms : int, default 2
        Words per side of each comparison.
    n_frames : int, default 2
        Frames per comparison.

    Returns
    -------
    pandas.DataFrame
        ``kind`` ("term" or "frame"), ``feature``, ``group_a``, ``group_b`` (the comparison
        it was found in) and ``group`` (the side it leans to); words first, then frames.
        Empty (with these columns) when nothing qualifies.

    Raises
    ------
    ParameterError
        If ``n_terms`` or ``n_frames`` is negative or the table lacks a column.

    Examples
    --------
    >>> from corpus_utils.synthesis import COLUMNS
    >>> evidence = pd.DataFrame({"method": ["vocabulary"] * 3 + ["framing"] * 2, "group_a": "anti",
    ...                          "group_b": "pro", "item": ["local", "trust", "crime", "cost", "crime"],
    ...                          "leans_to": ["anti", "anti", "pro", None, "pro"],
    ...                          "effect": [2.6, 1.8, -2.0, 0.0, -4.5], "one_document": False}).reindex(columns=COLUMNS)
    >>> main_features(evidence, n_terms=1).values.tolist()
    [['term', 'local', 'anti', 'pro', 'anti'], ['term', 'crime', 'anti', 'pro', 'pro'], ['frame', 'crime', 'anti', 'pro', 'pro']]
    """
    if int(n_terms) < 0 or int(n_frames) < 0:
        raise ParameterError(f"n_terms and n_frames must be 0 or more (got {n_terms}, {n_frames})")
    if evidence is None or evidence.empty:
        return pd.DataFrame(columns=_FEATURE_COLUMNS).astype(object)
    found = main_findings(evidence, n_words=n_terms, n_frames=n_frames, several_documents=True)
    found = found[found["method"].isin(_KINDS) & found["leans_to"].notna()]
    if evidence.attrs.get("framing_applicable") is False or evidence.attrs.get("framing_source") == "themes":
        found = found[found["method"] != "framing"]  # the lexicon does not fit: no frame is a finding to simulate
    rows = [(_KINDS[r.method], str(r.item), r.group_a, r.group_b, r.leans_to) for r in found.itertuples(index=False)]
    return pd.DataFrame(rows, columns=_FEATURE_COLUMNS).astype(object)


# ---------------------------------------------------------------------------------------------
# The model of a pilot: shrunken differences, pooled spread between documents
# ---------------------------------------------------------------------------------------------


#: The standard deviations of the normal components of the prior of true differences (0: no difference).
PRIOR_SDS = np.array([0.0, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2])
#: Columns with fewer uses in the pilot do not inform the prior of true differences (see :func:`pilot_model`).
MIN_COUNT_FOR_SPREAD = 5
#: Resamples of the columns that give the prior's own uncertainty (one prior per draw of the truth).
_PRIOR_RESAMPLES = 40
_EM_STEPS = 200


def _component_likelihood(d: np.ndarray, v: np.ndarray, centre: float) -> np.ndarray:
    """The density of each observed difference under each component (columns x components)."""
    total = v[:, None] + PRIOR_SDS[None, :] ** 2
    return np.exp(-0.5 * (d[:, None] - centre) ** 2 / total) / np.sqrt(2.0 * np.pi * total)


def _mixture_weights(likelihood: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
    """The prior's component weights by maximum marginal likelihood (EM), with one pseudo-count each."""
    k = likelihood.shape[1]
    weights = np.full(k, 1.0 / k) if start is None else start.copy()
    for _ in range(_EM_STEPS):
        joint = likelihood * weights[None, :]
        resp = joint / np.maximum(joint.sum(axis=1, keepdims=True), 1e-300)
        new = (resp.sum(axis=0) + 1.0) / (len(likelihood) + k)
        if np.abs(new - weights).max() < 1e-8:
            return new
        weights = new
    return weights


@dataclass(frozen=True)
class PilotModel:
    """What a pilot says about each column of a count matrix, with its uncertainty (see :func:`pilot_model`).

    Attributes
    ----------
    rate : numpy.ndarray
        Each column's pooled rate per unit of length (both sides together).
    observed : numpy.ndarray
        The observed log rate ratio, side a over side b (half a count added to each side).
    variance : numpy.ndarray
        Its sampling variance under the overdispersed count model.
    dispersion : float
        The negative-binomial dispersion ``k`` shared by every column (variance ``mu + k mu^2``).
    centre : float
        The mean difference across the columns (precision-weighted).
    weights : numpy.ndarray
        The prior's weights on the components of :data:`PRIOR_SDS`, fitted to all columns.
    weight_draws : numpy.ndarray
        The same fitted to resamples of the columns (resamples x components): the prior's own uncertainty.
    lengths_a, lengths_b : numpy.ndarray
        The lengths of the observed documents of each side.
    """

    rate: np.ndarray
    observed: np.ndarray
    variance: np.ndarray
    dispersion: float
    centre: float
    weights: np.ndarray
    weight_draws: np.ndarray
    lengths_a: np.ndarray
    lengths_b: np.ndarray

    def _posterior(self, columns: np.ndarray, weights: np.ndarray):
        """Component weights, means and variances of the posterior of each column (columns x components)."""
        d, v = self.observed[columns], self.variance[columns]
        joint = _component_likelihood(d, v, self.centre) * weights[None, :]
        resp = joint / np.maximum(joint.sum(axis=1, keepdims=True), 1e-300)
        prior_var = PRIOR_SDS[None, :] ** 2
        shrink = prior_var / (prior_var + v[:, None])
        return resp, self.centre + shrink * (d[:, None] - self.centre), shrink * v[:, None]

    def draw(self, columns: np.ndarray, n_draws: int, rng: np.random.Generator) -> np.ndarray:
        """``n_draws`` draws of the true log rate ratio of ``columns`` (draws x columns): the prior of each draw
        from a resample of the columns, then each column's difference from its posterior."""
        columns = np.asarray(columns, dtype=np.int64)
        out = np.empty((int(n_draws), len(columns)))
        which = rng.integers(0, len(self.weight_draws), size=int(n_draws))
        for r, w in enumerate(which):
            resp, mean, var = self._posterior(columns, self.weight_draws[w])
            cumulative = resp.cumsum(axis=1)
            pick = (rng.random(len(columns))[:, None] > cumulative).sum(axis=1).clip(max=len(PRIOR_SDS) - 1)
            rows = np.arange(len(columns))
            out[r] = mean[rows, pick] + np.sqrt(var[rows, pick]) * rng.standard_normal(len(columns))
        return out

    def shrunk(self, columns: np.ndarray) -> np.ndarray:
        """The posterior mean of the log rate ratio of ``columns``, under the prior fitted to all columns."""
        resp, mean, _ = self._posterior(np.asarray(columns, dtype=np.int64), self.weights)
        return (resp * mean).sum(axis=1)


def _dispersion(counts: sp.csr_matrix, lengths: np.ndarray, sides: list[np.ndarray]) -> float:
    """The negative-binomial dispersion ``k`` shared by every column, by the method of moments.

    Within a side of ``m`` documents with length shares ``w_i = L_i / sum(L)``, the squared
    residuals about the side's pooled rate have expectation
    ``sum_i c_i (mu_i + k mu_i^2)`` with ``c_i = 1 - 2 w_i + sum_j w_j^2`` (0 for a side of one
    document, which says nothing about the spread). Summing over columns and sides and solving for
    ``k`` gives the estimate; it is 0 (Poisson) when the documents vary no more than counts do.
    The squared residuals are expanded (``sum y^2 - 2 sum_j r_j (L y)_j + sum L^2 sum r^2``) so that
    the counts stay sparse.
    """
    numerator = denominator = 0.0
    for side in sides:
        if side.sum() < 2:
            continue
        y, length = counts[side], lengths[side]
        total = length.sum()
        if total <= 0:
            continue
        w = length / total
        c = 1.0 - 2.0 * w + (w * w).sum()
        rate = np.asarray(y.sum(axis=0)).ravel() / total
        squares = float(y.multiply(y).sum()) - 2.0 * float((y.T @ length) @ rate) + (length @ length) * (rate @ rate)
        numerator += squares - float((c @ length) * rate.sum())
        denominator += float((c * length * length).sum() * (rate @ rate))
    if denominator <= 0:
        return 0.0
    return max(0.0, float(numerator / denominator))


def pilot_model(counts, lengths, in_a: np.ndarray, in_b: np.ndarray, seed: int = 0) -> PilotModel:
    """Fit the pilot's model of a count matrix: pooled rates, shrunken differences, shared dispersion.

    Each document ``i`` of side ``g`` has ``y_ij ~ NegBin(mean L_i r_gj, dispersion k)``: the
    rate of column ``j`` on its side, times the document's length, with extra spread between
    documents that every column shares (``k``, estimated by the method of moments over all
    columns and both sides, so that a side of two or three documents still has a spread). The
    observed log rate ratio ``d_j = log((y_aj + 1/2) / N_a) - log((y_bj + 1/2) / N_b)`` has
    sampling variance ``v_j = 1 / (y_aj + 1/2) + 1 / (y_bj + 1/2) + k (sum_a L_i^2 / N_a^2 +
    sum_b L_i^2 / N_b^2)``. The true differences ``delta_j`` across the columns follow a prior
    that is a mixture of normals centred on the columns' mean difference, with the standard
    deviations of :data:`PRIOR_SDS` (the first is 0: no difference) and weights fitted by maximum
    marginal likelihood (``d_j ~ sum_k w_k N(m, s_k^2 + v_j)``, EM) over the columns used at least
    :data:`MIN_COUNT_FOR_SPREAD` times: adaptive shrinkage (Stephens 2017). A column whose
    observed difference is no larger than its noise is shrunk to the centre; a large difference
    well measured is kept. This undoes the winner's curse of choosing the largest observed
    differences (Efron 2011). The weights are fitted again on resamples of the columns, so that a
    pilot with few well-counted columns carries the prior's own uncertainty.

    Parameters
    ----------
    counts : array-like or scipy.sparse matrix, shape (documents, columns)
    lengths : array-like, shape (documents,)
        Each document's length in the unit of the rates (words counted, tokens).
    in_a, in_b : numpy.ndarray of bool
        The documents of each side.
    seed : int, default 0
        Seeds the resamples of the columns.

    Returns
    -------
    PilotModel

    References
    ----------
    Efron, B. (2011). Tweedie's formula and selection bias. *Journal of the American Statistical
    Association*, 106(496), 1602-1614.
    Stephens, M. (2017). False discovery rates: a new deal. *Biostatistics*, 18(2), 275-294.
    Robinson, M. D., & Smyth, G. K. (2008). Small-sample estimation of negative binomial dispersion.
    *Biostatistics*, 9(2), 321-332.

    Examples
    --------
    Three documents a side; *crime* twice in each of side a's, *law* once in every document. Side a
    has 9 words, side b 3: ``d = log(6.5 / 9) - log(0.5 / 3) = 1.466`` for *crime*, ``log(3.5 / 9) -
    log(3.5 / 3) = -1.099`` for *law* (a lower share of side a's longer documents). Documents of a side
    are alike, so there is no spread beyond counts (``k = 0``):

    >>> counts = np.array([[2, 1], [2, 1], [2, 1], [0, 1], [0, 1], [0, 1]])
    >>> side = np.arange(6) < 3
    >>> model = pilot_model(counts, counts.sum(axis=1), side, ~side)
    >>> model.observed.round(3).tolist(), model.dispersion
    ([1.466, -1.099], 0.0)
    """
    y = sp.csr_matrix(counts, dtype=np.float64)  # sparse throughout: a pilot may be a large corpus
    lengths = np.asarray(lengths, dtype=np.float64)
    in_a, in_b = np.asarray(in_a, dtype=bool), np.asarray(in_b, dtype=bool)
    k = _dispersion(y, lengths, [in_a, in_b])
    ya, yb = np.asarray(y[in_a].sum(axis=0)).ravel(), np.asarray(y[in_b].sum(axis=0)).ravel()
    na, nb = lengths[in_a].sum(), lengths[in_b].sum()
    observed = np.log((ya + 0.5) / na) - np.log((yb + 0.5) / nb)
    spread = (lengths[in_a] ** 2).sum() / na**2 + (lengths[in_b] ** 2).sum() / nb**2
    variance = 1.0 / (ya + 0.5) + 1.0 / (yb + 0.5) + k * spread
    rate = (ya + yb) / (na + nb)
    # the prior is learnt from the columns counted often enough for the normal approximation of a
    # log ratio to hold (rarer ones would argue for no difference at all)
    used = (ya + yb) >= MIN_COUNT_FOR_SPREAD
    if used.sum() < 2:
        used = (ya + yb) > 0
    d, v = observed[used], variance[used]
    centre = float((d / v).sum() / (1.0 / v).sum()) if len(d) else 0.0
    likelihood = _component_likelihood(d, v, centre)
    weights = _mixture_weights(likelihood)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2,)))
    draws = np.vstack([_mixture_weights(likelihood[rng.integers(0, len(d), len(d))], weights)
                       for _ in range(_PRIOR_RESAMPLES)]) if len(d) else np.tile(weights, (1, 1))
    return PilotModel(rate=rate, observed=observed, variance=variance, dispersion=k, centre=centre, weights=weights,
                      weight_draws=draws, lengths_a=lengths[in_a], lengths_b=lengths[in_b])


def _side_rates(rate: np.ndarray, delta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rates of side a and side b with log ratio ``delta`` and mean ``rate``."""
    return 2.0 * rate / (1.0 + np.exp(-delta)), 2.0 * rate / (1.0 + np.exp(delta))


def _counts(mean: np.ndarray, k: float, rng: np.random.Generator) -> np.ndarray:
    """Negative-binomial counts with the given means and dispersion ``k`` (a gamma-Poisson mixture)."""
    if k > 0:
        mean = mean * rng.gamma(1.0 / k, k, size=mean.shape)
    return rng.poisson(mean).astype(np.float64)


# ---------------------------------------------------------------------------------------------
# The essay's decision rules, on many simulated studies at once
# ---------------------------------------------------------------------------------------------


class WordRule:
    """The vocabulary chapter's decision rule, on arrays of simulated studies.

    A study's first ``n`` documents are side a, the next ``n`` side b. :meth:`statistic` gives each
    word's log-odds z (:data:`corpus_utils.keyness.FORMULAS`, with the prior ``alpha0`` times the
    study's own word shares, as :func:`corpus_utils.keyness.log_odds`) and whether the table would
    list it (used by at least ``min_docs`` documents of the side it leans to, the dispersion
    filter); :meth:`maxima` gives, for each relabeling of one study, the largest listed ``|z|``,
    whose distribution is the max-T null of :func:`corpus_utils.keyness.permutation_test`.

    Parameters
    ----------
    alpha0 : float
    min_docs : int or None
        As the vocabulary chapter's (None: 2).
    """

    kind = "term"

    def __init__(self, alpha0: float, min_docs: int | None):
        self.alpha0 = float(alpha0)
        self.min_docs = 2 if min_docs is None else int(min_docs)

    def statistic(self, y: np.ndarray, totals: np.ndarray, n: int):
        """Signed z and whether the term is listed: ``y`` (studies x 2n x columns), ``totals`` (studies x 2n)."""
        sa, sb = y[:, :n].sum(axis=1), y[:, n:].sum(axis=1)
        na, nb = totals[:, :n].sum(axis=1)[:, None], totals[:, n:].sum(axis=1)[:, None]
        prior = self.alpha0 * (sa + sb) / (na + nb)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = FORMULAS["log_odds"].score(sa, sb, na, nb, prior, self.alpha0)
        floor = min(self.min_docs, n)
        da, db = (y[:, :n] > 0).sum(axis=1), (y[:, n:] > 0).sum(axis=1)
        listed = ((sa + sb) > 0) & np.where(z > 0, da >= floor, np.where(z < 0, db >= floor, (da >= floor) & (db >= floor)))
        return np.nan_to_num(z), listed

    def maxima(self, y: np.ndarray, totals: np.ndarray, batches, n: int) -> np.ndarray:
        """The largest listed |z| of each relabeling of one study (``y``: 2n x columns)."""
        present = (y > 0).astype(np.float64)
        corpus, grand = y.sum(axis=0), totals.sum()
        prior = self.alpha0 * corpus / grand
        floor = min(self.min_docs, n)
        docs = present.sum(axis=0)
        out = []
        for block in batches:
            sa = block @ y
            na = (block @ totals)[:, None]
            with np.errstate(divide="ignore", invalid="ignore"):
                z = FORMULAS["log_odds"].score(sa, corpus - sa, na, grand - na, prior, self.alpha0)
            da = block @ present
            db = docs - da
            listed = (corpus > 0) & np.where(z > 0, da >= floor, np.where(z < 0, db >= floor, (da >= floor) & (db >= floor)))
            out.append(np.where(listed, np.abs(np.nan_to_num(z)), -np.inf).max(axis=1))
        return np.concatenate(out)


class FrameRule:
    """The framing chapter's decision rule, on arrays of simulated studies.

    :meth:`statistic` gives each frame's difference in mean hits per 1,000 tokens, divided by its
    standard deviation over all relabelings (as :func:`corpus_utils.frame.separation` standardizes
    it for the max-T); :meth:`maxima` gives the largest standardized ``|difference|`` over the frames
    of each relabeling of one study.
    """

    kind = "frame"

    def statistic(self, y: np.ndarray, totals: np.ndarray, n: int):
        values = 1000.0 * y / np.where(totals > 0, totals, 1.0)[:, :, None]
        diff = values[:, :n].mean(axis=1) - values[:, n:].mean(axis=1)
        scale = _permutation_sd(values, n)
        return np.where(scale > 0, diff / np.where(scale > 0, scale, 1.0), 0.0), np.ones(diff.shape, dtype=bool)

    def maxima(self, y: np.ndarray, totals: np.ndarray, batches, n: int) -> np.ndarray:
        values = 1000.0 * y / np.where(totals > 0, totals, 1.0)[:, None]
        scale = _permutation_sd(values[None], n)[0]
        safe = np.where(scale > 0, scale, 1.0)
        total = values.sum(axis=0)
        out = []
        for block in batches:
            sum_a = block @ values
            out.append((np.abs(sum_a / n - (total - sum_a) / n) / safe).max(axis=1))
        return np.concatenate(out)


def _permutation_sd(values: np.ndarray, n: int) -> np.ndarray:
    """The standard deviation of ``mean_a - mean_b`` over all relabelings of ``2n`` documents (axis -2).

    As :func:`corpus_utils.frame.separation` standardizes: ``N^2 s2 / (n_a n_b (N - 1))`` with
    ``N = 2n`` and ``s2`` the population variance of the values.
    """
    total = 2 * n
    return np.sqrt(total * total * values.var(axis=-2) / (n * n * (total - 1)))


# ---------------------------------------------------------------------------------------------
# Power by simulation
# ---------------------------------------------------------------------------------------------


def _relabeling_batches(n: int, n_resamples: int, max_exact: int, seed: int, width: int):
    """The relabelings of 2n documents (n labelled a), made once per size: batches of 0/1 rows, and exactness.

    The Monte Carlo seed is drawn from ``SeedSequence(seed)`` keyed by the size alone, so a size's
    results do not depend on the other sizes asked.
    """
    relabel_seed = int(np.random.SeedSequence(seed, spawn_key=(n, 0)).generate_state(1)[0])
    plan = relabelings(np.arange(2 * n) < n, n_resamples=n_resamples, max_exact=max_exact, seed=relabel_seed)
    rows = plan.batch_rows(per_row=max(width, 2 * n))
    return [block.astype(np.float64) for block in plan.batches(rows)], plan.exact, plan


def _adjusted_p(observed: np.ndarray, maxima: np.ndarray, n_relabelings: int, exact: bool, floor: float) -> np.ndarray:
    """The max-T adjusted p-value of each observed |statistic| against the pooled null maxima.

    Monte Carlo: ``(1 + B * share) / (B + 1)`` with ``share`` the fraction of pooled maxima at least
    as large; exact: the share itself, never below the test's floor.
    """
    pooled = np.sort(maxima)
    share = (len(pooled) - np.searchsorted(pooled, observed * (1 - 1e-9), side="left")) / len(pooled)
    if exact:
        return np.maximum(share, floor)
    return (1.0 + n_relabelings * share) / (n_relabelings + 1.0)


def _empty_power() -> pd.DataFrame:
    ints = {"n_per_group": np.int64, "docs_a": np.int64, "docs_b": np.int64, "exact": bool, "n_simulations": np.int64}
    floats = {"observed", "shrunk", "dispersion", "power", "power_low", "power_high", "min_p"}
    columns = {c: pd.Series(dtype=ints.get(c, np.float64 if c in floats else object)) for c in POWER_COLUMNS}
    return pd.DataFrame(columns)


def _frame_matrix(rates: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list, np.ndarray]:
    """Hits (documents x frames), tokens per document, the frames and each document's label, from frame_rates."""
    require_columns(rates, ["doc_id", "group", "frame", "hits", "n_tokens"], "the frame-rates table", "cu.frame.frame_rates")
    frames = rates.attrs.get("frames") or list(dict.fromkeys(rates["frame"].tolist()))
    hits = rates.pivot_table(index="doc_id", columns="frame", values="hits", aggfunc="first", sort=False)
    hits = hits.reindex(columns=frames).fillna(0.0)
    first = rates.drop_duplicates("doc_id").set_index("doc_id").reindex(hits.index)
    return (hits.to_numpy(dtype=np.float64), first["n_tokens"].to_numpy(dtype=np.float64),
            list(frames), first["group"].to_numpy(dtype=object))


def power(
    dtm: DocumentTermMatrix | None = None,
    rates: pd.DataFrame | None = None,
    features: pd.DataFrame | None = None,
    groups: Sequence[str] | str | None = None,
    sizes: Iterable[int] = (5, 10, 20, 50),
    n_simulations: int = 1000,
    n_draws: int = 40,
    alpha: float = 0.05,
    n_resamples: int = N_RESAMPLES,
    max_exact: int = MAX_EXACT,
    seed: int = 0,
    alpha0: float = 500.0,
    min_docs: int | None = None,
    n_null: int = 8,
    max_columns: int = 2000,
) -> pd.DataFrame:
    """The probability that a study of ``n`` documents per group detects each main difference, and how sure we are.

    For each comparison of ``features`` (from :func:`main_features`) and each size ``n``:

    1. **The pilot's model** (:func:`pilot_model`): the counts of every word of ``dtm`` (or the
       hits of every frame of ``rates``) in the comparison's documents give each column's pooled
       rate, a spread between documents shared by all columns (negative-binomial dispersion, so
       that a side of two or three documents still varies), and each column's log rate ratio
       shrunk towards the others' (empirical Bayes across the whole vocabulary, or every frame),
       which undoes the winner's curse of simulating the differences the pilot chose because
       they were the largest.
    2. **Draws of the truth**: ``n_draws`` draws of each feature's true difference (and of the
       spread of differences across columns) from the model's posterior, so the answer carries
       the pilot's own uncertainty.
    3. **Studies**: for each draw, studies of ``n`` documents per side, with lengths drawn from
       the pilot's documents and counts drawn from the model; ``n_simulations`` studies in all
       per size, spread evenly over the draws.
    4. **The essay's decision rule** on each study: for a word, the log-odds z of the vocabulary
       chapter, the dispersion filter (``min_docs`` documents of its side), and the max-T adjusted
       permutation p-value over the whole vocabulary; for a frame, the standardized difference in
       mean rate and the max-T adjusted p-value over every frame (as :func:`corpus_utils.frame.separation`).
       The null maxima come from ``n_null`` studies per size simulated with every column (the
       ``max_columns`` most frequent words), relabeled as the chapters relabel (exact when there
       are at most ``max_exact`` relabelings, otherwise ``n_resamples`` seeded draws), and pooled.
       A study detects the difference when its adjusted p is at most ``alpha`` and its sign is the
       pilot's.

    ``power`` is the share of all studies that detect the difference (the expected power over
    the pilot's uncertainty); ``power_low`` and ``power_high`` are the 2.5th and 97.5th
    percentiles of the power over the draws: where the truth may lie, given the pilot. With few
    pilot documents the interval is wide, and that is the honest answer.

    Parameters
    ----------
    dtm : DocumentTermMatrix, optional
        The pilot's words (every column, for the shrinkage and the max-T); needed for term features.
    rates : pandas.DataFrame, optional
        From :func:`corpus_utils.frame.frame_rates` (every frame); needed for frame features.
    features : pandas.DataFrame
        From :func:`main_features`: ``kind, feature, group_a, group_b, group``.
    groups : (str, str), sequence of str, str or None
        As :func:`corpus_utils.groups.comparisons`.
    sizes : iterable of int, default (5, 10, 20, 50)
        Documents per group in the simulated studies (2 or more).
    n_simulations : int, default 1000
        Studies per comparison and size (at least ``n_draws``; rounded up to a multiple of it),
        spread evenly over the draws.
    n_draws : int, default 40
        Draws of the truth from the pilot's posterior.
    alpha : float, default 0.05
    n_resamples, max_exact : int
        The relabelings of each simulated study, as the chapters'.
    seed : int, default 0
    alpha0 : float, default 500.0
        The log-odds prior's weight, as in the vocabulary chapter.
    min_docs : int or None
        The dispersion filter, as in the vocabulary chapter (None: 2).
    n_null : int, default 8
        Studies per size simulated with every column, whose relabelings give the null maxima.
    max_columns : int, default 2000
        The most frequent words that take part in the null maxima (rarer words never carry the
        largest |z|).

    Returns
    -------
    pandas.DataFrame
        :data:`POWER_COLUMNS`, one row per comparison, feature and size: ``group_a, group_b, kind,
        feature, group`` (the side it leans to), ``n_per_group, docs_a, docs_b`` (the pilot's),
        ``observed`` (the pilot's log rate ratio of the leaning side over the other), ``shrunk``
        (its posterior mean), ``dispersion``, ``power, power_low, power_high, min_p`` (the floor of
        the test at that size), ``exact``, ``n_simulations`` and ``status``: "simulated", or "one
        document" when both sides together have fewer than three documents or neither side has two
        (no spread to estimate). ``attrs`` records the settings, ``test`` and ``simulation``.

    Raises
    ------
    ParameterError
        For a size below 2, counts below 1, ``alpha`` outside (0, 1), a negative seed, or a
        feature whose table is missing.

    Examples
    --------
    >>> import corpus_utils as cu
    >>> corpus = pd.DataFrame({"doc_id": list("abcdef"), "group": ["x"] * 3 + ["y"] * 3,
    ...                        "text": ["crime crime law"] * 3 + ["trust community"] * 3})
    >>> dtm = cu.count_terms(corpus, ngram_range=(1, 1))
    >>> features = pd.DataFrame({"kind": ["term"], "feature": ["crime"], "group_a": ["x"], "group_b": ["y"],
    ...                          "group": ["x"]})
    >>> table = power(dtm, features=features, sizes=(2, 10), n_simulations=40, n_draws=10)
    >>> table[["n_per_group", "min_p"]].round(3).values.tolist()
    [[2.0, 0.333], [10.0, 0.005]]
    """
    chosen = _check_sizes(sizes, minimum=2)
    for name, value in (("n_simulations", n_simulations), ("n_draws", n_draws), ("n_null", n_null)):
        if isinstance(value, bool) or int(value) < 1:
            raise ParameterError(f"{name} must be at least 1 (got {value!r})")
    n_draws = int(n_draws)
    per_draw = -(-max(int(n_simulations), n_draws) // n_draws)
    alpha = check_alpha(alpha)
    if int(seed) < 0:
        raise ParameterError(f"seed must be 0 or more (got {seed!r})")
    seed = int(seed)
    attrs = {"sizes": chosen, "n_simulations": per_draw * n_draws, "n_draws": n_draws, "alpha": alpha,
             "n_resamples": int(n_resamples), "max_exact": int(max_exact), "seed": seed, "alpha0": float(alpha0),
             "min_docs": min_docs, "n_null": int(n_null), "test": _TEST, "simulation": _SIMULATION}
    if features is None or features.empty:
        table = _empty_power()
        table.attrs.update(attrs)
        return table
    require_columns(features, _FEATURE_COLUMNS, "the features table", "cu.design.main_features")
    sources = {}
    if (features["kind"] == "term").any():
        if dtm is None:
            raise ParameterError("term features need the pilot's document-term matrix (got dtm=None)",
                                 fix="Pass the dtm the features were found in")
        counts = dtm.counts.tocsr().astype(np.float64)
        sources["term"] = (counts, np.asarray(counts.sum(axis=1)).ravel(), list(dtm.terms), np.asarray(dtm.labels, dtype=object),
                           WordRule(alpha0, min_docs))
    if (features["kind"] == "frame").any():
        if rates is None:
            raise ParameterError("frame features need the pilot's frame-rates table (got rates=None)",
                                 fix="Pass the table of frame.frame_rates")
        hits, tokens, frames, labels = _frame_matrix(rates)
        sources["frame"] = (sp.csr_matrix(hits), tokens, frames, labels, FrameRule())
    floor = {n: smallest_p([n, n], symmetric=True, n_resamples=n_resamples, max_exact=max_exact) for n in chosen}
    parts = []
    for kind, (counts, lengths, columns, labels, rule) in sources.items():
        position = {c: i for i, c in enumerate(columns)}
        wanted = features[features["kind"] == kind]
        for index, comp in enumerate(comparisons(labels, groups)):
            mine = wanted[(wanted["group_a"] == comp.group_a) & (wanted["group_b"] == comp.group_b)]
            if mine.empty:
                continue
            missing = [f for f in mine["feature"] if f not in position]
            if missing:
                raise ParameterError(f"{kind} {missing[0]!r} is not in the pilot's table",
                                     fix="Pass the features found in the same dtm and frame rates")
            members = comp.in_a | comp.in_b
            n_a, n_b = int(comp.in_a.sum()), int(comp.in_b.sum())
            cols = np.array([position[f] for f in mine["feature"]], dtype=np.int64)
            sign = np.where(mine["group"].to_numpy(dtype=object) == comp.group_a, 1.0, -1.0)
            simulate = n_a + n_b >= 3 and max(n_a, n_b) >= 2
            model = None
            if simulate:
                sub = counts[members]
                used = np.flatnonzero(np.asarray(sub.sum(axis=0)).ravel() > 0)
                if kind == "term" and len(used) > max_columns:
                    order = np.argsort(-np.asarray(sub.sum(axis=0)).ravel()[used], kind="stable")
                    used = np.union1d(used[order[:max_columns]], cols)
                else:
                    used = np.union1d(used, cols)
                local = np.searchsorted(used, cols)
                model = pilot_model(sub[:, used], lengths[members], comp.in_a[members], comp.in_b[members], seed=seed)
            for n in chosen:
                row = {"group_a": comp.group_a, "group_b": comp.group_b, "kind": kind,
                       "feature": mine["feature"].to_numpy(dtype=object), "group": mine["group"].to_numpy(dtype=object),
                       "n_per_group": n, "docs_a": n_a, "docs_b": n_b, "min_p": floor[n], "_comparison": index,
                       "_feature": np.arange(len(mine))}
                if model is None:
                    nan = np.full(len(mine), np.nan)
                    parts.append(pd.DataFrame({**row, "observed": nan, "shrunk": nan, "dispersion": np.nan,
                                               "power": nan, "power_low": nan, "power_high": nan,
                                               "exact": count_relabelings([n, n]) <= int(max_exact),
                                               "n_simulations": 0, "status": "one document"}))
                    continue
                rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(n, 1, index, 0 if kind == "term" else 1)))
                detected, exact = _simulate(model, rule, local, sign, n, n_draws, per_draw, n_null, alpha,
                                            int(n_resamples), int(max_exact), seed, floor[n], rng)
                by_draw = detected.mean(axis=1)  # draws x features
                parts.append(pd.DataFrame({
                    **row, "observed": sign * model.observed[local], "shrunk": sign * model.shrunk(local),
                    "dispersion": model.dispersion, "power": by_draw.mean(axis=0),
                    "power_low": np.quantile(by_draw, 0.025, axis=0), "power_high": np.quantile(by_draw, 0.975, axis=0),
                    "exact": exact, "n_simulations": per_draw * n_draws, "status": "simulated",
                }))
    if not parts:
        table = _empty_power()
        table.attrs.update(attrs)
        return table
    table = pd.concat(parts, ignore_index=True)
    table["_kind"] = table["kind"].map({"term": 0, "frame": 1})
    table = table.sort_values(["_comparison", "_kind", "_feature", "n_per_group"], kind="stable").reset_index(drop=True)
    table = table[POWER_COLUMNS].astype({"n_per_group": np.int64, "docs_a": np.int64, "docs_b": np.int64, "exact": bool,
                                         "n_simulations": np.int64, "dispersion": np.float64})
    table.attrs.update(attrs)
    return table


def _simulate(model: PilotModel, rule, local: np.ndarray, sign: np.ndarray, n: int, n_draws: int, per_draw: int,
              n_null: int, alpha: float, n_resamples: int, max_exact: int, seed: int, floor: float,
              rng: np.random.Generator) -> tuple[np.ndarray, bool]:
    """Detections (draws x studies x features) of the features ``local`` in studies of ``n`` per side."""
    n_columns = len(model.rate)
    batches, exact, plan = _relabeling_batches(n, n_resamples, max_exact, seed, n_columns)
    # the null maxima: whole studies, every column, relabeled as the chapters relabel
    maxima = []
    every = np.arange(n_columns)
    for _ in range(int(n_null)):
        delta = model.draw(every, 1, rng)[0]
        rate_a, rate_b = _side_rates(model.rate, delta)
        length = np.concatenate([rng.choice(model.lengths_a, n), rng.choice(model.lengths_b, n)])
        mean = length[:, None] * np.vstack([np.broadcast_to(rate_a, (n, n_columns)), np.broadcast_to(rate_b, (n, n_columns))])
        y = _counts(mean, model.dispersion, rng)
        totals = y.sum(axis=1) if rule.kind == "term" else length
        maxima.append(rule.maxima(y, totals, batches, n))
    maxima = np.concatenate(maxima)
    # the features alone, in many studies per draw of the truth
    delta = model.draw(local, n_draws, rng)  # draws x features
    rate = model.rate[local]
    rate_a, rate_b = _side_rates(rate[None, :], delta)
    studies = n_draws * per_draw
    length = np.concatenate([rng.choice(model.lengths_a, (studies, n)), rng.choice(model.lengths_b, (studies, n))], axis=1)
    side_rate = np.concatenate([np.repeat(rate_a, per_draw, axis=0)[:, None, :].repeat(n, axis=1),
                                np.repeat(rate_b, per_draw, axis=0)[:, None, :].repeat(n, axis=1)], axis=1)
    y = _counts(length[:, :, None] * side_rate, model.dispersion, rng)
    if rule.kind == "term":  # the other words fill each document up to its length
        totals = np.maximum(length, y.sum(axis=2))
    else:
        totals = length
    z, listed = rule.statistic(y, totals, n)
    p = _adjusted_p(np.abs(z), maxima, plan.n_relabelings, exact, floor)
    hit = (p <= alpha + 1e-12) & listed & (np.sign(z) == sign[None, :])
    return hit.reshape(n_draws, per_draw, len(local)), exact
