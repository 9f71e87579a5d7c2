"""Chapter 03's figures: the differences of the frames and themes between the groups, the frame rates of
each document (heatmap) and of each group (bars)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..methods import THEME_POINTS, frame_value
from ..report import short_label
from .figure import REST_COLOR, _LABEL_SIZE, _figure, _literal_text, group_colors


def _frame_order(table: pd.DataFrame) -> list:
    frames = table.attrs.get("frames")
    return list(frames) if frames else sorted(table["frame"].unique().tolist())


def _differences(table: pd.DataFrame, names: list[str], pair: tuple | None, *, scale: float, axis: str, axis_rest: str,
                 title: str, total: int):
    """Each row's difference between the groups (dot) with its 95% interval (line), coloured by the group it leans to.

    A group's colour is the one :func:`group_colors` gives it in every figure; a row that leans to the rest of a
    one-vs-rest comparison, or to neither side, is grey (:data:`REST_COLOR`).

    The figure of :func:`plot_frame_differences` and :func:`plot_theme_differences`: ``table`` holds the rows drawn
    (``group_a, group_b, diff, diff_low, diff_high``), ``names`` their tick labels, ``pair`` the two groups when the
    whole table compares one pair (None for one-vs-rest), ``scale`` multiplies every value
    (a share drawn in points: 100), ``axis`` / ``axis_rest`` say the quantity on the x axis for a pair / one-vs-rest,
    and ``total`` is the number of rows in the table the figure cuts (said in the title).
    """
    colors = group_colors(pd.concat([table["group_a"], table["group_b"]]))
    fig, ax = _figure(7.5, 1.2 + 0.42 * max(len(table), 1))
    y = np.arange(len(table))
    diff = table["diff"].to_numpy(dtype=float) * scale
    low, high = table["diff_low"].to_numpy(dtype=float) * scale, table["diff_high"].to_numpy(dtype=float) * scale
    lean = [a if d > 0 else b if d < 0 else None for d, a, b in zip(diff, table["group_a"], table["group_b"])]
    for i in range(len(table)):
        color = colors.get(lean[i], REST_COLOR)  # a difference of 0 leans to neither group: grey, as the rest
        if not (np.isnan(low[i]) or np.isnan(high[i])):
            ax.plot([low[i], high[i]], [y[i], y[i]], color=color, linewidth=2.2, alpha=0.7, solid_capstyle="butt")
        ax.scatter([diff[i]], [y[i]], s=42, color=color, edgecolors="black", linewidths=0.5, zorder=3)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    if pair is not None:
        a, b = pair
        ax.set_xlabel(f"{axis}\n<- more in {b}   |   more in {a} ->")
    else:
        ax.set_xlabel(f"{axis_rest}\n<- more in the rest   |   more in the group ->")
    cut = total - len(table)
    # centred on the figure, not on the axes that long names push to the right
    ax.set_title(f"{title} (dot) with 95% intervals (line)"
                 + (f"\nfirst {len(table):,} of {total:,} rows" if cut > 0 else ""), loc="right")
    return fig, ax


def _pair(table: pd.DataFrame) -> tuple | None:
    """The two groups of a table that compares one pair; None when it holds several comparisons (one-vs-rest)."""
    pairs = table[["group_a", "group_b"]].drop_duplicates()
    return tuple(pairs.iloc[0]) if len(pairs) == 1 else None


def _row_names(table: pd.DataFrame, names: list[str], pair: tuple | None) -> list[str]:
    """Tick labels: each row's name, and its comparison ("(a vs rest)") when the table holds several."""
    return [n if pair is not None else f"{n} ({a} vs {b})" for n, a, b in zip(names, table["group_a"], table["group_b"])]


@_literal_text
def plot_frame_differences(separation: pd.DataFrame, max_rows: int = 30):
    """Each frame's difference between the groups' mean rates, with its 95% bootstrap interval.

    One row per frame and comparison: a dot at the difference of the means, leaning to the
    side the difference favours, and a line across its 95% interval (the ``diff_low`` and
    ``diff_high`` of the table), both in the colour of the group it leans to (grey when it leans
    to the rest or to neither). With two groups, positive values lean to ``group_a``; in a
    one-vs-rest comparison each group is compared with the rest and the row names the group.

    Parameters
    ----------
    separation : pandas.DataFrame
        From :func:`corpus_utils.frame.separation`: ``frame, group_a, group_b, diff, diff_low,
        diff_high`` (``attrs["value"]``: the unit; ``attrs["frame_labels"]``: frame names).
    max_rows : int, default 30
        Rows drawn at most, in the table's order (the title says how many were left out).

    Returns
    -------
    (fig, ax)
    """
    table, pair = separation.head(max_rows), _pair(separation)
    labels = separation.attrs.get("frame_labels", {}) or {}
    names = _row_names(table, [short_label(labels.get(f, f)) for f in table["frame"]], pair)
    unit = frame_value(separation.attrs.get("value", "per_1000")).axis
    return _differences(table, names, pair, scale=1.0, axis=f"difference of means ({unit})",
                        axis_rest=f"difference of the means ({unit})", title="Frame differences", total=len(separation))


