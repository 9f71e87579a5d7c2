"""The report as a reader sees it: its pages opened in headless Chromium with the network off.

The report is the rent-control fixture's, built once per test run (``essay_report`` in
conftest.py, shared with tests/test_run_essay.py); beside it, two hand-made chapters rendered
here (numbered figures and tables, method notes, a wide table) show what the shipped chapters
may not yet use. Every page is opened in Debian's Chromium through playwright, at 1280 px and
at 375 px (a phone); that part is skipped, with the reason, where either is missing. The
pieces of a page are checked without a browser in tests/test_run_pages.py and
tests/test_run_front.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from conftest import ROOT, Page

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)

#: Every test here reads the built report.
pytestmark = pytest.mark.essay


@pytest.fixture(scope="module")
def report(essay_report):
    """The shared report, made as a user would from a folder of their own (relative paths)."""
    assert essay_report.result.returncode == 0, essay_report.result.stderr
    return essay_report


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
      d => ({open: d.open, kind: d.className, summary: d.querySelector('summary').innerText})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    contents: [...document.querySelectorAll('nav.essay-sidebar a')].map(a => a.getAttribute('href')),
    previous: [...document.querySelectorAll('a.essay-previous')].map(a => a.getAttribute('href')),
    next: [...document.querySelectorAll('a.essay-next')].map(a => a.getAttribute('href')),
    nextTitles: [...document.querySelectorAll('a.essay-next')].map(a => a.getAttribute('title')),
    captions: [...document.querySelectorAll('figcaption')].map(c => c.innerText.trim()),
  };
}"""

