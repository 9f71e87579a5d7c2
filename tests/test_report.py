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
