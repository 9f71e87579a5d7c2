"""Front: the essay's front page (``index.html``), from the Jinja template ``templates/front``.

The page states the essay's question and its computed abstract, shows the figure of the
distinctive terms (the chapter cell tagged :data:`FIGURE_TAG`, inlined as a data URI with its
``### Figure:`` caption), links the term explorer (``explorer.html``) and every chapter with its
question and one-line summary, shows the corpus at a glance, and says how to reproduce the
report. The template escapes every value and shows it as plain text
(:func:`corpus_utils.report.plain_text`: no control or bidirectional formatting character; the
title shortens each label with :func:`corpus_utils.report.short_label`); the only HTML it is given is the Markdown of the
narrative layer rendered through the allow-list (:func:`corpus_utils.report.sanitize_html`).
"""

from __future__ import annotations

import functools
import json
import shlex
from pathlib import Path

from .pages import as_typed, caption, opening

__all__ = ["EXPLORER", "FIGURE_TAG", "QUESTION_TAG", "front_figure", "front_page", "index_html"]

#: The cell tag of the cell that draws the front page's figure (chapter 05: the distinctive terms).
FIGURE_TAG = "front-figure"
#: The cell tag of the cell that writes the essay's question (chapter 05; the seed essay's own, or a neutral one).
QUESTION_TAG = "question"
#: The term explorer beside the front page in every report.
EXPLORER = "explorer.html"

#: The folder of the front page's template (``index.html.j2``) and its style (``index.css``).
_TEMPLATES = Path(__file__).parents[1] / "templates" / "front"


def _shown(value):
    """What the template prints for a value: HTML the code made (Markup) as is, anything else as plain text."""
    from markupsafe import Markup

    from ..report import plain_text

    return value if isinstance(value, Markup) or value is None else plain_text(value)


@functools.cache
def _template():
    import jinja2

    from ..report import short_label

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,
    )
    environment.filters["short"] = short_label
    environment.filters["thousands"] = lambda n: f"{int(n):,}"
    return environment.get_template("index.html.j2")


def _markdown_html(markdown: str):
    """Markdown written by the narrative layer as HTML, through the allow-list, marked safe for the template."""
    from markupsafe import Markup
    from nbconvert.filters import markdown2html_mistune

    from ..report import sanitize_html

    return Markup(sanitize_html(markdown2html_mistune(markdown)).strip())


def _inline_html(markdown: str):
    """One paragraph of Markdown as inline HTML (its ``<p>`` taken off), through the allow-list."""
    from markupsafe import Markup

    html = str(_markdown_html(markdown))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def _default_question(groups: list[str]) -> str:
    """The essay's question when no chapter states it: a neutral one, built from the groups compared."""
    if len(groups) == 2:
        return f"What sets the language of {groups[0]} apart from that of {groups[1]}?"
    return f"What sets the language of each group ({', '.join(groups)}) apart from the others?"


def front_figure(nb) -> dict | None:
    """The front page's figure from an executed chapter: its PNG and the caption of its ``### Figure:`` cell.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook; its code cell tagged :data:`FIGURE_TAG` drew the figure, and the
        Markdown cell before it announces it (``### Figure: ...``).

    Returns
    -------
    dict or None
        ``{"png": base64 text, "caption": Markdown or None}`` for the first PNG the tagged cell
        displayed; None when no cell is tagged or it drew nothing (a figure the chapter chose
        not to draw).
    """
    announced = None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            announced = caption(cell.source)
            continue
        if FIGURE_TAG in cell.metadata.get("tags", []):
            for output in cell.get("outputs", []):
                png = output.get("data", {}).get("image/png")
                if png:
                    return {"png": "".join(png).replace("\n", "") if isinstance(png, list) else str(png).replace("\n", ""),
                            "caption": announced}
            return None
    return None


def _figure(figure: dict | None):
    """The figure as the template shows it: a data URI of base64 text only, and its caption as allow-listed HTML."""
    import base64
    import binascii

    if not figure or not figure.get("png"):
        return None
    try:
        data = base64.b64encode(base64.b64decode(figure["png"], validate=True)).decode("ascii")
    except (binascii.Error, ValueError):
        return None
    text = figure.get("caption")
    return {"src": f"data:image/png;base64,{data}", "caption": _markdown_html(text) if text else None,
            "alt": _alt(text)}


def _alt(text: str | None) -> str:
    """The figure's text alternative: its caption as plain text."""
    import re

    return " ".join(re.sub(r"\*\*|\*|`|\\", "", text).split()) if text else "The distinctive terms of each group"


