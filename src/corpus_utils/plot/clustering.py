"""Chapter 04's figures: the documents' similarities (heatmap), their tree (dendrogram), their map on a
plane, and the silhouette of each number of clusters."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..report import short_label
from .figure import PALETTE, _LABEL_SIZE, _figure, _literal_text, group_colors


_CLUSTER_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">", "p")


def _cluster_short_id(doc_id) -> str:
    return short_label(doc_id, 14)


@_literal_text
def plot_similarity(matrix: pd.DataFrame, documents: pd.DataFrame, max_labels: int = 40, annotate_below: int = 13):
    """Heatmap of the cosine similarity of every pair of documents, in the order of ``matrix``.

    The diagonal (each document with itself, 1 by definition) is left blank. Up to
    ``max_labels`` documents the ticks carry short doc ids coloured by group, with a legend;
    above it the ticks and the legend are left out.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Square, from :func:`corpus_utils.cluster.similarity_matrix`.
    documents : pandas.DataFrame
        ``doc_id`` and ``label`` of the rows (e.g. the assignments table).
    max_labels : int, default 40
        Above this many documents the ticks are left unlabelled.
    annotate_below : int, default 13
        Below this many documents each cell shows its value.

    Returns
    -------
    (fig, ax)
    """
    label_of = dict(zip(documents["doc_id"], documents["group"]))
    colors = group_colors(documents["group"])
    ids = list(matrix.index)
    values = matrix.to_numpy(dtype=float).copy()
    np.fill_diagonal(values, np.nan)  # self-similarity is 1 by definition and would swamp the scale
    n = len(ids)
    size = min(7.5, 2.5 + 0.5 * n) if n <= max_labels else 6.5
    fig, ax = _figure(size + 1.3, size)
    image = ax.imshow(values, cmap="viridis", vmin=0.0, vmax=max(float(np.nanmax(values)) if n > 1 else 1.0, 1e-9),
                      interpolation="nearest")
    cbar = fig.colorbar(image, ax=ax, shrink=0.8)
    cbar.set_label("cosine similarity (0 to 1; diagonal blank)")
    if n <= max_labels:
        short = [_cluster_short_id(i) for i in ids]
        tick_size = _LABEL_SIZE if n <= 20 else 8  # 40 labels must fit along 7.5 inches
        ax.set_xticks(range(n), short, rotation=60, ha="right", fontsize=tick_size)
        ax.set_yticks(range(n), short, fontsize=tick_size)
        for axis_ticks in (ax.get_xticklabels(), ax.get_yticklabels()):
            for tick, doc in zip(axis_ticks, ids):
                tick.set_color(colors[label_of[doc]])
        if n < annotate_below:
            for i in range(n):
                for j in range(n):
                    if i != j:
                        light = values[i, j] > 0.6 * image.norm.vmax  # viridis turns yellow: dark text there
                        ax.text(j, i, f"{values[i, j]:.2f}", ha="center", va="center", fontsize=_LABEL_SIZE,
                                color="black" if light else "white")
    else:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel(f"{n:,} documents (corpus order)")
    if n <= max_labels:  # unlabelled ticks have no colour to explain
        handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colors.values()]
        ax.legend(handles, list(colors), frameon=False, loc="upper left", bbox_to_anchor=(0.0, -0.25),
                  ncol=min(3, len(colors)), fontsize=_LABEL_SIZE, title="tick colour = label", title_fontsize=_LABEL_SIZE)
    ax.spines[["left", "bottom"]].set_visible(False)
    ax.set_title("Cosine similarity of TF-IDF vectors, each pair of documents")
    return fig, ax


@_literal_text
def plot_dendrogram(tree: pd.DataFrame, documents: pd.DataFrame, max_leaves: int = 60):
    """Dendrogram of an agglomerative clustering, branches coloured by the clusters of its cut.

    When ``documents`` has a ``cluster`` column with k > 1 clusters, the tree is cut where it
    falls into k clusters: the branches below the cut take one colour per cluster, those above
    are grey, and a dashed line marks the cut. Leaves are short doc ids in group colour.

    Parameters
    ----------
    tree : pandas.DataFrame
        From :func:`corpus_utils.cluster.linkage` (``left, right, distance, size``).
    documents : pandas.DataFrame
        ``doc_id`` and ``group`` of the documents, in the order the tree was built on, and
        optionally ``cluster`` (from :func:`corpus_utils.cluster.agglomerative`).
    max_leaves : int, default 60
        Above this many documents only the last ``max_leaves`` merges are drawn: a leaf is then
        a document (its id) or a bundle of documents ("7 documents").

    Returns
    -------
    (fig, ax)
    """
    from scipy.cluster import hierarchy

    z = tree[["left", "right", "distance", "size"]].to_numpy(dtype=float)
    ids = documents["doc_id"].tolist()
    labels = documents["group"].tolist()
    colors = group_colors(labels)
    n = len(ids)
    k = int(documents["cluster"].nunique()) if "cluster" in documents.columns else 1
    truncated = n > max_leaves
    fig, ax = _figure(7.5, min(9.0, 1.2 + 0.35 * min(n, max_leaves)) if n > 3 else 2.6)
    kwargs = dict(ax=ax, orientation="right", no_labels=False, leaf_font_size=8, above_threshold_color="0.35")
    if 1 < k < n:
        # below the merge that joins the last k clusters, above the one before it
        cut = (z[n - k - 1, 2] + z[n - k, 2]) / 2
        # Dark2 without its orange, which a group colour could be mistaken for
        palette = [matplotlib.colors.to_hex(c) for i, c in enumerate(plt.get_cmap("Dark2").colors) if i != 1]
        hierarchy.set_link_color_palette([palette[i % len(palette)] for i in range(k)])
        kwargs["color_threshold"] = cut
    else:
        cut = None
        kwargs["color_threshold"] = 0.0
    try:
        if truncated:
            result = hierarchy.dendrogram(
                z, truncate_mode="lastp", p=max_leaves,
                leaf_label_func=lambda i: _cluster_short_id(ids[i]) if i < n else f"{int(z[i - n, 3])} documents",
                **kwargs)
        else:
            result = hierarchy.dendrogram(z, labels=[_cluster_short_id(i) for i in ids], **kwargs)
    finally:
        hierarchy.set_link_color_palette(None)
    for tick, leaf in zip(ax.get_yticklabels(), result["leaves"]):
        if leaf < n:
            tick.set_color(colors[labels[leaf]])
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colors.values()]
    fig.legend(handles, list(colors), frameon=False, loc="outside right lower", fontsize=_LABEL_SIZE,
               title="doc id colour\n= label", title_fontsize=_LABEL_SIZE)
    if cut is not None:
        ax.axvline(cut, color="0.2", linestyle="--", linewidth=0.9)
    ax.set_xlabel("cosine distance at merge (1 - cosine similarity, average linkage)")
    ax.spines[["left"]].set_visible(False)
    title = "How documents merge into clusters (agglomerative, average linkage)"
    if cut is not None:
        title += f"\ncut (dashed) into {k} clusters, one colour each"
    if truncated:
        title += f"\nlast {max_leaves} merges of {n:,} documents"
    ax.set_title(title)
    return fig, ax


@_literal_text
def plot_cluster_map(points: pd.DataFrame, max_labels: int = 30, n_extremes: int = 8, no_labels_from: int = 500):
    """Documents on a 2-D map: colour = label, marker = cluster, short doc ids as text.

    Parameters
    ----------
    points : pandas.DataFrame
        From :func:`corpus_utils.cluster.map_2d` (``doc_id, group, x, y, cluster``; its
        ``attrs`` ``method`` and ``shares`` name the axes).
    max_labels : int, default 30
        Up to this many documents every point is labelled.
    n_extremes : int, default 8
        Between ``max_labels`` and ``no_labels_from`` documents, only the points farthest
        from the centre are labelled.
    no_labels_from : int, default 500
        From this many documents on, no point is labelled.

    Returns
    -------
    (fig, ax)
    """
    colors = group_colors(points["group"])
    n = len(points)
    method = str(points.attrs.get("method", "map")).upper()
    shares = points.attrs.get("shares", [np.nan, np.nan])
    fig, ax = _figure(7.5, 5.5)
    has_cluster = "cluster" in points.columns
    clusters = sorted(points["cluster"].unique().tolist()) if has_cluster else [None]
    size = 60 if n <= 100 else (20 if n <= 2000 else 6)
    alpha = 0.9 if n <= 100 else 0.5
    for i, cluster in enumerate(clusters):
        sub = points if cluster is None else points[points["cluster"] == cluster]
        ax.scatter(sub["x"], sub["y"], c=[colors[g] for g in sub["group"]], marker=_CLUSTER_MARKERS[i % len(_CLUSTER_MARKERS)],
                   s=size, alpha=alpha, edgecolors="none")
    if n <= max_labels:
        chosen = points
    elif n < no_labels_from:
        radius = np.hypot(points["x"] - points["x"].mean(), points["y"] - points["y"].mean())
        chosen = points.loc[radius.sort_values(ascending=False, kind="stable").index[:n_extremes]]
    else:
        chosen = points.iloc[:0]
    for x, y, doc in zip(chosen["x"], chosen["y"], chosen["doc_id"]):
        ax.annotate(_cluster_short_id(doc), (x, y), xytext=(4, 4), textcoords="offset points", fontsize=_LABEL_SIZE)
    group_handles = [plt.Line2D([], [], linestyle="", marker="o", color=c) for c in colors.values()]
    fig.legend(group_handles, list(colors), frameon=False, loc="outside right upper", fontsize=_LABEL_SIZE, title="colour = label",
               title_fontsize=_LABEL_SIZE)
    if has_cluster:
        marker_handles = [plt.Line2D([], [], linestyle="", marker=_CLUSTER_MARKERS[i % len(_CLUSTER_MARKERS)], color="0.3")
                          for i in range(len(clusters))]
        fig.legend(marker_handles, [f"cluster {c}" for c in clusters], frameon=False, loc="outside right lower",
                   fontsize=_LABEL_SIZE, title="shape = cluster", title_fontsize=_LABEL_SIZE)

    def _axis(i):
        share = shares[i] if i < len(shares) else np.nan
        return f"{method} dimension {i + 1}" + ("" if share != share else f" ({share:.0%} of spread; no unit)")

    ax.set_xlabel(_axis(0))
    ax.set_ylabel(_axis(1))
    note = "" if n <= max_labels else (f"; {len(chosen)} outermost labelled" if len(chosen) else "; unlabelled")
    ax.set_title(f"Documents placed by cosine distance: label vs cluster\n({n:,} documents{note})")
    return fig, ax


@_literal_text
def plot_silhouette(table: pd.DataFrame, n_clusters: int | None = None):
    """Mean cosine silhouette of k-means for each k, with the k actually used marked.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`corpus_utils.cluster.silhouette_by_k` (``k, silhouette``).
    n_clusters : int, optional
        The k the chapter uses (drawn as a dashed line).

    Returns
    -------
    (fig, ax)
    """
    fig, ax = _figure(6.5, 3.8)
    ax.plot(table["k"], table["silhouette"], marker="o", color=PALETTE[0])
    for k, s in zip(table["k"], table["silhouette"]):
        if s == s:
            ax.annotate(f"{s:.3f}", (k, s), xytext=(0, 6), textcoords="offset points", ha="center", fontsize=_LABEL_SIZE)
    if n_clusters is not None:
        ax.axvline(n_clusters, color=PALETTE[1], linestyle="--", linewidth=1)
        ax.annotate(f"k used = {n_clusters}", (n_clusters, 0.0), xycoords=("data", "axes fraction"), xytext=(4, 6),
                    textcoords="offset points", color=PALETTE[1], fontsize=_LABEL_SIZE)
    ax.axhline(0.0, color="0.6", linewidth=0.8)
    ax.set_xticks(table["k"].tolist())
    ax.set_xlabel("number of clusters k")
    ax.set_ylabel("mean silhouette (cosine; -1 to 1)")
    ax.set_title("Silhouette of k-means clusterings by k (shown, not applied)")
    return fig, ax
