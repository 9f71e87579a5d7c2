"""Explorer: every term of chapter 02 on one page, ``explorer.html``, drawn with Bokeh.

The page places each term that passes chapter 02's dispersion filter as scattertext does: by how
often each group uses it (uses per 1,000 words counted, on log scales), coloured by the group it
leans to. Hovering a point shows the term's counts, rates, documents and z-score; a search box
finds a term; selecting a term (a tap, or the search) shows its keyword-in-context lines from each
group side by side.

The statistics come from the package, never from here: :func:`term_table` reads chapter 02's
log-odds table (:func:`corpus_utils.chapters.vocabulary`, with the parameters chapter 02
received), and :func:`context_table` cuts the lines with :func:`corpus_utils.context.kwic_table`.
:func:`explorer_html` draws the two tables with Bokeh, whose whole runtime is inlined in the
page; the only JavaScript of our own is three small ``CustomJS`` callbacks.

The page keeps the report's promises:

* it fetches nothing: a Content-Security-Policy meta tag forbids every request (:data:`CSP`);
* every value from the data is shown as text: terms, labels, document ids and context lines
  pass through :func:`corpus_utils.report.plain_text`, travel in the page as JSON data (which
  Bokeh escapes inside its script element) and are drawn on the canvas or as text nodes
  (tooltip fields, table cells, ``Div`` with ``render_as_text``); the few values written into the
  page's HTML header are escaped with :func:`corpus_utils.report.html_text`;
* its size is bounded: at most :data:`MAX_TERMS` terms (fewer with more than two groups, see
  :func:`term_cap`) and :data:`LINES_PER_GROUP` lines per group per term, each side of a line at
  most :data:`CONTEXT_CHARS` characters; the page says what was capped;
* it is deterministic: Bokeh's model and element ids are numbered from the same start on every
  call (:func:`_stable_ids`), so two runs write identical bytes.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import inspect
import itertools
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "CONTEXT_CHARS",
    "CSP",
    "DOC_ID_CHARS",
    "EXPLORER_PAGE",
    "LINES_PER_GROUP",
    "MAX_TERM_GROUPS",
    "MAX_TERMS",
    "context_table",
    "explorer_html",
    "term_cap",
    "term_table",
    "vocabulary_settings",
]

#: The page's file name in every report folder.
EXPLORER_PAGE = "explorer.html"
#: The chapter whose log-odds table the explorer shows, and whose parameters it takes.
VOCABULARY_CHAPTER = "02_vocabulary"
#: The most terms the page shows (the most used ones, plus every term chapter 02 lists).
MAX_TERMS = 5_000
#: With more than two groups, terms times groups stays under this (each group adds a panel and lines).
MAX_TERM_GROUPS = 10_000
#: Keyword-in-context lines kept per group per term.
LINES_PER_GROUP = 3
#: Characters kept on each side of the match in a context line (the side away from the match is cut).
CONTEXT_CHARS = 60
#: Characters kept of a document id in a context line (its beginning and end, see :func:`~corpus_utils.report.short_label`).
DOC_ID_CHARS = 40
#: The Content-Security-Policy of the page: no request of any kind; inline scripts and styles only.
#: BokehJS needs ``'unsafe-eval'`` to compile the ``CustomJS`` callbacks, inline styles for its
#: layout, and ``data:`` images for its toolbar icons.
CSP = ("default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")
#: The label of documents outside a one-vs-rest comparison, while a panel is computed (never shown).
_OUTSIDE = "\x00outside"


# --------------------------------------------------------------------------------------------
# the tables


def vocabulary_settings(declared: dict | None = None, options: dict | None = None) -> dict:
    """The parameters chapter 02 receives in a run: its defaults, then the options given.

    Parameters
    ----------
    declared : dict, optional
        ``{chapter path: {name: default as source text}}`` (what
        :func:`~.execute.chapter_parameters` reads); the chapter named :data:`VOCABULARY_CHAPTER`
        gives the defaults. Without it, those of :func:`corpus_utils.chapters.vocabulary`.
    options : dict, optional
        The chapter parameters the user gave (they override the defaults).

    Returns
    -------
    dict
        ``groups`` and every keyword of :func:`corpus_utils.chapters.vocabulary`.

    Examples
    --------
    >>> s = vocabulary_settings({Path("02_vocabulary.ipynb"): {"alpha0": "100.0", "top_n": "10"}}, {"top_n": 5})
    >>> s["alpha0"], s["top_n"], s["groups"]
    (100.0, 5, None)
    """
    from ..chapters import vocabulary

    names = [p.name for p in inspect.signature(vocabulary).parameters.values() if p.kind == p.KEYWORD_ONLY]
    settings = {"groups": None}
    settings.update({name: inspect.signature(vocabulary).parameters[name].default for name in names})
    for chapter, defaults in (declared or {}).items():
        if Path(chapter).stem != VOCABULARY_CHAPTER:
            continue
        for name, source in defaults.items():
            if name in settings:
                with contextlib.suppress(ValueError, SyntaxError):
                    settings[name] = ast.literal_eval(source)
    settings.update({k: v for k, v in (options or {}).items() if k in settings})
    return settings


def term_cap(n_groups: int, max_terms: int = MAX_TERMS) -> int:
    """How many terms the page shows: ``max_terms``, fewer when more groups share the page.

    Each group adds lines to every term (and, with three or more groups, a panel of points),
    so terms times groups stays under :data:`MAX_TERM_GROUPS`.

    Examples
    --------
    >>> term_cap(2), term_cap(3), term_cap(8)
    (5000, 3333, 1250)
    """
    return int(min(max_terms, MAX_TERM_GROUPS // max(int(n_groups), 2)))


def _comparisons(vocab):
    from ..groups import comparisons

    return comparisons(vocab.dtm.labels, vocab.groups)


def _panels(vocab) -> list[pd.DataFrame]:
    """One log-odds table per panel: chapter 02's own (two groups), or each group against the rest."""
    from ..groups import REST
    from ..keyness import log_odds

    comps = _comparisons(vocab)
    table = vocab.by_log_odds
    if comps[0].mode == "pair":
        return [table.assign(group_a=comps[0].group_a, group_b=comps[0].group_b)]
    s = vocab.settings
    panels = []
    for comp in comps:
        # the same counts, prior and filter as chapter 02's one-vs-rest row of this group, with the
        # terms leaning to the rest kept too (filtered on the rest's documents, as in a pair)
        labels = np.where(comp.in_a, comp.group_a, np.where(comp.in_b, REST, _OUTSIDE)).astype(object)
        dtm = dataclasses.replace(vocab.dtm, labels=labels)
        part = log_odds(dtm, groups=(comp.group_a, REST), alpha0=s["alpha0"], min_docs=s["min_docs"])
        panels.append(part.assign(group_a=comp.group_a, group_b=REST))
    return panels


