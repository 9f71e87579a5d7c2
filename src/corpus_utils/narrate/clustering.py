"""Chapter 04 · clustering: what is clustered in which space, neighbours and silhouettes, the k-means
starts, the dendrogram, how the clusters agree with the metadata, what each cluster is made of, and the map.
"""

from __future__ import annotations

import pandas as pd

from ..cluster import LARGE_CORPUS, STABLE_ARI, WEAK_ARI
from ..report import escape_markdown, join_words, plural, quoted
from .wording import capped, p_equals, p_text, verb

__all__ = [
    "agreement_verdict",
    "cluster_makeup",
    "clustering_opening",
    "clustering_setup",
    "dendrogram_reading",
    "kmeans_starts_reading",
    "map_reading",
    "neighbors_reading",
    "seed_stability_reading",
    "silhouette_reading",
    "vector_space",
]


#: Below this relative difference in inertia, two partitions are called nearly as compact.
NEARLY_AS_COMPACT = 0.05


# ======================================================================================== the opening

OPENING_MAKEUP = "Left to group themselves by the words they use, the {n_docs} fall into {k} clusters: {held}."
OPENING_FOLLOWS = "The clusters follow {column} more closely than random relabelings do ({stats})."
OPENING_WEAK = " But the agreement is weak: an ARI under {weak} is a poor recovery of a partition (Steinley 2004)."
OPENING_UNSTABLE = " And the partition itself changes with the seed (mean ARI between seeds {mean:.2f}), so the agreement is unstable."
OPENING_CHANCE = "The clusters do not follow {column}: they agree with it no better than random relabelings do ({stats})."
OPENING_CANNOT_TELL = ("Whether the clusters follow {column}, the test cannot tell: even the best agreement these cluster "
                       "sizes allow would give p = {floor}, above {alpha}. These clusters describe these texts, nothing more.")
OPENING_OTHER_FOLLOWS = " They also follow {columns} beyond chance, so what drives the split cannot be told apart."
OPENING_OTHER_CLOSER = " Descriptively, they match {column} more closely than the labels (ARI {ari:.2f} against {ari_labels:.2f})."
OPENING_NOT_COMPARED = "The clusters could not be compared with {column} ({status})."


def _held(column: pd.Series) -> str:
    """``2 *a* and 1 *b*``: the documents of each label in one cluster (labels with none left out)."""
    return join_words((f"{int(n):,} {quoted(g)}" for g, n in column[column > 0].items()), escape=False)


def _stats(row) -> str:
    """``ARI 0.45, p = 0.003``; a Monte Carlo p at its floor says it is the smallest the relabelings can give."""
    text = f"ARI {row['ari']:.2f}, {p_equals(float(row['p_value']))}"
    if not row.get("exact", True) and float(row["p_value"]) <= float(row["min_p"]) + 1e-12:
        text += f", the smallest p-value {int(row['n_relabelings']):,} random relabelings can give"
    return text


