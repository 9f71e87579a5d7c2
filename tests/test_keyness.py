"""Tests for corpus_utils.keyness: values worked out by hand, from the published formulas, or by
brute force over every relabelling of corpora of two to twelve tiny documents."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.stats import chi2

import corpus_utils as cu
from conftest import toy_documents
from corpus_utils import engine, keyness, resample


def corpus_of(*docs: tuple[str, str]) -> pd.DataFrame:
    """A corpus DataFrame from (label, text) pairs; doc ids d1, d2, ..."""
    return pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(1, len(docs) + 1)], "group": [d[0] for d in docs], "text": [d[1] for d in docs]}
    )


def unigrams(*docs: tuple[str, str]) -> cu.DocumentTermMatrix:
    return cu.count_terms(corpus_of(*docs), ngram_range=(1, 1))


def row(table: pd.DataFrame, term: str) -> pd.Series:
    match = table[table["term"] == term]
    assert len(match) == 1, f"{term!r} should appear once in the table"
    return match.iloc[0]


def relabelled(dtm: cu.DocumentTermMatrix, labels) -> cu.DocumentTermMatrix:
    return replace(dtm, labels=np.asarray(labels, dtype=object))


def random_dtm(rng, n_docs: int = 12, n_terms: int = 12) -> cu.DocumentTermMatrix:
    """Counts that ignore the labels: Poisson rates 1..12 per term, documents of random length,
    labels a/b (half each) shuffled at random."""
    rates = np.linspace(1.0, 12.0, n_terms)
    length = rng.gamma(4.0, 0.25, size=n_docs)
    counts = rng.poisson(np.outer(length, rates)).astype(np.int64)
    labels = np.array(["a"] * (n_docs // 2) + ["b"] * (n_docs - n_docs // 2), dtype=object)
    rng.shuffle(labels)
    return cu.DocumentTermMatrix(
        counts=sp.csr_matrix(counts),
        terms=np.array([f"t{i:02d}" for i in range(n_terms)], dtype=object),
        doc_ids=np.array([f"d{i:02d}" for i in range(n_docs)], dtype=object),
        labels=labels,
        settings={},
    )


# a: "trust trust safety" + "trust"; b: "crime safety".  Counts: a = {trust 3, safety 1} (n_a = 4),
# b = {crime 1, safety 1} (n_b = 2); corpus = {trust 3, safety 2, crime 1} (n = 6).
TOY = (("a", "trust trust safety"), ("a", "trust"), ("b", "crime safety"))


class TestGroups:
    def test_unknown_group_names_the_labels(self):
        with pytest.raises(cu.LabelError, match=r"unknown group\(s\) 'c' \(the labels are: a, b\)"):
            keyness.log_odds(unigrams(*TOY), groups=("a", "c"))

    def test_one_label_only_cannot_be_compared(self):
        with pytest.raises(cu.LabelError, match=r"a comparison needs at least 2 groups \(got 1: a\)"):
            keyness.log_odds(unigrams(("a", "x y"), ("a", "y z")))

    def test_swapping_the_pair_flips_the_sign(self):
        dtm = unigrams(*TOY)
        ab = keyness.log_odds(dtm, groups=("a", "b"), min_docs=0)
        ba = keyness.log_odds(dtm, groups=("b", "a"), min_docs=0)
        assert row(ab, "trust")["score"] == pytest.approx(-row(ba, "trust")["score"])
        assert row(ab, "trust")["group"] == row(ba, "trust")["group"] == "a"
        assert ab.attrs["groups"] == ["a", "b"] and ba.attrs["groups"] == ["b", "a"]

    def test_three_labels_give_one_vs_rest(self):
        dtm = unigrams(("a", "trust"), ("b", "crime"), ("c", "cost"))
        table = keyness.log_likelihood(dtm, min_docs=0)
        assert table.attrs["comparison"] == "one-vs-rest"
        assert sorted(zip(table["group"], table["term"])) == [("a", "trust"), ("b", "crime"), ("c", "cost")]
        # the rest of "crime": a and c, which never use it
        assert row(table, "crime")[["count_a", "count_b", "docs_b"]].tolist() == [1, 0, 0]

    def test_one_named_group_against_every_other_document(self):
        dtm = unigrams(("a", "trust"), ("b", "crime"), ("c", "cost"))
        table = keyness.log_likelihood(dtm, groups="b", min_docs=0)
        assert table["term"].tolist() == ["crime"] and table.attrs["groups"] == ["b"]

    def test_not_a_matrix(self):
        with pytest.raises(cu.ParameterError, match="expected a DocumentTermMatrix \\(got DataFrame\\)"):
            keyness.log_odds(corpus_of(*TOY))


class TestLogOdds:
    def test_z_score_of_trust_by_hand(self):
        # alpha0 = 6 = n, so alpha_w is the corpus count: alpha_trust = 3
        table = keyness.log_odds(unigrams(*TOY), alpha0=6, min_docs=0)
        delta = math.log((3 + 3) / (4 + 6 - 3 - 3)) - math.log((0 + 3) / (2 + 6 - 0 - 3))
        variance = 1 / (3 + 3) + 1 / (0 + 3)
        trust = row(table, "trust")
        assert trust["delta"] == pytest.approx(delta)
        assert trust["variance"] == pytest.approx(variance)
        assert trust["score"] == pytest.approx(delta / math.sqrt(variance))
        assert trust["score"] == pytest.approx(1.2958, abs=1e-4)
        assert trust["prior"] == pytest.approx(3.0)

    def test_matches_monroe_colaresi_quinn_term_for_term(self, seed_corpus):
        """An independent implementation of Monroe, Colaresi & Quinn (2008), eq. 16-20.

        Informative Dirichlet prior from the whole corpus, alpha_w = alpha0 * y_w / n;
        delta_w = log((y_wa + a_w) / (n_a + alpha0 - y_wa - a_w)) - log((y_wb + a_w) / (n_b + alpha0 - y_wb - a_w));
        sigma^2_w ~= 1 / (y_wa + a_w) + 1 / (y_wb + a_w) (eq. 20, the paper's approximation); z = delta / sigma.
        Written term by term in plain Python dictionaries, not with the package's arrays.
        """
        dtm = cu.count_terms(seed_corpus, ngram_range=(1, 2))
        a, b = "anti-cooperation", "pro-cooperation"
        alpha0 = 500.0
        dense = dtm.counts.toarray()
        y = {t: int(dense[:, j].sum()) for j, t in enumerate(dtm.terms)}
        y_a = {t: int(dense[dtm.labels == a, j].sum()) for j, t in enumerate(dtm.terms)}
        y_b = {t: int(dense[dtm.labels == b, j].sum()) for j, t in enumerate(dtm.terms)}
        n, n_a, n_b = sum(y.values()), sum(y_a.values()), sum(y_b.values())
        expected = {}
        for t in dtm.terms:
            alpha_w = alpha0 * y[t] / n
            delta = math.log((y_a[t] + alpha_w) / (n_a + alpha0 - y_a[t] - alpha_w)) - math.log(
                (y_b[t] + alpha_w) / (n_b + alpha0 - y_b[t] - alpha_w)
            )
            sigma2 = 1 / (y_a[t] + alpha_w) + 1 / (y_b[t] + alpha_w)
            expected[t] = (delta / math.sqrt(sigma2), delta, sigma2, alpha_w)
        table = keyness.log_odds(dtm, groups=(a, b), alpha0=alpha0, min_docs=0)
        assert len(table) == len(expected) == dtm.shape[1]  # every term is used by the pair
        for term, score, delta, variance, prior in table[["term", "score", "delta", "variance", "prior"]].itertuples(index=False):
            assert (score, delta, variance, prior) == pytest.approx(expected[term], rel=1e-12, abs=1e-12), term

    def test_prior_scales_with_alpha0(self):
        table = keyness.log_odds(unigrams(*TOY), alpha0=60, min_docs=0)
        assert row(table, "safety")["prior"] == pytest.approx(60 * 2 / 6)

    def test_columns_and_order(self):
        table = keyness.log_odds(unigrams(*TOY), min_docs=0)
        assert table.columns.tolist() == [
            "term", "group", "score", "count_a", "count_b", "docs_a", "docs_b", "rate_a", "rate_b", "delta",
            "variance", "prior",
        ]
        assert table["score"].is_monotonic_decreasing
        assert table.attrs["statistic"] == "log_odds" and table.attrs["alpha0"] == 500.0

    def test_bad_alpha0(self):
        with pytest.raises(cu.ParameterError, match="alpha0 .* must be positive \\(got 0.0\\)"):
            keyness.log_odds(unigrams(*TOY), alpha0=0)


class TestLogLikelihood:
    def test_g2_and_log_ratio_of_trust_by_hand(self):
        # a: "trust trust safety" (n_a = 3), b: "crime safety" (n_b = 2); trust 2 vs 0
        table = keyness.log_likelihood(unigrams(("a", "trust trust safety"), ("b", "crime safety")), min_docs=0)
        trust = row(table, "trust")
        expected_a = 3 * 2 / 5
        g2 = 2 * (2 * math.log(2 / expected_a))  # the b cell is 0 * ln 0 = 0
        assert trust["g2"] == pytest.approx(g2) == pytest.approx(2.0433, abs=1e-4)
        assert trust["score"] == pytest.approx(g2)
        assert trust["p_value"] == pytest.approx(chi2.sf(g2, 1))
        # zero count in b replaced by 0.5 (Hardie 2014)
        assert trust["log_ratio"] == pytest.approx(math.log2((2 / 3) / (0.5 / 2)))

    def test_term_leaning_to_b_has_negative_score(self):
        table = keyness.log_likelihood(unigrams(("a", "trust trust safety"), ("b", "crime safety")), min_docs=0)
        crime = row(table, "crime")
        assert crime["group"] == "b" and crime["score"] < 0 and crime["log_ratio"] < 0

    def test_equal_rates_score_zero(self):
        table = keyness.log_likelihood(unigrams(("a", "law x"), ("b", "law y")), min_docs=0)
        assert row(table, "law")["g2"] == pytest.approx(0.0)
        assert row(table, "law")["log_ratio"] == pytest.approx(0.0)


class TestMeanTfidf:
    def test_against_scikit_learns_formula(self):
        # idf = ln((1 + n) / (1 + df)) + 1 with n = 2; rows scaled to unit length
        table = keyness.mean_tfidf(unigrams(("a", "trust safety"), ("b", "crime safety")), min_docs=0)
        idf_trust, idf_safety = math.log(3 / 2) + 1, math.log(3 / 3) + 1
        trust_weight = idf_trust / math.hypot(idf_trust, idf_safety)
        trust = row(table, "trust")
        assert trust["mean_a"] == pytest.approx(trust_weight) == pytest.approx(0.8148, abs=1e-4)
        assert trust["mean_b"] == 0
        assert trust["score"] == pytest.approx(trust_weight)
        assert row(table, "safety")["score"] == pytest.approx(0.0)

    def test_mean_over_documents_of_the_group(self):
        # a has two documents, only one uses trust: the mean halves its weight
        table = keyness.mean_tfidf(unigrams(("a", "trust"), ("a", "fear"), ("b", "crime")), min_docs=0)
        assert row(table, "trust")["mean_a"] == pytest.approx(0.5)


class TestDispersion:
    DOCS = (("a", "trust fear"), ("a", "trust"), ("a", "cost"), ("b", "crime"), ("b", "crime jail"))

    def test_document_counts_per_group(self):
        table = keyness.log_odds(unigrams(*self.DOCS), min_docs=0)
        assert row(table, "trust")[["count_a", "docs_a", "docs_b"]].tolist() == [2, 2, 0]
        assert row(table, "crime")[["count_b", "docs_a", "docs_b"]].tolist() == [2, 0, 2]

    def test_default_keeps_terms_used_by_two_documents_of_their_group(self):
        table = keyness.log_odds(unigrams(*self.DOCS))
        assert sorted(table["term"]) == ["crime", "trust"]
        assert table.attrs["min_docs"] == 2

    def test_floor_is_capped_at_the_group_size(self):
        dtm = unigrams(("a", "trust fear"), ("a", "trust"), ("b", "crime"))
        assert sorted(keyness.log_odds(dtm, min_docs=2)["term"]) == ["crime", "trust"]

    def test_negative_floor(self):
        with pytest.raises(cu.ParameterError, match="min_docs must be 0 or more \\(got -1\\)"):
            keyness.log_odds(unigrams(*self.DOCS), min_docs=-1)


class TestTopTerms:
    def test_top_per_group_by_absolute_score(self):
        table = keyness.log_odds(unigrams(*TestDispersion.DOCS), min_docs=0)
        top = keyness.top_terms(table, 1)
        assert top[["group", "term", "rank"]].values.tolist() == [["a", "trust", 1], ["b", "crime", 1]]
        assert top.attrs["groups"] == ["a", "b"]

    def test_n_must_be_positive(self):
        with pytest.raises(cu.ParameterError, match="n must be at least 1 \\(got 0\\)"):
            keyness.top_terms(keyness.log_odds(unigrams(*TOY)), 0)


class TestStability:
    def test_leave_one_out_drops_a_term_carried_by_one_document(self):
        # trust lives in d1 alone: leaving d1 out removes it, leaving d2 out keeps it; leaving d3
        # out leaves group b without documents, so nothing can be compared and every term drops
        dtm = unigrams(("a", "trust trust"), ("a", "fear"), ("b", "crime"))
        table = keyness.stability(dtm, top_n=1, min_docs=1)
        trust = row(table, "trust")
        assert trust["stability"] == pytest.approx(1 / 3)
        assert trust["n_resamples"] == 3 and trust["resampling"] == "leave-one-out"
        # crime: only leaving d3 out removes it
        assert row(table, "crime")["stability"] == pytest.approx(2 / 3)

    def test_term_in_every_document_of_its_group_is_stable(self):
        dtm = unigrams(("a", "trust x"), ("a", "trust y"), ("a", "trust z"), ("b", "crime"), ("b", "crime w"))
        table = keyness.stability(dtm, top_n=1, min_docs=1)
        assert row(table, "trust")["stability"] == 1.0

    @pytest.mark.parametrize(
        ("statistic", "options"),
        [
            ("log_odds", {}),
            ("log_likelihood", {}),
            ("mean_tfidf", {}),
            ("mean_tfidf", {"norm": "l1", "smooth_idf": False, "sublinear_tf": True}),
            ("mean_tfidf", {"norm": None}),
        ],
    )
    def test_leave_one_out_leaves_the_document_out_of_the_prior_and_the_idf(self, seed_corpus, statistic, options):
        # brute force: the table of the matrix without the document, prior and idf included
        dtm = cu.count_terms(seed_corpus, ngram_range=(1, 2))
        table = keyness.stability(dtm, statistic, top_n=10, **options)
        expected = dict.fromkeys(zip(table["group"], table["term"]), 0)
        for i in range(dtm.shape[0]):
            kept = np.delete(np.arange(dtm.shape[0]), i)
            used = np.flatnonzero(np.asarray(dtm.counts[kept].sum(axis=0)).ravel())  # terms of the other documents
            sub = replace(dtm, counts=dtm.counts[kept][:, used], terms=dtm.terms[used], doc_ids=dtm.doc_ids[kept],
                          labels=dtm.labels[kept])
            top = keyness.top_terms(getattr(keyness, statistic)(sub, **options), 10)
            for key in zip(top["group"], top["term"]):
                if key in expected:
                    expected[key] += 1
        got = dict(zip(zip(table["group"], table["term"]), table["stability"]))
        assert got == pytest.approx({k: v / dtm.shape[0] for k, v in expected.items()})

    def test_bootstrap_counts_distinct_documents_for_the_floor(self):
        # group a: d1 "trust", d2 "trust", d3 "other"; min_docs 2, top_n 1. A bootstrap sample of
        # a draws 3 of its 3 documents (27 equally likely sequences). trust stays a's top term
        # when two distinct trust documents are drawn (12 sequences hold both d1 and d2), or when
        # only one document is drawn at all (d1 d1 d1, d2 d2 d2: the floor is capped at 1):
        # 14/27. Counting d1 drawn twice as two documents would add d1 d1 d3 and d2 d2 d3 in any
        # order (6 more): 20/27.
        dtm = unigrams(("a", "trust"), ("a", "trust"), ("a", "other"), ("b", "crime"), ("b", "crime"), ("b", "jail"))
        table = keyness.stability(dtm, top_n=1, min_docs=2, loo_max_docs=0, n_resamples=1000, seed=1)
        assert row(table, "trust")["resampling"] == "bootstrap (seed 1)"
        assert row(table, "trust")["stability"] == pytest.approx(14 / 27, abs=0.05)

    def test_bootstrap_is_seeded(self):
        docs = [("a", "trust x"), ("a", "trust y"), ("a", "fear"), ("b", "crime"), ("b", "crime w"), ("b", "jail")]
        dtm = unigrams(*docs)
        first = keyness.stability(dtm, top_n=2, loo_max_docs=0, n_resamples=50, seed=3)
        second = keyness.stability(dtm, top_n=2, loo_max_docs=0, n_resamples=50, seed=3)
        pd.testing.assert_frame_equal(first, second)
        assert (first["n_resamples"] == 50).all() and first["resampling"].iloc[0] == "bootstrap (seed 3)"
        assert first["stability"].between(0, 1).all()

    def test_bad_arguments(self):
        with pytest.raises(cu.ParameterError, match="statistic must be one of log_odds, log_likelihood, mean_tfidf"):
            keyness.stability(unigrams(*TOY), statistic="chi2")
        with pytest.raises(cu.ParameterError, match="top_n and n_resamples must be at least 1 \\(got 0, 200\\)"):
            keyness.stability(unigrams(*TOY), top_n=0)


class TestPermutationTest:
    def test_exact_two_sided_p_value_and_floor_for_equal_groups(self):
        # 4 documents, 2 per group: C(4, 2) = 6 relabellings; the real one puts both trusts in a,
        # its mirror image both in b (same |z|): p = min_p = 2/6
        dtm = unigrams(("a", "trust"), ("a", "trust"), ("b", "crime"), ("b", "crime"))
        table = keyness.permutation_test(dtm, ["trust", "crime"])
        assert table[["term", "group"]].values.tolist() == [["trust", "a"], ["crime", "b"]]
        assert table["p_value"].tolist() == pytest.approx([2 / 6, 2 / 6])
        assert table["min_p"].tolist() == pytest.approx([2 / 6, 2 / 6])
        assert table["exact"].all() and (table["n_relabelings"] == 6).all()
        assert table.columns.tolist() == ["term", "group", "score", "p_value", "min_p", "p_adjusted", "n_relabelings",
                                          "exact"]

    def test_a_term_leaning_the_other_way_counts_as_extreme(self):
        # trust is in d1 (once, group a) and d5 (twice, group b): observed z = -0.082 (leans to b).
        # Of the C(5, 3) = 10 relabellings, by where the two trust documents go: d1 in a and d5
        # in b (3 ways, z = -0.082), both in a (3 ways, z = +0.123), both in b (1 way, z = -0.185),
        # d5 in a and d1 in b (3 ways, z = +0.021). Two-sided, 3 + 3 + 1 reach |z| >= 0.082:
        # p = 0.7 (a one-sided test towards b would say 0.4); the largest |z| occurs once: min_p 0.1
        dtm = unigrams(("a", "x trust"), ("a", "x"), ("a", "x"), ("b", "x"), ("b", "x trust trust"))
        p = keyness.permutation_test(dtm, ["trust"], min_docs=0).iloc[0]
        assert p["group"] == "b" and p["score"] == pytest.approx(-0.0823, abs=1e-4)
        assert p["p_value"] == pytest.approx(0.7) and p["min_p"] == pytest.approx(0.1)
        brute = []
        for pick in itertools.combinations(range(5), 3):
            new = np.where(np.isin(np.arange(5), pick), "a", "b")
            brute.append(row(keyness.log_odds(relabelled(dtm, new), groups=("a", "b"), min_docs=0), "trust")["score"])
        assert sorted(np.round(brute, 3)) == [-0.185] + [-0.082] * 3 + [0.021] * 3 + [0.123] * 3

    def test_p_adjusted_is_max_t_over_the_listed_vocabulary(self):
        # brute force over the C(6, 3) = 20 relabellings, with the public log_odds table: the
        # share of relabellings whose largest |z| of any listed term reaches the term's |z|
        dtm = unigrams(("a", "trust trust law fear"), ("a", "trust law crime"), ("a", "law fear"),
                       ("b", "crime crime law"), ("b", "crime law jail jail jail"), ("b", "law fear"))
        table = keyness.permutation_test(dtm, ["trust", "crime", "jail", "fear"])
        maxima, scores = [], {t: [] for t in table["term"]}
        for pick in itertools.combinations(range(6), 3):
            new = np.where(np.isin(np.arange(6), pick), "a", "b")
            listed = keyness.log_odds(relabelled(dtm, new), groups=("a", "b"))
            maxima.append(listed["score"].abs().max() if len(listed) else -np.inf)
            full = keyness.log_odds(relabelled(dtm, new), groups=("a", "b"), min_docs=0).set_index("term")["score"]
            for t in scores:
                scores[t].append(abs(full[t]))
        maxima = np.array(maxima)
        for r in table.itertuples():
            observed = abs(r.score)
            p = np.mean(np.array(scores[r.term]) >= observed - 1e-9)
            assert r.p_value == pytest.approx(p), r.term
            assert r.p_adjusted == pytest.approx(max(p, np.mean(maxima >= observed - 1e-9))), r.term
            assert r.p_adjusted >= r.p_value
        assert (table["p_adjusted"] > table["p_value"]).any()  # the adjustment bites on this corpus

    def test_monte_carlo_when_too_many_relabellings(self):
        dtm = unigrams(("a", "trust"), ("a", "trust"), ("b", "crime"), ("b", "crime"))
        table = keyness.permutation_test(dtm, ["trust"], max_exact=5, n_resamples=99, seed=1)
        again = keyness.permutation_test(dtm, ["trust"], max_exact=5, n_resamples=99, seed=1)
        pd.testing.assert_frame_equal(table, again)
        assert not table["exact"].iloc[0] and table["n_relabelings"].iloc[0] == 99
        # the observed split is the largest |z| any split gives, tied with its mirror: the floor is the p-value
        assert table["min_p"].iloc[0] == pytest.approx(table["p_value"].iloc[0])
        # (1 + k) / (1 + 99): the draws reaching |z| are the observed split and its mirror, 2 in 6
        assert table["p_value"].iloc[0] * 100 == pytest.approx(round(table["p_value"].iloc[0] * 100))
        assert table["p_value"].iloc[0] == pytest.approx(2 / 6, abs=0.12)

    def test_unknown_term(self):
        with pytest.raises(cu.ParameterError, match="term\\(s\\) not in the document-term matrix: 'police'"):
            keyness.permutation_test(unigrams(*TOY), ["police"])

    def test_one_vs_rest_tests_each_term_for_the_group_it_leans_to(self):
        dtm = unigrams(("a", "trust"), ("a", "trust x"), ("b", "crime"), ("b", "crime y"), ("c", "cost"), ("c", "cost z"))
        table = keyness.permutation_test(dtm, ["trust", "crime"], min_docs=0)
        assert table[["term", "group"]].values.tolist() == [["trust", "a"], ["crime", "b"]]
        # each group of 2 against the rest of 4: C(6, 2) = 15 relabellings, only the observed
        # one puts both trust documents in the group
        assert table["n_relabelings"].tolist() == [15, 15]
        assert table["p_value"].tolist() == pytest.approx([1 / 15, 1 / 15])


class CountingEngine(engine.Engine):
    """The in-memory engine, counting the batches each pass sends it (so a test sees the products go through it)."""

    def __init__(self, partitions: int = 1):
        super().__init__(partitions)
        self.passes, self.batches = 0, 0

    def imap(self, func, items, *shared):
        self.passes += 1
        for item, result in super().imap(func, items, *shared):
            self.batches += 1
            yield item, result


class TestOnAnEngine:
    """``engine=`` moves the relabellings' products, never the table: the same values, dtypes and attrs."""

    @pytest.mark.parametrize("statistic", ["log_odds", "log_likelihood", "mean_tfidf"])
    @pytest.mark.parametrize(("groups", "max_exact"), [(("a", "b"), 5000), (None, 5000), (("a", "b"), 0), (None, 0)])
    def test_an_engine_gives_the_table_without_one(self, statistic, groups, max_exact):
        # three groups of four documents: the pair a-b has C(8, 4) = 70 relabellings and each group against
        # the rest C(12, 4) = 495, all enumerated; max_exact=0 draws 40 of them instead (Monte Carlo)
        dtm = random_dtm(np.random.default_rng(3), n_docs=12, n_terms=15)
        dtm = relabelled(dtm, ["a", "b", "c"] * 4)
        terms = ["t00", "t03", "t07", "t11"]
        kwargs = dict(groups=groups, min_docs=0, max_exact=max_exact, n_resamples=40, seed=2)
        expected = keyness.permutation_test(dtm, terms, statistic, **kwargs)
        counting = CountingEngine(partitions=3)
        got = keyness.permutation_test(dtm, terms, statistic, engine=counting, **kwargs)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.attrs == expected.attrs and "engine" not in got.attrs
        comparisons = 1 if groups else 3
        assert counting.passes == comparisons and counting.batches >= comparisons  # every product went through it
        assert expected["exact"].all() == (max_exact > 0)
        pd.testing.assert_frame_equal(
            keyness.permutation_test(dtm, terms, statistic, engine=engine.memory(partitions=3), **kwargs), expected,
            check_exact=True)

    def test_the_seed_corpus_on_an_engine(self, seed):
        # 2 vs 3 documents: every one of the 10 relabellings, each a product of the words and word pairs' counts
        terms = ["trust", "custody", "cooperation", "criminal aliens"]
        expected = keyness.permutation_test(seed[1], terms)
        got = keyness.permutation_test(seed[1], terms, engine=engine.memory(partitions=3))
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.attrs == expected.attrs and expected["n_relabelings"].tolist() == [10] * 4


@pytest.fixture(scope="module")
def simulated():
    # 300 corpora of 12 documents (6 vs 6: C(12, 6) = 924 relabellings, exact) whose counts
    # ignore the labels. A direction-chosen one-sided test of the pre-chosen term t06 gives
    # p <= 0.05 in 9 % of them, and testing the top 3 terms per group with unadjusted
    # p-values gives some p <= 0.05 in 46 % (checked when these tests were written).
    rng = np.random.default_rng(7)
    rows = []
    for _ in range(300):
        dtm = random_dtm(rng)
        top = keyness.top_terms(keyness.log_odds(dtm, groups=("a", "b")), 3)
        table = keyness.permutation_test(dtm, list(dict.fromkeys(["t06", *top["term"]])), groups=("a", "b"))
        chosen = table[table["term"].isin(top["term"])]
        rows.append(
            {
                "pre_chosen_p": table.loc[table["term"] == "t06", "p_value"].iloc[0],
                "any_top_p": (chosen["p_value"] <= 0.05).any(),
                "any_top_p_adjusted": (chosen["p_adjusted"] <= 0.05).any(),
            }
        )
    return pd.DataFrame(rows)


class TestHonestPValues:
    """Under random labels, p <= 0.05 should happen about 5 % of the time (deterministic simulations)."""

    def test_a_pre_chosen_term_reaches_p_005_at_about_the_nominal_rate(self, simulated):
        rate = (simulated["pre_chosen_p"] <= 0.05).mean()
        assert 0.03 <= rate <= 0.07  # two-sided; the one-sided test's 0.09 fails this

    def test_the_adjusted_p_value_answers_for_choosing_the_top_terms(self, simulated):
        assert simulated["any_top_p"].mean() > 0.3  # why the adjustment is needed
        assert simulated["any_top_p_adjusted"].mean() <= 0.09  # 5 % family-wise, with simulation error

    def test_a_real_difference_survives_the_adjustment(self):
        # 6 vs 6 documents; "trust" is in every a document and no b document, every other term is
        # everywhere: only the observed split and its mirror reach trust's |z|, whatever the
        # other terms do: p = p_adjusted = 2 / 924
        docs = [("a", f"trust law word{i}") for i in range(6)] + [("b", f"law word{i} other") for i in range(6)]
        dtm = cu.count_terms(corpus_of(*docs), ngram_range=(1, 1), stop_words="none")
        table = keyness.permutation_test(dtm, ["trust"], min_docs=0)
        assert table[["p_value", "p_adjusted", "min_p"]].iloc[0].tolist() == pytest.approx([2 / 924] * 3)


class TestContestedTerms:
    def test_shared_term_is_kept_distinctive_terms_are_not(self):
        dtm = unigrams(("a", "law trust"), ("a", "law trust"), ("b", "law crime"), ("b", "law crime"))
        table = keyness.contested_terms(dtm, min_count=2)
        assert table["term"].tolist() == ["law"]
        assert table.loc[0, "shared"] == 2

    def test_floor_on_both_sides(self):
        dtm = unigrams(("a", "law law law"), ("a", "law trust"), ("b", "law crime"), ("b", "law crime"))
        assert keyness.contested_terms(dtm, min_count=3)["term"].tolist() == []

    def test_bad_floor(self):
        with pytest.raises(cu.ParameterError, match="min_count must be at least 1"):
            keyness.contested_terms(unigrams(*TOY), min_count=0)


@pytest.fixture(scope="module")
def seed(seed_corpus):
    tokens = cu.index_tokens(seed_corpus)
    return tokens, cu.count_terms(tokens, ngram_range=(1, 2))


class TestSeedCorpus:
    def test_anti_cooperation_vocabulary_is_about_trust_and_community(self, seed):
        # checked in the texts: trust, fear and community come from both the ACLU letter and the police statement
        top = keyness.top_terms(keyness.log_odds(seed[1]), 12)
        anti = set(top.loc[top["group"] == "anti-cooperation", "term"])
        assert {"trust", "community", "fear"} <= anti
        assert (top.loc[top["term"].isin(["trust", "community", "fear"]), "docs_a"] == 2).all()

    def test_pro_cooperation_vocabulary_is_about_criminal_aliens_and_custody(self, seed):
        top = keyness.top_terms(keyness.log_odds(seed[1]), 12)
        pro = set(top.loc[top["group"] == "pro-cooperation", "term"])
        assert {"criminal aliens", "aliens", "custody"} <= pro

    def test_cooperation_is_contested(self, seed):
        contested = keyness.contested_terms(seed[1])
        assert "cooperation" in set(contested["term"])
        assert row(contested, "cooperation")[["count_a", "count_b"]].tolist() == [8, 8]

    def test_five_documents_give_an_exact_permutation_floor_of_one_tenth(self, seed):
        # 2 vs 3 documents: C(5, 2) = 10 relabellings; trust is in both anti documents only
        table = keyness.permutation_test(seed[1], ["trust"])
        assert table["n_relabelings"].iloc[0] == 10 and table["min_p"].iloc[0] == pytest.approx(0.1)
        assert table["p_value"].iloc[0] == pytest.approx(0.1)
        assert table["min_p"].iloc[0] == pytest.approx(resample.smallest_p([2, 3]))


class TestProperties:
    """Issue-level guarantees checked on generated corpora (hypothesis)."""

    @pytest.mark.parametrize("statistic", ["log_odds", "log_likelihood", "mean_tfidf"])
    def test_keyness_is_antisymmetric_when_the_groups_are_swapped(self, statistic):
        from hypothesis import assume, given, settings

        @settings(max_examples=30)
        @given(toy_documents(2, 6))
        def check(texts):
            labels = ["a" if i % 2 == 0 else "b" for i in range(len(texts))]
            corpus = corpus_of(*zip(labels, texts))
            dtm = cu.count_terms(corpus, ngram_range=(1, 1), stop_words="none")
            assume(len(set(labels)) == 2)
            function = getattr(keyness, statistic)
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


# every word is used by one document: no word passes the default dispersion floor of 2 documents
ONE_DOCUMENT_WORDS = (("a", "apples orchards"), ("a", "bicycles pedals"), ("b", "clouds mountains"), ("b", "dolphins lagoons"))


class TestEmptyTopTerms:
    """Chapter 02 on a corpus where no word passes the dispersion filter: empty tables, still described."""

    def test_stability_of_an_empty_top_list_is_an_empty_table_that_names_its_resampling(self):
        table = keyness.stability(unigrams(*ONE_DOCUMENT_WORDS), top_n=3)
        assert table.empty
        assert table.columns.tolist() == [
            "term", "group", "score", "count_a", "count_b", "docs_a", "docs_b", "rate_a", "rate_b",
            "rank", "score_low", "score_high", "top_share", "stability", "support", "n_resamples", "resampling",
        ]
        # 4 documents, at most loo_max_docs = 30: leave-one-out, one resample per document
        assert table.attrs["resampling"] == "leave-one-out" and table.attrs["n_resamples"] == 4
        assert table["stability"].dtype == np.float64

    def test_stability_records_its_resampling_in_attrs(self):
        docs = [("a", "trust x"), ("a", "trust y"), ("a", "fear"), ("b", "crime"), ("b", "crime w"), ("b", "jail")]
        table = keyness.stability(unigrams(*docs), top_n=1, loo_max_docs=0, n_resamples=7, seed=2)
        assert table.attrs["resampling"] == "bootstrap (seed 2)" and table.attrs["n_resamples"] == 7
        assert (table["resampling"] == "bootstrap (seed 2)").all() and (table["n_resamples"] == 7).all()

    def test_permutation_test_of_no_terms_keeps_the_column_types(self):
        table = keyness.permutation_test(unigrams(*ONE_DOCUMENT_WORDS), [])
        assert table.empty
        assert table.dtypes.astype(str).to_dict() == {
            "term": "object", "group": "object", "score": "float64", "p_value": "float64", "min_p": "float64",
            "p_adjusted": "float64", "n_relabelings": "int64", "exact": "bool",
        }


class TestRates:
    def test_rates_per_1000_counted_words_of_each_group(self):
        # TOY: a = {trust 3, safety 1} (4 words), b = {crime 1, safety 1} (2 words)
        table = keyness.log_likelihood(unigrams(*TOY), min_docs=0)
        assert row(table, "trust")[["rate_a", "rate_b"]].tolist() == pytest.approx([1000 * 3 / 4, 0.0])
        assert row(table, "safety")[["rate_a", "rate_b"]].tolist() == pytest.approx([1000 * 1 / 4, 1000 * 1 / 2])

    def test_mean_tfidf_rates_count_words_not_documents(self):
        table = keyness.mean_tfidf(unigrams(*TOY), min_docs=0)
        assert row(table, "crime")[["rate_a", "rate_b"]].tolist() == pytest.approx([0.0, 500.0])

    def test_one_vs_rest_rate_b_is_the_rest(self):
        # a: trust x (2 words); b: crime (1); c: crime y (2): crime in the rest of a = 0 / 2, of b: 1 / 3
        table = keyness.log_odds(unigrams(("a", "trust x"), ("b", "crime"), ("c", "crime y")), min_docs=0)
        crime_b = table[(table["term"] == "crime") & (table["group"] == "b")].iloc[0]
        assert crime_b[["rate_a", "rate_b"]].tolist() == pytest.approx([1000.0, 1000 * 1 / 4])

    def test_the_prior_as_a_share_of_the_counted_words(self):
        table = keyness.log_odds(unigrams(*TOY), alpha0=3.0, min_docs=0)
        assert table.attrs["n_uses"] == 6 and table.attrs["prior_share"] == pytest.approx(3.0 / 6)


class TestPermutationFloor:
    def test_two_groups_exact(self):
        # C(5, 2) = 10 relabellings, groups of different sizes: 1 / 10 at best
        table = keyness.permutation_floor(["a", "a", "b", "b", "b"])
        assert table.to_dict("records") == [
            {"group_a": "a", "group_b": "b", "n_a": 2, "n_b": 3, "n_relabelings": 10, "exact": True, "min_p": 0.1}
        ]

    def test_equal_groups_tie_with_the_mirror_image(self):
        assert keyness.permutation_floor(["a", "a", "b", "b"])["min_p"].tolist() == pytest.approx([2 / 6])

    def test_one_vs_rest_one_row_per_group(self):
        table = keyness.permutation_floor(["a", "b", "b", "c", "c", "c"])
        assert table[["group_a", "group_b", "n_a", "n_b", "n_relabelings"]].values.tolist() == [
            ["a", "rest", 1, 5, 6], ["b", "rest", 2, 4, 15], ["c", "rest", 3, 3, 20],
        ]
        assert table["min_p"].tolist() == pytest.approx([1 / 6, 1 / 15, 2 / 20])

    def test_one_named_group_against_every_other_document(self):
        table = keyness.permutation_floor(["a", "b", "b", "c"], groups="a")
        assert table[["group_a", "group_b", "n_a", "n_b"]].values.tolist() == [["a", "rest", 1, 3]]

    def test_monte_carlo_above_max_exact(self):
        # C(400, 200) relabellings: drawn, 1 / (200 + 1) at best
        table = keyness.permutation_floor(["a"] * 200 + ["b"] * 200, n_resamples=200)
        assert table[["n_relabelings", "exact"]].values.tolist() == [[200, False]]
        assert table["min_p"].iloc[0] == pytest.approx(1 / 201)
        assert table.attrs == {"n_resamples": 200, "max_exact": 5000, "comparison": "pair"}


def scored(docs, term, statistic="log_odds", **options):
    """The score of ``term`` in the table of a corpus given as (label, text) pairs (min_docs 0)."""
    return float(row(getattr(keyness, statistic)(unigrams(*docs), min_docs=0, **options), term)["score"])


class TestIntervalsAndSupport:
    """The bootstrap interval, top_share and support of every listed word (keyness.stability)."""

    # group a's two documents differ; group b's are alike, so every resample of b is b itself
    D1, D2, B = ("a", "trust trust trust police"), ("a", "trust police"), ("b", "crime police")

    def test_every_resample_enumerated_two_plus_two(self):
        # a resample of group a is {d1, d1}, {d1, d2} or {d2, d2} (chances 1/4, 1/2, 1/4); b is always {b, b}.
        # Among 200 resamples each extreme is drawn far more than the 5 the 2.5th percentile passes over, so
        # the interval runs from the smaller to the larger of the extremes' scores, each the score of the
        # corpus the resample is (its documents twice over; prior recomputed from it)
        table = keyness.stability(unigrams(self.D1, self.D2, self.B, self.B), top_n=1, min_docs=1)
        for term in ("trust", "crime"):
            ones = scored([self.D1, self.D1, self.B, self.B], term)
            twos = scored([self.D2, self.D2, self.B, self.B], term)
            r = row(table, term)
            assert (r["score_low"], r["score_high"]) == (pytest.approx(min(ones, twos)), pytest.approx(max(ones, twos)))
            assert r["score_low"] <= r["score"] <= r["score_high"]

    def test_top_share_and_support_worked_by_hand(self):
        # trust: d1 supplies 3 of its 4 uses in a (0.75 > 0.5), but both of a's documents use it, and with two
        # documents only one that uses it alone is one document's (0.75 is not above 2/2); it stays a's top
        # word when either document is left out and its interval lies above 0: consistent.
        # crime: each b document supplies 1 of 2 (0.5, not above half); it stays b's top word when any one
        # document is left out, and its interval lies below 0 (every resample has 2 crime in b, 0 in a)
        table = keyness.stability(unigrams(self.D1, self.D2, self.B, self.B), top_n=1, min_docs=1)
        assert row(table, "trust")[["top_share", "support"]].tolist() == [0.75, "consistent"]
        # three documents of a use trust, one of them 6 of its 8 times: 0.75 > max(0.5, 2/3), one document's
        heavy = ("a", "trust trust trust trust trust trust police")
        table3 = keyness.stability(unigrams(heavy, self.D2, self.D2, self.B, self.B), top_n=1, min_docs=1)
        assert row(table3, "trust")[["top_share", "support"]].tolist() == [0.75, "carried by one document"]
        crime = row(table, "crime")
        assert (crime["top_share"], crime["stability"]) == (0.5, 1.0)
        assert crime["score_high"] < 0 and crime["support"] == "consistent"

    @pytest.mark.parametrize("statistic", ["log_odds", "log_likelihood", "mean_tfidf"])
    def test_documents_alike_within_each_group_give_a_single_point(self, statistic):
        # every resample is the corpus itself, so every resampled score is the observed one
        docs = [("a", "trust trust police"), ("a", "trust trust police"), ("b", "crime police"), ("b", "crime police")]
        table = keyness.stability(unigrams(*docs), statistic, top_n=1)
        for r in table.itertuples():
            assert r.score_low == pytest.approx(r.score, rel=1e-12) and r.score_high == pytest.approx(r.score, rel=1e-12)
        assert table["support"].tolist() == ["consistent", "consistent"]

    def test_a_one_document_group_carries_its_words_alone(self):
        # b has one document: crime is carried by it, whatever its spread; b's resample is always that document,
        # so crime's interval comes from a's resamples only: {d1, d1}, {d1, d2}, {d2, d2}
        docs = [("a", "trust trust police"), ("a", "trust fear police"), ("b", "crime crime police")]
        table = keyness.stability(unigrams(*docs), top_n=1, min_docs=1)
        crime = row(table, "crime")
        assert (crime["top_share"], crime["support"]) == (1.0, "carried by one document")
        ones = scored([docs[0], docs[0], docs[2]], "crime")
        twos = scored([docs[1], docs[1], docs[2]], "crime")
        assert (crime["score_low"], crime["score_high"]) == (pytest.approx(min(ones, twos)), pytest.approx(max(ones, twos)))

    def test_three_groups_each_against_the_rest(self):
        # documents alike within each group: each comparison's resamples are the corpus, so each interval is a
        # point at the group's own score against the rest; top_share 2 of 4 (trust) and 3 of 6 (jail)
        docs = [("a", "trust trust law"), ("a", "trust trust law"), ("b", "crime law"), ("b", "crime law"),
                ("c", "jail jail jail law"), ("c", "jail jail jail law")]
        table = keyness.stability(unigrams(*docs), top_n=1)
        assert table[["group", "term"]].values.tolist() == [["a", "trust"], ["b", "crime"], ["c", "jail"]]
        assert table["score_low"].tolist() == pytest.approx(table["score"].tolist())
        assert table["score_high"].tolist() == pytest.approx(table["score"].tolist())
        assert table["top_share"].tolist() == [0.5, 0.5, 0.5]
        assert table["support"].tolist() == ["consistent"] * 3

    def test_support_reads_the_bootstrap_stability_above_loo_max_docs(self):
        # with loo_max_docs = 2 the 4 documents are resampled by the bootstrap: a stability below 1 but at least
        # BOOTSTRAP_SHARE does not make a word unstable
        table = keyness.stability(unigrams(self.D1, self.D2, self.B, self.B), top_n=1, min_docs=1, loo_max_docs=2)
        assert table.attrs["resampling"] == "bootstrap (seed 0)"
        expected = cu.support.support_level(
            table["top_share"], n_docs=2, docs_using=np.where(table["group"] == "a", table["docs_a"], table["docs_b"]),
            stability=table["stability"], leave_one_out=False, low=table["score_low"], high=table["score_high"])
        assert table["support"].tolist() == expected.tolist()

    def test_intervals_are_seeded_and_stated_in_attrs(self):
        dtm = unigrams(self.D1, self.D2, ("b", "crime police"), ("b", "crime crime jail"))
        one, two = keyness.stability(dtm, top_n=2, seed=4), keyness.stability(dtm, top_n=2, seed=4)
        assert one[["score_low", "score_high"]].equals(two[["score_low", "score_high"]])
        assert one.attrs["interval"] == ("95% percentile bootstrap interval: 200 resamples of the documents, drawn "
                                         "with replacement within each group (seed 4)")
        assert (one.attrs["interval_level"], one.attrs["interval_resamples"], one.attrs["interval_seed"]) == (0.95, 200, 4)


class TestStabilityScoresResamplesTogether:
    """stability scores RESAMPLES_AT_ONCE resamples with one sparse product: the same table as one at a time."""

    @pytest.mark.parametrize("statistic", ["log_odds", "log_likelihood", "mean_tfidf"])
    def test_the_table_is_the_one_of_one_resample_at_a_time(self, statistic, monkeypatch):
        rng = np.random.default_rng(5)
        words = ["trust", "police", "crime", "jail", "community", "law", "fear", "safety", "court", "county"]
        texts = [" ".join(rng.choice(words, size=int(rng.integers(3, 12)))) for _ in range(60)]
        corpus = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(60)], "group": ["a", "b", "c"] * 20, "text": texts})
        dtm = cu.count_terms(cu.index_tokens(corpus))
        for groups in (["a", "b"], None):  # a pair, and each group against the rest
            together = cu.keyness.stability(dtm, statistic, groups=groups, top_n=3, n_resamples=10, loo_max_docs=10)
            monkeypatch.setattr(cu.keyness, "RESAMPLES_AT_ONCE", 1)
            alone = cu.keyness.stability(dtm, statistic, groups=groups, top_n=3, n_resamples=10, loo_max_docs=10)
            monkeypatch.undo()
            pd.testing.assert_frame_equal(together, alone, check_exact=True)
            assert together.attrs == alone.attrs and (together["n_resamples"] == 10).all()


