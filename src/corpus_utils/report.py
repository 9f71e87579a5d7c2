"""Report: small presentation helpers the chapter notebooks share.

They format what the analysis modules computed; they compute nothing themselves.
Every value from the user's data (labels, doc ids, titles, terms, frame names, file
names, context lines) passes through :func:`escape_markdown` before it becomes Markdown
(directly, or through :func:`quoted`, :func:`join_words` and :func:`plural`, which call
it), so that it is shown as text and never read as markup. The same helper,
:func:`plain_text`, makes a value safe to show anywhere (Markdown, the front page's HTML,
figures): control characters become U+FFFD and bidirectional formatting characters are removed;
:func:`short_label` shortens a label for a title or a figure.

One helper speaks to ``corpus-essay run`` rather than to the reader: :func:`stage` says which
step of its computation a chapter is in, through a small file the command names (and
nothing at all when the chapter runs on its own, in JupyterLab or a script).
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable
from contextlib import contextmanager

import pandas as pd

from .errors import CorpusError

__all__ = ["MAX_COLUMNS", "OTHER_STEPS", "P_COLUMNS", "ReaderTable", "SMALLEST_P", "STAGE_VARIABLE",
           "announce_stage", "escape_markdown", "html_text", "join_words", "p_columns", "p_value_text", "plain_text",
           "plural", "quoted", "reader_table", "sanitize_html", "say", "setup_notebook", "short_label", "stage"]

# MathJax reads `$`, `\(`, `\[`, `\begin` only within one run of text: a `$` or a backslash
# alone in its own element can never open or close mathematics (and MathJax 2 and 3 skip
# elements of this class altogether).
_MATH_SAFE = '<span class="tex2jax_ignore">&#{};</span>'
_INLINE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "$": _MATH_SAFE.format(ord("$")),
        "\\": _MATH_SAFE.format(ord("\\")),
        **{c: "\\" + c for c in "`*_[]|~@"},
    }
)
_LINE_BREAK = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")
_BLOCK_START = re.compile(r"\s*(?:[#+=:-]|\d{1,9}[.)](?=\s|$))")
_WEB_LINK = re.compile(r"(?i)(://|\bwww\.)")
_EMPHASIS = ("*", "**", "***", "_", "__")
#: C0 control characters except tab and line feed, DEL and the C1 controls: shown as U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Bidirectional formatting characters (embeddings, overrides, isolates, marks): removed.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: A label in a title or a figure is shortened to this many characters (the tables show it whole).
SHORT_LABEL = 60


def plain_text(value) -> str:
    r"""``str(value)`` made safe to show as text on any page or figure.

    * control characters (C0 except tab and line feed, DEL, C1) become U+FFFD, the
      replacement character, so that none reaches a page, a title or a figure;
    * bidirectional formatting characters (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
      U+061C) are removed: an unclosed right-to-left override in a label would otherwise
      reverse the rest of the sentence, title or page around it. Letters of right-to-left
      scripts are kept and laid out by the reader's ordinary bidirectional rules.

    Examples
    --------
    >>> plain_text("a\u202eb\x07c") == "ab\ufffdc"
    True
    """
    return _BIDI.sub("", _CONTROL.sub("\ufffd", str(value)))


def _flat_text(value) -> str:
    """``str(value)`` as :func:`plain_text` on one line (line breaks become spaces)."""
    return plain_text(_LINE_BREAK.sub(" ", str(value)))


def short_label(value, width: int = SHORT_LABEL) -> str:
    """A label for a title or a figure: :func:`plain_text`, at most ``width`` characters.

    A longer label keeps its beginning and its end around an ellipsis (U+2026), so that
    labels that differ only at the end stay distinguishable; line breaks become spaces.

    Examples
    --------
    >>> short_label("abcdefghij", 7)
    'abc…hij'
    """
    text = _flat_text(value)
    if len(text) <= width:
        return text
    head = (width - 1) // 2
    return text[:head] + "\u2026" + text[len(text) - (width - 1 - head):]


def setup_notebook() -> None:
    """Prepare a chapter notebook: table display settings and one-line input errors.

    * pandas shows 3 decimals, up to 40 rows and 20 columns, wide tables on one line;
    * a ``$`` in a table cell stays a ``$``: pandas marks its HTML tables
      ``tex2jax_ignore``, so MathJax does not typeset them;
    * a :class:`~corpus_utils.errors.CorpusError` raised in a cell is shown as its
      one-line message (which file, what to do) instead of a traceback, and the cell
      still fails, so papermill stops at that cell;
    * a warning raised in a cell (a file the loader skipped, a character a figure's font
      cannot draw, ...) is shown as a short Markdown note, ``**Note:**`` and the message
      escaped, once per distinct message, instead of a block on the error stream naming a
      file and line of the installed package (:func:`_note_warnings`).
    """
    pd.set_option("display.precision", 3)
    pd.set_option("display.max_rows", 40)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 160)
    pd.set_option("display.expand_frame_repr", False)
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.html.use_mathjax", False)
    _note_warnings()
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return
    shell = get_ipython()
    if shell is None:
        return

    def _one_line(shell, etype, evalue, tb, tb_offset=None):
        stb = [f"{etype.__name__}: {evalue}"]
        shell._showtraceback(etype, evalue, stb)  # send it as the cell's error output
        return stb

    shell.set_custom_exc((CorpusError,), _one_line)


def _note_warnings() -> None:
    """Show every warning from now on as a Markdown note: the message only, once per distinct message."""
    shown: set[str] = set()

    def note(message, category, filename, lineno, file=None, line=None):
        text = " ".join(str(message).split())
        if text and text not in shown:
            shown.add(text)
            say(f"**Note:** {escape_markdown(text)}")

    warnings.showwarning = note


def say(text: str) -> None:
    """Display ``text`` as Markdown (a sentence rendered from computed values).

    ``text`` is Markdown the notebook wrote: every value from the data in it has already
    passed through :func:`escape_markdown` (or :func:`quoted`, :func:`join_words`,
    :func:`plural`). An empty ``text`` (a finding with nothing to say) displays nothing.
    """
    if not text:
        return
    from IPython.display import Markdown, display

    display(Markdown(text))


#: The environment variable in which ``corpus-essay run`` gives a chapter the file its stage is written to.
STAGE_VARIABLE = "CORPUS_ESSAY_STAGE_FILE"

#: The stage outside every named one: the chapter's own cells (tables shown, figures drawn, findings worded).
OTHER_STEPS = "other steps"

#: The stages entered and not yet left, innermost last (see :func:`stage`).
_ENTERED: list[str] = []


def announce_stage(name: str) -> None:
    """Write ``name`` and a line feed to the file named by :data:`STAGE_VARIABLE`, replacing what it held.

    Nothing happens when the variable is unset or empty. The file is never reached through a
    symbolic link, no folder is created, and an error writing it (a missing folder, a full disk, a
    read-only file) is ignored: saying the stage never stops the chapter. Use :func:`stage`
    around a step; this function is for the command's own steps around the chapter.

    Parameters
    ----------
    name : str
        The stage, a few plain words (``"counting"``).

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     os.environ[STAGE_VARIABLE] = os.path.join(folder, "stage")
    ...     announce_stage("counting")
    ...     open(os.environ.pop(STAGE_VARIABLE)).read(), os.listdir(folder)
    ('counting\\n', ['stage'])
    """
    path = os.environ.get(STAGE_VARIABLE)
    if not path:
        return
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        handle = os.open(path, flags, 0o644)
        try:
            os.write(handle, (_flat_text(name) + "\n").encode("utf-8"))
        finally:
            os.close(handle)
    except (OSError, ValueError):  # ValueError: a path with a NUL character
        pass


@contextmanager
def stage(name: str):
    """While inside, the chapter is in the stage ``name``; after, in the stage it was in before.

    ``corpus-essay run`` names, in the variable :data:`STAGE_VARIABLE`, a file in the report's
    working folder, and shows on the terminal which stage a long chapter is in
    (:func:`announce_stage` writes it). Entering writes ``name``; leaving writes the stage
    around it again, or :data:`OTHER_STEPS` outside every stage. Without the variable (a
    chapter opened in JupyterLab, a script) nothing is written. Usable as a decorator too.

    Parameters
    ----------
    name : str
        The stage, a few plain words: ``"loading"``, ``"counting"``, ``"resampling"``, ...

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.environ[STAGE_VARIABLE] = os.path.join(folder, "stage")
    ...     with stage("counting"):
    ...         with stage("resampling"):
    ...             inner = open(path).read()
    ...         outer = open(path).read()
    ...     after = open(os.environ.pop(STAGE_VARIABLE)).read()
    >>> inner, outer, after
    ('resampling\\n', 'counting\\n', 'other steps\\n')
    """
    _ENTERED.append(name)
    announce_stage(name)
    try:
        yield
    finally:
        _ENTERED.pop()
        announce_stage(_ENTERED[-1] if _ENTERED else OTHER_STEPS)


def escape_markdown(value) -> str:
    r"""Make any value literal text in Markdown: no tag, link, image, emphasis or maths.

    The value is converted with ``str`` and its line breaks (with the spaces around them)
    become one space, so it cannot start a new block of its own. Then:

    * ``&``, ``<`` and ``>`` become HTML entities: no tag, comment or ``<...>`` autolink;
    * ``\ ` * _ [ ] | ~ @`` are backslash-escaped (code, emphasis, links and images,
      table cells, strikethrough, e-mail links), as are the ``:`` of ``://`` and the dot
      of ``www.`` (web links);
    * a first character that could open a block (``# + - = :``, or the ``.`` or ``)``
      after leading digits, as in ``1.``) is backslash-escaped;
    * each ``$`` and each backslash becomes a character reference alone in a
      ``<span class="tex2jax_ignore">``. MathJax never pairs delimiters across elements
      and skips that class, so ``$x$`` or ``\(x\)`` stays text in JupyterLab and in the
      exported HTML. (The Markdown escape ``\$`` would not do: the browser's text then
      holds a bare ``$`` again, and MathJax reads it.)

    Other punctuation means nothing inside a line of text and is left alone, so ordinary
    labels such as ``anti-cooperation`` read unchanged.

    Parameters
    ----------
    value : object
        A label, doc id, title, term, frame name, file name, context line, ...

    Returns
    -------
    str
        Markdown that nbconvert (mistune) and JupyterLab render as the text of ``value``.

    Examples
    --------
    >>> escape_markdown("anti-cooperation")
    'anti-cooperation'
    >>> escape_markdown("[x](javascript:alert(1))")
    '\\[x\\](javascript:alert(1))'
    >>> escape_markdown("<b>*bold*</b>")
    '&lt;b&gt;\\*bold\\*&lt;/b&gt;'
    >>> escape_markdown("1. first")
    '1\\. first'
    """
    text = _flat_text(value)
    head = ""
    block = _BLOCK_START.match(text)
    if block:
        head = block.group()[:-1] + "\\" + block.group()[-1]
        text = text[block.end():]
    text = _WEB_LINK.sub(lambda m: m.group().replace(":", "\\:").replace(".", "\\."), text.translate(_INLINE))
    return head + text


def quoted(value, mark: str = "*") -> str:
    r"""Escape ``value`` and put ``mark`` around it, outside the escaped text.

    Parameters
    ----------
    value : object
        Converted with ``str``; line breaks become spaces.
    mark : {"*", "**", "***", "_", "__", "`", ""}, default "*"
        ``"*"`` italics, ``"**"`` bold, ``"`"`` code, ``""`` nothing (only escape). A code
        span is the one place where Markdown shows text verbatim, so its content is not
        escaped; its fence is made longer than any run of backticks in the value instead.

    Returns
    -------
    str
        ``""`` for an empty value (there is nothing to emphasize).

    Raises
    ------
    ValueError
        For any other mark.

    Examples
    --------
    >>> quoted("a*b")
    '*a\\*b*'
    >>> quoted("say `hi`", "`")
    '`` say `hi` ``'
    """
    text = _flat_text(value)
    if not text:
        return ""
    if mark == "":
        return escape_markdown(text)
    if mark in _EMPHASIS:
        body = escape_markdown(text)
        inner = body.strip(" ")  # emphasis cannot open before a space or close after one
        lead, trail = len(body) - len(body.lstrip(" ")), len(body) - len(body.rstrip(" "))
        return f"{mark}{'&#32;' * lead}{inner}{'&#32;' * trail}{mark}"
    if set(mark) == {"`"}:
        fence = "`" * (max(len(run) for run in re.findall("`*", text)) + 1)
        pad = "`" in (text[0], text[-1]) or (text[0] == text[-1] == " " and text.strip(" "))
        space = " " if pad else ""
        return f"{fence}{space}{text}{space}{fence}"
    allowed = ", ".join(repr(m) for m in (*_EMPHASIS, "`", ""))
    raise ValueError(f"mark must be one of {allowed} (got {mark!r})")


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "document") == "1 document"``; ``plural(3, "document") == "3 documents"``.

    The word passes through :func:`escape_markdown`, so it may come from the data.
    """
    word = singular if n == 1 else (plural_form or singular + "s")
    return f"{n:,} {escape_markdown(word)}"


