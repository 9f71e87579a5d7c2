"""Tests for corpus_utils.context: context lines, KWIC and collocates, worked out by hand on tiny documents."""

from __future__ import annotations

import math

import numpy as np

import pandas as pd
import pytest

import corpus_utils as cu
from conftest import SEED, toy_documents
from corpus_utils import context, frame


def corpus_of(*docs: tuple[str, str]) -> pd.DataFrame:
    """A corpus DataFrame from (label, text) pairs; doc ids d1, d2, ..."""
    return pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(1, len(docs) + 1)], "group": [d[0] for d in docs], "text": [d[1] for d in docs]}
    )


TOY = (("a", "trust trust safety"), ("a", "trust"), ("b", "crime safety"))


class TestContextLines:
    # tokens of d1: 0 We, 1 build, 2 Public, 3 Safety, 4 with, 5 trust; d2: 6 Public, 7 safety, 8 first
    CORPUS = corpus_of(("a", "We  build\nPublic   Safety, with trust."), ("b", "Public safety first"))

    def test_match_as_written_with_window_tokens_either_side(self):
        tokens = cu.index_tokens(self.CORPUS)
        lines = context.context_lines(tokens, [2], [3], window=1)
        # left: from the start of "build" to the start of "Public"; right: from the end of "Safety" to the end of "with"
        assert lines.values.tolist() == [["d1", "a", "build", "Public Safety", ", with"]]

    def test_window_zero_and_document_edges(self):
        tokens = cu.index_tokens(self.CORPUS)
        assert context.context_lines(tokens, 2, 3, window=0)[["left", "right"]].values.tolist() == [["", ""]]
        # d2's span starts its document: nothing on the left, never d1's "trust"
        lines = context.context_lines(tokens, [6, 5], [7, 5], window=3)
        assert lines[["doc_id", "left", "match", "right"]].values.tolist() == [
            ["d2", "", "Public safety", "first"],
            ["d1", "Public Safety, with", "trust", ""],
        ]

    def test_no_spans_gives_an_empty_table(self):
        lines = context.context_lines(cu.index_tokens(self.CORPUS), [], [])
        assert lines.empty and lines.columns.tolist() == ["doc_id", "group", "left", "match", "right"]

    @pytest.mark.parametrize(
        "first, last, window, message",
        [
            (2, 3, -1, r"window must be 0 or more tokens \(got -1\)"),
            (5, 6, 1, "every span must run from a first to a last token of one document"),
            (3, 2, 1, "every span must run from a first to a last token of one document"),
            (8, 9, 1, r"positions 0 to 8"),
        ],
    )
    def test_bad_spans_are_refused(self, first, last, window, message):
        with pytest.raises(cu.ParameterError, match=message):
            context.context_lines(cu.index_tokens(self.CORPUS), first, last, window)

    def test_kwic_and_frame_evidence_cut_the_same_line(self):
        tokens = cu.index_tokens(self.CORPUS)
        lexicon = {"frames": {"security": {"definition": "Safety.", "phrases": ["public safety"]}}}
        matches = frame.match_frames(tokens, lexicon, context=2)
        evidence = frame.evidence_lines(matches, "security")
        lines = context.kwic(tokens, "public safety", window=2, aligned=False)
        assert evidence[["doc_id", "left", "text", "right"]].values.tolist() == lines[["doc_id", "left", "match", "right"]].values.tolist()
        assert lines["match"].tolist() == ["Public Safety", "Public safety"]


class TestKwic:
    def test_phrase_case_insensitive_with_original_text(self):
        corpus = corpus_of(("a", "We  build Public  Safety with trust and care."), ("b", "public safety first"))
        lines = context.kwic(corpus, "PUBLIC SAFETY", window=2, aligned=False)
        assert lines.values.tolist() == [
            ["d1", "a", "We build", "Public Safety", "with trust"],
            ["d2", "b", "", "public safety", "first"],
        ]
        assert lines.attrs["n_matches"] == 2

    def test_phrase_through_stop_words_matches_the_counts(self):
        corpus = corpus_of(("a", "The rule of law matters. Rule law."), ("b", "rule. Law"))
        tokens = cu.index_tokens(corpus)
        lines = context.kwic(tokens, "rule law", window=1, aligned=False)
        assert lines["match"].tolist() == ["rule of law", "Rule law"]  # not "rule. Law": a sentence break
        phrases = cu.count.count_phrases(tokens, min_count=1, min_g2=0)
        assert phrases.counts[:, phrases.column("rule law")].sum() == len(lines)

    def test_context_never_crosses_documents(self):
        lines = context.kwic(corpus_of(("a", "end trust"), ("b", "trust begins")), "trust", window=3, aligned=False)
        assert lines[["left", "right"]].values.tolist() == [["end", ""], ["", "begins"]]

    def test_aligned_and_capped(self):
        corpus = corpus_of(("a", "x trust y. a long left side trust z"), ("b", "trust"))
        lines = context.kwic(corpus, "trust", window=4, max_lines=2)
        assert len(lines) == 2 and lines.attrs["n_matches"] == 3
        assert lines["doc_id"].tolist() == ["d1", "d2"]  # first and last, evenly spaced
        assert len(set(lines["left"].str.len())) == 1 and len(set(lines["right"].str.len())) == 1

    def test_absent_term_gives_no_lines(self):
        assert context.kwic(corpus_of(*TOY), "police").empty

    def test_bad_window(self):
        with pytest.raises(cu.ParameterError, match="window must be 0 or more tokens \\(got -1\\)"):
            context.kwic(corpus_of(*TOY), "trust", window=-1)


