import numpy as np
import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils.count import count_terms, index_tokens, tfidf, tokenize


def corpus_of(*texts, labels=None):
    labels = labels or [f"g{i % 2}" for i in range(len(texts))]
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "label": labels, "text": list(texts)})


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
    def test_unigrams_and_bigrams_after_stop_words_never_across_breaks(self):
        dtm = count_terms(corpus_of("The rule of law. Law and order", "Public trust"))
        assert dtm.terms.tolist() == ["law", "law order", "order", "public", "public trust", "rule", "rule law", "trust"]
        assert dtm.counts.toarray().tolist() == [[2, 1, 1, 0, 0, 1, 1, 0], [0, 0, 0, 1, 1, 0, 0, 1]]
        assert dtm.settings["ngram_range"] == (1, 2)

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


class TestTermTable:
    def test_counts_and_documents_sorted(self):
        dtm = count_terms(corpus_of("trust trust fear", "fear crime"), ngram_range=(1, 1))
        table = cu.term_table(dtm)
        assert table.to_dict("list") == {"term": ["fear", "trust", "crime"], "count": [2, 2, 1], "docs": [2, 1, 1]}
