"""Pages: one executed chapter as one self-contained HTML page.

The page is rendered with the package's nbconvert template ``essay`` (``templates/essay``,
extending JupyterLab's ``lab``) from a reading copy of the notebook: one box of the parameters
the chapter ran with (as the user gave them), method notes folded under "How this was
computed", numbered figures and tables, links to the previous and next chapters, and the
chapter's contents (a sidebar on wide screens, a fold on narrow ones). Nothing the kernel
wrote to its error stream, no error output and no absolute path reaches the page. This
module also reads what the front page shows of a chapter: its title, its questions, and the
Markdown of its tagged cells.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

__all__ = [
    "ABSTRACT_TAG",
    "METHOD_TAG",
    "PATH_PARAMETERS",
    "PROSE_TAG",
    "SUMMARY_TAG",
    "as_given",
    "as_typed",
    "caption",
    "chapter_title",
    "navigation",
    "opening",
    "render_html",
    "scrub_paths",
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

#: The cell tag of a Markdown cell that explains how something was computed: folded on the page.
METHOD_TAG = "method"

#: The summary line of a folded method note (its first heading, if any, follows after a colon).
_METHOD_SUMMARY = "How this was computed"

#: The cell tag of a chapter's parameters cell (papermill's name).
_PARAMETERS_TAG = "parameters"

#: The cell tag papermill gives the cell of parameters it adds after the ``parameters`` cell.
_INJECTED_TAG = "injected-parameters"

#: A Markdown cell that announces a figure (or a table) starts with one of these headings; the
#: next cell draws the figure (shows the table).
_FIGURE_HEADING = "### Figure:"
_TABLE_HEADING = "### Table:"
_CAPTIONED = {_FIGURE_HEADING: "Figure", _TABLE_HEADING: "Table"}

#: The comment above the one box of parameters a chapter's page shows.
_GIVEN_COMMENT = ("# Parameters this chapter ran with: those given to `corpus-essay run` (paths as typed;\n"
                  "# figures_dir relative to the report), and the chapter's defaults for the rest.")

#: One part of a path: no white space, separator, quote, bracket or Markdown mark.
_PATH_PART = r"[^\s/'\"<>`|*?()\[\]{}]+"

#: An absolute path in text: a POSIX path of at least two parts (``/tmp/x/a.txt``), one under the
#: home folder (``~/x/a.txt``), or a Windows one (``C:\\x\\a.txt``); a URL's path is left alone.
_ABSOLUTE_PATH = re.compile(
    rf"(?<![\w.~:/\\+=-])~?(?:/{_PATH_PART}){{2,}}/?"
    r"|(?<![\w\\])[A-Za-z]:\\(?:[^\s\\'\"<>`|*?]+\\)+[^\s\\'\"<>`|*?]*"
)

#: Chapter parameters that name files; they are rewritten relative to the folder the chapters run in.
PATH_PARAMETERS = ("rules", "lexicon")

#: Parameters whose values are paths: shown as given, never as an absolute path.
_SHOWN_PATHS = ("corpus", "figures_dir", *PATH_PARAMETERS)

#: Parameters the command gives every chapter for its own use, not the reader's: where the shared results are.
_NOT_SHOWN = ("shared",)

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
        The names of ``parameters`` (but ``shared``, the command's own), each with the user's value
        where one was given; path values are shown by :func:`as_typed`, so no absolute path is shown.

    Examples
    --------
    >>> as_given({"corpus": "../../texts", "n_clusters": 3}, {"corpus": "texts"})
    {'corpus': 'texts', 'n_clusters': 3}
    """
    shown = {}
    for name, value in parameters.items():
        if name in _NOT_SHOWN:
            continue
        value = given.get(name, value)
        if name in _SHOWN_PATHS and isinstance(value, (str, Path)):
            value = as_typed(value)
        shown[name] = value
    return shown


def scrub_paths(text: str) -> str:
    r"""Text with every absolute path in it replaced by its last part (see :func:`as_typed`).

    A page must not show where the report was made (a temporary folder, a home folder).

    Parameters
    ----------
    text : str
        Text an output holds (plain, Markdown or HTML).

    Returns
    -------
    str
        ``text`` with each absolute path (two parts or more: ``/tmp/x/a.txt``, ``~/x/a.txt``,
        ``C:\x\a.txt``) written by its name alone; relative paths and URLs are left as they are.

    Examples
    --------
    >>> scrub_paths("skipped /tmp/tmpab12/texts/a.docx (not text); see docs/x.md or https://a.org/b/c")
    'skipped a.docx (not text); see docs/x.md or https://a.org/b/c'
    """
    def last(match):
        return re.split(r"[/\\]", match.group().rstrip("/\\"))[-1]

    return _ABSOLUTE_PATH.sub(last, text)