def clustering_opening(agreement: pd.DataFrame, label_table: pd.DataFrame, label_column: str, alpha: float = 0.05,
                       seeds: pd.DataFrame | None = None, max_clusters: int = 6) -> str:
    """What the chapter found, in a few sentences: what the clusters hold, and whether they follow the labels.

    The clusters' make-up in documents of each label comes first, then one verdict on the labels:
    they follow them beyond chance (with a caveat when the agreement is weak or the partition changes
    with the seed), they do not, or the test cannot tell with these documents. Another metadata
    column is named only when the clusters follow it beyond chance too, or match it more closely than
    the labels; a column that was skipped (missing, one value) is left to the agreement section.

    Parameters
    ----------
    agreement : pandas.DataFrame
        From :func:`corpus_utils.agreement.agreement` (the labels in the row whose ``column`` is ``"group"``).
    label_table : pandas.DataFrame
        :func:`corpus_utils.agreement.contingency` of the clusters and the labels (columns ``cluster 1``,
        ...; index: the labels).
    label_column : str
        What the labels are called in the corpus.
    alpha : float, default 0.05
    seeds : pandas.DataFrame, optional
        From :func:`corpus_utils.cluster.seed_stability` (``attrs``: ``stable``, ``mean_ari``).
    max_clusters : int, default 6
        Clusters whose make-up is worded; the others are counted.

    Examples
    --------
    >>> agreement = pd.DataFrame({"column": ["group"], "status": ["compared"], "ari": [1.0], "p_value": [0.1],
    ...                           "min_p": [0.1], "exact": [True], "n_relabelings": [10]})
    >>> labels = pd.DataFrame({"cluster 1": [2, 0], "cluster 2": [0, 3], "documents": [2, 3]},
    ...                       index=pd.Index(["a", "b"], name="group"))
    >>> print(clustering_opening(agreement, labels, "stance"))
    Left to group themselves by the words they use, the 5 documents fall into 2 clusters: cluster 1 holds 2 *a*; cluster 2 holds 3 *b*. Whether the clusters follow the labels (*stance*), the test cannot tell: even the best agreement these cluster sizes allow would give p = 0.1, above 0.05. These clusters describe these texts, nothing more.
    """
    clusters = [c for c in label_table.columns if str(c).startswith("cluster ")]
    n_docs = int(label_table["documents"].sum()) if "documents" in label_table else int(label_table[clusters].to_numpy().sum())
    held = [f"{escape_markdown(c)} holds {_held(label_table[c])}" for c in clusters[:max_clusters]]
    if len(clusters) > max_clusters:
        n_more = len(clusters) - max_clusters
        held.append("the other cluster is in the table below" if n_more == 1 else f"the other {n_more:,} clusters are in the table below")
    text = OPENING_MAKEUP.format(n_docs=plural(n_docs, "document"), k=len(clusters), held="; ".join(held))
    labels_row = agreement[agreement["column"] == "group"]
    column = _column_name("group", label_column)
    if labels_row.empty or labels_row["status"].iloc[0] != "compared":
        status = labels_row["status"].iloc[0] if len(labels_row) else "no row"
        return text + " " + OPENING_NOT_COMPARED.format(column=column, status=escape_markdown(status))
    row = labels_row.iloc[0]
    if float(row["min_p"]) > alpha:
        text += " " + OPENING_CANNOT_TELL.format(column=column, floor=p_text(float(row["min_p"])), alpha=alpha)
    elif float(row["p_value"]) <= alpha and float(row["ari"]) > 0:
        text += " " + OPENING_FOLLOWS.format(column=column, stats=_stats(row))
        if float(row["ari"]) < WEAK_ARI - 1e-12:
            text += OPENING_WEAK.format(weak=WEAK_ARI)
        if seeds is not None and not seeds.attrs.get("deterministic") and not seeds.attrs.get("stable", True):
            text += OPENING_UNSTABLE.format(mean=float(seeds.attrs["mean_ari"]))
    else:
        text += " " + OPENING_CHANCE.format(column=column, stats=_stats(row))
    others = agreement[(agreement["column"] != "group") & (agreement["status"] == "compared")]
    following = others[(others["min_p"] <= alpha) & (others["p_value"] <= alpha) & (others["ari"] > 0)]
    if len(following):
        text += OPENING_OTHER_FOLLOWS.format(columns=capped([_column_name(c, label_column) for c in following["column"]]))
    elif len(others):
        top = others.sort_values(["ari", "column"], ascending=[False, True], kind="stable").iloc[0]
        if float(top["ari"]) > float(row["ari"]) + 1e-12:
            text += OPENING_OTHER_CLOSER.format(column=_column_name(top["column"], label_column), ari=float(top["ari"]),
                                                ari_labels=float(row["ari"]))
    return text


CLUSTERING_SETUP = "This chapter clusters {n_docs} ({by_group}) into k = {k} clusters{why}.{large}"
CLUSTERING_LARGE = (" The corpus is larger than {limit:,} documents, so k-means runs in mini-batches, the n × n similarity "
                    "heatmap, the dendrogram and agglomerative clustering are skipped, and neighbours and silhouettes are "
                    "computed on a seeded sample.")