class TestCollocates:
    CORPUS = corpus_of(("a", "cooperation with ice. cooperation with ice. crime"), ("b", "cooperation of residents"))

    def test_g2_of_a_collocate_by_hand(self):
        # group a: content tokens cooperation ice cooperation ice crime (N = 5); window 1 covers both
        # ices (W = 2, O11 = 2, f = 2). Table [[2, 0], [0, 3]], expected [[0.8, 1.2], [1.2, 1.8]].
        table = context.collocates(self.CORPUS, "cooperation", window=1, min_count=1)
        ice = table[(table["group"] == "a") & (table["collocate"] == "ice")].iloc[0]
        g2 = 2 * (2 * math.log(2 / 0.8) + 3 * math.log(3 / 1.8))
        assert ice["score"] == pytest.approx(g2)
        assert ice[["count", "docs", "hits"]].tolist() == [2, 1, 2]
        assert ice["expected"] == pytest.approx(0.8)

    def test_pmi(self):
        table = context.collocates(self.CORPUS, "cooperation", window=1, min_count=1, measure="pmi")
        ice = table[(table["group"] == "a") & (table["collocate"] == "ice")].iloc[0]
        assert ice["score"] == pytest.approx(math.log2(2 * 5 / (2 * 2)))

    def test_floor_and_stop_words(self):
        table = context.collocates(self.CORPUS, "cooperation", window=1, min_count=2)
        assert table[["group", "collocate"]].values.tolist() == [["a", "ice"]]
        assert "with" not in set(context.collocates(self.CORPUS, "cooperation", min_count=1)["collocate"])

    def test_bad_measure(self):
        with pytest.raises(cu.ParameterError, match="measure must be 'log_likelihood' or 'pmi' \\(got 'dice'\\)"):
            context.collocates(self.CORPUS, "cooperation", measure="dice")

    def test_unknown_group_names_the_labels(self):
        with pytest.raises(cu.LabelError, match=r"unknown group\(s\) 'c' \(the labels are: a, b\)"):
            context.collocates(self.CORPUS, "cooperation", groups=["a", "c"])

    def test_groups_are_read_like_every_analysis(self):
        # one name: that group only; a corpus of one label has no comparison to make
        assert set(context.collocates(self.CORPUS, "cooperation", groups="b", window=1, min_count=1)["group"]) == {"b"}
        with pytest.raises(cu.LabelError, match="a comparison needs at least 2 groups"):
            context.collocates(self.CORPUS.assign(group="a"), "cooperation")


@pytest.fixture(scope="module")
def seed_tokens(seed_corpus):
    return cu.index_tokens(seed_corpus)


class TestSeedCorpus:
    def test_what_cooperation_keeps_company_with(self, seed_tokens):
        table = context.collocates(seed_tokens, "cooperation")
        anti = table[table["group"] == "anti-cooperation"].head(5)["collocate"].tolist()
        pro = table[table["group"] == "pro-cooperation"].head(5)["collocate"].tolist()
        assert "trust" in anti and "immigrant" in anti
        assert "trust" not in pro and "jurisdictions" in pro

    def test_every_kwic_line_of_a_key_phrase_is_counted(self, seed_tokens):
        phrases = cu.count.count_phrases(seed_tokens)
        lines = context.kwic(seed_tokens, "criminal aliens")
        assert len(lines) == phrases.counts[:, phrases.column("criminal aliens")].sum() == 9
        assert set(lines["group"]) == {"pro-cooperation"}


