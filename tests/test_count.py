import math

import numpy as np
import pandas as pd
import pytest

import corpus_utils as cu
from conftest import ROOT
from corpus_utils.count import count_phrases, count_terms, index_tokens, phrase_scores, tfidf, tokenize


def corpus_of(*texts, labels=None):
    labels = labels or [f"g{i % 2}" for i in range(len(texts))]
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "group": labels, "text": list(texts)})


class TestTokenize:
    @pytest.mark.parametrize(
        "text, tokens",
        [
            ("287(g) agreements", ["287(g)", "agreements"]),
            ("Section 287(G).", ["287(g)"][:0] + ["section", "287(g)"]),
            ("I.C.E. agents", ["ice", "agents"]),
            ("the U.S. Attorney", ["the", "us", "attorney"]),
            ("the state's rights", ["the", "state", "rights"]),
            ("the sheriffs' letter", ["the", "sheriffs", "letter"]),
            ("don't isn't", ["don't", "isn't"]),
            ("at-large trans-national", ["at-large", "trans-national"]),
            ("a 70% share", ["a", "70", "share"]),
            ("Jeanette Núñez", ["jeanette", "núñez"]),
            ("ICE—and police", ["ice", "and", "police"]),
            ("", []),
        ],
    )
    def test_rules(self, text, tokens):
        assert tokenize(text) == tokens


class TestTokenIndex:
    def test_offsets_point_into_the_text(self):
        idx = index_tokens(corpus_of("The I.C.E. agents' 287(g) deal.", "Trust."))
        first = [idx.texts[0][s:e] for s, e in zip(idx.starts[:5], idx.ends[:5])]
        assert first == ["The", "I.C.E.", "agents'", "287(g)", "deal"]
        assert idx.tokens(0) == ["the", "ice", "agents", "287(g)", "deal"]
        assert idx.doc_ptr.tolist() == [0, 5, 6]

    def test_types_are_sorted_and_ids_consistent(self):
        idx = index_tokens(corpus_of("b a c", "a"))
        assert idx.types.tolist() == ["a", "b", "c"]
        assert idx.token_ids.tolist() == [1, 0, 2, 0]

    def test_find_phrases_within_documents_only(self):
        idx = index_tokens(corpus_of("public safety first. Public\nsafety", "public", "safety public safety"))
        assert idx.find("public safety").tolist() == [0, 3, 7]
        assert idx.doc_of(idx.find("Public Safety")).tolist() == [0, 0, 2]
        assert idx.find("public").tolist() == [0, 3, 5, 7]
        assert idx.find("missing word").tolist() == []

    def test_phrase_breaks_and_sentences(self):
        idx = index_tokens(corpus_of("One two. Three; four \"five\"", "Six"))
        assert idx.phrase_break.tolist() == [True, False, True, True, True, True]
        assert idx.sentence_ids.tolist() == [0, 0, 1, 1, 1, 2]