def clustering_setup(corpus: pd.DataFrame, k: int, n_clusters=None) -> str:
    """What the chapter clusters, into how many clusters, and what a large corpus changes.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The documents clustered (its ``group`` column).
    k : int
        The number of clusters.
    n_clusters : int or None
        The parameter: None means k is the number of groups.

    Examples
    --------
    >>> clustering_setup(pd.DataFrame({"group": ["a", "a", "b"]}), 2)
    'This chapter clusters 3 documents (2 *a* and 1 *b*) into k = 2 clusters (the number of groups).'
    """
    sizes = corpus["group"].value_counts().sort_index()
    return CLUSTERING_SETUP.format(
        n_docs=plural(len(corpus), "document"),
        by_group=join_words((f"{n:,} {quoted(g)}" for g, n in sizes.items()), escape=False),
        k=k, why=" (the number of groups)" if n_clusters is None else " (set by `n_clusters`)",
        large=CLUSTERING_LARGE.format(limit=LARGE_CORPUS) if len(corpus) > LARGE_CORPUS else "",
    )


VECTOR_SPACE = ("Each document is a vector over {n_terms} (used by at least {min_df}); a document uses between {low:,} and "
                "{high:,} of them. Clustering reads: {representation}{how}.{empty}")
VECTORS_EMPTY = (" **{n} kept no term** after `min_df`: such a document is similar to nothing and lands in a cluster "
                 "arbitrarily; lower `min_df` or check those texts.")


def vector_space(terms: pd.DataFrame, settings: dict) -> str:
    """The space the documents are clustered in: terms, terms per document, reduction.

    Parameters
    ----------
    terms : pandas.DataFrame
        From :func:`corpus_utils.cluster.terms_per_document` (``attrs["n_terms"]``).
    settings : dict
        ``DocumentVectors.settings`` (``representation``, ``lsa_components``,
        ``explained_variance``, ``n_empty``, ``min_df``).

    Examples
    --------
    >>> terms = pd.DataFrame({"terms": [3, 5]}); terms.attrs["n_terms"] = 6
    >>> vector_space(terms, {"representation": "L2-normalized TF-IDF", "lsa_components": 100, "min_df": 1, "n_empty": 0})
    'Each document is a vector over 6 terms (used by at least 1 document); a document uses between 3 and 5 of them. Clustering reads: L2-normalized TF-IDF (no reduction: with 2 documents, no more than `lsa_components` = 100).'
    """
    representation = str(settings.get("representation", ""))
    lsa = settings.get("lsa_components")
    if representation.startswith("LSA"):
        how = f", whose {lsa} dimensions keep {settings['explained_variance']:.0%} of the TF-IDF variance"
    else:
        how = f" (no reduction: with {plural(len(terms), 'document')}, no more than `lsa_components` = {lsa})"
    n_empty = int(settings.get("n_empty", 0))
    return VECTOR_SPACE.format(
        n_terms=plural(int(terms.attrs["n_terms"]), "term"), min_df=plural(int(settings.get("min_df", 1)), "document"),
        low=int(terms["terms"].min()), high=int(terms["terms"].max()), representation=escape_markdown(representation),
        how=how, empty=VECTORS_EMPTY.format(n=plural(n_empty, "document")) if n_empty else "",
    )


NEIGHBORS = ("For {same:,} of {n_docs}{sampled} the most similar other document carries the same label ({share:.0%}); a "
             "document drawn at random from the rest would share the label {chance:.0%} of the time. The most similar "
             "pair is {best} and {neighbor} (cosine {best_sim:.2f}); the median similarity to the nearest neighbour is "
             "{median:.2f}{reading}")


def neighbors_reading(summary: pd.DataFrame) -> str:
    """Whether nearest neighbours share their document's label more often than chance.

    Parameters
    ----------
    summary : pandas.DataFrame
        From :func:`corpus_utils.cluster.neighbor_summary` (one row).

    Examples
    --------
    >>> row = dict(n_queried=3, same_group=2, same_share=2 / 3, chance=1 / 3, median_similarity=0.5,
    ...            best_doc="d0", best_neighbor="d1", best_similarity=0.5, sampled=False)
    >>> neighbors_reading(pd.DataFrame([row]))[:88]
    'For 2 of 3 documents the most similar other document carries the same label (67%); a doc'
    """
    r = summary.iloc[0]
    return NEIGHBORS.format(
        same=int(r["same_group"]), n_docs=plural(int(r["n_queried"]), "document"),
        sampled=" (a seeded sample)" if r["sampled"] else "", share=r["same_share"], chance=r["chance"],
        best=quoted(r["best_doc"]), neighbor=quoted(r["best_neighbor"]), best_sim=r["best_similarity"],
        median=r["median_similarity"],
        reading=(", so even the closest documents share only a small part of their weighted vocabulary."
                 if r["median_similarity"] < 0.5 else "."),
    )