def index_html(manifest: dict, chapters: list[dict], *, question: str | None = None,
               abstract: str | None = None, figure: dict | None = None, question_markdown: str | None = None) -> str:
    """The essay's front page: the question, the abstract, the chapters, the corpus, how to reproduce it.

    Parameters
    ----------
    manifest : dict
        The run's manifest (``corpus``, ``documents``, ``documents_per_group``, optionally
        ``tokens_per_group``, ``groups_compared``, ``parameters``, optionally ``command``).
    chapters : list of dict
        In order, each with ``notebook`` (its file name), ``title``, ``question`` (plain
        text, or None) and optionally ``summary`` (the chapter's computed one-line summary,
        Markdown written by :mod:`corpus_utils.narrate`, or None).
    question : str, optional
        The essay's question (plain text); by default one built from the groups compared.
    abstract : str, optional
        The essay's computed abstract (Markdown written by :mod:`corpus_utils.narrate`, whose
        values from the data are already escaped), shown below the question. Nothing is shown
        without it.
    figure : dict, optional
        The front page's figure (:func:`front_figure`: base64 PNG and caption), shown after the
        abstract inside a ``<figure>`` with its caption, as a data URI (the page stays one file).
    question_markdown : str, optional
        The essay's question as written by :mod:`corpus_utils.narrate` (Markdown); it replaces
        ``question``.

    Returns
    -------
    str
        A self-contained HTML page. Plain-text values are escaped; Markdown is rendered and
        passed through the HTML allow-list (:func:`corpus_utils.report.sanitize_html`).
    """
    groups = [str(g) for g in manifest.get("groups_compared") or manifest["documents_per_group"]]
    tokens = manifest.get("tokens_per_group") or {}
    entries = [{"notebook": chapter["notebook"], "page": Path(chapter["notebook"]).with_suffix(".html").name,
                "title": chapter["title"], "question": chapter.get("question"),
                "summary": _markdown_html(chapter["summary"]) if chapter.get("summary") else None}
               for chapter in chapters]
    rows = [{"group": str(g), "documents": n, "tokens": tokens.get(g)} for g, n in manifest["documents_per_group"].items()]
    parameters = [(str(k), json.dumps(v, ensure_ascii=False)) for k, v in (manifest.get("parameters") or {}).items()]
    command = manifest.get("command")
    return _template().render(
        groups=groups,
        question=(_inline_html(question_markdown) if question_markdown
                  else question if question is not None else _default_question(groups)),
        abstract=_markdown_html(abstract) if abstract else None,
        figure=_figure(figure),
        explorer=EXPLORER,
        chapters=entries,
        documents=manifest["documents"],
        total_tokens=sum(int(n) for n in tokens.values()) if tokens else None,
        corpus=as_typed(manifest["corpus"]),
        rows=rows,
        parameters=parameters,
        command=shlex.join(str(w) for w in command) if command else None,
    )


def front_page(manifest: dict, notebooks: list[Path], results: dict[str, dict] | None = None) -> str:
    """``index.html`` for a run: the chapters' titles and questions are read from their notebooks.

    Parameters
    ----------
    manifest : dict
        The run's manifest; its ``chapters`` give each chapter's ``notebook`` and ``title``.
    notebooks : list of Path
        The chapter notebooks, in the order of the manifest's chapters (their opening cells
        state the questions).
    results : dict, optional
        ``{notebook name: {"summary": ..., "abstract": ..., "question": ..., "front_figure": ...}}``
        from the executed chapters: each chapter's computed one-line summary and, from the
        chapter that writes them, the essay's abstract, its question (which replaces the one
        the opening cells state) and the front page's figure.

    Returns
    -------
    str
        The page (see :func:`index_html`).
    """
    import nbformat

    results = results or {}
    chapters, question, abstract, figure, written = [], None, None, None, None
    for entry, notebook in zip(manifest["chapters"], notebooks):
        questions = opening(nbformat.read(str(notebook), as_version=4))
        question = question or questions.get("essay")
        result = results.get(entry["notebook"], {})
        abstract = abstract or result.get("abstract")
        figure = figure or result.get("front_figure")
        written = written or result.get("question")
        chapters.append({"notebook": entry["notebook"], "title": entry["title"], "question": questions.get("chapter"),
                         "summary": result.get("summary")})
    return index_html(manifest, chapters, question=question, abstract=abstract, figure=figure,
                      question_markdown=written)
