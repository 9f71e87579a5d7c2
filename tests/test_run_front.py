"""The front page (``run.front``): every chapter linked with its question and summary, the corpus at a
glance, how to reproduce the report, and every value escaped.
"""

from __future__ import annotations

from conftest import Page


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
        assert [h for h in page.hrefs if h.endswith(".html")] == ["explorer.html", "01_corpus.html", "02_words.html"]
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
                                            "td", "section", "em", "div", "details", "summary"}
        assert [a["href"] for t, a in page.tags if t == "a" and a["href"].startswith("explorer")] == ["explorer.html"]
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
        assert "What sets the language of <b>a</b> apart from that of b & c?" in page.text
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

    def test_labels_are_plain_text_and_short_in_the_title(self):
        from corpus_utils.run.front import index_html

        long = "tenants " + "x" * 292
        manifest = dict(self.MANIFEST, groups_compared=["\u202epro 12", long],
                        documents_per_group={"\u202epro 12": 3, long: 2}, corpus="te\x07xts")
        html = index_html(manifest, self.CHAPTERS, question="Why\x1b?")
        page = Page(html)
        short = "tenants " + "x" * 21 + "\u2026" + "x" * 30
        assert page.text_inside("title") == [f"Comparing pro 12 and {short}: a computational essay"]
        assert page.text_inside("h1") == page.text_inside("title")
        assert page.text_inside("td")[::2] == ["pro 12", long]  # the table shows the label in full
        assert "Why\ufffd?" in page.text and "te\ufffdxts" in page.text
        assert not any(ch in html for ch in "\u202e\x07\x1b")


def executed(*cells):
    """A small executed notebook from (kind, source, tags, outputs) cells."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    for kind, source, tags, outputs in cells:
        cell = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
        cell.metadata["tags"] = list(tags)
        if kind == "code":
            cell.outputs = [nbformat.v4.new_output("display_data", data=data) for data in outputs]
        nb.cells.append(cell)
    return nb


PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


class TestFrontFigure:
    def test_the_tagged_cell_s_image_with_the_caption_of_its_figure_cell(self):
        from corpus_utils.run.front import front_figure

        nb = executed(("markdown", "### Figure: words that set *a* apart\n\nBars are scores. More below.", [], []),
                      ("code", "x", ["front-figure"], [{"image/png": PNG[:20] + "\n" + PNG[20:], "text/plain": "<F>"}]))
        assert front_figure(nb) == {"png": PNG, "caption": "**Figure: words that set *a* apart.** Bars are scores."}
        assert front_figure(executed(("code", "x", ["front-figure"], [{"text/plain": "nothing drawn"}]))) is None
        assert front_figure(executed(("code", "x", [], [{"image/png": PNG}]))) is None

    def test_the_page_shows_it_after_the_abstract_as_a_data_uri(self):
        from corpus_utils.run.front import index_html

        figure = {"png": PNG, "caption": "**Figure: words of *x & y*.** One bar per term."}
        page = Page(index_html(TestFrontPage.MANIFEST, TestFrontPage.CHAPTERS, abstract="Found.", figure=figure))
        names = [t for t, _ in page.tags]
        assert names.index("section") < names.index("figure") < names.index("img") < names.index("figcaption")
        img = next(a for t, a in page.tags if t == "img")
        assert img["src"] == "data:image/png;base64," + PNG and img["alt"] == "Figure: words of x & y. One bar per term."
        assert [" ".join(t.split()) for t in page.text_inside("figcaption")] == ["Figure: words of x & y. One bar per term."]
        # anything but base64 is no image
        broken = index_html(TestFrontPage.MANIFEST, [], figure={"png": '"><script>x</script>', "caption": None})
        assert "<figure" not in broken and "<script>x" not in broken

    def test_the_written_question_replaces_the_opening_s(self):
        from corpus_utils.run.front import index_html

        page = Page(index_html(TestFrontPage.MANIFEST, [], question="Old?",
                               question_markdown="What sets *\\<b\\>a* apart?"))
        assert " ".join(page.text_inside("p", "question")[0].split()) == "What sets <b>a apart?"
        assert "Old?" not in page.text and ("em", {}) in page.tags
