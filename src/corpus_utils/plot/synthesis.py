"""Chapter 05's figures: the terms that set each group apart (the front page's figure too), and how often
the next study would detect the main findings at each size."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..methods import statistic
from ..report import short_label
from .figure import PALETTE, _LABEL_SIZE, _RC, _figure, _literal_text, group_colors


#: Font size (points) of the front page's figure: a 7-inch figure is read at phone width (375 pixels) too.
_FRONT_SIZE = 12


@_literal_text
def plot_distinctive_terms(terms: pd.DataFrame, max_terms: int = 8, width: float = 7.0):
    """The terms that set each group apart, one block per group: bars of ``|score|`` with their intervals.

    The front page's figure. Each group's block is titled with the group's name and lists its
    terms as a reader writes them (``label``: "Obama", "middle class"), each followed by how
    many of the group's documents use it ("(3 of 4)"); the bar is the term's ``|score|`` and
    the line across it the interval of ``|score|`` (``score_low`` to ``score_high``, turned
    with the bar when the score is negative), so a line that crosses zero includes no
    difference. It draws the table it is given; it computes and filters nothing.

    Parameters
    ----------
    terms : pandas.DataFrame
        One row per term: ``group`` (the group the term sets apart), ``term``, ``label``,
        ``score``, ``score_low``, ``score_high`` (NaN: no line), ``docs`` (documents of the
        group that use it) and ``n_docs`` (documents in the group). Optional ``attrs``:
        ``groups`` (the order of the blocks; else sorted), ``statistic`` (names the axis)
        and ``interval_level`` (default 0.95).
    max_terms : int, default 8
        At most this many terms per group, the largest ``|score|`` first (ties by label).
    width : float, default 7.0
        Inches; the fonts (12 points) stay legible when the figure is shown 375 pixels wide.

    Returns
    -------
    (fig, ax)
        ``ax`` is the first group's block (every block is in ``fig.axes``). An empty table
        gives a small figure that says "No distinctive terms to show." (so that the page
        always has its figure and its caption, and the caption's sentence stays true).

    Examples
    --------
    >>> terms = pd.DataFrame({"group": ["a", "b"], "term": ["obama", "middle class"],
    ...                       "label": ["Obama", "middle class"], "score": [2.5, -1.5],
    ...                       "score_low": [1.5, -2.0], "score_high": [3.0, -0.5],
    ...                       "docs": [3, 2], "n_docs": [4, 2]})
    >>> fig, ax = plot_distinctive_terms(terms)
    >>> [a.get_title(loc="left") for a in fig.axes], [t.get_text() for t in ax.get_yticklabels()]
    (['a', 'b'], ['Obama (3 of 4)'])
    >>> plt.close(fig)
    """
    title = "Terms that set each group apart"
    present = list(dict.fromkeys(terms["group"])) if "group" in terms.columns else []
    order = [g for g in terms.attrs.get("groups", []) if g in present] or sorted(present)
    order += [g for g in sorted(present) if g not in order]
    colors = group_colors(terms.attrs.get("groups") or present) if present else {}
    if not order:
        fig, ax = _figure(width, 1.8)
        ax.text(0.5, 0.5, "No distinctive terms to show.", ha="center", va="center", transform=ax.transAxes,
                fontsize=_FRONT_SIZE)
        ax.set_axis_off()
        fig.suptitle(title, fontsize=_FRONT_SIZE + 1)
        return fig, ax
    blocks = []
    for g in order:
        block = terms[terms["group"] == g].assign(_abs=lambda t: t["score"].abs(), _label=lambda t: t["label"].map(str))
        blocks.append(block.sort_values(["_abs", "_label"], ascending=[False, True], kind="stable")
                      .head(max(1, int(max_terms))))
    rows = [len(b) for b in blocks]
    with plt.rc_context(_RC):
        fig, axes = plt.subplots(len(blocks), 1, sharex=True, squeeze=False, layout="constrained",
                                 figsize=(width, 1.3 + sum(0.45 * n + 0.6 for n in rows)),
                                 gridspec_kw={"height_ratios": [n + 0.4 for n in rows]})
    axes = axes.ravel()
    level = terms.attrs.get("interval_level", 0.95)
    ends_seen = [0.0]
    for ax, g, block in zip(axes, order, blocks):
        y = np.arange(len(block))
        ax.barh(y, block["_abs"], color=colors[g], height=0.7)
        for i, (score, low, high) in enumerate(zip(block["score"], block["score_low"], block["score_high"])):
            if np.isfinite(low) and np.isfinite(high):
                sign = 1.0 if score >= 0 else -1.0  # the interval of |score|: turned with a negative score
                ends = sorted((sign * float(low), sign * float(high)))
                ax.plot(ends, [i, i], color="0.1", linewidth=1.5, marker="|", markersize=10, zorder=3)
                ends_seen += ends
            ends_seen.append(abs(float(score)))
        names = [f"{short_label(label, 36)} ({int(docs)} of {int(n)})"
                 for label, docs, n in zip(block["label"], block["docs"], block["n_docs"])]
        ax.set_yticks(y, names, fontsize=_FRONT_SIZE)
        ax.set_ylim(len(block) - 0.5, -0.6)  # the strongest term on top
        ax.axvline(0, color="0.3", linewidth=0.8)
        ax.tick_params(axis="x", labelsize=_FRONT_SIZE - 1)
        ax.set_title(g, loc="left", color=colors[g], fontsize=_FRONT_SIZE + 1, fontweight="bold")
    low, high = min(ends_seen), max(ends_seen)
    axes[0].set_xlim(min(0.0, low) - 0.04 * (high - low or 1.0), high * 1.05 or 1.0)
    label = statistic(terms.attrs["statistic"]).axis if "statistic" in terms.attrs else "distinctiveness score"
    axes[-1].set_xlabel(f"|{label}|\nbar: the term's score; line: {level:.0%} bootstrap interval\n"
                        "(n of m): documents of the group that use the term", fontsize=_FRONT_SIZE - 1)
    fig.suptitle(title, fontsize=_FRONT_SIZE + 1)
    return fig, axes[0]


def _one_value(values) -> bool:
    """Whether every finite value of ``values`` is the same (or none is finite): a figure of flat lines."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    return finite.size == 0 or bool(np.all(finite == finite[0]))

_POWER_MARKERS = {"term": "o", "frame": "s"}


@_literal_text
def plot_power(power: pd.DataFrame, target_power: float = 0.8, max_panels: int = 4):
    """Simulated power by documents per group: one line per feature, one panel per comparison.

    Parameters
    ----------
    power : pandas.DataFrame
        From :func:`corpus_utils.design.power` (``group_a, group_b, kind, feature,
        n_per_group, power, power_low, power_high, status``; ``attrs`` ``alpha`` and
        ``n_simulations``). Rows whose ``status`` is not "simulated" are left out, and the
        figure note names their comparisons.
    target_power : float, default 0.8
        Drawn as a dotted line: the power studies conventionally aim for (Cohen 1988).
    max_panels : int, default 4
        At most this many comparisons are drawn (in the table's order); the figure note says
        how many were left out.

    Returns
    -------
    (fig, ax)
        ``ax`` is the first panel (every panel is in ``fig.axes``). Markers: circles for
        terms, squares for frames; the band is where the power may lie given the pilot (the 2.5th to
        97.5th percentile over the draws of the truth, ``power_low`` to ``power_high``). With
        nothing simulated, one axes says so. When every simulated power is one and the same
        value (all 0, say, or all 1), every line would sit flat at that value: nothing is
        drawn and ``(None, None)`` is returned, for the chapter to say it in a sentence.

    Examples
    --------
    >>> flat = pd.DataFrame({"group_a": "a", "group_b": "b", "kind": "term", "feature": "trust",
    ...                      "n_per_group": [5, 10], "power": 0.0, "power_low": 0.0, "power_high": 0.0,
    ...                      "status": "simulated"})
    >>> plot_power(flat)
    (None, None)
    """
    status = power["status"] if "status" in power.columns else pd.Series("", index=power.index)
    simulated = power[status == "simulated"]
    alpha = power.attrs.get("alpha", 0.05)
    n_simulations = power.attrs.get("n_simulations")
    title = "Probability that a study detects each difference, by documents per group"
    comps = list(dict.fromkeys(zip(simulated["group_a"], simulated["group_b"]))) if len(simulated) else []
    skipped = [c for c in dict.fromkeys(zip(power.loc[status != "simulated", "group_a"],
                                            power.loc[status != "simulated", "group_b"])) if c not in comps]
    if not comps:
        fig, ax = _figure(6.5, 2.6)
        reason = ("every comparison has a group of one document, whose spread cannot be estimated"
                  if skipped else "no feature was given to simulate")
        ax.text(0.5, 0.5, f"Nothing to simulate:\n{reason}.", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(title)
        return fig, ax
    if _one_value(simulated["power"]):
        return None, None
    shown = comps[: max(1, int(max_panels))]
    n_cols = min(2, len(shown))
    n_rows = -(-len(shown) // n_cols)
    with plt.rc_context(_RC):
        fig, grid = plt.subplots(n_rows, n_cols, figsize=(6.0 if n_cols == 1 else 7.5, 2.0 + 3.2 * n_rows), sharey=True,
                                 layout="constrained", squeeze=False)
    axes = grid.ravel()
    features = list(dict.fromkeys(zip(simulated["kind"], simulated["feature"])))
    colors = {f: PALETTE[i % len(PALETTE)] for i, f in enumerate(features)}
    sizes = sorted(int(s) for s in simulated["n_per_group"].unique())
    # the first feature is drawn first and biggest, so that lines that coincide (at 1.0, say) all stay visible
    marker_size = {f: min(10.0, 4.0 + 1.2 * (len(features) - 1 - i)) for i, f in enumerate(features)}
    for ax, (group_a, group_b) in zip(axes, shown):
        part = simulated[(simulated["group_a"] == group_a) & (simulated["group_b"] == group_b)]
        for kind, feature in features:
            rows = part[(part["kind"] == kind) & (part["feature"] == feature)].sort_values("n_per_group", kind="stable")
            if rows.empty:
                continue
            color = colors[(kind, feature)]
            ax.fill_between(rows["n_per_group"], rows["power_low"], rows["power_high"], color=color, alpha=0.15,
                            linewidth=0)
            ax.plot(rows["n_per_group"], rows["power"], color=color, marker=_POWER_MARKERS.get(kind, "D"),
                    markersize=marker_size[(kind, feature)], linewidth=1.5)
        ax.axhline(target_power, color="0.3", linestyle=":", linewidth=1)
        ax.text(0.99, target_power, f"target power {target_power:g}", transform=ax.get_yaxis_transform(),
                ha="right", va="bottom", fontsize=_LABEL_SIZE, color="0.3")
        ax.set_xscale("log")
        ax.set_xticks(sizes, [str(s) for s in sizes])
        ax.minorticks_off()
        ax.set_ylim(-0.03, 1.03)
        ax.set_title(f"{group_a} vs {group_b}", fontsize=_LABEL_SIZE + 1)
    for i, ax in enumerate(axes):
        if i >= len(shown):
            ax.set_visible(False)
        elif i + n_cols >= len(shown):  # nothing drawn below it
            ax.set_xlabel("documents per group (log scale)")
    handles = [plt.Line2D([], [], color=colors[f], marker=_POWER_MARKERS.get(f[0], "D"), markersize=5)
               for f in features]
    fig.legend(handles, [f"{kind}: {feature}" for kind, feature in features], frameon=False,
               loc="outside lower center", ncol=min(3, len(features)), fontsize=_LABEL_SIZE,
               title="feature (circle: term, square: frame)", title_fontsize=_LABEL_SIZE)
    notes = []
    if len(comps) > len(shown):
        left = comps[len(shown):]
        notes.append(f"{len(left)} more comparison{'s' if len(left) > 1 else ''} not shown: "
                     + ", ".join(f"{a} vs {b}" for a, b in left))
    if skipped:
        notes.append("not simulated (a group of one document): " + ", ".join(f"{a} vs {b}" for a, b in skipped))
    studies = f"share of {n_simulations} simulated studies" if n_simulations else "share of simulated studies"
    fig.supylabel(f"probability of adjusted p \u2264 {alpha:g}\n({studies}; band: what the pilot leaves open)",
                  fontsize=_LABEL_SIZE)
    fig.suptitle(title + "".join(f"\nnote: {n}" for n in notes), fontsize=_LABEL_SIZE + 1, wrap=True)
    return fig, axes[0]
