"""Tests for corpus_utils.compare: values worked out by hand on corpora of two to four tiny documents."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2

import corpus_utils as cu
from corpus_utils import compare


def corpus_of(*docs: tuple[str, str]) -> pd.DataFrame:
    """A corpus DataFrame from (label, text) pairs; doc ids d1, d2, ..."""
    return pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(1, len(docs) + 1)], "label": [d[0] for d in docs], "text": [d[1] for d in docs]}
    )


def unigrams(*docs: tuple[str, str]) -> cu.DocumentTermMatrix:
    return cu.count_terms(corpus_of(*docs), ngram_range=(1, 1))


def row(table: pd.DataFrame, term: str) -> pd.Series:
    match = table[table["term"] == term]
    assert len(match) == 1, f"{term!r} should appear once in the table"
    return match.iloc[0]


# a: "trust trust safety" + "trust"; b: "crime safety".  Counts: a = {trust 3, safety 1} (n_a = 4),
# b = {crime 1, safety 1} (n_b = 2); corpus = {trust 3, safety 2, crime 1} (n = 6).
TOY = (("a", "trust trust safety"), ("a", "trust"), ("b", "crime safety"))


class TestGroups:
    def test_unknown_group_names_the_labels(self):
        with pytest.raises(cu.LabelError, match=r"unknown group\(s\) 'c' \(the labels are: a, b\)"):
            compare.log_odds(unigrams(*TOY), groups=("a", "c"))

    def test_one_label_only_cannot_be_compared(self):
        with pytest.raises(cu.LabelError, match="every document is labelled 'a'"):
            compare.log_odds(unigrams(("a", "x y"), ("a", "y z")))

    def test_swapping_the_pair_flips_the_sign(self):
        dtm = unigrams(*TOY)
        ab = compare.log_odds(dtm, groups=("a", "b"), min_docs=0)
        ba = compare.log_odds(dtm, groups=("b", "a"), min_docs=0)
        assert row(ab, "trust")["score"] == pytest.approx(-row(ba, "trust")["score"])
        assert row(ab, "trust")["group"] == row(ba, "trust")["group"] == "a"
        assert ab.attrs["groups"] == ["a", "b"] and ba.attrs["groups"] == ["b", "a"]

    def test_three_labels_give_one_vs_rest(self):
        dtm = unigrams(("a", "trust"), ("b", "crime"), ("c", "cost"))
        table = compare.log_likelihood(dtm, min_docs=0)
        assert table.attrs["comparison"] == "one-vs-rest"
        assert sorted(zip(table["group"], table["term"])) == [("a", "trust"), ("b", "crime"), ("c", "cost")]
        # the rest of "crime": a and c, which never use it
        assert row(table, "crime")[["count_a", "count_b", "docs_b"]].tolist() == [1, 0, 0]

    def test_not_a_matrix(self):
        with pytest.raises(cu.ParameterError, match="expected a DocumentTermMatrix \\(got DataFrame\\)"):
            compare.log_odds(corpus_of(*TOY))


class TestLogOdds:
    def test_z_score_of_trust_by_hand(self):
        # alpha0 = 6 = n, so alpha_w is the corpus count: alpha_trust = 3
        table = compare.log_odds(unigrams(*TOY), alpha0=6, min_docs=0)
        delta = math.log((3 + 3) / (4 + 6 - 3 - 3)) - math.log((0 + 3) / (2 + 6 - 0 - 3))
        variance = 1 / (3 + 3) + 1 / (0 + 3)
        trust = row(table, "trust")
        assert trust["delta"] == pytest.approx(delta)
        assert trust["variance"] == pytest.approx(variance)
        assert trust["score"] == pytest.approx(delta / math.sqrt(variance))
        assert trust["score"] == pytest.approx(1.2958, abs=1e-4)
        assert trust["prior"] == pytest.approx(3.0)

    def test_prior_scales_with_alpha0(self):
        table = compare.log_odds(unigrams(*TOY), alpha0=60, min_docs=0)
        assert row(table, "safety")["prior"] == pytest.approx(60 * 2 / 6)

    def test_columns_and_order(self):
        table = compare.log_odds(unigrams(*TOY), min_docs=0)
        assert table.columns.tolist() == [
            "term", "group", "score", "count_a", "count_b", "docs_a", "docs_b", "delta", "variance", "prior",
        ]
        assert table["score"].is_monotonic_decreasing
        assert table.attrs["statistic"] == "log_odds" and table.attrs["alpha0"] == 500.0

    def test_bad_alpha0(self):
        with pytest.raises(cu.ParameterError, match="alpha0 .* must be positive \\(got 0.0\\)"):
            compare.log_odds(unigrams(*TOY), alpha0=0)


class TestLogLikelihood:
    def test_g2_and_log_ratio_of_trust_by_hand(self):
        # a: "trust trust safety" (n_a = 3), b: "crime safety" (n_b = 2); trust 2 vs 0
        table = compare.log_likelihood(unigrams(("a", "trust trust safety"), ("b", "crime safety")), min_docs=0)
        trust = row(table, "trust")
        expected_a = 3 * 2 / 5
        g2 = 2 * (2 * math.log(2 / expected_a))  # the b cell is 0 * ln 0 = 0
        assert trust["g2"] == pytest.approx(g2) == pytest.approx(2.0433, abs=1e-4)
        assert trust["score"] == pytest.approx(g2)
        assert trust["p_value"] == pytest.approx(chi2.sf(g2, 1))
        # zero count in b replaced by 0.5 (Hardie 2014)
        assert trust["log_ratio"] == pytest.approx(math.log2((2 / 3) / (0.5 / 2)))

    def test_term_leaning_to_b_has_negative_score(self):
        table = compare.log_likelihood(unigrams(("a", "trust trust safety"), ("b", "crime safety")), min_docs=0)
        crime = row(table, "crime")
        assert crime["group"] == "b" and crime["score"] < 0 and crime["log_ratio"] < 0

    def test_equal_rates_score_zero(self):
        table = compare.log_likelihood(unigrams(("a", "law x"), ("b", "law y")), min_docs=0)
        assert row(table, "law")["g2"] == pytest.approx(0.0)
        assert row(table, "law")["log_ratio"] == pytest.approx(0.0)


class TestMeanTfidf:
    def test_against_scikit_learns_formula(self):
        # idf = ln((1 + n) / (1 + df)) + 1 with n = 2; rows scaled to unit length
        table = compare.mean_tfidf(unigrams(("a", "trust safety"), ("b", "crime safety")), min_docs=0)
        idf_trust, idf_safety = math.log(3 / 2) + 1, math.log(3 / 3) + 1
        trust_weight = idf_trust / math.hypot(idf_trust, idf_safety)
        trust = row(table, "trust")
        assert trust["mean_a"] == pytest.approx(trust_weight) == pytest.approx(0.8148, abs=1e-4)
        assert trust["mean_b"] == 0
        assert trust["score"] == pytest.approx(trust_weight)
        assert row(table, "safety")["score"] == pytest.approx(0.0)

    def test_mean_over_documents_of_the_group(self):
        # a has two documents, only one uses trust: the mean halves its weight
        table = compare.mean_tfidf(unigrams(("a", "trust"), ("a", "fear"), ("b", "crime")), min_docs=0)
        assert row(table, "trust")["mean_a"] == pytest.approx(0.5)


class TestDispersion:
    DOCS = (("a", "trust fear"), ("a", "trust"), ("a", "cost"), ("b", "crime"), ("b", "crime jail"))

    def test_document_counts_per_group(self):
        table = compare.log_odds(unigrams(*self.DOCS), min_docs=0)
        assert row(table, "trust")[["count_a", "docs_a", "docs_b"]].tolist() == [2, 2, 0]
        assert row(table, "crime")[["count_b", "docs_a", "docs_b"]].tolist() == [2, 0, 2]

    def test_default_keeps_terms_used_by_two_documents_of_their_group(self):
        table = compare.log_odds(unigrams(*self.DOCS))
        assert sorted(table["term"]) == ["crime", "trust"]
        assert table.attrs["min_docs"] == 2

    def test_floor_is_capped_at_the_group_size(self):
        dtm = unigrams(("a", "trust fear"), ("a", "trust"), ("b", "crime"))
        assert sorted(compare.log_odds(dtm, min_docs=2)["term"]) == ["crime", "trust"]

    def test_negative_floor(self):
        with pytest.raises(cu.ParameterError, match="min_docs must be 0 or more \\(got -1\\)"):
            compare.log_odds(unigrams(*self.DOCS), min_docs=-1)


class TestTopTerms:
    def test_top_per_group_by_absolute_score(self):
        table = compare.log_odds(unigrams(*TestDispersion.DOCS), min_docs=0)
        top = compare.top_terms(table, 1)
        assert top[["group", "term", "rank"]].values.tolist() == [["a", "trust", 1], ["b", "crime", 1]]
        assert top.attrs["groups"] == ["a", "b"]

    def test_n_must_be_positive(self):
        with pytest.raises(cu.ParameterError, match="n must be at least 1 \\(got 0\\)"):
            compare.top_terms(compare.log_odds(unigrams(*TOY)), 0)


class TestStability:
    def test_leave_one_out_drops_a_term_carried_by_one_document(self):
        # trust lives in d1 alone: leaving d1 out removes it, the other two resamples keep it
        dtm = unigrams(("a", "trust trust"), ("a", "fear"), ("b", "crime"))
        table = compare.stability(dtm, top_n=1, min_docs=1)
        trust = row(table, "trust")
        assert trust["stability"] == pytest.approx(2 / 3)
        assert trust["n_resamples"] == 3 and trust["resampling"] == "leave-one-out"
        # crime: leaving d3 out leaves group b empty, so it drops out once
        assert row(table, "crime")["stability"] == pytest.approx(2 / 3)

    def test_term_in_every_document_of_its_group_is_stable(self):
        dtm = unigrams(("a", "trust x"), ("a", "trust y"), ("a", "trust z"), ("b", "crime"), ("b", "crime w"))
        table = compare.stability(dtm, top_n=1, min_docs=1)
        assert row(table, "trust")["stability"] == 1.0

    def test_bootstrap_is_seeded(self):
        docs = [("a", "trust x"), ("a", "trust y"), ("a", "fear"), ("b", "crime"), ("b", "crime w"), ("b", "jail")]
        dtm = unigrams(*docs)
        first = compare.stability(dtm, top_n=2, loo_max_docs=0, n_resamples=50, seed=3)
        second = compare.stability(dtm, top_n=2, loo_max_docs=0, n_resamples=50, seed=3)
        pd.testing.assert_frame_equal(first, second)
        assert (first["n_resamples"] == 50).all() and first["resampling"].iloc[0] == "bootstrap (seed 3)"
        assert first["stability"].between(0, 1).all()

    def test_bad_arguments(self):
        with pytest.raises(cu.ParameterError, match="statistic must be one of log_odds, log_likelihood, mean_tfidf"):
            compare.stability(unigrams(*TOY), statistic="chi2")
        with pytest.raises(cu.ParameterError, match="top_n and n_resamples must be at least 1 \\(got 0, 200\\)"):
            compare.stability(unigrams(*TOY), top_n=0)


class TestPermutationTest:
    def test_exact_p_value_is_one_over_the_relabellings(self):
        # 4 documents, 2 per group: C(4, 2) = 6 relabellings; only the real one puts both trusts in a
        dtm = unigrams(("a", "trust"), ("a", "trust"), ("b", "crime"), ("b", "crime"))
        table = compare.permutation_test(dtm, ["trust", "crime"])
        assert table[["term", "group"]].values.tolist() == [["trust", "a"], ["crime", "b"]]
        assert table["p_value"].tolist() == pytest.approx([1 / 6, 1 / 6])
        assert table["exact"].all() and (table["n_permutations"] == 6).all()

    def test_monte_carlo_when_too_many_relabellings(self):
        dtm = unigrams(("a", "trust"), ("a", "trust"), ("b", "crime"), ("b", "crime"))
        table = compare.permutation_test(dtm, ["trust"], max_permutations=5, seed=1)
        assert not table["exact"].iloc[0] and table["n_permutations"].iloc[0] == 5
        assert 1 / 6 <= table["p_value"].iloc[0] <= 1

    def test_unknown_term(self):
        with pytest.raises(cu.ParameterError, match="term\\(s\\) not in the document-term matrix: 'police'"):
            compare.permutation_test(unigrams(*TOY), ["police"])


class TestContestedTerms:
    def test_shared_term_is_kept_distinctive_terms_are_not(self):
        dtm = unigrams(("a", "law trust"), ("a", "law trust"), ("b", "law crime"), ("b", "law crime"))
        table = compare.contested_terms(dtm, min_count=2)
        assert table["term"].tolist() == ["law"]
        assert table.loc[0, "shared"] == 2

    def test_floor_on_both_sides(self):
        dtm = unigrams(("a", "law law law"), ("a", "law trust"), ("b", "law crime"), ("b", "law crime"))
        assert compare.contested_terms(dtm, min_count=3)["term"].tolist() == []

    def test_bad_floor(self):
        with pytest.raises(cu.ParameterError, match="min_count must be at least 1"):
            compare.contested_terms(unigrams(*TOY), min_count=0)


class TestKwic:
    def test_phrase_case_insensitive_with_original_text(self):
        corpus = corpus_of(("a", "We  build Public  Safety with trust and care."), ("b", "public safety first"))
        lines = compare.kwic(corpus, "PUBLIC SAFETY", window=2, aligned=False)
        assert lines.values.tolist() == [
            ["d1", "a", "We build", "Public Safety", "with trust"],
            ["d2", "b", "", "public safety", "first"],
        ]
        assert lines.attrs["n_matches"] == 2

    def test_bigram_through_stop_words_matches_the_counts(self):
        corpus = corpus_of(("a", "The rule of law matters. Rule law."), ("b", "rule. Law"))
        tokens = cu.index_tokens(corpus)
        lines = compare.kwic(tokens, "rule law", window=1, aligned=False)
        assert lines["match"].tolist() == ["rule of law", "Rule law"]  # not "rule. Law": a sentence break
        dtm = cu.count_terms(tokens)
        assert dtm.counts[:, dtm.column("rule law")].sum() == len(lines)

    def test_context_never_crosses_documents(self):
        lines = compare.kwic(corpus_of(("a", "end trust"), ("b", "trust begins")), "trust", window=3, aligned=False)
        assert lines[["left", "right"]].values.tolist() == [["end", ""], ["", "begins"]]

    def test_aligned_and_capped(self):
        corpus = corpus_of(("a", "x trust y. a long left side trust z"), ("b", "trust"))
        lines = compare.kwic(corpus, "trust", window=4, max_lines=2)
        assert len(lines) == 2 and lines.attrs["n_matches"] == 3
        assert lines["doc_id"].tolist() == ["d1", "d2"]  # first and last, evenly spaced
        assert len(set(lines["left"].str.len())) == 1 and len(set(lines["right"].str.len())) == 1

    def test_absent_term_gives_no_lines(self):
        assert compare.kwic(corpus_of(*TOY), "police").empty

    def test_bad_window(self):
        with pytest.raises(cu.ParameterError, match="window must be 0 or more tokens \\(got -1\\)"):
            compare.kwic(corpus_of(*TOY), "trust", window=-1)


class TestCollocates:
    CORPUS = corpus_of(("a", "cooperation with ice. cooperation with ice. crime"), ("b", "cooperation of residents"))

    def test_g2_of_a_collocate_by_hand(self):
        # group a: content tokens cooperation ice cooperation ice crime (N = 5); window 1 covers both
        # ices (W = 2, O11 = 2, f = 2). Table [[2, 0], [0, 3]], expected [[0.8, 1.2], [1.2, 1.8]].
        table = compare.collocates(self.CORPUS, "cooperation", window=1, min_count=1)
        ice = table[(table["group"] == "a") & (table["collocate"] == "ice")].iloc[0]
        g2 = 2 * (2 * math.log(2 / 0.8) + 3 * math.log(3 / 1.8))
        assert ice["score"] == pytest.approx(g2)
        assert ice[["count", "docs", "hits"]].tolist() == [2, 1, 2]
        assert ice["expected"] == pytest.approx(0.8)

    def test_pmi(self):
        table = compare.collocates(self.CORPUS, "cooperation", window=1, min_count=1, measure="pmi")
        ice = table[(table["group"] == "a") & (table["collocate"] == "ice")].iloc[0]
        assert ice["score"] == pytest.approx(math.log2(2 * 5 / (2 * 2)))

    def test_floor_and_stop_words(self):
        table = compare.collocates(self.CORPUS, "cooperation", window=1, min_count=2)
        assert table[["group", "collocate"]].values.tolist() == [["a", "ice"]]
        assert "with" not in set(compare.collocates(self.CORPUS, "cooperation", min_count=1)["collocate"])

    def test_bad_measure(self):
        with pytest.raises(cu.ParameterError, match="measure must be 'log_likelihood' or 'pmi' \\(got 'dice'\\)"):
            compare.collocates(self.CORPUS, "cooperation", measure="dice")


@pytest.fixture(scope="module")
def seed(seed_corpus):
    tokens = cu.index_tokens(seed_corpus)
    return tokens, cu.count_terms(tokens)


class TestSeedCorpus:
    def test_anti_cooperation_vocabulary_is_about_trust_and_community(self, seed):
        # checked in the texts: trust, fear and community come from both the ACLU letter and the police statement
        top = compare.top_terms(compare.log_odds(seed[1]), 12)
        anti = set(top.loc[top["group"] == "anti-cooperation", "term"])
        assert {"trust", "community", "fear"} <= anti
        assert (top.loc[top["term"].isin(["trust", "community", "fear"]), "docs_a"] == 2).all()

    def test_pro_cooperation_vocabulary_is_about_criminal_aliens_and_custody(self, seed):
        top = compare.top_terms(compare.log_odds(seed[1]), 12)
        pro = set(top.loc[top["group"] == "pro-cooperation", "term"])
        assert {"criminal aliens", "aliens", "custody"} <= pro

    def test_cooperation_is_contested(self, seed):
        contested = compare.contested_terms(seed[1])
        assert "cooperation" in set(contested["term"])
        assert row(contested, "cooperation")[["count_a", "count_b"]].tolist() == [8, 8]

    def test_what_cooperation_keeps_company_with(self, seed):
        table = compare.collocates(seed[0], "cooperation")
        anti = table[table["group"] == "anti-cooperation"].head(5)["collocate"].tolist()
        pro = table[table["group"] == "pro-cooperation"].head(5)["collocate"].tolist()
        assert "trust" in anti and "immigrant" in anti
        assert "trust" not in pro and "jurisdictions" in pro

    def test_every_kwic_line_of_a_top_term_is_counted(self, seed):
        tokens, dtm = seed
        lines = compare.kwic(tokens, "criminal aliens")
        assert len(lines) == dtm.counts[:, dtm.column("criminal aliens")].sum() == 9
        assert set(lines["label"]) == {"pro-cooperation"}

    def test_five_documents_give_an_exact_permutation_floor_of_one_tenth(self, seed):
        table = compare.permutation_test(seed[1], ["trust"])
        assert table["n_permutations"].iloc[0] == 10 and table["min_p"].iloc[0] == pytest.approx(0.1)
        assert np.isclose(table["p_value"].iloc[0], 0.1)


class TestProperties:
    """Issue-level guarantees checked on generated corpora (hypothesis)."""

    WORDS = ["trust", "crime", "ice", "police", "detainer", "community", "safety", "fear", "county", "warrant"]

    @staticmethod
    def _documents(draw_lists):
        from hypothesis import strategies as st

        seps = st.sampled_from([" ", ", ", ". ", "\n", "; ", " — "])
        word = st.sampled_from(TestProperties.WORDS).map(lambda w: w.capitalize() if len(w) % 2 else w)
        doc = st.lists(st.tuples(word, seps), min_size=1, max_size=25).map(lambda pairs: "".join(w + s for w, s in pairs))
        return st.lists(doc, min_size=draw_lists[0], max_size=draw_lists[1])

    @pytest.mark.parametrize("term", ["trust", "ice", "warrant"])
    def test_kwic_finds_every_occurrence_a_plain_search_finds(self, term):
        import re

        from hypothesis import given, settings

        @settings(max_examples=40)
        @given(self._documents((1, 5)))
        def check(texts):
            corpus = corpus_of(*[("a" if i % 2 else "b", t) for i, t in enumerate(texts)])
            lines = compare.kwic(corpus, term, window=3)
            plain = sum(len(re.findall(rf"\b{term}\b", t, flags=re.IGNORECASE)) for t in texts)
            assert len(lines) == plain
            assert all(m.strip().lower() == term for m in lines["match"])

        check()

    @pytest.mark.parametrize("statistic", ["log_odds", "log_likelihood", "mean_tfidf"])
    def test_keyness_is_antisymmetric_when_the_groups_are_swapped(self, statistic):
        from hypothesis import assume, given, settings

        @settings(max_examples=30)
        @given(self._documents((2, 6)))
        def check(texts):
            labels = ["a" if i % 2 == 0 else "b" for i in range(len(texts))]
            corpus = corpus_of(*zip(labels, texts))
            dtm = cu.count_terms(corpus, ngram_range=(1, 1), stop_words="none")
            assume(len(set(labels)) == 2)
            function = getattr(compare, statistic)
            if statistic == "log_odds" and dtm.shape[1] < 2:
                with pytest.raises(cu.EmptyVocabularyError, match="has only 1 term"):
                    function(dtm, groups=("a", "b"), min_docs=0)
                return
            ab = function(dtm, groups=("a", "b"), min_docs=0).set_index("term")
            ba = function(dtm, groups=("b", "a"), min_docs=0).set_index("term")
            assert sorted(ab.index) == sorted(ba.index)
            assert np.isfinite(ab["score"]).all()
            np.testing.assert_allclose(ab["score"], -ba.loc[ab.index, "score"], rtol=1e-9, atol=1e-12)
            assert (ab["count_a"] == ba.loc[ab.index, "count_b"]).all()
            assert (ab["docs_a"] == ba.loc[ab.index, "docs_b"]).all()

        check()
