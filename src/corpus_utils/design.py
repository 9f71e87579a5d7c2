"""Design: how many documents the next study needs, from the floor of the test and by simulation.

Two questions about a study that has not been made yet:

1. **Can the test say anything at all?** A relabeling test on ``n`` documents per group has
   ``C(2n, n)`` relabelings, so its p-value can never be below ``2 / C(2n, n)`` (a two-sided
   statistic ties the observed split with its mirror image). :func:`floors` tabulates that
   floor for a range of sizes and :func:`smallest_sample` gives the smallest size whose floor
   reaches the significance level: 4 documents per group for 0.05.
2. **How likely is the study to detect the differences seen here?** :func:`power` simulates
   studies of ``n`` documents per group by drawing documents with replacement from the
   observed documents of each side (a stratified document bootstrap: the observed spread
   between documents and the observed difference are kept), runs the two-sided permutation
   test of the difference of means on each (as :func:`corpus_utils.frame.separation`, on the
   engine of :mod:`corpus_utils.resample`) and reports the share of simulated studies with
   ``p <= alpha``, with a Wilson interval for the simulation error.

The features simulated are read off the chapters' results by :func:`main_features` (the
strongest words of each side and frames of each comparison, by the synthesis chapter's rule, that
do not rest on one document) and measured per
document by :func:`feature_values` (uses per 1,000 words counted, frame hits per 1,000 tokens).

What the simulation assumes: the next study's documents are like the observed ones. With two or
three documents on a side, the spread between documents is itself poorly known (a side of two
documents offers two distinct values to draw from), so read the power as what these documents
imply, not as a promise. A side of one document has no spread to draw from: its rows say so
(``status`` "one document") and nothing is simulated.

Costs: per size, the relabelings are made once (every one of at most ``max_exact``, otherwise
``n_resamples`` seeded draws) and every simulated study and feature is tested in the same
matrix products, a batch of relabelings at a time: the work is (relabelings) x (2n documents)
x (studies x features), whatever the size of the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.special import ndtri

from .count import DocumentTermMatrix
from .errors import ParameterError, check_alpha, require_columns
from .groups import comparisons
from .methods import METHODS
from .resample import MAX_EXACT, N_RESAMPLES, Tally, count_relabelings, relabelings, smallest_p
from .synthesis import main_findings

__all__ = [
    "POWER_COLUMNS",
    "feature_values",
    "floors",
    "main_features",
    "power",
    "smallest_sample",
]

#: The columns of :func:`power`, in order.
POWER_COLUMNS = [
    "group_a", "group_b", "kind", "feature", "n_per_group", "docs_a", "docs_b", "mean_a", "mean_b", "diff",
    "sd_a", "sd_b", "power", "power_low", "power_high", "min_p", "exact", "n_simulations", "status",
]
_VALUE_COLUMNS = ["kind", "feature", "doc_id", "group", "value"]
_FEATURE_COLUMNS = ["kind", "feature", "group_a", "group_b", "group"]
#: The kind of feature each method's findings are.
_KINDS = {m.name: m.feature for m in METHODS if m.feature is not None}
_Z95 = float(ndtri(0.975))  # 1.959964: the normal quantile of a two-sided 95 % interval
_TEST = "two-sided permutation test of |mean_a - mean_b| over relabelings of the 2n documents of each simulated study"
_SIMULATION = "stratified document bootstrap: n documents drawn with replacement from each side's observed documents"


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


def _distinct(items) -> list:
    return list(dict.fromkeys(items))


def feature_values(
    dtm: DocumentTermMatrix | None = None,
    terms: Iterable[str] = (),
    rates: pd.DataFrame | None = None,
    frames: Iterable[str] = (),
    value: str = "per_1000",
) -> pd.DataFrame:
    """Each document's value of the terms and frames a study would measure, as one long table.

    A term's value is its uses per 1,000 words counted in the document: ``1000 * count /
    row total`` of the document-term matrix (the words left after stop words and frequency
    filters; a document with no counted word gives 0). A frame's value is the ``value``
    column of :func:`corpus_utils.frame.frame_rates` (hits per 1,000 tokens by default; a
    missing share counts as 0).

    Parameters
    ----------
    dtm : DocumentTermMatrix, optional
        Needed when ``terms`` are given.
    terms : iterable of str
        Columns of ``dtm`` (each once, in the order given).
    rates : pandas.DataFrame, optional
        From :func:`corpus_utils.frame.frame_rates`; needed when ``frames`` are given.
    frames : iterable of str
    value : str, default "per_1000"
        The column of ``rates`` to use.

    Returns
    -------
    pandas.DataFrame
        ``kind`` ("term" or "frame"), ``feature, doc_id, group, value``: terms first, then
        frames, each in the order given, documents in corpus order. ``attrs`` holds
        ``term_value`` and ``frame_value`` (what the values measure).

    Raises
    ------
    ParameterError
        If a term is not a column of ``dtm``, a frame is not in ``rates``, ``value`` is not a
        column of ``rates``, or terms (frames) are asked for without ``dtm`` (``rates``).

    Examples
    --------
    A document of 4 counted words that uses *trust* once: ``1000 * 1 / 4 = 250`` per 1,000 words.
    """
    terms, frames = _distinct(map(str, terms)), _distinct(map(str, frames))
    parts = []
    if terms:
        if dtm is None:
            raise ParameterError(f"terms {', '.join(map(repr, terms))} need a document-term matrix (got dtm=None)",
                                 fix="Pass the dtm the terms come from")
        columns = []
        for term in terms:
            try:
                columns.append(dtm.column(term))
            except KeyError:
                raise ParameterError(
                    f"term {term!r} is not in the document-term matrix",
                    fix="Pass terms that are columns of the dtm (for example from keyness.top_terms)",
                ) from None
        counts = dtm.counts[:, columns].toarray().astype(np.float64)  # documents x terms
        totals = np.asarray(dtm.counts.sum(axis=1), dtype=np.float64).ravel()
        per_1000 = np.divide(1000.0 * counts, totals[:, None], out=np.zeros(counts.shape), where=totals[:, None] > 0)
        n_docs = len(dtm.doc_ids)
        parts.append(pd.DataFrame({
            "kind": "term",
            "feature": np.repeat(np.array(terms, dtype=object), n_docs),
            "doc_id": np.tile(np.asarray(dtm.doc_ids, dtype=object), len(terms)),
            "group": np.tile(np.asarray(dtm.labels, dtype=object), len(terms)),
            "value": per_1000.T.ravel(),
        }))
    if frames:
        if rates is None:
            raise ParameterError(f"frames {', '.join(map(repr, frames))} need a frame-rates table (got rates=None)",
                                 fix="Pass the table of frame.frame_rates")
        require_columns(rates, ["doc_id", "group", "frame"], "the rates table", "cu.frame.frame_rates")
        if value not in rates.columns:
            raise ParameterError(
                f"value {value!r} is not a column of rates (columns: {', '.join(map(str, rates.columns))})",
                fix="Pass value='per_1000', 'share' or 'hits'",
            )
        known = set(rates["frame"].tolist())
        for frame in frames:
            if frame not in known:
                raise ParameterError(f"frame {frame!r} is not in the frame-rates table",
                                     fix="Pass frames of the lexicon the rates were counted with")
        for frame in frames:
            part = rates.loc[rates["frame"] == frame, ["doc_id", "group", value]]
            parts.append(pd.DataFrame({
                "kind": "frame",
                "feature": frame,
                "doc_id": part["doc_id"].to_numpy(dtype=object),
                "group": part["group"].to_numpy(dtype=object),
                "value": part[value].to_numpy(dtype=np.float64, na_value=np.nan),
            }))
    if parts:
        table = pd.concat(parts, ignore_index=True)
        table["value"] = table["value"].fillna(0.0)
    else:
        table = pd.DataFrame({c: pd.Series(dtype=np.float64 if c == "value" else object) for c in _VALUE_COLUMNS})
    table = table[_VALUE_COLUMNS]
    table.attrs.update({"term_value": "uses per 1,000 words counted", "frame_value": value})
    return table


def main_features(evidence: pd.DataFrame | None, n_terms: int = 2, n_frames: int = 2) -> pd.DataFrame:
    """The words and frames the next study should test: the strongest findings of each comparison.

    Chosen by :func:`corpus_utils.synthesis.main_findings` from the table of
    :func:`corpus_utils.synthesis.evidence` (smallest adjusted p-value first, then largest
    ``|effect|``), the rule by which the synthesis chapter names its main findings. Per comparison: the ``n_terms`` strongest words
    leaning to each side, and the ``n_frames`` strongest frame differences (a difference of
    0 leans nowhere and is skipped). Findings that rest on one document (``one_document``)
    are left out: their spread between documents is one text's, so there is nothing to
    resample.

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
    rows = [(_KINDS[r.method], str(r.item), r.group_a, r.group_b, r.leans_to) for r in found.itertuples(index=False)]
    return pd.DataFrame(rows, columns=_FEATURE_COLUMNS).astype(object)


