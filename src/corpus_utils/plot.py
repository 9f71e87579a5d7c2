"""Plot: one function per figure, one helper to save them all.

Every ``plot_*`` function takes the tidy table an analysis function returned, draws it,
and returns ``(fig, ax)``; it computes no statistics of its own. :func:`save_figure`
writes every figure with stable names and settings, so a re-run writes the same bytes.

Text from the data (labels, doc ids, frames, terms) is drawn as typed: every ``plot_*``
function builds its figure under :func:`_literal_text`, so no text in it is read as
mathtext (a ``$`` in a label neither garbles the label nor crashes the figure), every label
is shortened for the figure (:func:`corpus_utils.report.short_label`), and every text is
drawn as plain text (:func:`corpus_utils.report.plain_text`) with the characters the font
lacks replaced by U+FFFD and named once in a warning (which a chapter shows as a note).
"""

from __future__ import annotations

import base64
import functools
import io
import os
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg", force=False)  # no display needed; notebooks switch to inline themselves

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


from .errors import FigureFileError  # noqa: E402
from .groups import REST  # noqa: E402
from .methods import THEME_POINTS, frame_value, statistic  # noqa: E402
from .report import plain_text, short_label  # noqa: E402

__all__ = [
    "group_colors",
    "plot_differences",
    "plot_cluster_map",
    "plot_dendrogram",
    "plot_distinctive_terms",
    "plot_fightin_words",
    "plot_frame_bars",
    "plot_frame_differences",
    "plot_frame_heatmap",
    "plot_keyness_bars",
    "plot_lengths",
    "plot_power",
    "plot_silhouette",
    "plot_similarity",
    "plot_theme_differences",
    "save_figure",
]

#: Colour-blind-safe palette (Okabe & Ito 2008), assigned to groups in sorted order.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
#: Font sizes (points) of data labels and notes: legible when a 7.5-inch figure is shown 375 pixels wide.
_LABEL_SIZE = 10
_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "font.size": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "corpus-essay",
}


#: The colour of "the rest" in a one-vs-rest comparison, and of a difference that leans to neither side: a grey
#: that :data:`PALETTE` never gives a group.
REST_COLOR = "#999999"


def group_colors(groups) -> dict[str, str]:
    """Map each group (sorted) to a palette colour, the same in every figure; "the rest" to grey.

    The colours are dealt to the groups in sorted order. :data:`corpus_utils.groups.REST`, the
    other side of a one-vs-rest comparison, is no group: it takes no palette colour (so that the
    groups after it keep theirs) but :data:`REST_COLOR`. A group thus has the same colour in a
    figure that draws the rest as in one that draws the groups alone.

    Parameters
    ----------
    groups : iterable of str
        Group labels, in any order, repeated or not; may include the rest.

    Returns
    -------
    dict
        ``{group: colour}``, the groups sorted, the rest (if given) last.

    Examples
    --------
    >>> group_colors(["workers", "rest", "shopkeepers"])
    {'shopkeepers': '#0072B2', 'workers': '#D55E00', 'rest': '#999999'}
    >>> group_colors(["shopkeepers", "workers"])
    {'shopkeepers': '#0072B2', 'workers': '#D55E00'}
    """
    names = pd.unique(pd.Series(list(groups), dtype=object)).tolist()
    colors = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(sorted(g for g in names if g != REST))}
    return colors | ({REST: REST_COLOR} if REST in names else {})


#: Columns and ``attrs`` of a plotted table that hold group labels (shortened for figures).
_LABEL_COLUMNS = ("group", "group_a", "group_b")


def _short_labels(table):
    """A table whose group labels (columns and ``attrs``) are shortened by :func:`short_label`."""
    if not isinstance(table, pd.DataFrame):
        return table
    columns = {c: table[c].map({g: short_label(g) for g in pd.unique(table[c])}) for c in _LABEL_COLUMNS
               if c in table.columns}  # each label shortened once, however many rows carry it
    out = table.assign(**columns) if columns else table.copy()
    if "groups" in out.attrs:
        out.attrs["groups"] = [short_label(g) for g in out.attrs["groups"]]
    if "group_sizes" in out.attrs:
        out.attrs["group_sizes"] = {short_label(g): n for g, n in out.attrs["group_sizes"].items()}
    return out


@functools.cache
def _glyphs(font_path: str) -> frozenset:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(font_path).get_charmap())