def join_words(items: Iterable, quote: str = "", conjunction: str = "and", escape: bool = True) -> str:
    r"""Join items as prose: ``"a"``, ``"a and b"``, ``"a, b and c"``, each item escaped.

    Parameters
    ----------
    items : iterable
        Values from the data; each passes through :func:`quoted`, which escapes it.
    quote : str, default ""
        Put around each item, outside the escaped text (``"*"`` italics, ``"`"`` code).
    conjunction : str, default "and"
    escape : bool, default True
        ``False`` only for items that are Markdown the notebook built itself, in which
        every value from the data is already escaped (``f"{n} {quoted(label)}"``).

    Examples
    --------
    >>> join_words(["a", "b*", "c"], quote="*")
    '*a*, *b\\** and *c*'
    """
    words = [quoted(item, quote) if escape else f"{quote}{item}{quote}" for item in items]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


#: Below this a p-value is written as a bound, "< 10⁻³⁰⁰", never as a number. Under about 2.2e-308 a float has
#: lost precision (subnormal) and under about 4.9e-324 it is 0 (the chi-square p-value of a large G² underflows
#: to 0), so a smaller printed value would show rounding, not a measurement; 1e-300 is the round bound above both.
SMALLEST_P = 1e-300
_SMALLEST_P_TEXT = "< 10⁻³⁰⁰"
#: The columns of the essay's tables that hold p-values (or a test's floor).
P_COLUMNS = ("p_value", "p_adjusted", "min_p")