def term_table(corpus: pd.DataFrame, settings: dict, *, max_terms: int = MAX_TERMS, shared=None) -> pd.DataFrame:
    """Every term that passes chapter 02's dispersion filter, with its counts in each panel.

    With two groups there is one panel, chapter 02's log-odds table itself (``by_log_odds``, the
    table of its Fightin' Words figure). With three or more, one panel per group against the
    rest of the groups compared: the same counts, prior and filter as chapter 02's one-vs-rest
    table, whose rows for the group are the panel's rows leaning to it; the panel also keeps
    the terms leaning to the rest (used by at least ``min_docs`` documents of the rest).

    The terms are capped at :func:`term_cap` (``max_terms``, fewer with more than two groups):
    the most used ones (uses in the groups compared, then term), plus every term chapter 02
    lists (its ``top_n`` per group).

    Parameters
    ----------
    corpus : pandas.DataFrame
        The loaded corpus.
    settings : dict
        Chapter 02's parameters (:func:`vocabulary_settings`).
    max_terms : int, default MAX_TERMS

    Returns
    -------
    pandas.DataFrame
        One row per panel and term: ``group_a, group_b`` (the panel: y and x of the page),
        ``term, group`` (the group it leans to; ``"rest"``, or empty when it leans to neither),
        ``score`` (z), ``count_a, count_b, docs_a, docs_b, rate_a, rate_b`` (uses per 1,000
        words counted), ``uses`` (``count_a + count_b``) and ``listed`` (chapter 02 lists it for
        that group). Sorted by panel (in the groups' order), then uses (descending), then term.
        ``attrs``: ``groups``, ``comparison`` (``"pair"`` or ``"one-vs-rest"``), ``group_sizes``
        (documents per panel side), ``alpha0``, ``min_docs``, ``stop_words``, ``top_n``,
        ``n_terms`` (terms that pass), ``n_shown``, ``n_listed`` and ``max_terms`` (the cap).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2", "3", "4"], "group": ["a", "a", "b", "b"],
    ...                        "text": ["trust trust police", "trust community", "crime crime police", "crime law"]})
    >>> t = term_table(corpus, vocabulary_settings())
    >>> t[["term", "group", "count_a", "count_b", "docs_a"]].values.tolist()
    [['crime', 'b', 0, 3, 0], ['trust', 'a', 3, 0, 2]]
    """
    return _term_table(_vocabulary(corpus, settings, shared), max_terms)


