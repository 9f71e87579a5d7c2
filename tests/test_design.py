"""Tests for corpus_utils.design: floors of exact tests, main features, the pilot's model, power.

Every expected value is worked out by hand or from a published formula; the working is in the
comments.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import corpus_utils as cu
from corpus_utils import design
from corpus_utils.groups import REST

Z = 1.959963984540054  # the 97.5 % quantile of the standard normal


class TestFloors:
    @pytest.mark.parametrize(
        ("n", "relabelings", "floor", "reaches"),
        [
            (2, 6, 2 / 6, False),  # C(4, 2) = 6; the split and its mirror image: 2/6
            (3, 20, 2 / 20, False),  # C(6, 3) = 20: 0.1 > 0.05
            (4, 70, 2 / 70, True),  # C(8, 4) = 70: 0.0286 <= 0.05
            (5, 252, 2 / 252, True),
            (10, 184_756, 2 / 184_756, True),  # exact even above resample.MAX_EXACT
        ],
    )
    def test_two_sided_floor_is_two_over_the_relabelings(self, n, relabelings, floor, reaches):
        row = design.floors([n]).iloc[0]
        assert row["n_per_group"] == n and row["n_relabelings"] == relabelings
        assert row["min_p"] == pytest.approx(floor) and bool(row["reaches"]) is reaches

    def test_one_sided_floor_is_one_over_the_relabelings(self):
        table = design.floors([3, 4], symmetric=False)
        assert table["min_p"].tolist() == pytest.approx([1 / 20, 1 / 70])
        assert table["reaches"].tolist() == [True, True]  # 1/20 = 0.05 reaches 0.05
        assert table.attrs == {"alpha": 0.05, "symmetric": False}

    def test_default_sizes_two_to_ten_in_order(self):
        table = design.floors()
        assert table["n_per_group"].tolist() == list(range(2, 11))
        assert table["n_relabelings"].tolist() == [math.comb(2 * n, n) for n in range(2, 11)]
        assert table["reaches"].tolist() == [False, False] + [True] * 7
        assert list(table.columns) == ["n_per_group", "n_relabelings", "min_p", "reaches"]

    def test_alpha_moves_the_line(self):
        # 2/252 = 0.0079 <= 0.01 but 2/70 = 0.029 is not
        assert design.floors([4, 5], alpha=0.01)["reaches"].tolist() == [False, True]

    @pytest.mark.parametrize("kwargs", [{"sizes": [0]}, {"sizes": [3, -1]}, {"sizes": [2.5]}, {"sizes": []},
                                        {"alpha": 0.0}, {"alpha": 1.0}, {"alpha": -0.1}])
    def test_bad_settings(self, kwargs):
        with pytest.raises(cu.ParameterError):
            design.floors(**kwargs)


class TestSmallestSample:
    @pytest.mark.parametrize(
        ("alpha", "symmetric", "n"),
        [
            (0.05, True, 4),  # 2/20 = 0.1 too high, 2/70 = 0.029 reaches
            (0.05, False, 3),  # 1/20 = 0.05 reaches
            (0.01, True, 5),  # 2/70 = 0.029 too high, 2/252 = 0.0079 reaches
            (0.01, False, 5),  # 1/70 = 0.014 too high, 1/252 = 0.004 reaches
            (0.001, True, 7),  # 2/924 = 0.0022 too high, 2/3432 = 0.00058 reaches
            (0.6, False, 1),  # one document per group: 1/C(2, 1) = 0.5
        ],
    )
    def test_smallest_n_whose_floor_reaches_alpha(self, alpha, symmetric, n):
        assert design.smallest_sample(alpha, symmetric=symmetric) == n

    @pytest.mark.parametrize("alpha", [0.0, 1.0, 2.0, -0.05])
    def test_alpha_outside_zero_one(self, alpha):
        with pytest.raises(cu.ParameterError, match="alpha must be a number between 0 and 1"):
            design.smallest_sample(alpha)

    def test_no_size_up_to_max_n(self):
        with pytest.raises(cu.ParameterError, match="max_n=3"):
            design.smallest_sample(0.05, max_n=3)


def evidence_rows(*rows) -> pd.DataFrame:
    """A synthesis.evidence table from rows (method, group_a, group_b, item, leans_to, effect, one_document), in
    evidence order; the other columns are empty."""
    table = pd.DataFrame(rows, columns=["method", "group_a", "group_b", "item", "leans_to", "effect", "one_document"])
    return table.reindex(columns=cu.synthesis.COLUMNS)


class TestMainFeatures:
    EVIDENCE = evidence_rows(
        ("vocabulary", "anti", "pro", "local", "anti", 2.6, False),
        ("vocabulary", "anti", "pro", "ice", "pro", -2.3, True),  # rests on one document: no spread to resample
        ("vocabulary", "anti", "pro", "agencies", "anti", 2.1, False),
        ("vocabulary", "anti", "pro", "trust", "anti", 1.8, False),  # third for anti: beyond n_terms = 2
        ("vocabulary", "anti", "pro", "policies", "pro", -2.2, False),
        ("framing", "anti", "pro", "capacity", "anti", 10.7, False),  # strongest evidence first, not the widest
        ("framing", "anti", "pro", "cost", None, 0.0, False),  # leans nowhere
        ("framing", "anti", "pro", "community", "anti", 22.0, False),
        ("framing", "anti", "pro", "crime", "pro", -4.5, False),  # third frame: beyond n_frames = 2
        ("clustering", None, None, "clusters and labels", None, 0.17, False),
    )

    def test_the_strongest_of_each_side_in_evidence_order_without_one_document_findings(self):
        table = design.main_features(self.EVIDENCE)
        assert table.values.tolist() == [
            ["term", "local", "anti", "pro", "anti"], ["term", "agencies", "anti", "pro", "anti"],
            ["term", "policies", "anti", "pro", "pro"],
            ["frame", "capacity", "anti", "pro", "anti"], ["frame", "community", "anti", "pro", "anti"],
        ]
        assert list(table.columns) == ["kind", "feature", "group_a", "group_b", "group"]

    def test_one_vs_rest_keeps_each_comparison_apart(self):
        evidence = evidence_rows(
            ("vocabulary", "x", REST, "rent", "x", 3.0, False), ("vocabulary", "y", REST, "supply", "y", 2.0, False),
            ("framing", "x", REST, "crime", REST, -3.0, False), ("framing", "y", REST, "crime", "y", 5.0, False),
        )
        table = design.main_features(evidence, n_frames=1)
        assert table.values.tolist() == [
            ["term", "rent", "x", REST, "x"], ["term", "supply", "y", REST, "y"],
            ["frame", "crime", "x", REST, REST], ["frame", "crime", "y", REST, "y"],
        ]

    @pytest.mark.parametrize("evidence", [None, evidence_rows()])
    def test_nothing_to_choose_from(self, evidence):
        table = design.main_features(evidence)
        assert table.empty and list(table.columns) == ["kind", "feature", "group_a", "group_b", "group"]

    def test_counts_and_columns_are_checked(self):
        with pytest.raises(cu.ParameterError):
            design.main_features(self.EVIDENCE, n_terms=-1)
        with pytest.raises(cu.ParameterError, match=r"the evidence table lacks the column\(s\) one_document"):
            design.main_features(self.EVIDENCE.drop(columns="one_document"))


def study(counts_a, counts_b, terms=("crime", "law", "trust")) -> cu.count.DocumentTermMatrix:
    """A document-term matrix of side a's documents, then side b's (one row of counts per document)."""
    counts = np.array(list(counts_a) + list(counts_b), dtype=np.int64)
    n_a = len(counts_a)
    return cu.count.DocumentTermMatrix(
        sp.csr_matrix(counts), np.array(sorted(terms)), np.array([f"d{i}" for i in range(len(counts))]),
        np.array(["a"] * n_a + ["b"] * (len(counts) - n_a)), {})


class TestPilotModel:
    def test_dispersion_by_the_method_of_moments(self):
        # side a: two documents of 10 words, (0, 10) and (10, 0): pooled rates 0.5, expected 5 each;
        # squared residuals 4 x 25 = 100; c_i = 1 - 2 * 0.5 + 0.5 = 0.5, so sum c e = 2 columns x 2 x 0.5 x 5 = 10;
        # denominator sum c L^2 x sum r^2 = (2 x 0.5 x 100) x 0.5 = 50: k = (100 - 10) / 50 = 1.8.
        # side b has one document, which says nothing about the spread.
        counts = np.array([[0, 10], [10, 0], [5, 5]])
        model = design.pilot_model(counts, counts.sum(axis=1), np.array([1, 1, 0], bool), np.array([0, 0, 1], bool))
        assert model.dispersion == pytest.approx(1.8)

    def test_documents_that_vary_as_counts_do_have_no_extra_spread(self):
        counts = np.array([[2, 1], [2, 1], [2, 1], [0, 1], [0, 1], [0, 1]])
        side = np.arange(6) < 3
        model = design.pilot_model(counts, counts.sum(axis=1), side, ~side)
        assert model.dispersion == 0.0
        # d = log((6 + 1/2) / 9) - log((0 + 1/2) / 3) and log((3 + 1/2) / 9) - log((3 + 1/2) / 3)
        assert model.observed.tolist() == pytest.approx([math.log(6.5 / 9) - math.log(0.5 / 3), math.log(3 / 9)])
        # v = 1 / (y_a + 1/2) + 1 / (y_b + 1/2) when k = 0
        assert model.variance.tolist() == pytest.approx([1 / 6.5 + 1 / 0.5, 2 / 3.5])

    def test_the_largest_of_many_null_differences_is_shrunk_towards_the_rest(self):
        # 400 words with the same rate on both sides: the largest observed difference is noise (winner's curse)
        rng = np.random.default_rng(1)
        rates = rng.gamma(0.8, 1.0, 400)
        counts = rng.poisson(np.tile(rates * 0.2, (10, 1)) * 10)
        side = np.arange(10) < 5
        model = design.pilot_model(counts, counts.sum(axis=1), side, ~side)
        used = np.flatnonzero(counts.sum(axis=0) >= design.MIN_COUNT_FOR_SPREAD)
        top = used[np.argmax(np.abs(model.observed[used] - model.centre))]
        assert abs(model.shrunk([top])[0] - model.centre) < 0.5 * abs(model.observed[top] - model.centre)

    def test_a_large_well_measured_difference_is_kept(self):
        # 300 words alike on both sides, and one used 200 times on side a and 20 on side b
        rng = np.random.default_rng(2)
        counts = rng.poisson(np.full((10, 300), 2.0))
        counts[:5, 0] = 40
        counts[5:, 0] = 4
        side = np.arange(10) < 5
        model = design.pilot_model(counts, counts.sum(axis=1), side, ~side)
        assert model.observed[0] == pytest.approx(math.log(200.5 / counts[:5].sum()) - math.log(20.5 / counts[5:].sum()))
        assert model.shrunk([0])[0] == pytest.approx(model.observed[0], abs=0.1)

    def test_draws_are_seeded_and_centred_on_the_posterior(self):
        counts = np.array([[8, 1, 3], [6, 2, 3], [1, 7, 3], [0, 9, 4]])
        side = np.arange(4) < 2
        model = design.pilot_model(counts, counts.sum(axis=1), side, ~side)
        first = model.draw(np.array([0, 1]), 4000, np.random.default_rng(3))
        again = model.draw(np.array([0, 1]), 4000, np.random.default_rng(3))
        assert np.array_equal(first, again)
        # the mean of many draws is the posterior mean (averaged over the prior's resamples, close to it)
        assert first.mean(axis=0) == pytest.approx(model.shrunk([0, 1]), abs=0.3)


class TestRules:
    """The simulated rules are the chapters' rules: same statistic, same adjusted p on the same study."""

    COUNTS_A = [[5, 1, 2], [4, 2, 1], [6, 0, 3]]
    COUNTS_B = [[0, 3, 2], [1, 4, 2], [0, 2, 3]]

    def test_the_word_rule_is_the_permutation_test_of_the_vocabulary_chapter(self):
        dtm = study(self.COUNTS_A, self.COUNTS_B)
        test = cu.keyness.permutation_test(dtm, list(dtm.terms), "log_odds", alpha0=500.0)  # C(6, 3) = 20: exact
        rule = design.WordRule(alpha0=500.0, min_docs=None)
        y = dtm.counts.toarray().astype(float)
        totals = y.sum(axis=1)
        z, listed = rule.statistic(y[None], totals[None], 3)
        assert z[0].tolist() == pytest.approx(test["score"].tolist())
        plan = cu.resample.relabelings(np.arange(6) < 3, max_exact=5000)
        maxima = rule.maxima(y, totals, [b.astype(float) for b in plan.batches()], 3)
        adjusted = [(maxima >= abs(v) * (1 - 1e-9)).mean() for v in z[0]]
        assert adjusted == pytest.approx(test["p_adjusted"].tolist())
        assert listed[0].tolist() == [True, True, True]  # each used by at least 2 documents of its side

    def test_the_frame_rule_is_the_separation_test_of_the_framing_chapter(self):
        hits = np.array(self.COUNTS_A + self.COUNTS_B, dtype=float)
        tokens = np.array([100, 80, 120, 90, 110, 100], dtype=float)
        rates = pd.DataFrame([
            {"doc_id": f"d{i}", "group": "a" if i < 3 else "b", "frame": frame, "hits": hits[i, j],
             "n_tokens": tokens[i], "per_1000": 1000 * hits[i, j] / tokens[i]}
            for i in range(6) for j, frame in enumerate(["crime", "law", "trust"])])
        table = cu.frame.separation(rates, ("a", "b")).set_index("frame").loc[["crime", "law", "trust"]]
        rule = design.FrameRule()
        stat, _ = rule.statistic(hits[None], tokens[None], 3)
        plan = cu.resample.relabelings(np.arange(6) < 3, max_exact=5000)
        maxima = rule.maxima(hits, tokens, [b.astype(float) for b in plan.batches()], 3)
        adjusted = [(maxima >= abs(v) * (1 - 1e-9)).mean() for v in stat[0]]
        assert adjusted == pytest.approx(table["p_adjusted"].tolist())
        assert np.sign(stat[0]).tolist() == np.sign(table["diff"]).tolist()


