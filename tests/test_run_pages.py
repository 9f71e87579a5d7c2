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
PARAMETERS_SOURCE = 'corpus = "../data/seed"\nn_clusters = None  # the number of groups\ntop_n = 10'
TABLE_HTML = "<table><thead><tr><th>term</th></tr></thead><tbody><tr><td>rent</td></tr></tbody></table>"


def _figure():
    return v4.new_output("display_data", data={"image/png": _png(), "text/plain": "<Figure>"})


def _table():
    return v4.new_output("execute_result", data={"text/html": TABLE_HTML, "text/plain": "term\nrent"},
                         execution_count=3)


def _notebook():
    return v4.new_notebook(cells=[
        v4.new_markdown_cell("# Chapter 9 · A test\n\n**The question of this chapter.** Does the *page* read well?"),
        v4.new_code_cell(PARAMETERS_SOURCE, metadata={"tags": ["parameters"]}),
        v4.new_code_cell('# Parameters\ncorpus = "../.r.1a2b.staging/texts"\nn_clusters = 3\n',
                         metadata={"tags": ["injected-parameters"]}),
        v4.new_markdown_cell("## Data: loading the corpus\n\nWe load it."),
        v4.new_markdown_cell("### Loading (`load_corpus`)\n\nThe loader reads *every* file.",
                             metadata={"tags": ["method"]}),
        v4.new_code_cell(FOLDED_SOURCE, outputs=[v4.new_output("execute_result", data={"text/plain": "42"},
                                                                execution_count=1)]),
        v4.new_code_cell(PROSE_SOURCE, metadata={"tags": ["prose"]}, outputs=[
            v4.new_output("display_data",
                          data={"text/markdown": "The camps differ in **3** words.", "text/plain": ""})]),
        v4.new_markdown_cell("### Figure: lengths by group (`plot.plot_lengths`)\n\nEach dot is a document, e.g. a"
                             "\nletter of 1.5 pages. Longer documents sit higher."),
        v4.new_code_cell("fig, ax = cu.plot.plot_lengths(data)", outputs=[_figure()]),
        v4.new_markdown_cell("### Table: the words of each group\n\nOne row per word."),
        v4.new_code_cell("cu.report.reader_table(words, columns)", outputs=[_table()]),
        v4.new_markdown_cell("## Limits\n\n#### Not in the contents\n\nA small heading."),
        v4.new_markdown_cell("Every count is a count of tokens.", metadata={"tags": ["method"]}),
        v4.new_code_cell("fig, ax = cu.plot.plot_other(data)", outputs=[_figure()]),
        v4.new_markdown_cell("### Figure: the second figure"),
        v4.new_code_cell("fig, ax = cu.plot.plot_second(data)", outputs=[_figure()]),
    ])


NAV = {"previous": {"href": "08_before.html", "title": "Chapter 8 · Before"},
       "next": {"href": "10_after.html", "title": "Chapter 10 · After & more"}}


@pytest.fixture(scope="module")
def rendered():
    from corpus_utils.run.pages import render_html

    nb = _notebook()
    before = nbformat.writes(nb)
    title, html = render_html(nb, "09_test", shown={"corpus": "texts", "n_clusters": 3}, nav=NAV)
    return SimpleNamespace(title=title, html=html, page=Page(html), unchanged=nbformat.writes(nb) == before)


def _elements(page, tag, css_class):
    return [a for t, a in page.tags if t == tag and css_class in a.get("class", "").split()]


