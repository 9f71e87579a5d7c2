"""Chapter 01's figure: how long the documents of each group are."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .figure import _LABEL_SIZE, _figure, _literal_text, group_colors


@_literal_text
def plot_lengths(corpus: pd.DataFrame, label_only_extremes: int = 30):
    """Horizontal bars of each document's length in tokens, coloured by group.

    Parameters
    ----------
    corpus : pandas.DataFrame
        Needs ``doc_id``, ``group`` and ``n_tokens``.
    label_only_extremes : int, default 30
        Above this many documents, draw a histogram per group instead of one bar each.

    Returns
    -------
    (fig, ax)
        The legend (each group's colour and number of documents) sits below the axes, in
        both variants, so that it covers no bar.
    """
    colors = group_colors(corpus["group"])
    histogram = len(corpus) > label_only_extremes
    if histogram:
        fig, ax = _figure(7.0, 4.5)
        bins = np.histogram_bin_edges(corpus["n_tokens"], bins=30)
        for group, color in colors.items():
            values = corpus.loc[corpus["group"] == group, "n_tokens"]
            ax.hist(values, bins=bins, alpha=0.6, color=color)
        ax.set_xlabel("document length (tokens)")
        ax.set_ylabel("documents")
    else:
        data = corpus.sort_values(["group", "n_tokens", "doc_id"], kind="stable")
        fig, ax = _figure(7.0, 0.45 * len(data) + 1.2)
        rows = np.arange(len(data))  # positions, not categories: the tick labels are made here, literally
        ax.barh(rows, data["n_tokens"], color=[colors[g] for g in data["group"]])
        ax.set_yticks(rows, [str(d) for d in data["doc_id"]])
        for y, value in enumerate(data["n_tokens"]):
            ax.text(value, y, f" {value:,}", va="center", fontsize=_LABEL_SIZE)
        ax.invert_yaxis()
        ax.set_xlabel("document length after cleaning (tokens)")
    sizes = corpus["group"].value_counts()
    handles = [plt.Rectangle((0, 0), 1, 1, color=c, alpha=0.6 if histogram else 1.0) for c in colors.values()]
    # below the axes, where no bar can be: a legend inside would cover the longest bar or a bin
    fig.legend(handles, [f"{g} ({_count(sizes.get(g, 0), 'document')})" for g in colors], frameon=False,
               loc="outside lower center", ncol=min(3, len(colors)), title="group")
    ax.set_title("Document lengths by group")
    return fig, ax


def _count(n: int, noun: str) -> str:
    """``"1 document"``, ``"2,000 documents"``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