class TestCountTerms:
    def test_words_only_by_default(self):
        # d0 content words: rule law law order; d1: public trust
        dtm = count_terms(corpus_of("The rule of law. Law and order", "Public trust"))
        assert dtm.terms.tolist() == ["law", "order", "public", "rule", "trust"]
        assert dtm.counts.toarray().tolist() == [[2, 1, 0, 1, 0], [0, 0, 1, 0, 1]]
        assert dtm.counts.sum(axis=1).A1.tolist() == [4, 2]  # totals are words: no phrase adds to them
        assert (dtm.settings["unit"], dtm.settings["ngram_range"]) == ("words", (1, 1))

    def test_unigrams_and_bigrams_after_stop_words_never_across_breaks(self):
        dtm = count_terms(corpus_of("The rule of law. Law and order", "Public trust"), ngram_range=(1, 2))
        assert dtm.terms.tolist() == ["law", "law order", "order", "public", "public trust", "rule", "rule law", "trust"]
        assert dtm.counts.toarray().tolist() == [[2, 1, 1, 0, 0, 1, 1, 0], [0, 0, 0, 1, 1, 0, 0, 1]]
        assert (dtm.settings["unit"], dtm.settings["ngram_range"]) == ("words and phrases", (1, 2))

    def test_min_df_and_unigrams_only(self):
        dtm = count_terms(corpus_of("trust fear", "trust crime", "crime"), ngram_range=(1, 1), min_df=2)
        assert dtm.terms.tolist() == ["crime", "trust"]
        assert dtm.column("trust") == 1
        with pytest.raises(KeyError):
            dtm.column("fear")

    def test_min_df_share(self):
        dtm = count_terms(corpus_of("a1 b1", "a1", "a1 c1", "a1"), ngram_range=(1, 1), min_df=0.5)
        assert dtm.terms.tolist() == ["a1"]

    def test_custom_stop_words(self):
        dtm = count_terms(corpus_of("the police and the public"), ngram_range=(1, 1), stop_words=["police"])
        assert dtm.terms.tolist() == ["and", "public", "the"]
        assert count_terms(corpus_of("the police"), ngram_range=(1, 1), stop_words="none").terms.tolist() == ["police", "the"]

    def test_stop_words_only_gives_a_clear_error(self):
        with pytest.raises(cu.EmptyVocabularyError, match="no terms left after removing stop words"):
            count_terms(corpus_of("the and of it", "we were there"))

    @pytest.mark.parametrize("kwargs, message", [({"ngram_range": (1, 3)}, "ngram_range"), ({"min_df": 1.5}, "min_df as a share")])
    def test_bad_parameters(self, kwargs, message):
        with pytest.raises(cu.ParameterError, match=message):
            count_terms(corpus_of("trust"), **kwargs)

    def test_sparse(self, seed_corpus):
        dtm = count_terms(index_tokens(seed_corpus))
        assert dtm.counts.format == "csr" and dtm.counts.dtype == np.int64
        assert dtm.shape[0] == 5


# Candidate pairs (adjacent content words, never across a full stop): d0 public safety x2, public trust,
# crime rates; d1 public safety, crime rates, crime trust. N = 7 pairs.
PHRASES = ("Public safety. Public safety. Public trust. Crime rates.", "Public safety. Crime rates. Crime trust.")


def g2_by_hand(o11, o12, o21, o22):
    """Dunning's G2 = 2 * sum(O * ln(O / E)) of a 2x2 table, E = row total * column total / N."""
    table = [[o11, o12], [o21, o22]]
    n = o11 + o12 + o21 + o22
    rows, cols = [o11 + o12, o21 + o22], [o11 + o21, o12 + o22]
    return 2 * sum(
        table[i][j] * math.log(table[i][j] / (rows[i] * cols[j] / n)) for i in range(2) for j in range(2) if table[i][j]
    )