class TestChapterPage:
    def test_title(self, rendered):
        assert rendered.title == "Chapter 9 · A test"
        assert rendered.page.text_inside("title") == ["Chapter 9 · A test"]

    def test_contents_list_the_sections_with_their_anchors(self, rendered):
        page = rendered.page
        assert len(_elements(page, "nav", "essay-sidebar")) == 1
        assert len(_elements(page, "details", "essay-contents-fold")) == 1
        entries = [text.strip() for text in page.text_inside("li") if text.strip()]
        assert entries == ["Data: loading the corpus", "Limits"] * 2  # sidebar and fold; no figure, table or method
        heading_ids = {a["id"] for t, a in page.tags if t in ("h2", "h3") and "id" in a}
        anchors = [a["href"] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#")
                   and "anchor-link" not in a.get("class", "")]
        assert len(anchors) == 4 and {h[1:] for h in anchors} <= heading_ids

    def test_the_contents_fold_sits_above_the_title_closed(self, rendered):
        html = rendered.html
        assert html.index('class="essay-contents essay-contents-fold"') < html.index("<h1")
        assert all("open" not in a for a in _elements(rendered.page, "details", "essay-contents-fold"))

    def test_prose_cells_show_only_what_they_write(self, rendered):
        assert "words_written_by_code" not in rendered.html and "cu.narrate.something" not in rendered.html
        assert "The camps differ in 3 words." in rendered.page.text

    def test_other_code_is_folded_behind_show_code(self, rendered):
        page = rendered.page
        details = _elements(page, "details", "essay-code")
        assert len(details) == 6  # parameters, a computation, three figures and a table
        assert all("open" not in a for a in details)
        assert [s.strip() for s in page.text_inside("summary")].count("show code") == 6
        assert any(FOLDED_SOURCE in text for text in page.text_inside("details", "essay-code"))

    def test_the_notebook_itself_keeps_its_code(self, rendered):
        assert rendered.unchanged

    def test_nothing_is_fetched_from_the_network(self, rendered):
        tags = rendered.page.tags
        assert not [a for t, a in tags if t == "script"]
        for tag, attrs in tags:
            if tag in ("script", "link", "img", "iframe", "source"):
                for name in ("src", "href"):
                    assert not (attrs.get(name) or "").lower().startswith(("http", "//")), (tag, attrs)
        assert "mathjax" not in rendered.html.lower() and "require.js" not in rendered.html
        assert "@import" not in rendered.html and "<link" not in rendered.html

    def test_one_font_family_throughout(self, rendered):
        assert "--essay-font: system-ui, -apple-system, \"Segoe UI\", sans-serif;" in rendered.html
        front = (Path(__file__).parents[1] / "src/corpus_utils/templates/front/index.css").read_text()
        assert "font-family: system-ui, -apple-system, \"Segoe UI\", sans-serif;" in front


class TestNavigation:
    def test_previous_and_next_chapters_at_the_top_and_the_bottom(self, rendered):
        page = rendered.page
        top, bottom = _elements(page, "nav", "essay-nav-top"), _elements(page, "nav", "essay-nav-bottom")
        assert len(top) == len(bottom) == 1
        texts = [" ".join(t.split()) for t in page.text_inside("nav", "essay-nav")]
        assert texts == ["Previous Chapter 8 · Before All chapters Next Chapter 10 · After & more"] * 2
        assert page.hrefs.count("08_before.html") == page.hrefs.count("10_after.html") == 2
        assert page.hrefs.count("index.html") == 2
        assert [a.get("rel") for t, a in page.tags if t == "a" and a.get("href") == "08_before.html"] == ["prev"] * 2

    def test_the_first_chapter_has_no_previous_and_a_page_without_neighbours_links_home(self):
        from corpus_utils.run.pages import render_html

        nav = {"previous": None, "next": NAV["next"]}
        page = Page(render_html(_notebook(), "09_test", nav=nav)[1])
        assert "08_before.html" not in page.hrefs and page.hrefs.count("10_after.html") == 2
        alone = Page(render_html(_notebook(), "09_test")[1])
        assert [h for h in alone.hrefs if not h.startswith("#")] == ["index.html", "index.html"]

    def test_navigation_links_each_chapter_to_its_neighbours(self):
        from corpus_utils.run.pages import navigation

        one, two, three = ("01_a.html", "A"), ("02_b.html", "B"), ("03_c.html", "C")
        assert navigation([one, two, three]) == [
            {"previous": None, "next": {"href": "02_b.html", "title": "B"}},
            {"previous": {"href": "01_a.html", "title": "A"}, "next": {"href": "03_c.html", "title": "C"}},
            {"previous": {"href": "02_b.html", "title": "B"}, "next": None},
        ]
        assert navigation([one]) == [{"previous": None, "next": None}]
        assert navigation([]) == []

    def test_the_jobs_of_a_run_carry_the_chapters_order_and_titles(self, tmp_path):
        from corpus_utils.run.essay import chapter_jobs

        chapters = []
        for name, title in (("01_first", "Chapter 1 · First"), ("02_second", None), ("03_third", "Chapter 3 · <Third>")):
            cells = [v4.new_markdown_cell(f"# {title}")] if title else []
            nbformat.write(v4.new_notebook(cells=cells), str(tmp_path / f"{name}.ipynb"))
            chapters.append(tmp_path / f"{name}.ipynb")
        jobs = chapter_jobs(chapters, {c: {} for c in chapters}, tmp_path / "texts", {}, tmp_path / "r", tmp_path / "f")
        assert [job.nav for job in jobs] == [
            {"previous": None, "next": {"href": "02_second.html", "title": "02_second"}},
            {"previous": {"href": "01_first.html", "title": "Chapter 1 · First"},
             "next": {"href": "03_third.html", "title": "Chapter 3 · <Third>"}},
            {"previous": {"href": "02_second.html", "title": "02_second"}, "next": None},
        ]


