"""What every figure shares: the groups' colours, text drawn as typed, the canvas and :func:`save_figure`.

Every ``plot_*`` function of the package is built under :func:`_literal_text` and draws on
:func:`_figure`; :func:`save_figure` writes each figure once, with stable settings, so a re-run writes the
same bytes.
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
import pandas as pd  # noqa: E402

from ..errors import FigureFileError  # noqa: E402
from ..groups import REST  # noqa: E402
from ..report import plain_text, short_label  # noqa: E402


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