class TestCountPhrases:
    def test_g2_of_a_pair_worked_by_hand(self):
        # public safety: O11 = 3; public + other = 1 (public trust); other + safety = 0; the rest = 7 - 4 = 3
        # crime rates: O11 = 2; crime + other = 1 (crime trust); other + rates = 0; the rest = 7 - 3 = 4
        scores = phrase_scores(corpus_of(*PHRASES)).set_index("phrase")
        assert scores.attrs["n_pairs"] == 7
        assert scores.loc["public safety", ["count", "docs", "first_count", "second_count"]].tolist() == [3, 2, 4, 3]
        assert scores.loc["public safety", "expected"] == pytest.approx(4 * 3 / 7)
        assert scores.loc["public safety", "g2"] == pytest.approx(g2_by_hand(3, 1, 0, 3))
        assert scores.loc["crime rates", "g2"] == pytest.approx(g2_by_hand(2, 1, 0, 4))
        assert scores.index.tolist()[:2] == ["public safety", "crime rates"]  # by G2, descending

    def test_a_pair_below_the_threshold_is_dropped(self):
        # G2: public safety 5.06, crime rates 4.56 (above); the pairs seen once fall below min_count
        assert g2_by_hand(2, 1, 0, 4) < 5.0 < g2_by_hand(3, 1, 0, 3)
        dtm = count_phrases(corpus_of(*PHRASES), min_count=2, min_g2=5.0)
        assert dtm.terms.tolist() == ["public safety"]
        assert count_phrases(corpus_of(*PHRASES), min_count=2, min_g2=4.0).terms.tolist() == ["crime rates", "public safety"]

    def test_a_pair_rarer_than_chance_is_dropped_whatever_its_g2(self):
        # public trust: O11 = 1 < E11 = 4 * 2 / 7; crime trust: O11 = 1 > E11 = 3 * 2 / 7
        dtm = count_phrases(corpus_of(*PHRASES), min_count=1, min_g2=0.0)
        assert dtm.terms.tolist() == ["crime rates", "crime trust", "public safety"]

    def test_totals_are_phrase_counts_only(self):
        dtm = count_phrases(corpus_of(*PHRASES), min_count=2, min_g2=4.0)
        # d0: public safety x2 + crime rates; d1: public safety + crime rates
        assert dtm.counts.toarray().tolist() == [[1, 2], [1, 1]]
        assert dtm.counts.sum(axis=1).A1.tolist() == [3, 2]

    def test_the_words_matrix_holds_no_phrase(self):
        words = count_terms(corpus_of(*PHRASES))
        assert not any(" " in t for t in words.terms)
        assert words.counts.sum(axis=1).A1.tolist() == [8, 6]  # content words of d0 and d1

    def test_column_order_is_alphabetical_whatever_the_document_order(self):
        forward = count_phrases(corpus_of(*PHRASES), min_count=1, min_g2=0.0)
        backward = count_phrases(corpus_of(*PHRASES[::-1]), min_count=1, min_g2=0.0)
        assert forward.terms.tolist() == backward.terms.tolist() == sorted(forward.terms.tolist())
        np.testing.assert_array_equal(forward.counts.toarray(), backward.counts.toarray()[::-1])

    def test_settings_record_the_criterion(self):
        dtm = count_phrases(corpus_of(*PHRASES), min_count=2, min_g2=5.0, min_df=2)
        assert dtm.settings["unit"] == "phrases"
        assert dtm.settings["criterion"] == (
            "adjacent content words seen at least 2 times, more often than expected, "
            "with Dunning's G2 >= 5 against their parts, in at least 2 document(s)"
        )
        assert (dtm.settings["n_pairs"], dtm.settings["n_candidates"]) == (7, 4)

    def test_min_df_counts_documents(self):
        # crime trust is seen in d1 only; crime rates and public safety in both
        assert count_phrases(corpus_of(*PHRASES), min_count=1, min_g2=0.0, min_df=2).terms.tolist() == [
            "crime rates",
            "public safety",
        ]

    def test_no_phrase_gives_an_empty_matrix(self):
        dtm = count_phrases(corpus_of("Trust. Fear.", "Crime."))
        assert dtm.shape == (2, 0) and dtm.terms.tolist() == []

    @pytest.mark.parametrize(
        "kwargs, message",
        [({"min_count": 0}, r"min_count must be at least 1 \(got 0\)"), ({"min_g2": -1.0}, r"min_g2 must be 0 or more")],
    )
    def test_bad_parameters(self, kwargs, message):
        with pytest.raises(cu.ParameterError, match=message):
            count_phrases(corpus_of(*PHRASES), **kwargs)

    def test_seed_keeps_its_key_phrases_and_drops_free_combinations(self, seed_corpus):
        tokens = index_tokens(seed_corpus)
        scores = phrase_scores(tokens).set_index("phrase")
        kept = set(count_phrases(tokens).terms)
        assert {"public safety", "criminal aliens", "sanctuary policies", "law enforcement"} <= kept
        # "local policies" is seen 3 times but "local" is frequent: G2 below 10.83; "come forward" twice only
        assert scores.loc["local policies", "count"] == 3 and scores.loc["local policies", "g2"] < 10.83
        assert scores.loc["come forward", "count"] == 2
        assert not {"local policies", "come forward"} & kept