class TestProperties:
    """Issue-level guarantees checked on generated corpora (hypothesis)."""

    @pytest.mark.parametrize("term", ["trust", "ice", "warrant"])
    def test_kwic_finds_every_occurrence_a_plain_search_finds(self, term):
        import re

        from hypothesis import given, settings

        @settings(max_examples=40)
        @given(toy_documents(1, 5))
        def check(texts):
            corpus = corpus_of(*[("a" if i % 2 else "b", t) for i, t in enumerate(texts)])
            lines = context.kwic(corpus, term, window=3)
            plain = sum(len(re.findall(rf"\b{term}\b", t, flags=re.IGNORECASE)) for t in texts)
            assert len(lines) == plain
            assert all(m.strip().lower() == term for m in lines["match"])

        check()


class TestSurfaceForms:
    """How the texts write a term: the most used form away from sentence starts."""

    def labels(self, corpus, terms, **kwargs):
        return context.surface_forms(corpus, terms, **kwargs).set_index("term")["label"].to_dict()

    def test_sentence_initial_capital_is_not_a_name(self):
        # "Trust" twice at sentence starts, "trust" once inside a sentence: the inside form wins
        corpus = corpus_of(("a", "Trust matters. Trust grows."), ("b", "We need trust."))
        assert self.labels(corpus, ["trust"]) == {"trust": "trust"}

    def test_a_name_keeps_its_capital_inside_sentences(self):
        corpus = corpus_of(("a", "Obama spoke. Then Obama left and obama's aide stayed."), ("b", "We met Obama."))
        table = context.surface_forms(corpus, ["obama"])
        # matches: Obama (start), Obama, obama (possessive taken off), Obama: inside 2 x Obama, 1 x obama
        assert table[["label", "n_matches", "n_inside"]].values.tolist() == [["Obama", 4, 3]]

    def test_only_at_sentence_starts_lowercases_a_plain_capital(self):
        corpus = corpus_of(("a", "Fear spreads. Fear stays."), ("b", "ICE came. Mitt Romney spoke."))
        assert self.labels(corpus, ["fear", "ice", "mitt romney"]) == {
            "fear": "fear", "ice": "ICE", "mitt romney": "Mitt Romney"}

    def test_acronyms_as_written_dotted_or_not(self):
        corpus = corpus_of(("a", "They call I.C.E. and then I.C.E. answers, not ICE."), ("b", "ice cream"))
        # inside sentences: I.C.E. twice, ICE once, ice once
        assert self.labels(corpus, ["ice"]) == {"ice": "I.C.E."}

    def test_phrases_across_stop_words_and_white_space(self):
        corpus = corpus_of(("a", "The rule of   law holds. We keep the Middle   Class strong."), ("b", "the middle class and Middle Class"))
        # middle class inside sentences: "Middle Class" twice, "middle class" once
        assert self.labels(corpus, ["rule law", "middle class"]) == {"rule law": "rule of law", "middle class": "Middle Class"}

    def test_ties_go_to_the_form_met_first(self):
        corpus = corpus_of(("a", "we said Sanctuary"), ("b", "we said sanctuary"))
        assert self.labels(corpus, ["sanctuary"]) == {"sanctuary": "Sanctuary"}

    def test_absent_term_keeps_its_spelling_and_order_is_kept(self):
        corpus = corpus_of(("a", "Trust here"), ("b", "none"))
        table = context.surface_forms(corpus, ["zebra", "here", "zebra"])
        assert table[["term", "label", "n_matches"]].values.tolist() == [["zebra", "zebra", 0], ["here", "here", 1]]

    def test_empty_list_gives_an_empty_table(self):
        table = context.surface_forms(corpus_of(("a", "Trust")), [])
        assert table.empty and list(table.columns) == ["term", "label", "n_matches", "n_inside"]


class TestKwicTable:
    """kwic_table gives, for many terms at once, the lines kwic gives each."""

    TERMS = ["trust", "rule law", "community", "sanctuary", "no-such-word", "trust", "local police"]

    def test_the_lines_are_kwic_s_term_by_term(self):
        tokens = cu.index_tokens(cu.load_corpus(SEED))
        table = context.kwic_table(tokens, self.TERMS, window=3, max_lines=4)
        expected = []
        for term in dict.fromkeys(self.TERMS):
            lines = context.kwic(tokens, term, window=3, max_lines=4, aligned=False)
            expected += [[term, lines.attrs["n_matches"], *row] for row in lines.values.tolist()]
        assert table.values.tolist() == expected
        assert "no-such-word" not in set(table["term"]) and table["n_matches"].dtype == np.int64
        assert (table["term"] == "trust").sum() == 4 and table.attrs == {"window": 3, "max_lines": 4}

    def test_no_term_and_no_match_give_an_empty_table_with_the_columns(self):
        tokens = cu.index_tokens(cu.load_corpus(SEED))
        for terms in ([], ["no-such-word"]):
            table = context.kwic_table(tokens, terms)
            assert table.empty and table.columns.tolist() == ["term", "n_matches", "doc_id", "group", "left", "match", "right"]
