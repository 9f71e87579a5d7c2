"""Chapter 02's figures: each group's top terms as diverging bars, and every term's rates in the two groups
(the "fightin' words" scatter), whose labels are placed so that they do not overlap."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..groups import REST
from ..methods import statistic
from .figure import _LABEL_SIZE, _figure, _literal_text, group_colors


@_literal_text
def plot_keyness_bars(top: pd.DataFrame, max_rows: int = 40):
    """Diverging bars of each group's top terms, annotated with how many documents use them.

    Parameters
    ----------
    top : pandas.DataFrame
        From :func:`corpus_utils.keyness.top_terms` (``term, group, score, docs_a, rank``
        and the keyness table's ``attrs``: ``statistic``, ``groups``, ``group_sizes``), or
        :func:`corpus_utils.keyness.stability`, whose ``score_low`` and ``score_high`` (the 95%
        bootstrap interval of each score) are drawn as a line across the end of each bar.
    max_rows : int, default 40
        At most this many bars per group side (the table's order is kept).

    Returns
    -------
    (fig, ax)
        With two groups, group a's terms point left and group b's right; with one-vs-rest
        tables every group's bars point right, one block per group. A bar is ``|score|`` long;
        its interval is drawn in the same direction (the interval of ``|score|``), so an
        interval that crosses the zero line includes no difference. The legend, below the
        axes, names the groups' colours and (with intervals) the line; the axis says it too.
    """
    groups = [g for g in top.attrs.get("groups", sorted(top["group"].unique())) if g != REST]
    n_docs = top.attrs.get("group_sizes", {})
    pair = top.attrs.get("comparison", "pair") == "pair" and len(groups) == 2
    intervals = {"score_low", "score_high"} <= set(top.columns)
    colors = group_colors(groups)
    blocks = [top[top["group"] == g].head(max_rows) for g in groups]
    n_rows = sum(len(b) for b in blocks)
    fig, ax = _figure(7.5, 0.32 * n_rows + 2.0)
    y, ticks = 0, []
    reach = top["score"].abs()
    if intervals:  # an interval's far end may pass the bar's
        reach = np.fmax(reach, np.fmax(top["score_low"].abs(), top["score_high"].abs()))
    extent = float(reach.max()) if len(top) else 1.0
    for i, (g, block) in enumerate(zip(groups, blocks)):
        direction = -1.0 if (pair and i == 0) else 1.0
        for _, r in block.iterrows():
            score = float(r["score"])
            width = direction * abs(score)
            ax.barh(y, width, color=colors[g], height=0.75)
            end = abs(score)
            if intervals and np.isfinite(r["score_low"]) and np.isfinite(r["score_high"]):
                sign = 1.0 if score >= 0 else -1.0  # the interval of |score|, in the bar's direction
                ends = sorted((direction * sign * float(r["score_low"]), direction * sign * float(r["score_high"])))
                ax.plot(ends, [y, y], color="0.15", linewidth=1.0, marker="|", markersize=7, zorder=3)
                end = max(end, direction * ends[0], direction * ends[1])
            docs = int(r["docs_a"] if (not pair or i == 0) else r["docs_b"])
            total = n_docs.get(g)
            note = f"{r['term']}  ({docs}/{total} docs)" if total else f"{r['term']}  ({docs} docs)"
            ax.text(direction * (end + 0.02 * extent), y, note, va="center",
                    ha="right" if direction < 0 else "left", fontsize=_LABEL_SIZE)
            ticks.append(y)
            y += 1
        y += 0.6
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.axvline(0, color="0.3", linewidth=0.8)
    span = extent * 1.9
    ax.set_xlim(-span if pair else 0, span)
    label = statistic(top.attrs["statistic"]).axis if "statistic" in top.attrs else "keyness score"
    if intervals:
        label += f"; line: {top.attrs.get('interval_level', 0.95):.0%} bootstrap interval"
    if pair:
        ax.set_xlabel(f"|score|: {label}")
        ticks_at = ax.get_xticks()
        ax.set_xticks(ticks_at, [f"{abs(t):g}" for t in ticks_at])
        ax.set_xlim(-span, span)
        ax.text(0.01, 1.0, f"\u2190 more typical of {groups[0]}", transform=ax.transAxes, ha="left", va="bottom",
                fontsize=_LABEL_SIZE, color=colors[groups[0]])
        ax.text(0.99, 1.0, f"more typical of {groups[1]} \u2192", transform=ax.transAxes, ha="right", va="bottom",
                fontsize=_LABEL_SIZE, color=colors[groups[1]])
        ax.set_title(f"Top terms: {groups[0]} vs {groups[1]}", pad=16)
    else:
        ax.set_xlabel(label)
        ax.set_title("Top terms of each group against the rest")
    handles = [plt.Rectangle((0, 0), 1, 1, color=colors[g]) for g in groups]
    names = list(groups)
    if intervals:  # the lines say what they are in the legend too, not only on the axis
        handles.append(plt.Line2D([], [], color="0.15", linewidth=1.0, marker="|", markersize=7))
        names.append(f"{top.attrs.get('interval_level', 0.95):.0%} bootstrap interval of |score|")
    # below the axes: inside, it would cover the last bars
    fig.legend(handles, names, frameon=False, loc="outside lower center", fontsize=_LABEL_SIZE,
               ncol=min(3, len(names)) if sum(len(n) for n in names) < 90 else 1)  # long names: one per line
    return fig, ax


@_literal_text
def plot_fightin_words(table: pd.DataFrame, n_labels: int = 10, max_points: int = 50_000,
                       intervals: pd.DataFrame | None = None):
    """"Fightin' Words" scatter: each term's total frequency against its z-score.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`corpus_utils.keyness.log_odds` (``term, group, score, count_a,
        count_b``; ``attrs["groups"]``).
    n_labels : int, default 10
        Label (and colour) this many terms with the largest ``|score|`` on each side; the
        rest are grey points.
    max_points : int, default 50000
        Above this many terms draw the most frequent ``max_points`` (plus the labelled ones).
    intervals : pandas.DataFrame, optional
        From :func:`corpus_utils.keyness.stability` of the same table (``term, group, score_low,
        score_high``): each labelled term listed there gets a vertical line from ``score_low`` to
        ``score_high``, its 95% bootstrap interval.

    Returns
    -------
    (fig, ax)
    """
    groups = [g for g in table.attrs.get("groups", sorted(table["group"].unique())) if g != REST]
    colors = group_colors(groups)
    total = table["count_a"] + table["count_b"]
    data = table.assign(_x=np.log10(total.clip(lower=1)), _abs=table["score"].abs())
    labelled = []
    for g in groups:
        side = data[data["group"] == g].sort_values(["_abs", "term"], ascending=[False, True], kind="stable")
        labelled.append(side.head(n_labels))
    labelled = pd.concat(labelled) if labelled else data.head(0)
    rest = data.drop(index=labelled.index)
    if len(rest) > max_points:
        rest = rest.sort_values(["_x", "term"], ascending=[False, True], kind="stable").head(max_points)
    fig, ax = _figure(7.5, 6.0)
    to_place = []
    ax.scatter(rest["_x"], rest["score"], s=8, color="0.75", linewidths=0, rasterized=len(rest) > 2000,
               label="other terms")
    spans = {}
    if intervals is not None and len(intervals):
        spans = {(t, g): (lo, hi) for t, g, lo, hi in intervals[["term", "group", "score_low", "score_high"]].itertuples(index=False)}
    for g in groups:
        pts = labelled[labelled["group"] == g]
        ax.scatter(pts["_x"], pts["score"], s=22, color=colors[g], label=g, zorder=3)
        for _, r in pts.iterrows():
            to_place.append((r["term"], r["_x"], r["score"], colors[g]))
            lo, hi = spans.get((r["term"], g), (np.nan, np.nan))
            if np.isfinite(lo) and np.isfinite(hi):
                ax.plot([r["_x"], r["_x"]], [lo, hi], color=colors[g], linewidth=1.0, alpha=0.8, zorder=2)
    ax.margins(x=0.12, y=0.1)
    ax.axhline(0, color="0.4", linewidth=0.6)
    for z in (-1.96, 1.96):
        ax.axhline(z, color="0.6", linewidth=0.6, linestyle=":")
    ax.set_xlabel("total frequency in both groups (log10 of count)")
    ax.set_ylabel("z-score of log-odds ratio (standard errors)")
    if spans:  # a legend entry for the lines
        level = intervals.attrs.get("interval_level", 0.95)
        ax.plot([], [], color="0.3", linewidth=1.0, label=f"{level:.0%} bootstrap interval (listed words)")
    if len(groups) == 2 and table.attrs.get("comparison", "pair") == "pair":
        ax.set_title(f"Fightin' Words: {groups[0]} (above 0)\nvs {groups[1]} (below 0)")
    else:
        ax.set_title("Fightin' Words: each group against the rest (above 0)")
    # below the axes: a legend inside would cover points or labels
    fig.legend(*ax.get_legend_handles_labels(), frameon=False, loc="outside lower center", ncol=2)
    _place_labels(fig, ax, to_place)
    return fig, ax


#: Label placement: adjustText's iterations (a count, never a time limit, so that the result never depends
#: on the machine's speed), the gap kept between two labels (pixels) and the distance from its point beyond
#: which a label gets a leader line.
_ADJUST_ITERATIONS = 150
_LABEL_GAP = 2.0
_LEADER_FROM = 6.0


def _place_labels(fig, ax, labels, fontsize: float | None = None):
    """Label points so that no two labels overlap, each moved label joined to its point by a leader line.

    ``labels`` is a list of ``(text, x, y, colour)`` in data coordinates. The axes' limits are fixed
    first (labels and leader lines never rescale the axes). adjustText (Flöck 2024) pushes the labels
    apart from each other and from the labelled points, for a fixed number of iterations (its only
    random step, spreading labels that sit exactly on top of each other, uses a fixed seed, so the
    result is deterministic). A label that still overlaps an earlier one is then moved to the nearest
    free spot on rings around its point (display pixels, inside the axes); a label for which no spot is
    free is left out (its point stays coloured). Returns the labels drawn (``matplotlib.text.Text``).
    """
    from adjustText import adjust_text
    from matplotlib.patches import FancyArrowPatch

    if not labels:
        return []
    fontsize = _LABEL_SIZE if fontsize is None else fontsize
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    texts = [ax.text(x, y, text, fontsize=fontsize, color=color, ha="left", va="bottom")
             for text, x, y, color in labels]
    xs = np.array([x for _, x, _, _ in labels], dtype=float)
    ys = np.array([y for _, _, y, _ in labels], dtype=float)
    adjust_text(texts, x=xs, y=ys, ax=ax, iter_lim=_ADJUST_ITERATIONS, time_lim=None, ensure_inside_axes=True,
                expand=(1.1, 1.3), prevent_crossings=False)
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    to_data = ax.transData.inverted()
    kept, boxes = [], []
    for text, x, y in zip(texts, xs, ys):
        box = _free_box(text, renderer, boxes, frame, ax.transData.transform((x, y)))
        if box is None:
            text.remove()
            continue
        text.set_position(to_data.transform((box.x0 + box.width / 2, box.y0 + box.height / 2)))
        text.set_horizontalalignment("center")
        text.set_verticalalignment("center")
        kept.append((text, x, y))
        boxes.append(box)
    for (text, x, y), box in zip(kept, boxes):
        px, py = ax.transData.transform((x, y))
        gap = np.hypot(max(box.x0 - px, 0.0, px - box.x1), max(box.y0 - py, 0.0, py - box.y1))
        if gap > _LEADER_FROM:  # the label left its point: a line shows which point it names
            ax.add_patch(FancyArrowPatch(posA=(x, y), posB=text.get_position(), patchB=text, arrowstyle="-",
                                         shrinkA=3, shrinkB=1, color=text.get_color(), linewidth=0.7, alpha=0.8,
                                         zorder=2.5))
    return [text for text, _, _ in kept]


def _free_box(text, renderer, boxes, frame, point):
    """The box of ``text`` where adjustText left it, or the nearest spot around ``point`` that overlaps none of
    ``boxes`` and stays inside ``frame`` (all in display pixels); None when there is none."""
    from matplotlib.transforms import Bbox

    box = text.get_window_extent(renderer)
    w, h = box.width, box.height

    def free(b):
        inside = b.x0 >= frame.x0 and b.x1 <= frame.x1 and b.y0 >= frame.y0 and b.y1 <= frame.y1
        grown = b.expanded((w + 2 * _LABEL_GAP) / w if w else 1.0, (h + 2 * _LABEL_GAP) / h if h else 1.0)
        return inside and not any(grown.overlaps(other) for other in boxes)

    if free(box):
        return box
    step = h + _LABEL_GAP
    for ring in range(1, 41):  # rings of growing radius, 16 spots each, in a fixed order
        radius = ring * step
        for k in range(16):
            angle = 2 * np.pi * k / 16
            cx, cy = point[0] + radius * 1.6 * np.cos(angle), point[1] + radius * np.sin(angle)
            spot = Bbox.from_bounds(cx - w / 2, cy - h / 2, w, h)
            if free(spot):
                return spot
    return None
