"""Tests for corpus_utils.differences: the one comparison of per-document values between groups.

Every expected value is worked out by hand on a table of five documents (three in group a, two
in group b); the working is in the comments. With 3 + 2 documents there are C(5, 3) = 10 ways
to choose group a, few enough to enumerate, so every p-value is a count out of 10.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from corpus_utils import differences, engine, frame
from corpus_utils.differences import INTERVAL, mean_differences
from corpus_utils.support import CONSISTENT, ONE_DOCUMENT, UNSTABLE

LABELS = ["a", "a", "a", "b", "b"]

# Three items over five documents (a, a, a, b, b).
#
# x = 3, 2, 1 | 0, 0   diff = 2 - 0 = 2
# y = 1, 0, 0 | 0, 0   diff = 1/3 - 0 = 1/3
# z = 0, 1, 0 | 2, 2   diff = 1/3 - 2 = -5/3
#
# A relabeling picks three documents as "a"; its difference is sum_a / 3 - (total - sum_a) / 2.
# The ten relabelings, in the order of itertools.combinations, with each item's difference:
#
#   a-set      x       y       z
#   0 1 2      2      1/3    -5/3    (the observed one)
#   0 1 3     7/6     1/3     0
#   0 1 4     7/6     1/3     0
#   0 2 3     1/3     1/3    -5/6
#   0 2 4     1/3     1/3    -5/6
#   0 3 4    -1/2     1/3     5/6
#   1 2 3    -1/2    -1/2     0
#   1 2 4    -1/2    -1/2     0
#   1 3 4    -4/3    -1/2     5/3
#   2 3 4   -13/6    -1/2     5/6
#
# p_value (two-sided): the share of relabelings with |diff| at least the observed one.
#   x: |diff| >= 2 in rows 1 and 10           -> 2/10
#   y: |diff| >= 1/3 in every row             -> 10/10
#   z: |diff| >= 5/3 in rows 1 and 9          -> 2/10
# min_p (the floor, ties included): the share of relabelings that reach the largest |diff|.
#   x: 13/6 once -> 1/10;  y: 1/2 four times -> 4/10;  z: 5/3 twice -> 2/10
VALUES = pd.DataFrame({"x": [3.0, 2, 1, 0, 0], "y": [1.0, 0, 0, 0, 0], "z": [0.0, 1, 0, 2, 2]})


def table_of(**kwargs):
    return mean_differences(VALUES, LABELS, **kwargs).set_index("item")


class TestDifferenceAndPValues:
    def test_differences_and_means(self):
        table = table_of()
        assert table.loc["x", ["mean_a", "mean_b", "diff"]].tolist() == pytest.approx([2.0, 0.0, 2.0])
        assert table.loc["y", ["mean_a", "mean_b", "diff"]].tolist() == pytest.approx([1 / 3, 0.0, 1 / 3])
        assert table.loc["z", ["mean_a", "mean_b", "diff"]].tolist() == pytest.approx([1 / 3, 2.0, -5 / 3])
        assert table[["group_a", "group_b", "n_a", "n_b"]].drop_duplicates().values.tolist() == [["a", "b", 3, 2]]

    def test_p_values_and_floors_with_ties(self):
        table = table_of()
        assert table["p_value"].to_dict() == pytest.approx({"x": 0.2, "y": 1.0, "z": 0.2})
        assert table["min_p"].to_dict() == pytest.approx({"x": 0.1, "y": 0.4, "z": 0.2})
        assert table["n_relabelings"].tolist() == [10, 10, 10] and table["exact"].all()

    def test_p_adjusted_is_max_t_over_the_standardized_items(self):
        # Each |diff| is divided by its standard deviation over the ten relabelings,
        # sqrt(N^2 s2 / (n_a n_b (N - 1))) with s2 the values' population variance:
        #   x: s2 = 6.8 / 5 = 1.36 -> sd = sqrt(25 * 1.36 / 24) = 1.1902
        #   y: s2 = 0.8 / 5 = 0.16 -> sd = sqrt(25 * 0.16 / 24) = 0.4082
        #   z: s2 = 4 / 5 = 0.8    -> sd = sqrt(25 * 0.8 / 24)  = 0.9129
        # Standardized |diff| per relabeling (x, y, z) and its largest:
        #   1: 1.680 0.816 1.826 -> 1.826     6: 0.420 0.816 0.913 -> 0.913
        #   2: 0.980 0.816 0     -> 0.980     7: 0.420 1.225 0     -> 1.225
        #   3: 0.980 0.816 0     -> 0.980     8: 0.420 1.225 0     -> 1.225
        #   4: 0.280 0.816 0.913 -> 0.913     9: 1.120 1.225 1.826 -> 1.826
        #   5: 0.280 0.816 0.913 -> 0.913    10: 1.820 1.225 0.913 -> 1.820
        # x's observed 1.680 is reached by the largest of rows 1, 9 and 10: 3/10 (above its p of 2/10:
        # in row 9 z, not x, is extreme). z's 1.826 by rows 1 and 9: 2/10. y's 0.816 by every row: 1.
        table = table_of()
        assert table["p_adjusted"].to_dict() == pytest.approx({"x": 0.3, "y": 1.0, "z": 0.2})

    def test_the_working_above_is_the_enumeration(self):
        # the table in the module comment, recomputed from its definition
        values = VALUES.to_numpy().T
        rows = []
        for pick in itertools.combinations(range(5), 3):
            inside = np.isin(np.arange(5), pick)
            rows.append(values[:, inside].mean(axis=1) - values[:, ~inside].mean(axis=1))
        rows = np.array(rows)
        x = [2, 7 / 6, 7 / 6, 1 / 3, 1 / 3, -1 / 2, -1 / 2, -1 / 2, -4 / 3, -13 / 6]
        assert rows[:, 0].tolist() == pytest.approx(x)
        assert rows[:, 2].tolist() == pytest.approx([-5 / 3, 0, 0, -5 / 6, -5 / 6, 5 / 6, 0, 0, 5 / 3, 5 / 6])
        assert np.sqrt((rows**2).mean(axis=0)) == pytest.approx([1.19024, 0.40825, 0.91287], abs=1e-5)

    def test_sorted_by_p_value_then_size_of_difference(self):
        # x and z tie on p = 0.2; x's |diff| (2) is larger than z's (5/3); y (p = 1) last
        assert mean_differences(VALUES, LABELS)["item"].tolist() == ["x", "z", "y"]

    def test_nan_counts_as_zero(self):
        with_nan = VALUES.assign(x=[3.0, 2, 1, np.nan, np.nan])
        pd.testing.assert_frame_equal(mean_differences(with_nan, LABELS), mean_differences(VALUES, LABELS))


class TestCarriersAndSupport:
    # What documents supply (for frames: hits) and which carry the item, separate from the values.
    AMOUNTS = pd.DataFrame({"x": [1.0, 1, 2, 0, 0], "y": [5.0, 0, 0, 0, 0], "z": [0.0, 1, 0, 3, 1]})
    CARRIES = pd.DataFrame({"x": [True, True, True, False, False], "y": [True, False, False, False, False],
                            "z": [False, False, False, True, True]})

    def test_docs_come_from_carries(self):
        table = table_of(amounts=self.AMOUNTS, carries=self.CARRIES)
        assert table[["docs_a", "docs_b"]].loc[["x", "y", "z"]].values.tolist() == [[3, 0], [1, 0], [0, 2]]

    def test_by_default_a_document_carries_what_it_supplies(self):
        # amounts > 0: z is supplied by a's second document too
        table = table_of(amounts=self.AMOUNTS)
        assert table[["docs_a", "docs_b"]].loc[["x", "y", "z"]].values.tolist() == [[3, 0], [1, 0], [1, 2]]
        # and without amounts, by its values
        table = table_of()
        assert table[["docs_a", "docs_b"]].loc[["x", "y", "z"]].values.tolist() == [[3, 0], [1, 0], [1, 2]]

    def test_top_share_comes_from_the_amounts_of_the_leaning_side(self):
        # x leans to a (diff > 0): a supplies 1 + 1 + 2, the largest document 2 of 4 = 0.5
        # y leans to a: a supplies 5 + 0 + 0, all from one document = 1
        # z leans to b (diff < 0): b supplies 3 + 1, the largest 3 of 4 = 0.75 (a's 1 does not count)
        table = table_of(amounts=self.AMOUNTS, carries=self.CARRIES)
        assert table["top_share"].to_dict() == pytest.approx({"x": 0.5, "y": 1.0, "z": 0.75})
        # from the values themselves by default: x 3 of 6, y 1 of 1, z 2 of 4
        assert table_of()["top_share"].to_dict() == pytest.approx({"x": 0.5, "y": 1.0, "z": 0.5})

    def test_support_worked_by_hand(self):
        # x: three carriers in a, no document above max(0.5, 2/3); leaving one out keeps the sign (1.5 to 2.5);
        #    every resample of a = {3, 2, 1} has a mean in [1, 3], b's is always 0: consistent.
        # y: one carrier in a: carried by one document.
        # z: b's two carriers, the larger supplies 0.75, not above max(0.5, 2/2); leaving one out: -2 to -3/2;
        #    a's resample means lie in [0, 1], b's is always 2: the interval lies in [-2, -1]: consistent.
        table = table_of(amounts=self.AMOUNTS, carries=self.CARRIES)
        assert table["support"].to_dict() == {"x": CONSISTENT, "y": ONE_DOCUMENT, "z": CONSISTENT}
        assert table.loc["x", ["loo_min", "loo_max"]].tolist() == pytest.approx([1.5, 2.5])
        assert table.loc["z", ["loo_min", "loo_max"]].tolist() == pytest.approx([-2.0, -1.5])
        assert 1.0 <= table.loc["x", "diff_low"] <= table.loc["x", "diff_high"] <= 3.0
        assert -2.0 <= table.loc["z", "diff_low"] <= table.loc["z", "diff_high"] <= -1.0
        # y without a leaning document's only carrier: leaving its 1 out makes the difference 0
        assert table.loc["y", ["loo_min", "loo_max", "stable_sign"]].tolist() == [0.0, pytest.approx(0.5), False]

    def test_a_difference_of_zero_is_unstable(self):
        table = mean_differences(pd.DataFrame({"flat": [1.0, 1, 1, 1, 1]}), LABELS)
        row = table.iloc[0]
        assert (row["diff"], row["p_value"], row["support"]) == (0.0, 1.0, UNSTABLE)


class TestNamesAndSettings:
    def test_the_item_column_is_named_by_the_caller(self):
        table = mean_differences(VALUES, LABELS, item="theme")
        assert table.columns.tolist() == [
            "theme", "group_a", "group_b", "n_a", "n_b", "docs_a", "docs_b", "mean_a", "mean_b", "diff", "diff_low",
            "diff_high", "p_value", "min_p", "p_adjusted", "n_relabelings", "exact", "loo_min", "loo_max",
            "stable_sign", "top_share", "support"]
        assert "item" in mean_differences(VALUES, LABELS).columns

    def test_attrs_record_the_settings(self):
        table = mean_differences(VALUES, LABELS, n_resamples=50, max_exact=100, seed=4)
        assert table.attrs == {
            "max_exact": 100, "n_resamples": 50, "seed": 4,
            "interval": ("95% percentile bootstrap interval: 50 resamples of the documents, drawn with replacement "
                         "within each group (seed 4)"),
            "interval_level": 0.95, "interval_resamples": 50, "interval_seed": 4, "support_most": 0.5,
        }
        assert table.attrs["interval"] == INTERVAL.format(level=0.95, n=50, seed=4)

    def test_monte_carlo_when_the_relabelings_are_too_many(self):
        # max_exact 9 < 10 relabelings: 50 random ones, p = (1 + k) / 51 (Phipson & Smyth), never 0
        table = mean_differences(VALUES, LABELS, n_resamples=50, max_exact=9, seed=1)
        assert table["n_relabelings"].tolist() == [50, 50, 50] and not table["exact"].any()
        k = table["p_value"].to_numpy() * 51 - 1
        assert np.allclose(k, np.round(k)) and (table["p_value"] >= 1 / 51).all()
        again = mean_differences(VALUES, LABELS, n_resamples=50, max_exact=9, seed=1)
        pd.testing.assert_frame_equal(table, again)


class TestThreeGroups:
    def test_the_rest_is_resampled_within_its_groups(self):
        # a = 1, 1; b = 0, 0; c = 2, 2. Against the rest, each group's resamples keep their groups' sizes,
        # also inside the rest: the rest of a is always two draws from b (0, 0) and two from c (2, 2), mean 1.
        # Every resample gives the observed difference, so each interval is a point:
        #   a: 1 - 1 = 0;  b: 0 - 1.5 = -1.5;  c: 2 - 0.5 = 1.5
        # (drawing the rest's four documents from one pool would give a - rest anywhere from -1 to 1)
        values = pd.DataFrame({"v": [1.0, 1, 0, 0, 2, 2]})
        table = mean_differences(values, ["a", "a", "b", "b", "c", "c"]).set_index("group_a")
        assert table["group_b"].unique().tolist() == ["rest"]
        assert table["n_b"].to_dict() == {"a": 4, "b": 4, "c": 4}
        for group, diff in (("a", 0.0), ("b", -1.5), ("c", 1.5)):
            assert table.loc[group, ["diff", "diff_low", "diff_high"]].tolist() == pytest.approx([diff] * 3)

    def test_one_row_per_item_and_group(self):
        values = pd.DataFrame({"u": [1.0, 1, 0, 0, 2, 2], "v": [0.0, 1, 0, 0, 1, 0]})
        table = mean_differences(values, ["a", "a", "b", "b", "c", "c"])
        assert sorted(zip(table["item"], table["group_a"])) == [(i, g) for i in "uv" for g in "abc"]
        # each group against the other four documents: C(6, 2) = 15 relabelings
        assert table["n_relabelings"].unique().tolist() == [15]


def _two_frame_rates() -> tuple:
    """Five documents of two groups (p: three, q: two): their token index and the rates of two frames (crime, fear)."""
    from corpus_utils.count import index_tokens

    lexicon = {"frames": {"crime": {"definition": "Crime.", "words": ["crime"]},
                          "fear": {"definition": "Fear.", "words": ["fear"]}}}
    corpus = pd.DataFrame({"doc_id": ["d0", "d1", "d2", "d3", "d4"], "group": ["p", "p", "p", "q", "q"],
                           "text": ["Crime crime fear today.", "Crime rose.", "Fear of crime, fear.",
                                    "Fear fear fear.", "Nothing here at all."]})
    tokens = index_tokens(corpus)
    return tokens, frame.frame_rates(frame.match_frames(tokens, lexicon), tokens)


class TestSeparationIsMeanDifferences:
    def test_frame_separation_is_mean_differences_on_the_pivoted_rates(self):
        _, rates = _two_frame_rates()
        separated = frame.separation(rates)
        wide = rates.pivot(index="doc_id", columns="frame", values="per_1000")[["crime", "fear"]]
        hits = rates.pivot(index="doc_id", columns="frame", values="hits")[["crime", "fear"]]
        direct = differences.mean_differences(wide, ["p", "p", "p", "q", "q"], amounts=hits, item="frame")
        pd.testing.assert_frame_equal(separated, direct, check_names=False)
        # the rates by hand: d0 has 2 crime hits in 4 tokens (500 per 1,000), d2 1 in 4 (250)
        assert wide["crime"].tolist() == [500.0, 500.0, 250.0, 0.0, 0.0]
        assert separated.attrs["value"] == "per_1000" and separated.attrs["seed"] == 0


class TestOnAnEngine:
    """``engine=`` moves the relabelings' products (the groups' sums), never the table."""

    @pytest.mark.parametrize("max_exact", [5000, 0])
    def test_an_engine_gives_the_table_without_one(self, max_exact):
        # the five documents above: all 10 relabelings, or 30 drawn (max_exact=0)
        expected = mean_differences(VALUES, LABELS, max_exact=max_exact, n_resamples=30, seed=4)
        got = mean_differences(VALUES, LABELS, max_exact=max_exact, n_resamples=30, seed=4,
                               engine=engine.memory(partitions=3))
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.attrs == expected.attrs and "engine" not in got.attrs
        assert expected["exact"].all() == (max_exact > 0)

    def test_the_p_values_by_hand_come_through_the_engine(self):
        # the worked table at the top: x 2/10, y 10/10, z 2/10, every sum multiplied by the engine's pass
        seen = []

        class Watching(engine.Engine):
            def imap(self, func, items, *shared):
                seen.append(shared[0].shape)  # the values multiplied: documents x items
                return super().imap(func, items, *shared)

        table = mean_differences(VALUES, LABELS, engine=Watching()).set_index("item")
        assert table.loc[["x", "y", "z"], "p_value"].tolist() == pytest.approx([0.2, 1.0, 0.2])
        assert seen == [(5, 3)]

    def test_three_groups_and_larger_values_on_an_engine(self):
        # 60 documents of three groups, non-integer values: each group against the rest, 200 relabelings drawn
        rng = np.random.default_rng(11)
        values = pd.DataFrame(rng.gamma(0.5, 3.0, size=(60, 4)) * (rng.random((60, 4)) < 0.4), columns=list("pqrs"))
        labels = rng.choice(["a", "b", "c"], size=60)
        expected = mean_differences(values, labels)
        got = mean_differences(values, labels, engine=engine.memory(partitions=3))
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert not expected["exact"].any() and len(expected) == 12

    def test_frames_and_themes_pass_the_engine_on(self):
        from corpus_utils import themes

        tokens, rates = _two_frame_rates()
        calls = []

        class Watching(engine.Engine):
            def imap(self, func, items, *shared):
                calls.append(shared[0].shape)
                return super().imap(func, items, *shared)

        pd.testing.assert_frame_equal(frame.separation(rates, engine=Watching()), frame.separation(rates), check_exact=True)
        shares = themes.theme_shares(themes.fit_themes(tokens, 2, seed=0))
        pd.testing.assert_frame_equal(themes.compare_themes(shares, engine=Watching()), themes.compare_themes(shares),
                                      check_exact=True)
        assert calls == [(5, 2), (5, 2)]  # five documents by two frames, then by two themes