class TestTfidf:
    def test_matches_the_documented_formula(self):
        # d0 = "trust trust fear", d1 = "fear": n = 2, df(trust) = 1, df(fear) = 2
        dtm = count_terms(corpus_of("trust trust fear", "fear"), ngram_range=(1, 1))
        assert dtm.terms.tolist() == ["fear", "trust"]
        idf_trust = np.log(3 / 2) + 1  # ln((1 + n) / (1 + df)) + 1
        idf_fear = np.log(3 / 3) + 1
        raw = np.array([1 * idf_fear, 2 * idf_trust])
        expected = raw / np.sqrt((raw**2).sum())
        weights = tfidf(dtm).toarray()
        np.testing.assert_allclose(weights[0], expected)
        np.testing.assert_allclose(weights[1], [1.0, 0.0])

    def test_sublinear(self):
        dtm = count_terms(corpus_of("trust trust fear", "fear"), ngram_range=(1, 1))
        raw = np.array([1.0, (1 + np.log(2)) * (np.log(1.5) + 1)])
        np.testing.assert_allclose(tfidf(dtm, sublinear_tf=True).toarray()[0], raw / np.linalg.norm(raw))


    @pytest.mark.parametrize("norm", ["l2", "l1", None])
    @pytest.mark.parametrize("smooth_idf", [True, False])
    @pytest.mark.parametrize("sublinear_tf", [False, True])
    def test_the_very_numbers_of_scikit_learns_transformer(self, seed_corpus, norm, smooth_idf, sublinear_tf):
        """The same bits as ``TfidfTransformer``, phrases included (whose counts come with unsorted indices)."""
        from sklearn.feature_extraction.text import TfidfTransformer

        dtm = count_terms(index_tokens(seed_corpus), ngram_range=(1, 2), stop_words=None)
        assert not dtm.counts.has_sorted_indices  # what the transformer sorts before it sums a row
        expected = TfidfTransformer(norm=norm, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf).fit_transform(
            dtm.counts.astype(np.float64)).tocsr()
        got = tfidf(dtm, norm=norm, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf)
        assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
        assert np.array_equal(got.data, expected.data)  # exactly, not nearly

    def test_an_unknown_norm_is_refused(self):
        with pytest.raises(cu.ParameterError, match="norm must be 'l2', 'l1' or None"):
            tfidf(count_terms(corpus_of("trust"), ngram_range=(1, 1)), norm="max")


class TestTermTable:
    def test_counts_and_documents_sorted(self):
        dtm = count_terms(corpus_of("trust trust fear", "fear crime"), ngram_range=(1, 1))
        table = cu.term_table(dtm)
        assert table.to_dict("list") == {"term": ["fear", "trust", "crime"], "count": [2, 2, 1], "docs": [2, 1, 1]}


class TestTermTableSettings:
    def test_attrs_record_the_matrix(self):
        dtm = count_terms(corpus_of("trust trust fear", "fear crime"), ngram_range=(1, 1))
        attrs = cu.term_table(dtm).attrs
        assert attrs["n_docs"] == 2 and attrs["n_uses"] == 5 and attrs["unit"] == "words"


class TestGroupLengths:
    def test_per_group_totals_means_and_shares(self):
        corpus = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "group": ["b", "a", "b"], "n_tokens": [10, 30, 20]})
        table = cu.count.group_lengths(corpus)
        assert table.to_dict("list") == {
            "group": ["a", "b"], "documents": [1, 2], "tokens": [30, 30], "share": [0.5, 0.5],
            "mean": [30.0, 15.0], "shortest": [30, 10], "longest": [30, 20],
        }

    def test_counts_the_tokens_of_the_text_when_the_column_is_missing(self):
        table = cu.count.group_lengths(corpus_of("The rule of law.", "Public trust", "Fear"))
        # g0: "the rule of law" (4) and "fear" (1); g1: "public trust" (2); stop words count too
        assert table[["group", "documents", "tokens", "shortest", "longest"]].values.tolist() == [
            ["g0", 2, 5, 1, 4], ["g1", 1, 2, 2, 2],
        ]
        assert table["share"].tolist() == pytest.approx([5 / 7, 2 / 7])


