"""Tests for corpus_utils.agreement, on toy partitions whose values are worked out by hand."""

from __future__ import annotations

import inspect
import itertools

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

import corpus_utils as cu
from corpus_utils import agreement


@pytest.fixture
def two_topics() -> pd.DataFrame:
    """Two documents about a border, two about a school; labels follow the topic."""
    return pd.DataFrame({"doc_id": ["a1", "b1", "a2", "b2"], "group": ["x", "y", "x", "y"],
                         "text": ["border wall border fence", "school teacher class school",
                                  "border fence wall wall", "teacher class class school"],
                         "genre": ["op-ed", "op-ed", "news", "news"]})


@pytest.mark.parametrize("function", [agreement.agreement_test, agreement.agreement])
def test_every_random_step_takes_seed(function):
    parameters = inspect.signature(function).parameters
    assert "seed" in parameters and parameters["seed"].default == 0


class TestPurityAndScores:
    @pytest.mark.parametrize(
        ("labels", "clusters", "ari", "purity"),
        [
            # contingency [[a2, b1], [b1]]: index 1 = expected 3*2/6, so ARI 0; purity (2 + 1) / 4
            (list("aabb"), [1, 1, 1, 2], 0.0, 0.75),
            # [[a2], [a1, b2]]: index 2, expected 4*4/10 = 1.6, max 4: ARI 0.4 / 2.4
            (list("aaabb"), [1, 1, 2, 2, 2], 1 / 6, 0.8),
            (list("aaabb"), [2, 2, 2, 1, 1], 1.0, 1.0),
        ],
    )
    def test_by_hand(self, labels, clusters, ari, purity):
        scores = agreement.agreement_scores(labels, clusters)
        assert scores["ari"] == pytest.approx(ari)
        assert scores["purity"] == pytest.approx(purity)
        assert agreement.purity(labels, clusters) == pytest.approx(purity)

    def test_singletons_are_pure_but_not_informative(self):
        scores = agreement.agreement_scores(list("aabb"), [1, 2, 3, 4])
        assert scores["purity"] == 1.0
        assert scores["ari"] == pytest.approx(0.0)
        assert scores["homogeneity"] == pytest.approx(1.0)
        assert scores["completeness"] == pytest.approx(0.5)  # H(label) = ln 2 of H(cluster) = ln 4


class TestPermutationTest:
    def test_perfect_match_of_a_3_2_split_has_p_one_in_ten(self):
        result = agreement.agreement_test(list("aaabb"), [1, 1, 1, 2, 2])
        assert result["n_relabelings"] == 10  # 5! / (3! 2!)
        assert result["exact"]
        assert result["p_value"] == pytest.approx(0.1)
        assert result["min_p"] == pytest.approx(0.1)

    def test_partial_match_of_a_3_2_split(self):
        # clusters {0,1} {2,3,4}; place the two b's: both in {0,1} (1 way, index 4),
        # one there (6 ways, index 1), none (3 ways, index 2, as observed): p = (1 + 3) / 10
        result = agreement.agreement_test(list("aaabb"), [1, 1, 2, 2, 2])
        assert result["ari"] == pytest.approx(1 / 6)
        assert result["n_as_extreme"] == 4
        assert result["p_value"] == pytest.approx(0.4)
        assert result["min_p"] == pytest.approx(0.1)  # the best index, 4, occurs once

    def test_perfect_match_of_a_2_2_1_split(self):
        # 5! / (2! 2! 1!) = 30 relabelings; ARI 1 when the two pairs fill the two pair
        # clusters, in either order: p = 2 / 30, also the floor
        result = agreement.agreement_test(list("aabbc"), [1, 1, 2, 2, 3])
        assert result["n_relabelings"] == 30
        assert result["n_as_extreme"] == 2
        assert result["p_value"] == pytest.approx(1 / 15)
        assert result["min_p"] == pytest.approx(1 / 15)

    def test_floor_counts_the_relabelings_that_tie_at_the_best_agreement(self):
        # genre g g n p c against clusters 1 1 2 1 2: 5! / 2! = 60 relabelings, but only the two
        # g's can share a cluster, so sum C(n_ij, 2) is 1 (g's together) or 0. Of the C(5, 2) = 10
        # placements of the g pair, 3 fall inside cluster 1 and 1 inside cluster 2: 4 in 10 reach
        # the best agreement, so no p-value can be below 0.4 (not 1/60)
        result = agreement.agreement_test(list("ggnpc"), [1, 1, 2, 1, 2])
        assert result["n_relabelings"] == 60 and result["exact"]
        assert result["min_p"] == pytest.approx(0.4)
        assert result["p_value"] == pytest.approx(0.4)  # the observed g's share cluster 1

    @pytest.mark.parametrize(
        ("labels", "clusters"),
        [("aabbc", [1, 2, 1, 3, 3]), ("aaabbb", [1, 1, 2, 2, 3, 3]), ("abcabca", [1, 1, 1, 2, 2, 2, 2])],
    )
    def test_agrees_with_brute_force_over_distinct_relabelings(self, labels, clusters):
        observed = adjusted_rand_score(list(labels), clusters)
        relabelings = set(itertools.permutations(labels))
        aris = np.array([adjusted_rand_score(list(p), clusters) for p in relabelings])
        result = agreement.agreement_test(list(labels), clusters)
        assert result["n_relabelings"] == len(relabelings)
        assert result["p_value"] == pytest.approx(np.mean(aris >= observed - 1e-12))
        assert result["min_p"] == pytest.approx(np.mean(aris >= aris.max() - 1e-12))

    def test_monte_carlo_when_too_many_relabelings(self):
        first = agreement.agreement_test(list("aaabb"), [1, 1, 1, 2, 2], max_exact=5, n_resamples=4999)
        second = agreement.agreement_test(list("aaabb"), [1, 1, 1, 2, 2], max_exact=5, n_resamples=4999, seed=0)
        assert first == second  # seeded
        assert not first["exact"] and first["n_relabelings"] == 4999
        assert first["p_value"] == pytest.approx((1 + first["n_as_extreme"]) / 5000)
        assert first["min_p"] == pytest.approx(first["p_value"])  # a perfect match, the ceiling: floor = p
        assert first["p_value"] == pytest.approx(0.1, abs=0.02)  # the exact value, within Monte Carlo error

    def test_errors(self):
        with pytest.raises(cu.ParameterError, match=r"one value per document \(got 3 and 2\)"):
            agreement.agreement_test(list("aab"), [1, 2])
        with pytest.raises(cu.ParameterError, match=r"at least 2 distinct labels \(got 1\)"):
            agreement.agreement_test(list("aaa"), [1, 2, 2])