def _vocabulary(corpus: pd.DataFrame, settings: dict, shared=None):
    """Chapter 02's results with ``settings`` (:func:`corpus_utils.chapters.vocabulary`), on the run's token index when shared."""
    from ..chapters import vocabulary

    keywords = {k: v for k, v in settings.items() if k not in ("groups", "shared")}
    return vocabulary(corpus, settings.get("groups"), **keywords, shared=shared)


def _term_table(vocab, max_terms: int) -> pd.DataFrame:
    """:func:`term_table` of chapter 02's results ``vocab``."""
    from ..keyness import top_terms

    comps = _comparisons(vocab)
    panels = _panels(vocab)
    listed = top_terms(vocab.by_log_odds, vocab.settings["top_n"]) if len(vocab.by_log_odds) else vocab.by_log_odds
    listed_pairs = set(zip(listed["term"], listed["group"]))
    table = pd.concat(panels, ignore_index=True)
    table["uses"] = table["count_a"] + table["count_b"]
    table["listed"] = [(t, g) in listed_pairs for t, g in zip(table["term"], table["group"])]
    table["group"] = table["group"].astype(object)
    # one use count per term (the same in every panel: the documents of the groups compared)
    per_term = table.groupby("term", sort=True)["uses"].max()
    order = per_term.reset_index().sort_values(["uses", "term"], ascending=[False, True], kind="stable")
    cap = term_cap(len(_line_groups(comps)), max_terms)
    kept = set(order["term"].head(cap)) | set(listed["term"])
    shown = table[table["term"].isin(kept)]
    panel_order = {c.group_a: i for i, c in enumerate(comps)}
    shown = shown.assign(_panel=shown["group_a"].map(panel_order))
    shown = shown.sort_values(["_panel", "uses", "term"], ascending=[True, False, True], kind="stable")
    columns = ["group_a", "group_b", "term", "group", "score", "count_a", "count_b", "docs_a", "docs_b",
               "rate_a", "rate_b", "uses", "listed"]
    shown = shown[columns].reset_index(drop=True)
    sizes = {}
    for comp in comps:
        sizes[comp.group_a] = int(comp.in_a.sum())
        sizes.setdefault(comp.group_b, int(comp.in_b.sum()))
    shown.attrs = {
        "groups": list(vocab.groups),
        "comparison": comps[0].mode,
        "group_sizes": sizes,
        "alpha0": float(vocab.settings["alpha0"]),
        "min_docs": 2 if vocab.settings["min_docs"] is None else int(vocab.settings["min_docs"]),
        "stop_words": vocab.settings["stop_words"] if isinstance(vocab.settings["stop_words"], str | None) else "custom",
        "top_n": int(vocab.settings["top_n"]),
        "window": int(vocab.settings["window"]),
        "n_terms": int(len(per_term)),
        "n_shown": int(shown["term"].nunique()),
        "n_listed": int(listed["term"].nunique()),
        "max_terms": cap,
    }
    return shown