#: The x axis of the theme differences.
_THEME_AXIS = "difference in share of the documents' text (points)"


@_literal_text
def plot_theme_differences(compared: pd.DataFrame, max_rows: int = 20):
    """Each theme's difference between the groups' mean shares of the documents' text, with its 95% bootstrap interval.

    The figure of :func:`plot_frame_differences` for themes: one row per theme and comparison, named by the theme's
    label (its three top terms), a dot at the difference of the mean shares in percentage points (0.12 is drawn at
    12), a line across its 95% interval, both coloured by the group the theme leans to (grey when it leans to the rest or to neither).

    Parameters
    ----------
    compared : pandas.DataFrame
        From :func:`corpus_utils.themes.compare_themes`: ``theme, label, group_a, group_b, diff, diff_low, diff_high``.
    max_rows : int, default 20
        Rows drawn at most, in the table's order (the title says how many were left out).

    Returns
    -------
    (fig, ax)
    """
    table, pair = compared.head(max_rows), _pair(compared)
    names = _row_names(table, [short_label(v) for v in table["label"]], pair)
    return _differences(table, names, pair, scale=THEME_POINTS, axis=_THEME_AXIS, axis_rest=_THEME_AXIS, title="Theme differences",
                        total=len(compared))


def plot_differences(table: pd.DataFrame, max_rows: int = 20):
    """The figure of whichever comparison a chapter leads with: themes' (a ``theme`` column) or frames'.

    :func:`plot_theme_differences` for a table of :func:`corpus_utils.themes.compare_themes`,
    :func:`plot_frame_differences` for one of :func:`corpus_utils.frame.separation`.

    Returns
    -------
    (fig, ax)
    """
    if "theme" in table.columns:
        return plot_theme_differences(table, max_rows=max_rows)
    return plot_frame_differences(table, max_rows=max_rows)


@_literal_text
def plot_frame_heatmap(rates: pd.DataFrame, value: str = "per_1000", max_labels: int = 40, annotate_below: int = 16):
    """Heatmap of documents (rows, grouped by group) by frames (columns).

    Parameters
    ----------
    rates : pandas.DataFrame
        From ``frame.frame_rates``: ``doc_id, group, frame`` and the ``value`` column.
    value : {"per_1000", "share", "hits"}, default "per_1000"
    max_labels : int, default 40
        Above this many documents, rows are not labelled one by one; each group's band is
        named instead.
    annotate_below : int, default 16
        Write the value in each cell when there are fewer documents than this.

    Returns
    -------
    (fig, ax)
    """
    frames = _frame_order(rates)
    wide = rates.pivot_table(index=["group", "doc_id"], columns="frame", values=value, aggfunc="first")
    wide = wide.reindex(columns=frames).sort_index(kind="stable").fillna(0.0)
    labels = wide.index.get_level_values("group").to_numpy()
    n_docs = len(wide)
    colors = group_colors(labels)
    height = min(9.0, 1.6 + 0.32 * n_docs) if n_docs <= max_labels else 6.0
    fig, ax = _figure(max(6.0, 1.6 + 0.75 * len(frames)), max(height, 3.2))  # room for the labels and the colour bar
    image = ax.imshow(wide.to_numpy(), aspect="auto", cmap="Blues", interpolation="nearest")
    unit = frame_value(value).axis
    fig.colorbar(image, ax=ax, label=unit, shrink=0.8)
    ax.set_xticks(range(len(frames)), frames, rotation=35, ha="right")
    bounds = np.flatnonzero(labels[1:] != labels[:-1]) + 0.5
    for y in bounds:
        ax.axhline(y, color="black", linewidth=1.5)
    starts = np.concatenate([[0], np.ceil(bounds).astype(int)])
    ends = np.concatenate([np.ceil(bounds).astype(int), [n_docs]])
    if n_docs <= max_labels:
        ax.set_yticks(range(n_docs), wide.index.get_level_values("doc_id"))
        for tick, label in zip(ax.get_yticklabels(), labels):
            tick.set_color(colors[label])
    else:
        ax.set_yticks((starts + ends - 1) / 2, [f"{labels[s]} (n={e - s:,})" for s, e in zip(starts, ends)])
        for tick, s in zip(ax.get_yticklabels(), starts):
            tick.set_color(colors[labels[s]])
    if n_docs < annotate_below:
        values = wide.to_numpy()
        top = np.nanmax(values) if values.size else 0.0
        fmt = "{:.2f}" if value == "share" else ("{:.0f}" if value == "hits" else "{:.1f}")
        for (i, j), v in np.ndenumerate(values):
            ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=_LABEL_SIZE,
                    color="white" if top and v > 0.6 * top else "black")
    ax.set_xlabel("frame")
    ax.set_ylabel("document (grouped by label)")
    ax.set_title(f"Frames per document, grouped by label ({unit})")
    ax.spines[["top", "right"]].set_visible(True)
    return fig, ax