class TestGroupVocabulary:
    def test_distinct_words_and_words_no_other_group_uses(self):
        # g0: d0 "trust fear", d2 "crime fear"; g1: d1 "crime law"
        dtm = count_terms(corpus_of("trust fear", "crime law", "crime fear"), ngram_range=(1, 1))
        table = cu.count.group_vocabulary(dtm)
        assert table.to_dict("list") == {
            "group": ["g0", "g1"], "documents": [2, 1], "terms": [3, 2], "only_in_group": [2, 1],
        }


class TestVocabularySpread:
    def test_terms_by_the_number_of_documents_that_use_them(self):
        # trust: 1 document; fear: 2; crime: 3 (every document); law: 1
        dtm = count_terms(corpus_of("trust fear crime", "fear crime law", "crime"), ngram_range=(1, 1))
        table = cu.count.vocabulary_spread(dtm)
        assert table.to_dict("list") == {"docs": [1, 2, 3], "terms": [2, 1, 1], "share": [0.5, 0.25, 0.25]}
        assert table.attrs == {"n_docs": 3, "n_terms": 4}


class TestIdfTable:
    def test_smoothed_idf_as_in_the_formula(self):
        # n = 2; df(fear) = 2, df(trust) = 1: idf = ln((1 + n) / (1 + df)) + 1
        dtm = count_terms(corpus_of("trust trust fear", "fear"), ngram_range=(1, 1))
        table = cu.count.idf_table(dtm)
        assert table[["term", "count", "docs"]].values.tolist() == [["fear", 2, 2], ["trust", 2, 1]]
        assert table["idf"].tolist() == pytest.approx([1.0, math.log(3 / 2) + 1])
        assert table.attrs == {"n_docs": 2, "smooth_idf": True}

    def test_unsmoothed(self):
        dtm = count_terms(corpus_of("trust trust fear", "fear"), ngram_range=(1, 1))
        idf = cu.count.idf_table(dtm, smooth_idf=False).set_index("term")["idf"]
        assert idf["trust"] == pytest.approx(math.log(2 / 1) + 1)

    def test_agrees_with_the_tfidf_weights(self):
        dtm = count_terms(corpus_of("trust trust fear", "fear crime", "crime law"), ngram_range=(1, 1))
        idf = cu.count.idf_table(dtm).set_index("term")["idf"]
        raw = tfidf(dtm, norm=None).toarray()
        assert raw[0, dtm.column("trust")] == pytest.approx(2 * idf["trust"])


class TestStopWordFile:
    def test_a_file_that_is_not_utf8_is_one_line_naming_it(self, tmp_path):
        path = tmp_path / "stop.txt"
        path.write_bytes(b"\xff\xfe\x00the\n")
        with pytest.raises(cu.ParameterError) as info:
            cu.load_stop_words(path)
        assert str(info.value) == (
            f"{path}: the stop-word file is not UTF-8 text (byte 0xff at position 0). "
            "Save it as UTF-8 text, one word a line."
        )

    def test_a_read_error_is_one_line_naming_the_file(self, tmp_path, monkeypatch):
        import errno
        from pathlib import Path

        path = tmp_path / "stop.txt"
        path.write_text("the\n")

        def failing_read(self, *args, **kwargs):
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(Path, "read_bytes", failing_read)
        with pytest.raises(cu.UnreadableFileError, match=r"stop.txt: the stop-word file cannot be read \(Input/output error\)"):
            cu.load_stop_words(path)


def test_positions_of_a_type_are_where_it_occurs_read_from_one_inverted_index():
    import numpy as np

    corpus = cu.load_corpus(ROOT / "data" / "seed")
    tokens = cu.index_tokens(corpus)
    for type_id in range(len(tokens.types)):
        expected = np.flatnonzero(tokens.token_ids == type_id)
        got = tokens.positions(type_id)
        assert got.dtype == np.int64 and np.array_equal(got, expected), tokens.types[type_id]
    # a phrase is found where its first word's positions continue with the next words
    hits = tokens.find("sanctuary policies")
    assert len(hits) and all(tokens.tokens(int(tokens.doc_of(np.array([h]))[0])) for h in hits)
    assert [tokens.types[tokens.token_ids[h + 1]] for h in hits] == ["policies"] * len(hits)