def _line_groups(comps) -> list[tuple[str, np.ndarray]]:
    """The groups whose lines the page shows side by side, each with its documents."""
    if comps[0].mode == "pair" or len(comps) == 1:
        return [(comps[0].group_a, comps[0].in_a), (comps[0].group_b, comps[0].in_b)]
    return [(c.group_a, c.in_a) for c in comps]


def _cut(text: str, width: int, keep_end: bool) -> str:
    """At most ``width`` characters of one side of a line, cut away from the match."""
    if len(text) <= width:
        return text
    return "\u2026" + text[len(text) - width + 1:] if keep_end else text[: width - 1] + "\u2026"


def context_table(corpus: pd.DataFrame, terms: pd.DataFrame, settings: dict, *,
                  lines_per_group: int = LINES_PER_GROUP, tokens=None) -> pd.DataFrame:
    """The keyword-in-context lines of each term in each group, at most ``lines_per_group`` each.

    Each group's documents are searched on their own with :func:`corpus_utils.context.kwic_table`
    (``window`` tokens either side, chapter 02's stop words), so the lines kept are spread
    evenly over that group's documents. Each side of a line keeps at most
    :data:`CONTEXT_CHARS` characters, cut away from the match.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The loaded corpus.
    terms : pandas.DataFrame
        From :func:`term_table`: its terms, in order, and their counts (a group whose count of a
        term is 0 is not searched).
    settings : dict
        Chapter 02's parameters (``groups``, ``window``, ``stop_words``).
    lines_per_group : int, default LINES_PER_GROUP
    tokens : TokenIndex, optional
        The index of ``corpus`` (the run's, read from its shared results): each group's documents
        are cut from it (:meth:`corpus_utils.count.TokenIndex.subset`) instead of tokenized again.

    Returns
    -------
    pandas.DataFrame
        ``term, group, n_matches, doc_id, left, match, right``: one row per line, and one row
        with empty ``doc_id`` and text for a term with no match in a group (so that
        ``n_matches`` is known for every term and group). In the order of ``terms``, then of
        the groups, then corpus order. ``attrs``: ``groups``, ``lines_per_group``, ``window``,
        ``context_chars``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2", "3"], "group": ["a", "a", "b"],
    ...                        "text": ["We trust them.", "Trust is earned.", "No trust here."]})
    >>> terms = pd.DataFrame({"term": ["trust"]})
    >>> t = context_table(corpus, terms, {"groups": None, "window": 1}, lines_per_group=1)
    >>> t[["group", "n_matches", "doc_id", "left", "match", "right"]].values.tolist()
    [['a', 2, '1', 'We', 'trust', 'them'], ['b', 1, '3', 'No', 'trust', 'here']]
    """
    from ..context import kwic_table
    from ..count import index_tokens
    from ..groups import comparisons
    from ..report import plain_text, short_label

    window = int(settings.get("window", 5))
    stop_words = settings.get("stop_words", "default")
    comps = comparisons(corpus["group"], settings.get("groups"))
    known = {}  # (term, group): its count, where the term table gives it
    for side in ("a", "b"):
        if f"count_{side}" in terms.columns:
            known.update(zip(zip(terms["term"], terms[f"group_{side}"]), terms[f"count_{side}"]))
    rows = []
    per_group = []
    whole = tokens if tokens is not None and np.array_equal(np.asarray(tokens.doc_ids, dtype=object),
                                                            corpus["doc_id"].to_numpy(dtype=object)) else None
    for name, mask in _line_groups(comps):
        members = np.flatnonzero(np.asarray(mask))
        if not len(members):
            per_group.append((name, None))
        else:  # the group's documents, cut from the run's index when there is one, else indexed here
            per_group.append((name, whole.subset(members) if whole is not None else index_tokens(corpus.iloc[members])))
    wanted = list(dict.fromkeys(terms["term"]))
    found = {}  # group: {term: [(n_matches, doc_id, left, match, right), ...]}, every term's lines cut at once
    for name, tokens in per_group:
        searched = [term for term in wanted if known.get((term, name)) != 0] if tokens is not None else []
        lines = kwic_table(tokens, searched, window=window, max_lines=lines_per_group, stop_words=stop_words) \
            if searched else None
        found[name] = {}
        if lines is not None:
            for row in zip(*(lines[c].tolist() for c in ("term", "n_matches", "doc_id", "left", "match", "right"))):
                found[name].setdefault(row[0], []).append(row[1:])
    for term in wanted:
        for name, _ in per_group:
            lines = found[name].get(term)
            if not lines:
                rows.append((term, name, 0, "", "", "", ""))
                continue
            for n, doc_id, left, match, right in lines:
                rows.append((term, name, n, short_label(doc_id, DOC_ID_CHARS), _cut(plain_text(left), CONTEXT_CHARS, True),
                             short_label(match, CONTEXT_CHARS), _cut(plain_text(right), CONTEXT_CHARS, False)))
    table = pd.DataFrame(rows, columns=["term", "group", "n_matches", "doc_id", "left", "match", "right"])
    table = table.astype({"n_matches": np.int64})
    table.attrs = {"groups": [name for name, _ in per_group], "lines_per_group": int(lines_per_group),
                   "window": window, "context_chars": CONTEXT_CHARS}
    return table


