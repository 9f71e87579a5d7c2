"""Tests for corpus_utils.design: floors of exact tests, feature values, main features, power.

Every expected value is worked out by hand or from a published formula; the working is in the
comments.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import design
from corpus_utils.groups import REST

Z = 1.959963984540054  # the 97.5 % quantile of the standard normal


def values_table(features: dict[str, dict[str, list[float]]], kind: str = "frame") -> pd.DataFrame:
    """A feature_values-shaped table: ``{feature: {label: [one value per document]}}``.

    Document ``i`` of a label is the same document for every feature (``<label>-<i>``).
    """
    rows = [(kind, feature, f"{label}-{i}", label, float(v))
            for feature, sides in features.items() for label, vals in sides.items() for i, v in enumerate(vals)]
    return pd.DataFrame(rows, columns=["kind", "feature", "doc_id", "group", "value"])


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


@pytest.fixture
def tiny_dtm():
    corpus = pd.DataFrame({"doc_id": ["d1", "d2", "d3", "d4"], "group": ["a", "a", "b", "b"],
                           "text": ["trust trust police", "trust fear crime city", "crime crime", "the and of"]})
    # counted words (stop words out): d1 3 (trust 2), d2 4 (trust 1, crime 1), d3 2 (crime 2), d4 none
    return cu.count_terms(cu.index_tokens(corpus), min_df=1)


@pytest.fixture
def tiny_rates():
    rates = pd.DataFrame({
        "doc_id": ["d1", "d1", "d2", "d2", "d3", "d3", "d4", "d4"],
        "group": ["a", "a", "a", "a", "b", "b", "b", "b"],
        "frame": ["crime", "trust"] * 4,
        "hits": [1, 0, 0, 2, 3, 0, 0, 0],
        "per_1000": [10.0, 0.0, 0.0, 20.0, 30.0, 0.0, 0.0, 0.0],
        "share": [1.0, 0.0, 0.0, 1.0, 1.0, 0.0, np.nan, np.nan],
    })
    rates.attrs["frames"] = ["crime", "trust"]
    return rates


class TestFeatureValues:
    def test_terms_per_1000_counted_words_then_frames(self, tiny_dtm, tiny_rates):
        table = design.feature_values(tiny_dtm, ["trust", "crime"], tiny_rates, ["trust"])
        assert list(table.columns) == ["kind", "feature", "doc_id", "group", "value"]
        assert table["kind"].tolist() == ["term"] * 8 + ["frame"] * 4
        assert table["feature"].tolist() == ["trust"] * 4 + ["crime"] * 4 + ["trust"] * 4
        assert table["doc_id"].tolist() == ["d1", "d2", "d3", "d4"] * 3
        assert table["group"].tolist() == ["a", "a", "b", "b"] * 3
        # trust: 1000 * 2/3, 1000 * 1/4, 0, and 0 for d4 (no counted word); crime: 0, 1000/4, 1000 * 2/2, 0
        expected = [2000 / 3, 250.0, 0.0, 0.0, 0.0, 250.0, 1000.0, 0.0, 0.0, 20.0, 0.0, 0.0]
        assert table["value"].tolist() == pytest.approx(expected)

    def test_frame_value_column_with_missing_shares_as_zero(self, tiny_rates):
        table = design.feature_values(rates=tiny_rates, frames=["crime"], value="share")
        assert table["value"].tolist() == [1.0, 0.0, 1.0, 0.0]  # d4's NaN share counts 0
        assert table.attrs["frame_value"] == "share"

    def test_nothing_asked_is_an_empty_table_with_the_columns(self):
        table = design.feature_values()
        assert table.empty and list(table.columns) == ["kind", "feature", "doc_id", "group", "value"]

    def test_unknown_term_or_frame_is_named(self, tiny_dtm, tiny_rates):
        with pytest.raises(cu.ParameterError, match="term 'justice' is not in the document-term matrix"):
            design.feature_values(tiny_dtm, ["trust", "justice"])
        with pytest.raises(cu.ParameterError, match="frame 'cost' is not in the frame-rates table"):
            design.feature_values(rates=tiny_rates, frames=["cost"])
        with pytest.raises(cu.ParameterError, match="value 'rate' is not a column of rates"):
            design.feature_values(rates=tiny_rates, frames=["crime"], value="rate")
        with pytest.raises(cu.ParameterError, match="need a document-term matrix"):
            design.feature_values(terms=["trust"])


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


class TestPower:
    @pytest.mark.parametrize(("high", "low"), [("a", "b"), ("b", "a")])  # two-sided: either direction
    def test_perfect_separation_is_always_detected_above_the_floor(self, high, low):
        # every simulated study has 10s on one side and 0s on the other: only the observed split and
        # its mirror image reach |diff| = 10, so p = 2/252 at n = 5 (exact) and (0 + 1)/201 for
        # Monte Carlo draws
        values = values_table({"x": {high: [10, 10, 10], low: [0, 0, 0]}})
        table = design.power(values)
        assert table["n_per_group"].tolist() == [5, 10, 20, 50]
        assert table["power"].tolist() == [1.0, 1.0, 1.0, 1.0]
        assert table["exact"].tolist() == [True, False, False, False]  # C(20, 10) = 184,756 > 5,000
        assert table["min_p"].tolist() == pytest.approx([2 / 252, 1 / 201, 1 / 201, 1 / 201])
        assert table["status"].tolist() == ["simulated"] * 4
        assert table["n_simulations"].tolist() == [200] * 4
        # Wilson at 200 of 200: low = N / (N + z^2) = 200 / 203.8415 = 0.98115, high = 1
        assert table["power_low"].tolist() == pytest.approx([200 / (200 + Z * Z)] * 4)
        assert table["power_high"].tolist() == pytest.approx([1.0] * 4)
        row = table.iloc[0]
        mean_a = 10.0 if high == "a" else 0.0
        assert (row["mean_a"], row["mean_b"], row["diff"]) == (mean_a, 10.0 - mean_a, 2 * mean_a - 10.0)
        assert (row["sd_a"], row["sd_b"], row["docs_a"], row["docs_b"]) == (0.0, 0.0, 3, 3)
        assert (row["group_a"], row["group_b"]) == ("a", "b")

    @pytest.mark.parametrize(("n", "expected"), [(2, 0.0), (3, 0.0), (4, 1.0)])
    def test_no_power_while_the_floor_is_above_alpha(self, n, expected):
        # even a huge difference: at n = 2 every p is at least 2/6, at n = 3 at least 2/20 = 0.1;
        # at n = 4 a perfect split gives 2/70 = 0.029
        values = values_table({"x": {"a": [1000, 1000], "b": [0, 0]}})
        row = design.power(values, sizes=[n], n_simulations=50).iloc[0]
        assert row["power"] == expected and bool(row["exact"])
        assert row["min_p"] == pytest.approx(2 / math.comb(2 * n, n))

    def test_no_difference_is_detected_about_alpha_of_the_time(self):
        # Both sides draw from the same six values, so the 2n documents of a simulated study are
        # exchangeable and the permutation test rejects with probability at most alpha = 0.05. Over
        # 200 studies the share has a standard deviation of sqrt(0.05 * 0.95 / 200) = 0.015:
        # 0.15 is more than six of them above 0.05. A test whose null distribution did not come
        # from relabeling each study's own documents would reject far more often.
        values = values_table({"x": {"a": [1, 2, 3, 4, 5, 6], "b": [1, 2, 3, 4, 5, 6]}})
        table = design.power(values)
        assert (table["power"] <= 0.15).all(), table["power"].tolist()
        assert (table["power_low"] <= 0.05).all()  # the interval covers alpha

    def test_a_side_of_one_document_is_not_simulated(self):
        values = values_table({"x": {"a": [5.0], "b": [1.0, 2.0, 3.0]}})
        table = design.power(values, sizes=[5, 10])
        assert table["status"].tolist() == ["one document"] * 2
        assert table[["power", "power_low", "power_high", "sd_a"]].isna().all().all()
        assert table["n_simulations"].tolist() == [0, 0]
        row = table.iloc[0]
        # b: mean 2, sd sqrt(((1-2)^2 + 0 + (3-2)^2) / 2) = 1
        assert (row["docs_a"], row["docs_b"], row["mean_a"], row["mean_b"], row["diff"], row["sd_b"]) == (
            1, 3, 5.0, 2.0, 3.0, 1.0)
        assert table["min_p"].tolist() == pytest.approx([2 / 252, 1 / 201])  # the floor is still said

    def test_three_groups_give_one_vs_rest_rows(self):
        values = values_table({"x": {"p": [1, 3], "q": [5, 7], "r": [9, 11]}})
        table = design.power(values, sizes=[5], n_simulations=20)
        assert list(zip(table["group_a"], table["group_b"])) == [("p", REST), ("q", REST), ("r", REST)]
        first = table.iloc[0]
        # p against q and r: means 2 and (5 + 7 + 9 + 11) / 4 = 8; sd sqrt(2) and sqrt(20 / 3)
        assert (first["docs_a"], first["docs_b"]) == (2, 4)
        assert (first["mean_a"], first["mean_b"], first["diff"]) == (2.0, 8.0, -6.0)
        assert (first["sd_a"], first["sd_b"]) == pytest.approx((math.sqrt(2), math.sqrt(20 / 3)))
        pair = design.power(values, groups=("p", "r"), sizes=[5], n_simulations=20)
        assert list(zip(pair["group_a"], pair["group_b"])) == [("p", "r")]

    def test_each_comparison_simulates_only_the_features_found_in_it(self):
        values = pd.concat([values_table({"x": {"p": [1, 3], "q": [5, 7], "r": [9, 11]}}),
                            values_table({"w": {"p": [0, 1], "q": [2, 2], "r": [4, 5]}}, kind="term")])
        features = pd.DataFrame({"kind": ["frame", "term"], "feature": ["x", "w"], "group_a": ["p", "r"],
                                 "group_b": [REST, REST], "group": ["p", "r"]})
        table = design.power(values, sizes=[5], n_simulations=20, features=features)
        assert table[["group_a", "kind", "feature"]].values.tolist() == [["p", "frame", "x"], ["r", "term", "w"]]
        # r against p and q for w: means 4.5 and (0 + 1 + 2 + 2) / 4 = 1.25
        assert table.iloc[1][["mean_a", "mean_b"]].tolist() == [4.5, 1.25]
        none = design.power(values, sizes=[5], n_simulations=20, features=features.iloc[:0])
        assert none.empty and list(none.columns) == design.POWER_COLUMNS

    def test_one_document_group_among_three_stops_only_its_comparison(self):
        values = values_table({"x": {"p": [1], "q": [5, 7], "r": [9, 11]}})
        table = design.power(values, sizes=[5], n_simulations=20)
        assert table["status"].tolist() == ["one document", "simulated", "simulated"]

    def test_rows_in_comparison_then_feature_then_size_order(self):
        values = values_table({"b-feature": {"a": [1, 2], "b": [3, 4]}, "a-feature": {"a": [5, 6], "b": [0, 1]}})
        table = design.power(values, sizes=[20, 5], n_simulations=10)
        assert table["feature"].tolist() == ["b-feature", "b-feature", "a-feature", "a-feature"]  # input order
        assert table["n_per_group"].tolist() == [5, 20, 5, 20]
        assert list(table.columns) == design.POWER_COLUMNS
        assert table.attrs["sizes"] == [5, 20] and table.attrs["n_simulations"] == 10
        assert {"alpha", "n_resamples", "max_exact", "seed", "test"} <= set(table.attrs)

    @pytest.fixture
    def overlapping(self):
        # sides that overlap: power is neither 0 nor 1, so the random draws show in it
        return values_table({"x": {"a": [1, 4, 6, 9], "b": [0, 2, 5, 7]}, "y": {"a": [3, 3, 8, 2], "b": [1, 6, 0, 2]}})

    def test_same_seed_same_table_other_seed_other_draws(self, overlapping):
        first = design.power(overlapping, seed=3)
        pd.testing.assert_frame_equal(first, design.power(overlapping, seed=3))
        other = design.power(overlapping, seed=4)
        assert not np.array_equal(first["power"].to_numpy(), other["power"].to_numpy())
        pd.testing.assert_frame_equal(first.drop(columns=["power", "power_low", "power_high"]),
                                      other.drop(columns=["power", "power_low", "power_high"]))

    def test_a_size_does_not_depend_on_the_other_sizes_asked(self, overlapping):
        alone = design.power(overlapping, sizes=[10])
        together = design.power(overlapping, sizes=[5, 10, 20])
        pd.testing.assert_frame_equal(alone.reset_index(drop=True),
                                      together[together["n_per_group"] == 10].reset_index(drop=True),
                                      check_like=False)

    def test_every_feature_is_measured_on_the_same_drawn_documents(self, overlapping):
        # y is a copy of x: drawn on the same documents, every study gives both the same p-value
        values = overlapping[overlapping["feature"] == "x"]
        both = pd.concat([values, values.assign(feature="copy")], ignore_index=True)
        table = design.power(both, sizes=[5, 10])
        x, copy = table[table["feature"] == "x"], table[table["feature"] == "copy"]
        assert 0.0 < x["power"].iloc[0] < 1.0
        assert x["power"].tolist() == copy["power"].tolist()

    def test_large_corpus_matches_the_t_test_power_and_grows_with_n(self):
        # 400 documents. "shift": each side standardized to sd 1, means 1 and 0 (Cohen's d = 1);
        # "same": no difference. For normal data the permutation test has about the power of the
        # two-sample t test: P(|T| > t_0.975) for T noncentral t with 2n - 2 degrees of freedom and
        # noncentrality d sqrt(n / 2) (Cohen 1988, Table 2.3.5: 0.87 at n = 20). The simulation
        # error of 200 studies is at most 0.035 (sd at a share of 0.5), hence the 0.1 tolerance.
        from scipy import stats

        rng = np.random.default_rng(7)

        def standard(x):
            return (x - x.mean()) / x.std(ddof=1)

        values = values_table({
            "shift": {"a": standard(rng.normal(size=200)) + 1.0, "b": standard(rng.normal(size=200))},
            "same": {"a": standard(rng.normal(size=200)), "b": standard(rng.normal(size=200))},
        })
        table = design.power(values)
        shift = table[table["feature"] == "shift"]
        assert shift["docs_a"].tolist() == [200] * 4
        for n, simulated in zip(shift["n_per_group"], shift["power"]):
            df, critical = 2 * n - 2, stats.t.ppf(0.975, 2 * n - 2)
            t_power = stats.nct.sf(critical, df, math.sqrt(n / 2)) + stats.nct.cdf(-critical, df, math.sqrt(n / 2))
            assert simulated == pytest.approx(t_power, abs=0.1), (n, simulated, t_power)
        powers = shift["power"].to_numpy()
        assert (np.diff(powers) >= -0.05).all() and powers[-1] - powers[0] > 0.5  # grows with n
        assert (table.loc[table["feature"] == "same", "power"] <= 0.15).all()

    def test_empty_values_give_an_empty_table(self):
        table = design.power(design.feature_values())
        assert table.empty and list(table.columns) == design.POWER_COLUMNS
        assert table.attrs["sizes"] == [5, 10, 20, 50]

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"sizes": [1, 5]}, "sizes must be whole numbers of at least 2"),
            ({"sizes": [5.5]}, "sizes must be whole numbers"),
            ({"n_simulations": 0}, "n_simulations must be at least 1"),
            ({"alpha": 0.0}, "alpha must be a number between 0 and 1"),
            ({"alpha": 1.0}, "alpha must be a number between 0 and 1"),
            ({"n_resamples": 0}, "n_resamples must be at least 1"),
            ({"seed": -1}, "seed must be 0 or more"),
        ],
    )
    def test_bad_settings(self, kwargs, message):
        values = values_table({"x": {"a": [1, 2], "b": [3, 4]}})
        with pytest.raises(cu.ParameterError, match=message):
            design.power(values, **kwargs)

    def test_bad_tables_and_groups(self):
        values = values_table({"x": {"a": [1, 2], "b": [3, 4]}})
        with pytest.raises(cu.ParameterError, match=r"the values table lacks the column\(s\) value"):
            design.power(values.drop(columns="value"))
        with pytest.raises(cu.LabelError):
            design.power(values, groups=("a", "c"))


class TestWilson:
    @pytest.mark.parametrize(
        ("k", "n", "low", "high"),
        # Newcombe (1998), Statistics in Medicine 17, Table I, method 3 (score interval without
        # continuity correction)
        [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
    )
    def test_published_intervals(self, k, n, low, high):
        got_low, got_high = design._wilson(k, n)
        assert (round(float(got_low), 4), round(float(got_high), 4)) == (low, high)
