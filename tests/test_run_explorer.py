"""The term explorer (``run.explorer``): its tables worked by hand, the caps, the page's promises
(escaping, Content-Security-Policy, identical bytes, bounded size) and the page in a browser.

The browser tests open a page built from a small hand-made corpus in Debian's Chromium through
playwright, with the network off; they are skipped, with the reason, where either is missing
(the fixture of tests/test_report_browser.py).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from corpus_utils import chapters, keyness
from corpus_utils.run import explorer
from conftest import ROOT, Page, run_args
from test_report_browser import sync_api  # noqa: F401  (a fixture: playwright, or a skip)

HOSTILE = "<img src=x onerror=alert(1)>"


def corpus_of(docs: list[tuple[str, str, str]]) -> pd.DataFrame:
    """A corpus DataFrame from (doc_id, group, text) triples."""
    return pd.DataFrame(docs, columns=["doc_id", "group", "text"])


@pytest.fixture
def two_groups():
    # a: trust 3, police 6, fear 2, community 1 (12 words); b: crime 3, police 6, law 1 (10 words)
    return corpus_of([
        ("1", "a", "trust trust police police police fear"),
        ("2", "a", "trust police police police community fear"),
        ("3", "b", "crime crime police police police"),
        ("4", "b", "crime police police police law"),
    ])


def settings(**given):
    return explorer.vocabulary_settings(None, given)


class TestSettings:
    def test_defaults_are_the_chapters_then_the_options_given(self):
        declared = {ROOT / "notebooks" / "01_corpus.ipynb": {"alpha0": "1.0"},
                    ROOT / "notebooks" / "02_vocabulary.ipynb": {"alpha0": "250.0", "window": "4", "top_n": "10"}}
        s = explorer.vocabulary_settings(declared, {"top_n": 3, "groups": ["b", "a"], "n_clusters": 2})
        assert (s["alpha0"], s["window"], s["top_n"], s["groups"]) == (250.0, 4, 3, ["b", "a"])
        assert "n_clusters" not in s and s["stop_words"] == "default" and s["min_docs"] is None

    def test_the_notebook_declares_every_setting_the_explorer_reads(self):
        from corpus_utils.run import chapter_parameters

        declared = chapter_parameters(ROOT / "notebooks" / "02_vocabulary.ipynb")
        assert set(explorer.vocabulary_settings()) <= set(declared)


class TestTermTable:
    def test_counts_rates_and_documents_by_hand(self, two_groups):
        t = explorer.term_table(two_groups, settings())
        # a counts 12 words (trust 3, police 6, fear 2, community 1), b 10 (crime 3, police 6, law 1);
        # community and law are used by one document only: the filter drops them
        rows = t.set_index("term")
        assert sorted(rows.index) == ["crime", "fear", "police", "trust"]
        assert rows.loc["police", ["count_a", "count_b", "docs_a", "docs_b"]].tolist() == [6, 6, 2, 2]
        assert rows.loc["trust", "rate_a"] == pytest.approx(1000 * 3 / 12)
        assert rows.loc["crime", "rate_b"] == pytest.approx(1000 * 3 / 10)
        assert rows.loc["police", "rate_a"] == pytest.approx(500.0) and rows.loc["police", "rate_b"] == pytest.approx(600.0)
        assert rows.loc["police", "group"] == "b"  # 6 of 10 words against 6 of 12
        assert t["term"].tolist() == ["police", "crime", "trust", "fear"]  # by uses, then term
        assert set(t["group_a"]) == {"a"} and set(t["group_b"]) == {"b"}
        assert t["uses"].tolist() == [12, 3, 3, 2]

    def test_the_scores_are_chapter_02s(self, two_groups):
        t = explorer.term_table(two_groups, settings(alpha0=50.0))
        expected = chapters.vocabulary(two_groups, alpha0=50.0).by_log_odds.set_index("term")["score"]
        assert t.set_index("term")["score"].to_dict() == pytest.approx(expected.to_dict())
        assert t.attrs["alpha0"] == 50.0 and t.attrs["comparison"] == "pair"

    def test_listed_terms_are_chapter_02s_top_terms(self, two_groups):
        t = explorer.term_table(two_groups, settings(top_n=1))
        assert sorted(t.loc[t["listed"], "term"]) == ["crime", "trust"]

    def test_the_cap_keeps_the_most_used_and_every_listed_term(self, two_groups):
        t = explorer.term_table(two_groups, settings(top_n=1), max_terms=1)
        assert sorted(t["term"]) == ["crime", "police", "trust"]  # fear (2 uses, not listed) is cut
        assert (t.attrs["n_terms"], t.attrs["n_shown"], t.attrs["max_terms"], t.attrs["n_listed"]) == (4, 3, 1, 2)

    def test_the_cap_shrinks_with_more_groups(self):
        assert explorer.term_cap(2) == explorer.MAX_TERMS
        assert explorer.term_cap(4) == explorer.MAX_TERM_GROUPS // 4
        assert explorer.term_cap(4, max_terms=10) == 10

    def test_three_groups_one_panel_each_against_the_rest(self):
        corpus = corpus_of([
            ("1", "x", "trust trust community fear"), ("2", "x", "trust community jobs"),
            ("3", "y", "crime crime law fear"), ("4", "y", "crime law jobs"),
            ("5", "z", "jobs jobs wages fear"), ("6", "z", "jobs wages trust"),
        ])
        t = explorer.term_table(corpus, settings())
        assert list(dict.fromkeys(t["group_a"])) == ["x", "y", "z"] and set(t["group_b"]) == {"rest"}
        assert t.attrs["comparison"] == "one-vs-rest" and t.attrs["group_sizes"] == {"x": 2, "y": 2, "z": 2, "rest": 4}
        chapter = chapters.vocabulary(corpus).by_log_odds
        for g in ("x", "y", "z"):
            mine = t[(t["group_a"] == g) & (t["group"] == g)].set_index("term")
            theirs = chapter[chapter["group"] == g].set_index("term")
            assert sorted(mine.index) == sorted(theirs.index)
            for column in ("score", "count_a", "count_b", "docs_a", "docs_b", "rate_a", "rate_b"):
                assert mine[column].to_dict() == pytest.approx(theirs[column].to_dict()), (g, column)
        # the panel of x also places terms leaning to the rest: crime, 0 uses in x, 3 + 0 in the rest
        crime = t[(t["group_a"] == "x") & (t["term"] == "crime")].iloc[0]
        assert (crime["group"], crime["count_a"], crime["count_b"], crime["docs_b"]) == ("rest", 0, 3, 2)
        # jobs: 1 use in x (1 document of 2), 1 + 2 in the rest, 9 and 8 words counted
        jobs = t[(t["group_a"] == "x") & (t["term"] == "jobs")].iloc[0]
        assert (jobs["rate_a"], jobs["rate_b"]) == pytest.approx((1000 / 7, 1000 * 4 / 14))

    def test_a_one_document_group(self):
        corpus = corpus_of([("1", "a", "trust police"), ("2", "a", "trust police"), ("3", "b", "crime crime police")])
        t = explorer.term_table(corpus, settings()).set_index("term")
        # crime: 2 uses in b's only document, which is all of that group: it passes the filter
        assert t.loc["crime", ["group", "count_b", "docs_b"]].tolist() == ["b", 2, 1]
        assert t.attrs["group_sizes"] == {"a": 2, "b": 1}

    def test_no_term_passes(self):
        corpus = corpus_of([("1", "a", "trust"), ("2", "a", "police"), ("3", "b", "crime"), ("4", "b", "law")])
        t = explorer.term_table(corpus, settings())
        assert len(t) == 0 and t.attrs["n_terms"] == 0
        page = explorer.explorer_html(corpus, settings())
        assert "No term passes the dispersion filter of chapter 02" in page


class TestContextTable:
    def test_lines_per_group_are_capped_and_counted(self, two_groups):
        terms = explorer.term_table(two_groups, settings())
        t = explorer.context_table(two_groups, terms, settings(window=1), lines_per_group=2)
        police = t[t["term"] == "police"]
        assert police[["group", "n_matches", "doc_id"]].values.tolist() == [
            ["a", 6, "1"], ["a", 6, "2"], ["b", 6, "3"], ["b", 6, "4"]]
        # trust: 3 matches in a, the first and the last kept (evenly spaced); b never uses it: one empty row
        trust = t[t["term"] == "trust"]
        assert trust[["group", "n_matches", "doc_id", "left", "match", "right"]].values.tolist() == [
            ["a", 3, "1", "", "trust", "trust"], ["a", 3, "2", "", "trust", "police"], ["b", 0, "", "", "", ""]]
        assert t.attrs["groups"] == ["a", "b"] and t.attrs["lines_per_group"] == 2 and t.attrs["window"] == 1

    def test_long_sides_are_cut_away_from_the_match(self):
        long = " ".join(f"w{i:03d}xxxxxxxxxxxxxxx" for i in range(6))
        corpus = corpus_of([("1", "a", f"{long} trust {long}"), ("2", "b", "crime")])
        t = explorer.context_table(corpus, pd.DataFrame({"term": ["trust"]}), settings(window=5))
        left, right = t.loc[0, ["left", "right"]]
        assert len(left) == len(right) == explorer.CONTEXT_CHARS
        assert left.startswith("\u2026") and left.endswith("w005xxxxxxxxxxxxxxx")
        assert right.endswith("\u2026") and right.startswith("w000xxxxxxxxxxxxxxx")

    def test_three_groups_side_by_side(self):
        corpus = corpus_of([("1", "x", "trust jobs"), ("2", "y", "crime jobs"), ("3", "z", "jobs jobs")])
        t = explorer.context_table(corpus, pd.DataFrame({"term": ["jobs"]}), settings())
        assert t[["group", "n_matches"]].values.tolist() == [["x", 1], ["y", 1], ["z", 2], ["z", 2]]


def hostile_corpus() -> pd.DataFrame:
    return corpus_of([
        (f"{HOSTILE}1", HOSTILE, "Trust <img src=x onerror=alert(3)> community trust @term $$x^2$$ {safe}"),
        ("</script><script>alert(2)</script>", HOSTILE, "trust community fear <b>bold</b>"),
        ("@doc_id", HOSTILE, "Trust trust neighbours </script><script>alert(4)</script>"),
        ("4", "@term $x $$y$$", "crime law @term crime $x$"),
        ("5", "@term $x $$y$$", "crime detainer law"),
        ("6", "@term $x $$y$$", "crime crime law order"),
    ])


class TestPage:
    @pytest.fixture(scope="class")
    @classmethod
    def page(cls):
        return explorer.explorer_html(hostile_corpus(), settings())

    def test_the_policy_forbids_every_request_and_comes_first(self, page):
        head = page[: page.index("<script")]
        meta = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', head)
        assert meta == [explorer.CSP]
        assert "default-src 'none'" in explorer.CSP and "connect-src 'none'" in explorer.CSP
        assert not re.search(r"https?:|\*", explorer.CSP)

    def test_nothing_is_loaded_from_elsewhere(self, page):
        tags = Page(page).tags
        assert not [a for t, a in tags if t in ("script", "img", "iframe") and a.get("src")]
        assert not [a for t, a in tags if t == "link"]
        assert 'href=\\"index.html\\"' in page  # the one link, in the header (Bokeh data)

    def test_values_from_the_data_never_become_markup(self, page):
        for raw in (HOSTILE, "<img src=x onerror=alert(3)>", "</script><script>alert", "<b>bold</b>"):
            assert raw not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the label, escaped in the header and the data

    def test_no_control_or_bidirectional_character_of_a_label_reaches_the_page(self):
        # a right-to-left override in a group label would reverse the text after it where the page names the group
        corpus = corpus_of([("1", "pro\u202e x", "trust trust fear"), ("2", "pro\u202e x", "trust fear community"),
                            ("3", "anti\x07", "crime law"), ("4", "anti\x07", "crime law order")])
        page = explorer.explorer_html(corpus, settings())
        for raw in ("\u202e", "\\u202e", "\x07", "\\u0007"):
            assert raw not in page, repr(raw)

    def test_the_same_bytes_every_time(self, page):
        from bokeh.models import Div

        assert explorer.explorer_html(hostile_corpus(), settings()) == page
        assert int(Div().id[1:]) > 1100  # Bokeh's own counter goes on past the ids the page used

    def test_no_path_of_the_machine(self, page, tmp_path):
        assert str(ROOT) not in page and "/tmp" not in page and "file://" not in page

    def test_the_caps_are_said(self, page):
        assert "All 5 terms that pass the filter are shown; at most 3 lines per group per term" in page


def large_corpus(n_docs=600, n_words=16_000, length=160) -> pd.DataFrame:
    """Documents of long made-up words (Zipf-distributed), with long ids: more terms than the cap."""
    rng = np.random.default_rng(0)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    words = np.array(["".join(rng.choice(letters, 14)) for _ in range(n_words)])
    p = 1 / np.arange(1, n_words + 1)
    docs = [(f"collection/part-{i % 7}/a-rather-long-document-name-{i:06d}.txt", "ab"[i % 2],
             " ".join(words[rng.choice(n_words, length, p=p / p.sum())])) for i in range(n_docs)]
    return corpus_of(docs)


def test_the_page_of_a_large_corpus_stays_under_ten_megabytes():
    corpus = large_corpus()
    terms = explorer.term_table(corpus, settings())
    assert terms.attrs["n_terms"] > explorer.MAX_TERMS == terms.attrs["n_shown"]
    page = explorer.explorer_html(corpus, settings())
    assert len(page.encode("utf-8")) < 10_000_000
    assert f"The 5,000 most used of {terms.attrs['n_terms']:,} terms that pass the filter are shown" in page


# --------------------------------------------------------------------------------------------
# in a browser


#: The page position of a term's point in the panel shown (BokehJS's own scales), or null.
_POINT = """(term) => {
  const seen = new Set(), figures = [];
  function walk(v) { if (!v || seen.has(v)) return; seen.add(v);
    if (v.model.type === 'Figure') figures.push(v);
    for (const c of (v.child_views ?? [])) walk(c); }
  for (const v of Object.values(Bokeh.index)) walk(v);
  for (const fv of figures) {
    if (fv.el.getBoundingClientRect().width === 0) continue;
    for (const rv of fv.renderer_views.values()) {
      const data = rv.model.data_source?.data;
      const i = data?.term ? data.term.indexOf(term) : -1;
      if (i < 0) continue;
      const c = fv.canvas_view.el.getBoundingClientRect();
      return [c.left + fv.frame.x_scale.compute(data.x[i]), c.top + fv.frame.y_scale.compute(data.y[i])];
    }
  }
  return null;
}"""


@pytest.fixture(scope="module")
def browser_visit(sync_api, tmp_path_factory):  # noqa: F811
    """The hostile corpus's explorer opened offline: hover 'crime', search 'trust', tap 'law'."""
    from test_report_browser import CHROMIUM

    path = tmp_path_factory.mktemp("explorer") / "explorer.html"
    path.write_text(explorer.explorer_html(hostile_corpus(), settings()), encoding="utf-8")
    seen = {"requests": [], "blocked": [], "errors": [], "dialogs": []}
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            context = browser.new_context(offline=True, viewport={"width": 1280, "height": 1200})

            def guard(route):
                if route.request.url.startswith(("file:", "data:")):
                    route.continue_()
                else:
                    seen["blocked"].append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            page = context.new_page()
            page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: seen["errors"].append(str(e)))
            page.on("request", lambda r: seen["requests"].append(r.url))
            page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function("() => window.Bokeh && Object.keys(Bokeh.index).length > 0")
            page.wait_for_function(f"() => ({_POINT})('crime') !== null")
            page.mouse.move(*page.evaluate(_POINT, "crime"))
            tooltip = page.get_by_text(re.compile(r"^5 uses \(")).first  # the value cells pierce Bokeh's shadow DOM
            tooltip.wait_for(state="visible")
            seen["tooltip"] = [page.get_by_text(re.compile(r"uses \(")).nth(i).text_content() for i in range(2)]
            seen["tooltip_term"] = page.get_by_text("crime", exact=True).count()
            search = page.get_by_placeholder("type a word")
            search.fill("trust")
            search.press("Enter")
            page.get_by_text("Lines of \u201ctrust\u201d").wait_for()
            seen["after_search"] = page.locator(".slick-cell").all_text_contents()
            seen["counts_after_search"] = _counts(page)
            page.mouse.move(0, 0)
            page.mouse.click(*page.evaluate(_POINT, "law"))
            page.get_by_text("Lines of \u201claw\u201d").wait_for()
            seen["after_tap"] = page.locator(".slick-cell").all_text_contents()
            seen["counts"] = _counts(page)
            seen["images"] = page.evaluate("() => document.images.length")
        finally:
            browser.close()
    return seen