SILHOUETTE = ("The mean silhouette peaks at k = {top_k} ({top:.3f}){at_k}. Values range from {low:.3f} to {high:.3f}{weak}. "
              "Silhouettes near 0 are usual for text, whose documents share a common vocabulary and differ in details; "
              "with {n_docs}, {noise}{sampled}")
SILHOUETTE_NONE = "k-means found fewer than two distinct clusters for every k: the documents are too alike to cluster."


def silhouette_reading(silhouette: pd.DataFrame, k: int, n_docs: int) -> str:
    """Where the silhouette peaks, its value at the k used, and how much its differences mean.

    Parameters
    ----------
    silhouette : pandas.DataFrame
        From :func:`corpus_utils.cluster.silhouette_by_k` (``attrs["sampled"]``).
    k : int
        The k the chapter uses.
    n_docs : int
        Documents clustered.

    Examples
    --------
    >>> table = pd.DataFrame({"k": [2, 3], "silhouette": [0.07, 0.01], "n_scored": [5, 5]})
    >>> silhouette_reading(table, 2, 5)[:62]
    'The mean silhouette peaks at k = 2 (0.070); at the k used here'
    """
    scored = silhouette.dropna(subset=["silhouette"])
    if scored.empty:
        return SILHOUETTE_NONE
    top = scored.sort_values(["silhouette", "k"], ascending=[False, True], kind="stable").iloc[0]
    at_k = scored.loc[scored["k"] == k, "silhouette"]
    return SILHOUETTE.format(
        top_k=int(top["k"]), top=top["silhouette"],
        at_k=f"; at the k used here, {k}, it is {at_k.iloc[0]:.3f}" if len(at_k) else "",
        low=scored["silhouette"].min(), high=scored["silhouette"].max(),
        weak="; all are below 0.25, i.e. no k gives well-separated clusters" if scored["silhouette"].max() < 0.25 else "",
        n_docs=plural(n_docs, "document"),
        noise="a difference in the third decimal is noise." if n_docs < 30 else "small differences between k are not decisive.",
        sampled=(f" (Scored on a seeded sample of {int(scored['n_scored'].iloc[0]):,} documents.)"
                 if silhouette.attrs.get("sampled") else ""),
    )


KMEANS_STARTS = ("{starts} in {partitions} ({inertia}); with "
                 "{n_init} starts the most compact partition has inertia {kept:.3f} and cluster sizes {sizes}, with an ARI "
                 "of {ari:.2f} against the labels.")
BETTER_MATCH = (" A single start (seed {seed}) found a partition that matches the labels better (ARI {ari:.2f}), with "
                "inertia {inertia:.3f}: {comparison}")
NEARLY_AS_COMPACT_TEXT = ("{gap:.1%} more than the {kept:.3f} of the partition kept. k-means keeps the more compact "
                          "partition, but the split that follows the labels is nearly as compact: by inertia, the vectors "
                          "favour the partition kept only slightly, not decisively.")
LESS_COMPACT_TEXT = ("{gap:.1%} more than the {kept:.3f} of the partition kept: the documents group more compactly in "
                     "another way than by label, and k-means reports that grouping.")
AS_COMPACT_TEXT = ("no more than the partition kept ({kept:.3f}): the {n_init} starts missed a partition at least as compact "
                   "that follows the labels better; more starts (`n_init`) would settle which is more compact.")
FEWER_FOUND = " Only {n_found} found (some documents are identical)."


