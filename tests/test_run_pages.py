"""A chapter's page (``run.pages``): rendered from a notebook made here (no browser, no kernel), its
captions, its parameters as the user gave them, and what the front page reads of a chapter.
"""

from __future__ import annotations

import base64
import os
import zlib
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbformat import v4

from conftest import Page


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
    def test_paths_as_typed_and_absolute_ones_by_their_name(self, tmp_path, monkeypatch):
        from corpus_utils.run.pages import as_given

        monkeypatch.chdir(tmp_path / "..")
        injected = {"corpus": "../texts", "figures_dir": "figures", "lexicon": "../../mine.yml", "rules": "none",
                    "n_clusters": 3}
        given = {"corpus": tmp_path / "data" / "texts", "figures_dir": Path("figures"),
                 "lexicon": "mine.yml", "rules": "none", "n_clusters": 3}
        assert as_given(injected, given) == {"corpus": "texts", "figures_dir": "figures",
                                              "lexicon": "mine.yml", "rules": "none", "n_clusters": 3}

    def test_a_stderr_stream_never_reaches_the_page(self):
        from corpus_utils.run.pages import render_html

        nb = _notebook()
        nb.cells[4].outputs = [v4.new_output("stream", name="stderr", text="/home/someone/texts/a.docx skipped\n"),
                               v4.new_output("stream", name="stdout", text="printed for the reader\n")]
        _, html = render_html(nb, "09_test")
        assert "a.docx" not in html and "/home/" not in html and "printed for the reader" in html
        assert nb.cells[4].outputs[0].name == "stderr"  # the notebook itself keeps it

    def test_only_the_parameters_the_chapter_received(self):
        from corpus_utils.run.pages import as_given

        assert as_given({"corpus": "../t"}, {"corpus": "t", "n_clusters": 3}) == {"corpus": "t"}


def test_the_markdown_of_tagged_cells():
    from corpus_utils.run import tagged_markdown

    def cell(tags, *texts):
        code = v4.new_code_cell("cu.say(...)", metadata={"tags": tags})
        code.outputs = [v4.new_output("display_data", data={"text/markdown": t, "text/plain": "<Markdown>"}) for t in texts]
        return code

    nb = v4.new_notebook(cells=[cell(["prose"], "not this"), cell(["prose", "summary"], "First *one*.\n", "Second."),
                                v4.new_markdown_cell("no outputs"), cell(["summary"])])
    assert tagged_markdown(nb, "summary") == "First *one*.\n\nSecond."
    assert tagged_markdown(nb, "abstract") is None


def test_the_questions_of_an_opening_cell():
    from corpus_utils.run.pages import opening

    nb = v4.new_notebook(cells=[v4.new_markdown_cell(
        "# Chapter 1 · T\n\n**The question of this essay.** Do *camps*\ndiffer?\n\nThis chapter meets `data`.")])
    assert opening(nb) == {"essay": "Do camps differ?", "chapter": "This chapter meets data."}
    nb.cells[0].source += "\n\n**The question of this chapter.** How long are they?"
    assert opening(nb)["chapter"] == "How long are they?"