def chapter_title(nb, fallback: str) -> str:
    """A chapter's title: the text of its first ``# `` heading, or ``fallback`` without one.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A chapter notebook (executed or not: its title is in its Markdown).
    fallback : str
        The title of a notebook without a ``# `` heading (its name).

    Returns
    -------
    str
        The title.

    Examples
    --------
    >>> from nbformat import v4
    >>> chapter_title(v4.new_notebook(cells=[v4.new_markdown_cell("# Chapter 1 · Words")]), "01_words")
    'Chapter 1 · Words'
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = _heading_text(cell.source, 1)
            if text is not None:
                return text
    return fallback


def navigation(chapters) -> list[dict]:
    """The links between chapter pages: for each chapter, its previous and next chapter.

    Parameters
    ----------
    chapters : list of (str, str)
        The chapters of a report in order, each as (page file name, title).

    Returns
    -------
    list of dict
        One ``{"previous": link, "next": link}`` per chapter, a link being
        ``{"href": page, "title": title}`` or None at either end.

    Examples
    --------
    >>> nav = navigation([("01_a.html", "One"), ("02_b.html", "Two")])
    >>> nav[0]["previous"], nav[0]["next"], nav[1]["previous"]["title"]
    (None, {'href': '02_b.html', 'title': 'Two'}, 'One')
    """
    links = [{"href": href, "title": title} for href, title in chapters]
    return [{"previous": links[i - 1] if i else None, "next": links[i + 1] if i + 1 < len(links) else None}
            for i in range(len(links))]


def render_html(nb, name: str, shown: dict | None = None, nav: dict | None = None) -> tuple[str, str]:
    """Render an executed chapter as one self-contained HTML page; return its title and the page.

    The page is rendered with the package's nbconvert template ``essay``
    (``templates/essay``, extending JupyterLab's ``lab``) from a reading copy of the notebook
    (see :func:`_reading_copy`; the notebook is not changed):

    * the input of cells tagged :data:`PROSE_TAG` is removed (nbconvert's
      ``TagRemovePreprocessor``), and so is the cell tagged :data:`SUMMARY_TAG` (its line is
      shown under the chapter's link on the front page); other code is folded behind "show code";
    * one parameters box shows the parameters the chapter ran with;
    * Markdown cells tagged :data:`METHOD_TAG` are folded under "How this was computed";
    * figures and tables announced by a ``### Figure:`` / ``### Table:`` cell are numbered
      in order and captioned (see :func:`caption`);
    * links to the previous and next chapters and to the front page sit at the top and the
      bottom, and the chapter's contents in a sidebar on wide screens (a fold on narrow ones);
    * no script, style or font is fetched from the network.

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
        The parameters as the user gave them (see :func:`as_given`), shown in the parameters
        box in place of the chapter's defaults; by default the values papermill injected.
    nav : dict, optional
        The chapter's neighbours, one entry of :func:`navigation`; without it the page links
        to the front page only.

    Returns
    -------
    tuple of str
        The chapter's title and the HTML page.
    """
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from ..report import sanitize_html

    title = chapter_title(nb, name)
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
    nav = nav or {}
    essay = {"contents": _contents(page), "front_page": "index.html",
             "previous": nav.get("previous"), "next": nav.get("next")}
    body, _ = exporter.from_notebook_node(page, resources={"metadata": {"name": title}, "essay": essay})
    return title, body


def _reading_copy(nb, shown: dict | None):
    """A copy of an executed chapter, marked up for its page; the notebook itself is not changed.

    * no stderr stream and no error output is kept (warnings, logs and tracebacks are not the
      reader's business, and may name files of the machine), and every absolute path in the
      other outputs is written by its name alone (:func:`scrub_paths`);
    * the ``parameters`` cell shows the parameters the chapter ran with: its defaults, with
      the values of papermill's injected-parameters cell in their place (as the user gave
      them, ``shown``, when given); the injected cell itself is left out;
    * a Markdown cell tagged :data:`METHOD_TAG` is marked to be folded
      (``metadata.essay.method``: the summary, HTML); its first heading becomes the summary;
    * a ``### Figure: ...`` or ``### Table: ...`` Markdown cell followed by a code cell loses
      that heading (it becomes the caption), and the figure (first image) or the table (first
      HTML output) of the code cell gets its numbered caption (``metadata.essay`` of that output:
      ``caption``, Markdown; ``alt``, plain text; ``kind``, ``figure`` or ``table``).
    """
    import copy

    page = copy.deepcopy(nb)
    for cell in page.cells:
        if cell.cell_type == "code":
            cell.outputs = [_scrubbed(out) for out in cell.get("outputs", [])
                            if out.get("name") != "stderr" and out.get("output_type") != "error"]
    _one_parameters_box(page, shown)
    cells, numbers = [], {"Figure": 0, "Table": 0}
    for index, cell in enumerate(page.cells):
        following = page.cells[index + 1] if index + 1 < len(page.cells) else None
        if cell.cell_type == "markdown" and METHOD_TAG in cell.metadata.get("tags", []):
            cell.metadata["essay"] = {"method": _method_summary(cell)}
        elif cell.cell_type == "markdown" and following is not None and following.cell_type == "code":
            kind = _caption_kind(cell.source)
            target = _captioned_output(following, kind) if kind else None
            if target is not None:
                numbers[kind] += 1
                text = caption(cell.source, numbers[kind])
                target.setdefault("metadata", {})["essay"] = {
                    "caption": text, "alt": _plain(text), "kind": kind.lower()}
                cell.source = _after_caption(cell.source)
                if not cell.source.strip():
                    continue
        cells.append(cell)
    page.cells = cells
    return page


def _scrubbed(output):
    """An output with every absolute path in its text written by its name (:func:`scrub_paths`)."""
    if output.get("output_type") == "stream":
        output["text"] = scrub_paths("".join(output.get("text", "")))
        return output
    data = output.get("data", {})
    for mime in ("text/plain", "text/markdown", "text/html"):
        if mime in data:
            text = data[mime]
            data[mime] = scrub_paths("".join(text) if isinstance(text, list) else str(text))
    return output


def _caption_kind(source: str) -> str | None:
    """``Figure`` or ``Table`` when Markdown starts with a ``### Figure:`` / ``### Table:`` heading."""
    paragraphs = _paragraphs(source)
    for heading, kind in _CAPTIONED.items():
        if paragraphs and paragraphs[0].startswith(heading):
            return kind
    return None


def _captioned_output(cell, kind: str):
    """The output of ``cell`` that a figure's (its first image) or a table's caption belongs to, or None."""
    shown = [out for out in cell.get("outputs", []) if out.get("output_type") in ("display_data", "execute_result")]
    if kind == "Figure":
        return next((out for out in shown if "image/png" in out.get("data", {})), None)
    return next((out for out in shown if "text/html" in out.get("data", {})), shown[0] if shown else None)


def _after_caption(source: str) -> str:
    """What a ``### Figure:`` / ``### Table:`` cell still says once :func:`caption` has taken its part.

    The heading and the first sentence of the paragraph after it are in the caption; the rest
    of that paragraph (joined on one line) and any later paragraph stay above the figure.
    """
    lines = source.splitlines()[1:]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines or lines[0].lstrip().startswith("#"):
        return "\n".join(lines).strip("\n")
    end = next((i for i, line in enumerate(lines) if not line.strip() or line.lstrip().startswith("#")), len(lines))
    body = " ".join(line.strip() for line in lines[:end])
    rest = body[len(_first_sentence(body)):].strip()
    return "\n".join(([rest] if rest else []) + lines[end:]).strip("\n")


#: A parenthesis of code spans in a heading: "Starts and seeds (`cluster.kmeans`, `cluster.seed_stability`)".
_CODE_PARENTHESIS = re.compile(r"\s*\(((?:\s*`[^`]+`\s*,?)+)\)\s*$")


def _method_summary(cell) -> str:
    """The summary (HTML) of a folded method note; its first heading, if any, is taken out of the cell."""
    from nbconvert.filters import markdown2html_mistune

    from ..report import sanitize_html

    lines = cell.source.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not re.match(r"#{1,6} ", lines[first]):
        return _METHOD_SUMMARY
    heading = lines[first].lstrip("#").strip()
    body = lines[:first] + lines[first + 1:]
    # the names of the package's functions stay in the note, not in its one visible line
    names = _CODE_PARENTHESIS.search(heading)
    if names:
        heading = (heading[:names.start()] + heading[names.end():]).strip()
        body = [f"*In the package:* {names.group(1).strip()}", ""] + body
    cell.source = "\n".join(body).strip("\n")
    inline = markdown2html_mistune(heading).strip()
    inline = re.sub(r"^<p>(.*)</p>$", r"\1", inline, flags=re.S)
    return f"{_METHOD_SUMMARY}: {sanitize_html(inline)}"


def _one_parameters_box(page, shown: dict | None) -> None:
    """Show one box of parameters: the ``parameters`` cell with the values the chapter ran with.

    Each assignment of the ``parameters`` cell whose name papermill injected is rewritten with
    the value as the user gave it (``shown``) or, without ``shown``, as papermill injected it;
    the injected cell is then left out. A name injected but not assigned in the parameters
    cell is added at its end. Without a ``parameters`` cell, the injected cell shows ``shown``.
    """
    import ast

    from papermill.translators import PythonTranslator

    injected = next((c for c in page.cells if c.cell_type == "code" and _INJECTED_TAG in c.metadata.get("tags", [])), None)
    box = next((c for c in page.cells if c.cell_type == "code" and _PARAMETERS_TAG in c.metadata.get("tags", [])), None)
    if shown is not None:
        values = {name: PythonTranslator.translate(value) for name, value in shown.items()}
    elif injected is not None:
        values = _assigned(injected.source)
    else:
        return
    if box is None:
        if injected is not None:
            injected.source = _parameters_source(shown) if shown is not None else injected.source
        return
    try:
        tree = ast.parse(box.source)
    except SyntaxError:  # not Python papermill could read: leave both cells as they are
        return
    lines = box.source.splitlines()
    left = dict(values)
    for node in reversed(tree.body):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in left:
                first, last = node.lineno - 1, node.end_lineno - 1
                rest = lines[last][node.end_col_offset:]
                lines[first:last + 1] = [f"{lines[first][:node.col_offset]}{name} = {left.pop(name)}{rest}"]
    lines += [f"{name} = {value}" for name, value in values.items() if name in left]
    box.source = "\n".join([*_GIVEN_COMMENT.splitlines(), *lines]) if shown is not None else "\n".join(lines)
    if injected is not None:
        page.cells.remove(injected)


def _assigned(source: str) -> dict:
    """``{name: value as source text}`` of the plain assignments in Python source (none if it does not parse)."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    return {node.targets[0].id: ast.get_source_segment(source, node.value) for node in tree.body
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)}


def _parameters_source(shown: dict) -> str:
    """Python assignments of the parameters, in papermill's own notation, under one comment."""
    from papermill.translators import translate_parameters

    return translate_parameters("python3", "python", shown, comment=_GIVEN_COMMENT.replace("# ", "", 1)).rstrip("\n")


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


def caption(source: str, number: int | None = None) -> str | None:
    """The caption (Markdown) of the figure or table a ``### Figure: ...`` / ``### Table: ...`` cell announces.

    Its number (``Figure 2.``) in bold, the heading's text as a sentence, then the first
    sentence of the paragraph below the heading.

    Parameters
    ----------
    source : str
        The Markdown of the cell before a figure or a table.
    number : int, optional
        The figure's (table's) number in its chapter; without it the bold lead is the
        heading itself (``Figure: lengths by group.``).

    Returns
    -------
    str or None
        The caption, or None when the cell does not start with a ``### Figure:`` or
        ``### Table:`` heading.

    Examples
    --------
    >>> caption("### Figure: lengths by group\\n\\nEach dot is a document. Longer ones sit higher.", 2)
    '**Figure 2.** Lengths by group. Each dot is a document.'
    >>> caption("### Table: the words of each group")
    '**Table: the words of each group.**'
    """
    kind = _caption_kind(source)
    if kind is None:
        return None
    paragraphs = _paragraphs(source)
    title = paragraphs[0].lstrip("#").strip()
    if number is None:
        lead, text = f"**{_sentence(title)}**", ""
    else:
        text = title.split(":", 1)[1].strip()
        lead, text = f"**{kind} {number}.**", _sentence(text[:1].upper() + text[1:]) if text else ""
    body = paragraphs[1] if len(paragraphs) > 1 and not paragraphs[1].startswith("#") else ""
    return " ".join(part for part in (lead, text, _first_sentence(body)) if part)


def _sentence(text: str) -> str:
    """Text ending in a full stop (unless it ends in ``.``, ``!`` or ``?``)."""
    return text if text.endswith((".", "!", "?")) else text + "."


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
    one nbconvert gives the heading on the page (its Markdown renderer makes both). Folded
    method notes (cells tagged :data:`METHOD_TAG`) are not listed.
    """
    from nbconvert.filters import markdown2html_mistune

    parser = _HeadingParser()
    for cell in nb.cells:
        if cell.cell_type == "markdown" and METHOD_TAG not in cell.metadata.get("tags", []):
            parser.feed(markdown2html_mistune(cell.source))
    parser.close()
    return [dict(entry, text=" ".join(entry["text"].split())) for entry in parser.entries]


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