# --------------------------------------------------------------------------------------------
# the page


#: Every ``CustomJS`` callback of the page. ``SEARCH``: the search box selects the term in every
#: panel. ``SHOW``: a selected term's lines fill each group's table.
_SEARCH_JS = """
const wanted = cb_obj.value.trim().toLowerCase();
let found = false;
for (const source of sources) {
  const i = source.data.term.indexOf(wanted);
  source.selected.indices = i >= 0 ? [i] : [];
  found = found || i >= 0;
}
if (!found && wanted !== "") {
  status.text = "No term \\u201c" + wanted + "\\u201d among the terms shown.";
  for (let k = 0; k < tables.length; k++) {
    tables[k].data = {doc_id: [], left: [], match: [], right: []};
    counts[k].text = "";
  }
}
"""

_SHOW_JS = """
const i = source.selected.indices[0];
if (i === undefined) { return; }
const term = source.data.term[i];
const code = vocabulary.data.term.indexOf(term);
status.text = "Lines of \\u201c" + term + "\\u201d, at most " + per_group + " per group:";
const t = lines.data;
for (let k = 0; k < tables.length; k++) {
  const shown = {doc_id: [], left: [], match: [], right: []};
  let n = 0;
  for (let j = 0; j < t.term.length; j++) {
    if (t.term[j] !== code || t.group[j] !== k) { continue; }
    n = t.n_matches[j];
    if (t.doc_id[j] === "" && t.match[j] === "") { continue; }
    shown.doc_id.push(t.doc_id[j]); shown.left.push(t.left[j]);
    shown.match.push(t.match[j]); shown.right.push(t.right[j]);
  }
  tables[k].data = {doc_id: [], left: [], match: [], right: []};  // the table redraws its rows only when their number changes
  tables[k].data = shown;
  counts[k].text = names[k] + ": " + (n === 0 ? "not used" : shown.match.length + " of " + n + (n === 1 ? " line" : " lines"));
}
"""


@contextlib.contextmanager
def _stable_ids():
    """Number Bokeh's ids from the same start on every call, so that a page is the same bytes every time.

    Bokeh numbers its models from a process-wide counter (``p1000``, ``p1001``, ...) and gives
    the document and its HTML elements random UUIDs. While the page is built, the counter starts
    again from its first value and the UUIDs are replaced by a counter of their own
    (``explorer-1``, ...); afterwards the counter goes on from the larger of its two values,
    so ids stay unique in the process. (Checked for the pinned Bokeh, 3.9; a test compares two
    pages byte for byte.)
    """
    from bokeh.embed import elements, util
    from bokeh.util import serialization

    counter = itertools.count(1)

    def next_id():
        return f"explorer-{next(counter)}"

    patched = [(serialization, "make_globally_unique_id"), (util, "make_globally_unique_id"),
               (util, "make_globally_unique_css_safe_id"), (elements, "make_globally_unique_css_safe_id")]
    saved = [getattr(module, name) for module, name in patched]
    with serialization._simple_id_lock:
        before = serialization._simple_id
        serialization._simple_id = 999
    for module, name in patched:
        setattr(module, name, next_id)
    try:
        yield
    finally:
        for (module, name), original in zip(patched, saved):
            setattr(module, name, original)
        with serialization._simple_id_lock:
            serialization._simple_id = max(before, serialization._simple_id)


