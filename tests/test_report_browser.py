"""The report as a reader sees it: its pages opened in headless Chromium with the network off.

The first part builds one report (``run_essay`` on the rent-control fixture) and opens every
page in Debian's Chromium through playwright; it is skipped, with the reason, where either is
missing. The second part checks the pieces of a chapter page without a browser, on a small
notebook made here.
"""

from __future__ import annotations

import base64
import os
import shutil
import zlib
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from nbformat import v4

from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "rent_control"
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)


def _tag_prose(folder: Path) -> None:
    """Tag the prose-writing cells of chapters that do not tag them yet (``prose``: cells calling ``cu.say``)."""
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        if any("prose" in c.metadata.get("tags", []) for c in nb.cells):
            continue
        for cell in nb.cells:
            if cell.cell_type == "code" and "cu.say(" in cell.source:
                cell.metadata["tags"] = [*cell.metadata.get("tags", []), "prose"]
        nbformat.write(nb, str(path))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One report, made as a user would from a folder of their own (relative paths)."""
    from corpus_utils.run import run_essay

    work = tmp_path_factory.mktemp("work")
    shutil.copytree(FIXTURE, work / "texts")
    shutil.copytree(ROOT / "notebooks", work / "chapters", ignore=shutil.ignore_patterns("*.py", ".*"))
    _tag_prose(work / "chapters")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        out = run_essay(Path("texts"), Path("reports") / "rent", notebooks_dir=Path("chapters"), progress=False)
    return SimpleNamespace(work=work, out=work / out)


def _chapters(report) -> list[Path]:
    pages = sorted(report.out.glob("[0-9][0-9]_*.html"))
    assert pages
    return pages


def _pages(report) -> list[Path]:
    return [report.out / "index.html", *_chapters(report)]


#: Collected on each page once it has loaded.
_COLLECT = """async () => {
  const images = await Promise.all([...document.images].map(
    img => img.decode().then(() => img.naturalWidth, () => 0)));
  return {
    images,
    inFigure: [...document.images].map(img => img.closest('figure') !== null),
    text: document.body.innerText,
    details: [...document.querySelectorAll('details')].map(
      d => ({open: d.open, summary: d.querySelector('summary').innerText})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    contents: [...document.querySelectorAll('nav.essay-contents a')].map(a => a.getAttribute('href')),
  };
}"""


@pytest.fixture(scope="module")
def sync_api():
    """playwright's API, with Debian's chromium to drive; the browser tests are skipped without them."""
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine (Debian: apt-get install chromium; .ci/run installs it)")
    return pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def visits(sync_api, report):
    """Every page of the report opened in Chromium, offline: what it logged, requested and shows."""
    seen = {}
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            context = browser.new_context(offline=True, java_script_enabled=True)
            requests, blocked = [], []

            def guard(route):
                url = route.request.url
                if url.startswith(("file:", "data:")):
                    route.continue_()
                else:
                    blocked.append(url)
                    route.abort()

            context.route("**/*", guard)
            for path in _pages(report):
                page = context.new_page()
                errors = []
                page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                page.on("request", lambda r: requests.append(r.url))
                page.goto(path.as_uri(), wait_until="load")
                state = page.evaluate(_COLLECT)
                code = page.locator("details.essay-code .jp-InputArea").first
                state["code_visible"] = code.is_visible() if code.count() else None
                if code.count():  # the control works: one click shows the code
                    page.locator("details.essay-code > summary").first.click()
                    state["code_visible_after_click"] = code.is_visible()
                state["errors"] = errors
                seen[path.name] = state
                page.close()
        finally:
            browser.close()
    return SimpleNamespace(pages=seen, requests=requests, blocked=blocked)


class TestInTheBrowser:
    def test_every_page_was_opened(self, visits, report):
        assert sorted(visits.pages) == sorted(p.name for p in _pages(report))

    def test_no_console_errors(self, visits):
        for name, state in visits.pages.items():
            assert state["errors"] == [], name

    def test_no_request_leaves_the_machine(self, visits):
        assert visits.blocked == []
        assert visits.requests
        assert all(url.startswith(("file:", "data:")) for url in visits.requests), visits.requests

    def test_every_image_decodes_and_is_a_figure(self, visits, report):
        for page in _chapters(report):
            state = visits.pages[page.name]
            assert state["images"], page.name  # every chapter draws at least one figure
            assert all(width > 0 for width in state["images"]), (page.name, state["images"])
            assert all(state["inFigure"]), page.name

    def test_prose_writing_code_is_hidden(self, visits, report):
        hidden = 0
        for page in _chapters(report):
            text = visits.pages[page.name]["text"]
            nb = nbformat.read(str(page.with_suffix(".ipynb")), as_version=4)
            for cell in nb.cells:
                if "prose" in cell.metadata.get("tags", []):
                    for line in cell.source.splitlines():
                        if len(line.strip()) > 12:
                            assert line.strip() not in text, (page.name, line)
                            hidden += 1
        assert hidden

    def test_other_code_is_folded_until_asked_for(self, visits, report):
        for page in _chapters(report):
            state = visits.pages[page.name]
            assert state["details"], page.name
            assert all(not d["open"] and d["summary"] == "show code" for d in state["details"]), page.name
            assert state["code_visible"] is False and state["code_visible_after_click"] is True, page.name

    def test_every_link_between_pages_resolves(self, visits, report):
        checked = 0
        for page in _pages(report):
            state = visits.pages[page.name]
            for href in state["links"]:
                parts = urlsplit(href)
                if parts.scheme or parts.netloc:
                    continue  # a link out of the report (none is followed)
                if not parts.path:
                    assert unquote(parts.fragment) in state["ids"] or parts.fragment in state["ids"], (page.name, href)
                elif parts.path.endswith((".html", ".json", ".ipynb")):
                    assert (page.parent / unquote(parts.path)).is_file(), (page.name, href)
                checked += 1
        assert checked

    def test_each_chapter_opens_with_its_contents(self, visits, report):
        for page in _chapters(report):
            contents = visits.pages[page.name]["contents"]
            assert contents, page.name
            assert all(href[1:] in visits.pages[page.name]["ids"] for href in contents), page.name


class TestTheReportFiles:
    """Checks on the built report that need no browser."""

    def test_no_temporary_or_absolute_path_in_any_page(self, report):
        for page in _pages(report):
            text = page.read_text(encoding="utf-8")
            for bad in (str(report.work), ".staging", ".partial", str(ROOT)):
                assert bad not in text, (page.name, bad)

    def test_the_parameters_shown_are_those_given(self, report):
        for page in _chapters(report):
            text = Page(page.read_text(encoding="utf-8")).text
            assert 'corpus = "texts"' in text, page.name
            assert f'figures_dir = "{Path("reports", "rent", "figures")}"' in text, page.name

    def test_the_front_page_links_every_chapter_with_its_title(self, report):
        index = Page((report.out / "index.html").read_text(encoding="utf-8"))
        pages = [p.name for p in _chapters(report)]
        assert [href for href in index.hrefs if href in pages] == pages
        for page in _chapters(report):
            nb = nbformat.read(str(page.with_suffix(".ipynb")), as_version=4)
            title = next(line[2:] for c in nb.cells if c.cell_type == "markdown"
                         for line in c.source.splitlines() if line.startswith("# "))
            assert title.strip() in index.text
        assert "manifest.json" in index.hrefs
        assert "against-rent-control" in index.text and "for-rent-control" in index.text


# ---------------------------------------------------------------------------------------------
# The pieces of a chapter page, on a notebook made here (no browser, no kernel).

class Page(HTMLParser):
    """An HTML page's tags, link targets, text, and the text inside each element with an id or class."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.hrefs, self.pieces, self._stack = [], [], [], []
        self.feed(html)
        self.close()
        self.text = "".join(d for d, _ in self.pieces)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])
        if tag not in {"img", "br", "hr", "meta", "link", "input"}:
            self._stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        self.pieces.append((data, list(self._stack)))

    def text_inside(self, tag: str, css_class: str | None = None) -> list[str]:
        """The text inside each ``tag`` (of ``css_class``), one string per element, in order."""
        found: dict[int, str] = {}
        for data, stack in self.pieces:
            for t, attrs in stack:
                if t == tag and (css_class is None or css_class in attrs.get("class", "").split()):
                    found[id(attrs)] = found.get(id(attrs), "") + data
        return list(found.values())