class TestMethodFolds:
    def test_a_method_note_is_folded_under_how_this_was_computed(self, rendered):
        page = rendered.page
        folds = _elements(page, "details", "essay-method")
        assert len(folds) == 2 and all("open" not in a for a in folds)
        summaries = [" ".join(s.split()) for s in page.text_inside("summary") if "computed" in s]
        # the function's name leaves the visible summary for the note itself
        assert summaries == ["How this was computed: Loading", "How this was computed"]
        inside = page.text_inside("details", "essay-method")
        assert "The loader reads every file." in inside[0] and "Every count is a count of tokens." in inside[1]
        assert "<summary>How this was computed: Loading</summary>" in rendered.html
        assert "In the package: load_corpus" in " ".join(inside[0].split())

    def test_its_heading_is_not_repeated_inside_nor_listed_in_the_contents(self, rendered):
        page = rendered.page
        assert not [a for t, a in page.tags if t == "h3" and "Loading" in a.get("id", "")]
        assert "Loading" not in " ".join(page.text_inside("nav", "essay-sidebar"))

    def test_markdown_in_a_method_heading_is_sanitized(self):
        from corpus_utils.run.pages import render_html

        nb = v4.new_notebook(cells=[v4.new_markdown_cell("## How <script>alert(1)</script> *x*",
                                                         metadata={"tags": ["method"]})])
        html = render_html(nb, "x")[1]
        assert "<script>" not in html and "<em>x</em></summary>" in html


class TestNumbering:
    def test_figures_and_tables_are_numbered_in_order_each_kind_on_its_own(self, rendered):
        captions = [" ".join(text.split()) for text in rendered.page.text_inside("figcaption")]
        assert captions == [
            "Figure 1. Lengths by group (plot.plot_lengths). Each dot is a document, e.g. a letter of 1.5 pages.",
            "Table 1. The words of each group. One row per word.",
            "Figure 2. The second figure.",
        ]

    def test_the_announcing_heading_is_not_repeated_above_the_figure(self, rendered):
        headings = [" ".join(t.split()) for tag in ("h2", "h3") for t in rendered.page.text_inside(tag)]
        assert not [h for h in headings if h.startswith(("Figure", "Table"))]
        # the rest of the paragraph below the heading stays; the sentence the caption took is not said twice
        assert "Longer documents sit higher." in rendered.page.text
        assert rendered.page.text.count("Each dot is a document") == 1

    def test_a_table_is_a_figure_with_its_caption_above_it(self, rendered):
        html = rendered.html
        start = html.index('<figure class="essay-table">')
        assert start < html.index("<figcaption><p><strong>Table 1.</strong>", start) < html.index("<table>", start)
        assert html.index("<table>", start) < html.index("</figure>", start)

    def test_images_carry_their_caption_as_alternative_text(self, rendered):
        alts = [a.get("alt") for t, a in rendered.page.tags if t == "img"]
        assert alts == [
            "Figure 1. Lengths by group (plot.plot_lengths). Each dot is a document, e.g. a letter of 1.5 pages.",
            "A figure", "Figure 2. The second figure."]

    def test_numbering_restarts_in_each_chapter_and_a_lone_heading_stays(self):
        from corpus_utils.run.pages import render_html

        other = v4.new_notebook(cells=[
            v4.new_markdown_cell("### Table: not followed by code"), v4.new_markdown_cell("Text."),
            v4.new_markdown_cell("### Figure: only one"), v4.new_code_cell("draw()", outputs=[_figure()])])
        page = Page(render_html(other, "10_other")[1])
        assert [" ".join(t.split()) for t in page.text_inside("figcaption")] == ["Figure 1. Only one."]
        assert "Table: not followed by code" in page.text_inside("h3")[0]