def _number(n) -> str:
    return f"{int(n):,}"


def _header(terms: pd.DataFrame, lines: pd.DataFrame) -> str:
    """The page's introduction, as HTML (every value from the data escaped)."""
    from ..report import html_text as e

    a = terms.attrs
    if a["comparison"] == "pair":
        y, x = (e(str(g)) for g in a["groups"][:2])
        axes = (f"Up: how often <em>{y}</em> uses the term; right: how often <em>{x}</em> uses it, both in uses per "
                "1,000 words counted, on log scales. Terms on the diagonal are used at the same rate by both groups.")
    else:
        axes = ("One panel per group: up, how often the group uses the term; right, how often the rest of the groups "
                "compared use it, both in uses per 1,000 words counted, on log scales. Terms on the diagonal are "
                "used at the same rate on both sides.")
    grey = "grey terms lean to neither" if a["comparison"] == "pair" else "grey terms lean to the rest, or to neither"
    capped = (f"All {_number(a['n_terms'])} terms that pass the filter are shown" if a["n_shown"] >= a["n_terms"] else
              f"The {_number(a['n_shown'])} most used of {_number(a['n_terms'])} terms that pass the filter are shown "
              f"(every term chapter 02 lists among them)")
    per = lines.attrs["lines_per_group"]
    return (
        '<h1 class="explorer-title">Every term, as each group uses it</h1>'
        f"<p>Each point is a word that passes the dispersion filter of chapter 02 (used by at least "
        f"{_number(a['min_docs'])} documents of the group it leans to, or by all of them when the group has fewer). "
        f"{axes} A term a group never uses sits at the edge, at half the smallest rate on that axis. The colour "
        f"says which group the term leans to, by the sign of its log-odds z-score (Monroe, Colaresi and Quinn's "
        f"Fightin' Words, with a prior of {a['alpha0']:g} pseudo-words), the statistic of chapter 02; {grey}.</p>"
        "<p>Hover over a point to see its counts; tap it, or type a term in the box, to read its lines in "
        "context below, side by side for each group.</p>"
        f"<p class=\"explorer-caps\">{capped}; at most {per} {'line' if per == 1 else 'lines'} per group per term, "
        f"with {lines.attrs['window']} words on each side (at most {lines.attrs['context_chars']} characters).</p>"
        '<p><a href="index.html">Back to the report</a></p>'
    )


def _panel_source(panel: pd.DataFrame, colors: dict):
    """The points of one panel: positions (zeros at half the smallest rate), colours and what hover shows."""
    from bokeh.models import ColumnDataSource

    from ..groups import REST
    from ..report import plain_text, short_label

    def placed(rates: pd.Series) -> np.ndarray:
        positive = rates[rates > 0]
        floor = positive.min() / 2 if len(positive) else 1.0
        return np.where(rates > 0, rates, floor).astype(np.float64)

    lean = panel["group"].astype(str)
    from ..plot import REST_COLOR  # terms that lean to "the rest" or to neither group: the figures' grey

    color = [colors.get(g, REST_COLOR) if g not in ("", REST) else REST_COLOR for g in lean]
    leans = ["neither" if g == "" else short_label(g) for g in lean]
    return ColumnDataSource({
        "term": [plain_text(t) for t in panel["term"]],
        "x": placed(panel["rate_b"]),
        "y": placed(panel["rate_a"]),
        "color": color,
        "lean": leans,
        "count_a": panel["count_a"].to_numpy(np.int64), "count_b": panel["count_b"].to_numpy(np.int64),
        "docs_a": panel["docs_a"].to_numpy(np.int64), "docs_b": panel["docs_b"].to_numpy(np.int64),
        "rate_a": panel["rate_a"].to_numpy(np.float64), "rate_b": panel["rate_b"].to_numpy(np.float64),
        "z": panel["score"].to_numpy(np.float64),
        "listed": np.where(panel["listed"], "yes", "no"),
    })