class TestAResampleIsScoredAsItsOwnCorpus:
    """A resample's log-odds prior comes from every document it weighs, whether or not it is in the two groups."""

    @staticmethod
    def published_z(ya, yb, na, nb, corpus, alpha0):
        # Monroe, Colaresi & Quinn (2008), eq. 16 and 22, with the informative prior alpha_w = alpha0 * y_w / n
        alpha = alpha0 * corpus / corpus.sum()
        with np.errstate(divide="ignore", invalid="ignore"):  # a term no weighted document uses: NaN, as in the package
            delta = np.log((ya + alpha) / (na + alpha0 - ya - alpha)) - np.log((yb + alpha) / (nb + alpha0 - yb - alpha))
            return delta / np.sqrt(1 / (ya + alpha) + 1 / (yb + alpha))

    @pytest.mark.parametrize("weights", [[2, 0, 1, 1, 3, 1], [1, 1, 0, 2, 1, 0]])
    def test_log_odds_of_weighted_documents(self, weights):
        texts = ["trust trust police", "police jail", "trust community", "jail jail crime", "crime police", "court law"]
        corpus = pd.DataFrame({"doc_id": list("pqrstu"), "group": ["a", "a", "b", "b", "c", "c"], "text": texts})
        dtm = cu.count_terms(cu.index_tokens(corpus))
        stat = cu.keyness._Statistic(dtm, "log_odds", {"alpha0": 10.0})
        w = np.array(weights, dtype=np.float64)
        in_a, in_b = dtm.labels == "a", dtm.labels == "b"
        counts = dtm.counts.toarray().astype(np.float64)
        ya, yb, everyone = w * in_a @ counts, w * in_b @ counts, w @ counts  # group c is weighed in the prior only
        expected = self.published_z(ya, yb, ya.sum(), yb.sum(), everyone, 10.0)
        (score, docs_a, docs_b), = stat.resampled_many([w], in_a, in_b)
        np.testing.assert_allclose(score, expected, rtol=1e-12)
        assert docs_a.tolist() == ((w * in_a > 0) @ (counts > 0).astype(float)).tolist()
        assert docs_b.tolist() == ((w * in_b > 0) @ (counts > 0).astype(float)).tolist()
        # the same documents without group c: its counts leave the prior
        w[~(in_a | in_b)] = 0
        (score, _, _), = stat.resampled_many([w], in_a, in_b)
        np.testing.assert_allclose(score, self.published_z(ya, yb, ya.sum(), yb.sum(), ya + yb, 10.0), rtol=1e-12)