def p_value_text(value) -> str:
    """A p-value (or a test's floor) as text: three significant digits, or a bound below :data:`SMALLEST_P`.

    ``0.1``, ``0.00794``, ``1.23e-12``; a value below ``1e-300``, 0 included (an underflow, never
    a p-value of 0), is ``< 10⁻³⁰⁰``; NaN is ``nan``.

    Examples
    --------
    >>> p_value_text(0.1), p_value_text(0.0079365), p_value_text(1.234e-12), p_value_text(0.0)
    ('0.1', '0.00794', '1.23e-12', '< 10⁻³⁰⁰')
    """
    value = float(value)
    if value < SMALLEST_P:  # False for NaN
        return _SMALLEST_P_TEXT
    return f"{value:.3g}"


def p_columns(table: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """A copy of a table to show, its p-value columns written by :func:`p_value_text`.

    Rounding a p-value column to a few decimals would show every small p-value as 0 (and an
    underflow as 0 too); this writes each with three significant digits and an underflow as
    ``< 10⁻³⁰⁰``. NaN stays NaN. Other columns (and ``attrs``) are kept, so ``.round(3)`` may
    follow for them.

    Parameters
    ----------
    table : pandas.DataFrame
    columns : iterable of str, optional
        Default: the columns of :data:`P_COLUMNS` the table has.

    Examples
    --------
    >>> p_columns(pd.DataFrame({"term": ["obama"], "p_value": [0.0]}))["p_value"].tolist()
    ['< 10⁻³⁰⁰']
    """
    out = table.copy()
    for c in (P_COLUMNS if columns is None else columns):
        if c in out.columns:
            out[c] = pd.Series([v if pd.isna(v) else p_value_text(v) for v in out[c]], index=out.index, dtype=object)
    out.attrs = dict(table.attrs)
    return out


#: The most columns a table shows a reader; the others fold away under "All columns".
MAX_COLUMNS = 7


def _cell_text(value, is_p: bool) -> str:
    if isinstance(value, str):
        return plain_text(value)
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    if is_p:
        return p_value_text(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iu"):
        return f"{int(value):,}"
    if isinstance(value, float) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "f"):
        value = float(value)
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{round(value, 3):g}"
    return plain_text(value)


def _as_text_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Every cell of ``table`` written as the reader sees it (a string), with a fresh 0..n-1 index."""
    out = pd.DataFrame(index=range(len(table)))
    for c in table.columns:
        is_p = c in P_COLUMNS
        out[plain_text(c)] = [_cell_text(v, is_p) for v in table[c].tolist()]
    return out


class ReaderTable:
    """A table as a reader sees it: plain headers, no index, at most :data:`MAX_COLUMNS` columns.

    Made by :func:`reader_table`; displays as HTML in a notebook and in the report, and as
    aligned text elsewhere. ``shown`` is the table of strings it displays, ``table`` the rows
    it was given (all columns), ``note`` the sentence under it ("" when nothing is cut).
    """

    def __init__(self, shown: pd.DataFrame, table: pd.DataFrame, note: str):
        self.shown, self.table, self.note = shown, table, note
        #: Per shown column, whether it holds numbers (set right-aligned).
        self.numeric = [_is_number_column(table[c]) for c in shown.attrs.get("source_columns", [])]

    def _hidden(self) -> list[str]:
        return [c for c in self.table.columns if c not in self.shown.attrs.get("source_columns", [])]

    def _repr_html_(self) -> str:
        if self.table.empty:
            return '<p class="essay-table-note">No rows to show.</p>'
        parts = [f'<div class="essay-table-wrap">{_html_table(self.shown, self.numeric)}</div>']
        if self.note:
            parts.append(f'<p class="essay-table-note tex2jax_ignore">{html_text(self.note)}</p>')
        if self._hidden():
            full = _as_text_frame(self.table)
            numeric = [_is_number_column(self.table[c]) for c in self.table.columns]
            parts.append('<details class="essay-all-columns"><summary>All columns</summary>'
                         f'<div class="essay-table-wrap">{_html_table(full, numeric)}</div></details>')
        return "\n".join(parts)

    def __repr__(self) -> str:
        text = self.shown.to_string(index=False) if len(self.shown) else "(no rows)"
        if self.note:
            text += "\n" + self.note
        hidden = self._hidden()
        if hidden:
            text += "\nAll columns: " + ", ".join(plain_text(c) for c in hidden) + " also in the table."
        return text


def _is_number_column(column: pd.Series) -> bool:
    return column.name in P_COLUMNS or (column.dtype.kind in "iuf" and column.dtype.kind != "b")


def _html_table(shown: pd.DataFrame, numeric: list[bool]) -> str:
    """A table of strings as HTML: a header row, one row per row, number columns marked ``class="n"``."""
    def cell(tag, text, is_number):
        return f'<{tag} class="n">{html_text(text)}</{tag}>' if is_number else f"<{tag}>{html_text(text)}</{tag}>"

    head = "".join(cell("th", c, n) for c, n in zip(shown.columns, numeric))
    rows = "".join("<tr>" + "".join(cell("td", v, n) for v, n in zip(values, numeric)) + "</tr>"
                   for values in shown.itertuples(index=False, name=None))
    # tex2jax_ignore: MathJax (in JupyterLab) leaves a `$` or backslash of the data alone, as pandas' tables ask it to
    return f'<table class="essay-reader-table tex2jax_ignore"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def html_text(value) -> str:
    """A value as text in HTML: :func:`plain_text`, then ``&``, ``<``, ``>`` and quotes escaped.

    Examples
    --------
    >>> html_text('<b>pro</b> \u202e"x"')
    '&lt;b&gt;pro&lt;/b&gt; &quot;x&quot;'
    """
    import html

    return html.escape(plain_text(value), quote=True)


def reader_table(table: pd.DataFrame, columns: dict, *, total: int | None = None, noun: str = "rows") -> ReaderTable:
    """The rows of a computed table as a reader should see them.

    Parameters
    ----------
    table : pandas.DataFrame
        The rows to show (already cut to the rows wanted; its index is never shown).
    columns : dict
        ``{column of table: header shown}``, in the order shown; at most :data:`MAX_COLUMNS`.
        The other columns of ``table`` are shown only under the fold "All columns".
    total : int, optional
        How many rows there are in all (when ``table`` shows only some of them); a note
        "20 of 391 documents shown" then follows the table.
    noun : str
        What a row is, in the plural ("documents", "terms").

    Returns
    -------
    ReaderTable
        Its cells are text: p-values (columns ``p_value``, ``p_adjusted``, ``min_p``) as
        :func:`p_value_text` writes them, whole numbers with thousands separators, other numbers
        rounded to three decimals, True and False as "yes" and "no", missing values empty, data text
        through :func:`plain_text`. A table without rows shows "No rows to show." instead of empty headers.

    Raises
    ------
    ValueError
        If ``columns`` names a column ``table`` lacks, or holds more than :data:`MAX_COLUMNS`.

    Examples
    --------
    >>> t = pd.DataFrame({"term": ["trust", "fear"], "score": [2.34567, -1.5], "p_adjusted": [0.004, 1e-320]})
    >>> print(reader_table(t, {"term": "word", "score": "z", "p_adjusted": "adjusted p"}, total=40, noun="words"))
     word     z adjusted p
    trust 2.346      0.004
     fear  -1.5   < 10⁻³⁰⁰
    2 of 40 words shown.
    """
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"reader_table: the table has no column {missing[0]!r}")
    if len(columns) > MAX_COLUMNS:
        raise ValueError(f"reader_table: {len(columns)} columns asked for; a reader's table shows at most {MAX_COLUMNS}")
    rows = table.reset_index(drop=True)
    shown = _as_text_frame(rows[list(columns)])
    shown.columns = [plain_text(header) for header in columns.values()]
    shown.attrs["source_columns"] = list(columns)
    note = ""
    if total is not None and total > len(rows):
        note = f"{len(rows):,} of {total:,} {noun} shown."
    return ReaderTable(shown, rows, note)


#: What the exported HTML keeps of Markdown cells, Markdown outputs and HTML outputs
#: (pandas tables): text structure only. Figures are image/png outputs, which the exporter
#: writes itself and never passes through this filter.
_ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption code dd del details div dl dt em h1 h2 h3 h4 h5 h6 hr i kbd li ol p pre s "
    "span strong sub summary sup table tbody td tfoot th thead tr ul".split()
)
_ALLOWED_ATTRIBUTES = {"*": ["class", "id"], "a": ["href", "title"], "th": ["colspan", "rowspan"],
                       "td": ["colspan", "rowspan"]}
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)


def sanitize_html(html) -> str:
    """Keep only text structure of an HTML fragment: no script, event, style or image.

    The exporter's own ``clean_html`` (nbconvert 7) allows too little to keep a chapter
    readable (it escapes headings, paragraphs and the head and header cells of tables), so
    the HTML export uses this allow-list instead, with the same sanitizer (bleach):
    headings, paragraphs, emphasis, code, lists, quotes, tables and spans are kept with
    their ``class`` and ``id``; links keep ``href`` (http, https, mailto or a ``#`` anchor
    in the page) and ``title``. Any other tag is shown as text; any other attribute
    (``on*`` events, ``style``, ``src``) is dropped. ``<style>`` elements (pandas puts one
    before each table) are removed with their content. The text passes through
    :func:`plain_text`: no control character and no bidirectional formatting character (from
    a label in a table, say) reaches the page.

    Parameters
    ----------
    html : str or bytes

    Returns
    -------
    str
    """
    import bleach

    text = html.decode("utf-8") if isinstance(html, bytes) else str(html)
    return bleach.clean(
        _STYLE_ELEMENT.sub("", plain_text(text)),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        protocols={"http", "https", "mailto"},
        strip=False,
        strip_comments=True,
    )
