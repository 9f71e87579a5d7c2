"""Differences: how much more of something one group's documents hold than another's, and how sure we can be.

Frames (hits per 1,000 tokens, :mod:`corpus_utils.frame`) and themes (each theme's share of a
document, :mod:`corpus_utils.themes`) are both one number per document and item. Both chapters ask
the same question of them, and this module answers it once: :func:`mean_differences`.

The steps, in words
-------------------
For every comparison of :func:`corpus_utils.groups.comparisons` and every item:

1. the **difference** between the groups' mean values, every document weighing the same;
2. a two-sided **permutation test** that relabels documents (:mod:`corpus_utils.resample`:
   exact when the relabelings are few, seeded Monte Carlo otherwise), with its **floor** (the
   smallest p-value it can give, ties included) and a p-value **adjusted** across the items by
   Westfall and Young's max-T;
3. a 95 % **bootstrap interval** (documents drawn with replacement within each group) and the
   **leave-one-out** range of the difference;
4. the documents that **carry** the item on each side, the largest share of the leaning side's
   amount that one document supplies, and the **support** of the difference
   (:func:`corpus_utils.support.support_level`: carried by one document, unstable or consistent).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .groups import comparisons
from .resample import MAX_EXACT, N_RESAMPLES, Tally, relabelings
from .support import LEVEL, MOST, bootstrap_weights, percentile_interval, support_level

__all__ = ["INTERVAL", "mean_differences"]

#: The interval's method in words (``attrs["interval"]`` of every table of :func:`mean_differences`).
INTERVAL = ("{level:.0%} percentile bootstrap interval: {n} resamples of the documents, drawn with replacement "
            "within each group (seed {seed})")


def _permutation_scale(values: np.ndarray, n_a: int) -> np.ndarray:
    """Standard deviation of ``mean_a - mean_b`` over all relabelings, per column (closed form).

    With N documents whose values have population variance ``s2``, the mean of ``n_a`` of them
    drawn without replacement has variance ``s2 / n_a * (N - n_a) / (N - 1)``, and
    ``mean_a - mean_b = (N / n_b) * mean_a - const``, so the difference has variance
    ``N^2 s2 / (n_a n_b (N - 1))``.
    """
    n = values.shape[0]
    n_b = n - n_a
    s2 = values.var(axis=0)
    return np.sqrt(n * n * s2 / (n_a * n_b * (n - 1)))


def _bootstrap_interval(values: np.ndarray, n_a: int, strata: np.ndarray, n_resamples: int,
                        seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The percentile interval of ``mean_a - mean_b`` per column over stratified bootstrap resamples.

    ``values`` holds group a's documents first (``n_a`` rows), then group b's; ``strata`` gives each
    row's label (the documents are drawn within each label). A batch of resamples is one matrix
    product (resamples x documents) @ (documents x items).
    """
    n = values.shape[0]
    scale = np.where(np.arange(n) < n_a, 1.0 / n_a, -1.0 / (n - n_a))
    rows = max(1, 2_000_000 // max(n, values.shape[1]))
    draws = [(w * scale) @ values for w in bootstrap_weights(strata, n_resamples=n_resamples, seed=seed, rows=rows)]
    return percentile_interval(np.vstack(draws))


def _leave_one_out(values: np.ndarray, n_a: int) -> tuple[np.ndarray, np.ndarray]:
    """Min and max of mean_a - mean_b over dropping each document once (closed form)."""
    n_b = values.shape[0] - n_a
    sum_a, sum_b = values[:n_a].sum(axis=0), values[n_a:].sum(axis=0)
    mean_a, mean_b = sum_a / n_a, sum_b / n_b
    parts = []
    if n_a > 1:
        parts.append((sum_a[None, :] - values[:n_a]) / (n_a - 1) - mean_b[None, :])
    if n_b > 1:
        parts.append(mean_a[None, :] - (sum_b[None, :] - values[n_a:]) / (n_b - 1))
    if not parts:
        nan = np.full(values.shape[1], np.nan)
        return nan, nan
    drops = np.vstack(parts)
    return drops.min(axis=0), drops.max(axis=0)


def mean_differences(
    values: pd.DataFrame,
    labels,
    *,
    amounts: pd.DataFrame | None = None,
    carries: pd.DataFrame | None = None,
    groups=None,
    item: str = "item",
    n_resamples: int = N_RESAMPLES,
    max_exact: int = MAX_EXACT,
    seed: int = 0,
    engine=None,
) -> pd.DataFrame:
    """Per item and comparison: the difference in mean value, its permutation test, interval and support.

    The statistic is ``mean_a - mean_b``, the difference between the groups' mean per-document
    values. Its p-value is two-sided: the share of relabelings of the documents (keeping the
    group sizes) whose ``|difference|`` is at least the observed one. When there are at most
    ``max_exact`` relabelings (``C(n_a + n_b, n_a)``) all of them are enumerated, the observed one
    included; otherwise ``n_resamples`` random relabelings are drawn with a fixed ``seed`` and
    ``p = (1 + #{|d*| >= |d|}) / (1 + n_resamples)`` (Phipson & Smyth 2010). ``min_p`` is the
    smallest p-value the test could give (ties included).

    ``p_adjusted`` accounts for testing every item at once (Westfall & Young's max-T, within each
    comparison): the share of relabelings in which the largest standardized ``|difference|`` of any
    item reaches this item's. Each difference is divided by its standard deviation over all
    relabelings (a constant per item, so ``p_value`` is unchanged), so that items with large values
    do not drown the others. ``loo_min`` / ``loo_max``: the range of the difference when any one
    document is left out. ``diff_low`` / ``diff_high``: the 95 % percentile bootstrap interval
    (documents drawn with replacement within each group, also within the groups that make up "the
    rest", ``n_resamples`` times with ``seed``).

    ``docs_a`` / ``docs_b`` count the documents that carry the item (``carries``); ``top_share`` is
    the largest share of the leaning side's total ``amounts`` (group a's when ``diff > 0``, group
    b's otherwise) that one of its documents supplies, and ``support`` is
    :func:`corpus_utils.support.support_level` of it, the leaning side's documents and carriers,
    ``stable_sign`` and the interval.

    Parameters
    ----------
    values : pandas.DataFrame
        Documents (rows, in the order of ``labels``) by items (columns, in the order the table
        keeps): the value compared. NaN counts as 0.
    labels : array-like of str
        Each document's group.
    amounts : pandas.DataFrame, optional
        Same shape: what a document supplies of the item (frame hits, a theme's share); default
        ``values``.
    carries : pandas.DataFrame of bool, optional
        Same shape: whether a document carries the item; default ``amounts > 0``.
    groups : sequence of str, optional
        Read by :func:`corpus_utils.groups.comparisons`.
    item : str, default "item"
        The name of the items' column in the result ("frame", "theme").
    n_resamples : int, default N_RESAMPLES (200)
    max_exact : int, default MAX_EXACT (5000)
    seed : int, default 0
    engine : corpus_utils.engine.Engine, optional
        Where the relabelings' products (their groups' sums, :meth:`corpus_utils.resample.Relabelings.products`)
        run (:mod:`corpus_utils.engine`): by default in this process; on a Dask engine, on its workers.
        The relabelings are drawn here and the sums are the same, so the table is the same (the engine
        is not recorded in ``attrs``).

    Returns
    -------
    pandas.DataFrame
        One row per item and comparison: ``<item>, group_a, group_b, n_a, n_b, docs_a, docs_b,
        mean_a, mean_b, diff, diff_low, diff_high, p_value, min_p, p_adjusted, n_relabelings,
        exact, loo_min, loo_max, stable_sign, top_share, support``. Sorted by p-value, then
        ``|diff|`` descending, then item and ``group_a``. ``attrs``: ``max_exact``,
        ``n_resamples``, ``seed``, ``interval`` (in words), ``interval_level``,
        ``interval_resamples``, ``interval_seed``, ``support_most``.

    Raises
    ------
    LabelError
        For an unknown group or fewer than two groups.

    Examples
    --------
    Values 3, 2, 1 (group a) and 0, 0 (group b): diff = 2 - 0 = 2; of the 10 ways to pick three
    documents as "a", the observed one and {1, 0, 0} (diff 1/3 - 5/2) reach ``|diff| >= 2``, so
    p = 2/10.

    >>> t = mean_differences(pd.DataFrame({"x": [3.0, 2, 1, 0, 0]}), ["a", "a", "a", "b", "b"])
    >>> t[["item", "diff", "p_value", "min_p", "docs_a", "docs_b"]].values.tolist()
    [['x', 2.0, 0.2, 0.1, 3, 0]]
    """
    names = list(values.columns)
    data = values.to_numpy(dtype=np.float64, na_value=0.0)
    supplied = data if amounts is None else amounts.to_numpy(dtype=np.float64, na_value=0.0)
    carried = supplied > 0 if carries is None else carries.to_numpy(dtype=bool)
    doc_labels = np.asarray(labels, dtype=object)
    rows = []
    for c in comparisons(doc_labels, groups):
        mask_a, mask_b = c.in_a, c.in_b
        n_a, n_b = int(mask_a.sum()), int(mask_b.sum())
        both = np.vstack([data[mask_a], data[mask_b]])
        total = both.sum(axis=0)
        observed = both[:n_a].sum(axis=0) / n_a - both[n_a:].sum(axis=0) / n_b
        scale = _permutation_scale(both, n_a)
        safe = np.where(scale > 0, scale, 1.0)  # a constant item: every difference is 0
        plan = relabelings(np.arange(n_a + n_b) < n_a, n_resamples=n_resamples, max_exact=max_exact, seed=seed)
        tally = Tally(np.abs(observed) / safe, exact=plan.exact)
        for _, sum_a in plan.products(both, engine=engine):
            tally.add(np.abs(sum_a / n_a - (total - sum_a) / n_b) / safe)
        result = tally.result()
        lo, hi = _leave_one_out(both, n_a)
        strata = np.concatenate([doc_labels[mask_a], doc_labels[mask_b]])
        diff_low, diff_high = _bootstrap_interval(both, n_a, strata, n_resamples, seed)
        own = np.vstack([supplied[mask_a], supplied[mask_b]])
        for j, name in enumerate(names):
            side = slice(0, n_a) if observed[j] > 0 else slice(n_a, n_a + n_b)  # the leaning side (b when 0)
            side_total = own[side, j].sum()
            rows.append(
                {
                    item: name, "group_a": c.group_a, "group_b": c.group_b, "n_a": n_a, "n_b": n_b,
                    "docs_a": int(carried[mask_a, j].sum()), "docs_b": int(carried[mask_b, j].sum()),
                    "mean_a": both[:n_a, j].mean(), "mean_b": both[n_a:, j].mean(), "diff": observed[j],
                    "diff_low": diff_low[j], "diff_high": diff_high[j],
                    **result.iloc[j][["p_value", "min_p", "p_adjusted", "n_relabelings", "exact"]].to_dict(),
                    "loo_min": lo[j], "loo_max": hi[j],
                    "stable_sign": bool(np.sign(lo[j]) == np.sign(hi[j]) != 0) if np.isfinite(lo[j]) else False,
                    "top_share": own[side, j].max() / side_total if side_total > 0 else np.nan,
                }
            )
    columns = [item, "group_a", "group_b", "n_a", "n_b", "docs_a", "docs_b", "mean_a", "mean_b", "diff", "diff_low",
               "diff_high", "p_value", "min_p", "p_adjusted", "n_relabelings", "exact", "loo_min", "loo_max",
               "stable_sign", "top_share"]
    table = pd.DataFrame(rows, columns=columns).astype({"n_relabelings": np.int64, "exact": bool})
    lean_a = table["diff"].to_numpy() > 0
    table["support"] = support_level(
        table["top_share"].to_numpy(), n_docs=np.where(lean_a, table["n_a"], table["n_b"]),
        docs_using=np.where(lean_a, table["docs_a"], table["docs_b"]) * (table["diff"].to_numpy() != 0),
        low=table["diff_low"].to_numpy(), high=table["diff_high"].to_numpy(),
        stable_sign=table["stable_sign"].to_numpy(dtype=bool),
    )
    table["_abs"] = -table["diff"].abs()
    table = table.sort_values(["p_value", "_abs", item, "group_a"], kind="stable").drop(columns="_abs").reset_index(drop=True)
    table.attrs.update({"max_exact": max_exact, "n_resamples": n_resamples, "seed": seed,
                        "interval": INTERVAL.format(level=LEVEL, n=int(n_resamples), seed=seed), "interval_level": LEVEL,
                        "interval_resamples": int(n_resamples), "interval_seed": seed, "support_most": MOST})
    return table