def _panel_figure(source, name_a: str, name_b: str, n_a: int, n_b: int):
    """One panel: the scatter of a group (up) against the other side (right), hover and tap."""
    from bokeh.models import HoverTool, PlainText, PrintfTickFormatter, Slope, TapTool
    from bokeh.plotting import figure

    p = figure(x_axis_type="log", y_axis_type="log", height=560, sizing_mode="stretch_width",
               tools="pan,wheel_zoom,box_zoom,reset", toolbar_location="above", output_backend="canvas")
    p.xaxis.axis_label = PlainText(f"{name_b}: uses per 1,000 words (log scale)")
    p.yaxis.axis_label = PlainText(f"{name_a}: uses per 1,000 words (log scale)")
    p.add_layout(Slope(gradient=1, y_intercept=0, line_color="#777777", line_dash="dashed", line_width=1))
    points = p.scatter("x", "y", source=source, size=7, fill_color="color", line_color="color", fill_alpha=0.6,
                       line_alpha=0.8, legend_field="lean", selection_fill_color="black", selection_line_color="black",
                       selection_fill_alpha=1.0, nonselection_fill_alpha=0.25, nonselection_line_alpha=0.25)
    p.legend.title = "leans to"
    p.add_layout(p.legend[0], "right")
    for axis in (p.xaxis, p.yaxis):
        axis.formatter = PrintfTickFormatter(format="%g")
    p.add_tools(HoverTool(renderers=[points], tooltips=[
        ("term", "@term"),
        (name_a, f"@count_a uses (@rate_a{{0.00}} per 1,000 words), in @docs_a of {n_a} documents"),
        (name_b, f"@count_b uses (@rate_b{{0.00}} per 1,000 words), in @docs_b of {n_b} documents"),
        ("z-score", "@z{0.00}"),
        ("leans to", "@lean"),
        ("listed in chapter 02", "@listed"),
    ]))
    p.add_tools(TapTool(renderers=[points]))
    return p


def explorer_html(corpus: pd.DataFrame, settings: dict, *, max_terms: int = MAX_TERMS,
                  lines_per_group: int = LINES_PER_GROUP, shared=None) -> str:
    """The term explorer: every term of chapter 02 placed by how often each group uses it, as one HTML page.

    Parameters
    ----------
    corpus : pandas.DataFrame
        The loaded corpus.
    settings : dict
        Chapter 02's parameters (:func:`vocabulary_settings`).
    max_terms : int, default MAX_TERMS
        The most terms shown (see :func:`term_table`).
    lines_per_group : int, default LINES_PER_GROUP
        Keyword-in-context lines kept per group per term.
    shared : str or Path, optional
        The run's shared results (:mod:`corpus_utils.shared`): its token index is read from there
        instead of tokenizing the corpus again (the same page).

    Returns
    -------
    str
        A self-contained HTML page (Bokeh's runtime inlined; nothing is fetched), the same bytes
        for the same corpus and settings.
    """
    vocab = _vocabulary(corpus, settings, shared)  # its token index: the run's, read once, when shared
    terms = _term_table(vocab, max_terms)
    lines = context_table(corpus, terms, settings, lines_per_group=lines_per_group, tokens=vocab.tokens)
    return _page(terms, lines)