# ---------------------------------------------------------------------------------------------
# Power by simulation
# ---------------------------------------------------------------------------------------------


def _wilson(successes, trials: int, z: float = _Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson's score interval for a binomial share (Wilson 1927; Newcombe 1998, method 3).

    ``(p + z^2 / 2N -/+ z sqrt(p (1 - p) / N + z^2 / 4N^2)) / (1 + z^2 / N)`` for ``p = k / N``.
    """
    k = np.asarray(successes, dtype=np.float64)
    n = float(trials)
    share = k / n
    denominator = 1.0 + z * z / n
    centre = (share + z * z / (2.0 * n)) / denominator
    half = z / denominator * np.sqrt(share * (1.0 - share) / n + z * z / (4.0 * n * n))
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def _wide(values: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Documents x features matrix (first-appearance order), each document's label, the features."""
    doc_codes, doc_ids = pd.factorize(values["doc_id"], sort=False)
    feature_codes = values.groupby(["kind", "feature"], sort=False).ngroup().to_numpy()
    features = values[["kind", "feature"]].drop_duplicates().reset_index(drop=True)
    matrix = np.zeros((len(doc_ids), len(features)))  # a document without a row for a feature counts 0
    matrix[doc_codes, feature_codes] = pd.to_numeric(values["value"], errors="coerce").fillna(0.0).to_numpy(np.float64)
    first = pd.Series(np.arange(len(values))).groupby(doc_codes).first().to_numpy()
    labels = values["group"].to_numpy(dtype=object)[first]
    return matrix, labels, features


def _relabeling_rows(n: int, n_resamples: int, max_exact: int, seed: int, width: int):
    """The relabelings of 2n documents (n labelled a), made once per size: batches of 0/1 rows, and exactness.

    The Monte Carlo seed is drawn from ``SeedSequence(seed)`` keyed by the size alone, so a size's
    results do not depend on the other sizes asked.
    """
    relabel_seed = int(np.random.SeedSequence(seed, spawn_key=(n, 0)).generate_state(1)[0])
    plan = relabelings(np.arange(2 * n) < n, n_resamples=n_resamples, max_exact=max_exact, seed=relabel_seed)
    rows = plan.batch_rows(per_row=max(width, 2 * n))
    return [block.astype(np.float64) for block in plan.batches(rows)], plan.exact


def _detections(side_a: np.ndarray, side_b: np.ndarray, n: int, batches, exact: bool, n_simulations: int,
                alpha: float, rng: np.random.Generator) -> np.ndarray:
    """How many of ``n_simulations`` simulated studies detect each feature (p <= alpha)."""
    n_features = side_a.shape[1]
    pick_a = rng.integers(0, len(side_a), size=(n_simulations, n))
    pick_b = rng.integers(0, len(side_b), size=(n_simulations, n))
    studies = np.concatenate([side_a[pick_a], side_b[pick_b]], axis=1)  # studies x 2n documents x features
    flat = studies.transpose(1, 0, 2).reshape(2 * n, n_simulations * n_features)  # one column per study and feature
    total = flat.sum(axis=0)
    # |mean_a - mean_b| = |sum_a / n - (total - sum_a) / n| = |2 sum_a - total| / n
    tally = Tally(np.abs(2.0 * flat[:n].sum(axis=0) - total) / n, exact=exact)
    for block in batches:
        tally.add(np.abs(2.0 * (block @ flat) - total) / n)
    p = tally.result()["p_value"].to_numpy().reshape(n_simulations, n_features)
    return (p <= alpha).sum(axis=0)


def _empty_power() -> pd.DataFrame:
    kinds = {"n_per_group": np.int64, "docs_a": np.int64, "docs_b": np.int64, "exact": bool, "n_simulations": np.int64}
    floats = {"mean_a", "mean_b", "diff", "sd_a", "sd_b", "power", "power_low", "power_high", "min_p"}
    columns = {c: pd.Series(dtype=kinds.get(c, np.float64 if c in floats else object)) for c in POWER_COLUMNS}
    return pd.DataFrame(columns)


def power(
    values: pd.DataFrame,
    groups: Sequence[str] | str | None = None,
    sizes: Iterable[int] = (5, 10, 20, 50),
    n_simulations: int = 200,
    alpha: float = 0.05,
    n_resamples: int = N_RESAMPLES,
    max_exact: int = MAX_EXACT,
    seed: int = 0,
    features: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The probability that a study of ``n`` documents per group detects each observed difference.

    For each comparison (read by :func:`corpus_utils.groups.comparisons`: a pair, or each group
    against the rest), each feature and each size ``n``, ``n_simulations`` studies are
    simulated. One study draws ``n`` documents with replacement from side a's observed
    documents and ``n`` from side b's (a stratified document bootstrap, which keeps the
    observed spread between documents and the observed difference); the same drawn documents
    serve every feature, as a real study measures every feature on the documents it has. Each
    study is tested as :func:`corpus_utils.frame.separation` tests the corpus: the two-sided
    permutation test of ``|mean_a - mean_b|`` over relabelings of its ``2n`` documents (every
    one of them when ``C(2n, n) <= max_exact``, otherwise ``n_resamples`` seeded draws;
    p-values from :class:`corpus_utils.resample.Tally`). ``power`` is the share of studies with
    ``p <= alpha``; ``power_low`` and ``power_high`` bound the simulation error (95 % Wilson
    score interval over ``n_simulations`` studies). No test can detect anything when
    ``min_p > alpha``: with 2 documents per group the floor is ``2 / 6``.

    Random numbers: the document draws of size ``n`` in the ``i``-th comparison come from
    ``numpy.random.SeedSequence(seed, spawn_key=(n, 1, i))`` and the Monte Carlo relabelings
    of size ``n`` from ``spawn_key=(n, 0)``, so the same seed gives the same table and a
    size's rows do not depend on the other sizes asked.

    Parameters
    ----------
    values : pandas.DataFrame
        From :func:`feature_values`: ``kind, feature, doc_id, group, value`` (a document
        without a row for a feature counts 0).
    groups : (str, str), sequence of str, str or None
        As :func:`corpus_utils.groups.comparisons`; in one-vs-rest, ``group_b`` is
        :data:`corpus_utils.groups.REST`.
    sizes : iterable of int, default (5, 10, 20, 50)
        Documents per group in the simulated studies (2 or more; sorted, each once).
    n_simulations : int, default 200
        Simulated studies per comparison and size.
    alpha : float, default 0.05
        The significance level a study must reach.
    n_resamples : int, default N_RESAMPLES (200)
        Monte Carlo relabelings per simulated study when there are too many to enumerate.
    max_exact : int, default MAX_EXACT (5000)
        Largest number of relabelings enumerated (``C(10, 5) = 252`` at 5 per group;
        ``C(20, 10) = 184,756`` at 10 is drawn).
    seed : int, default 0
        Non-negative.
    features : pandas.DataFrame, optional
        From :func:`main_features` (``kind, feature, group_a, group_b``): each comparison
        simulates only the features found in it (a word that leans to one group is a question
        about that group's comparison, not about the others). By default every feature of
        ``values`` is simulated in every comparison.

    Returns
    -------
    pandas.DataFrame
        One row per comparison, feature and size, in that order (comparisons as given,
        features as in ``values``, sizes ascending): ``group_a, group_b, kind, feature,
        n_per_group, docs_a, docs_b`` (observed documents on each side), ``mean_a, mean_b,
        diff`` (observed), ``sd_a, sd_b`` (between-document standard deviation, ``ddof=1``;
        NaN with one document), ``power, power_low, power_high, min_p`` (the floor of the test
        at that size), ``exact``, ``n_simulations`` (studies the power rests on) and
        ``status``: "simulated", or "one document" when a side has a single document (its
        spread cannot be estimated: no simulation, ``power`` NaN, ``n_simulations`` 0).
        ``attrs`` holds ``sizes, n_simulations, alpha, n_resamples, max_exact, seed``,
        ``test`` and ``simulation`` (one-line descriptions). An empty ``values`` gives an
        empty table with these columns.

    Raises
    ------
    ParameterError
        For a size below 2, ``n_simulations`` below 1, ``alpha`` outside (0, 1),
        ``n_resamples`` below 1, a negative ``max_exact`` or ``seed``, or a ``values`` table
        without its columns. LabelError for an unknown group or fewer than two groups.

    References
    ----------
    Efron, B., & Tibshirani, R. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
    Good, P. (2005). *Permutation, Parametric and Bootstrap Tests of Hypotheses*. Springer.
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *Journal of the American Statistical Association*, 22(158), 209-212.
    Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion:
    comparison of seven methods. *Statistics in Medicine*, 17(8), 857-872.

    Examples
    --------
    Side a's documents all score 10, side b's all 0: every simulated study of 5 per group
    splits the groups perfectly, ``p = 2 / C(10, 5) = 2 / 252 <= 0.05``, so the power is 1;
    with 2 per group, ``p >= 2 / 6`` and the power is 0.

    >>> values = pd.DataFrame({"kind": "term", "feature": "x", "doc_id": ["1", "2", "3", "4"],
    ...                        "group": ["a", "a", "b", "b"], "value": [10.0, 10.0, 0.0, 0.0]})
    >>> power(values, sizes=(2, 5), n_simulations=20)["power"].tolist()
    [0.0, 1.0]
    """
    chosen = _check_sizes(sizes, minimum=2)
    if isinstance(n_simulations, bool) or int(n_simulations) < 1:
        raise ParameterError(f"n_simulations must be at least 1 (got {n_simulations!r})")
    n_simulations = int(n_simulations)
    alpha = check_alpha(alpha)
    if int(seed) < 0:
        raise ParameterError(f"seed must be 0 or more (got {seed!r})")
    seed = int(seed)
    floor = {n: smallest_p([n, n], symmetric=True, n_resamples=n_resamples, max_exact=max_exact) for n in chosen}
    if len(values):
        require_columns(values, _VALUE_COLUMNS, "the values table", "cu.design.feature_values")
    attrs = {"sizes": chosen, "n_simulations": n_simulations, "alpha": alpha, "n_resamples": int(n_resamples),
             "max_exact": int(max_exact), "seed": seed, "test": _TEST, "simulation": _SIMULATION}
    if values.empty:
        table = _empty_power()
        table.attrs.update(attrs)
        return table
    matrix, labels, columns_of = _wide(values)
    width = len(columns_of)
    wanted = None
    if features is not None:
        require_columns(features, ["kind", "feature", "group_a", "group_b"], "the features table", "cu.design.main_features")
        wanted = {(a, b, k, f) for k, f, a, b in features[["kind", "feature", "group_a", "group_b"]].itertuples(index=False)}
    plans: dict[int, tuple[list[np.ndarray], bool]] = {}
    parts = []
    for index, comp in enumerate(comparisons(labels, groups)):
        keep = np.array([wanted is None or (comp.group_a, comp.group_b, k, f) in wanted
                         for k, f in columns_of[["kind", "feature"]].itertuples(index=False)], dtype=bool)
        if not keep.any():
            continue
        chosen_features = columns_of[keep]
        n_features = len(chosen_features)
        side_a, side_b = matrix[comp.in_a][:, keep], matrix[comp.in_b][:, keep]
        n_a, n_b = len(side_a), len(side_b)
        mean_a, mean_b = side_a.mean(axis=0), side_b.mean(axis=0)
        sd_a = side_a.std(axis=0, ddof=1) if n_a > 1 else np.full(n_features, np.nan)
        sd_b = side_b.std(axis=0, ddof=1) if n_b > 1 else np.full(n_features, np.nan)
        simulate = n_a > 1 and n_b > 1
        for n in chosen:
            if n not in plans:
                plans[n] = _relabeling_rows(n, n_resamples, max_exact, seed, n_simulations * width)
            batches, exact = plans[n]
            if simulate:
                rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(n, 1, index)))
                hits = _detections(side_a, side_b, n, batches, exact, n_simulations, alpha, rng)
                share = hits / n_simulations
                low, high = _wilson(hits, n_simulations)
            else:
                share = low = high = np.full(n_features, np.nan)
            parts.append(pd.DataFrame({
                "group_a": comp.group_a, "group_b": comp.group_b,
                "kind": chosen_features["kind"].to_numpy(dtype=object),
                "feature": chosen_features["feature"].to_numpy(dtype=object),
                "n_per_group": n, "docs_a": n_a, "docs_b": n_b,
                "mean_a": mean_a, "mean_b": mean_b, "diff": mean_a - mean_b, "sd_a": sd_a, "sd_b": sd_b,
                "power": share, "power_low": low, "power_high": high, "min_p": floor[n], "exact": exact,
                "n_simulations": n_simulations if simulate else 0,
                "status": "simulated" if simulate else "one document",
                "_feature": np.flatnonzero(keep), "_comparison": index,
            }))
    if not parts:
        table = _empty_power()
        table.attrs.update(attrs)
        return table
    table = pd.concat(parts, ignore_index=True)
    table = table.sort_values(["_comparison", "_feature", "n_per_group"], kind="stable").reset_index(drop=True)
    table = table[POWER_COLUMNS].astype({"n_per_group": np.int64, "docs_a": np.int64, "docs_b": np.int64,
                                         "exact": bool, "n_simulations": np.int64, "group_a": object,
                                         "group_b": object, "kind": object, "feature": object, "status": object})
    table.attrs.update(attrs)
    return table
