"""Plot: one function per figure, one helper to save them all.

Every ``plot_*`` function takes the tidy table an analysis function returned, draws it,
and returns ``(fig, ax)``; it computes no statistics of its own. :func:`save_figure`
writes every figure with stable names and settings, so a re-run writes the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg", force=False)  # no display needed; notebooks switch to inline themselves

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

__all__ = ["group_colors", "plot_lengths", "save_figure"]

#: Colour-blind-safe palette (Okabe & Ito 2008), assigned to groups in sorted order.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "corpus-essay",
}


def group_colors(groups) -> dict[str, str]:
    """Map each group (sorted) to a palette colour, the same in every figure."""
    names = sorted(pd.unique(pd.Series(list(groups), dtype=object)).tolist())
    return {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(names)}


def _figure(width: float = 7.0, height: float = 4.0):
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def save_figure(fig, name: str, figures_dir: str | Path = "figures") -> Path:
    """Save a figure as ``<figures_dir>/<name>.png`` with fixed settings.

    PNG metadata carries no timestamp or software version, so re-running the same
    analysis writes byte-identical files.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        A stable file stem such as ``"01_document_lengths"``.
    figures_dir : str or Path, default "figures"
        Created if missing.

    Returns
    -------
    pathlib.Path
        The path written, as ``figures_dir / name.png`` (not made absolute).
    """
    folder = Path(figures_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    with plt.rc_context(_RC):
        fig.savefig(path, format="png", metadata={"Software": None}, bbox_inches=None)
    return path


def plot_lengths(corpus: pd.DataFrame, label_only_extremes: int = 30):
    """Horizontal bars of each document's length in tokens, coloured by group.

    Parameters
    ----------
    corpus : pandas.DataFrame
        Needs ``doc_id``, ``label`` and ``n_tokens``.
    label_only_extremes : int, default 30
        Above this many documents, draw a histogram per group instead of one bar each.

    Returns
    -------
    (fig, ax)
    """
    colors = group_colors(corpus["label"])
    if len(corpus) > label_only_extremes:
        fig, ax = _figure(7.0, 4.0)
        bins = np.histogram_bin_edges(corpus["n_tokens"], bins=30)
        for group, color in colors.items():
            values = corpus.loc[corpus["label"] == group, "n_tokens"]
            ax.hist(values, bins=bins, alpha=0.6, color=color, label=f"{group} (n={len(values)})")
        ax.set_xlabel("document length (tokens)")
        ax.set_ylabel("documents")
    else:
        data = corpus.sort_values(["label", "n_tokens", "doc_id"], kind="stable")
        fig, ax = _figure(7.0, 0.45 * len(data) + 1.2)
        ax.barh(data["doc_id"], data["n_tokens"], color=[colors[g] for g in data["label"]])
        for y, value in enumerate(data["n_tokens"]):
            ax.text(value, y, f" {value:,}", va="center", fontsize=9)
        ax.invert_yaxis()
        ax.set_xlabel("document length after cleaning (tokens)")
        handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colors.values()]
        ax.legend(handles, list(colors), frameon=False, loc="lower right")
    ax.set_title("Document lengths by group")
    return fig, ax