def kmeans_starts_reading(starts: pd.DataFrame, kept: pd.DataFrame) -> str:
    """How much k-means depends on its start, and the inertia of a start that follows the labels better.

    Parameters
    ----------
    starts : pandas.DataFrame
        From :func:`corpus_utils.cluster.kmeans_starts` (``attrs``: ``n_partitions``,
        ``kept_inertia``, ``kept_ari``, ``kept_sizes``, ``kept_n_init``).
    kept : pandas.DataFrame
        The many-start :func:`corpus_utils.cluster.kmeans` result (``attrs``: ``n_found``,
        ``n_clusters``).

    Examples
    --------
    See ``tests/test_narrate_clustering.py``: a start 0.9 % above the partition kept is worded "nearly
    as compact ... favour the partition kept only slightly", never "does not prefer".
    """
    a = starts.attrs
    n_part = int(a["n_partitions"])
    one = len(starts) == 1
    text = KMEANS_STARTS.format(
        starts="The single start ends" if one else f"The {len(starts)} single starts end",
        partitions="one partition" if one else "the same partition" if n_part == 1 else f"{n_part} different partitions",
        inertia=(f"inertia {starts['inertia'].iloc[0]:.3f}" if one or n_part == 1 else
                 f"their inertia ranges from {starts['inertia'].min():.3f} to {starts['inertia'].max():.3f}"),
        n_init=a["kept_n_init"], kept=a["kept_inertia"], sizes=a["kept_sizes"], ari=a["kept_ari"],
    )
    better = starts[starts["ari_groups"] > a["kept_ari"] + 1e-9]
    if len(better):
        row = better.sort_values(["ari_groups", "seed"], ascending=[False, True], kind="stable").iloc[0]
        gap = float(row["inertia_gap"])
        if gap <= 1e-9:
            comparison = AS_COMPACT_TEXT.format(kept=a["kept_inertia"], n_init=a["kept_n_init"])
        elif gap < NEARLY_AS_COMPACT:
            comparison = NEARLY_AS_COMPACT_TEXT.format(gap=gap, kept=a["kept_inertia"])
        else:
            comparison = LESS_COMPACT_TEXT.format(gap=gap, kept=a["kept_inertia"])
        text += BETTER_MATCH.format(seed=int(row["seed"]), ari=row["ari_groups"], inertia=row["inertia"], comparison=comparison)
    if int(kept.attrs.get("n_found", kept.attrs.get("n_clusters", 0))) < int(kept.attrs.get("n_clusters", 0)):
        n_found = int(kept.attrs["n_found"])
        text += FEWER_FOUND.format(n_found=f"{plural(n_found, 'distinct cluster')} {verb(n_found, 'was', 'were', none_singular=False)}")
    return text


SEEDS = ("Run again with {others} ({n_init} each), k-means {ends}: the mean ARI between the partitions of "
         "different seeds is {mean:.2f}{lowest}. {reading}")
SEEDS_STABLE = "That is at least {stable}: the partition kept comes back, whatever the seed."
SEEDS_UNSTABLE = ("That is below {stable}: the partition depends on the seed, so an agreement with the labels that "
                  "rests on it is called unstable, however small its p-value.")
SEEDS_DETERMINISTIC = ("Agglomerative clustering takes no seed: every run gives the same partition, so the seed cannot "
                       "change it.")
SEEDS_ONE = "Only one seed was run, so whether the partition changes with the seed is not known."


