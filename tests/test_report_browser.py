"""The report as a reader sees it: its pages opened in headless Chromium with the network off.

The report is the rent-control fixture's, built once per test run (``essay_report`` in
conftest.py, shared with tests/test_run_essay.py). Every page is opened in Debian's Chromium
through playwright; that part is skipped, with the reason, where either is missing. The
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