def _page(terms: pd.DataFrame, lines: pd.DataFrame) -> str:
    from bokeh.embed import file_html
    from bokeh.layouts import column, row
    from bokeh.models import (AutocompleteInput, ColumnDataSource, CustomJS, DataTable, Div, InlineStyleSheet,
                              StringFormatter,
                              TableColumn, TabPanel, Tabs)
    from bokeh.resources import INLINE

    from ..plot import group_colors
    from ..report import plain_text, short_label

    a = terms.attrs
    line_groups = lines.attrs["groups"]
    colors = group_colors(line_groups)
    names = [short_label(g) for g in line_groups]
    with _stable_ids():
        sources, figures = [], []
        for name_a in dict.fromkeys(terms["group_a"]):
            panel = terms[terms["group_a"] == name_a]
            name_b = panel["group_b"].iloc[0]
            source = _panel_source(panel, colors)
            sources.append(source)
            figures.append((name_a, _panel_figure(source, short_label(name_a), short_label(name_b),
                                                  a["group_sizes"][name_a], a["group_sizes"][name_b])))
        if not figures:
            plots = Div(text="No term passes the dispersion filter of chapter 02, so there is nothing to place.",
                        render_as_text=True, disable_math=True)
        elif len(figures) == 1:
            plots = figures[0][1]
        else:
            plots = Tabs(tabs=[TabPanel(child=fig, title=f"{short_label(name)} against the rest")
                               for name, fig in figures], sizing_mode="stretch_width")
        group_code = {g: i for i, g in enumerate(line_groups)}
        vocabulary = list(dict.fromkeys(terms["term"]))  # the lines name their term by its place in this list
        term_code = {t: i for i, t in enumerate(vocabulary)}
        vocabulary_source = ColumnDataSource({"term": [plain_text(t) for t in vocabulary]})
        all_lines = ColumnDataSource({
            "term": lines["term"].map(term_code).to_numpy(np.int64),
            "group": lines["group"].map(group_code).to_numpy(np.int64),
            "n_matches": lines["n_matches"].to_numpy(np.int64),
            "doc_id": lines["doc_id"].tolist(), "left": lines["left"].tolist(),
            "match": lines["match"].tolist(), "right": lines["right"].tolist(),
        })
        status = Div(text="Select a term to read its lines in context.", render_as_text=True, disable_math=True,
                     styles={"font-weight": "bold"})
        tables, counts, blocks = [], [], []
        for name in names:
            shown = ColumnDataSource({"doc_id": [], "left": [], "match": [], "right": []})
            table = DataTable(source=shown, index_position=None, sortable=False, reorderable=False, height=130,
                              sizing_mode="stretch_width", columns=[
                                  TableColumn(field="doc_id", title="document", width=90),
                                  TableColumn(field="left", title="before", formatter=StringFormatter(text_align="right")),
                                  TableColumn(field="match", title="term", width=90,
                                              formatter=StringFormatter(font_style="bold", text_align="center")),
                                  TableColumn(field="right", title="after")])
            count = Div(text=name, render_as_text=True, disable_math=True, styles={"font-weight": "bold"})
            tables.append(shown)
            counts.append(count)
            blocks.append(column(count, table, sizing_mode="stretch_width"))
        per_group = int(lines.attrs["lines_per_group"])
        for source in sources:
            source.selected.js_on_change("indices", CustomJS(
                args=dict(source=source, lines=all_lines, tables=tables, counts=counts, names=names, status=status,
                          per_group=per_group, vocabulary=vocabulary_source), code=_SHOW_JS))
        search = AutocompleteInput(title="Find a term", placeholder="type a word", case_sensitive=False,
                                   completions=sorted(set(plain_text(t) for t in terms["term"])), min_characters=1,
                                   restrict=False, width=320)
        search.js_on_change("value", CustomJS(args=dict(sources=sources, status=status, tables=tables, counts=counts),
                                              code=_SEARCH_JS))
        header = Div(text=_header(terms, lines), sizing_mode="stretch_width", disable_math=True,
                     stylesheets=[InlineStyleSheet(css="p { margin: 0.5em 0; max-width: 60em; line-height: 1.4; }")])
        layout = column(header, search, plots, status, row(*blocks, sizing_mode="stretch_width"),
                        sizing_mode="stretch_width", styles={"padding": "0 1.5em", "font-family": "sans-serif"})
        page = file_html(layout, INLINE, title="Term explorer", template=_TEMPLATE,
                         template_variables={"csp": CSP})
    return page


#: Bokeh's page template (which Bokeh extends from its own) with the Content-Security-Policy first in the head, and a viewport.
_TEMPLATE = """{% block preamble -%}
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
{%- endblock %}
"""