def features_of(*rows) -> pd.DataFrame:
    """A main_features table from (kind, feature, group_a, group_b, group)."""
    return pd.DataFrame(rows, columns=["kind", "feature", "group_a", "group_b", "group"])


def separated_corpus(n_docs: int = 4, seed: int = 0) -> cu.count.DocumentTermMatrix:
    """``n_docs`` documents a side of 60 words: *crime* 12 times in each of side a's and never in side b's,
    the 40 other words alike on both sides."""
    rng = np.random.default_rng(seed)
    other = rng.multinomial(48, np.full(40, 1 / 40), size=2 * n_docs)
    crime = np.r_[np.full(n_docs, 12), np.zeros(n_docs, dtype=int)]
    counts = np.column_stack([crime, other])
    counts[n_docs:, 1] += 12  # side b's documents fill their length with a common word
    terms = ["aaa-crime"] + [f"w{j:02d}" for j in range(40)]
    return study(counts[:n_docs], counts[n_docs:], terms)


class TestPower:
    def test_a_clear_difference_is_detected_once_the_floor_allows_it(self):
        dtm = separated_corpus()
        features = features_of(("term", "aaa-crime", "a", "b", "a"))
        table = design.power(dtm, features=features, sizes=(2, 5, 10), n_simulations=200, n_draws=20)
        # 2 per group: the floor 2 / C(4, 2) = 1/3 is above 0.05, nothing can be detected
        assert table["min_p"].round(4).tolist() == [round(1 / 3, 4), round(2 / 252, 4), round(1 / 201, 4)]
        assert table["power"].tolist()[0] == 0.0 and table["power_high"].tolist()[0] == 0.0
        assert table["power"].tolist()[2] >= 0.7  # four documents a side leave some doubt about the size
        assert table["power"].tolist()[1] <= table["power"].tolist()[2]
        assert table["status"].unique().tolist() == ["simulated"]
        assert table["observed"].iloc[0] == pytest.approx(math.log(48.5 / 240) - math.log(0.5 / 240))

    def test_no_true_difference_is_rarely_detected(self):
        # 6 documents a side drawn alike: whatever the pilot chose, a study should detect it seldom
        rng = np.random.default_rng(5)
        counts = rng.poisson(np.full((12, 60), 1.5))
        dtm = study(counts[:6], counts[6:], [f"w{j:02d}" for j in range(60)])
        observed = np.log((counts[:6].sum(0) + 0.5) / counts[:6].sum()) - np.log((counts[6:].sum(0) + 0.5) / counts[6:].sum())
        chosen = dtm.terms[np.argmax(observed)]  # the pilot's winner
        table = design.power(dtm, features=features_of(("term", chosen, "a", "b", "a")), sizes=(10, 20),
                             n_simulations=400, n_draws=40)
        assert table["power"].max() <= 0.15

    def test_a_side_of_one_document_borrows_the_spread_of_the_other(self):
        dtm = separated_corpus()
        keep = np.r_[0, 4, 5, 6, 7]  # one document of a, four of b
        small = cu.count.DocumentTermMatrix(dtm.counts[keep], dtm.terms, dtm.doc_ids[keep], dtm.labels[keep], {})
        table = design.power(small, features=features_of(("term", "aaa-crime", "a", "b", "a")), sizes=(5,),
                             n_simulations=80, n_draws=20)
        assert table["status"].tolist() == ["simulated"] and table[["docs_a", "docs_b"]].values.tolist() == [[1, 4]]

    def test_one_document_each_cannot_be_simulated(self):
        dtm = separated_corpus(n_docs=1)
        table = design.power(dtm, features=features_of(("term", "aaa-crime", "a", "b", "a")), sizes=(5, 6, 10))
        assert table["status"].tolist() == ["one document"] * 3
        assert table["power"].isna().all() and table["n_simulations"].tolist() == [0, 0, 0]
        # C(10, 5) = 252 and C(12, 6) = 924 relabelings are enumerated (at most 5,000); C(20, 10) = 184,756 are not
        assert table["exact"].tolist() == [True, True, False]

    def test_three_groups_give_one_vs_rest_rows_for_their_own_features(self):
        dtm = separated_corpus(n_docs=4)
        labels = np.array(["a"] * 4 + ["b"] * 2 + ["c"] * 2)
        three = cu.count.DocumentTermMatrix(dtm.counts, dtm.terms, dtm.doc_ids, labels, {})
        features = features_of(("term", "aaa-crime", "a", REST, "a"), ("term", "w00", "b", REST, REST))
        table = design.power(three, features=features, sizes=(5,), n_simulations=40, n_draws=10)
        assert table[["group_a", "group_b", "feature", "group"]].values.tolist() == [
            ["a", REST, "aaa-crime", "a"], ["b", REST, "w00", REST]]

    def test_same_seed_same_table_and_sizes_apart(self):
        dtm = separated_corpus()
        features = features_of(("term", "aaa-crime", "a", "b", "a"), ("term", "w03", "a", "b", "b"))
        first = design.power(dtm, features=features, sizes=(5, 10), n_simulations=80, n_draws=20, seed=3)
        again = design.power(dtm, features=features, sizes=(5, 10), n_simulations=80, n_draws=20, seed=3)
        alone = design.power(dtm, features=features, sizes=(10,), n_simulations=80, n_draws=20, seed=3)
        pd.testing.assert_frame_equal(first, again)
        pd.testing.assert_frame_equal(first[first["n_per_group"] == 10].reset_index(drop=True), alone)
        assert first["feature"].tolist() == ["aaa-crime", "aaa-crime", "w03", "w03"]  # feature, then size

    def test_frames_are_simulated_from_the_frame_rates(self):
        hits = np.array([[6, 1], [5, 0], [7, 1], [0, 1], [1, 0], [0, 1]], dtype=float)
        rates = pd.DataFrame([
            {"doc_id": f"d{i}", "group": "a" if i < 3 else "b", "frame": frame, "hits": hits[i, j],
             "n_tokens": 200.0, "per_1000": 5 * hits[i, j]}
            for i in range(6) for j, frame in enumerate(["crime", "trust"])])
        table = design.power(rates=rates, features=features_of(("frame", "crime", "a", "b", "a")), sizes=(10,),
                             n_simulations=200, n_draws=20)
        assert table["kind"].tolist() == ["frame"] and table["power"].iloc[0] > 0.5
        assert table["observed"].iloc[0] == pytest.approx(math.log(18.5 / 600) - math.log(1.5 / 600))

    def test_nothing_to_simulate_is_an_empty_table_with_the_columns(self):
        for features in (None, features_of()):
            table = design.power(separated_corpus(), features=features)
            assert table.empty and list(table.columns) == design.POWER_COLUMNS
            assert table.attrs["n_draws"] == 40

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"sizes": [1, 5]}, "sizes must be whole numbers of at least 2"),
            ({"n_simulations": 0}, "n_simulations must be at least 1"),
            ({"n_draws": 0}, "n_draws must be at least 1"),
            ({"alpha": 1.0}, "alpha must be a number between 0 and 1"),
            ({"seed": -1}, "seed must be 0 or more"),
        ],
    )
    def test_bad_settings(self, kwargs, message):
        with pytest.raises(cu.ParameterError, match=message):
            design.power(separated_corpus(), features=features_of(("term", "w00", "a", "b", "a")), **kwargs)

    def test_bad_tables_and_groups(self):
        features = features_of(("term", "justice", "a", "b", "a"))
        with pytest.raises(cu.ParameterError, match="term 'justice' is not in the pilot's table"):
            design.power(separated_corpus(), features=features)
        with pytest.raises(cu.ParameterError, match="frame features need the pilot's frame-rates table"):
            design.power(separated_corpus(), features=features_of(("frame", "crime", "a", "b", "a")))
        with pytest.raises(cu.LabelError):
            design.power(separated_corpus(), features=features, groups=("a", "c"))