def seed_stability_reading(seeds: pd.DataFrame) -> str:
    """Whether the partition kept comes back when the clustering is run with other seeds.

    Parameters
    ----------
    seeds : pandas.DataFrame
        From :func:`corpus_utils.cluster.seed_stability` (``attrs``: ``mean_ari``, ``min_ari``,
        ``n_partitions``, ``n_seeds``, ``n_init``, ``deterministic``, ``stable_ari``).

    Examples
    --------
    >>> seeds = pd.DataFrame({"seed": [0, 1, 2]})
    >>> seeds.attrs.update(mean_ari=0.6, min_ari=0.4, n_partitions=2, n_seeds=3, n_init=50, deterministic=False,
    ...                    stable_ari=0.8)
    >>> print(seed_stability_reading(seeds))  # doctest: +NORMALIZE_WHITESPACE
    Run again with 2 other seeds (50 starts each), k-means ends in 2 different partitions: the mean ARI between the
    partitions of different seeds is 0.60 (the lowest 0.40). That is below 0.8: the partition depends on the seed, so
    an agreement with the labels that rests on it is called unstable, however small its p-value.
    """
    a = seeds.attrs
    if a.get("deterministic"):
        return SEEDS_DETERMINISTIC
    n_seeds = int(a.get("n_seeds", len(seeds)))
    if n_seeds <= 1:
        return SEEDS_ONE
    stable = a.get("stable_ari", STABLE_ARI)
    n_part = int(a["n_partitions"])
    mean, low = float(a["mean_ari"]), float(a["min_ari"])
    return SEEDS.format(
        others=plural(n_seeds - 1, "other seed"), n_init=plural(int(a.get("n_init") or 1), "start"),
        ends="ends in the same partition every time" if n_part == 1 else f"ends in {n_part:,} different partitions",
        mean=mean, lowest=f" (the lowest {low:.2f})" if n_part > 1 else "",
        reading=(SEEDS_STABLE if mean >= stable - 1e-12 else SEEDS_UNSTABLE).format(stable=stable),
    )


SIMILARITY_SKIPPED = ("The similarity of every pair of documents is neither computed nor drawn above {limit:,} documents: "
                      "the n × n matrix grows with the square of the corpus.")


def similarity_skipped(similarity: pd.DataFrame | None) -> str:
    """Say that the similarity matrix is not drawn, only when it is not (a corpus above ``LARGE_CORPUS``).

    Parameters
    ----------
    similarity : pandas.DataFrame or None
        From :func:`corpus_utils.cluster.similarity_matrix`; None when the corpus is too large for it.

    Examples
    --------
    >>> similarity_skipped(pd.DataFrame([[1.0]]))
    ''
    >>> similarity_skipped(None)[:60]
    'The similarity of every pair of documents is neither compute'
    """
    return SIMILARITY_SKIPPED.format(limit=LARGE_CORPUS) if similarity is None else ""


DENDROGRAM_SKIPPED = ("Agglomerative clustering and its dendrogram are skipped above {limit:,} documents: they need the "
                      "full n × n distance matrix.")
DENDROGRAM = "Merges happen at cosine distances from {low:.2f} to {high:.2f}. {narrow}Cut into {k} clusters, the tree agrees with k-means with an ARI of {ari:.2f}{same}."


def dendrogram_reading(tree: pd.DataFrame | None, ari: float | None, k: int) -> str:
    """Where the merges of the tree happen, and how well its cut agrees with k-means.

    Parameters
    ----------
    tree : pandas.DataFrame or None
        From :func:`corpus_utils.cluster.linkage`; None when the corpus is too large for it.
    ari : float or None
        :func:`corpus_utils.agreement.agreement_scores` of the k-means and agglomerative clusters.
    k : int

    Examples
    --------
    >>> dendrogram_reading(pd.DataFrame({"distance": [0.2, 0.6]}), 1.0, 2)
    'Merges happen at cosine distances from 0.20 to 0.60. Cut into 2 clusters, the tree agrees with k-means with an ARI of 1.00 (the same partition).'
    """
    if tree is None:
        return DENDROGRAM_SKIPPED.format(limit=LARGE_CORPUS)
    low, high = float(tree["distance"].min()), float(tree["distance"].max())
    narrow = ("The whole tree sits high and in a narrow band: every document is far from every other, and the order of "
              "merges rests on small differences. " if low > 0.5 and high - low < 0.2 else "")
    return DENDROGRAM.format(low=low, high=high, narrow=narrow, k=k, ari=ari,
                             same=" (the same partition)" if ari > 1 - 1e-9 else "")


def _column_name(column, label_column: str) -> str:
    return f"the labels ({quoted(label_column)})" if column == "group" else quoted(column)


