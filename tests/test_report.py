import pandas as pd
import pytest

from corpus_utils import report


class TestPlural:
    @pytest.mark.parametrize(
        "n, word, expected",
        [(0, "document", "0 documents"), (1, "document", "1 document"), (2, "document", "2 documents"),
         (1200, "token", "1,200 tokens")],
    )
    def test_plural(self, n, word, expected):
        assert report.plural(n, word) == expected

    def test_irregular(self):
        assert report.plural(3, "analysis", "analyses") == "3 analyses"


class TestJoinWords:
    @pytest.mark.parametrize(
        "items, expected",
        [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
    )
    def test_join(self, items, expected):
        assert report.join_words(items) == expected

    def test_quote_and_conjunction(self):
        assert report.join_words(["x", "y"], quote="*", conjunction="or") == "*x* or *y*"


# --- escaping: user data is text, never markup -------------------------------------------

from html.parser import HTMLParser  # noqa: E402

from nbconvert.filters.markdown_mistune import markdown2html_mistune  # noqa: E402

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "![x](notes.txt)",
    "<https://example.com>",
    "https://example.com/a_b",
    "www.example.com",
    "me@example.com",
    "$x$",
    "$",
    "a$b$c",
    "$$x$$",
    r"\(x\)",
    r"\[x\]",
    r"\begin{equation}x\end{equation}",
    "`code`",
    "``",
    "a|b|c",
    "*em* _em_ **bold** __bold__",
    "~~struck~~",
    "back\\slash \\*",
    "&amp; &lt;b&gt; &#36;",
    "# heading",
    "## heading",
    "   ### indented heading",
    "- item",
    "+ item",
    "= underline",
    ": definition",
    "1. item",
    "12) item",
    "> quote",
    "[ ] task",
    "<!-- comment -->",
    "anti-cooperation",
    "002-ice-news",
]