def _counts(page) -> list[str]:
    """The line above each group's table: "group: k of n lines", or "group: not used"."""
    found = page.get_by_text(re.compile(r": (\d+ of \d+ lines?|not used)$"))
    return [found.nth(i).text_content() for i in range(found.count())]


class TestInTheBrowser:
    def test_hovering_a_point_shows_its_counts(self, browser_visit):
        # crime: 0 uses in the first group; in the second 5 of the 12 words counted (crime law term crime x,
        # crime detainer law, crime crime law order), in its 3 documents
        assert browser_visit["tooltip"] == ["0 uses (0.00 per 1,000 words), in 0 of 3 documents",
                                            "5 uses (416.67 per 1,000 words), in 3 of 3 documents"]
        assert browser_visit["tooltip_term"] >= 1

    def test_searching_a_term_shows_its_lines_from_each_group(self, browser_visit):
        assert browser_visit["counts_after_search"] == [f"{HOSTILE}: 3 of 5 lines", "@term $x $$y$$: not used"]
        cells = browser_visit["after_search"]
        assert any("</script><script>alert" in c for c in cells)  # shown as text
        assert f"{HOSTILE}1" in cells and "@doc_id" in cells

    def test_tapping_a_point_shows_its_lines_side_by_side(self, browser_visit):
        cells = browser_visit["after_tap"]
        assert cells.count("law") == 3 and "trust" not in cells
        assert browser_visit["counts"] == [f"{HOSTILE}: not used", "@term $x $$y$$: 3 of 3 lines"]

    def test_no_request_left_the_page_and_nothing_ran(self, browser_visit):
        assert browser_visit["blocked"] == [] and all(u.startswith("file:") for u in browser_visit["requests"])
        assert browser_visit["errors"] == [] and browser_visit["dialogs"] == [] and browser_visit["images"] == 0