def agreement_rows(agreement: pd.DataFrame, label_column: str) -> pd.DataFrame:
    """The compared rows of the agreement table, the labels' row named as the user named the column.

    :func:`corpus_utils.agreement.agreement` calls the labels ``group``; the prose calls them by
    ``label_column``, and so does the table shown beside it.

    Parameters
    ----------
    agreement : pandas.DataFrame
        From :func:`corpus_utils.agreement.agreement` (``column, status, ...``).
    label_column : str
        The label column's name in the user's corpus.

    Returns
    -------
    pandas.DataFrame
        The rows whose ``status`` is ``"compared"``, in order, with ``column`` renamed; a copy.

    Examples
    --------
    >>> table = pd.DataFrame({"column": ["group", "genre"], "status": ["compared", "one value only"]})
    >>> agreement_rows(table, "stance")["column"].tolist()
    ['stance']
    """
    rows = agreement[agreement["status"] == "compared"].copy()
    rows["column"] = [label_column if c == "group" else c for c in rows["column"]]
    return rows


FOLLOWS = "**The clusters follow** {columns} more closely than random relabelings do (p ≤ {alpha})."
ENTANGLED = "Several columns pass: they are entangled in this corpus, and clustering cannot say which one drives the split."
CHANCE = ("**No agreement beyond chance** for {columns}: the real values agree with the clusters no better than many random "
          "relabelings do (p > {alpha}), although the test could have gone below {alpha}.")
CANNOT_TELL = ("**The test cannot tell**: even the best agreement these cluster sizes allow would give p = {floors}, above "
               "{alpha} (too few documents, or many relabelings tied at that best agreement). A large p here means *not "
               "testable*, not *no relation*.")
DESCRIPTIVE = "Descriptively, the ARI is highest for {column} ({ari:.2f})."
FOLLOWS_WEAKLY = ("The agreement is weak for {columns}: an ARI under {weak} is a poor recovery of a partition "
                  "(Steinley 2004), whatever its p-value.")
FOLLOWS_UNSTABLY = ("But the partition itself changes with the seed (mean ARI between seeds {mean:.2f}, under {stable}): "
                    "the agreement is unstable.")


def agreement_verdict(agreement: pd.DataFrame, label_column: str, alpha: float = 0.05,
                      seeds: pd.DataFrame | None = None) -> str:
    """Whether the clusters follow each column beyond chance, or the test cannot tell; and, when they
    follow it, whether the agreement is weak (ARI under :data:`corpus_utils.cluster.WEAK_ARI`) or
    unstable (the partition changes with the seed).

    Parameters
    ----------
    agreement : pandas.DataFrame
        From :func:`corpus_utils.agreement.agreement`.
    label_column : str
    alpha : float, default 0.05
    seeds : pandas.DataFrame, optional
        From :func:`corpus_utils.cluster.seed_stability` (``attrs["mean_ari"]``, ``stable``).

    Examples
    --------
    >>> table = pd.DataFrame({"column": ["group"], "status": ["compared"], "ari": [1.0], "p_value": [0.1], "min_p": [0.1]})
    >>> agreement_verdict(table, "stance")[:60]
    '**The test cannot tell**: even the best agreement these clus'
    """
    compared = agreement[agreement["status"] == "compared"]
    skipped = agreement[agreement["status"] != "compared"]
    untestable = compared[compared["min_p"] > alpha]
    testable = compared[compared["min_p"] <= alpha]
    follows = testable[(testable["p_value"] <= alpha) & (testable["ari"] > 0)]
    chance = testable[testable["p_value"] > alpha]
    said = []
    if len(follows):
        said.append(FOLLOWS.format(columns=join_words((_column_name(c, label_column) for c in follows["column"]), escape=False), alpha=alpha))
        if len(follows) > 1:
            said.append(ENTANGLED)
        weak = follows[follows["ari"] < WEAK_ARI - 1e-12]
        if len(weak):
            said.append(FOLLOWS_WEAKLY.format(
                columns=join_words((_column_name(c, label_column) for c in weak["column"]), escape=False), weak=WEAK_ARI))
        if seeds is not None and not seeds.attrs.get("deterministic") and not seeds.attrs.get("stable", True):
            said.append(FOLLOWS_UNSTABLY.format(mean=float(seeds.attrs["mean_ari"]),
                                                stable=seeds.attrs.get("stable_ari", STABLE_ARI)))
    if len(chance):
        said.append(CHANCE.format(columns=join_words((_column_name(c, label_column) for c in chance["column"]), escape=False), alpha=alpha))
    if len(untestable):
        said.append(CANNOT_TELL.format(alpha=alpha, floors=join_words(
            (f"{p:.3g} for {_column_name(c, label_column)}" for c, p in untestable[["column", "min_p"]].itertuples(index=False)),
            escape=False)))
    if len(compared) > 1 and not len(follows):
        top = compared.sort_values(["ari", "column"], ascending=[False, True], kind="stable").iloc[0]
        said.append(DESCRIPTIVE.format(column=_column_name(top["column"], label_column), ari=top["ari"]))
    if compared.empty:
        said.append("No column could be compared.")
    if len(skipped):
        said.append("Skipped: " + join_words(
            (f"{_column_name(c, label_column)} ({escape_markdown(s)})" for c, s in skipped[["column", "status"]].itertuples(index=False)),
            escape=False) + ".")
    return " ".join(said)


