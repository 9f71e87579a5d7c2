"""Tests for corpus_utils.resample: relabelings, floors, p-values, leave-one-out and bootstrap.

Every expected value is worked out by hand; the working is in the comments.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import corpus_utils as cu
from corpus_utils import resample


def mean_difference(rows: np.ndarray, values: np.ndarray, group: str = "a") -> np.ndarray:
    """|mean of the documents labelled ``group`` - mean of the others|, per relabeling."""
    in_a = rows == group
    return np.abs((in_a * values).sum(axis=1) / in_a.sum(axis=1) - (~in_a * values).sum(axis=1) / (~in_a).sum(axis=1))


def difference_test(labels, values, **kwargs):
    """Observed and relabeled |difference in means| through the engine, as a p-value table."""
    plan = resample.relabelings(np.array(labels), **kwargs)
    tally = resample.Tally(mean_difference(np.array([labels]), np.asarray(values, float)), exact=plan.exact)
    for rows in plan.batches():
        tally.add(mean_difference(rows, np.asarray(values, float))[:, None])
    return tally.result().iloc[0]


class TestCounts:
    @pytest.mark.parametrize(("sizes", "count"), [([3, 2], 10), ([2, 2], 6), ([2, 2, 1], 30), ([6, 6], 924), ([4], 1)])
    def test_multinomial_coefficient(self, sizes, count):
        # n! / (n_1! n_2! ...): 5! / (3! 2!) = 10, 4! / (2! 2!) = 6, 5! / (2! 2! 1!) = 30, C(12, 6) = 924
        assert resample.count_relabelings(sizes) == count

    @pytest.mark.parametrize(
        ("sizes", "symmetric", "floor"),
        [
            ([3, 2], True, 1 / 10),  # only the observed split is the observed split
            ([2, 2], True, 2 / 6),  # ... and its mirror image, when the groups have equal size
            ([2, 2], False, 1 / 6),
            ([2, 2, 1], True, 2 / 30),  # the two groups of two may swap names
            ([50, 50], True, 1 / 201),  # C(100, 50) is far above MAX_EXACT: Monte Carlo, 1 / (200 + 1)
        ],
    )
    def test_smallest_p(self, sizes, symmetric, floor):
        assert resample.smallest_p(sizes, symmetric=symmetric) == pytest.approx(floor)


class TestRelabelings:
    @pytest.mark.parametrize("labels", ["aaabb", "aabbc", "aaabbb", "abcabca", "ab"])
    def test_exact_enumerates_every_distinct_relabeling_once(self, labels):
        plan = resample.relabelings(list(labels))
        rows = ["".join(row) for batch in plan.batches(rows=4) for row in batch]
        distinct = {"".join(p) for p in itertools.permutations(labels)}
        assert plan.exact and plan.n_relabelings == len(distinct)
        assert len(rows) == len(set(rows)) == len(distinct) and set(rows) == distinct
        assert labels in rows  # the observed labelling is one of them

    def test_monte_carlo_above_max_exact_is_seeded(self):
        labels = np.array(["a"] * 6 + ["b"] * 6)
        plan = resample.relabelings(labels, max_exact=100, n_resamples=30, seed=5)
        assert not plan.exact and plan.n_relabelings == 30  # C(12, 6) = 924 > 100
        first = np.vstack(list(plan.batches(rows=7)))
        second = np.vstack(list(resample.relabelings(labels, max_exact=100, n_resamples=30, seed=5).batches(rows=7)))
        other = np.vstack(list(resample.relabelings(labels, max_exact=100, n_resamples=30, seed=6).batches(rows=7)))
        assert first.shape == (30, 12)
        assert ((first == "a").sum(axis=1) == 6).all()  # group sizes are kept
        assert np.array_equal(first, second) and not np.array_equal(first, other)

    def test_exact_tables_count_labels_per_class(self):
        # labels a a b against classes 1 1 2: the b goes to class 1 (two ways) or to class 2
        tables = np.vstack(list(resample.relabelings(["a", "a", "b"]).tables([1, 1, 2])))
        assert sorted(t.tolist() for t in tables) == [[[1, 1], [1, 0]], [[1, 1], [1, 0]], [[2, 0], [0, 1]]]

    def test_monte_carlo_tables_keep_both_margins_and_are_seeded(self):
        labels, classes = list("aaabbbbcc"), [1, 1, 2, 2, 2, 3, 3, 3, 3]
        plan = resample.relabelings(labels, max_exact=10, n_resamples=50, seed=2)
        tables = np.vstack(list(plan.tables(classes)))
        again = np.vstack(list(resample.relabelings(labels, max_exact=10, n_resamples=50, seed=2).tables(classes)))
        assert tables.shape == (50, 3, 3) and np.array_equal(tables, again)
        assert (tables.sum(axis=2) == [2, 3, 4]).all()  # class sizes
        assert (tables.sum(axis=1) == [3, 4, 2]).all()  # label sizes

    def test_max_exact_zero_always_draws(self):
        plan = resample.relabelings(["a", "b"], max_exact=0, n_resamples=3)
        assert not plan.exact and plan.n_relabelings == 3

    def test_bad_counts(self):
        with pytest.raises(cu.ParameterError, match=r"n_resamples must be at least 1 \(got 0\)"):
            resample.relabelings(["a", "b"], n_resamples=0)


class TestPValues:
    def test_max_t_on_a_hand_made_table(self):
        # four relabelings (the first is the observed one) of two tests
        #   statistics: [3, 1], [1, 2.5], [0.5, 0.2], [2, 3.5]; row maxima 3, 2.5, 0.5, 3.5
        # test 1: p = #(>= 3) / 4 = 1/4; adjusted = #(max >= 3) / 4 = 2/4; floor: its max 3 once, 1/4
        # test 2: p = #(>= 1) / 4 = 3/4; adjusted = #(max >= 1) / 4 = 3/4; floor: its max 3.5 once, 1/4
        null = [[3.0, 1.0], [1.0, 2.5], [0.5, 0.2], [2.0, 3.5]]
        table = resample.p_values([3.0, 1.0], null, exact=True)
        assert table["p_value"].tolist() == [0.25, 0.75]
        assert table["p_adjusted"].tolist() == [0.5, 0.75]
        assert table["min_p"].tolist() == [0.25, 0.25]
        assert table["n_relabelings"].tolist() == [4, 4] and table["exact"].all()

    def test_monte_carlo_adds_one_to_both_counts(self):
        # the same four rows as random draws (the observed labelling not among them):
        # p = (1 + 1) / 5, (1 + 3) / 5; adjusted = (1 + 2) / 5, (1 + 3) / 5
        # floor, test 1: the largest value seen is 3, reached by the observation and one draw (a tie),
        #   so an observation there gets (1 + 1) / 5; test 2: the largest is 3.5, reached by one draw
        #   only (no tie), so the floor stays 1 / 5
        null = [[3.0, 1.0], [1.0, 2.5], [0.5, 0.2], [2.0, 3.5]]
        table = resample.p_values([3.0, 1.0], null, exact=False)
        assert table["p_value"].tolist() == pytest.approx([2 / 5, 4 / 5])
        assert table["p_adjusted"].tolist() == pytest.approx([3 / 5, 4 / 5])
        assert table["min_p"].tolist() == pytest.approx([2 / 5, 1 / 5])

    def test_adjusted_never_below_the_p_value(self):
        # maxima over a family that does not hold the test: adjusted would be 1/3 < p = 2/3
        table = resample.p_values([2.0], [[2.0], [2.0], [0.0]], exact=True, maxima=[3.0, 1.0, 1.0])
        assert table.loc[0, "p_value"] == pytest.approx(2 / 3)
        assert table.loc[0, "p_adjusted"] == pytest.approx(2 / 3)

    def test_batches_give_the_same_answer_as_one_table(self):
        rng = np.random.default_rng(0)
        null = rng.integers(0, 5, size=(40, 3)).astype(float)  # many ties
        observed = null[0]
        whole = resample.p_values(observed, null, exact=True)
        tally = resample.Tally(observed, exact=True)
        for start in range(0, 40, 7):
            tally.add(null[start : start + 7])
        assert whole.equals(tally.result())
        assert whole["min_p"].tolist() == pytest.approx((null == null.max(axis=0)).mean(axis=0).tolist())

    def test_a_missing_statistic_has_no_p_value(self):
        table = resample.p_values([np.nan, 1.0], [[np.nan, 1.0], [1.0, 0.0]], exact=True)
        assert np.isnan(table.loc[0, "p_value"]) and table.loc[1, "p_value"] == pytest.approx(0.5)


class TestFloors:
    def test_three_against_two_documents_has_ten_relabelings(self):
        # a = 5, 4, 3 and b = 0, 1: diff = 4 - 0.5 = 3.5; of the C(5, 3) = 10 relabelings only the
        # observed one reaches |3.5| (next: {0, 1, 3} as a gives |4/3 - 9/2| = 3.17), so p = 0.1
        result = difference_test(list("aaabb"), [5, 4, 3, 0, 1])
        assert (result["n_relabelings"], result["exact"]) == (10, True)
        assert result["p_value"] == pytest.approx(0.1) and result["min_p"] == pytest.approx(0.1)

    def test_equal_groups_tie_with_the_mirror_image(self):
        # a = 9, 8 and b = 0, 1: C(4, 2) = 6; a = {0, 1} gives the same |diff| = 8: floor 2/6
        result = difference_test(list("aabb"), [9, 8, 0, 1])
        assert result["p_value"] == pytest.approx(2 / 6) and result["min_p"] == pytest.approx(2 / 6)

    def test_ties_raise_the_floor_of_an_agreement_test(self):
        # genre g g n p c against clusters 1 1 2 1 2: 5! / 2! = 60 relabelings, but the statistic
        # sum C(n_ij, 2) is 1 when the two g's share a cluster and 0 otherwise. The g pair sits on
        # 2 of 5 documents: C(5, 2) = 10 placements, 3 inside cluster 1 and 1 inside cluster 2,
        # so 4 of 10 (24 of 60) relabelings reach the maximum: min_p = 0.4, not 1/60
        plan = resample.relabelings(list("ggnpc"))
        tables = np.vstack(list(plan.tables([1, 1, 2, 1, 2])))
        pairs = (tables * (tables - 1) // 2).sum(axis=(1, 2)).astype(float)
        result = resample.p_values([1.0], pairs[:, None], exact=True).iloc[0]
        assert plan.n_relabelings == 60
        assert result["min_p"] == pytest.approx(0.4) and result["p_value"] == pytest.approx(0.4)

    def test_monte_carlo_floor(self):
        result = difference_test(["a"] * 8 + ["b"] * 8, np.arange(16.0), max_exact=100, n_resamples=99, seed=1)
        assert not result["exact"] and result["n_relabelings"] == 99
        assert result["min_p"] == pytest.approx(1 / 100)
        assert result["p_value"] == pytest.approx(1 / 100)  # no draw separates the groups as well


class TestMonteCarloFloorWithTies:
    # B = 10 draws of a statistic that takes two values only: 1 in three draws, 0 in seven
    DRAWS = [[1.0], [0.0], [1.0], [0.0], [0.0], [0.0], [1.0], [0.0], [0.0], [0.0]]

    def test_an_observation_at_the_top_tied_with_draws_is_at_the_floor(self):
        # observed 1: the largest value seen is 1, reached by 3 draws: p = (3 + 1) / 11 = floor
        result = resample.p_values([1.0], self.DRAWS, exact=False).iloc[0]
        assert result["p_value"] == pytest.approx(4 / 11) and result["min_p"] == pytest.approx(4 / 11)

    def test_an_observation_below_the_top_gets_the_floor_it_could_have_reached(self):
        # observed 0: p = (10 + 1) / 11 = 1; at the largest value seen (1, three draws) it would get 4 / 11
        result = resample.p_values([0.0], self.DRAWS, exact=False).iloc[0]
        assert result["p_value"] == pytest.approx(1.0) and result["min_p"] == pytest.approx(4 / 11)

    def test_a_top_reached_once_is_no_tie(self):
        # draws 0.5, 2, 1 and observed 1.5: the largest value seen, 2, is one draw's (a statistic
        # without ties); an observation above it would get 1 / 4, so that is the floor, as before
        result = resample.p_values([1.5], [[0.5], [2.0], [1.0]], exact=False).iloc[0]
        assert result["p_value"] == pytest.approx(2 / 4) and result["min_p"] == pytest.approx(1 / 4)

    def test_an_observation_above_every_draw_is_at_the_floor(self):
        result = resample.p_values([3.0], self.DRAWS, exact=False).iloc[0]
        assert result["p_value"] == pytest.approx(1 / 11) and result["min_p"] == pytest.approx(1 / 11)

    def test_draws_with_no_statistic_do_not_tie(self):
        # NaN statistics count as never extreme: the observation is the largest value seen, once
        result = resample.p_values([0.0], [[np.nan], [np.nan]], exact=False).iloc[0]
        assert result["p_value"] == pytest.approx(1 / 3) and result["min_p"] == pytest.approx(1 / 3)

    def test_batches_give_the_same_answer_as_one_table(self):
        rng = np.random.default_rng(3)
        null = rng.integers(0, 4, size=(50, 4)).astype(float)
        observed = np.array([3.0, 0.0, 9.0, np.nan])
        whole = resample.p_values(observed, null, exact=False)
        tally = resample.Tally(observed, exact=False)
        for start in range(0, 50, 6):
            tally.add(null[start : start + 6])
        assert whole.equals(tally.result())
        at_top = (null[:, :2] == 3).sum(axis=0)  # both columns take the value 3, the ceiling, several times
        assert whole["min_p"].tolist()[:3] == pytest.approx([*((at_top + 1) / 51), 1 / 51])

    def test_a_sampled_agreement_test_with_a_ceiling_cannot_reach_five_percent(self):
        # genre g g n p c against clusters 1 1 2 1 2 (see the exact test above: 4 in 10 relabelings put
        # the g pair in one cluster, the statistic's ceiling of 1). Drawn instead of enumerated, about
        # 0.4 of 200 draws reach that ceiling, so the floor is (k + 1) / 201 for the k that do, far above
        # 0.05: the test is untestable at 0.05 (min_p > alpha), not a test that found no evidence.
        plan = resample.relabelings(list("ggnpc"), max_exact=0, n_resamples=200, seed=4)
        tables = np.vstack(list(plan.tables([1, 1, 2, 1, 2])))
        pairs = (tables * (tables - 1) // 2).sum(axis=(1, 2)).astype(float)
        k = int((pairs == 1).sum())
        for observed in (0.0, 1.0):
            result = resample.p_values([observed], pairs[:, None], exact=False).iloc[0]
            assert result["min_p"] == pytest.approx((k + 1) / 201)
        assert 0.3 < (k + 1) / 201 < 0.5
        assert resample.smallest_p([2, 1, 1, 1], n_resamples=200, max_exact=0) == pytest.approx(1 / 201)


class TestLeaveOneOutAndBootstrap:
    def test_leave_one_out_leaves_each_member_out_once(self):
        assert [(i, kept.tolist()) for i, kept in resample.leave_one_out(4, [1, 3])] == [(1, [0, 2, 3]), (3, [0, 1, 2])]
        assert len(list(resample.leave_one_out(3))) == 3

    def test_bootstrap_draws_within_groups_and_is_seeded(self):
        labels = np.array(list("aaabb"))
        samples = list(resample.bootstrap(labels, n_resamples=200, seed=4))
        again = list(resample.bootstrap(labels, n_resamples=200, seed=4))
        assert all(np.array_equal(s, t) for s, t in zip(samples, again))
        assert all(sorted(labels[s].tolist()) == list("aaabb") for s in samples)  # group sizes kept
        assert any(len(np.unique(s)) < 5 for s in samples)  # documents repeat

    def test_bootstrap_needs_a_resample(self):
        with pytest.raises(cu.ParameterError, match=r"n_resamples must be at least 1 \(got 0\)"):
            next(resample.bootstrap(["a", "b"], n_resamples=0))