class TestParametersBox:
    def _box(self, html):
        boxes = Page(html).text_inside("div", "celltag_parameters")
        assert len(boxes) == 1
        return boxes[0]

    def test_one_box_with_the_values_the_chapter_ran_with(self, rendered):
        box = self._box(rendered.html)
        assert 'corpus = "texts"' in box and "n_clusters = 3  # the number of groups" in box and "top_n = 10" in box
        assert "../data/seed" not in box and "n_clusters = None" not in box
        assert "Parameters this chapter ran with" in box
        assert not Page(rendered.html).text_inside("div", "celltag_injected-parameters")
        assert "staging" not in rendered.html

    def test_without_the_values_given_it_shows_what_papermill_injected(self):
        from corpus_utils.run.pages import render_html

        box = self._box(render_html(_notebook(), "09_test")[1])
        assert 'corpus = "../.r.1a2b.staging/texts"' in box and "n_clusters = 3  # the number of groups" in box
        assert "Parameters this chapter ran with" not in box

    def test_a_value_over_several_lines_and_a_name_the_cell_lacks(self):
        from corpus_utils.run.pages import render_html

        nb = v4.new_notebook(cells=[
            v4.new_code_cell('groups = [\n    "a",\n    "b",\n]\nseed = 0', metadata={"tags": ["parameters"]}),
            v4.new_code_cell("# Parameters\ngroups = ['x']\nextra = 1", metadata={"tags": ["injected-parameters"]})])
        box = self._box(render_html(nb, "x", shown={"groups": ["x"], "extra": 1})[1])
        lines = [line for line in box.splitlines() if line.strip() and not line.startswith(("#", "show code"))]
        assert lines == ['groups = ["x"]', "seed = 0", "extra = 1"]

    def test_a_chapter_run_with_its_defaults_shows_them(self):
        from corpus_utils.run.pages import render_html

        nb = _notebook()
        del nb.cells[2]
        box = self._box(render_html(nb, "09_test", shown={})[1])
        assert 'corpus = "../data/seed"' in box and "n_clusters = None" in box

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


class TestNoMachinePathOrWarning:
    """Nothing the kernel wrote to its error stream, no error output, no absolute path reaches a page."""

    @pytest.mark.parametrize(("text", "expected"), [
        ("skipped /tmp/tmpab12/texts/a.docx (not text)", "skipped a.docx (not text)"),
        ("see /home/someone/My Texts/b.txt", "see My Texts/b.txt"),
        ("under ~/reports/r/ now", "under r now"),
        (r"read C:\Users\me\texts\a.txt first", "read a.txt first"),
        ("/tmp/pytest-of-x/test\\_x0/my\\_texts/c.txt: not UTF-8", "c.txt: not UTF-8"),
        ("<td>/srv/data/d.txt</td>", "<td>d.txt</td>"),
        ("relative texts/a.txt, and/or 1/2, https://example.org/a/b and </td></tr>",
         "relative texts/a.txt, and/or 1/2, https://example.org/a/b and </td></tr>"),
        ("/etc alone", "/etc alone"),
    ])
    def test_scrub_paths(self, text, expected):
        from corpus_utils.run.pages import scrub_paths

        assert scrub_paths(text) == expected

    def test_stderr_error_outputs_and_paths_never_reach_the_page(self, tmp_path):
        from corpus_utils.run.pages import render_html

        secret = str(tmp_path / "texts")
        nb = _notebook()
        cell = next(c for c in nb.cells if c.source == FOLDED_SOURCE)
        cell.outputs = [
            v4.new_output("stream", name="stderr", text=f"{secret}/a.docx skipped\n"),
            v4.new_output("stream", name="stdout", text=f"printed for the reader from {secret}/b.txt\n"),
            v4.new_output("display_data", data={"text/markdown": f"**Note:** skipped {secret}/c.docx",
                                                "text/plain": "<IPython.core.display.Markdown object>"}),
            v4.new_output("error", ename="UserWarning", evalue=f"{secret}/d.txt",
                          traceback=[f"UserWarning: {secret}/d.txt"]),
        ]
        html = render_html(nb, "09_test")[1]
        assert str(tmp_path) not in html and "a.docx" not in html and "d.txt" not in html
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html and "UserWarning" not in html
        assert "printed for the reader from b.txt" in html and "skipped c.docx" in html
        assert cell.outputs[0].name == "stderr"  # the notebook itself keeps it


@pytest.mark.essay
def test_a_warning_a_kernel_raises_names_no_file_of_the_machine(tmp_path):
    """A chapter run by a real kernel: warnings before and after ``setup_notebook``, naming a temporary file."""
    import nbclient

    from corpus_utils.run.pages import render_html

    nb = v4.new_notebook(cells=[
        v4.new_code_cell("import os, sys, warnings\nsecret = os.path.join(os.getcwd(), 'tmp_texts', 'a letter.docx')\n"
                         "warnings.warn(f'before the set-up: {secret}')"),
        v4.new_code_cell("import corpus_utils as cu\ncu.report.setup_notebook()"),
        v4.new_code_cell("warnings.warn(f'skipped {secret} (not a text file)')\n"
                         "print(f'{secret} on the error stream', file=sys.stderr)"),
        v4.new_code_cell("print('done')"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [out for cell in nb.cells for out in cell.outputs]
    assert sum("tmp_texts" in str(out).replace("\\\\_", "_") for out in outputs) == 3  # the kernel wrote the path thrice
    html = render_html(nb, "09_test")[1]
    assert str(tmp_path) not in html and "tmp\\_texts" not in html and "/tmp_texts/" not in html
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html
    assert "skipped a letter.docx (not a text file)" in Page(html).text and "done" in html