#: How a page sits in the window: nothing wider than it, where the contents are.
_LAYOUT = """() => {
  const width = window.innerWidth;
  const visible = e => e !== null && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const sidebar = document.querySelector('nav.essay-sidebar');
  const boxes = [...document.querySelectorAll('.jp-OutputArea-output')].filter(e => e.querySelector('table'));
  return {
    width,
    scrollWidth: document.scrollingElement.scrollWidth,
    images: [...document.images].map(img => Math.ceil(img.getBoundingClientRect().right)),
    sidebar: visible(sidebar),
    sidebarPosition: sidebar ? getComputedStyle(sidebar).position : null,
    fold: visible(document.querySelector('details.essay-contents-fold')),
    foldOpen: [...document.querySelectorAll('details.essay-contents-fold')].some(d => d.open),
    tableBoxes: boxes.map(e => ({scrolls: e.scrollWidth > e.clientWidth, right: e.getBoundingClientRect().right})),
    fonts: [...document.querySelectorAll('summary, figcaption, h1, h2, p, td, a')].map(
      e => getComputedStyle(e).fontFamily.split(',')[0].trim()),
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


def _hand_made_chapter(number: int, figures: int):
    """A chapter with method notes, numbered figures, a wide numbered table and long words."""
    import base64
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from nbformat import v4

    fig, ax = plt.subplots(figsize=(9, 3), dpi=100)  # 900 px wide: wider than a phone
    ax.plot([0, 1], [0, 1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    png = base64.b64encode(buffer.getvalue()).decode()
    header = "".join(f"<th>a_rather_long_column_name_{i}</th>" for i in range(15))
    row = "".join(f"<td>value_{i}_of_some_length</td>" for i in range(15))
    wide = f"<table><thead><tr>{header}</tr></thead><tbody><tr>{row}</tr></tbody></table>"
    cells = [
        v4.new_markdown_cell(f"# Chapter {number} · Hand-made\n\nA question with a long word: "
                             "counterrevolutionariesandotherverylongwordsthatmustwrap."),
        v4.new_markdown_cell("## Words that set the groups apart\n\nThe finding first."),
        v4.new_markdown_cell("### The statistic (`keyness.log_odds`)\n\nLog-odds with a prior.",
                             metadata={"tags": ["method"]}),
        v4.new_markdown_cell("### Table: every column of the evidence\n\nOne row per finding."),
        v4.new_code_cell("table", outputs=[v4.new_output("execute_result", data={"text/html": wide, "text/plain": "t"},
                                                           execution_count=1)]),
    ]
    for i in range(figures):
        cells += [v4.new_markdown_cell(f"## Section {i}\n\nA finding."),
                  v4.new_markdown_cell(f"### Figure: drawing number {i + 1}\n\nA line."),
                  v4.new_code_cell("draw()", outputs=[v4.new_output("display_data", data={"image/png": png})])]
    cells += [v4.new_markdown_cell("## Limits\n\n" + "A long paragraph. " * 400)]
    return v4.new_notebook(cells=cells)


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory):
    """Two hand-made chapters rendered as pages of one report, linked to each other."""
    from corpus_utils.run.pages import navigation, render_html

    folder = tmp_path_factory.mktemp("pages")
    chapters = [("01_hand.html", _hand_made_chapter(1, 2)), ("02_made.html", _hand_made_chapter(2, 1))]
    links = navigation([(name, f"Chapter {i + 1} · Hand-made") for i, (name, _) in enumerate(chapters)])
    for (name, nb), nav in zip(chapters, links):
        (folder / name).write_text(render_html(nb, name[:-5], nav=nav)[1], encoding="utf-8")
    (folder / "index.html").write_text("<!DOCTYPE html><title>Front</title>", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def layouts(sync_api, report, hand_made):
    """Each chapter page (the report's and the hand-made ones) at 1280 px and at 375 px, offline."""
    seen = {}
    pages = [*_chapters(report), *sorted(hand_made.glob("0*.html"))]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            for width in (1280, 375):
                context = browser.new_context(offline=True, viewport={"width": width, "height": 900})
                for path in pages:
                    page = context.new_page()
                    page.goto(path.as_uri(), wait_until="load")
                    state = page.evaluate(_LAYOUT)
                    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
                    state["sidebarTopAtTheEnd"] = page.evaluate(
                        "(() => { const s = document.querySelector('nav.essay-sidebar');"
                        " return s ? s.getBoundingClientRect().top : null; })()")
                    if path.parent == hand_made and width == 1280:
                        state["method_visible"] = page.locator("details.essay-method p").first.is_visible()
                        page.emulate_media(media="print")
                        state["print"] = {
                            "method_visible": page.locator("details.essay-method p").first.is_visible(),
                            "code_visible": page.locator("details.essay-code").first.is_visible(),
                            "nav_visible": page.locator("nav.essay-nav").first.is_visible(),
                            "table_wraps": page.evaluate(
                                "(() => { const t = document.querySelector('figure.essay-table table');"
                                " return t.getBoundingClientRect().right <= window.innerWidth; })()"),
                        }
                    seen[(path.parent == hand_made, path.name, width)] = state
                    page.close()
                context.close()
        finally:
            browser.close()
    return seen



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
            code = [d for d in state["details"] if d["kind"] == "essay-code"]
            assert code, page.name
            assert all(not d["open"] and d["summary"] == "show code" for d in code), page.name
            assert state["code_visible"] is False and state["code_visible_after_click"] is True, page.name

    def test_every_fold_is_closed_and_says_what_it_holds(self, visits, report):
        summaries = {"essay-code": "show code", "essay-contents essay-contents-fold": "Contents",
                     "essay-all-columns": "All columns"}
        for page in _chapters(report):
            for fold in visits.pages[page.name]["details"]:
                assert not fold["open"], (page.name, fold)
                if fold["kind"] == "essay-method":
                    assert fold["summary"].startswith("How this was computed"), (page.name, fold)
                else:
                    assert fold["summary"] == summaries[fold["kind"]], (page.name, fold)

    def test_previous_and_next_lead_to_the_neighbouring_chapters(self, visits, report):
        pages = _chapters(report)
        for i, page in enumerate(pages):
            state = visits.pages[page.name]
            assert state["previous"] == ([pages[i - 1].name] * 2 if i else []), page.name
            assert state["next"] == ([pages[i + 1].name] * 2 if i + 1 < len(pages) else []), page.name
            if i + 1 < len(pages):
                title = Page(pages[i + 1].read_text(encoding="utf-8")).text_inside("title")[0]
                assert state["nextTitles"] == [f"Next: {title}"] * 2, page.name

    def test_figures_and_tables_are_numbered_in_order(self, visits, report):
        numbered = 0
        for page in _chapters(report):
            captions = visits.pages[page.name]["captions"]
            for kind in ("Figure", "Table"):
                numbers = [c.split(".")[0] for c in captions if c.startswith(kind + " ")]
                assert numbers == [f"{kind} {n}" for n in range(1, len(numbers) + 1)], (page.name, captions)
                numbered += len(numbers)
        assert numbered

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

    def test_each_chapter_has_its_contents_in_the_sidebar(self, visits, report):
        for page in _chapters(report):
            contents = visits.pages[page.name]["contents"]
            assert contents, page.name
            assert all(href[1:] in visits.pages[page.name]["ids"] for href in contents), page.name


class TestLayout:
    """The pages at 1280 px (a laptop: contents in a sidebar) and at 375 px (a phone)."""

    def test_no_page_scrolls_sideways_and_images_fit(self, layouts):
        for key, state in layouts.items():
            assert state["scrollWidth"] <= state["width"], key
            assert all(right <= state["width"] for right in state["images"]), (key, state["images"])

    def test_the_contents_sidebar_shows_on_a_wide_screen_and_stays_in_view(self, layouts):
        wide = {key: state for key, state in layouts.items() if key[2] == 1280}
        assert wide
        for key, state in wide.items():
            assert state["sidebar"] and state["sidebarPosition"] == "sticky" and not state["fold"], key
            assert 0 <= state["sidebarTopAtTheEnd"] < 900, key

    def test_on_a_phone_the_contents_fold_away(self, layouts):
        narrow = {key: state for key, state in layouts.items() if key[2] == 375}
        assert narrow
        for key, state in narrow.items():
            assert not state["sidebar"] and state["fold"] and not state["foldOpen"], key

    def test_a_wide_table_scrolls_in_its_own_box(self, layouts):
        for width in (1280, 375):
            boxes = layouts[(True, "01_hand.html", width)]["tableBoxes"]
            assert boxes and boxes[0]["scrolls"] and boxes[0]["right"] <= width, (width, boxes)

    def test_one_font_family_throughout(self, layouts):
        for key, state in layouts.items():
            assert set(state["fonts"]) == {"system-ui"}, (key, sorted(set(state["fonts"])))

    def test_hand_made_figures_and_tables_are_numbered_and_methods_folded(self, hand_made, layouts):
        first = Page((hand_made / "01_hand.html").read_text(encoding="utf-8"))
        assert [c.strip() for c in first.text_inside("figcaption")] == [
            "Table 1. Every column of the evidence. One row per finding.",
            "Figure 1. Drawing number 1. A line.", "Figure 2. Drawing number 2. A line."]
        second = Page((hand_made / "02_made.html").read_text(encoding="utf-8"))
        assert [c.strip() for c in second.text_inside("figcaption")][1] == "Figure 1. Drawing number 1. A line."
        assert layouts[(True, "01_hand.html", 1280)]["method_visible"] is False

    def test_print_shows_method_notes_hides_code_and_navigation_and_wraps_tables(self, layouts):
        assert layouts[(True, "01_hand.html", 1280)]["print"] == {
            "method_visible": True, "code_visible": False, "nav_visible": False, "table_wraps": True}


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
            assert 'figures_dir = "figures"' in text, page.name  # relative to the report, not to the working folder

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


class TestFrontPage:
    """What a reader sees first: the findings in words, one figure, the way to the explorer."""

    def test_its_figure_decodes_is_captioned_and_the_explorer_is_linked(self, visits, report):
        state = visits.pages["index.html"]
        assert len(state["images"]) == 1 and state["images"][0] > 0 and state["inFigure"] == [True]
        assert len(state["captions"]) == 1 and state["captions"][0].startswith("Figure"), state["captions"]
        assert "explorer.html" in state["links"] and (report.out / "explorer.html").is_file()

    def test_it_fits_a_phone_and_a_laptop(self, sync_api, report):
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
            try:
                for width in (1280, 375):
                    context = browser.new_context(offline=True, viewport={"width": width, "height": 900})
                    page = context.new_page()
                    page.goto((report.out / "index.html").as_uri(), wait_until="load")
                    state = page.evaluate(_LAYOUT)
                    assert state["scrollWidth"] <= width, (width, state["scrollWidth"])
                    assert state["images"] and all(right <= width for right in state["images"]), (width, state["images"])
                    context.close()
            finally:
                browser.close()


class TestThemesOnAnotherTopic:
    """The rent-control texts are on another topic than the shipped lexicon's (it covers 2.3 % of their tokens): the
    framing chapter leads with the themes found in them, and the front page counts the themes in the frames' place."""

    def test_the_framing_chapter_leads_with_the_themes_and_its_figure(self, visits):
        text = visits.pages["03_framing.html"]["text"]
        lead, figure = text.find("The themes lead this chapter."), text.find("Figure 1.")
        assert 0 <= lead < figure, (lead, figure)
        assert "Theme differences" not in text[:lead]  # the figure's own title is drawn, not written before it

    def test_the_themes_sections_are_in_the_contents_and_their_tables_captioned(self, visits):
        state = visits.pages["03_framing.html"]
        for heading in ("Themes found in the texts", "Which themes set the groups apart",
                        "Each theme in the groups' own sentences"):
            assert heading in state["text"], heading
        assert any("sentences typical of each theme, side by side" in c.lower() for c in state["captions"]), state["captions"]
        assert any("each theme's difference between the groups" in c.lower() for c in state["captions"])
        assert len(state["contents"]) > 8

    def test_the_sentences_sit_side_by_side_under_each_group(self, visits):
        text = visits.pages["03_framing.html"]["text"]
        table = text[text.lower().find("sentences typical of each theme, side by side"):]
        header = table.splitlines()[1:4]
        assert any("against-rent-control" in line and "for-rent-control" in line for line in header), header

    def test_the_front_page_counts_the_themes_in_the_frames_place(self, visits):
        text = visits.pages["index.html"]["text"]
        assert "themes compared between" in text
        assert "so these are themes found in the texts themselves, counted in the frames' place" in text