CLUSTER_MAKEUP = "The {n} heaviest terms of each cluster (documents using it / documents in the cluster):\n\n{lines}"


def cluster_makeup(top_terms: pd.DataFrame, labels: pd.DataFrame, n_terms: int = 5) -> str:
    """What each cluster is made of: its labels and its heaviest terms, flagging one-document terms.

    Parameters
    ----------
    top_terms : pandas.DataFrame
        From :func:`corpus_utils.cluster.cluster_terms`.
    labels : pandas.DataFrame
        :func:`corpus_utils.agreement.contingency` of the clusters and the labels.
    n_terms : int, default 5

    Examples
    --------
    >>> terms = pd.DataFrame({"cluster": [1], "rank": [1], "term": ["ice"], "docs": [2], "cluster_docs": [2]})
    >>> labels = pd.DataFrame({"cluster 1": [2], "documents": [2]}, index=pd.Index(["b"], name="group"))
    >>> cluster_makeup(terms, labels)
    'The 5 heaviest terms of each cluster (documents using it / documents in the cluster):\\n\\n- cluster 1 (2 documents: 2 *b*): *ice* (2/2)'
    """
    lines = []
    for c, part in top_terms.groupby("cluster", sort=True):
        part = part.sort_values("rank").head(n_terms)
        size = int(part["cluster_docs"].iloc[0])
        column = labels[f"cluster {c}"]
        held = join_words((f"{int(n):,} {quoted(g)}" for g, n in column[column > 0].items()), escape=False)
        alone = part.loc[part["docs"] <= 1, "term"]
        lines.append(
            f"- cluster {c} ({plural(size, 'document')}: {held}): "
            + join_words((f"{quoted(t)} ({int(d)}/{size})" for t, d in zip(part["term"], part["docs"])), escape=False)
            + (f"; resting on one document: {join_words(alone, quote='*')}" if size > 1 and len(alone) else "")
        )
    return CLUSTER_MAKEUP.format(n=n_terms, lines="\n".join(lines))


MAP_READING = ("The map is {method}; its two axes hold {held:.0%} of the spread, so {off}two points close on the map may "
               "still be far apart, and the count of documents of each label in each cluster, not the picture, is the evidence.")


def map_reading(points: pd.DataFrame) -> str:
    """How much of the distances the two-dimensional map holds.

    Parameters
    ----------
    points : pandas.DataFrame
        From :func:`corpus_utils.cluster.map_2d` (``attrs``: ``method``, ``held``).

    Examples
    --------
    >>> points = pd.DataFrame(); points.attrs.update(method="mds", held=0.58)
    >>> map_reading(points)[:80]
    'The map is classical MDS of the cosine distances; its two axes hold 58% of the s'
    """
    held = float(points.attrs["held"])
    method = "classical MDS of the cosine distances" if points.attrs["method"] == "mds" else "the first two TruncatedSVD components"
    off = ("most of the distance between documents is not on the page: " if held < 0.5 else
           "part of the distance is off the page: " if held < 1 - 1e-9 else "")
    return MAP_READING.format(method=method, held=held, off=off)
