"""Agreement: do the clusters follow the labels, or any other metadata column, and beyond chance?

The steps, in words
-------------------
1. :func:`contingency` counts the documents of each value of a column (the labels, a genre) in each
   cluster.
2. :func:`agreement_scores` sums the table up: the adjusted Rand index (pairs of documents put
   together or apart by both partitions, 0 by chance and 1 for the same partition), NMI, the
   V-measure with its homogeneity and completeness, and purity.
3. :func:`agreement_test` asks whether an ARI this high could come from labels handed out at random:
   a permutation p-value over the relabelings of :mod:`corpus_utils.resample` (all of them when they
   are few), with the smallest p-value the test can give.
4. :func:`agreement` does all three for each column asked for, and says why a column is skipped.

The clusters come from :func:`corpus_utils.cluster.kmeans` or
:func:`corpus_utils.cluster.agglomerative`; nothing here depends on how they were made.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .errors import ParameterError
from .resample import MAX_EXACT, N_RESAMPLES, Tally, relabelings

__all__ = ["agreement", "agreement_scores", "agreement_test", "contingency", "purity"]


def purity(labels: Sequence, clusters: Sequence) -> float:
    """Share of documents that carry their cluster's most common label.

    ``purity = (1/n) * sum over clusters of (count of the cluster's majority label)``. It is 1
    when every cluster holds one label, and rises trivially with the number of clusters
    (``n`` singleton clusters have purity 1), so read it beside the ARI.

    Examples
    --------
    >>> purity(["a", "a", "b", "b", "b"], [1, 1, 1, 2, 2])
    0.8
    """
    table = pd.crosstab(pd.Series(np.asarray(clusters)), pd.Series(np.asarray(labels)))
    return float(table.max(axis=1).sum() / table.to_numpy().sum())


def agreement_scores(labels: Sequence, clusters: Sequence) -> dict:
    """ARI, NMI, V-measure, homogeneity, completeness and purity of clusters against labels.

    The adjusted Rand index counts pairs of documents put together (or apart) by both
    partitions, corrected so that random assignment scores 0 on average and identical
    partitions 1. NMI is the mutual information divided by the mean entropy of the two
    partitions (arithmetic mean, which makes it equal to the V-measure); it is not adjusted
    for chance, so prefer the ARI on small samples.

    Returns
    -------
    dict
        ``ari, nmi, v_measure, homogeneity, completeness, purity``.

    References
    ----------
    Hubert, L. & Arabie, P. (1985). Comparing partitions. *J. Classification* 2.
    Rosenberg, A. & Hirschberg, J. (2007). V-measure. *EMNLP-CoNLL*.

    Examples
    --------
    >>> agreement_scores(["a", "a", "b"], [2, 2, 1])["ari"]
    1.0
    """
    labels = np.asarray(labels, dtype=object).astype(str)
    clusters = np.asarray(clusters)
    from sklearn.metrics import (adjusted_rand_score, completeness_score, homogeneity_score,
                                 normalized_mutual_info_score, v_measure_score)

    return {
        "ari": float(adjusted_rand_score(labels, clusters)),
        "nmi": float(normalized_mutual_info_score(labels, clusters)),
        "v_measure": float(v_measure_score(labels, clusters)),
        "homogeneity": float(homogeneity_score(labels, clusters)),
        "completeness": float(completeness_score(labels, clusters)),
        "purity": purity(labels, clusters),
    }


def _pair_index(table: np.ndarray) -> np.ndarray:
    """Sum over cells of C(n_ij, 2): the pairs both partitions put together (last two axes)."""
    t = np.asarray(table, dtype=np.int64)
    return (t * (t - 1) // 2).sum(axis=(-2, -1))


def agreement_test(
    labels: Sequence,
    clusters: Sequence,
    *,
    n_resamples: int = N_RESAMPLES,
    max_exact: int = MAX_EXACT,
    seed: int = 0,
) -> dict:
    """Permutation p-value of the adjusted Rand index, with the floor the test can reach.

    Under the null hypothesis the labels are unrelated to the clusters, so every distinct
    way of handing the same labels to the documents (``n! / prod(n_g!)`` of them) is equally
    likely. The p-value is the share of those relabelings whose ARI is at least the observed
    one (the observed one included). The relabelings come from
    :func:`corpus_utils.resample.relabelings`: all of them when there are at most
    ``max_exact``, otherwise ``n_resamples`` seeded random ones (as contingency tables, drawn
    cell by cell, so the cost does not grow with ``n``) and
    ``p = (1 + #(ARI >= observed)) / (1 + n_resamples)``. Since the marginals are fixed, the
    ARI grows with ``sum C(n_ij, 2)``, which is compared exactly in integers.

    ``min_p`` is the smallest p-value the test could give. In the exact test it is the share
    of relabelings that reach the best agreement any relabeling can reach: for five documents
    labelled 3/2 a perfect match has ``p = min_p = 0.1``; but with labels ``g g n p c``
    against clusters ``1 1 2 1 2`` only the ``g`` pair can be put together, which 4 of the 10
    placements of that pair do, so ``min_p = 0.4`` (not ``1/60``): the test cannot reach 0.05
    however the clusters fall.

    Parameters
    ----------
    labels, clusters : sequence
        One value per document.
    n_resamples : int, default N_RESAMPLES (200)
    max_exact : int, default MAX_EXACT (5000)
    seed : int, default 0

    Returns
    -------
    dict
        ``ari, p_value, min_p, n_relabelings`` (the relabelings the p-value rests on: every
        distinct one when ``exact``, else the random draws), ``exact``, ``n_as_extreme``.

    Raises
    ------
    ParameterError
        If the lengths differ or the labels have fewer than 2 values.

    References
    ----------
    Hubert, L. & Arabie, P. (1985). Comparing partitions. *J. Classification* 2.
    Phipson, B. & Smyth, G. (2010). Permutation p-values should never be zero. *SAGMB* 9(1).

    Examples
    --------
    >>> agreement_test(["a", "a", "a", "b", "b"], [1, 1, 1, 2, 2])["p_value"]
    0.1
    >>> agreement_test(list("ggnpc"), [1, 1, 2, 1, 2])["min_p"]
    0.4
    """
    from sklearn.metrics import adjusted_rand_score

    labels = np.asarray(labels, dtype=object).astype(str)
    clusters = np.asarray(clusters)
    if len(labels) != len(clusters):
        raise ParameterError(f"labels and clusters must have one value per document (got {len(labels)} and {len(clusters)})")
    if len(np.unique(labels)) < 2:
        raise ParameterError(f"the permutation test needs at least 2 distinct labels (got {len(np.unique(labels))})")
    plan = relabelings(labels, n_resamples=n_resamples, max_exact=max_exact, seed=seed)
    _, lab = np.unique(labels, return_inverse=True)
    _, clu = np.unique(clusters, return_inverse=True)
    lab, clu = lab.ravel(), clu.ravel()
    n_groups, n_clusters = int(lab.max()) + 1, int(clu.max()) + 1
    observed = np.bincount(clu * n_groups + lab, minlength=n_clusters * n_groups).reshape(n_clusters, n_groups)
    tally = Tally([float(_pair_index(observed))], exact=plan.exact)
    for tables in plan.tables(clusters):
        tally.add(_pair_index(tables).astype(np.float64)[:, None])
    result = tally.result().iloc[0]
    return {
        "ari": float(adjusted_rand_score(labels, clusters)),
        "p_value": float(result["p_value"]),
        "min_p": float(result["min_p"]),
        "n_relabelings": int(result["n_relabelings"]),
        "exact": bool(plan.exact),
        "n_as_extreme": int(tally.n_as_extreme[0]),
    }


def _column_values(assignments: pd.DataFrame, corpus: pd.DataFrame, column: str) -> pd.Series:
    values = assignments[["doc_id"]].merge(corpus[["doc_id", column]], on="doc_id", how="left")[column]
    values.index = assignments.index
    return values.astype(object).where(values.notna() & (values.astype(str).str.strip() != ""), None)


def contingency(assignments: pd.DataFrame, corpus: pd.DataFrame, column: str = "group") -> pd.DataFrame:
    """Count documents by metadata value (rows) and cluster (columns).

    Parameters
    ----------
    assignments : pandas.DataFrame
        From :func:`corpus_utils.cluster.kmeans` or :func:`corpus_utils.cluster.agglomerative`
        (``doc_id, cluster``).
    corpus : pandas.DataFrame
        The loaded corpus (``doc_id`` and ``column``).
    column : str, default "group"

    Returns
    -------
    pandas.DataFrame
        Index: the column's values, sorted (documents with no value are left out); columns:
        ``cluster 1``, ``cluster 2``, ...; a final ``documents`` column of row totals.

    Raises
    ------
    ParameterError
        If ``column`` is not a column of the corpus.

    Examples
    --------
    >>> contingency(clusters, corpus, "group")   # doctest: +SKIP
                      cluster 1  cluster 2  documents
    anti-cooperation          0          2          2
    pro-cooperation           3          0          3
    """
    if column not in corpus.columns:
        raise ParameterError(
            f"'{column}' is not a column of the corpus (columns: {', '.join(map(str, corpus.columns))})",
            fix="Choose one of the corpus columns",
        )
    values = _column_values(assignments, corpus, column)
    keep = values.notna()
    k = int(assignments["cluster"].max())
    table = pd.crosstab(
        pd.Series(values[keep].astype(str).to_numpy(), name=column),
        pd.Categorical(assignments.loc[keep, "cluster"].to_numpy(), categories=range(1, k + 1)),
        dropna=False,
    )
    table.columns = [f"cluster {c}" for c in range(1, k + 1)]
    table = table.sort_index(kind="stable")
    table.index.name = column
    table["documents"] = table.sum(axis=1)
    return table


def agreement(
    assignments: pd.DataFrame,
    corpus: pd.DataFrame,
    columns: Sequence[str] = ("group",),
    *,
    n_resamples: int = N_RESAMPLES,
    max_exact: int = MAX_EXACT,
    seed: int = 0,
) -> pd.DataFrame:
    """How well the clusters follow each metadata column, with a permutation p-value.

    For every column: :func:`agreement_scores` and the :func:`agreement_test` of the ARI,
    over the documents that have a value. A column is skipped (with the reason in ``status``)
    when it is missing, has one value, or gives every document its own value (no grouping to
    recover). Each column is its own test, on its own documents; the p-values are not
    adjusted for testing several columns.

    Parameters
    ----------
    assignments : pandas.DataFrame
        From :func:`corpus_utils.cluster.kmeans` or :func:`corpus_utils.cluster.agglomerative`.
    corpus : pandas.DataFrame
    columns : sequence of str, default ("group",)
    n_resamples, max_exact, seed : as :func:`agreement_test`

    Returns
    -------
    pandas.DataFrame
        One row per column, in the order given: ``column, status, n_docs, n_values, ari,
        p_value, min_p, n_relabelings, exact, nmi, v_measure, homogeneity, completeness,
        purity``; ``status`` is ``"compared"`` or why the column was skipped (scores then NaN).
        ``n_relabelings`` is the number of relabelings the p-value rests on: all distinct ones
        (``exact``) or the random draws; ``min_p`` is the smallest p-value the test could give,
        ties included.

    Examples
    --------
    >>> agreement(clusters, corpus, ["group", "genre"])   # doctest: +SKIP
    """
    rows = []
    for column in dict.fromkeys(columns):
        row = {"column": column, "status": "compared", "n_docs": 0, "n_values": 0}
        if column not in corpus.columns:
            row["status"] = "not a column of the corpus"
            rows.append(row)
            continue
        values = _column_values(assignments, corpus, column)
        keep = values.notna().to_numpy()
        vals = values[keep].astype(str).to_numpy()
        n_values = len(set(vals))
        row.update(n_docs=int(keep.sum()), n_values=n_values)
        if n_values < 2:
            row["status"] = "one value only"
        elif n_values == len(vals):
            row["status"] = "every document has its own value"
        else:
            clusters = assignments["cluster"].to_numpy()[keep]
            test = agreement_test(vals, clusters, n_resamples=n_resamples, max_exact=max_exact, seed=seed)
            row.update({k: test[k] for k in ("p_value", "min_p", "n_relabelings", "exact")})
            row.update(agreement_scores(vals, clusters))
        rows.append(row)
    cols = ["column", "status", "n_docs", "n_values", "ari", "p_value", "min_p", "n_relabelings", "exact",
            "nmi", "v_measure", "homogeneity", "completeness", "purity"]
    table = pd.DataFrame(rows).reindex(columns=cols)
    table.attrs.update(method=assignments.attrs.get("method", ""), max_exact=max_exact,
                       n_resamples=n_resamples, seed=seed)
    return table