# --------------------------------------------------------------------------------------------
# in a report


def test_every_report_has_an_explorer_and_a_failed_chapter_leaves_none(tmp_path, texts, fake):
    from corpus_utils.__main__ import main

    fake()
    assert main(run_args(texts, tmp_path / "r")) == 0
    page = (tmp_path / "r" / explorer.EXPLORER_PAGE).read_text(encoding="utf-8")
    assert explorer.CSP in page and str(tmp_path) not in page
    fake(fail="03_framing")
    assert main(run_args(texts, tmp_path / "r", "--force")) == 1
    assert not (tmp_path / ".r.partial" / explorer.EXPLORER_PAGE).exists()


@pytest.mark.essay
def test_the_essays_explorer_places_the_fixtures_terms(essay_report):
    page = (essay_report.out / explorer.EXPLORER_PAGE).read_text(encoding="utf-8")
    assert explorer.CSP in page and str(essay_report.work) not in page
    assert re.search(r"(All \d+|The [\d,]+ most used of [\d,]+) terms that pass the filter are shown", page)


def test_the_page_made_from_the_run_s_shared_index_is_the_same_page(tmp_path):
    """corpus-essay run hands the explorer its shared results: the index is read, not tokenized again, and the page's
    bytes do not change."""
    import corpus_utils as cu
    from corpus_utils import shared

    corpus = hostile_corpus()
    shared.write_tokens(tmp_path, cu.index_tokens(corpus), corpus)
    assert explorer.explorer_html(corpus, settings(), shared=tmp_path) == explorer.explorer_html(corpus, settings())