def _drawable(fig) -> None:
    """Make every text of ``fig`` plain text the font can draw.

    Characters the font lacks (say CJK letters with the default DejaVu Sans) would each raise
    a "Glyph missing" warning when the figure is drawn and show as empty boxes; they are
    replaced by U+FFFD (or ``?``) here, and one warning names them all.
    """
    from matplotlib import font_manager
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    missing: dict[str, None] = {}

    def drawable(value: str, glyphs: frozenset) -> str:
        stand_in = "\ufffd" if ord("\ufffd") in glyphs else "?"
        shown = []
        for ch in plain_text(value):
            if not (ch.isspace() or ord(ch) in glyphs):
                missing[ch] = None
                ch = stand_in
            shown.append(ch)
        return "".join(shown)

    def font_glyphs(text) -> frozenset:
        return _glyphs(font_manager.findfont(text.get_fontproperties()))

    for ax in fig.axes:  # tick labels given as text are formatted anew at each draw: format them drawable too
        for axis in (ax.xaxis, ax.yaxis):
            formatter, ticks = axis.get_major_formatter(), axis.get_ticklabels()
            if isinstance(formatter, (FixedFormatter, FuncFormatter)) and ticks:
                glyphs = font_glyphs(ticks[0])
                axis.set_major_formatter(FuncFormatter(lambda x, pos, f=formatter, g=glyphs: drawable(f(x, pos), g)))
    for text in fig.findobj(Text):
        value = text.get_text()
        if value:
            text.set_text(drawable(value, font_glyphs(text)))
    if missing:
        warnings.warn(f"The figure's font cannot draw {len(missing)} character{'s' if len(missing) > 1 else ''} "
                      f"of its text, shown as \ufffd: {' '.join(missing)} (the tables show the text in full).",
                      UserWarning, stacklevel=3)


def _literal_text(plot):
    """Build the figure with ``text.parse_math`` off: every text drawn is the text given.

    matplotlib decides whether a text is mathtext when the text object is made, so this
    covers every title, tick label, legend entry and annotation the function creates.
    None of the package's own labels uses mathtext. The group labels of every table given
    are shortened (:func:`_short_labels`) and every text of the figure made drawable
    (:func:`_drawable`).
    """

    @functools.wraps(plot)
    def build(*args, **kwargs):
        args = [_short_labels(a) for a in args]
        kwargs = {k: _short_labels(v) for k, v in kwargs.items()}
        with plt.rc_context({"text.parse_math": False}):
            fig, ax = plot(*args, **kwargs)
        if fig is not None:  # a figure with nothing to show is not drawn: (None, None)
            _drawable(fig)
        return fig, ax

    return build


def _figure(width: float = 7.0, height: float = 4.0):
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


#: The PNG text chunk ``Software`` of every figure :func:`save_figure` writes: how it recognises its own files.
_SOFTWARE = "corpus-essay"


def _our_figure(path: Path) -> bool:
    """Whether ``path`` is a PNG file :func:`save_figure` wrote (its ``Software`` text chunk says so)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path, formats=["PNG"]) as image:
            return image.info.get("Software") == _SOFTWARE
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def save_figure(fig, name: str, figures_dir: str | Path = "figures") -> Path:
    """Save a figure as ``<figures_dir>/<name>.png`` with fixed settings, never through a link.

    PNG metadata carries no timestamp or software version (only ``Software: corpus-essay``,
    which marks the file as one of ours), so re-running the same analysis writes
    byte-identical files. The figure is written to a new temporary file in the same folder
    and renamed into place, so a reader never sees half a figure and nothing is ever
    written through a symbolic link.

    The figure is drawn once. In a notebook whose figures show inline (``%matplotlib inline``),
    the PNG just written is also the figure's output in the notebook, shown at the size the
    inline backend would show it, and the figure is closed, so the notebook does not draw it a
    second time when the cell ends; elsewhere (a script, a test) nothing is shown and the
    figure stays open.

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

    Raises
    ------
    FigureFileError
        When ``<name>.png`` exists and is a symbolic link, not a regular file, or a file
        that is not a figure this function wrote (an image or a document of the user's
        with the same name): it is left alone.
    """
    folder = Path(figures_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise FigureFileError(f"{path} is a link or not a regular file; the figure {name!r} is not written over it "
                              "(remove it, or give another --figures-dir)")
    if path.exists() and not _our_figure(path):
        raise FigureFileError(f"{path} exists and is not a figure this project wrote; it is left alone "
                              "(move it away, or give another --figures-dir)")
    buffer = io.BytesIO()
    with plt.rc_context(_RC):
        fig.savefig(buffer, format="png", metadata={"Software": _SOFTWARE}, bbox_inches="tight")
    png = buffer.getvalue()
    temporary = folder / f".{name}.{os.urandom(6).hex()}.png.part"
    # a new file (never an existing one, never through a link), readable as the umask allows
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(png)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _show_inline(fig, png, name)
    return path


def _show_inline(fig, png: bytes, name: str) -> bool:
    """Show ``png`` as ``fig``'s output and close ``fig``, when figures show inline in a notebook; say whether it did.

    The image is shown at the width the inline backend gives the figure (its ``figure.dpi``), not at the
    file's resolution, and its text form names the figure (``<Figure 02_keyness_bars>``).
    """
    if "inline" not in matplotlib.get_backend():
        return False
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a dependency
        return False
    if get_ipython() is None:
        return False
    width = int.from_bytes(png[16:20], "big") * _RC["figure.dpi"] / _RC["savefig.dpi"]  # the IHDR chunk's width
    display({"image/png": base64.b64encode(png).decode("ascii"), "text/plain": f"<Figure {name}>"},
            metadata={"image/png": {"width": int(round(width))}}, raw=True)
    plt.close(fig)
    return True


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


# --- clustering figures (chapter 04) -----------------------------------------------------

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


# --- design of the next study (chapter 05) ------------------------------------------------


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