class TestContingencyAndAgreement:
    @pytest.fixture
    def assignments(self) -> pd.DataFrame:
        return pd.DataFrame({"doc_id": ["a1", "b1", "a2", "b2"], "cluster": [1, 1, 1, 2]})

    def test_contingency_counts(self, two_topics, assignments):
        table = agreement.contingency(assignments, two_topics, "group")
        assert table.index.tolist() == ["x", "y"]
        assert table.to_dict("list") == {"cluster 1": [2, 1], "cluster 2": [0, 1], "documents": [2, 2]}

    def test_contingency_leaves_out_missing_values(self, two_topics, assignments):
        corpus = two_topics.assign(genre=["op-ed", "", "news", None])
        table = agreement.contingency(assignments, corpus, "genre")
        assert table["documents"].sum() == 2
        assert table.loc["news", "cluster 1"] == 1

    def test_unknown_column(self, two_topics, assignments):
        with pytest.raises(cu.ParameterError, match="'topic' is not a column of the corpus"):
            agreement.contingency(assignments, two_topics, "topic")

    def test_agreement_compares_and_skips_with_reasons(self, two_topics, assignments):
        corpus = two_topics.assign(source="same", title=["t1", "t2", "t3", "t4"])
        table = agreement.agreement(assignments, corpus, ["group", "genre", "source", "title", "missing"])
        assert table["status"].tolist() == [
            "compared",
            "compared",
            "one value only",
            "every document has its own value",
            "not a column of the corpus",
        ]
        label_row = table.iloc[0]
        assert label_row["ari"] == pytest.approx(0.0)  # the 2/2 case worked by hand above
        assert label_row["purity"] == pytest.approx(0.75)
        # clusters {a1,b1,a2} {b2}; 4! / (2! 2!) = 6 relabelings; the 3-document cluster always
        # holds two of one label and one of the other (index 1), so every relabeling ties: p = 1
        assert label_row["n_relabelings"] == 6 and label_row["exact"]
        assert label_row["p_value"] == pytest.approx(1.0)
        assert label_row["min_p"] == pytest.approx(1.0)  # every relabeling ties: not testable
        assert table.columns[:9].tolist() == ["column", "status", "n_docs", "n_values", "ari", "p_value", "min_p",
                                              "n_relabelings", "exact"]
        assert np.isnan(table.loc[2, "ari"])