class _Rendered(HTMLParser):
    """The text of rendered HTML, the tags met, and where each `$` and backslash sits."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.text, self.tags, self.stack, self.math_chars = [], [], [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        self.text.append(data)
        for ch in data:
            if ch in "$\\":
                inside = self.stack[-1] if self.stack else ("", {})
                self.math_chars.append((ch, data, inside[0], inside[1].get("class", "")))

    def plain(self):
        return "".join(self.text).strip()


def _render(markdown):
    return _Rendered(markdown2html_mistune(markdown))


def _math_safe(rendered):
    """Every `$` and backslash sits alone in a span MathJax ignores, or in code."""
    return all(tag == "code" or (cls == "tex2jax_ignore" and data == ch)
               for ch, data, tag, cls in rendered.math_chars)


class TestEscapeMarkdown:
    @pytest.mark.parametrize(
        "value, expected",
        [
            ("anti-cooperation", "anti-cooperation"),
            ("criminal aliens", "criminal aliens"),
            ("a*b_c", r"a\*b\_c"),
            ("<b>", "&lt;b&gt;"),
            ("Q&A", "Q&amp;A"),
            ("[x](y)", r"\[x\](y)"),
            ("a|b", r"a\|b"),
            ("`x`", r"\`x\`"),
            ("$", '<span class="tex2jax_ignore">&#36;</span>'),
            ("\\", '<span class="tex2jax_ignore">&#92;</span>'),
            ("# x", r"\# x"),
            ("   # x", r"   \# x"),
            ("- x", r"\- x"),
            ("1. x", r"1\. x"),
            ("2024-01-01", "2024-01-01"),
            ("1.5", "1.5"),
            ("3)", r"3\)"),
            ("see https://x.org", r"see https\://x.org"),
            ("a\n\n  b", "a b"),
            (3, "3"),
            (-1.5, r"\-1.5"),
        ],
    )
    def test_by_hand(self, value, expected):
        assert report.escape_markdown(value) == expected

    @pytest.mark.parametrize("value", HOSTILE)
    @pytest.mark.parametrize("template", ["{}", "The label {} leads.", "- cluster 1: {}", "* {} foregrounds",
                                          "a | b\n--|--\n{} | 1"])
    def test_renders_as_exactly_the_text(self, value, template):
        rendered = _render(template.format(report.escape_markdown(value)))
        assert " ".join(value.split()) in " ".join(rendered.plain().split())  # HTML collapses white space
        assert {t for t, _ in rendered.tags} <= {"p", "span", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"}
        assert not [a for _, attrs in rendered.tags for a in attrs if a.startswith("on") or a in ("href", "src")]
        assert _math_safe(rendered)

    def test_line_breaks_become_one_space(self):
        assert _render(report.escape_markdown("first\n\n# second\r\n- third")).plain() == "first # second - third"


class TestQuoted:
    @pytest.mark.parametrize("value", HOSTILE)
    @pytest.mark.parametrize("mark, tag", [("*", "em"), ("**", "strong"), ("_", "em")])
    def test_emphasis_around_the_escaped_text(self, value, mark, tag):
        rendered = _render(f"In {report.quoted(value, mark)}, then.")
        assert rendered.plain() == f"In {value}, then."
        assert [t for t, _ in rendered.tags if t not in ("p", "span")] == [tag]
        assert _math_safe(rendered)

    @pytest.mark.parametrize("value", HOSTILE)
    def test_code_span_shows_the_value_verbatim(self, value):
        rendered = _render(f"In {report.quoted(value, '`')}, then.")
        assert rendered.plain() == f"In {value}, then."
        assert [t for t, _ in rendered.tags] == ["p", "code"]

    @pytest.mark.parametrize("value, expected", [("x", "`x`"), ("a`b", "``a`b``"), ("`x", "`` `x ``"),
                                                 (" x ", "`  x  `"), ("a``b", "```a``b```")])
    def test_code_fence_by_hand(self, value, expected):
        assert report.quoted(value, "`") == expected

    def test_spaces_at_the_ends_keep_the_emphasis(self):
        assert report.quoted(" x ") == "*&#32;x&#32;*"
        assert _render(report.quoted(" x ")).tags[1][0] == "em"

    def test_empty_value_and_unknown_mark(self):
        assert report.quoted("") == ""
        with pytest.raises(ValueError, match=r"mark must be one of .* \(got '<'\)"):
            report.quoted("x", "<")


class TestEscapingHelpers:
    def test_join_words_escapes_every_item_inside_the_quote(self):
        assert report.join_words(["a*", "<b>", "$"], quote="*") == (
            r'*a\**, *&lt;b&gt;* and *<span class="tex2jax_ignore">&#36;</span>*'
        )

    def test_join_words_leaves_markdown_the_notebook_built(self):
        assert report.join_words(["*a* (2)", "*b* (1)"], escape=False) == "*a* (2) and *b* (1)"

    def test_plural_escapes_its_word(self):
        assert report.plural(2, "<i>x") == "2 &lt;i&gt;xs"
        assert report.plural(1, "*term*", "*terms*") == r"1 \*term\*"
        assert report.plural(3, "*term*", "*terms*") == r"3 \*terms\*"


class TestSanitizeHtml:
    """The allow-list the HTML export applies to Markdown and HTML outputs."""

    def test_keeps_what_the_chapters_render(self):
        import pandas as pd

        heading = '<h2 id="Data">Data<a class="anchor-link" href="#Data">¶</a></h2>'
        prose = '<p>A <em>b</em> <strong>c</strong> <code>d</code> <span class="tex2jax_ignore">$</span></p>'
        lists = "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>q</p></blockquote><pre>x</pre>"
        frame = pd.DataFrame({"a": [1]}, index=pd.MultiIndex.from_tuples([("g", "d")], names=["group", "doc"]))
        cleaned = _Rendered(report.sanitize_html(heading + prose + lists + frame._repr_html_()))
        tags = [t for t, _ in cleaned.tags]
        assert tags[:2] == ["h2", "a"] and ("a", {"class": "anchor-link", "href": "#Data"}) in cleaned.tags
        for tag in ["p", "em", "strong", "code", "span", "ul", "ol", "li", "blockquote", "pre",
                    "table", "thead", "tbody", "tr", "th", "td"]:
            assert tag in tags, tag
        assert ("span", {"class": "tex2jax_ignore"}) in cleaned.tags
        assert "style" not in tags and "vertical-align" not in cleaned.plain()

    @pytest.mark.parametrize(
        "html, gone",
        [
            ('<p onclick="alert(1)">x</p>', "onclick"),
            ('<a href="javascript:alert(1)">x</a>', "href"),
            ('<a href=" JaVaScRiPt:alert(1)">x</a>', "href"),
            ('<img src="notes.txt" onerror="alert(1)">', "img"),
            ("<script>alert(1)</script>", "script"),
            ('<iframe src="https://example.com"></iframe>', "iframe"),
            ('<svg onload="alert(1)"></svg>', "svg"),
            ('<div style="background:url(x)">x</div>', "style"),
        ],
    )
    def test_removes_active_content(self, html, gone):
        cleaned = _Rendered(report.sanitize_html(html))
        assert gone not in {t for t, _ in cleaned.tags} | {a for _, attrs in cleaned.tags for a in attrs}


#: Every character that must not reach a page: C0 controls but tab and line feed, DEL, C1 controls.
CONTROLS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]]
#: Bidirectional formatting characters: embeddings, overrides, isolates and marks.
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",
        "\u061c"]


class TestPlainText:
    def test_controls_become_the_replacement_character(self):
        assert report.plain_text("a\x07b\x1bc\x7fd\x85e\x9f") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffd"
        assert report.plain_text("tab\there\nline") == "tab\there\nline"

    def test_bidirectional_controls_are_removed(self):
        assert report.plain_text("\u202epro 12\u202c and \u2067x\u200f") == "pro 12 and x"
        assert report.plain_text("".join(BIDI)) == ""

    def test_right_to_left_letters_and_other_text_are_kept(self):
        for value in ["שלום 3", "مرحبا", "漢字", "café", "a – b ☂"]:
            assert report.plain_text(value) == value


class TestShortLabel:
    def test_short_labels_are_unchanged(self):
        assert report.short_label("anti-cooperation") == "anti-cooperation"
        assert report.short_label("x" * 60) == "x" * 60

    def test_a_long_label_keeps_its_beginning_and_end(self):
        label = "a" * 100 + "b" * 200
        short = report.short_label(label)
        assert short == "a" * 29 + "\u2026" + "b" * 30 and len(short) == 60
        assert report.short_label("abcdefghij", 7) == "abc\u2026hij"

    def test_controls_and_line_breaks_first(self):
        assert report.short_label("a\nb\u202ec\x07") == "a bc\ufffd"


class TestUnsafeCharacters:
    """Control and bidirectional formatting characters never leave a label: one helper for every page."""

    @pytest.mark.parametrize("char", CONTROLS + BIDI)
    def test_escape_markdown_keeps_no_control(self, char):
        for value in [f"pro{char}12", f"{char}x", f"x{char}"]:
            shown = report.escape_markdown(value)
            assert char not in shown
            assert shown.startswith(("pro", "x", "\ufffd", " x"))

    def test_escape_markdown_by_hand(self):
        assert report.escape_markdown("\u202epro\x07 12") == "pro\ufffd 12"
        assert report.escape_markdown("a\rb\x0bc") == "a b c"  # line breaks are still spaces, not U+FFFD

    @pytest.mark.parametrize("mark", ["*", "**", "`", ""])
    def test_quoted_and_join_words(self, mark):
        assert report.quoted("\u202eab\x1b", mark).strip("*`") == "ab\ufffd"
        assert report.join_words(["\u202ea", "b\x07"], quote=mark) == f"{mark}a{mark} and {mark}b\ufffd{mark}"

    def test_rendered_text_has_no_control(self):
        rendered = _render(f"The group {report.quoted('pro' + chr(0x202E) + ' 3' + chr(7))} has 3 documents.")
        assert rendered.plain() == "The group pro 3\ufffd has 3 documents."

    def test_sanitize_html_keeps_no_control_in_tables(self):
        html = "<table><tbody><tr><td>\u202epro\x07</td><td>\u2066x</td></tr></tbody></table>"
        assert report.sanitize_html(html) == "<table><tbody><tr><td>pro\ufffd</td><td>x</td></tr></tbody></table>"


class TestWarningsAsNotes:
    """After setup_notebook, a warning in a chapter is a short note, never a block naming a file of the package."""

    def test_a_warning_is_shown_as_an_escaped_note_once(self, monkeypatch):
        import warnings

        import IPython.display

        shown = []
        monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
        with warnings.catch_warnings():
            report.setup_notebook()
            warnings.simplefilter("always")
            hook = warnings.showwarning
            hook(UserWarning("corpus: skipped 1 file(s) that are not .txt text: a_b*.docx.\nConvert them."),
                 UserWarning, "/somewhere/src/corpus_utils/load.py", 536)
            hook("corpus: skipped 1 file(s) that are not .txt text: a_b*.docx. Convert them.", UserWarning,
                 "/elsewhere/load.py", 1)
            warnings.warn("Glyph <missing> from font", UserWarning)
        assert shown == ["**Note:** corpus: skipped 1 file(s) that are not .txt text: a\\_b\\*.docx. Convert them.",
                         "**Note:** Glyph &lt;missing&gt; from font"]


class TestPValueText:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (0.1, "0.1"),
            (1 / 126, "0.00794"),  # three significant digits
            (1.0, "1"),
            (1.9e-4, "0.00019"),
            (3.456e-120, "3.46e-120"),
            (2e-300, "2e-300"),  # still within the printable range
            (9.9e-301, "< 10⁻³⁰⁰"),
            (1e-310, "< 10⁻³⁰⁰"),  # subnormal: rounding, not a measurement
            (0.0, "< 10⁻³⁰⁰"),  # an underflow, never a p-value of 0
        ],
    )
    def test_three_significant_digits_or_the_bound(self, value, text):
        assert report.p_value_text(value) == text

    def test_the_g2_p_value_of_a_large_g2_underflows_and_is_written_as_the_bound(self):
        # erfc(sqrt(G2 / 2)) is exactly 0 for G2 = 1,600 (its true value is about 1e-350), the chi-square p-value
        # that keyness.log_likelihood computes
        from scipy.special import erfc

        assert erfc((1600 / 2) ** 0.5) == 0.0
        assert report.p_value_text(erfc((1600 / 2) ** 0.5)) == "< 10⁻³⁰⁰"

    def test_nan_stays_nan(self):
        assert report.p_value_text(float("nan")) == "nan"


class TestPColumns:
    def test_p_columns_become_text_and_the_rest_is_kept(self):
        import numpy as np
        import pandas as pd

        table = pd.DataFrame({"term": ["obama", "iowa", "x"], "score": [9.9123, 1.2345, 0.5],
                              "p_value": [0.0, 0.000194, np.nan], "p_adjusted": [0.005, 0.5, 1.0]})
        table.attrs["statistic"] = "log_likelihood"
        shown = report.p_columns(table).round(3)
        assert shown["p_value"].tolist()[:2] == ["< 10⁻³⁰⁰", "0.000194"] and pd.isna(shown["p_value"].iloc[2])
        assert shown["p_adjusted"].tolist() == ["0.005", "0.5", "1"]
        assert shown["score"].tolist() == [9.912, 1.234, 0.5]
        assert shown.attrs == {"statistic": "log_likelihood"}
        assert table["p_value"].iloc[0] == 0.0  # the table itself is untouched

    def test_named_columns_only(self):
        import pandas as pd

        table = pd.DataFrame({"min_p": [0.1], "p_value": [0.0]})
        assert report.p_columns(table, ["p_value"]).to_dict("list") == {"min_p": [0.1], "p_value": ["< 10⁻³⁰⁰"]}


class TestReaderTable:
    def table(self):
        return pd.DataFrame({"doc_id": ["a<b>", "c"], "n_tokens": [1234, 5], "share": [0.12345, float("nan")],
                             "p_value": [0.0, 0.25], "extra": ["x", "y"]}, index=[7, 3])

    def test_headers_are_the_readers_and_the_index_is_gone(self):
        shown = report.reader_table(self.table(), {"doc_id": "document", "n_tokens": "words"})
        assert list(shown.shown.columns) == ["document", "words"]
        assert shown.shown.values.tolist() == [["a<b>", "1,234"], ["c", "5"]]
        html = shown._repr_html_()
        assert "<th>document</th>" in html and ">7<" not in html and ">3<" not in html
        assert "a&lt;b&gt;" in html and "a<b>" not in html
        assert '<table class="essay-reader-table tex2jax_ignore">' in html  # MathJax leaves the data's `$` alone

    def test_number_columns_are_marked_for_right_alignment(self):
        html = report.reader_table(self.table(), {"doc_id": "document", "n_tokens": "words", "p_value": "p"})._repr_html_()
        head = html.split("<tbody>")[0]
        assert "<th>document</th>" in head and '<th class="n">words</th>' in head and '<th class="n">p</th>' in head
        assert '<td>a&lt;b&gt;</td><td class="n">1,234</td><td class="n">&lt; 10⁻³⁰⁰</td>' in html

    def test_numbers_are_written_for_reading(self):
        shown = report.reader_table(self.table(), {"share": "share", "p_value": "p"})
        # 0.12345 rounded to three decimals; NaN empty; an underflowed p as a bound; 0.25 as written
        assert shown.shown.values.tolist() == [["0.123", "< 10⁻³⁰⁰"], ["", "0.25"]]

    def test_cut_rows_are_said(self):
        shown = report.reader_table(self.table(), {"doc_id": "document"}, total=391, noun="documents")
        assert shown.note == "2 of 391 documents shown."
        assert "2 of 391 documents shown." in shown._repr_html_() and repr(shown).endswith("also in the table.")
        assert report.reader_table(self.table(), {"doc_id": "document"}, total=2).note == ""

    def test_other_columns_fold_away_and_none_when_all_are_shown(self):
        shown = report.reader_table(self.table(), {"doc_id": "document"})
        html = shown._repr_html_()
        assert html.count("<details") == 1 and "<th>extra</th>" in html.split("<details")[1]
        everything = {c: c for c in self.table().columns}
        assert "<details" not in report.reader_table(self.table(), everything)._repr_html_()

    def test_the_fold_survives_the_pages_sanitizer(self):
        html = report.sanitize_html(report.reader_table(self.table(), {"doc_id": "document"})._repr_html_())
        assert "<details" in html and "<summary>All columns</summary>" in html

    def test_too_many_or_unknown_columns_are_refused(self):
        wide = pd.DataFrame({f"c{i}": [i] for i in range(8)})
        with pytest.raises(ValueError, match="at most 7"):
            report.reader_table(wide, {c: c for c in wide.columns})
        with pytest.raises(ValueError, match="no column 'nope'"):
            report.reader_table(wide, {"nope": "x"})

    def test_empty_table(self):
        shown = report.reader_table(self.table().iloc[:0], {"doc_id": "document"}, total=0)
        assert repr(shown).startswith("(no rows)") and shown.note == ""
        assert shown._repr_html_() == '<p class="essay-table-note">No rows to show.</p>'

    def test_true_and_false_read_as_yes_and_no(self):
        shown = report.reader_table(pd.DataFrame({"echo": [True, False]}), {"echo": "echo"})
        assert shown.shown["echo"].tolist() == ["yes", "no"]


class TestStage:
    """``report.stage`` tells ``corpus-essay run`` a chapter's stage through the one file the variable names."""

    @pytest.fixture
    def spot(self, tmp_path, monkeypatch):
        """A folder holding one other file, and the variable naming ``stage`` in it."""
        (tmp_path / "other.txt").write_text("kept", encoding="utf-8")
        monkeypatch.setenv(report.STAGE_VARIABLE, str(tmp_path / "stage"))
        return tmp_path

    @pytest.mark.parametrize("value", [None, ""])
    def test_without_the_variable_nothing_is_opened(self, value, monkeypatch, tmp_path):
        def refuse(*args, **kwargs):
            raise AssertionError("a file was opened")

        if value is None:
            monkeypatch.delenv(report.STAGE_VARIABLE, raising=False)
        else:
            monkeypatch.setenv(report.STAGE_VARIABLE, value)
        monkeypatch.chdir(tmp_path)
        monkeypatch.setattr(report.os, "open", refuse)
        with report.stage("counting"):
            report.announce_stage("resampling")
        assert list(tmp_path.iterdir()) == []

    def test_entering_writes_the_stage_and_leaving_the_one_around_it(self, spot):
        path = spot / "stage"
        with report.stage("resampling"):
            assert path.read_text(encoding="utf-8") == "resampling\n"
            with report.stage("counting"):
                assert path.read_text(encoding="utf-8") == "counting\n"  # shorter: the longer one is gone
            assert path.read_text(encoding="utf-8") == "resampling\n"
        assert path.read_text(encoding="utf-8") == report.OTHER_STEPS + "\n" == "other steps\n"

    def test_a_step_that_fails_still_leaves_its_stage(self, spot):
        with pytest.raises(ZeroDivisionError):
            with report.stage("clustering"):
                1 / 0
        assert (spot / "stage").read_text(encoding="utf-8") == "other steps\n"
        with report.stage("counting"):  # nothing left on the stack by the failure
            pass
        assert (spot / "stage").read_text(encoding="utf-8") == "other steps\n"

    def test_as_a_decorator_each_call_is_in_the_stage(self, spot):
        seen = []

        @report.stage("loading")
        def load(x):
            seen.append((spot / "stage").read_text(encoding="utf-8"))
            return x + 1

        assert (load(1), load(2)) == (2, 3)
        assert seen == ["loading\n", "loading\n"]
        assert load.__name__ == "load"

    def test_the_stage_is_one_line_of_plain_text(self, spot):
        report.announce_stage("finding\nthemes\u202e\x07")
        assert (spot / "stage").read_text(encoding="utf-8") == "finding themes\ufffd\n"

    def test_it_writes_no_other_file(self, spot):
        with report.stage("counting"):
            report.announce_stage("resampling")
        assert sorted(p.name for p in spot.iterdir()) == ["other.txt", "stage"]
        assert (spot / "other.txt").read_text(encoding="utf-8") == "kept"

    def test_it_never_writes_through_a_link(self, spot):
        (spot / "stage").symlink_to(spot / "other.txt")
        with report.stage("counting"):
            pass
        assert (spot / "other.txt").read_text(encoding="utf-8") == "kept"
        assert (spot / "stage").is_symlink()

    @pytest.mark.parametrize("where", ["missing/stage", "folder", "bad\0name"])
    def test_a_place_it_cannot_write_is_no_error_and_nothing_is_created(self, where, tmp_path, monkeypatch):
        (tmp_path / "folder").mkdir()
        with monkeypatch.context() as m:  # a dict stands in for the environment, which cannot hold a NUL
            m.setattr(report.os, "environ", {report.STAGE_VARIABLE: str(tmp_path / where)})
            with report.stage("counting"):
                pass
        assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]
        assert list((tmp_path / "folder").iterdir()) == []

    def test_a_full_disk_is_no_error(self, spot, monkeypatch):
        import errno

        def full(handle, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(report.os, "write", full)
        with report.stage("counting"):
            pass
