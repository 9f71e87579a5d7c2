"""End to end: a corpus whose labels, ids, titles and texts are hostile markup yields a safe report.

User data is text, never markup: every chapter page is parsed (not grepped) and checked for
live scripts, event attributes, ``javascript:`` links, images other than our own figures,
files read from disk, and mathematics made out of a ``$`` in the data.
"""

from __future__ import annotations

import base64
import itertools
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from conftest import ROOT, snapshot, write_corpus

#: Every test here reads the report built on the hostile corpus.
pytestmark = pytest.mark.essay

SECRET = "the-secret-in-notes-7f3a91"
OUTSIDE_SECRET = "the-secret-outside-c02e55"

#: Label A also carries an unclosed right-to-left override, control characters and letters the figures'
#: font lacks; label B is 300 characters long. (Generated here rather than committed: a file holding a
#: bidirectional override or a control character misleads whoever reads it.)
LABEL_A = "<img src=x onerror=alert(1)> $x$ ![s](.notes-link.txt) \u202epro 12\x07 \x1b\u4f4f\u623f"
LABEL_B = "[pro](javascript:alert(2)) ![y](notes.txt) `b` | c <script>alert(10)</script>"
LABEL_B = (LABEL_B + " long" * 60)[:300]
#: What the pages show of each label: control characters as U+FFFD, no bidirectional formatting character.
SHOWN_A = "<img src=x onerror=alert(1)> $x$ ![s](.notes-link.txt) pro 12\ufffd \ufffd\u4f4f\u623f"
SHOWN_B = LABEL_B
#: Every character that must not reach a page: C0 controls but tab, line feed and carriage return, DEL, C1,
#: and the bidirectional formatting characters.
UNSAFE = {chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]} | set(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
#: A .docx file in the corpus folder: the loader skips it with a warning, which each chapter shows as a note.
DOCX = ROOT / "tests" / "fixtures" / "hostile" / "skipped-docx" / "meeting_minutes.docx"
DOC_IDS = [
    "<b onmouseover=alert(3)>d1</b>",
    "[d2](javascript:alert(4))",
    "![d3](notes.txt)",
    "$d_4$ & a$b$c",
    "`d5` | *d6*",
    "![d7](.notes-link.txt)",
]
TITLES = [
    '<i onclick="alert(5)">Title</i>',
    "[t](javascript:alert(6))",
    "![t](notes.txt)",
    "$\\frac{1}{2}$ and $$y$$",
    "a | b | c",
    "<script>alert(7)</script>",
]
HOSTILE_LINES = (
    "\n\nTenants <img src=x onerror=alert(8)> say [read](javascript:alert(9)) and ![pic](notes.txt) "
    "or $m$ and \\(n\\) with `code` | pipes.\n"
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """The tags of an HTML page, its scripts, and its text with the elements around each piece."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self.texts, self.stack = [], [], [], []
        self._script = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "script":
            self._script = [tuple(sorted((k, v or "") for k, v in attrs)), ""]
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], self._script[1].strip()))
            self._script = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data
        self.texts.append((data, list(self.stack)))

    def text_within(self, css_class: str) -> str:
        """The text inside elements of a class, e.g. the Markdown outputs."""
        return "".join(d for d, stack in self.texts if any(css_class in a.get("class", "").split() for _, a in stack))


def _baseline_scripts() -> set:
    """The scripts the exporter writes into any page: those of an empty notebook's page (none since the
    report ships no MathJax, require.js or mermaid loader)."""
    from corpus_utils.run.pages import render_html

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Empty")])
    _, html = render_html(nb, "00_empty")
    return set(Page(html).scripts)


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    from corpus_utils.run import run_essay

    work = tmp_path_factory.mktemp("work")
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text(OUTSIDE_SECRET, encoding="utf-8")
    (work / "notes.txt").write_text(SECRET, encoding="utf-8")
    (work / ".notes-link.txt").symlink_to(outside)
    sources = [sorted((ROOT / "tests" / "fixtures" / "rent_control" / side).glob("*.txt"))[:3]
               for side in ("for-rent-control", "against-rent-control")]
    docs, extra = {}, {}
    for i, (path, label) in enumerate(zip(sources[0] + sources[1], [LABEL_A] * 3 + [LABEL_B] * 3)):
        name = f"doc{i + 1}.txt"
        docs[name] = (label, path.read_text(encoding="utf-8") + HOSTILE_LINES)
        extra[name] = {"doc_id": DOC_IDS[i], "title": TITLES[i]}
    corpus = write_corpus(work / "corpus", docs, extra)
    (corpus / DOCX.name).write_bytes(DOCX.read_bytes())
    before = snapshot(corpus)
    from corpus_utils.load import CorpusWarning

    with pytest.MonkeyPatch.context() as mp, pytest.warns(CorpusWarning, match=DOCX.name):
        mp.chdir(work)
        out = run_essay(Path("corpus"), Path("report"), progress=False)  # the loader skips the .docx file
    baseline = _baseline_scripts()
    return SimpleNamespace(out=work / out, corpus=corpus, before=before, baseline=baseline)


def _chapters(report):
    pages = sorted(report.out.glob("[0-9][0-9]_*.html"))
    assert pages
    return pages


def test_the_report_builds(hostile_report):
    chapters = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.name for p in hostile_report.out.glob("*.ipynb")) == chapters
    assert [p.stem for p in _chapters(hostile_report)] == [Path(c).stem for c in chapters]
    assert (hostile_report.out / "index.html").is_file()
    for name in chapters:
        nb = nbformat.read(str(hostile_report.out / name), as_version=4)
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, (name, errors)


def test_labels_read_literally_in_every_chapters_prose(hostile_report):
    for page in _chapters(hostile_report):
        prose = Page(page.read_text(encoding="utf-8")).text_within("jp-RenderedMarkdown")
        assert SHOWN_A in prose and SHOWN_B in prose, page.name


def test_doc_ids_and_titles_read_literally(hostile_report):
    clustering = Page(next(hostile_report.out.glob("04_*.html")).read_text(encoding="utf-8"))
    prose = clustering.text_within("jp-OutputArea-output")
    assert any(f"The most similar pair is {a} and {b} (cosine" in prose for a, b in itertools.permutations(DOC_IDS, 2))
    corpus = Page(next(hostile_report.out.glob("01_*.html")).read_text(encoding="utf-8")).text_within("jp-OutputArea-output")
    for value in DOC_IDS + TITLES:
        assert value in corpus, value


def _pages(report):
    return [*_chapters(report), report.out / "index.html"]


def test_no_script_at_all(hostile_report):
    assert hostile_report.baseline == set()  # the exporter writes none of its own (no require.js, MathJax, mermaid)
    for page in _pages(hostile_report):
        assert Page(page.read_text(encoding="utf-8")).scripts == [], page.name


def test_no_event_attribute_and_no_javascript_url(hostile_report):
    for page in _pages(hostile_report):
        for tag, attrs in Page(page.read_text(encoding="utf-8")).tags:
            for name, value in attrs:
                assert not name.lower().startswith("on"), (page.name, tag, name, value)
                if name.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                    squeezed = "".join(ch for ch in (value or "") if ch > " ").lower()
                    assert not squeezed.startswith(("javascript:", "vbscript:", "data:text")), (page.name, tag, value)


def test_every_image_is_one_of_our_figures(hostile_report):
    for page in _chapters(hostile_report):
        nb = nbformat.read(str(page.with_suffix(".ipynb")), as_version=4)
        figures = {"data:image/png;base64," + "".join(o["data"]["image/png"].split())
                   for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})}
        images = [dict(attrs).get("src", "") for tag, attrs in Page(page.read_text(encoding="utf-8")).tags
                  if tag == "img"]
        assert images and figures, page.name
        assert {"".join(src.split()) for src in images} <= figures, page.name


def test_no_file_from_disk_is_embedded(hostile_report):
    secrets = [SECRET, OUTSIDE_SECRET]
    forms = secrets + [base64.b64encode(s.encode()).decode() for s in secrets]
    for path in hostile_report.out.rglob("*"):
        if path.is_file() and path.suffix != ".png":
            content = path.read_text(encoding="utf-8")
            for form in forms:
                assert form not in content, (path.name, form)


def test_no_dollar_or_backslash_from_the_data_reaches_mathjax(hostile_report):
    """In every output, a `$` or backslash sits in code, or alone in an element MathJax skips."""
    skipped = {"pre", "code", "script", "style", "textarea"}
    for page in _chapters(hostile_report):
        for data, stack in Page(page.read_text(encoding="utf-8")).texts:
            if not any("jp-OutputArea-output" in a.get("class", "").split() for _, a in stack):
                continue
            if not ("$" in data or "\\" in data):
                continue
            classes = {c for _, a in stack for c in a.get("class", "").split()}
            assert skipped & {t for t, _ in stack} or "tex2jax_ignore" in classes, (page.name, data)


def test_the_corpus_folder_is_unchanged(hostile_report):
    assert snapshot(hostile_report.corpus) == hostile_report.before


def test_no_control_or_bidirectional_character_in_any_page(hostile_report):
    assert len(LABEL_B) == 300 and set(LABEL_A) & UNSAFE == {"\u202e", "\x07", "\x1b"}
    for page in _pages(hostile_report):
        html = page.read_text(encoding="utf-8")
        assert not set(html) & UNSAFE, (page.name, set(html) & UNSAFE)


def test_labels_are_shortened_in_the_front_pages_title_and_whole_in_its_table(hostile_report):
    from corpus_utils.report import short_label

    front = Page((hostile_report.out / "index.html").read_text(encoding="utf-8"))
    title = "".join(d for d, stack in front.texts if stack and stack[-1][0] == "title")
    short_b = LABEL_B[:29] + "\u2026" + LABEL_B[-30:]
    assert short_label(LABEL_B) == short_b
    assert title in (f"Comparing {SHOWN_A[:29]}\u2026{SHOWN_A[-30:]} and {short_b}: a computational essay",
                     f"Comparing {short_b} and {SHOWN_A[:29]}\u2026{SHOWN_A[-30:]}: a computational essay")
    cells = {d for d, stack in front.texts if stack and stack[-1][0] == "td"}
    assert {SHOWN_A, SHOWN_B} <= cells


def test_warnings_are_notes_in_the_chapter_never_an_error_stream(hostile_report):
    for page in _chapters(hostile_report):
        nb = nbformat.read(str(page.with_suffix(".ipynb")), as_version=4)
        streams = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "stream"]
        assert not [o for o in streams if o.get("name") == "stderr"], page.name
        html = page.read_text(encoding="utf-8")
        assert "load.py" not in html and "CorpusWarning" not in html and "UserWarning" not in html, page.name
        text = " ".join("".join(d for d, _ in Page(html).texts).split())
        assert text.count("Note: corpus: skipped 1 file(s) that are not .txt or .md text: meeting_minutes.docx. "
                          "Convert them to .txt to include them.") == 1, page.name
        if page.name.startswith("01_"):
            assert ("Note: The figure's font cannot draw 2 characters of its text, shown as \ufffd: \u4f4f \u623f "
                    "(the tables show the text in full).") in text
