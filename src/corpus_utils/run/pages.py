"""Pages: one executed chapter as one self-contained HTML page.

The page is rendered with the package's nbconvert template ``essay`` (``templates/essay``,
extending JupyterLab's ``lab``) from a reading copy of the notebook: the parameters as the
user gave them, a table of contents after the opening cell, captioned figures. This module
also reads what the front page shows of a chapter: its title, its questions, and the
Markdown of its tagged cells.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

__all__ = [
    "ABSTRACT_TAG",
    "PATH_PARAMETERS",
    "PROSE_TAG",
    "SUMMARY_TAG",
    "as_given",
    "as_typed",
    "caption",
    "opening",
    "render_html",
    "tagged_markdown",
]

#: The folder that holds the nbconvert template ``essay`` (it extends JupyterLab's ``lab``).
_TEMPLATES = Path(__file__).parents[1] / "templates"

#: The cell tag of a cell that writes prose: its page shows what it writes, not its code.
PROSE_TAG = "prose"

#: The cell tag of the cell that writes a chapter's one-line summary, shown under its link on the front page.
SUMMARY_TAG = "summary"

#: The cell tag of the cell that writes the essay's abstract, shown at the top of the front page.
ABSTRACT_TAG = "abstract"

#: The cell tag papermill gives the cell of parameters it adds after the ``parameters`` cell.
_INJECTED_TAG = "injected-parameters"

#: A Markdown cell that announces a figure starts with this heading; the next cell draws it.
_FIGURE_HEADING = "### Figure:"

#: The comment above the parameters shown in place of papermill's cell.
_GIVEN_COMMENT = "Parameters given to `corpus-essay run` (paths as typed; figures_dir relative to the report)"

#: Chapter parameters that name files; they are rewritten relative to the folder the chapters run in.
PATH_PARAMETERS = ("rules", "lexicon")

#: Parameters whose values are paths: shown as given, never as an absolute path.
_SHOWN_PATHS = ("corpus", "figures_dir", *PATH_PARAMETERS)

#: A sentence ends at ``.``, ``!`` or ``?`` before white space or the end, but not after these.
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_ABBREVIATIONS = {"e.g", "i.e", "cf", "vs"}

#: The paragraph of an opening cell that states the question of the chapter (or of the essay).
_QUESTION = re.compile(r"\*\*The question of this (chapter|essay)\.\*\*\s*")


def as_typed(path) -> str:
    """A path as the report shows it: as typed when relative, or, if absolute, by its name alone.

    Parameters
    ----------
    path : str or Path
        A path the user gave.

    Returns
    -------
    str
        ``path`` as written when it is relative; the last part of an absolute one, so no
        path of the machine the report was made on is shown.

    Examples
    --------
    >>> as_typed("reports/r"), as_typed("/home/someone/texts")
    ('reports/r', 'texts')
    """
    text = str(path)
    if not os.path.isabs(text):
        return text
    return Path(text).name or text


def as_given(parameters: dict, given: dict) -> dict:
    """The parameters a chapter receives, with each value as the user gave it.

    Parameters
    ----------
    parameters : dict
        Those injected into the chapter (paths relative to the folder the chapter runs in).
    given : dict
        The user's values (``corpus``, ``figures_dir``, the options).

    Returns
    -------
    dict
        The names of ``parameters``, each with the user's value where one was given; path
        values are shown by :func:`as_typed`, so no absolute path is shown.

    Examples
    --------
    >>> as_given({"corpus": "../../texts", "n_clusters": 3}, {"corpus": "texts"})
    {'corpus': 'texts', 'n_clusters': 3}
    """
    shown = {}
    for name, value in parameters.items():
        value = given.get(name, value)
        if name in _SHOWN_PATHS and isinstance(value, (str, Path)):
            value = as_typed(value)
        shown[name] = value
    return shown


def render_html(nb, name: str, shown: dict | None = None) -> tuple[str, str]:
    """Render an executed chapter as one self-contained HTML page; return its title and the page.

    The page is rendered with the package's nbconvert template ``essay``
    (``templates/essay``, extending JupyterLab's ``lab``): the input of cells tagged
    :data:`PROSE_TAG` is removed (nbconvert's ``TagRemovePreprocessor``), and so is the cell
    tagged :data:`SUMMARY_TAG` (its line is shown under the chapter's link on the front page,
    and would only repeat the chapter's own closing words here), other code is
    folded behind "show code", a table of contents follows the opening cell, figures are
    captioned (see :func:`caption`), and no script, style or font is fetched from the
    network. The notebook is not changed.

    Figures are already in the notebook (image/png outputs, written as data URIs), so the
    exporter never reads a file that Markdown points at (``embed_images=False``), and
    Markdown and HTML outputs pass through :func:`corpus_utils.report.sanitize_html`
    (nbconvert's own ``clean_html`` would escape headings, paragraphs and table headers).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed chapter (it is not modified).
    name : str
        The chapter's name (``02_vocabulary``): its title when no Markdown cell has a ``# `` title.
    shown : dict, optional
        The parameters as the user gave them (see :func:`as_given`), shown in place of
        papermill's injected-parameters cell; by default that cell is shown as it is.

    Returns
    -------
    tuple of str
        The chapter's title and the HTML page.
    """
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from ..report import sanitize_html

    title = _title(nb, name)
    page = _reading_copy(nb, shown)
    exporter = HTMLExporter(
        template_name="essay",
        extra_template_basedirs=[str(_TEMPLATES)],
        embed_images=False,
        sanitize_html=True,
        filters={"clean_html": sanitize_html},
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_input_tags={PROSE_TAG}, remove_cell_tags={SUMMARY_TAG}), enabled=True
    )
    resources = {"metadata": {"name": title}, "essay": {"contents": _contents(page), "front_page": "index.html"}}
    body, _ = exporter.from_notebook_node(page, resources=resources)
    return title, body


def _reading_copy(nb, shown: dict | None):
    """A copy of an executed chapter, marked up for its page; the notebook itself is not changed.

    * no stderr stream output is kept (warnings and logs are not the reader's business, and may
      name files of the machine);
    * papermill's injected-parameters cell shows ``shown`` (the parameters as the user gave
      them), not the paths the chapter ran with; with ``shown`` None it is left as it is;
    * the opening cell (the first Markdown cell with a ``# `` title) is marked to be followed
      by the table of contents (``metadata.essay.contents_after``);
    * a cell right after a ``### Figure: ...`` Markdown cell gets that figure's caption
      (``metadata.essay.caption``, see :func:`caption`), and its text as the image's
      alternative text (``metadata.essay.alt``).
    """
    import copy

    page = copy.deepcopy(nb)
    markdown = [cell for cell in page.cells if cell.cell_type == "markdown"]
    opening = next((cell for cell in markdown if _heading_text(cell.source, 1) is not None), None)
    if opening is None and markdown:
        opening = markdown[0]
    if opening is not None:
        opening.metadata["essay"] = {"contents_after": True}
    for previous, cell in zip([None, *page.cells], page.cells):
        if cell.cell_type != "code":
            continue
        cell.outputs = [out for out in cell.get("outputs", []) if out.get("name") != "stderr"]  # never for the reader
        if shown is not None and _INJECTED_TAG in cell.metadata.get("tags", []):
            cell.source = _parameters_source(shown)
        text = caption(previous.source) if previous is not None and previous.cell_type == "markdown" else None
        if text:
            cell.metadata["essay"] = {"caption": text, "alt": _plain(text)}
    return page


def _parameters_source(shown: dict) -> str:
    """Python assignments of the parameters, in papermill's own notation, under one comment."""
    from papermill.translators import translate_parameters

    return translate_parameters("python3", "python", shown, comment=_GIVEN_COMMENT).rstrip("\n")


def _heading_text(source: str, level: int) -> str | None:
    """The text of the first heading of ``level`` (``#`` signs) in Markdown, or None."""
    marks = "#" * level + " "
    for line in source.splitlines():
        if line.startswith(marks):
            return line[len(marks):].strip()
    return None


def _paragraphs(source: str) -> list[str]:
    """The paragraphs of Markdown text, each on one line (headings are paragraphs of their own)."""
    paragraphs, current = [], []
    for line in source.splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            if current:
                paragraphs.append(" ".join(current))
                current = []
            if line.strip():
                paragraphs.append(line.strip())
            continue
        current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _first_sentence(text: str) -> str:
    """Text up to the end of its first sentence (a ``.``, ``!`` or ``?`` before a space, not after e.g.)."""
    for end in _SENTENCE_END.finditer(text):
        words = text[:end.start()].split()
        if words and words[-1].lstrip("(").lower() in _ABBREVIATIONS:
            continue
        return text[:end.end()]
    return text


def caption(source: str) -> str | None:
    """The caption (Markdown) of the figure a ``### Figure: ...`` cell announces, or None.

    The heading, as a bold title, then the first sentence of the paragraph below it.

    Parameters
    ----------
    source : str
        The Markdown of the cell before a figure.

    Returns
    -------
    str or None
        The caption, or None when the cell does not start with a ``### Figure:`` heading.

    Examples
    --------
    >>> caption("### Figure: lengths by group\\n\\nEach dot is a document. Longer ones sit higher.")
    '**Figure: lengths by group.** Each dot is a document.'
    """
    paragraphs = _paragraphs(source)
    if not paragraphs or not paragraphs[0].startswith(_FIGURE_HEADING):
        return None
    title = paragraphs[0].lstrip("#").strip()
    title = f"**{title if title.endswith(('.', '!', '?')) else title + '.'}**"
    body = paragraphs[1] if len(paragraphs) > 1 and not paragraphs[1].startswith("#") else ""
    return " ".join(part for part in (title, _first_sentence(body)) if part)


class _HeadingParser(HTMLParser):
    """Collects the ``h2`` and ``h3`` headings of HTML: level, ``id`` and text (the ``¶`` link left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.entries, self._open = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "h3") and attrs.get("id"):
            self.entries.append({"level": int(tag[1]), "anchor": attrs["id"], "text": ""})
            self._open.append(tag)
        elif self._open and tag == "a" and "anchor-link" in (attrs.get("class") or "").split():
            self._open.append("a")

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open and self._open[-1] != "a":
            self.entries[-1]["text"] += data


def _contents(nb) -> list[dict]:
    """The table of contents of a chapter: its Markdown cells' ``##`` and ``###`` headings.

    Each entry is ``{"level": 2 or 3, "anchor": id, "text": heading}``, where ``id`` is the
    one nbconvert gives the heading on the page (its Markdown renderer makes both).
    """
    from nbconvert.filters import markdown2html_mistune

    parser = _HeadingParser()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parser.feed(markdown2html_mistune(cell.source))
    parser.close()
    return [dict(entry, text=" ".join(entry["text"].split())) for entry in parser.entries]


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _plain(markdown: str) -> str:
    """Markdown inline text as plain text: emphasis and code marks removed, spaces collapsed."""
    return " ".join(re.sub(r"\*\*|\*|`", "", markdown).split())


def opening(nb) -> dict:
    """The questions a chapter's opening cell states, as plain text.

    A paragraph that starts with ``**The question of this chapter.**`` (or ``... essay.``)
    states that question; without one, the chapter's question is the first paragraph below
    its title that is not the essay's question.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A chapter; its first Markdown cell is its opening.

    Returns
    -------
    dict
        ``{"chapter": ..., "essay": ...}``, each key only when the cell states that question
        (empty for a notebook without Markdown).
    """
    cell = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    questions: dict[str, str] = {}
    if cell is None:
        return questions
    rest = []
    for paragraph in _paragraphs(cell.source):
        lead = _QUESTION.match(paragraph)
        if lead:
            questions.setdefault(lead.group(1), _plain(paragraph[lead.end():]))
        elif not paragraph.startswith("#"):
            rest.append(paragraph)
    if "chapter" not in questions and rest:
        questions["chapter"] = _plain(rest[0])
    return questions


def tagged_markdown(nb, tag: str) -> str | None:
    """The Markdown that a notebook's cells tagged ``tag`` displayed, or None if none did.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.
    tag : str
        A cell tag, such as :data:`SUMMARY_TAG` or :data:`ABSTRACT_TAG`.

    Returns
    -------
    str or None
        The ``text/markdown`` outputs of those cells, in order, separated by blank lines.
        They were written by :mod:`corpus_utils.narrate`, which escapes every value from the
        data; the front page still renders them through the HTML allow-list.
    """
    parts = []
    for cell in nb.cells:
        if cell.cell_type != "code" or tag not in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown")
            if text:
                parts.append("".join(text) if isinstance(text, list) else str(text))
    return "\n\n".join(part.strip() for part in parts) or None