def _png() -> str:
    """A valid 1x1 PNG, base64-encoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    raw = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + raw).decode()


PROSE_SOURCE = "words_written_by_code = 1\ncu.say(cu.narrate.something(table))"
FOLDED_SOURCE = "table = cu.compute_something(data)"


def _notebook():
    figure = v4.new_output("display_data", data={"image/png": _png(), "text/plain": "<Figure>"})
    return v4.new_notebook(cells=[
        v4.new_markdown_cell("# Chapter 9 · A test\n\n**The question of this chapter.** Does the *page* read well?"),
        v4.new_code_cell('corpus = "../data/seed"', metadata={"tags": ["parameters"]}),
        v4.new_code_cell('# Parameters\ncorpus = "../.r.1a2b.staging/texts"\n',
                         metadata={"tags": ["injected-parameters"]}),
        v4.new_markdown_cell("## Data: loading the corpus (`load_corpus`)\n\nWe load it."),
        v4.new_code_cell(FOLDED_SOURCE, outputs=[v4.new_output("execute_result", data={"text/plain": "42"},
                                                                execution_count=1)]),
        v4.new_code_cell(PROSE_SOURCE, metadata={"tags": ["prose"]}, outputs=[
            v4.new_output("display_data",
                          data={"text/markdown": "The camps differ in **3** words.", "text/plain": ""})]),
        v4.new_markdown_cell("### Figure: lengths by group (`plot.plot_lengths`)\n\nEach dot is a document, e.g. a"
                             "\nletter of 1.5 pages. Longer documents sit higher."),
        v4.new_code_cell("fig, ax = cu.plot.plot_lengths(data)", outputs=[figure]),
        v4.new_markdown_cell("## Limits\n\n#### Not in the contents\n\nA small heading."),
        v4.new_code_cell("fig, ax = cu.plot.plot_other(data)", outputs=[figure]),
    ])


@pytest.fixture
def rendered():
    from corpus_utils.run.pages import render_html

    nb = _notebook()
    before = nbformat.writes(nb)
    title, html = render_html(nb, "09_test", shown={"corpus": "texts", "n_clusters": 3})
    return SimpleNamespace(title=title, html=html, page=Page(html), unchanged=nbformat.writes(nb) == before)


class TestChapterPage:
    def test_title(self, rendered):
        assert rendered.title == "Chapter 9 · A test"
        assert rendered.page.text_inside("title") == ["Chapter 9 · A test"]

    def test_contents_list_the_sections_and_figures_with_their_anchors(self, rendered):
        page = rendered.page
        nav = [a for t, a in page.tags if t == "nav" and "essay-contents" in a.get("class", "")]
        assert len(nav) == 1
        entries = page.text_inside("li")
        assert entries[:3] == ["Data: loading the corpus (load_corpus)", "Figure: lengths by group (plot.plot_lengths)",
                               "Limits"]
        heading_ids = {a["id"] for t, a in page.tags if t in ("h2", "h3") and "id" in a}
        anchors = [a["href"] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#")
                   and "anchor-link" not in a.get("class", "")]
        assert len(anchors) == 3 and {h[1:] for h in anchors} <= heading_ids

    def test_contents_follow_the_opening_cell(self, rendered):
        html = rendered.html
        assert html.index("Does the") < html.index('class="essay-contents"') < html.index("load_corpus</code>)")

    def test_prose_cells_show_only_what_they_write(self, rendered):
        assert "words_written_by_code" not in rendered.html and "cu.narrate.something" not in rendered.html
        assert "The camps differ in 3 words." in rendered.page.text

    def test_other_code_is_folded_behind_show_code(self, rendered):
        page = rendered.page
        details = [a for t, a in page.tags if t == "details"]
        assert len(details) == 5  # parameters, injected parameters, a computation, two figures
        assert all("open" not in a for a in details)
        assert page.text_inside("summary") == ["show code"] * 5
        assert any(FOLDED_SOURCE in text for text in page.text_inside("details"))

    def test_the_parameters_cell_shows_the_parameters_given(self, rendered):
        shown = [text for text in rendered.page.text_inside("div", "celltag_injected-parameters")]
        assert len(shown) == 1
        assert 'corpus = "texts"' in shown[0] and "n_clusters = 3" in shown[0]
        assert "staging" not in rendered.html

    def test_the_notebook_itself_keeps_its_code(self, rendered):
        assert rendered.unchanged

    def test_a_figure_is_captioned_by_the_cell_that_announces_it(self, rendered):
        page = rendered.page
        assert [t for t, _ in page.tags].count("figure") == 2
        caption = "Figure: lengths by group (plot.plot_lengths). Each dot is a document, e.g. a letter of 1.5 pages."
        assert [text.strip() for text in page.text_inside("figcaption")] == [caption]
        assert [a.get("alt") for t, a in page.tags if t == "img"] == [caption, "A figure"]
        figures = page.text_inside("figure")
        assert "lengths by group" in figures[0]  # the caption sits in the first figure, the second has none

    def test_nothing_is_fetched_from_the_network(self, rendered):
        tags = rendered.page.tags
        assert not [a for t, a in tags if t == "script"]
        for tag, attrs in tags:
            if tag in ("script", "link", "img", "iframe", "source"):
                for name in ("src", "href"):
                    assert not (attrs.get(name) or "").lower().startswith(("http", "//")), (tag, attrs)
        assert "mathjax" not in rendered.html.lower() and "require.js" not in rendered.html
        assert "@import" not in rendered.html and "<link" not in rendered.html

    def test_the_page_links_back_to_the_front_page(self, rendered):
        assert "index.html" in rendered.page.hrefs


class TestCaption:
    @pytest.mark.parametrize(("source", "expected"), [
        ("### Figure: lengths by group\n\nEach dot is a document. More text.",
         "**Figure: lengths by group.** Each dot is a document."),
        ("### Figure: why?\n\nBars, i.e. counts, per camp! Then more.",
         "**Figure: why?** Bars, i.e. counts, per camp!"),
        ("### Figure: z = 1.96 as a line", "**Figure: z = 1.96 as a line.**"),
        ("### Figure: x\n\nno full stop\nat all\n\nNext paragraph.", "**Figure: x.** no full stop at all"),
        ("### Figure: x\n#### Detail\n\nText.", "**Figure: x.**"),
        ("## Not a figure\n\nText.", None),
        ("Text first.\n\n### Figure: late", None),
    ])
    def test_caption(self, source, expected):
        from corpus_utils.run.pages import caption

        assert caption(source) == expected


class TestParametersAsGiven:
    def test_paths_as_typed_and_absolute_ones_from_the_working_folder(self, tmp_path, monkeypatch):
        from corpus_utils.run.pages import as_given

        monkeypatch.chdir(tmp_path)
        injected = {"corpus": "../texts", "figures_dir": "figures", "lexicon": "../../mine.yml", "rules": "none",
                    "n_clusters": 3}
        given = {"corpus": tmp_path / "data" / "texts", "figures_dir": Path("reports/r/figures"),
                 "lexicon": "mine.yml", "rules": "none", "n_clusters": 3}
        assert as_given(injected, given) == {"corpus": os.path.join("data", "texts"),
                                              "figures_dir": os.path.join("reports", "r", "figures"),
                                              "lexicon": "mine.yml", "rules": "none", "n_clusters": 3}

    def test_only_the_parameters_the_chapter_received(self):
        from corpus_utils.run.pages import as_given

        assert as_given({"corpus": "../t"}, {"corpus": "t", "n_clusters": 3}) == {"corpus": "t"}


class TestFrontPage:
    MANIFEST = {
        "corpus": "texts", "documents": 1205, "groups_compared": ["<b>a</b>", "b & c"],
        "documents_per_group": {"<b>a</b>": 1200, "b & c": 5}, "parameters": {"label_column": "<i>side</i>"},
        "chapters": [],
    }
    CHAPTERS = [{"notebook": "01_corpus.ipynb", "title": "Chapter 1 · <The corpus>", "question": "Who <writes>?"},
                {"notebook": "02_words.ipynb", "title": "Chapter 2 · Words", "question": None}]

    def test_every_chapter_is_linked_with_its_title_and_question(self):
        from corpus_utils.run.front import index_html

        page = Page(index_html(self.MANIFEST, self.CHAPTERS))
        assert [h for h in page.hrefs if h.endswith(".html")] == ["01_corpus.html", "02_words.html"]
        assert "Chapter 1 · <The corpus>" in page.text and "Who <writes>?" in page.text
        assert "manifest.json" in page.hrefs

    def test_everything_is_escaped(self):
        from corpus_utils.report import escape_markdown
        from corpus_utils.run.front import index_html

        # the abstract and the summaries are Markdown from the narrative layer: data in them is escaped there,
        # and a tag that slipped through anyway is shown as text by the allow-list, never run
        abstract = f"The group *{escape_markdown('<b>bold</b>')}* leads. <script>alert(1)</script>"
        chapters = [dict(self.CHAPTERS[0], summary=f"Top word: *{escape_markdown('<img src=x onerror=alert(1)>')}*.")]
        page = Page(index_html(self.MANIFEST, chapters, question="<script>x</script>", abstract=abstract))
        assert {t for t, _ in page.tags} <= {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2",
                                            "p", "ol", "li", "a", "code", "table", "thead", "tbody", "tr", "th",
                                            "td", "section", "em", "div"}
        assert "<script>x</script>" in page.text and "<b>bold</b>" in page.text and "<i>side</i>" in page.text
        assert "<script>alert(1)</script>" in page.text and "<img src=x onerror=alert(1)>" in page.text

    def test_the_corpus_at_a_glance(self):
        from corpus_utils.run.front import index_html

        page = Page(index_html(self.MANIFEST, self.CHAPTERS))
        assert page.text_inside("td") == ["<b>a</b>", "1,200", "b & c", "5"]
        assert "1,205 documents in texts; the chapters compare <b>a</b> with b & c." in " ".join(page.text.split())
        three = dict(self.MANIFEST, groups_compared=["x", "y", "z"])
        assert "compare each of x, y, z with the rest of the corpus." in " ".join(Page(index_html(three, [])).text.split())

    def test_a_question_from_the_groups_and_a_place_for_the_abstract(self):
        from corpus_utils.run.front import index_html

        page = Page(index_html(self.MANIFEST, self.CHAPTERS))
        assert "Do the texts labelled <b>a</b> and b & c use different words" in page.text
        assert not [a for t, a in page.tags if a.get("id") == "abstract"]
        with_abstract = Page(index_html(self.MANIFEST, self.CHAPTERS, abstract="*First*.\n\nSecond."))
        assert [" ".join(t.split()) for t in with_abstract.text_inside("section")] == ["Abstract First. Second."]
        assert [t for t, a in with_abstract.tags].count("em") == 1

    def test_each_chapter_with_its_computed_summary(self):
        from corpus_utils.run.front import index_html

        chapters = [dict(self.CHAPTERS[0], summary="Five documents, *two* groups."), self.CHAPTERS[1]]
        page = Page(index_html(self.MANIFEST, chapters))
        assert [" ".join(t.split()) for t in page.text_inside("div", "chapter-summary")] == ["Five documents, two groups."]

    def test_tokens_per_group_and_the_command_that_reproduces_it(self):
        from corpus_utils.run.front import index_html

        manifest = dict(self.MANIFEST, tokens_per_group={"<b>a</b>": 250_000, "b & c": 900},
                        command=["corpus-essay", "run", "my texts", "--out", "r", "-p", "label_column", "<i>side</i>"])
        page = Page(index_html(manifest, self.CHAPTERS))
        assert page.text_inside("td") == ["<b>a</b>", "1,200", "250,000", "b & c", "5", "900"]
        assert "1,205 documents and 250,900 tokens in texts" in " ".join(page.text.split())
        assert page.text_inside("pre") == ["corpus-essay run 'my texts' --out r -p label_column '<i>side</i>'"]

    def test_the_questions_of_an_opening_cell(self):
        from corpus_utils.run.pages import opening

        nb = v4.new_notebook(cells=[v4.new_markdown_cell(
            "# Chapter 1 · T\n\n**The question of this essay.** Do *camps*\ndiffer?\n\nThis chapter meets `data`.")])
        assert opening(nb) == {"essay": "Do camps differ?", "chapter": "This chapter meets data."}
        nb.cells[0].source += "\n\n**The question of this chapter.** How long are they?"
        assert opening(nb)["chapter"] == "How long are they?"