@_literal_text
def plot_frame_bars(summary: pd.DataFrame, rates: pd.DataFrame, value: str = "per_1000", max_points: int = 30,
                    max_dots: int = 2000, seed: int = 0):
    """Grouped horizontal bars: each group's mean rate per frame, with one dot per document.

    Parameters
    ----------
    summary : pandas.DataFrame
        From ``frame.group_summary``: ``frame, group, mean, sd`` (bars and their +/- 1 SD).
    rates : pandas.DataFrame
        From ``frame.frame_rates``: the per-document dots (same ``value``).
    value : str, default "per_1000"
        The column of ``rates`` the summary was made from.
    max_points : int, default 30
        Above this many documents in a group, its dots are drawn small and faint (and the
        mean is marked with a black tick so the cloud cannot hide it).
    max_dots : int, default 2000
        Above this many documents in a group, the dots are those of a seeded random sample of
        ``max_dots`` of its documents (the bars and ticks are still every document's), and the
        axis label says so: beyond a few thousand faint dots a cloud looks the same, and drawing
        every one of a large corpus takes seconds.
    seed : int, default 0
        Seed of that sample.

    Returns
    -------
    (fig, ax)
    """
    frames = _frame_order(summary)
    groups = sorted(summary["group"].unique().tolist())
    colors = group_colors(groups)
    n_groups = len(groups)
    fig, ax = _figure(7.5, 1.0 + 0.55 * len(frames) * max(1.0, n_groups / 2))
    height = 0.8 / n_groups
    sampled = []  # (group, dots drawn, documents) for the groups whose dots are a sample
    for g, group in enumerate(groups):
        part = summary[summary["group"] == group].set_index("frame").reindex(frames)
        y = np.arange(len(frames)) - 0.4 + height * (g + 0.5)
        ax.barh(y, part["mean"], height=height * 0.9, color=colors[group], alpha=0.55,
                xerr=part["sd"].fillna(0.0), error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": "0.3"},
                label=f"{group} (n={int(part['n_docs'].max()) if 'n_docs' in part else ''})")
        ax.scatter(part["mean"], y, marker="|", s=160, color="black", linewidths=1.5, zorder=4)
        docs = rates[rates["group"] == group]
        ids = docs["doc_id"].unique()
        n_docs = len(ids)
        if n_docs > max_dots:
            keep = np.sort(np.random.default_rng(seed).choice(n_docs, size=max_dots, replace=False))
            docs = docs[docs["doc_id"].isin(ids[keep])]
            sampled.append((group, max_dots, n_docs))
        shown = min(n_docs, max_dots)
        size, alpha = (22, 0.9) if shown <= max_points else (4, max(0.05, 30 / shown))
        for f, frame in enumerate(frames):
            vals = docs.loc[docs["frame"] == frame, value].to_numpy(dtype=float)
            spread = np.linspace(-0.3, 0.3, len(vals)) * height if len(vals) > 1 else np.zeros(len(vals))
            ax.scatter(vals, np.full(len(vals), y[f]) + spread, s=size, color=colors[group], alpha=alpha,
                       edgecolors="black" if n_docs <= max_points else "none", linewidths=0.4, zorder=3)
    ax.set_yticks(range(len(frames)), frames)
    ax.invert_yaxis()
    unit = {"per_1000": "frame hits per 1,000 tokens", "share": "share of the document's frame hits",
            "hits": "frame hits (count)"}.get(value, value)
    dots = "dot: one document" if not sampled else "dot: one document of a random sample, " + ", ".join(
        f"{shown:,} of {n:,} for {short_label(group)}" for group, shown, n in sampled)
    ax.set_xlabel(f"{unit} (bar: group mean, line: +/- 1 SD, {dots})")
    ax.set_xlim(left=0)
    ax.legend(frameon=False, loc="lower right")
    shown_docs = "a sample of the documents" if sampled else "every document"
    ax.set_title(f"Frames by group: mean per document, with {shown_docs}")
    return fig, ax
